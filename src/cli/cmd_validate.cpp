// `socsim validate FILE...`: every problem as file:line:col, exit 2 if any file has one.
#include <cstdio>

#include "cli/commands.h"
#include "core/scenario/loader.h"

namespace socsim::cli {

int validate(const std::vector<std::string>& files, const CommonOptions&) {
    const Catalog& tr = Catalog::shared();
    int bad = 0;
    for (const auto& file : files) {
        const bool part = scenario::is_included_part(file);
        const auto loaded = part ? scenario::load_included_part(file) : scenario::load_file(file);
        if (!loaded.ok()) {
            ++bad;
            for (const auto& d : loaded.errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
            continue;
        }
        const auto& s = *loaded.value;
        if (part) {
            say(tr.format("cli.validate_part_ok", {{"file", file}, {"hosts", std::to_string(s.network.hosts.size())},
                                                   {"users", std::to_string(s.network.users.size())}}));
            continue;
        }
        say(tr.format("cli.validate_ok", {{"file", file},
                                          {"id", s.id},
                                          {"hosts", std::to_string(s.network.hosts.size())},
                                          {"steps", std::to_string(s.attack.size())},
                                          {"duration", format_duration(s.duration)}}));
    }
    return bad ? 2 : 0;
}

}  // namespace socsim::cli
