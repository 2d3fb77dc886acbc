// The titles statements give activities, from the shipped scenarios and quiz banks.
#pragma once

#include <filesystem>

#include "core/xapi/statements.h"

namespace socsim::xapi {

// Reads DATA/scenarios/*.yaml and DATA/quizzes/*.yaml the first time a title is asked for (only
// when there are statements to make); an id with no file gets no title, and its id names it.
TitleLookup shipped_titles(const std::filesystem::path& data_dir);

}  // namespace socsim::xapi
