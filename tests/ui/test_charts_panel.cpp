// The Charts tab driven as a trainee would: it draws, the infected device's beacon leads the
// candidates once the clock has run, a click on its row shows the gaps' histogram and the score,
// and the device cells and buttons pivot to the device and to the logs.
#include <catch2/catch.hpp>

#include <imgui.h>

#include <algorithm>
#include <filesystem>

#include "app/app.h"
#include "imgui_harness.h"

using namespace socsim;

namespace {

app::App::Options options() {
    app::App::Options o;
    o.scenarios_dir = std::filesystem::path(SOCSIM_SOURCE_DIR) / "scenarios";
    o.lessons_dir = std::filesystem::path(SOCSIM_SOURCE_DIR) / "lessons";
    o.quizzes_dir = std::filesystem::path(SOCSIM_SOURCE_DIR) / "quizzes";
    o.trainee = "ui-test";
    o.seed = 7;
    return o;
}

// Starts dns-beaconing and lets the clock run three hours: the beacon began at 1h35m.
Attempt& start_beaconing(app::App& app, ImGuiHarness& ui) {
    std::shared_ptr<const scenario::Scenario> beaconing;
    for (const auto& e : app.catalogue())
        if (e.scenario && e.scenario->id == "dns-beaconing") beaconing = e.scenario;
    REQUIRE(beaconing);
    app.start(beaconing);
    Attempt& attempt = *app.attempt();
    while (attempt.pending_checkpoint()) attempt.close_checkpoint();
    attempt.clock().set_paused(true);
    attempt.advance_to(attempt.clock().start() + 3 * kHour);
    app.investigation().open(app::InvestigationTab::Charts);
    app.charts().set_budget_ms(10000);  // every record in the first frame, whatever the machine's speed
    ui.frame(app);
    ui.frame(app);
    return attempt;
}

}  // namespace

TEST_CASE("the charts tab shows the infected device's beacon and its histogram when picked", "[ui][charts]") {
    ImGuiHarness ui;
    app::App app(options());
    Attempt& attempt = start_beaconing(app, ui);
    REQUIRE(app.investigation().current() == app::InvestigationTab::Charts);
    REQUIRE(app.charts().charts());
    const auto& charts = *app.charts().charts();
    CHECK(charts.seen() == attempt.engine().logs().size());  // only what the clock revealed, all of it
    CHECK(charts.timeline().all().peak() > 0);

    const std::string victim = attempt.scenario().attack.front().host;
    const int victim_index = attempt.scenario().host_index(victim);
    const auto& ranked = charts.pairs().ranked();
    REQUIRE_FALSE(ranked.empty());
    // The beacon of the infected device leads over the last hour: NTP and people come after it.
    const auto* lead = charts.pairs().find(ranked[0].client, ranked[0].domain);
    REQUIRE(lead);
    CHECK(lead->host == victim_index);
    CHECK(ranked[0].median_interval > 55 * kSecond);
    CHECK(ranked[0].median_interval < 65 * kSecond);
    CHECK_FALSE(app.charts().detail());  // nothing picked yet

    REQUIRE(app.charts().pair_rects().count(0) == 1);
    ui.click(app, app.charts().pair_rects().at(0).centre());
    const auto& detail = app.charts().detail();
    REQUIRE(detail);
    CHECK(detail->score.client == ranked[0].client);
    CHECK(detail->score.score > 0.8);
    CHECK(detail->histogram.gaps > 30);
    CHECK(detail->histogram.peak() > 0);

    // The pair's buttons pivot: the device opens; its queries fill the DNS tab of the logs.
    ui.frame(app);
    REQUIRE(app.charts().open_host_rect().max.x > 0);
    ui.click(app, app.charts().open_host_rect().centre());
    CHECK(app.host_view().host() == victim);
    app.host_view().close();
    ui.frame(app);
    ui.click(app, app.charts().show_logs_rect().centre());
    CHECK(app.investigation().current() == app::InvestigationTab::Logs);
    CHECK(app.log_explorer().current() == logs::Source::Dns);
    CHECK(app.log_explorer().text(logs::Source::Dns).find("query=") != std::string::npos);

    // What a trainer reads on screen: the histogram's title and the score with its parts.
    const std::string text = ui.capture([&] {
        ImGui::Begin("charts-capture");
        app.charts().draw(app);
        ImGui::End();
    });
    CHECK(text.find("Gaps between its queries") != std::string::npos);
    CHECK(text.find("Beacon score") != std::string::npos);
    CHECK(text.find("Steady gaps") != std::string::npos);
    CHECK(text.find(victim) != std::string::npos);
}

