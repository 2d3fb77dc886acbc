// Where the shipped files live (scenarios/, quizzes/, assets/).
//
// Looked up in order: $SOCSIM_DATA_DIR, <executable>/../share/socsim, then the source tree the
// program was built from, so that a fresh clone runs from its build folder without installing.
#pragma once

#include <filesystem>

namespace socsim {

std::filesystem::path data_dir();
// The default database: $XDG_DATA_HOME/socsim/socsim.db, or ~/.local/share/socsim/socsim.db.
std::filesystem::path default_database_path();

}  // namespace socsim
