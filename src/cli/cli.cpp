// Subcommand dispatch with CLI11; each subcommand lives in its own cmd_*.cpp.
#include "cli/cli.h"

#include <CLI/CLI.hpp>

#include <chrono>

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "core/common/data_dir.h"
#include "core/logs/exporter.h"
#include "core/store/database.h"

namespace socsim::cli {

Lang CommonOptions::resolved_lang() const {
    Lang lang = Lang::En;
    if (!this->lang.empty() && parse_lang(this->lang, lang)) return lang;
    for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* v = std::getenv(var);
        if (v && *v) return std::string_view(v).starts_with("ja") ? Lang::Ja : Lang::En;
    }
    return Lang::En;
}

std::filesystem::path CommonOptions::resolved_db() const { return db.empty() ? default_database_path() : std::filesystem::path(db); }

std::string CommonOptions::resolved_trainee() const {
    if (!trainee.empty()) return trainee;
    const char* user = std::getenv("USER");
    return user && *user ? user : "trainee";
}

void say(const std::string& text) { std::cout << text << '\n'; }

std::unique_ptr<store::Database> open_database(const CommonOptions& common) {
    try {
        auto opened = store::open_or_set_aside(common.resolved_db(), calendar_now());
        if (!opened.set_aside.empty())
            std::fprintf(stderr, "%s\n",
                         Catalog::shared()
                             .format("store.set_aside", {{"file", common.resolved_db().string()},
                                                         {"kept", opened.set_aside.string()},
                                                         {"problem", opened.problem}})
                             .c_str());
        return std::move(opened.db);
    } catch (const store::StoreError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return nullptr;
    }
}

