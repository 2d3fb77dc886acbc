// `socsim report`: an attempt as a printable HTML debrief or a Markdown incident report, or the
// attempts as CSV. The attempt is replayed from the database on the scenario it was played on
// (found in the shipped folder by its id and content hash), read-only: nothing is written back.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "core/attempt/attempt.h"
#include "core/common/data_dir.h"
#include "core/report/attempt_record.h"
#include "core/scenario/loader.h"
#include "core/store/database.h"

namespace socsim::cli {
namespace {

namespace fs = std::filesystem;

// The scenario file an attempt was played on: same id, same bytes.
std::shared_ptr<const scenario::Scenario> scenario_of(const store::AttemptSummary& a) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(data_dir() / "scenarios", ec)) {
        if (entry.path().extension() != ".yaml") continue;
        auto loaded = scenario::load_file(entry.path());
        if (loaded.ok() && loaded.value->id == a.scenario_id && loaded.value->content_hash == a.scenario_hash)
            return std::make_shared<const scenario::Scenario>(std::move(*loaded.value));
    }
    return nullptr;
}

bool write_out(const std::string& text, const std::string& out) {
    if (out.empty() || out == "-") {
        std::fwrite(text.data(), 1, text.size(), stdout);
        return true;
    }
    std::ofstream f(out, std::ios::binary);
    f << text;
    f.close();
    if (!f) {
        std::fprintf(stderr, "%s\n", Catalog::shared().format("cli.report_cannot_write", {{"file", out}}).c_str());
        return false;
    }
    say(Catalog::shared().format("cli.report_written", {{"file", out}}));
    return true;
}

}  // namespace

int report(const ReportOptions& options, const CommonOptions& common) {
    const Catalog& tr = Catalog::shared();
    const Lang lang = common.resolved_lang();
    try {
        store::Database db(common.resolved_db());
        if (options.format == "csv") {
            auto attempts = db.list_attempts();
            if (options.attempt) {
                const auto one = db.attempt(*options.attempt);
                if (!one) {
                    std::fprintf(stderr, "%s\n", tr.format("cli.report_no_attempt", {{"id", std::to_string(*options.attempt)}}).c_str());
                    return 2;
                }
                attempts = {*one};
            }
            return write_out(report::attempts_csv(attempts), options.out) ? 0 : 2;
        }
        if (!options.attempt) {
            std::fprintf(stderr, "%s\n", tr.format("cli.report_need_attempt", {{"format", options.format}}).c_str());
            return 2;
        }
        const auto summary = db.attempt(*options.attempt);
        if (!summary) {
            std::fprintf(stderr, "%s\n", tr.format("cli.report_no_attempt", {{"id", std::to_string(*options.attempt)}}).c_str());
            return 2;
        }
        const auto scenario = scenario_of(*summary);
        if (!scenario) {
            std::fprintf(stderr, "%s\n", tr.format("cli.report_no_scenario", {{"scenario", summary->scenario_id}}).c_str());
            return 2;
        }
        const auto attempt = Attempt::reopen(scenario, db, summary->id);
        const auto record = report::gather(*attempt, *summary, db);
        const std::string text = options.format == "html" ? report::debrief_html(record, tr, lang) : report::incident_markdown(record, tr, lang);
        return write_out(text, options.out) ? 0 : 2;
    } catch (const store::StoreError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    }
}

}  // namespace socsim::cli
