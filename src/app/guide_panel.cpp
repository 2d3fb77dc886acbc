// The guide window (see guide_panel.h).
#include "app/guide_panel.h"

#include <imgui.h>
#include <imgui_internal.h>  // BringWindowToDisplayFront: the guide stays above the fixed panels

#include <algorithm>
#include <cmath>
#include <string_view>

#include "app/app.h"
#include "app/layout.h"
#include "app/text_wrap.h"

namespace socsim::app {
namespace {

// The investigation window's tab for a panel name, when the panel is one of its tabs.
bool tab_of(const std::string& panel, InvestigationTab& out) {
    if (panel == "alerts") out = InvestigationTab::Alerts;
    else if (panel == "logs") out = InvestigationTab::Logs;
    else if (panel == "charts") out = InvestigationTab::Charts;
    else if (panel == "sql") out = InvestigationTab::Sql;
    else return false;
    return true;
}

bool source_of(const std::string& name, logs::Source& out) {
    for (int i = 0; i < logs::kSourceCount; ++i)
        if (name == logs::source_name(static_cast<logs::Source>(i))) {
            out = static_cast<logs::Source>(i);
            return true;
        }
    return false;
}

// Whether "Show me" can do more for this step than the highlight already does.
bool can_show(const scenario::GuideStep& step) {
    InvestigationTab tab{};
    return tab_of(step.panel, tab) || step.panel == "devices" || step.panel == "report" || step.panel == "host";
}

// What is left to do, in the trainee's words ("" for a reading step).
std::string to_do(App& app, const guide::GuideRun& run) {
    const Catalog& tr = app.tr();
    const scenario::GuideGoal& g = run.step().done;
    const std::string host = g.target == "victim" || g.host == "victim" ? run.roles().victim : g.target;
    switch (g.kind) {
        case scenario::GuideGoalKind::Next: return {};
        case scenario::GuideGoalKind::Time: {
            const auto& s = app.attempt()->scenario();
            const std::string t = format_time(s.start_time + g.at, s.utc_offset_minutes);
            return tr.format("guide.todo_time", {{"time", t.size() >= 16 ? t.substr(11, 5) : t}});
        }
        case scenario::GuideGoalKind::Opened: return tr.format("guide.todo_opened", {{"panel", tr.tr("guide.panel_" + g.target)}});
        case scenario::GuideGoalKind::Shown: return tr.tr("guide.todo_shown");
        case scenario::GuideGoalKind::Isolated: return tr.format("guide.todo_isolated", {{"host", host}});
        case scenario::GuideGoalKind::Blocked:
            return tr.format("guide.todo_blocked", {{"domain", g.target == "c2_domain" ? run.roles().c2_domain : g.target}});
        case scenario::GuideGoalKind::Pinned:
            return g.target == "victim" ? tr.format("guide.todo_pinned_victim", {{"host", run.roles().victim}})
                                        : tr.tr("guide.todo_pinned_any");
        case scenario::GuideGoalKind::ReportSubmitted: return tr.tr("guide.todo_report");
    }
    return {};
}

}  // namespace

void GuidePanel::show_me(App& app) {
    guide::GuideRun& run = *app.guide();
    const scenario::GuideStep& step = run.step();
    InvestigationTab tab{};
    logs::Source source{};
    if (step.panel == "logs" && source_of(step.show_source, source))
        app.show_logs(source, run.show_filter());
    else if (tab_of(step.panel, tab))
        app.investigation().open(tab);
    else if (step.panel == "devices")
        app.host_list().set_search(run.roles().victim);
    else if (step.panel == "report")
        app.set_screen(Screen::Report);
    else if (step.panel == "host" && !run.roles().victim.empty())
        app.host_view().open(run.roles().victim);
}

void GuidePanel::highlight(App& app) {
    const App::PanelRect* r = app.panel_rect(app.guide()->step().panel);
    if (!r) return;
    // A slow pulse: noticeable from across the room, calm enough to read beside.
    const float pulse = 0.5f + 0.5f * std::sin(static_cast<float>(ImGui::GetTime()) * 4.0f);
    const ImVec4 c = colour_warn();
    const ImU32 colour = ImGui::GetColorU32(ImVec4(c.x, c.y, c.z, 0.35f + 0.65f * pulse));
    ImDrawList* draw = ImGui::GetForegroundDrawList();
    const float grow = 2.0f + 2.0f * pulse;
    draw->AddRect(ImVec2(r->min.x - grow, r->min.y - grow), ImVec2(r->max.x + grow, r->max.y + grow), colour, 4.0f, 0, 3.0f);
}

void GuidePanel::draw(App& app) {
    guide::GuideRun* run = app.guide();
    Attempt* attempt = app.attempt();
    if (!run || !attempt || run->size() == 0) return;
    const Catalog& tr = app.tr();
    const Lang lang = app.lang();

    // What is on screen, for the goals that depend on it.
    guide::GuideView view;
    view.open_panels = app.open_panels();
    if (app.panel_rect("logs") && app.panel_rect("logs")->open) {
        view.log_source = app.log_explorer().current();
        view.log_rows = &app.log_explorer().rows(view.log_source);
    }
    run->update(*attempt, view);

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const float width = std::min(560.0f, vp->WorkSize.x * 0.42f);
    // Bottom left, over the oldest rows of the log table; it grows upwards with a longer step, and
    // its title bar folds it away.
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + 12, vp->WorkPos.y + vp->WorkSize.y - 12), ImGuiCond_Always, ImVec2(0, 1));
    ImGui::SetNextWindowSizeConstraints(ImVec2(width, 0), ImVec2(width, vp->WorkSize.y * 0.6f));
    ImGui::Begin((tr.tr("guide.title") + "###guide").c_str(), nullptr,
                 ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                     ImGuiWindowFlags_NoMove);
    // Above the fixed panels, but never above a dialog the trainee must answer.
    if (!ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId | ImGuiPopupFlags_AnyPopupLevel))
        ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());

    ImGui::TextDisabled("%s", tr.format("guide.step", {{"number", std::to_string(run->current() + 1)},
                                                       {"count", std::to_string(run->size())}}).c_str());
    ImGui::SetWindowFontScale(1.25f);
    wrapped_text(run->title(lang));
    ImGui::SetWindowFontScale(1.0f);
    ImGui::Separator();
    // One paragraph a line of the text, with a little air between them.
    const std::string body = run->body(lang);
    for (std::size_t from = 0; from <= body.size();) {
        const std::size_t end = std::min(body.find('\n', from), body.size());
        if (end > from) wrapped_text(std::string_view(body).substr(from, end - from));
        ImGui::Spacing();
        from = end + 1;
    }
    if (run->can_go_next()) {
        if (run->step().done.kind != scenario::GuideGoalKind::Next) {
            ImGui::PushStyleColor(ImGuiCol_Text, colour_good());
            wrapped_text(tr.tr(run->is_last() ? "guide.done_last" : "guide.done"));
            ImGui::PopStyleColor();
        }
    } else {
        ImGui::PushStyleColor(ImGuiCol_Text, colour_warn());
        wrapped_text(to_do(app, *run));
        ImGui::PopStyleColor();
    }
    ImGui::Separator();

    ImGui::BeginDisabled(run->current() == 0);
    if (ImGui::Button((tr.tr("guide.back") + "###guide_back").c_str())) run->back();
    ImGui::EndDisabled();
    rects_.back_min = ImGui::GetItemRectMin();
    rects_.back_max = ImGui::GetItemRectMax();
    ImGui::SameLine();
    ImGui::BeginDisabled(!run->can_go_next() || run->is_last());
    if (ImGui::Button((tr.tr("guide.next") + "###guide_next").c_str())) run->next();
    ImGui::EndDisabled();
    rects_.next_min = ImGui::GetItemRectMin();
    rects_.next_max = ImGui::GetItemRectMax();
    if (can_show(run->step())) {
        ImGui::SameLine();
        if (ImGui::Button((tr.tr("guide.show_me") + "###guide_show").c_str())) show_me(app);
        rects_.show_min = ImGui::GetItemRectMin();
        rects_.show_max = ImGui::GetItemRectMax();
    } else {
        rects_.show_min = rects_.show_max = ImVec2(0, 0);
    }
    ImGui::End();
    highlight(app);
}

}  // namespace socsim::app
