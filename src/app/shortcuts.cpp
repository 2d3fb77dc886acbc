// The shortcut table and what each command does (see shortcuts.h).
#include "app/shortcuts.h"

#include <imgui.h>

#include "app/app.h"

namespace socsim::app {

const std::vector<Shortcut>& shortcuts() {
    static const std::vector<Shortcut> table = {
        {Command::Help, "F1", "shortcut.help", true, false},
        {Command::FindInLogs, "Ctrl+F", "shortcut.find", true, true},
        {Command::LogsTab, "Ctrl+L", "shortcut.logs_tab", false, true},
        {Command::Tab1, "Ctrl+1 … 4", "shortcut.tabs", false, true},
        {Command::Tab2, "Ctrl+2", "shortcut.tabs", false, true, false},
        {Command::Tab3, "Ctrl+3", "shortcut.tabs", false, true, false},
        {Command::Tab4, "Ctrl+4", "shortcut.tabs", false, true, false},
        {Command::Pin, "Ctrl+P", "shortcut.pin", false, true},
        {Command::Isolate, "Ctrl+I", "shortcut.isolate", false, true},
        {Command::Report, "Ctrl+R", "shortcut.report", false, true},
        {Command::LargerText, "Ctrl+=", "shortcut.larger", true, false},
        {Command::SmallerText, "Ctrl+-", "shortcut.smaller", true, false},
        {Command::NormalText, "Ctrl+0", "shortcut.normal", true, false},
        {Command::Close, "Esc", "shortcut.close", false, false},
    };
    return table;
}

const char* shortcut_keys(Command command) {
    for (const auto& s : shortcuts())
        if (s.command == command) return s.keys;
    return "";
}

bool escape_pressed() { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape), false); }

namespace {

bool pressed(int code) { return ImGui::IsKeyPressed(code, false); }

// Ctrl without Alt: AltGr on European keyboards is Ctrl+Alt, and types characters.
bool ctrl_chord() {
    const ImGuiIO& io = ImGui::GetIO();
    return io.KeyCtrl && !io.KeyAlt && !io.KeySuper;
}

// The command the keys of this frame ask for, if any.
std::optional<Command> pressed_command() {
    const ImGuiIO& io = ImGui::GetIO();
    if (pressed(key::kF1)) return Command::Help;
    if (!io.KeyCtrl && !io.KeyAlt && escape_pressed()) return Command::Close;
    if (!ctrl_chord()) return std::nullopt;
    if (pressed(key::kF)) return Command::FindInLogs;
    if (pressed(key::kL)) return Command::LogsTab;
    if (pressed(key::kP)) return Command::Pin;
    if (pressed(key::kI)) return Command::Isolate;
    if (pressed(key::kR)) return Command::Report;
    // "=" and Shift+"=" ("+") on a US keyboard, ";" ("+") on a Japanese one, and the keypad's.
    if (pressed(key::kEqual) || pressed(key::kSemicolon) || pressed(key::kKeypadAdd)) return Command::LargerText;
    if (pressed(key::kMinus) || pressed(key::kKeypadSubtract)) return Command::SmallerText;
    if (pressed(key::k0) || pressed(key::kKeypad0)) return Command::NormalText;
    for (int i = 0; i < 4; ++i)
        if (pressed(key::k1 + i) || pressed(key::kKeypad1 + i)) return static_cast<Command>(static_cast<int>(Command::Tab1) + i);
    return std::nullopt;
}

const Shortcut& entry(Command command) {
    for (const auto& s : shortcuts())
        if (s.command == command) return s;
    return shortcuts().front();
}

}  // namespace

bool command_available(App& app, Command command) {
    const bool workspace = app.screen() == Screen::Workspace && app.attempt();
    if (entry(command).workspace && !workspace) return false;
    switch (command) {
        case Command::Pin: return app.log_explorer().selected_record().has_value();
        case Command::Isolate: return !app.host_view().host().empty() && !app.attempt()->ended();
        case Command::Tab1:
        case Command::Tab2:
        case Command::Tab3:
        case Command::Tab4:
            return static_cast<std::size_t>(static_cast<int>(command) - static_cast<int>(Command::Tab1)) <
                   app.investigation().tabs().size();
        default: return true;
    }
}

bool run_command(App& app, Command command) {
    if (!command_available(app, command)) {
        // Say why a shortcut did nothing, where the trainee might expect it to.
        if (command == Command::Pin && app.screen() == Screen::Workspace) app.set_status(app.tr().tr("shortcut.pin_none"));
        if (command == Command::Isolate && app.screen() == Screen::Workspace && app.attempt() && !app.attempt()->ended())
            app.set_status(app.tr().tr("shortcut.isolate_none"));
        return false;
    }
    switch (command) {
        case Command::Help: app.help().toggle(); break;
        case Command::FindInLogs:
            app.investigation().open(InvestigationTab::Logs);
            app.log_explorer().focus_search();
            break;
        case Command::LogsTab: app.investigation().open(InvestigationTab::Logs); break;
        case Command::Tab1:
        case Command::Tab2:
        case Command::Tab3:
        case Command::Tab4:
            app.investigation().open(app.investigation().tabs()[static_cast<std::size_t>(static_cast<int>(command) -
                                                                                        static_cast<int>(Command::Tab1))]);
            break;
        case Command::Pin: app.log_explorer().ask_pin(); break;
        case Command::Isolate: {
            const std::string host = app.host_view().host();
            if (app.attempt()->is_isolated(host)) app.set_status(app.tr().format("shortcut.already_isolated", {{"host", host}}));
            else app.host_list().ask(host, false);
            break;
        }
        case Command::Report: app.set_screen(Screen::Report); break;
        case Command::LargerText: app.set_font_scale(larger_font_scale(app.font_scale())); break;
        case Command::SmallerText: app.set_font_scale(smaller_font_scale(app.font_scale())); break;
        case Command::NormalText: app.set_font_scale(1.0f); break;
        case Command::Close:
            if (app.help().is_open()) app.help().close();
            else if (app.screen() == Screen::Workspace && !app.host_view().host().empty()) app.host_view().close();
            else if (app.screen() == Screen::Report) app.set_screen(Screen::Workspace);
            else return false;
            break;
    }
    return true;
}

void handle_shortcuts(App& app) {
    // A dialog in front owns the keyboard (Esc and Enter are its own); the menus too.
    if (ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel)) return;
    const auto command = pressed_command();
    if (!command) return;
    if (ImGui::GetIO().WantTextInput && !entry(*command).while_typing) return;
    run_command(app, *command);
}

}  // namespace socsim::app
