// `socsim demo`: the DNS-beaconing scenario played by the scripted analyst, printed as a
// timeline with the score, plus screenshots of the GUI's screens (under Xvfb when there is no
// display), so a new user sees the whole product from one command.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "core/attempt/attempt.h"
#include "core/attempt/scripted_analyst.h"
#include "core/common/data_dir.h"
#include "core/detect/alert_truth.h"
#include "core/report/incident_report.h"
#include "core/scenario/loader.h"
#include "core/store/database.h"

namespace socsim::cli {
namespace {

namespace fs = std::filesystem;

bool on_path(const char* program) {
    const char* path = std::getenv("PATH");
    if (!path) return false;
    std::string_view rest(path);
    while (!rest.empty()) {
        const auto colon = rest.find(':');
        const fs::path candidate = fs::path(std::string(rest.substr(0, colon))) / program;
        if (::access(candidate.c_str(), X_OK) == 0) return true;
        if (colon == std::string_view::npos) break;
        rest.remove_prefix(colon + 1);
    }
    return false;
}

// Without a display, run this same command again inside a virtual one.
void reexec_under_xvfb(int argc, char** argv) {
    std::vector<char*> args;
    static char xvfb[] = "xvfb-run", auto_num[] = "-a", screen_flag[] = "-s", screen[] = "-screen 0 1600x1000x24";
    args.insert(args.end(), {xvfb, auto_num, screen_flag, screen});
    static std::string self;
    std::error_code ec;
    self = fs::read_symlink("/proc/self/exe", ec).string();
    args.push_back(self.empty() ? argv[0] : self.data());
    for (int i = 1; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    ::setenv("SOCSIM_UNDER_XVFB", "1", 1);
    std::fflush(stdout);
    ::execvp("xvfb-run", args.data());
}

}  // namespace

// Wall time of the demo's phases, for --timings (bench/run reads its "figure:" lines). A real
// elapsed-time measure of the program itself, not a clock of the simulation.
struct PhaseTimes {
    using Clock = std::chrono::steady_clock;
    Clock::time_point start = Clock::now(), mark = start;
    double load = 0, window = 0, screenshots = 0;
    double lap() {
        const auto now = Clock::now();
        const double s = std::chrono::duration<double>(now - mark).count();
        mark = now;
        return s;
    }
    double total() const { return std::chrono::duration<double>(Clock::now() - start).count(); }
};

int demo(const DemoOptions& options, const CommonOptions& common, const GuiHooks& gui, int argc, char** argv) {
    Catalog& tr = Catalog::shared();
    PhaseTimes times;
    const bool has_display = std::getenv("DISPLAY") && *std::getenv("DISPLAY");
    bool screenshots = options.screenshots && gui.open_screenshots;
    if (screenshots && !has_display) {
        if (!std::getenv("SOCSIM_UNDER_XVFB") && on_path("xvfb-run")) reexec_under_xvfb(argc, argv);
        say(tr.tr("demo.no_xvfb"));
        screenshots = false;
    }

    const fs::path scenario_path =
        options.scenario.empty() ? data_dir() / "scenarios" / "dns-beaconing.yaml" : fs::path(options.scenario);
    auto loaded = scenario::load_file(scenario_path);
    if (!loaded.ok()) {
        for (const auto& d : loaded.errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
        return 2;
    }
    auto scenario = std::make_shared<const scenario::Scenario>(std::move(*loaded.value));
    const Lang lang = tr.lang();
    const int offset = scenario->utc_offset_minutes;

    const std::unique_ptr<store::Database> db = open_database(common);
    if (!db) return 2;

    times.load = times.lap();
    GuiOptions gui_options;
    gui_options.db = common.resolved_db();
    gui_options.lang = lang;
    gui_options.trainee = "demo-analyst";
    std::unique_ptr<ScreenshotSession> camera;
    std::vector<fs::path> shots;
    if (screenshots) {
        std::string error;
        camera = gui.open_screenshots(gui_options, error);
        if (!camera) {
            say(tr.format("demo.screenshots_failed", {{"error", error}}));
        } else {
            fs::create_directories(options.out);
        }
    }
    times.window = times.lap();
    auto shoot = [&](const std::string& screen, Attempt* attempt) {
        if (!camera) return;
        const auto started = PhaseTimes::Clock::now();
        struct Add {
            double& to;
            PhaseTimes::Clock::time_point from;
            ~Add() { to += std::chrono::duration<double>(PhaseTimes::Clock::now() - from).count(); }
        } add{times.screenshots, started};
        const fs::path png = fs::absolute(fs::path(options.out) / (screen + ".png"));
        std::string error;
        if (camera->shoot(screen, attempt, png, error))
            shots.push_back(png);
        else
            say(tr.format("demo.screenshot_failed", {{"screen", screen}, {"error", error}}));
    };

    say(tr.format("demo.title", {{"title", scenario->title.get(lang)}, {"seed", std::to_string(options.seed)}}));
    shoot("catalogue", nullptr);
    shoot("lesson", nullptr);

    Attempt attempt(scenario, options.seed, db.get(), "demo-analyst", "demo");
    // The scripted analyst knows the answers: it picks every choice that earns credit.
    auto answer_all = [&](quiz::Session& session) {
        for (std::size_t i = 0; i < session.size(); ++i) {
            const quiz::Question& q = *session.item(i).question;
            quiz::Response r;
            for (std::size_t k = 0; k < q.choices.size(); ++k)
                if (q.choices[k].weight > 0) r.selected.push_back(static_cast<int>(k));
            attempt.answer(q.id, r);
        }
    };
    auto answer_checkpoints = [&] {
        while (quiz::Session* checkpoint = attempt.pending_checkpoint()) {
            answer_all(*checkpoint);
            say(tr.format("demo.checkpoint", {{"count", std::to_string(checkpoint->size())}}));
            attempt.close_checkpoint();
        }
    };
    answer_checkpoints();
    say(tr.format("demo.started", {{"time", format_time(attempt.clock().now(), offset)},
                                   {"hosts", std::to_string(scenario->network.hosts.size())}}));

    SimTime last_report = attempt.clock().now();
    const auto finding = hunt_and_isolate(attempt, AnalystOptions{}, [&](const Attempt& a) {
        if (a.clock().now() - last_report >= 30 * kMinute) {
            last_report = a.clock().now();
            say(tr.format("demo.progress", {{"time", format_clock(a.clock().now(), offset)},
                                            {"records", std::to_string(a.engine().logs().size())}}));
        }
    });
    if (!finding) {
        say(tr.tr("demo.nothing_found"));
    } else {
        say(tr.format("demo.found", {{"time", format_clock(finding->at, offset)},
                                     {"ip", finding->client_ip},
                                     {"domain", finding->domain},
                                     {"count", std::to_string(finding->queries)},
                                     {"interval", format_duration(finding->median_interval)},
                                     {"score", std::to_string(finding->beacon_score).substr(0, 4)}}));
        say(tr.format("demo.dhcp", {{"ip", finding->client_ip}, {"host", finding->hostname}}));
        say(tr.format("demo.isolated", {{"host", finding->hostname}, {"time", format_clock(finding->at, offset)}}));
        // Triage: the alerts about the device it isolated, or about the name it beaconed to, are the attack.
        int triaged = 0;
        for (const auto& a : attempt.alerts()) {
            const bool about_it = a.group.find("src=" + finding->client_ip) != std::string::npos ||
                                  a.group.find(finding->domain) != std::string::npos;
            if (about_it && attempt.triage(a.number, detect::Verdict::TruePositive, tr.tr("demo.triage_note")).ok) ++triaged;
        }
        if (triaged > 0) say(tr.format("demo.triaged", {{"count", std::to_string(triaged)}, {"host", finding->hostname}}));
        shoot("workspace", &attempt);
        shoot("alerts", &attempt);
        shoot("charts", &attempt);
        shoot("sql", &attempt);
        shoot("hostview", &attempt);
        // The help window (F1) over the workspace, at a larger text size (Ctrl+=).
        shoot("help", &attempt);
        // Guided mode, as staff in awareness training see it: the step that shows the beacon.
        if (!scenario->guide.empty()) shoot("guide", &attempt);
        // The C2 name is blocked at the DNS server too, so no other device can reach it.
        shoot("response", &attempt);
        const std::string zone = registrable_domain(finding->domain);
        if (attempt.act(sim::ActionKind::BlockDomain, zone, "C2 of the beacon").ok)
            say(tr.format("demo.blocked", {{"domain", zone}}));
        answer_checkpoints();

        // Watch a while longer: the isolated host must fall silent.
        const SimTime isolated_at = attempt.clock().now();
        attempt.advance_to(isolated_at + 15 * kMinute);
        const auto ip = parse_ipv4(finding->client_ip).value_or(0);
        int after = 0;
        for (auto index : attempt.engine().logs().of(logs::Source::Dns)) {
            const auto& e = attempt.engine().logs().at(index);
            if (e.time > isolated_at && e.src_ip == ip) ++after;
        }
        say(tr.format("demo.silent", {{"count", std::to_string(after)}, {"minutes", "15"}}));

        // Evidence: the newest beacon query before the isolation, and the lease that names the host.
        const auto& store = attempt.engine().logs();
        std::vector<std::uint32_t> cited;
        for (auto it = store.of(logs::Source::Dns).rbegin(); it != store.of(logs::Source::Dns).rend(); ++it) {
            const auto& e = store.at(*it);
            if (e.src_ip == ip && store.text(e) == finding->domain) {
                cited.push_back(*it);
                break;
            }
        }
        for (auto it = store.of(logs::Source::Dhcp).rbegin(); it != store.of(logs::Source::Dhcp).rend(); ++it) {
            const auto& e = store.at(*it);
            if (e.src_ip == ip && static_cast<logs::DhcpMessage>(e.kind) == logs::DhcpMessage::Ack) {
                cited.push_back(*it);
                break;
            }
        }
        const char* notes[] = {"demo.pin_beacon", "demo.pin_lease"};
        for (std::size_t k = 0; k < cited.size(); ++k) attempt.pin(cited[k], tr.tr(notes[std::min<std::size_t>(k, 1)]));
        shoot("evidence", &attempt);
        answer_checkpoints();
        report::IncidentReport r;
        r.hosts = {finding->hostname};
        r.indicators = {finding->domain, format_ipv4(scenario->attack.front().c2_ip)};
        // First seen: the first query of the pair in the DNS log.
        for (auto index : store.of(logs::Source::Dns)) {
            const auto& e = store.at(index);
            if (e.src_ip == ip && store.text(e) == finding->domain) {
                r.first_seen = e.time;
                break;
            }
        }
        r.technique = "T1071.004";
        r.data_sources = {"dns", "dhcp", "firewall"};
        r.actions_taken = tr.format("demo.report_actions", {{"host", finding->hostname}, {"time", format_clock(finding->at, offset)}});
        r.summary = tr.format("demo.report_summary", {{"host", finding->hostname}, {"domain", finding->domain}});
        r.evidence = cited;
        attempt.submit_report(r);
        shoot("report", &attempt);
        say(tr.format("demo.reported", {{"count", std::to_string(cited.size())}}));
        answer_checkpoints();
    }

    if (!attempt.ended()) attempt.act(sim::ActionKind::EndScenario, {});
    if (quiz::Session* end_quiz = attempt.quiz_session()) {
        answer_all(*end_quiz);
        say(tr.format("demo.quiz", {{"count", std::to_string(end_quiz->size())}}));
        shoot("quiz", &attempt);
    } else {
        for (const auto& d : attempt.quiz_errors()) std::fprintf(stderr, "%s\n", d.to_string().c_str());
    }

    const score::Score& score = attempt.finish();
    say("");
    say(tr.tr("demo.timeline"));
    for (const auto& entry : attempt.timeline()) {
        say("  " + format_clock(entry.time, offset) + "  " + tr.tr(entry.truth ? "demo.truth_mark" : "demo.action_mark") +
            "  " + tr.format(entry.key, entry.args));
    }
    say("");
    say(tr.tr("demo.score"));
    for (const auto& line : score.lines) {
        char pts[32];
        std::snprintf(pts, sizeof pts, "%+7.1f", line.points);
        say(std::string("  ") + pts + "  " + line.describe(tr, lang));
    }
    char total[96];
    std::snprintf(total, sizeof total, "%.1f / 100", score.total);
    say(tr.format("demo.total", {{"total", total},
                                 {"result", tr.tr(score.passed ? "cli.passed" : "cli.failed")},
                                 {"pass", std::to_string(static_cast<int>(score.pass_mark))}}));
    shoot("debrief", &attempt);
    say(tr.format("demo.saved", {{"db", common.resolved_db().string()}, {"id", std::to_string(attempt.id())}}));
    if (!shots.empty()) {
        say(tr.format("demo.screenshots", {{"dir", fs::absolute(options.out).string()}}));
        for (const auto& p : shots) say("  " + p.filename().string());
    }
    if (options.timings) {
        const double total = times.total();
        const double play = total - times.load - times.window - times.screenshots;
        std::printf("figure: demo load = %.3f s\nfigure: demo window = %.3f s\nfigure: demo play = %.3f s\n"
                    "figure: demo screenshots = %.3f s (%zu)\nfigure: demo wall = %.3f s\n",
                    times.load, times.window, play, times.screenshots, shots.size(), total);
    }
    return 0;
}

}  // namespace socsim::cli
