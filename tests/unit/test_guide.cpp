// Guided mode: the guide: section of a scenario (loader, good and bad), the roles and placeholders
// filled from each seed's variant, and a trainee's way through the steps (core/guide/guide.h).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/attempt/attempt.h"
#include "core/guide/guide.h"
#include "core/guide/roles.h"
#include "core/report/incident_report.h"
#include "core/scenario/loader.h"
#include "core/store/database.h"
#include "scenario_test_support.h"

using namespace socsim;
using namespace socsim::scenario;
using socsim::test::all_messages;
using socsim::test::pos_of;
namespace fs = std::filesystem;

namespace {

const fs::path kScenarios = fs::path(SOCSIM_SOURCE_DIR) / "scenarios";

// A scenario on the shipped company whose victim and C2 name change with the seed.
const std::string kHead = R"(id: guide-test
title: {ja: ガイドの確認, en: Guide check}
briefing: {ja: 確認, en: Check}
start: "2026-03-02T08:00:00+09:00"
duration: 9h
include: company/minato-seiki.yaml
variants:
  victims: [ws-03, ws-07, ws-17]
  c2_words: [update, telemetry, cdn, sync, cloud, relay]
attack:
  - id: beacon
    kind: dns_beacon
    host: ws-17
    start: 1h
    technique: T1071.004
    c2: {domain: api.update-telemetry-cdn.net, ip: 198.51.100.201, ttl: 0}
    interval: 60s
)";

Loaded<Scenario> load_guide(const std::string& guide) {
    return load_text(kHead + guide, (kScenarios / "guide-test.yaml").string());
}

std::string first_error(const Loaded<Scenario>& r) { return r.errors.empty() ? std::string() : r.errors.front().to_string(); }

// Every step kind, with roles and placeholders.
const std::string kGoodGuide = R"(guide:
  - id: welcome
    panel: clock
    title: {ja: ようこそ, en: Welcome}
    body: {ja: "{victim_owner} さんの {victim} です", en: "This is {victim}, used by {victim_owner}"}
  - id: wait
    panel: clock
    done: {time: 1h10m}
    title: {ja: 待つ, en: Wait}
    body: {ja: 待ちます, en: Wait}
  - id: rhythm
    panel: logs
    show: {source: dns, filter: "query={c2_domain}"}
    done: {shown: {source: dns, host: victim, query: c2_domain}}
    title: {ja: "{c2_domain} を見る", en: "Look at {c2_domain}"}
    body: {ja: 見ます, en: Look}
  - id: pin
    panel: evidence
    done: {pinned: victim}
    title: {ja: ピン, en: Pin}
    body: {ja: ピン留め, en: Pin it}
  - id: isolate
    panel: devices
    done: {isolated: victim}
    title: {ja: "{victim_ip} を隔離", en: "Isolate {victim_ip}"}
    body: {ja: 隔離します, en: Isolate it}
  - id: report
    panel: report
    done: report_submitted
    title: {ja: 報告, en: Report}
    body: {ja: 報告します, en: Report it}
)";

std::shared_ptr<const Scenario> good_scenario() {
    auto r = load_guide(kGoodGuide);
    INFO(all_messages(r));
    REQUIRE(r.ok());
    return std::make_shared<const Scenario>(std::move(*r.value));
}

}  // namespace

TEST_CASE("a guide loads with its panels, Show me filters and goals", "[guide][loader]") {
    const auto s = good_scenario();
    REQUIRE(s->guide.size() == 6);
    CHECK(s->guide[0].id == "welcome");
    CHECK(s->guide[0].done.kind == GuideGoalKind::Next);
    CHECK(s->guide[1].done.kind == GuideGoalKind::Time);
    CHECK(s->guide[1].done.at == kHour + 10 * kMinute);
    CHECK(s->guide[2].panel == "logs");
    CHECK(s->guide[2].show_source == "dns");
    CHECK(s->guide[2].show_filter == "query={c2_domain}");
    CHECK(s->guide[2].done.kind == GuideGoalKind::Shown);
    CHECK(s->guide[2].done.host == "victim");
    CHECK(s->guide[2].done.query == "c2_domain");
    CHECK(s->guide[3].done.kind == GuideGoalKind::Pinned);
    CHECK(s->guide[4].done.kind == GuideGoalKind::Isolated);
    CHECK(s->guide[4].done.target == "victim");
    CHECK(s->guide[5].done.kind == GuideGoalKind::ReportSubmitted);
    CHECK(s->guide[2].line == pos_of(kHead + kGoodGuide, "- id: rhythm").line);
}