std::optional<exam::InstructorKey> load_instructor_key(const std::string& file) {
    const std::filesystem::path path = file.empty() ? exam::default_key_path() : std::filesystem::path(file);
    auto loaded = exam::load_key_file(path);
    if (loaded.ok()) return *loaded.value;
    for (const Diagnostic& d : loaded.errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
    std::fprintf(stderr, "%s\n", Catalog::shared().format("cli.key_needed", {{"path", path.string()}}).c_str());
    return std::nullopt;
}

SimTime calendar_now() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

int run(int argc, char** argv, const GuiHooks& gui) {
    CLI::App app{"socsim: a SOC training simulator / SOC トレーニングシミュレーター"};
    app.require_subcommand(0, 1);
    CommonOptions common;
    app.add_option("--db", common.db, "trainee database (default: $XDG_DATA_HOME/socsim/socsim.db)");
    app.add_option("--lang", common.lang, "language: en or ja (default: from $LANG)")->check(CLI::IsMember({"en", "ja"}));
    app.add_option("--trainee", common.trainee, "trainee name (default: $USER)");

    auto* gui_cmd = app.add_subcommand("gui", "open the training workspace (the default)");
    bool startup_time = false;
    gui_cmd->add_flag("--startup-time", startup_time, "draw the first frame, print how long start-up took, and quit");

    std::vector<std::string> files;
    auto* validate_cmd = app.add_subcommand("validate", "check scenario files; exit 2 with file:line:col on errors");
    validate_cmd->add_option("files", files, "scenario files")->required();

    DemoOptions demo_options;
    auto* demo_cmd = app.add_subcommand("demo", "replay the DNS-beaconing scenario with a scripted analyst");
    demo_cmd->add_option("--scenario", demo_options.scenario, "scenario file");
    demo_cmd->add_option("--seed", demo_options.seed, "seed of the run");
    demo_cmd->add_option("--out", demo_options.out, "folder for the screenshots")->capture_default_str();
    demo_cmd->add_flag("--timings", demo_options.timings, "print where the time went: loading, the window, playing, screenshots");
    demo_cmd->add_flag("!--no-screenshots", demo_options.screenshots, "skip the GUI screenshots");

    auto* history_cmd = app.add_subcommand("history", "list past attempts");

    ExportCliOptions export_options;
    auto* export_cmd = app.add_subcommand(
        "export", "play a scenario to its end and write its logs for Splunk, Elastic or Security Onion (docs/exports.md)");
    export_cmd->add_option("scenario", export_options.scenario, "scenario file")->required();
    export_cmd->add_option("--seed", export_options.seed, "seed of the run: the same seed gives the same files")->capture_default_str();
    export_cmd->add_option("--format", export_options.format,
                           "zeek (Zeek TSV dns/conn/dhcp.log), zeek-json (the same as JSON lines), ecs (ECS NDJSON), "
                           "syslog (each device's own lines)")
        ->check(CLI::IsMember(logs::export_format_names()))
        ->capture_default_str();
    export_cmd->add_option("--out", export_options.out, "output folder (created if missing)")->required();
    export_cmd->add_option("--duration", export_options.duration,
                           "simulated time to export, e.g. 2h or 7d (default: the scenario's duration)");
    export_cmd->add_flag("!--no-truth", export_options.truth,
                         "leave out the ground truth; by default it is written to OUT/truth/ (which records are "
                         "malicious, by which attack step): for the trainer, not for trainees");

    auto* quiz_cmd = app.add_subcommand("quiz", "quiz banks: run one in the terminal, convert formats");
    quiz_cmd->require_subcommand(1);
    QuizRunOptions quiz_options;
    auto* quiz_run_cmd = quiz_cmd->add_subcommand("run", "answer a quiz bank in the terminal (practice over SSH)");
    quiz_run_cmd->add_option("file", quiz_options.file, "quiz bank (YAML)")->required();
    quiz_run_cmd->add_option("--mode", quiz_options.mode, "practice (feedback after each answer) or exam (at the end)")
        ->check(CLI::IsMember({"practice", "exam", "review"}))
        ->capture_default_str();
    quiz_run_cmd->add_option("--seed", quiz_options.seed, "exam order and subset")->capture_default_str();
    quiz_run_cmd->add_option("--count", quiz_options.count,
                             "practice and review: ask this many questions (0 = all); an exam's is set by its bank");
    quiz_run_cmd->add_option("--time-limit", quiz_options.time_limit,
                             "practice and review: a time limit, e.g. 20m; an exam's is set by its bank");
    std::string convert_in, convert_out;
    auto* quiz_convert_cmd = quiz_cmd->add_subcommand("convert", "convert a bank between socsim YAML and Moodle GIFT (by file extension)");
    quiz_convert_cmd->add_option("in", convert_in, "input bank (.yaml, .gift)")->required();
    quiz_convert_cmd->add_option("out", convert_out, "output bank (.yaml, .gift)")->required();
    std::vector<std::string> check_files;
    auto* quiz_check_cmd = quiz_cmd->add_subcommand("check", "validate YAML and GIFT banks; exit 2 with file:line:col on errors");
    quiz_check_cmd->add_option("files", check_files, "quiz banks (.yaml, .yml, .gift, .txt)")->required();
    std::string stats_file;
    auto* quiz_stats_cmd = quiz_cmd->add_subcommand("stats", "item statistics of a bank over all finished attempts");
    quiz_stats_cmd->add_option("file", stats_file, "quiz bank (YAML)")->required();

    std::string seal_bank, seal_out, seal_key;
    auto* quiz_seal_cmd = quiz_cmd->add_subcommand("seal", "seal a bank as an exam with the instructor key (docs/exam-security.md)");
    quiz_seal_cmd->add_option("file", seal_bank, "quiz bank (YAML)")->required();
    quiz_seal_cmd->add_option("--out", seal_out, "the sealed exam to hand out (.exam)")->required();
    quiz_seal_cmd->add_option("--key", seal_key, "instructor key file (default: $SOCSIM_INSTRUCTOR_KEY, else /etc/socsim/instructor.key)");

    auto* key_cmd = app.add_subcommand("key", "the instructor key that seals exams and signs results");
    key_cmd->require_subcommand(1);
    std::string key_out;
    auto* key_new_cmd = key_cmd->add_subcommand("new", "make a new instructor key file (readable by its owner only)");
    key_new_cmd->add_option("--out", key_out, "where to write it; an existing file is never replaced")->required();

    auto* results_cmd = app.add_subcommand("results", "signed results files: a trainee exports them, the trainer checks them");
    results_cmd->require_subcommand(1);
    std::string results_out, results_key;
    std::vector<std::string> results_files;
    auto* results_export_cmd = results_cmd->add_subcommand("export", "write this trainee's finished attempts to a signed file");
    results_export_cmd->add_option("--out", results_out, "the results file (JSON)")->required();
    results_export_cmd->add_option("--key", results_key, "instructor key file (default: $SOCSIM_INSTRUCTOR_KEY, else /etc/socsim/instructor.key)");
    auto* results_check_cmd = results_cmd->add_subcommand("check", "read results files back; a changed file is refused (exit 2)");
    results_check_cmd->add_option("files", results_files, "results files")->required();
    results_check_cmd->add_option("--key", results_key, "instructor key file (default: $SOCSIM_INSTRUCTOR_KEY, else /etc/socsim/instructor.key)");

    XapiOptions xapi_options;
    auto* xapi_cmd = app.add_subcommand("xapi", "the attempts as xAPI statements for a Learning Record Store (docs/xapi.md)");
    xapi_cmd->require_subcommand(1);
    const char* lrs_help = "LRS settings file (default: $SOCSIM_LRS_CONFIG, else ~/.config/socsim/lrs.yaml)";
    auto* xapi_status_cmd = xapi_cmd->add_subcommand("status", "statements waiting, sent and refused, and the LRS configured");
    xapi_status_cmd->add_option("--lrs", xapi_options.lrs, lrs_help);
    auto* xapi_export_cmd = xapi_cmd->add_subcommand("export", "write every statement as a JSON array (sent or not)");
    xapi_export_cmd->add_option("--out", xapi_options.out, "the JSON file (default: standard output)");
    xapi_export_cmd->add_option("--attempt", xapi_options.attempt, "one attempt's statements only");
    xapi_export_cmd->add_option("--lrs", xapi_options.lrs, lrs_help);
    auto* xapi_send_cmd = xapi_cmd->add_subcommand("send", "send the waiting statements to the LRS (exit 1 if some must wait)");
    xapi_send_cmd->add_option("--lrs", xapi_options.lrs, lrs_help);

    QueryOptions query_options;
    auto* query_cmd = app.add_subcommand("query", "play a scenario to a time and run a log query (docs/query-language.md)");
    query_cmd->add_option("scenario", query_options.scenario, "scenario file")->required();
    query_cmd->add_option("query", query_options.query, "the query, e.g. \"| stats count by src, query | sort -count\"")->required();
    query_cmd->add_option("--seed", query_options.seed, "seed of the run")->capture_default_str();
    auto* at_opt = query_cmd->add_option("--at", query_options.at, "how far into the scenario, e.g. 2h30m (default: the end)");
    query_cmd->add_flag("--to-end", query_options.to_end, "play the whole scenario (the default)")->excludes(at_opt);
    query_cmd->add_flag("--json", query_options.json, "print JSON");

    auto* rules_cmd = app.add_subcommand("rules", "detection rules (docs/detection-rules.md): check files, run them on a scenario");
    rules_cmd->require_subcommand(1);
    std::vector<std::string> rule_files;
    auto* rules_check_cmd = rules_cmd->add_subcommand("check", "validate rule files and folders; exit 2 with file:line:col on errors");
    rules_check_cmd->add_option("files", rule_files, "rule files or folders (default: the shipped scenarios/rules)");
    RulesRunOptions rules_run_options;
    auto* rules_run_cmd = rules_cmd->add_subcommand("run", "play a whole scenario and print the alerts the rules raise");
    rules_run_cmd->add_option("scenario", rules_run_options.scenario, "scenario file")->required();
    rules_run_cmd->add_option("rules", rules_run_options.rules, "rule files or folders (default: the rules the scenario ships)");
    rules_run_cmd->add_option("--seed", rules_run_options.seed, "seed of the run")->capture_default_str();
    rules_run_cmd->add_flag("--json", rules_run_options.json, "print JSON");

    ReportOptions report_options;
    auto* report_cmd = app.add_subcommand("report", "an attempt as an HTML debrief or a Markdown incident report, or attempts as CSV");
    report_cmd->add_option("attempt", report_options.attempt, "attempt number (socsim history lists them)");
    report_cmd->add_option("--format", report_options.format, "html, md or csv")->check(CLI::IsMember({"html", "md", "csv"}))->capture_default_str();
    report_cmd->add_option("--out", report_options.out, "file to write (default: standard output)");
    // Hidden from --help (group ""): the crash-safety test's scripted trainee.
    DrillOptions drill_options;
    auto* drill_cmd = app.add_subcommand("drill", "scripted trainee for the crash-safety test")->group("");
    drill_cmd->add_option("--scenario", drill_options.scenario, "scenario file");
    drill_cmd->add_option("--seed", drill_options.seed, "seed of the attempt");
    drill_cmd->add_option("--actions", drill_options.actions, "length of the script");
    drill_cmd->add_option("--pace-ms", drill_options.pace_ms, "pause before each step");
    drill_cmd->add_flag("--verbose", drill_options.verbose, "print the state as text");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }

    Catalog::shared().set_lang(common.resolved_lang());
    if (*validate_cmd) return validate(files, common);
    if (*demo_cmd) return demo(demo_options, common, gui, argc, argv);
    if (*history_cmd) return history(common);
    if (*report_cmd) return report(report_options, common);
    if (*export_cmd) return export_logs(export_options, common);
    if (*quiz_run_cmd) return quiz_run(quiz_options, common);
    if (*quiz_stats_cmd) return quiz_stats(stats_file, common);
    if (*quiz_check_cmd) return quiz_check(check_files, common);
    if (*query_cmd) return query(query_options, common);
    if (*quiz_seal_cmd) return quiz_seal(seal_bank, seal_out, seal_key, common);
    if (*key_new_cmd) return key_new(key_out, common);
    if (*results_export_cmd) return results_export(results_out, results_key, common);
    if (*xapi_status_cmd) return xapi_status(xapi_options, common);
    if (*xapi_export_cmd) return xapi_export(xapi_options, common);
    if (*xapi_send_cmd) return xapi_send(xapi_options, common);
    if (*results_check_cmd) return results_check(results_files, results_key, common);
    if (*rules_check_cmd) return rules_check(rule_files, common);
    if (*rules_run_cmd) return rules_run(rules_run_options, common);
    if (*drill_cmd) return drill(drill_options, common);
    // GIFT holds one language: --lang (or $LANG) chooses which one is written or read.
    if (*quiz_convert_cmd) return quiz_convert(convert_in, convert_out, std::string(lang_code(common.resolved_lang())));
    (void)gui_cmd;  // the default: no subcommand opens the GUI too
    if (!gui.run) {
        std::fprintf(stderr, "%s\n", Catalog::shared().tr("cli.no_gui_build").c_str());
        return 1;
    }
    GuiOptions options;
    options.db = common.resolved_db();
    if (!common.lang.empty()) options.lang = common.resolved_lang();
    options.trainee = common.trainee;
    options.startup_time = startup_time;
    options.fallback_trainee = common.resolved_trainee();
    return gui.run(options);
}

}  // namespace socsim::cli
