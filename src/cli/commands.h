// The subcommands, one file each (cmd_*.cpp). Exit codes: 0 done, 2 bad input, 1 other failure.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/cli.h"
#include "core/common/time.h"
#include "core/exam/instructor_key.h"
#include "core/i18n/catalog.h"

namespace socsim::store {
class Database;
}

namespace socsim::cli {

// Shared by every subcommand: where the trainee database is and which language to print in.
struct CommonOptions {
    std::string db;          // empty: the default path
    std::string lang;        // empty: from $LANG
    std::string trainee;     // empty: from $USER
    Lang resolved_lang() const;
    std::filesystem::path resolved_db() const;
    std::string resolved_trainee() const;
};

int validate(const std::vector<std::string>& files, const CommonOptions& common);

struct DemoOptions {
    std::string scenario;            // empty: scenarios/dns-beaconing.yaml
    std::uint64_t seed = 1;
    std::string out = "socsim-demo";
    bool screenshots = true;
    bool timings = false;            // print where the wall time went (for bench/run)
};
int demo(const DemoOptions& options, const CommonOptions& common, const GuiHooks& gui, int argc, char** argv);

int history(const CommonOptions& common);

struct ReportOptions {
    std::optional<std::int64_t> attempt;  // none: every attempt (csv only)
    std::string format = "html";          // html (debrief), md (incident report), csv (attempts)
    std::string out;                      // empty or "-": standard output
};
int report(const ReportOptions& options, const CommonOptions& common);

struct QuizRunOptions {
    std::string file;
    std::string mode = "practice";  // practice | exam | review (the questions due for this trainee)
    std::uint64_t seed = 1;
    std::size_t count = 0;          // 0 = all questions; refused for an exam (the bank sets it)
    std::string time_limit;         // "20m"; refused for an exam (the bank sets it)
};
int quiz_run(const QuizRunOptions& options, const CommonOptions& common);
int quiz_stats(const std::string& file, const CommonOptions& common);
// `socsim quiz check FILE...`: validate YAML and GIFT banks; exit 2 with file:line:col on errors
int quiz_check(const std::vector<std::string>& files, const CommonOptions& common);

// `socsim export SCENARIO --format F --out DIR`: the run's logs as files for other tools.
struct ExportCliOptions {
    std::string scenario;
    std::uint64_t seed = 1;
    std::string format = "zeek";   // zeek | zeek-json | ecs | syslog
    std::string out;
    std::string duration;          // empty: the scenario's own
    bool truth = true;             // --no-truth leaves the ground truth out
};
int export_logs(const ExportCliOptions& options, const CommonOptions& common);

// `socsim query SCENARIO [--seed N] [--at DURATION|--to-end] [--json] QUERY`
struct QueryOptions {
    std::string scenario;
    std::uint64_t seed = 1;
    std::string at;        // a duration from the start; empty: the end
    bool to_end = false;
    bool json = false;
    std::string query;
};
int query(const QueryOptions& options, const CommonOptions& common);

// `socsim rules check FILE...` and `socsim rules run SCENARIO RULES... [--seed N] [--json]`
int rules_check(const std::vector<std::string>& files, const CommonOptions& common);
struct RulesRunOptions {
    std::string scenario;
    std::vector<std::string> rules;  // files and folders; empty: the scenario's own `rules:`
    std::uint64_t seed = 1;
    bool json = false;
};
int rules_run(const RulesRunOptions& options, const CommonOptions& common);

// `socsim drill` (hidden): a scripted trainee for the crash-safety test (cmd_drill.cpp).
struct DrillOptions {
    std::string scenario;        // empty: scenarios/dns-beaconing.yaml
    std::uint64_t seed = 1;
    int actions = 40;            // the script's length: steps 1..K-2 act or answer, K-1 ends, K grades
    int pace_ms = 0;             // a pause before each step, so a kill can land between steps
    bool verbose = false;        // print the state as text rather than its digest
};
int drill(const DrillOptions& options, const CommonOptions& common);

// Exam security (src/core/exam, docs/exam-security.md). `key` is a key file; empty: the default
// place (exam::default_key_path()).
// `socsim key new --out FILE`: a new instructor key, readable by its owner only (cmd_key.cpp).
int key_new(const std::string& out, const CommonOptions& common);
// The instructor key from `file` (empty: the default place); on failure prints why and where a
// key comes from, and returns none (the caller exits 2). The key itself is never printed.
std::optional<exam::InstructorKey> load_instructor_key(const std::string& file);
// `socsim quiz seal BANK --out FILE.exam [--key K]`: the bank checked, then sealed (cmd_quiz_seal.cpp).
int quiz_seal(const std::string& bank, const std::string& out, const std::string& key, const CommonOptions& common);
// `socsim results export --out FILE [--key K]`: the trainee's finished attempts, signed;
// `socsim results check FILE... [--key K]`: the trainer reads them back, refusing any file that
// was changed (cmd_results.cpp).
int results_export(const std::string& out, const std::string& key, const CommonOptions& common);
int results_check(const std::vector<std::string>& files, const std::string& key, const CommonOptions& common);

// `socsim xapi status|export|send` (cmd_xapi.cpp, docs/xapi.md): the attempts as xAPI statements,
// queued in the trainee database and sent to the Learning Record Store of lrs.yaml.
struct XapiOptions {
    std::string lrs;                      // the LRS settings file; empty: xapi::default_lrs_config_path()
    std::string out;                      // export: the JSON file (empty or "-": standard output)
    std::optional<std::int64_t> attempt;  // export: one attempt's statements only
};
int xapi_status(const XapiOptions& options, const CommonOptions& common);
int xapi_export(const XapiOptions& options, const CommonOptions& common);
int xapi_send(const XapiOptions& options, const CommonOptions& common);

// Calendar time now, for what counts real days (spaced review). The simulation never uses it.
SimTime calendar_now();

// `socsim quiz convert IN OUT [--lang ja|en]`: YAML bank <-> Moodle GIFT, by file extension
// (.yaml/.yml, .gift/.txt); `lang` is the language exported or imported (empty: en).
int quiz_convert(const std::string& in, const std::string& out, const std::string& lang);

// Opens the trainee database; on failure prints the reason and returns null (the caller exits 2).
std::unique_ptr<store::Database> open_database(const CommonOptions& common);

// Prints to stdout in the catalog's language.
void say(const std::string& text);

}  // namespace socsim::cli
