// The scenario catalogue (see catalogue_panel.h).
#include "app/catalogue_panel.h"

#include <imgui.h>

#include "app/app.h"
#include "app/layout.h"
#include "app/text_wrap.h"

namespace socsim::app {

void CataloguePanel::draw(App& app) {
    const Catalog& tr = app.tr();
    const Lang lang = app.lang();
    const auto& entries = app.catalogue();

    place_next_window(0, 0, 0.3f, 1);
    ImGui::Begin((tr.tr("catalogue.title") + "###catalogue").c_str(), nullptr, kFixedWindow);
    wrapped_text(tr.tr("catalogue.intro"));
    ImGui::Separator();
    for (int i = 0; i < static_cast<int>(entries.size()); ++i) {
        const auto& e = entries[static_cast<std::size_t>(i)];
        ImGui::PushID(i);
        std::string label = e.scenario ? e.scenario->title.get(lang) : tr.tr("catalogue.broken") + ": " + e.path.filename().string();
        if (!e.scenario) ImGui::PushStyleColor(ImGuiCol_Text, colour_bad());
        if (ImGui::Selectable(label.c_str(), selected_ == i)) selected_ = i;
        if (!e.scenario) ImGui::PopStyleColor();
        if (e.scenario) {
            ImGui::TextDisabled("  %s · %s · %s", tr.tr("difficulty." + e.scenario->difficulty).c_str(),
                                format_duration(e.scenario->duration).c_str(), e.scenario->id.c_str());
        }
        ImGui::PopID();
    }
    ImGui::End();

    place_next_window(0.3f, 0, 0.7f, 0.62f);
    ImGui::Begin((tr.tr("catalogue.briefing") + "###briefing").c_str(), nullptr, kFixedWindow);
    if (selected_ >= 0 && selected_ < static_cast<int>(entries.size())) {
        const auto& e = entries[static_cast<std::size_t>(selected_)];
        if (e.scenario) {
            const auto& s = *e.scenario;
            ImGui::SetWindowFontScale(1.35f);
            wrapped_text(s.title.get(lang));
            ImGui::SetWindowFontScale(1.0f);
            ImGui::TextDisabled("%s: %s   %s: %s   %s: %zu", tr.tr("catalogue.difficulty").c_str(),
                                tr.tr("difficulty." + s.difficulty).c_str(), tr.tr("catalogue.duration").c_str(),
                                format_duration(s.duration).c_str(), tr.tr("catalogue.hosts").c_str(),
                                s.network.hosts.size());
            std::string techniques;
            for (const auto& t : s.techniques) techniques += (techniques.empty() ? "" : ", ") + t;
            if (!techniques.empty()) ImGui::TextDisabled("MITRE ATT&CK: %s", techniques.c_str());
            // The button sits above the briefing so it is never below the fold.
            if (ImGui::Button((tr.tr("catalogue.start") + "###start").c_str(), ImVec2(260, 0))) app.start(e.scenario);
            ImGui::Separator();
            wrapped_text(s.briefing.get(lang));
            ImGui::Spacing();
            ImGui::Separator();
            wrapped_text(tr.tr("catalogue.how_to"));
        } else {
            ImGui::TextColored(colour_bad(), "%s", tr.tr("catalogue.cannot_load").c_str());
            wrapped_text(e.path.string());
            ImGui::Separator();
            for (const auto& d : e.errors) wrapped_text(d.to_string());
            if (ImGui::Button(tr.tr("catalogue.reload").c_str())) app.reload_catalogue();
        }
    }
    ImGui::End();

    place_next_window(0.3f, 0.62f, 0.7f, 0.38f);
    ImGui::Begin((tr.tr("catalogue.history") + "###history").c_str(), nullptr, kFixedWindow);
    if (!app.db()) {
        ImGui::TextColored(colour_warn(), "%s", tr.tr("catalogue.no_database").c_str());
        wrapped_text(app.db_error());
    } else {
        const auto& attempts = app.past_attempts();
        if (attempts.empty()) {
            ImGui::TextDisabled("%s", tr.tr("catalogue.no_attempts").c_str());
        } else if (ImGui::BeginTable("attempts", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Borders)) {
            ImGui::TableSetupScrollFreeze(0, 1);
            for (const char* key : {"col.started", "col.trainee", "col.scenario", "col.actions", "col.score", "col.result"})
                ImGui::TableSetupColumn(tr.tr(key).c_str());
            ImGui::TableHeadersRow();
            for (const auto& a : attempts) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                // "2026-03-02T08:15:30.123Z" -> "2026-03-02 08:15": minutes are enough in a list.
                std::string started = a.started_at.substr(0, 16);
                if (started.size() > 10) started[10] = ' ';
                ImGui::TextUnformatted(started.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(a.trainee.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(a.scenario_id.c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%d", a.actions);
                ImGui::TableNextColumn();
                if (a.status == store::AttemptStatus::Finished) ImGui::Text("%.1f", a.score);
                ImGui::TableNextColumn();
                if (a.status == store::AttemptStatus::Finished)
                    ImGui::TextColored(a.passed ? colour_good() : colour_bad(), "%s",
                                       tr.tr(a.passed ? "cli.passed" : "cli.failed").c_str());
                else
                    ImGui::TextDisabled("%s", tr.tr("cli.in_progress").c_str());
            }
            ImGui::EndTable();
        }
    }
    ImGui::End();
}

}  // namespace socsim::app