TEST_CASE("a click on a bar of the timeline shows that slice's records in the logs", "[ui][charts]") {
    ImGuiHarness ui;
    app::App app(options());
    Attempt& attempt = start_beaconing(app, ui);
    const auto& plot = app.charts().timeline_rect();
    REQUIRE(plot.max.x > plot.min.x);
    // Near the right end: a whole slice of the shift, busy with records.
    const auto& all = app.charts().charts()->timeline().all();
    REQUIRE(all.counts.size() > 2);
    ui.click(app, ImVec2(plot.min.x + (plot.max.x - plot.min.x) * 0.95f, plot.max.y - 2));
    const int dns = static_cast<int>(logs::Source::Dns);
    REQUIRE(app.charts().bar_menu_rects().count(dns) == 1);
    const std::size_t bar = app.charts().menu_bar();
    REQUIRE(bar < all.counts.size());
    CHECK(bar > all.counts.size() * 9 / 10);
    ui.click(app, app.charts().bar_menu_rects().at(dns).centre());
    CHECK(app.investigation().current() == app::InvestigationTab::Logs);
    const std::string filter = app.log_explorer().text(logs::Source::Dns);
    CHECK(filter.find("time>=") != std::string::npos);
    // The filter is one the query language reads, and it finds exactly the bar's records.
    app.log_explorer().set_budget(app::QueryBudget{10000});
    ui.frame(app);
    ui.frame(app);
    CHECK_FALSE(app.log_explorer().error(logs::Source::Dns));
    CHECK(app.log_explorer().rows(logs::Source::Dns).size() == all.counts[bar][static_cast<std::size_t>(dns)]);
    (void)attempt;
}

TEST_CASE("a top talker's name opens that device", "[ui][charts][hostview]") {
    ImGuiHarness ui;
    app::App app(options());
    Attempt& attempt = start_beaconing(app, ui);
    const auto talkers = app.charts().charts()->top_talkers(analytics::TalkerOrder::Events, 1);
    REQUIRE(talkers.size() == 1);
    REQUIRE(talkers[0].who.host != logs::kNoHost);
    const std::string name = attempt.scenario().network.hosts.at(talkers[0].who.host).hostname;
    REQUIRE(app.charts().talker_rects().count(name) == 1);
    CHECK(app.host_view().host().empty());
    ui.click(app, app.charts().talker_rects().at(name).centre());
    CHECK(app.host_view().host() == name);
}

TEST_CASE("the charts tab draws in Japanese and keeps up as the clock moves", "[ui][charts]") {
    ImGuiHarness ui;
    app::App app(options());
    app.set_lang(Lang::Ja);
    Attempt& attempt = start_beaconing(app, ui);
    const std::size_t seen = app.charts().charts()->seen();
    attempt.advance_to(attempt.clock().now() + 10 * kMinute);
    ui.frame(app);
    CHECK(app.charts().charts()->seen() == attempt.engine().logs().size());
    CHECK(app.charts().charts()->seen() > seen);
    // A small budget: a large backlog is read over several frames, never all in one.
    app.charts().set_budget_ms(0, 500);
    attempt.advance_to(attempt.clock().now() + 2 * kHour);
    ui.frame(app);
    CHECK(app.charts().charts()->seen() < attempt.engine().logs().size());
    for (int i = 0; i < 200 && app.charts().charts()->seen() < attempt.engine().logs().size(); ++i) ui.frame(app);
    CHECK(app.charts().charts()->seen() == attempt.engine().logs().size());

    // Behind another tab the charts keep reading, so they are ready when the tab opens.
    app.charts().set_budget_ms(10000);
    app.investigation().open(app::InvestigationTab::Logs);
    ui.frame(app);
    ui.frame(app);
    REQUIRE(app.investigation().current() == app::InvestigationTab::Logs);
    attempt.advance_to(attempt.clock().now() + 30 * kMinute);
    ui.frame(app);
    CHECK(app.charts().charts()->seen() == attempt.engine().logs().size());
}

TEST_CASE("in the DGA scenario the infected device leads the NXDOMAIN share", "[ui][charts]") {
    ImGuiHarness ui;
    app::App app(options());
    std::shared_ptr<const scenario::Scenario> dga;
    for (const auto& e : app.catalogue())
        if (e.scenario && e.scenario->id == "dga") dga = e.scenario;
    REQUIRE(dga);
    app.start(dga);
    Attempt& attempt = *app.attempt();
    while (attempt.pending_checkpoint()) attempt.close_checkpoint();
    attempt.clock().set_paused(true);
    attempt.advance_to(attempt.clock().start() + 3 * kHour);  // the generated names began at 1h50m
    app.investigation().open(app::InvestigationTab::Charts);
    app.charts().set_budget_ms(10000);
    ui.frame(app);
    ui.frame(app);
    const auto shares = app.charts().charts()->nxdomain_shares(3);
    REQUIRE_FALSE(shares.empty());
    const std::string victim = attempt.scenario().attack.front().host;
    REQUIRE(shares[0].who.host != logs::kNoHost);
    CHECK(attempt.scenario().network.hosts.at(shares[0].who.host).hostname == victim);
    CHECK(shares[0].nxdomain_share() > 0.5);
    if (shares.size() > 1) CHECK(shares[1].nxdomain_share() < 0.2);  // people mistype now and then, no more
    // Its name in the NXDOMAIN bars opens it.
    REQUIRE(app.charts().talker_rects().count(victim) == 1);
    ui.click(app, app.charts().talker_rects().at(victim).centre());
    CHECK(app.host_view().host() == victim);
}
