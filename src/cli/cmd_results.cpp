// `socsim results export` and `socsim results check`: a trainee's finished attempts leave their
// machine as one signed file (exam/results_file.h), and the trainer reads many back. A file that
// was changed, signed with another key or is not a results file is refused by name with the
// reason, and its results are left out of the table: exit 2 then, so a script notices.
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "core/exam/results_file.h"
#include "core/store/database.h"

namespace socsim::cli {

namespace {

std::string percent(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", v);
    return buffer;
}

}  // namespace

int results_export(const std::string& out, const std::string& key_file, const CommonOptions& common) {
    const Catalog& tr = Catalog::shared();
    const auto key = load_instructor_key(key_file);
    if (!key) return 2;
    const std::unique_ptr<store::Database> db = open_database(common);
    if (!db) return 2;
    const std::string trainee = common.resolved_trainee();
    const exam::Results results = exam::collect_results(*db, trainee, calendar_now());
    const std::string text = exam::results_file_text(results, *key);
    const std::string part = out + ".part";
    {
        std::ofstream file(part, std::ios::binary | std::ios::trunc);
        file << text;
        if (!file.flush()) {
            std::fprintf(stderr, "%s\n", Diagnostic{out, 0, 0, "cannot be written"}.to_string().c_str());
            return 2;
        }
    }
    std::error_code ec;
    std::filesystem::rename(part, out, ec);
    if (ec) {
        std::fprintf(stderr, "%s\n", Diagnostic{out, 0, 0, "cannot be written: " + ec.message()}.to_string().c_str());
        return 2;
    }
    say(tr.format("cli.results_written", {{"count", std::to_string(results.attempts.size())},
                                          {"trainee", trainee},
                                          {"file", out},
                                          {"key", key->id()}}));
    return 0;
}

int results_check(const std::vector<std::string>& files, const std::string& key_file, const CommonOptions&) {
    const Catalog& tr = Catalog::shared();
    const auto key = load_instructor_key(key_file);
    if (!key) return 2;
    int refused = 0;
    for (const std::string& file : files) {
        std::error_code ec;
        std::string text;
        if (!std::filesystem::is_regular_file(file, ec) || std::filesystem::file_size(file, ec) > 64u * 1024 * 1024) {
            std::fprintf(stderr, "%s\n", Diagnostic{file, 0, 0, "not a results file (missing, not a regular file, or over 64 MiB)"}.to_string().c_str());
            ++refused;
            continue;
        }
        {
            std::ifstream in(file, std::ios::binary);
            std::ostringstream content;
            content << in.rdbuf();
            text = content.str();
        }
        const auto read = exam::read_results(text, file, *key);
        if (!read.ok()) {
            for (const Diagnostic& d : read.errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
            ++refused;
            continue;
        }
        const exam::Results& r = *read.value;
        say(tr.format("cli.results_good", {{"file", file}, {"trainee", r.trainee}, {"count", std::to_string(r.attempts.size())},
                                           {"date", r.exported_at}}));
        for (const exam::ResultAttempt& a : r.attempts)
            say("  " + a.finished_at.substr(0, 10) + "  " + a.activity + "  " + a.mode + "  " + percent(a.score) + "%  " +
                tr.tr(a.passed ? "cli.results_passed" : "cli.results_failed"));
    }
    if (refused)
        std::fprintf(stderr, "%s\n", tr.format("cli.results_refused", {{"count", std::to_string(refused)},
                                                                       {"total", std::to_string(files.size())}})
                                         .c_str());
    return refused ? 2 : 0;
}

}  // namespace socsim::cli
