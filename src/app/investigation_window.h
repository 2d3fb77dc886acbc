// The workspace's main window: one tab per way of looking at the logs (the alert queue, the log
// explorer, the charts, the SQL console). ImGui 1.86 has no docking, so the panels share one
// fixed window and the trainee switches between them with the tabs, a keyboard shortcut, or a
// pivot that opens the tab it needs.
#pragma once

#include <vector>

namespace socsim::app {

class App;

enum class InvestigationTab { Alerts, Logs, Charts, Sql };
// "alerts", "logs", "charts", "sql": the tab's name in the settings file.
const char* investigation_tab_name(InvestigationTab tab);

class InvestigationWindow {
public:
    void draw(App& app);
    // Shows `tab` from the next frame on (a pivot, a shortcut, a guided step).
    void open(InvestigationTab tab);
    InvestigationTab current() const { return current_; }
    // The tabs drawn last frame, left to right (Ctrl+1.. Ctrl+4 pick among them).
    const std::vector<InvestigationTab>& tabs() const { return drawn_; }

private:
    InvestigationTab current_ = InvestigationTab::Logs;
    bool select_ = false;  // current_ was chosen by the program: select its tab once
    std::vector<InvestigationTab> drawn_, drawing_;
};

}  // namespace socsim::app
