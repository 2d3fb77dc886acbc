// The evidence board (see evidence_panel.h).
#include "app/evidence_panel.h"

#include <imgui.h>

#include "app/app.h"
#include "app/layout.h"
#include "app/text_wrap.h"
#include "core/logs/render.h"

namespace socsim::app {

void EvidencePanel::draw(App& app) {
    Attempt* attempt = app.attempt();
    if (!attempt) return;
    const Catalog& tr = app.tr();
    place_next_window(0.68f, 0.6f, 0.32f, 0.4f, workspace_bar_height());
    const auto pins = attempt->pins();
    const std::string title = tr.tr("evidence.title") + " (" + std::to_string(pins.size()) + ")###evidence";
    ImGui::Begin(title.c_str(), nullptr, kFixedWindow);
    app.note_panel("evidence");
    if (pins.empty()) {
        ImGui::TextDisabled("%s", tr.tr("evidence.empty").c_str());
    } else {
        const logs::Renderer renderer(attempt->scenario(), attempt->engine().logs());
        for (const auto& p : pins) {
            ImGui::PushID(static_cast<int>(p.record));
            const logs::Event& e = attempt->engine().logs().at(p.record);
            ImGui::TextColored(colour_warn(), "%s", tr.tr(std::string("source.") + logs::source_name(e.source)).c_str());
            ImGui::SameLine();
            ImGui::TextDisabled("%s", format_clock(e.time, attempt->scenario().utc_offset_minutes).c_str());
            wrapped_text(renderer.line(e));
            if (!p.note.empty()) {
                ImGui::PushStyleColor(ImGuiCol_Text, colour_good());
                wrapped_text("→ " + p.note);
                ImGui::PopStyleColor();
            }
            ImGui::Separator();
            ImGui::PopID();
        }
    }
    ImGui::End();
}

}  // namespace socsim::app