TEST_CASE("a guide in an included part is part of the scenario", "[guide][loader]") {
    const fs::path dir = fs::temp_directory_path() / "socsim-guide-part";
    fs::remove_all(dir);
    fs::create_directories(dir / "company");
    fs::copy(kScenarios / "company", dir / "company", fs::copy_options::recursive);
    // The guide's file brings the company with it, so it can also be checked on its own.
    std::ofstream(dir / "company" / "guide.yaml") << "include: minato-seiki.yaml\n" << kGoodGuide;
    std::string head = kHead;
    head.replace(head.find("include: company/minato-seiki.yaml"), std::string("include: company/minato-seiki.yaml").size(),
                 "include: company/guide.yaml");
    std::ofstream(dir / "s.yaml") << head;
    const auto r = load_file(dir / "s.yaml");
    INFO(all_messages(r));
    REQUIRE(r.ok());
    CHECK(r.value->guide.size() == 6);
    // On its own, as socsim validate checks a part, it is a part and loads (roles are taken on trust).
    CHECK(is_included_part(dir / "company" / "guide.yaml"));
    const auto alone = load_included_part(dir / "company" / "guide.yaml");
    INFO(all_messages(alone));
    CHECK(alone.ok());
    // Two guides: the second is told where the first is.
    std::ofstream(dir / "s.yaml") << head << kGoodGuide;
    const auto twice = load_file(dir / "s.yaml");
    REQUIRE_FALSE(twice.ok());
    CHECK_THAT(all_messages(twice), Catch::Matchers::Contains("\"guide\": is given again (first in") &&
                                        Catch::Matchers::Contains("a scenario has one guide"));
    fs::remove_all(dir);
}

