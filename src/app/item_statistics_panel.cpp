// The item statistics window (see item_statistics_panel.h).
#include "app/item_statistics_panel.h"

#include <imgui.h>

#include <cmath>
#include <cstdio>

#include "app/app.h"
#include "app/layout.h"
#include "app/text_wrap.h"

namespace socsim::app {

void ItemStatisticsPanel::open(std::shared_ptr<const quiz::Bank> bank, BankStatistics stats) {
    bank_ = std::move(bank);
    stats_ = std::move(stats);
    open_ = true;
}

void ItemStatisticsPanel::draw(App& app) {
    if (!open_ || !bank_) return;
    const Catalog& tr = app.tr();
    const Lang lang = app.lang();
    place_next_window(0.05f, 0.05f, 0.9f, 0.9f);
    ImGui::Begin((tr.tr("stats.title") + "###statistics").c_str(), &open_, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
    ImGui::TextUnformatted(tr.format("stats.header", {{"bank", bank_->title.get(lang)}, {"attempts", std::to_string(stats_.attempts)}}).c_str());
    ImGui::TextDisabled("%s", tr.tr("stats.legend").c_str());
    ImGui::TextDisabled("%s", tr.tr("stats.asked_help").c_str());
    if (ImGui::BeginTable("items", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_Resizable)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(tr.tr("stats.question").c_str(), ImGuiTableColumnFlags_WidthStretch, 3.0f);
        ImGui::TableSetupColumn(tr.tr("stats.asked").c_str(), ImGuiTableColumnFlags_WidthStretch, 0.5f);
        ImGui::TableSetupColumn(tr.tr("stats.answered").c_str(), ImGuiTableColumnFlags_WidthStretch, 0.5f);
        ImGui::TableSetupColumn(tr.tr("stats.facility").c_str(), ImGuiTableColumnFlags_WidthStretch, 0.6f);
        ImGui::TableSetupColumn(tr.tr("stats.discrimination").c_str(), ImGuiTableColumnFlags_WidthStretch, 0.6f);
        ImGui::TableSetupColumn(tr.tr("stats.choices").c_str(), ImGuiTableColumnFlags_WidthStretch, 2.0f);
        ImGui::TableHeadersRow();
        for (std::size_t i = 0; i < stats_.items.size() && i < bank_->questions.size(); ++i) {
            const auto& s = stats_.items[i];
            const auto& q = bank_->questions[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            wrapped_text(q.prompt.get(lang));  // a long (Japanese) prompt stays inside its column
            ImGui::TextDisabled("%s", q.id.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%d", s.attempts);
            ImGui::TableNextColumn();
            ImGui::Text("%d", s.answered);
            ImGui::TableNextColumn();
            if (s.facility_index) ImGui::Text("%.0f", *s.facility_index);
            else ImGui::TextDisabled("-");
            ImGui::TableNextColumn();
            // A low or negative discrimination means strong trainees miss it: the question may mislead.
            if (s.discrimination_index && !std::isnan(*s.discrimination_index))
                ImGui::TextColored(*s.discrimination_index < 20 ? colour_warn() : colour_good(), "%.0f", *s.discrimination_index);
            else
                ImGui::TextDisabled("-");
            ImGui::TableNextColumn();
            for (std::size_t k = 0; k < s.choice_percent.size() && k < q.choices.size(); ++k) {
                const bool right = q.choices[k].weight > 0;
                ImGui::TextColored(right ? colour_good() : colour_muted(), "%3.0f%%  %s", s.choice_percent[k],
                                   q.choices[k].text.get(lang).c_str());
            }
        }
        ImGui::EndTable();
    }
    ImGui::End();
}

}  // namespace socsim::app
