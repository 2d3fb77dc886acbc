// The incident report form (see report_panel.h).
#include "app/report_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <cstdio>

#include "app/app.h"
#include "app/layout.h"
#include "app/text_wrap.h"
#include "core/logs/render.h"

namespace socsim::app {
namespace {

constexpr const char* kSourceNames[4] = {"dns", "firewall", "dhcp", "auth"};

}  // namespace

std::optional<SimTime> parse_report_time(const std::string& text, SimTime scenario_start, int utc_offset_minutes) {
    if (text.empty()) return std::nullopt;
    // A full date and time, in the company's local time.
    char offset[16];
    std::snprintf(offset, sizeof offset, "%c%02d:%02d", utc_offset_minutes < 0 ? '-' : '+', std::abs(utc_offset_minutes) / 60,
                  std::abs(utc_offset_minutes) % 60);
    if (text.size() >= 16)
        if (auto t = parse_iso8601(text.substr(0, 19 <= text.size() ? 19 : 16) + offset)) return t;
    // Only a time of day: on the scenario's (local) day.
    const std::string day = format_iso8601(scenario_start, utc_offset_minutes).substr(0, 10);
    std::string time = text;
    if (time.size() == 4 && time[1] == ':') time = "0" + time;  // 9:35
    return parse_iso8601(day + "T" + time + offset);
}

void ReportPanel::reset() {
    hosts.clear();
    indicators.clear();
    first_seen.clear();
    technique = -1;
    for (bool& s : sources) s = false;
    actions.clear();
    summary.clear();
    cited.clear();
    confirm_ = false;
}

report::IncidentReport ReportPanel::collect(App& app) const {
    report::IncidentReport r;
    Attempt* attempt = app.attempt();
    r.hosts.assign(hosts.begin(), hosts.end());
    r.indicators = report::split_list(indicators);
    if (attempt) r.first_seen = parse_report_time(first_seen, attempt->clock().start(), attempt->scenario().utc_offset_minutes);
    const auto& techniques = report::known_techniques();
    if (technique >= 0 && technique < static_cast<int>(techniques.size())) r.technique = techniques[static_cast<std::size_t>(technique)].id;
    for (int i = 0; i < 4; ++i)
        if (sources[i]) r.data_sources.push_back(kSourceNames[i]);
    r.actions_taken = actions;
    r.summary = summary;
    r.evidence.assign(cited.begin(), cited.end());
    return r;
}

void ReportPanel::draw(App& app) {
    Attempt* attempt = app.attempt();
    if (!attempt) return;
    const Catalog& tr = app.tr();
    const auto& s = attempt->scenario();
    place_next_window(0.08f, 0.02f, 0.84f, 0.96f);
    ImGui::Begin((tr.tr("report.title") + "###report").c_str(), nullptr, kFixedWindow);
    app.note_panel("report");
    wrapped_text(tr.tr("report.help"));
    ImGui::Separator();
    const float footer = ImGui::GetFrameHeightWithSpacing() * 1.8f;
    ImGui::BeginChild("form", ImVec2(0, -footer));

    ImGui::TextColored(colour_warn(), "%s", tr.tr("report.hosts").c_str());
    if (ImGui::BeginTable("hosts", 6)) {
        for (const auto& h : s.network.hosts) {
            ImGui::TableNextColumn();
            bool ticked = hosts.count(h.hostname) > 0;
            if (ImGui::Checkbox(h.hostname.c_str(), &ticked)) {
                if (ticked) hosts.insert(h.hostname);
                else hosts.erase(h.hostname);
            }
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextColored(colour_warn(), "%s", tr.tr("report.indicators").c_str());
    ImGui::InputTextMultiline("##indicators", &indicators, ImVec2(-1, ImGui::GetTextLineHeight() * 3.5f));
    ImGui::TextColored(colour_warn(), "%s", tr.tr("report.first_seen").c_str());
    ImGui::SetNextItemWidth(260);
    ImGui::InputTextWithHint("##first_seen", "09:35", &first_seen);
    if (!first_seen.empty()) {
        ImGui::SameLine();
        if (auto t = parse_report_time(first_seen, attempt->clock().start(), s.utc_offset_minutes))
            ImGui::TextDisabled("= %s", format_time(*t, s.utc_offset_minutes).substr(0, 19).c_str());
        else
            ImGui::TextColored(colour_bad(), "%s", tr.tr("report.bad_time").c_str());
    }
    ImGui::TextColored(colour_warn(), "%s", tr.tr("report.technique").c_str());
    const auto& techniques = report::known_techniques();
    const std::string preview = technique >= 0 ? std::string(techniques[static_cast<std::size_t>(technique)].id) + "  " +
                                                     techniques[static_cast<std::size_t>(technique)].name
                                               : tr.tr("quiz.choose");
    ImGui::SetNextItemWidth(520);
    if (ImGui::BeginCombo("##technique", preview.c_str())) {
        for (int i = 0; i < static_cast<int>(techniques.size()); ++i) {
            const std::string label = std::string(techniques[static_cast<std::size_t>(i)].id) + "  " + techniques[static_cast<std::size_t>(i)].name;
            if (ImGui::Selectable(label.c_str(), technique == i)) technique = i;
        }
        ImGui::EndCombo();
    }
    ImGui::TextColored(colour_warn(), "%s", tr.tr("report.sources").c_str());
    for (int i = 0; i < 4; ++i) {
        if (i > 0) ImGui::SameLine();
        ImGui::Checkbox(tr.tr(std::string("source.") + kSourceNames[i]).c_str(), &sources[i]);
    }
    ImGui::TextColored(colour_warn(), "%s", tr.tr("report.actions").c_str());
    if (actions.empty() && ImGui::SmallButton(tr.tr("report.fill_actions").c_str())) {
        // Starts the text from the journal: what was done, when, and the reason given.
        for (const auto& a : attempt->journal()) {
            if (a.kind == sim::ActionKind::Pin || a.kind == sim::ActionKind::EndScenario) continue;
            const TimelineEntry said = attempt->describe(a);
            actions += format_clock(a.time, s.utc_offset_minutes) + " " + tr.format(said.key, said.args) +
                       (a.note.empty() ? "" : ": " + a.note) + "\n";
        }
    }
    ImGui::InputTextMultiline("##actions", &actions, ImVec2(-1, ImGui::GetTextLineHeight() * 4));
    ImGui::TextColored(colour_warn(), "%s", tr.tr("report.summary").c_str());
    ImGui::InputTextMultiline("##summary", &summary, ImVec2(-1, ImGui::GetTextLineHeight() * 5));
    ImGui::TextColored(colour_warn(), "%s", tr.tr("report.evidence").c_str());
    const auto pins = attempt->pins();
    if (pins.empty()) ImGui::TextDisabled("%s", tr.tr("report.no_evidence").c_str());
    const logs::Renderer renderer(s, attempt->engine().logs());
    for (const auto& p : pins) {
        ImGui::PushID(static_cast<int>(p.record));
        bool on = cited.count(p.record) > 0;
        if (ImGui::Checkbox("##cite", &on)) {
            if (on) cited.insert(p.record);
            else cited.erase(p.record);
        }
        ImGui::SameLine();
        wrapped_text(renderer.line(attempt->engine().logs().at(p.record)) + (p.note.empty() ? "" : "  — " + p.note));
        ImGui::PopID();
    }
    ImGui::EndChild();

    ImGui::Separator();
    if (!confirm_) {
        if (ImGui::Button((tr.tr("report.submit") + "###submit").c_str(), ImVec2(260, 0))) confirm_ = true;
    } else {
        ImGui::TextColored(colour_warn(), "%s", tr.tr("report.confirm").c_str());
        ImGui::SameLine();
        if (ImGui::Button((tr.tr("report.submit_now") + "###submit_now").c_str())) {
            confirm_ = false;
            app.submit_report(collect(app));
        }
        ImGui::SameLine();
        if (ImGui::Button((tr.tr("common.cancel") + "###cancel").c_str())) confirm_ = false;
    }
    ImGui::SameLine();
    if (ImGui::Button((tr.tr("report.back") + "###back").c_str())) app.set_screen(Screen::Workspace);
    ImGui::End();
}

}  // namespace socsim::app
