// The SQL console's panel driven like a trainee: type a query, Ctrl+Enter, read the rows; load an
// example with a click and run it with the button.
#include <catch2/catch.hpp>

#include <imgui.h>

#include <filesystem>
#include <string>

#include "app/app.h"
#include "imgui_harness.h"

using namespace socsim;

namespace {

app::App::Options options() {
    return repository_options("ui-test-sql", 7);
}

constexpr int kEnterKey = 257;  // what GLFW's backend maps ImGuiKey_Enter to

// The text the panel shows, drawn alone in a window of its own.
std::string panel_text(ImGuiHarness& ui, app::App& app) {
    return ui.capture([&] {
        ImGui::SetNextWindowSize(ImVec2(1400, 900));
        ImGui::Begin("sql capture");
        app.sql_console().draw(app);
        ImGui::End();
    });
}

}  // namespace

TEST_CASE("a trainee types a query in the SQL tab, runs it with Ctrl+Enter and sees the rows", "[ui][sql]") {
    ImGuiHarness ui;
    ImGui::GetIO().KeyMap[ImGuiKey_Enter] = kEnterKey;
    app::App app(options());
    REQUIRE(!app.catalogue().empty());
    app.start(app.catalogue().front().scenario);
    Attempt& attempt = *app.attempt();
    attempt.advance_to(attempt.clock().start() + kHour);
    attempt.clock().set_paused(true);
    app.investigation().open(app::InvestigationTab::Sql);
    app.sql_console().set_query("");
    ui.frame(app);
    ui.frame(app);
    REQUIRE(app.investigation().current() == app::InvestigationTab::Sql);
    REQUIRE(app.sql_console().console());

    ui.click(app, app.sql_console().editor_rect().centre());
    for (char c : std::string("SELECT count(*) AS n FROM dns")) {
        ImGui::GetIO().AddInputCharacter(static_cast<unsigned>(c));
        ui.frame(app);
    }
    CHECK(app.sql_console().query() == "SELECT count(*) AS n FROM dns");
    ImGuiIO& io = ImGui::GetIO();
    io.KeyCtrl = true;
    io.KeysDown[kEnterKey] = true;
    ui.frame(app);
    io.KeysDown[kEnterKey] = false;
    io.KeyCtrl = false;
    ui.frame(app);
    app.sql_console().console()->wait_idle();
    const auto status = app.sql_console().console()->status();
    REQUIRE(status.result);
    INFO(status.result->error_key << " " << status.result->detail);
    REQUIRE(status.result->ok());
    const std::string dns_count = std::to_string(attempt.engine().logs().of(logs::Source::Dns).size());
    CHECK(*status.result->cell(0, 0) == dns_count);
    const std::string shown = panel_text(ui, app);
    CHECK_THAT(shown, Catch::Contains(dns_count));
    CHECK_THAT(shown, Catch::Contains("Rows: 1"));

    // An example loads with a click and runs with the button; a bad query shows its error.
    REQUIRE(app.sql_console().example_rects().size() >= 3);
    ui.click(app, app.sql_console().example_rects()[0].centre());
    CHECK_THAT(app.sql_console().query(), Catch::Contains("FROM dns"));
    ui.click(app, app.sql_console().run_rect().centre());
    app.sql_console().console()->wait_idle();
    CHECK(app.sql_console().console()->status().finished == 2);
    const auto example = app.sql_console().console()->status().result;
    INFO(example->sql << " -> " << example->error_key << " " << example->detail);
    CHECK(example->ok());
    CHECK(example->row_count() >= 1);

    app.sql_console().set_query("DROP TABLE dns");
    app.sql_console().run();
    app.sql_console().console()->wait_idle();
    CHECK_THAT(panel_text(ui, app), Catch::Contains("DROP is not allowed"));
}
