// Keyboard shortcuts for the frequent actions, in one table that the key handling, the menus and
// the help window (F1) all read, so a shortcut is never listed in one place and missing in another.
//
// ImGui 1.86 has the old input API: the GLFW backend writes GLFW's key codes into io.KeysDown[],
// and ImGuiKey_ names only the keys ImGui itself needs. The codes of the other keys are GLFW's,
// written here as numbers because this library has no GLFW (UI tests drive it headless). A
// shortcut does not fire while a text field has the keyboard (io.WantTextInput) unless it is
// marked `while_typing`: those are chords that type nothing (F1, Ctrl+F, the text size).
#pragma once

#include <string>
#include <vector>

namespace socsim::app {

class App;

// GLFW's key codes (GLFW/glfw3.h): letters and digits are their ASCII capitals.
namespace key {
constexpr int kMinus = 45, kEqual = 61, kSemicolon = 59;  // Ctrl+; is "+" on a Japanese keyboard
constexpr int k0 = 48, k1 = 49;
constexpr int kF = 70, kI = 73, kL = 76, kP = 80, kR = 82;
constexpr int kF1 = 290;
constexpr int kKeypad0 = 320, kKeypad1 = 321, kKeypadSubtract = 333, kKeypadAdd = 334;
}  // namespace key

enum class Command {
    Help,          // F1: the list of shortcuts
    FindInLogs,    // Ctrl+F: the log explorer's query box
    LogsTab,       // Ctrl+L
    Tab1,          // Ctrl+1.. Ctrl+4: the investigation window's tabs, in order
    Tab2,
    Tab3,
    Tab4,
    Pin,           // Ctrl+P: pin the selected record (asks for a note)
    Isolate,       // Ctrl+I: isolate the open device (through the confirmation)
    Report,        // Ctrl+R: the incident report
    LargerText,    // Ctrl+=
    SmallerText,   // Ctrl+-
    NormalText,    // Ctrl+0
    Close,         // Esc: the help window, else the device view
};

struct Shortcut {
    Command command;
    const char* keys;         // as printed on the keys, the same in both languages
    const char* what;         // catalog key: what it does
    bool while_typing;        // also fires while a text field has the keyboard
    bool workspace;           // only in the investigation workspace
    bool in_help = true;      // a row of its own in the help window (Ctrl+2..4 share Ctrl+1's)
};

// Every shortcut, in the order the help window lists them.
const std::vector<Shortcut>& shortcuts();
// The keys of a command ("Ctrl+F"), for a menu item's shortcut column.
const char* shortcut_keys(Command command);

// Reads this frame's keys and runs the commands they ask for. Called at the top of App::draw,
// so a focus request lands in the same frame's panels.
void handle_shortcuts(App& app);
// Runs a command (a shortcut or its menu item). Returns false when it cannot run now.
bool run_command(App& app, Command command);
// Whether a command can run on the current screen (menu items are greyed out otherwise).
bool command_available(App& app, Command command);

// Esc was pressed this frame: a dialog in front calls this and cancels itself (ImGui 1.86 closes
// menus on Esc, not modal popups).
bool escape_pressed();

}  // namespace socsim::app
