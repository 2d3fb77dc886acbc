// Guided mode in the GUI, driven as a trainee would: "Start guided" in the catalogue, the guide
// window's first step, Next, "Show me" opening the logs on the step's filter, and isolating the
// victim through the device list completing the step.
#include <catch2/catch.hpp>

#include <imgui.h>

#include <filesystem>

#include "app/app.h"
#include "imgui_harness.h"
#include "core/store/database.h"

using namespace socsim;

namespace {

app::App::Options options(const std::filesystem::path& db = {}) {
    app::App::Options o = repository_options("staff", 9);
    o.db = db;
    return o;
}

// The guide window fits its height to the step a frame after the step changes: let it settle
// before reading where its buttons are.
void settle(ImGuiHarness& ui, app::App& app) {
    ui.frame(app);
    ui.frame(app);
}

void click_next(ImGuiHarness& ui, app::App& app) {
    settle(ui, app);
    const auto& r = app.guide_panel().rects();
    ui.click(app, app::GuidePanel::centre(r.next_min, r.next_max));
}

void click_show_me(ImGuiHarness& ui, app::App& app) {
    settle(ui, app);
    const auto& r = app.guide_panel().rects();
    REQUIRE(r.show_max.x > r.show_min.x);
    ui.click(app, app::GuidePanel::centre(r.show_min, r.show_max));
}

// Moves through the steps with Next until the step with `id`, making time pass where one waits for it.
void go_to(ImGuiHarness& ui, app::App& app, const std::string& id) {
    guide::GuideRun& run = *app.guide();
    for (int guard = 0; guard < 20 && run.step().id != id; ++guard) {
        if (run.step().done.kind == scenario::GuideGoalKind::Time) {
            app.attempt()->advance_to(app.attempt()->clock().start() + run.step().done.at);
            ui.frame(app);
        }
        REQUIRE(run.can_go_next());
        click_next(ui, app);
    }
    REQUIRE(run.step().id == id);
}

}  // namespace

TEST_CASE("a guided attempt starts from the catalogue and the guide shows its first step", "[ui][guide]") {
    const auto dir = std::filesystem::temp_directory_path() / "socsim-ui-guide";
    std::filesystem::remove_all(dir);
    ImGuiHarness ui;
    app::App app(options(dir / "socsim.db"));
    ui.frame(app);
    ui.frame(app);
    // The awareness scenario is the first of the catalogue, selected when it opens.
    const ImVec2 at = app.catalogue_panel().start_guided_at();
    REQUIRE(at.x > 0);
    ui.click(app, at);
    REQUIRE(app.attempt());
    CHECK(app.attempt()->scenario().id == "dns-beaconing");
    CHECK(app.attempt()->mode() == "guided");
    REQUIRE(app.guide());
    CHECK(app.guide()->current() == 0);
    // Recorded as guided in the store, as the catalogue's history lists it.
    app.close_attempt();
    const auto& attempts = app.past_attempts();
    REQUIRE_FALSE(attempts.empty());
    CHECK(attempts.front().mode == "guided");
    std::filesystem::remove_all(dir);
}

