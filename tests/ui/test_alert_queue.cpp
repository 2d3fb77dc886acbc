// The alert queue as a trainee works it, without GL: the Alerts tab opens first, a row click
// selects an alert, a verdict and a note are chosen and saved (journaled as a Triage action that
// the score reads), and "Show its records" pivots the log explorer to the records behind it.
#include <catch2/catch.hpp>

#include <imgui.h>

#include <algorithm>
#include <filesystem>

#include "app/app.h"
#include "core/detect/rule.h"
#include "imgui_harness.h"

using namespace socsim;

namespace {

app::App::Options options() {
    return repository_options("ui-test", 7);
}

std::shared_ptr<const scenario::Scenario> scenario_named(app::App& app, const std::string& id) {
    for (const auto& e : app.catalogue())
        if (e.scenario && e.scenario->id == id) return e.scenario;
    return nullptr;
}

// The workspace of dns-beaconing two hours in, with the clock held, drawn a few times.
Attempt& two_hours_in(ImGuiHarness& ui, app::App& app) {
    auto scenario = scenario_named(app, "dns-beaconing");
    REQUIRE(scenario);
    app.start(scenario);
    Attempt& attempt = *app.attempt();
    while (attempt.pending_checkpoint()) attempt.close_checkpoint();
    attempt.advance_to(attempt.clock().start() + 2 * kHour);
    attempt.clock().set_paused(true);
    for (int i = 0; i < 3; ++i) ui.frame(app);
    return attempt;
}

// The first alert whose rule is the beacon rule: the attack's own alert in this scenario.
const detect::Alert* beacon_alert(const Attempt& attempt) {
    for (const auto& a : attempt.alerts())
        if (a.title.find("beacon") != std::string::npos) return &a;
    return nullptr;
}

const app::AlertQueuePanel::Rect* row_of(app::App& app, std::uint32_t number) {
    for (const auto& [n, rect] : app.alert_queue().row_rects())
        if (n == number) return &rect;
    return nullptr;
}

}  // namespace

TEST_CASE("a trainee selects an alert, judges it a true positive with a note and saves it", "[ui][alerts]") {
    ImGuiHarness ui;
    app::App app(options());
    Attempt& attempt = two_hours_in(ui, app);
    REQUIRE(attempt.has_rules());
    REQUIRE_FALSE(attempt.alerts().empty());
    CHECK(app.investigation().current() == app::InvestigationTab::Alerts);  // the queue is in front

    const detect::Alert* alert = beacon_alert(attempt);
    REQUIRE(alert);
    const std::uint32_t number = alert->number;
    const auto* row = row_of(app, number);
    REQUIRE(row);
    ui.click(app, row->centre());
    REQUIRE(app.alert_queue().selected() == number);

    // Save does nothing before a verdict is chosen: the button is disabled.
    ui.click(app, app.alert_queue().save_rect().centre());
    CHECK_FALSE(attempt.triage_of(number));

    ui.click(app, app.alert_queue().verdict_rect(detect::Verdict::TruePositive).centre());
    app.alert_queue().set_note("every 60 s to one name, TTL 0");
    ui.frame(app);
    CHECK_FALSE(attempt.triage_of(number));  // chosen, not saved yet
    ui.click(app, app.alert_queue().save_rect().centre());

    const auto saved = attempt.triage_of(number);
    REQUIRE(saved);
    CHECK(saved->verdict == detect::Verdict::TruePositive);
    CHECK(saved->note == "every 60 s to one name, TTL 0");
    const auto& last = attempt.journal().back();
    CHECK(last.kind == sim::ActionKind::Triage);
    CHECK(last.target == std::to_string(number));
    CHECK(last.verdict == "tp");
    CHECK(attempt.untriaged() == attempt.alerts().size() - 1);

    // Changing one's mind replaces the verdict: the last one counts.
    ui.click(app, app.alert_queue().verdict_rect(detect::Verdict::FalsePositive).centre());
    ui.click(app, app.alert_queue().save_rect().centre());
    REQUIRE(attempt.triage_of(number));
    CHECK(attempt.triage_of(number)->verdict == detect::Verdict::FalsePositive);
    CHECK(attempt.untriaged() == attempt.alerts().size() - 1);
}

TEST_CASE("selecting a judged alert loads its verdict and note back into the form", "[ui][alerts]") {
    ImGuiHarness ui;
    app::App app(options());
    Attempt& attempt = two_hours_in(ui, app);
    const detect::Alert* alert = beacon_alert(attempt);
    REQUIRE(alert);
    REQUIRE(attempt.triage(alert->number, detect::Verdict::BenignTruePositive, "the backup job").ok);
    ui.frame(app);
    const auto* row = row_of(app, alert->number);
    REQUIRE(row);
    ui.click(app, row->centre());
    CHECK(app.alert_queue().note() == "the backup job");
    // Nothing changed, so Save stays disabled and the journal does not grow.
    const auto journal = attempt.journal().size();
    ui.click(app, app.alert_queue().save_rect().centre());
    CHECK(attempt.journal().size() == journal);
}

TEST_CASE("Show its records pivots the log explorer to the alert's group and time span", "[ui][alerts]") {
    ImGuiHarness ui;
    app::App app(options());
    Attempt& attempt = two_hours_in(ui, app);
    const detect::Alert* alert = beacon_alert(attempt);
    REQUIRE(alert);
    app.alert_queue().select(app, alert->number);
    ui.frame(app);

    ui.click(app, app.alert_queue().show_records_rect().centre());
    for (int i = 0; i < 30; ++i) ui.frame(app);
    CHECK(app.investigation().current() == app::InvestigationTab::Logs);
    const std::string filter = app.log_explorer().text(logs::Source::Dns);
    CHECK(filter.find("src=") != std::string::npos);
    CHECK(filter.find("query=") != std::string::npos);
    const auto& rows = app.log_explorer().rows(logs::Source::Dns);
    REQUIRE_FALSE(rows.empty());
    for (auto record : alert->records)
        CHECK(std::find(rows.begin(), rows.end(), record) != rows.end());
}

TEST_CASE("the queue lists alerts not judged yet first, and a judged one goes below them", "[ui][alerts]") {
    ImGuiHarness ui;
    app::App app(options());
    Attempt& attempt = two_hours_in(ui, app);
    REQUIRE(attempt.alerts().size() >= 2);
    const auto& rows = app.alert_queue().row_rects();
    REQUIRE(rows.size() >= 2);
    const std::uint32_t top = rows.front().first;
    REQUIRE(attempt.triage(top, detect::Verdict::FalsePositive, "").ok);
    ui.frame(app);
    REQUIRE_FALSE(app.alert_queue().row_rects().empty());
    CHECK(app.alert_queue().row_rects().front().first != top);
    // Rows are drawn top to bottom in the table's order.
    const auto& after = app.alert_queue().row_rects();
    for (std::size_t i = 1; i < after.size(); ++i) CHECK(after[i - 1].second.min.y < after[i].second.min.y);
}
