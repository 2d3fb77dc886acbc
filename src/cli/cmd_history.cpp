// `socsim history`: the attempts kept in the trainee database, newest first.
#include <cstdio>

#include "cli/commands.h"
#include "core/store/database.h"

namespace socsim::cli {

int history(const CommonOptions& common) {
    const Catalog& tr = Catalog::shared();
    // Through open_database: a damaged file is set aside and reported, as by every subcommand.
    const auto db = open_database(common);
    if (!db) return 2;
    try {
        const auto attempts = db->list_attempts();
        if (attempts.empty()) {
            say(tr.tr("cli.history_empty"));
            return 0;
        }
        say(tr.tr("cli.history_header"));
        for (const auto& a : attempts) {
            char line[256];
            std::snprintf(line, sizeof line, "%5lld  %-20s  %-16s  %-14s  %-6s  %6.1f  %s", static_cast<long long>(a.id),
                          a.started_at.c_str(), a.trainee.c_str(), a.scenario_id.c_str(), a.mode.c_str(), a.score,
                          a.status == store::AttemptStatus::Finished
                              ? tr.tr(a.passed ? "cli.passed" : "cli.failed").c_str()
                              : tr.tr("cli.in_progress").c_str());
            say(line);
        }
        return 0;
    } catch (const store::StoreError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    }
}

}  // namespace socsim::cli