TEST_CASE("the guide window shows the step, and Next waits for the step's goal", "[ui][guide]") {
    ImGuiHarness ui;
    app::App app(options());
    auto entry = app.catalogue().front();
    REQUIRE(entry.scenario);
    app.start_guided(entry.scenario);
    REQUIRE(app.guide());
    app.attempt()->clock().set_paused(true);
    ui.frame(app);

    // What a trainee reads: the step count, the title, the text, in the window's language.
    app::GuidePanel panel;
    const std::string text = ui.capture([&] { panel.draw(app); });
    CHECK_THAT(text, Catch::Matchers::Contains("Step 1 of " + std::to_string(app.guide()->size())));
    CHECK_THAT(text, Catch::Matchers::Contains("Welcome to the SOC"));
    CHECK_THAT(text, Catch::Matchers::Contains("Security Operations Center"));
    app.set_lang(Lang::Ja);
    const std::string ja = ui.capture([&] { panel.draw(app); });
    CHECK_THAT(ja, Catch::Matchers::Contains("ようこそ、SOC へ"));
    app.set_lang(Lang::En);

    // The clock step: the highlight points at the bar, Next waits for 9:50.
    go_to(ui, app, "speed-up");
    CHECK(app.panel_rect("clock"));
    click_next(ui, app);
    CHECK(app.guide()->step().id == "speed-up");
    app.attempt()->advance_to(app.attempt()->clock().start() + app.guide()->step().done.at);
    ui.frame(app);
    click_next(ui, app);
    CHECK(app.guide()->step().id == "rhythm");
    // Back goes to reread it; Next again, since it stays done.
    settle(ui, app);
    ui.click(app, app::GuidePanel::centre(app.guide_panel().rects().back_min, app.guide_panel().rects().back_max));
    CHECK(app.guide()->step().id == "speed-up");
    click_next(ui, app);
    CHECK(app.guide()->step().id == "rhythm");
}

TEST_CASE("Show me opens the logs on the step's filter, and isolating the victim completes its step", "[ui][guide]") {
    ImGuiHarness ui;
    app::App app(options());
    app.start_guided(app.catalogue().front().scenario);
    REQUIRE(app.guide());
    Attempt& attempt = *app.attempt();
    attempt.clock().set_paused(true);
    ui.frame(app);
    go_to(ui, app, "rhythm");
    const std::string c2 = app.guide()->roles().c2_domain;
    const std::string victim = app.guide()->roles().victim;
    REQUIRE_FALSE(c2.empty());
    CHECK(victim == attempt.scenario().attack.front().host);  // the variant's victim, not the file's

    // The step is not done while the whole DNS log is in view.
    app.show_logs(logs::Source::Firewall, "");
    ui.frame(app);
    ui.frame(app);
    CHECK_FALSE(app.guide()->can_go_next());

    click_show_me(ui, app);
    CHECK(app.investigation().current() == app::InvestigationTab::Logs);
    CHECK(app.log_explorer().current() == logs::Source::Dns);
    const auto& store = attempt.engine().logs();
    const auto& rows = app.log_explorer().rows(logs::Source::Dns);
    REQUIRE(rows.size() > 5);
    for (auto i : rows) CHECK(store.text(store.at(i)) == c2);
    CHECK(app.guide()->can_go_next());
    CHECK(app.panel_rect("logs"));
    CHECK(app.panel_rect("logs")->open);

    // Which PC: the DHCP tab, narrowed to the victim's address.
    click_next(ui, app);
    REQUIRE(app.guide()->step().id == "which-pc");
    click_show_me(ui, app);
    CHECK(app.log_explorer().current() == logs::Source::Dhcp);
    ui.frame(app);
    CHECK(app.guide()->can_go_next());

    // Pin one of the victim's records (the log explorer's right-click does this through the attempt).
    click_next(ui, app);
    REQUIRE(app.guide()->step().id == "pin");
    CHECK_FALSE(app.guide()->can_go_next());
    REQUIRE(attempt.pin(rows.front(), "the same name every minute").ok);
    ui.frame(app);
    CHECK(app.guide()->can_go_next());

    // Isolate: Show me finds the victim in the device list; the dialog isolates it.
    click_next(ui, app);
    REQUIRE(app.guide()->step().id == "isolate");
    CHECK_FALSE(app.guide()->can_go_next());
    click_show_me(ui, app);
    ui.frame(app);
    CHECK(app.panel_rect("devices"));
    const auto& buttons = app.host_list().button_rects();
    REQUIRE(buttons.count(victim) == 1);
    ui.click(app, buttons.at(victim).centre());
    REQUIRE(app.host_list().pending() == victim);
    ui.click(app, app.host_list().confirm_rect().centre());
    REQUIRE(attempt.is_isolated(victim));
    ui.frame(app);
    CHECK(app.guide()->can_go_next());
    click_next(ui, app);
    CHECK(app.guide()->step().id == "quiet");
}
