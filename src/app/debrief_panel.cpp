// The debrief (see debrief_panel.h).
#include "app/debrief_panel.h"

#include <imgui.h>

#include <cstdio>

#include "app/app.h"
#include "app/layout.h"
#include "app/text_wrap.h"

namespace socsim::app {

void DebriefPanel::draw(App& app) {
    Attempt* attempt = app.attempt();
    if (!attempt) return;
    const Catalog& tr = app.tr();
    const Lang lang = app.lang();
    const auto& s = attempt->scenario();

    place_next_window(0, 0, 0.5f, 1);
    ImGui::Begin((tr.tr("debrief.title") + "###debrief").c_str(), nullptr, kFixedWindow);
    ImGui::TextUnformatted(s.title.get(lang).c_str());
    if (attempt->mode() == "guided") ImGui::TextColored(colour_warn(), "%s", tr.tr("debrief.guided").c_str());
    if (const auto& score = attempt->score()) {
        char total[64];
        std::snprintf(total, sizeof total, "%.1f / 100", score->total);
        ImGui::SetWindowFontScale(2.0f);
        ImGui::TextColored(score->passed ? colour_good() : colour_bad(), "%s  %s", total,
                           tr.tr(score->passed ? "cli.passed" : "cli.failed").c_str());
        ImGui::SetWindowFontScale(1.0f);
        ImGui::TextDisabled("%s", tr.format("debrief.pass_mark", {{"pass", std::to_string(static_cast<int>(score->pass_mark))}}).c_str());
        ImGui::Separator();
        ImGui::TextUnformatted(tr.tr("debrief.breakdown").c_str());
        if (ImGui::BeginTable("breakdown", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
            ImGui::TableSetupColumn(tr.tr("col.points").c_str(), ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("+00.0 / 00.0").x);
            ImGui::TableSetupColumn(tr.tr("col.why").c_str(), ImGuiTableColumnFlags_WidthStretch);
            ImGui::TableHeadersRow();
            for (const auto& line : score->lines) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                const ImVec4 colour = line.points < 0 ? colour_bad() : (line.points >= line.max_points ? colour_good() : colour_warn());
                if (line.max_points == 0 && line.points == 0)
                    ImGui::TextColored(colour_warn(), "  !");  // a remark under a line: an alert misjudged
                else if (line.max_points > 0)
                    ImGui::TextColored(colour, "%+.1f / %.0f", line.points, line.max_points);
                else
                    ImGui::TextColored(colour, "%+.1f", line.points);
                ImGui::TableNextColumn();
                wrapped_text(line.describe(tr, lang));
            }
            ImGui::EndTable();
        }
    } else {
        ImGui::TextDisabled("%s", tr.tr("debrief.not_scored").c_str());
    }
    ImGui::Spacing();
    if (ImGui::Button((tr.tr("debrief.back") + "###back").c_str(), ImVec2(260, 0))) app.close_attempt();
    ImGui::End();

    place_next_window(0.5f, 0, 0.5f, 1);
    ImGui::Begin((tr.tr("debrief.timeline") + "###timeline").c_str(), nullptr, kFixedWindow);
    wrapped_text(tr.tr("debrief.timeline_help"));
    if (ImGui::BeginTable("timeline", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH)) {
        ImGui::TableSetupColumn(tr.tr("col.time").c_str(), ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("00:00:00").x);
        ImGui::TableSetupColumn(tr.tr("col.who").c_str(), ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("MMMMMMMM").x);
        ImGui::TableSetupColumn(tr.tr("col.what").c_str(), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        for (const auto& entry : attempt->timeline()) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_clock(entry.time, s.utc_offset_minutes).c_str());
            ImGui::TableNextColumn();
            ImGui::TextColored(entry.truth ? colour_bad() : colour_good(), "%s",
                               tr.tr(entry.truth ? "debrief.attacker" : "debrief.you").c_str());
            ImGui::TableNextColumn();
            wrapped_text(tr.format(entry.key, entry.args));
        }
        ImGui::EndTable();
    }
    ImGui::End();
}

}  // namespace socsim::app
