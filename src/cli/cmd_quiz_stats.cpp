// `socsim quiz stats BANK`: item statistics for instructors — per question the facility index,
// the discrimination index and how often each choice was picked, over the finished attempts that
// asked it.
#include <cmath>
#include <cstdio>

#include "cli/commands.h"
#include "core/attempt/bank_statistics.h"
#include "core/store/database.h"

namespace socsim::cli {
namespace {

std::string percent(const std::optional<double>& v) {
    if (!v || std::isnan(*v)) return "-";
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.0f", *v);
    return buf;
}

}  // namespace

int quiz_stats(const std::string& file, const CommonOptions& common) {
    const Catalog& tr = Catalog::shared();
    auto loaded = quiz::load_bank_file(file);
    if (!loaded.ok()) {
        for (const auto& d : loaded.errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
        return 2;
    }
    const quiz::Bank& bank = *loaded.value;
    // Through open_database: a damaged file is set aside and reported, as by every subcommand.
    const auto opened = open_database(common);
    if (!opened) return 2;
    try {
        store::Database& db = *opened;
        const BankStatistics stats = bank_statistics(db, bank);
        say(tr.format("stats.header", {{"bank", bank.title.get(tr.lang())}, {"attempts", std::to_string(stats.attempts)}}));
        if (stats.attempts == 0) return 0;
        say(tr.tr("stats.columns"));
        for (std::size_t i = 0; i < stats.items.size(); ++i) {
            const auto& s = stats.items[i];
            std::string shares;
            for (std::size_t k = 0; k < s.choice_percent.size(); ++k) {
                char buf[24];
                std::snprintf(buf, sizeof buf, "%s%c:%.0f%%", shares.empty() ? "" : " ", static_cast<char>('a' + k),
                              s.choice_percent[k]);
                shares += buf;
            }
            char line[512];
            std::snprintf(line, sizeof line, "%-36s %5d %8d %8s %8s  %s", s.question_id.c_str(), s.attempts, s.answered,
                          percent(s.facility_index).c_str(), percent(s.discrimination_index).c_str(), shares.c_str());
            say(line);
        }
        say(tr.tr("stats.legend"));
        say(tr.tr("stats.asked_help"));
        return 0;
    } catch (const store::StoreError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    }
}

}  // namespace socsim::cli
