// Finds the shipped files and the default database (see data_dir.h for the order).
#include "core/common/data_dir.h"

#include <cstdlib>
#include <system_error>

#ifndef SOCSIM_SOURCE_DIR
#define SOCSIM_SOURCE_DIR "."
#endif

namespace socsim {
namespace fs = std::filesystem;

fs::path data_dir() {
    if (const char* env = std::getenv("SOCSIM_DATA_DIR"); env && *env) return env;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = exe.parent_path().parent_path() / "share" / "socsim";
        if (fs::exists(installed / "scenarios", ec)) return installed;
    }
    return SOCSIM_SOURCE_DIR;
}

fs::path default_database_path() {
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg) return fs::path(xdg) / "socsim" / "socsim.db";
    if (const char* home = std::getenv("HOME"); home && *home)
        return fs::path(home) / ".local" / "share" / "socsim" / "socsim.db";
    return fs::path("socsim.db");
}

}  // namespace socsim
