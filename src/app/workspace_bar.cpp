// The workspace's clock bar (see workspace_bar.h).
#include "app/workspace_bar.h"

#include <imgui.h>

#include <cstdio>

#include "app/app.h"
#include "app/layout.h"
#include "app/shortcuts.h"

namespace socsim::app {

namespace {

// "60" for the 60x speed, as the button shows it.
std::string label_speed(double speed) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", speed);
    return text;
}

}  // namespace

void WorkspaceBar::draw(App& app) {
    Attempt* attempt = app.attempt();
    if (!attempt) return;
    const Catalog& tr = app.tr();
    const auto& s = attempt->scenario();
    sim::SimClock& clock = attempt->clock();

    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos, ImGuiCond_Always);
    ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x, workspace_bar_height()), ImGuiCond_Always);
    ImGui::Begin("###workspace_bar", nullptr, kFixedWindow | ImGuiWindowFlags_NoTitleBar);
    app.note_panel("clock");

    ImGui::TextUnformatted(s.title.get(app.lang()).c_str());
    ImGui::SameLine(ImGui::GetWindowWidth() * 0.5f);
    ImGui::TextDisabled("%s", tr.format("workspace.records", {{"count", std::to_string(attempt->engine().logs().size())}}).c_str());

    // The clock, big enough to read at a glance, in the company's local time.
    ImGui::TextColored(colour_warn(), "%s", format_time(clock.now(), s.utc_offset_minutes).substr(0, 19).c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr.tr("tip.clock").c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("(%s %s / %s)", tr.tr("workspace.elapsed").c_str(), format_duration(clock.elapsed()).c_str(),
                        format_duration(clock.end() - clock.start()).c_str());
    ImGui::SameLine();
    if (ImGui::Button(clock.paused() ? (tr.tr("workspace.resume") + "###pause").c_str()
                                     : (tr.tr("workspace.pause") + "###pause").c_str()))
        clock.set_paused(!clock.paused());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr.tr("tip.pause").c_str());
    for (double speed : sim::SimClock::kSpeeds) {
        ImGui::SameLine();
        char label[64];
        std::snprintf(label, sizeof label, "%g×###speed%g", speed, speed);
        const bool active = !clock.paused() && clock.speed() == speed;
        if (active) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button(label)) {
            clock.set_speed(speed);
            clock.set_paused(false);
        }
        if (active) ImGui::PopStyleColor();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr.format("tip.speed", {{"speed", label_speed(speed)}}).c_str());
    }
    ImGui::SameLine();
    ImGui::Dummy(ImVec2(20, 0));
    ImGui::SameLine();
    if (ImGui::Button((tr.tr("workspace.report") + "###report").c_str())) app.set_screen(Screen::Report);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr.tr("tip.report").c_str());
    app.note_panel_rect("report", ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), false);  // the way to the report
    ImGui::SameLine();
    if (ImGui::Button((tr.tr("workspace.end") + "###end").c_str())) ImGui::OpenPopup("###confirm_end");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr.tr("tip.end").c_str());
    if (ImGui::BeginPopupModal((tr.tr("workspace.end_title") + "###confirm_end").c_str(), nullptr,
                               ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::TextUnformatted(tr.tr("workspace.end_question").c_str());
        if (ImGui::Button((tr.tr("workspace.end_confirm") + "###end_yes").c_str())) {
            ImGui::CloseCurrentPopup();
            app.end_scenario();
        }
        ImGui::SameLine();
        if (ImGui::Button((tr.tr("common.cancel") + "###end_no").c_str()) || escape_pressed()) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    ImGui::End();
}

}  // namespace socsim::app
