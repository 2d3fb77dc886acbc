// The workspace's tabbed main window (see investigation_window.h).
#include "app/investigation_window.h"

#include <imgui.h>

#include <string>

#include "app/app.h"
#include "app/layout.h"

namespace socsim::app {

const char* investigation_tab_name(InvestigationTab tab) {
    switch (tab) {
        case InvestigationTab::Alerts: return "alerts";
        case InvestigationTab::Logs: return "logs";
        case InvestigationTab::Charts: return "charts";
        case InvestigationTab::Sql: return "sql";
    }
    return "logs";
}

void InvestigationWindow::open(InvestigationTab tab) {
    current_ = tab;
    select_ = true;
}

void InvestigationWindow::draw(App& app) {
    if (!app.attempt()) return;
    const Catalog& tr = app.tr();
    place_next_window(0, 0, 0.68f, 1, workspace_bar_height());
    ImGui::Begin("###investigation", nullptr, kFixedWindow | ImGuiWindowFlags_NoTitleBar);
    drawing_.clear();
    if (ImGui::BeginTabBar("investigation_tabs")) {
        // A pivot from the body of a tab drawn after its target (Charts to Logs) asks during this
        // frame, too late for the target's flag: it keeps its request for the next frame.
        const bool selecting = select_;
        // One entry per tab: the label's key and the panel drawn inside it.
        const auto tab = [&](InvestigationTab which, const std::string& label, const char* id, auto&& body) {
            const ImGuiTabItemFlags flags = (select_ && current_ == which) ? ImGuiTabItemFlags_SetSelected : 0;
            const bool shown = ImGui::BeginTabItem((label + "###" + id).c_str(), nullptr, flags);
            drawing_.push_back(which);
            // For the guide's highlight: the tab's button, or the whole window when it is in front.
            const std::string panel = std::string(id).substr(4);  // "tab_logs" -> "logs"
            if (shown) app.note_panel(panel);
            else app.note_panel_rect(panel, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), false);
            if (!shown) return;
            if (!select_) current_ = which;
            body();
            ImGui::EndTabItem();
        };
        // The queue comes first, as a shift starts from it; its label counts what is left to judge.
        if (app.attempt()->has_rules())
            tab(InvestigationTab::Alerts, tr.format("alerts.tab", {{"count", std::to_string(app.attempt()->untriaged())}}), "tab_alerts",
                [&] { app.alert_queue().draw(app); });
        tab(InvestigationTab::Logs, tr.tr("explorer.title"), "tab_logs", [&] { app.log_explorer().draw(app); });
        tab(InvestigationTab::Charts, tr.tr("charts.tab"), "tab_charts", [&] { app.charts().draw(app); });
        tab(InvestigationTab::Sql, tr.tr("sql.tab"), "tab_sql", [&] { app.sql_console().draw(app); });
        if (selecting) select_ = false;
        ImGui::EndTabBar();
    }
    drawn_.swap(drawing_);
    ImGui::End();
}

}  // namespace socsim::app