TEST_CASE("a bad guide is refused at file:line:col with what was expected", "[guide][loader]") {
    const std::string step = "  - id: one\n    title: {ja: 一, en: One}\n    body: {ja: 本文, en: Body}\n";
    struct Case {
        const char* what;
        std::string guide;
        std::string needle;    // where the message points
        std::string message;
    };
    const std::vector<Case> cases = {
        {"an unknown panel", "guide:\n" + step + "    panel: divices\n", "divices",
         "\"guide[0].panel\": divices is not allowed (expected one of alerts, logs, charts, sql, devices, evidence, report, "
         "clock, host); did you mean 'devices'?"},
        {"no panel", "guide:\n" + step, "id: one", "\"guide[0]\": missing required key \"panel\""},
        {"an unknown placeholder", "guide:\n  - id: one\n    title: {ja: 一, en: \"{victm} is it\"}\n    body: {ja: 本文, en: Body}\n    panel: logs\n",
         "\"{victm} is it\"", "\"guide[0].title.en\": {victm} is not a placeholder (expected one of {victim}, {victim_ip}, "
         "{victim_owner}, {c2_domain}); did you mean 'victim'?"},
        {"a hostname the seed changes", "guide:\n" + step + "    panel: devices\n    done: {isolated: ws-17}\n", "{isolated",
         "\"guide[0].done\": ws-17 changes with the seed (variants: victims); write victim"},
        {"a domain the seed changes", "guide:\n" + step + "    panel: logs\n    done: {shown: {source: dns, query: api.update-telemetry-cdn.net}}\n",
         "api.update-telemetry-cdn.net}}", "\"guide[0].done.shown.query\": api.update-telemetry-cdn.net changes with the seed "
         "(variants: c2_words); write c2_domain"},
        {"a host that does not exist", "guide:\n" + step + "    panel: devices\n    done: {isolated: ws-99}\n", "{isolated",
         "ws-99 is not one of the hosts (expected victim or a hostname)"},
        {"two conditions", "guide:\n" + step + "    panel: devices\n    done: {isolated: victim, pinned: any}\n", "{isolated",
         "\"guide[0].done\": has 2 conditions; a step finishes on one (split it into two steps)"},
        {"an unknown way to finish", "guide:\n" + step + "    panel: report\n    done: report_sent\n", "report_sent",
         "\"guide[0].done\": report_sent is not a way to finish a step"},
        {"a time after the end", "guide:\n" + step + "    panel: clock\n    done: {time: 10h}\n", "{time",
         "\"guide[0].done\": 10h 00m is outside the scenario (expected more than 0 and at most 9h 00m)"},
        {"a filter that does not parse", "guide:\n" + step + "    panel: logs\n    show: {source: dns, filter: \"qurey={c2_domain}\"}\n",
         "\"qurey={c2_domain}\"", "\"guide[0].show.filter\": qurey=api.update-telemetry-cdn.net is not a filter for dns records (column 1"},
        {"Show me on a panel that is not the logs", "guide:\n" + step + "    panel: devices\n    show: {source: dns}\n", "dns}",
         "\"guide[0].show.source\": Show me opens the Logs tab; write panel: logs (not devices)"},
        {"shown without host or query", "guide:\n" + step + "    panel: logs\n    done: {shown: {source: dns}}\n", "{source: dns}}",
         "\"guide[0].done.shown\": give host, query or both"},
        {"the same id twice", "guide:\n" + step + "    panel: clock\n" + step + "    panel: clock\n", "one", 
         "\"guide[1].id\": one is used twice (first on line"},
        {"an empty guide", "guide: []\n", "[]", "\"guide\": is empty (expected at least one step, or no guide: key)"},
        {"a guide that is not a list", "guide: {id: one}\n", "{id: one}", "\"guide\": found a map, expected a list of guide steps"},
    };
    for (const auto& c : cases) {
        INFO(c.what << "\n" << c.guide);
        const std::string text = kHead + c.guide;
        const auto r = load_text(text, (kScenarios / "guide-test.yaml").string());
        INFO(all_messages(r));
        REQUIRE_FALSE(r.ok());
        CHECK_THAT(first_error(r), Catch::Matchers::Contains(c.message));
        int nth = 1;
        if (std::string(c.what) == "the same id twice") nth = 2;
        const auto p = pos_of(text, c.needle, nth);
        CHECK(r.errors.front().line == p.line);
        CHECK(r.errors.front().column == p.column);
    }
}

TEST_CASE("the victim role needs an attack step on a company host", "[guide][loader]") {
    const std::string text = R"(id: guide-quiet
title: {ja: 静かな日, en: Quiet day}
briefing: {ja: 確認, en: Check}
start: "2026-03-02T08:00:00+09:00"
duration: 9h
include: company/minato-seiki.yaml
attack: []
guide:
  - id: one
    panel: devices
    title: {ja: "{victim} を見る", en: "Look at {victim}"}
    body: {ja: 本文, en: Body}
    done: {isolated: victim}
)";
    const auto r = load_text(text, (kScenarios / "guide-quiet.yaml").string());
    REQUIRE_FALSE(r.ok());
    const std::string all = all_messages(r);
    CHECK_THAT(all, Catch::Matchers::Contains("\"guide[0].title.ja\": {victim} names the victim, but the first attack step "
                                              "has no host inside the company"));
    CHECK_THAT(all, Catch::Matchers::Contains("\"guide[0].done\": victim names the victim"));
}

