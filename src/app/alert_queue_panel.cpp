// The alert queue (see alert_queue_panel.h).
#include "app/alert_queue_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>

#include "app/app.h"
#include "app/layout.h"
#include "app/log_explorer_panel.h"
#include "app/text_wrap.h"
#include "core/detect/rule.h"
#include "core/logs/render.h"

namespace socsim::app {

namespace {

AlertQueuePanel::Rect last_item_rect() { return {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()}; }

// Severity as a colour a trainee reads before the word: red for high and critical.
ImVec4 level_colour(detect::Level level) {
    switch (level) {
        case detect::Level::Critical:
        case detect::Level::High: return colour_bad();
        case detect::Level::Medium: return colour_warn();
        default: return colour_muted();
    }
}

void muted_text(std::string_view text, ImVec4 colour = colour_muted()) {
    ImGui::PushStyleColor(ImGuiCol_Text, colour);
    wrapped_text(text);
    ImGui::PopStyleColor();
}

std::string level_label(const Catalog& tr, detect::Level level) {
    return tr.tr(std::string("rule.level_") + detect::level_name(level));
}

std::string verdict_label(const Catalog& tr, detect::Verdict v, bool short_form) {
    return tr.tr(std::string(short_form ? "verdict.short_" : "verdict.") + detect::verdict_name(v));
}

// The sortable columns, in the table's order; the user id of a column is its AlertColumn.
struct ColumnSpec {
    detect::AlertColumn column;
    const char* label;
    float width;  // fixed: in characters; stretch (< 0): its weight among the stretched columns
};
constexpr ColumnSpec kColumns[] = {
    {detect::AlertColumn::Number, "alerts.col_number", 4},   {detect::AlertColumn::Time, "col.time", 9},
    {detect::AlertColumn::Level, "alerts.col_level", 8},     {detect::AlertColumn::Title, "alerts.col_title", -1.5f},
    {detect::AlertColumn::Group, "alerts.col_group", -1.0f}, {detect::AlertColumn::Count, "alerts.col_count", 7},
    {detect::AlertColumn::Verdict, "alerts.col_verdict", 8},
};

}  // namespace

void AlertQueuePanel::reset(const void* attempt) {
    *this = AlertQueuePanel{};
    attempt_ = attempt;
}

void AlertQueuePanel::select(App& app, std::uint32_t number) {
    selected_ = number;
    draft_.reset();
    note_.clear();
    if (!app.attempt() || number == 0) return;
    if (const auto saved = app.attempt()->triage_of(number)) {
        draft_ = saved->verdict;
        note_ = saved->note;
    }
}

void AlertQueuePanel::draw(App& app) {
    Attempt* attempt = app.attempt();
    if (!attempt) return;
    if (attempt_ != attempt) reset(attempt);
    const Catalog& tr = app.tr();
    row_rects_.clear();
    if (!attempt->has_rules()) {
        muted_text(tr.tr("alerts.no_rules"));
        return;
    }
    const auto& alerts = attempt->alerts();
    if (alerts.empty()) {
        muted_text(tr.tr("alerts.none"));
        return;
    }
    ImGui::TextUnformatted(tr.format("alerts.summary", {{"total", std::to_string(alerts.size())},
                                                         {"untriaged", std::to_string(attempt->untriaged())}})
                               .c_str());
    // The queue takes the upper part; the selected alert the rest, each scrolling on its own.
    // A short queue takes only its rows, leaving the rule's explanation more room.
    const float row_height = ImGui::GetTextLineHeightWithSpacing();
    const float table_height = std::clamp(row_height * (static_cast<float>(alerts.size()) + 2.5f), row_height * 6,
                                          std::max(row_height * 6, ImGui::GetContentRegionAvail().y * 0.42f));
    ImGui::BeginChild("##queue", ImVec2(0, table_height));
    draw_table(app);
    ImGui::EndChild();
    ImGui::Separator();
    ImGui::BeginChild("##alert");
    draw_details(app);
    ImGui::EndChild();
}

void AlertQueuePanel::draw_table(App& app) {
    Attempt& attempt = *app.attempt();
    const Catalog& tr = app.tr();
    const auto& alerts = attempt.alerts();
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_BordersV | ImGuiTableFlags_Sortable | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("alerts", static_cast<int>(std::size(kColumns)), flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    const float char_w = ImGui::CalcTextSize("0").x;
    for (const auto& c : kColumns) {
        const bool stretch = c.width < 0;
        ImGuiTableColumnFlags cf = stretch ? ImGuiTableColumnFlags_WidthStretch : ImGuiTableColumnFlags_WidthFixed;
        if (c.column == detect::AlertColumn::Verdict) cf |= ImGuiTableColumnFlags_DefaultSort;
        ImGui::TableSetupColumn(tr.tr(c.label).c_str(), cf, stretch ? -c.width : c.width * char_w, static_cast<ImGuiID>(c.column));
    }
    ImGui::TableHeadersRow();

    // The order is made again only when an alert is raised or judged, not every frame.
    bool resort = order_.size() != alerts.size() ||
                  order_revision_ != attempt.alerts_revision() + attempt.journal().size();
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsCount > 0 && specs->SpecsDirty) {
        sort_column_ = static_cast<detect::AlertColumn>(specs->Specs[0].ColumnUserID);
        sort_descending_ = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
        specs->SpecsDirty = false;
        resort = true;
    }
    const auto verdicts = resort ? attempt.verdicts() : std::vector<std::optional<detect::Verdict>>{};
    if (resort) {
        order_ = detect::alert_order(alerts, verdicts, sort_column_, sort_descending_);
        order_revision_ = attempt.alerts_revision() + attempt.journal().size();
    }

    const int offset = attempt.scenario().utc_offset_minutes;
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(order_.size()));
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const detect::Alert& a = alerts[order_[static_cast<std::size_t>(row)]];
            ImGui::PushID(static_cast<int>(a.number));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            const bool selected = a.number == selected_;
            const std::string number = std::to_string(a.number);
            if (ImGui::Selectable(number.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap))
                select(app, a.number);
            row_rects_.emplace_back(a.number, last_item_rect());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_clock(a.time, offset).c_str());
            ImGui::TableNextColumn();
            ImGui::TextColored(level_colour(a.level), "%s", level_label(tr, a.level).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(attempt.rule_of(a).title_in(app.lang()).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(a.group.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%llu", static_cast<unsigned long long>(a.count));
            ImGui::TableNextColumn();
            if (const auto t = attempt.triage_of(a.number))
                ImGui::TextColored(t->verdict == detect::Verdict::TruePositive ? colour_bad() : colour_good(), "%s",
                                   verdict_label(tr, t->verdict, true).c_str());
            else
                ImGui::TextColored(colour_warn(), "%s", tr.tr("alerts.new").c_str());
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

void AlertQueuePanel::draw_details(App& app) {
    Attempt& attempt = *app.attempt();
    const Catalog& tr = app.tr();
    const detect::Alert* alert = selected_ ? attempt.find_alert(selected_) : nullptr;
    if (!alert) {
        muted_text(tr.tr("alerts.pick"));
        return;
    }
    const detect::Rule& rule = attempt.rule_of(*alert);
    const int offset = attempt.scenario().utc_offset_minutes;
    ImGui::BeginChild("##explained", ImVec2(ImGui::GetContentRegionAvail().x * 0.58f, 0));

    ImGui::TextColored(level_colour(alert->level), "[%s]", level_label(tr, alert->level).c_str());
    ImGui::SameLine();
    std::string heading = "#";
    heading += std::to_string(alert->number);
    heading += "  ";
    heading += rule.title_in(app.lang());
    wrapped_text(heading);
    muted_text(alert->group, colour_warn());
    muted_text(tr.format("alerts.raised", {{"time", format_clock(alert->time, offset)},
                                             {"first", format_clock(alert->first, offset)},
                                             {"last", format_clock(alert->last, offset)},
                                             {"count", std::to_string(alert->count)}}));
    ImGui::TextDisabled("%s", tr.format("alerts.rule", {{"id", rule.id}}).c_str());

    // The rule explained, as the trainee needs it to judge: what it looks for and how it misfires.
    if (const std::string& description = rule.description_in(app.lang()); !description.empty()) {
        ImGui::TextColored(colour_muted(), "%s", tr.tr("alerts.description").c_str());
        wrapped_text(unfold_lines(description));
    }
    if (const auto techniques = rule.techniques(); !techniques.empty()) {
        std::string line;
        for (const auto& t : techniques) {
            if (!line.empty()) line += ", ";
            line += t;
        }
        ImGui::TextColored(colour_muted(), "%s:", tr.tr("alerts.techniques").c_str());
        ImGui::SameLine();
        ImGui::TextUnformatted(line.c_str());
    }
    if (const auto& falsepositives = rule.falsepositives_in(app.lang()); !falsepositives.empty()) {
        ImGui::TextColored(colour_muted(), "%s", tr.tr("alerts.falsepositives").c_str());
        for (const auto& f : falsepositives) wrapped_text("- " + f);
    }

    if (ImGui::Button(tr.tr("alerts.show_records").c_str())) show_records_in_logs(app, alert->number);
    show_records_rect_ = last_item_rect();
    // The first records behind the alert, as raw lines: the evidence the rule saw.
    const auto& store = attempt.engine().logs();
    const logs::Renderer renderer(attempt.scenario(), store);
    const std::size_t shown = std::min<std::size_t>(alert->records.size(), 5);
    for (std::size_t i = 0; i < shown; ++i) {
        const logs::Event& e = store.at(alert->records[i]);
        muted_text(renderer.line(e));
    }
    if (alert->records.size() > shown) ImGui::TextDisabled("…");

    ImGui::EndChild();

    // The verdict beside the explanation, so it stays in view however long the rule's text is.
    ImGui::SameLine();
    ImGui::BeginChild("##verdict", ImVec2(0, 0), true);
    ImGui::TextUnformatted(tr.tr("alerts.verdict").c_str());
    for (const detect::Verdict v : detect::kVerdicts) {
        if (ImGui::RadioButton(verdict_label(tr, v, false).c_str(), draft_ == v)) draft_ = v;
        verdict_rects_[static_cast<int>(v)] = last_item_rect();
    }
    ImGui::TextUnformatted(tr.tr("alerts.note").c_str());
    ImGui::InputTextMultiline("##note", &note_, ImVec2(-1, ImGui::GetTextLineHeight() * 3.5f));

    const auto saved = attempt.triage_of(alert->number);
    const bool changed = draft_ && (!saved || saved->verdict != *draft_ || saved->note != note_);
    ImGui::BeginDisabled(!changed);
    if (ImGui::Button(tr.tr("alerts.save").c_str()) && draft_) {
        const auto result = attempt.triage(alert->number, *draft_, note_);
        if (!result.ok) app.set_status(tr.tr(result.error_key));
    }
    save_rect_ = last_item_rect();
    ImGui::EndDisabled();
    if (changed)
        muted_text(tr.tr("alerts.changed"), colour_warn());
    else if (const auto now_saved = attempt.triage_of(alert->number))
        muted_text(tr.format("alerts.saved", {{"time", format_clock(now_saved->at, offset)},
                                              {"verdict", verdict_label(tr, now_saved->verdict, false)}}),
                   colour_good());
    else
        muted_text(tr.tr("alerts.not_saved"));
    ImGui::EndChild();
}

void AlertQueuePanel::show_records_in_logs(App& app, std::uint32_t number) {
    Attempt& attempt = *app.attempt();
    const detect::Alert* alert = attempt.find_alert(number);
    if (!alert) return;
    // The alert's group (src=10.20.0.117 query=api.example.net) as search terms, within the
    // time its records span: the same records the rule counted, and their neighbours of the group.
    std::string filter;
    for (const auto& [field, value] : alert->group_terms) filter += field + "=" + LogExplorerPanel::quote_value(value) + " ";
    const int offset = attempt.scenario().utc_offset_minutes;
    filter += "time>=\"" + format_time(alert->first, offset) + "\" time<=\"" + format_time(alert->last, offset) + "\"";
    app.show_logs(attempt.rule_of(*alert).source, filter);
}

}  // namespace socsim::app
