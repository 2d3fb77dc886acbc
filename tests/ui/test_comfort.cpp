// Comfort in the GUI: the text size shortcuts and their settings file, the help window, the
// shortcuts that move the keyboard or open a dialog, and that none fires while typing.
#include <catch2/catch.hpp>

#include <imgui.h>
#include <imgui_internal.h>

#include <unistd.h>

#include <filesystem>

#include "app/app.h"
#include "app/shortcuts.h"
#include "core/settings/settings.h"
#include "imgui_harness.h"

using namespace socsim;
namespace fs = std::filesystem;

namespace {

constexpr int kGlfwEscape = 256;  // what the GLFW backend maps ImGuiKey_Escape to

app::App::Options options(const fs::path& settings_file = {}) {
    app::App::Options o;
    o.scenarios_dir = fs::path(SOCSIM_SOURCE_DIR) / "scenarios";
    o.lessons_dir = fs::path(SOCSIM_SOURCE_DIR) / "lessons";
    o.quizzes_dir = fs::path(SOCSIM_SOURCE_DIR) / "quizzes";
    o.trainee = "ui-test";
    o.seed = 7;
    o.settings_file = settings_file;
    if (!settings_file.empty()) o.settings = load_settings(settings_file).settings;
    return o;
}

fs::path settings_file(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("socsim-ui-settings-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    return dir / "settings.yaml";
}

// A key pressed for one frame and released in the next, with Ctrl held when asked.
void press(ImGuiHarness& ui, app::App& app, int key, bool ctrl = false) {
    ImGuiIO& io = ImGui::GetIO();
    io.KeyMap[ImGuiKey_Escape] = kGlfwEscape;
    io.KeyCtrl = ctrl;
    io.KeysDown[key] = true;
    ui.frame(app);
    io.KeysDown[key] = false;
    io.KeyCtrl = false;
    ui.frame(app);
}

void start_workspace(ImGuiHarness& ui, app::App& app) {
    REQUIRE(app.catalogue().front().scenario);
    app.start(app.catalogue().front().scenario);
    app.attempt()->advance_to(app.attempt()->clock().start() + kHour);
    app.attempt()->clock().set_paused(true);
    app.investigation().open(app::InvestigationTab::Logs);  // the alert queue comes first otherwise
    ui.frame(app);
    ui.frame(app);
    ui.frame(app);
}

}  // namespace

TEST_CASE("Ctrl+= and Ctrl+- change the text size, which is saved and read back by the next run", "[ui][comfort]") {
    const fs::path file = settings_file("font");
    {
        ImGuiHarness ui;
        app::App app(options(file));
        ui.frame(app);
        CHECK(app.font_scale() == 1.0f);
        press(ui, app, app::key::kEqual, true);
        CHECK(app.font_scale() == 1.15f);
        press(ui, app, app::key::kEqual, true);
        CHECK(app.font_scale() == 1.3f);
        press(ui, app, app::key::kMinus, true);
        CHECK(app.font_scale() == 1.15f);
        press(ui, app, app::key::kEqual);  // without Ctrl it is only a key
        CHECK(app.font_scale() == 1.15f);
        const SettingsLoad saved = load_settings(file);
        CHECK(saved.problems.empty());
        CHECK(saved.settings.font_scale == 1.15f);
        CHECK(saved.settings.trainee == "ui-test");  // the name played under is kept too
    }
    {
        ImGuiHarness ui;
        app::App again(options(file));
        CHECK(again.font_scale() == 1.15f);
        press(ui, again, app::key::k0, true);
        CHECK(again.font_scale() == 1.0f);
        CHECK(load_settings(file).settings.font_scale == 1.0f);
    }
    fs::remove_all(file.parent_path());
}

TEST_CASE("the language chosen in the menu and the tabs in front are kept", "[ui][comfort]") {
    const fs::path file = settings_file("layout");
    {
        ImGuiHarness ui;
        app::App app(options(file));
        app.set_lang(Lang::Ja);
        start_workspace(ui, app);
        app.investigation().open(app::InvestigationTab::Sql);
        ui.frame(app);
        ui.frame(app);
        const Settings s = load_settings(file).settings;
        CHECK(s.lang == Lang::Ja);
        CHECK(s.workspace_tab == "sql");
    }
    {
        ImGuiHarness ui;
        app::App again(options(file));
        again.start(again.catalogue().front().scenario);
        ui.frame(again);
        ui.frame(again);
        CHECK(again.investigation().current() == app::InvestigationTab::Sql);
    }
    fs::remove_all(file.parent_path());
}

TEST_CASE("a bad settings file is said in the status line, not a crash", "[ui][comfort]") {
    app::App::Options o = options();
    o.settings_file = "/tmp/settings.yaml";
    o.settings_problems.push_back({3, 13, "settings.expected_number", {{"name", "font_scale"}, {"min", "0.75"}, {"max", "2"}, {"found", "\"big\""}}});
    ImGuiHarness ui;
    app::App app(o);
    CHECK(app.status().rfind("/tmp/settings.yaml:3:13: font_scale:", 0) == 0);
}

TEST_CASE("F1 opens the help window and Esc closes it", "[ui][comfort]") {
    ImGuiHarness ui;
    app::App app(options());
    ui.frame(app);
    CHECK_FALSE(app.help().is_open());
    press(ui, app, app::key::kF1);
    REQUIRE(app.help().is_open());
    CHECK(app.panel_rect("help"));  // drawn
    press(ui, app, app::key::kF1);
    CHECK_FALSE(app.help().is_open());
    press(ui, app, app::key::kF1);
    press(ui, app, kGlfwEscape);
    CHECK_FALSE(app.help().is_open());
}

TEST_CASE("the help window lists every shortcut in the trainee's language", "[ui][comfort]") {
    ImGuiHarness ui;
    app::App app(options());
    app.set_lang(Lang::Ja);
    app.help().open();
    const std::string text = ui.capture([&] { app.help().draw(app); });
    for (const auto& s : app::shortcuts()) {
        if (!s.in_help) continue;
        INFO(s.keys);
        CHECK(text.find(s.keys) != std::string::npos);
        CHECK(text.find(app.tr().tr(s.what)) != std::string::npos);
    }
    CHECK(text.find("キーボードショートカット") != std::string::npos);
}

TEST_CASE("Ctrl+F puts the keyboard in the log filter, from any tab", "[ui][comfort]") {
    ImGuiHarness ui;
    app::App app(options());
    start_workspace(ui, app);
    app.investigation().open(app::InvestigationTab::Sql);
    ui.frame(app);
    ui.frame(app);
    REQUIRE(app.investigation().current() == app::InvestigationTab::Sql);
    CHECK_FALSE(ImGui::GetIO().WantTextInput);
    press(ui, app, app::key::kF, true);
    ui.frame(app);  // the tab comes to front, then its box takes the keyboard
    ui.frame(app);
    CHECK(app.investigation().current() == app::InvestigationTab::Logs);
    REQUIRE(ImGui::GetIO().WantTextInput);
    // What is typed now goes into the filter.
    const std::string before = app.log_explorer().text(app.log_explorer().current());
    ImGui::GetIO().AddInputCharacter('q');
    ui.frame(app);
    ui.frame(app);
    CHECK(app.log_explorer().text(app.log_explorer().current()) == before + "q");
}

TEST_CASE("shortcuts do not fire while a text field has the keyboard", "[ui][comfort]") {
    ImGuiHarness ui;
    app::App app(options());
    start_workspace(ui, app);
    press(ui, app, app::key::kF, true);  // typing in the filter
    ui.frame(app);
    REQUIRE(ImGui::GetIO().WantTextInput);
    press(ui, app, app::key::kR, true);
    CHECK(app.screen() == app::Screen::Workspace);
    press(ui, app, app::key::k1 + 1, true);
    CHECK(app.investigation().current() == app::InvestigationTab::Logs);
    // Those meant for typing still work: the text size, the help.
    press(ui, app, app::key::kEqual, true);
    CHECK(app.font_scale() == 1.15f);
    // Away from the field the same keys work.
    ImGui::ClearActiveID();
    ImGui::FocusWindow(nullptr);
    ui.frame(app);
    ui.frame(app);
    REQUIRE_FALSE(ImGui::GetIO().WantTextInput);
    press(ui, app, app::key::k1 + 1, true);  // Ctrl+2: the second tab drawn
    CHECK(app.investigation().current() == app.investigation().tabs().at(1));
    press(ui, app, app::key::kL, true);
    CHECK(app.investigation().current() == app::InvestigationTab::Logs);
    press(ui, app, app::key::kR, true);
    CHECK(app.screen() == app::Screen::Report);
    press(ui, app, kGlfwEscape);  // back from the report form
    CHECK(app.screen() == app::Screen::Workspace);
}

TEST_CASE("Ctrl+I asks to isolate the device on view, and Esc cancels", "[ui][comfort]") {
    ImGuiHarness ui;
    app::App app(options());
    start_workspace(ui, app);
    press(ui, app, app::key::kI, true);
    CHECK(app.host_list().pending().empty());  // no device open: nothing to isolate
    CHECK_FALSE(app.status().empty());         // and the status line says how
    const std::string victim = app.attempt()->scenario().attack.front().host;
    app.host_view().open(victim);
    ui.frame(app);
    press(ui, app, app::key::kI, true);
    CHECK(app.host_list().pending() == victim);
    CHECK_FALSE(app.attempt()->is_isolated(victim));  // asked, not done
    press(ui, app, kGlfwEscape);
    CHECK(app.host_list().pending().empty());
    CHECK_FALSE(app.attempt()->is_isolated(victim));
    CHECK(app.host_view().host() == victim);  // Esc closed the dialog, not the view behind it
}

TEST_CASE("Ctrl+P asks for a note and pins the selected record", "[ui][comfort]") {
    ImGuiHarness ui;
    app::App app(options());
    start_workspace(ui, app);
    press(ui, app, app::key::kP, true);
    CHECK(app.attempt()->pins().empty());  // nothing selected
    // Select the first row by clicking its time, as a trainee does.
    ImGuiWindow* window = ImGui::FindWindowByName("###investigation");
    REQUIRE(window);
    const auto& rows = app.log_explorer().rows(app.log_explorer().current());
    REQUIRE(!rows.empty());
    ImGuiTable* table = nullptr;
    for (int i = 0; i < ImGui::GetCurrentContext()->Tables.GetMapSize(); ++i)
        if (ImGuiTable* t = ImGui::GetCurrentContext()->Tables.TryGetMapData(i); t && t->ColumnsCount > 3 && t->OuterWindow &&
                                                                                 t->OuterWindow->RootWindow == window)
            table = t;
    REQUIRE(table);
    // The first body row sits one row under the frozen header.
    const float row_y = table->OuterRect.Min.y + ImGui::GetFrameHeight() + ImGui::GetTextLineHeightWithSpacing() * 0.5f + 4;
    ui.click(app, ImVec2(table->OuterRect.Min.x + 30, row_y));
    REQUIRE(app.log_explorer().selected_record());
    press(ui, app, app::key::kP, true);
    CHECK(app.attempt()->pins().empty());  // asked for a note first
    ImGui::GetIO().AddInputCharacter('x');
    ui.frame(app);
    ImGuiIO& io = ImGui::GetIO();
    io.KeyMap[ImGuiKey_Enter] = 257;
    io.KeysDown[257] = true;
    ui.frame(app);
    io.KeysDown[257] = false;
    ui.frame(app);
    REQUIRE(app.attempt()->pins().size() == 1);
    CHECK(app.attempt()->pins().front().record == *app.log_explorer().selected_record());
    CHECK(app.attempt()->pins().front().note == "x");
}