TEST_CASE("placeholders are filled from each seed's variant", "[guide][roles]") {
    const auto s = good_scenario();
    std::set<std::string> victims, domains;
    for (std::uint64_t seed = 1; seed <= 12; ++seed) {
        Attempt attempt(s, seed, nullptr, "t");
        guide::GuideRun run(attempt);
        const auto& played = attempt.scenario();
        const guide::Roles& roles = run.roles();
        CHECK(roles.victim == played.attack.front().host);
        CHECK(roles.c2_domain == played.attack.front().c2_domain);
        CHECK(roles.victim_ip == played.find_host(roles.victim)->ip);
        const std::string en = run.body(Lang::En);
        CHECK(en.find('{') == std::string::npos);
        CHECK_THAT(en, Catch::Matchers::Contains("This is " + roles.victim + ", used by " + roles.victim_owner.en));
        CHECK_THAT(run.body(Lang::Ja), Catch::Matchers::Contains(roles.victim_owner.ja + " さんの " + roles.victim));
        victims.insert(roles.victim);
        domains.insert(roles.c2_domain);
    }
    // The seed does change them: a guide that wrote names would be wrong for most trainees.
    CHECK(victims.size() >= 2);
    CHECK(domains.size() >= 2);
    // Unknown words in braces stay as written; known ones are replaced wherever they are.
    guide::Roles r;
    r.victim = "ws-07";
    r.c2_domain = "c2.example.net";
    CHECK(guide::fill("{victim}{c2_domain} {other} {victim_owner} {", r, Lang::En) == "ws-07c2.example.net {other} ws-07 {");
    CHECK(guide::placeholders_in("a {victim} b {x_y} {Not} {c2_domain}") ==
          std::vector<std::string>{"victim", "x_y", "c2_domain"});
}

TEST_CASE("each step is done when its goal holds, and Next waits for it", "[guide][run]") {
    const auto s = good_scenario();
    Attempt attempt(s, 5, nullptr, "t");
    attempt.close_checkpoint();
    guide::GuideRun run(attempt);
    REQUIRE(run.size() == 6);
    guide::GuideView view;

    // A reading step is done as soon as it is seen.
    CHECK_FALSE(run.can_go_next());
    run.update(attempt, view);
    CHECK(run.can_go_next());
    CHECK_FALSE(run.back());
    REQUIRE(run.next());

    // time: not before the clock gets there.
    run.update(attempt, view);
    CHECK_FALSE(run.can_go_next());
    CHECK_FALSE(run.next());
    CHECK(run.current() == 1);
    attempt.advance_to(attempt.clock().start() + kHour + 10 * kMinute);
    run.update(attempt, view);
    CHECK(run.can_go_next());
    REQUIRE(run.next());

    // shown: the whole DNS log is not looking at it; the victim's C2 look-ups are.
    const auto& store = attempt.engine().logs();
    const auto& all = store.of(logs::Source::Dns);
    view.log_source = logs::Source::Dns;
    view.log_rows = &all;
    run.update(attempt, view);
    CHECK_FALSE(run.can_go_next());
    const std::string c2 = run.roles().c2_domain;
    const int victim = attempt.scenario().host_index(run.roles().victim);
    std::vector<std::uint32_t> rows, others, c2_rows;
    for (auto i : all) {
        const auto& e = store.at(i);
        if (e.host == victim && store.text(e) == c2) c2_rows.push_back(i);
        else if (e.host != victim) others.push_back(i);
    }
    REQUIRE(c2_rows.size() > 5);
    rows = others;  // a narrowed view without the victim: not yet
    view.log_rows = &rows;
    run.update(attempt, view);
    CHECK_FALSE(run.can_go_next());
    view.log_source = logs::Source::Firewall;  // the right records in another tab do not count
    view.log_rows = &c2_rows;
    run.update(attempt, view);
    CHECK_FALSE(run.can_go_next());
    view.log_source = logs::Source::Dns;
    rows.push_back(c2_rows.front());  // the view grows with one of them: now
    view.log_rows = &rows;
    run.update(attempt, view);
    CHECK(run.can_go_next());
    REQUIRE(run.next());
    view.log_rows = nullptr;

    // pinned: another host's record is not the victim's.
    REQUIRE(attempt.pin(others.front(), "not this one").ok);
    run.update(attempt, view);
    CHECK_FALSE(run.can_go_next());
    REQUIRE(attempt.pin(c2_rows.front(), "every minute").ok);
    run.update(attempt, view);
    CHECK(run.can_go_next());
    REQUIRE(run.next());

    // isolated: the victim, not any host.
    CHECK(run.title(Lang::En) == "Isolate " + format_ipv4(run.roles().victim_ip));
    REQUIRE(attempt.act(sim::ActionKind::Isolate, "fs01", "wrong one").ok);
    run.update(attempt, view);
    CHECK_FALSE(run.can_go_next());
    REQUIRE(attempt.act(sim::ActionKind::Isolate, run.roles().victim, "beacon every minute").ok);
    run.update(attempt, view);
    CHECK(run.can_go_next());
    REQUIRE(run.next());

    // report_submitted; the last step has no Next.
    run.update(attempt, view);
    CHECK_FALSE(run.can_go_next());
    report::IncidentReport report;
    report.summary = "beacon";
    attempt.submit_report(report);
    run.update(attempt, view);
    CHECK(run.can_go_next());
    CHECK(run.is_last());
    CHECK_FALSE(run.next());

    // Back rereads a step; it stays done.
    REQUIRE(run.back());
    CHECK(run.current() == 4);
    CHECK(run.can_go_next());
}

TEST_CASE("a guided attempt is recorded as guided", "[guide][store]") {
    const auto dir = fs::temp_directory_path() / "socsim-guide-store";
    fs::remove_all(dir);
    store::Database db(dir / "socsim.db");
    const auto s = good_scenario();
    std::int64_t id = 0;
    {
        Attempt attempt(s, 3, &db, "staff", "guided");
        CHECK(attempt.mode() == "guided");
        id = attempt.id();
    }
    const auto summary = db.attempt(id);
    REQUIRE(summary);
    CHECK(summary->mode == "guided");
    // Resumed, it is still guided.
    const auto resumed = Attempt::resume(s, db, id);
    CHECK(resumed->mode() == "guided");
    fs::remove_all(dir);
}

TEST_CASE("the shipped awareness scenario has a guide for staff in both languages", "[guide][content]") {
    const auto r = load_file(kScenarios / "dns-beaconing.yaml");
    INFO(all_messages(r));
    REQUIRE(r.ok());
    const auto& g = r.value->guide;
    CHECK(g.size() >= 8);
    CHECK(g.size() <= 12);
    std::set<std::string> panels;
    bool isolates = false, shows = false, reports = false;
    for (const auto& step : g) {
        INFO(step.id);
        CHECK_FALSE(step.title.ja.empty());
        CHECK_FALSE(step.body.en.empty());
        CHECK(step.body.ja != step.body.en);
        panels.insert(step.panel);
        isolates = isolates || (step.done.kind == GuideGoalKind::Isolated && step.done.target == "victim");
        shows = shows || !step.show_filter.empty();
        reports = reports || step.done.kind == GuideGoalKind::ReportSubmitted;
    }
    CHECK(isolates);
    CHECK(shows);
    CHECK(reports);
    CHECK(panels.count("logs"));
    CHECK(panels.count("devices"));
    // Every seed reads a finished text: no placeholder is left unfilled.
    auto s = std::make_shared<const Scenario>(std::move(*r.value));
    Attempt attempt(s, 11, nullptr, "t");
    const guide::Roles roles = guide::roles_of(attempt.scenario());
    for (const auto& step : attempt.scenario().guide)
        for (Lang lang : {Lang::Ja, Lang::En}) {
            INFO(step.id);
            CHECK(guide::fill(step.title.get(lang), roles, lang).find('{') == std::string::npos);
            CHECK(guide::fill(step.body.get(lang), roles, lang).find('{') == std::string::npos);
        }
}
