// The log explorer (see log_explorer_panel.h).
#include "app/log_explorer_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdlib>

#include "app/app.h"
#include "app/layout.h"

namespace socsim::app {
namespace {

constexpr logs::Source kSources[] = {logs::Source::Dns, logs::Source::Firewall, logs::Source::Dhcp, logs::Source::Auth};

const char* tab_key(logs::Source s) {
    switch (s) {
        case logs::Source::Dns: return "source.dns";
        case logs::Source::Firewall: return "source.firewall";
        case logs::Source::Dhcp: return "source.dhcp";
        case logs::Source::Auth: return "source.auth";
    }
    return "source.dns";
}

}  // namespace

void LogExplorerPanel::reset(const void* attempt) {
    for (auto& v : views_) v = SourceView{};
    for (std::size_t i = 0; i < views_.size(); ++i) views_[i].filter = logs::Filter::parse("", kSources[i]);
    selected_row_ = -1;
    attempt_ = attempt;
}

void LogExplorerPanel::set_filter(logs::Source source, const std::string& text) {
    auto& v = views_[static_cast<std::size_t>(source)];
    v.text = text;
    v.refilter = true;
    current_ = source;
    select_tab_ = true;
}

const std::vector<std::uint32_t>& LogExplorerPanel::rows(logs::Source source) const {
    return views_[static_cast<std::size_t>(source)].rows;
}

void LogExplorerPanel::update(App& app, logs::Source source, SourceView& view) {
    const Attempt& attempt = *app.attempt();
    const auto& store = attempt.engine().logs();
    if (view.refilter) {
        view.filter = logs::Filter::parse(view.text, source);
        view.rows.clear();
        view.scanned = 0;
        view.sorted_size = SIZE_MAX;
        view.refilter = false;
    }
    if (!view.filter.ok()) return;
    // Only the records that arrived since the last frame are tested.
    const logs::Renderer renderer(attempt.scenario(), store);
    const std::size_t total = store.of(source).size();
    view.filter.scan(renderer, store, source, view.scanned, total, view.rows);
    view.scanned = total;
}

void LogExplorerPanel::draw_table(App& app, logs::Source source, SourceView& view) {
    const Attempt& attempt = *app.attempt();
    const auto& store = attempt.engine().logs();
    const logs::Renderer renderer(attempt.scenario(), store);
    const auto& cols = logs::columns(source);
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersV | ImGuiTableFlags_Hideable |
                                  ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("records", static_cast<int>(cols.size()), flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    const float char_w = ImGui::CalcTextSize("0").x;
    for (std::size_t c = 0; c < cols.size(); ++c) {
        ImGuiTableColumnFlags cf = cols[c].width == 0 ? ImGuiTableColumnFlags_WidthStretch : ImGuiTableColumnFlags_WidthFixed;
        if (c == 0) cf |= ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending;
        ImGui::TableSetupColumn(app.tr().tr(cols[c].label).c_str(), cf, cols[c].width * char_w, static_cast<ImGuiID>(c));
    }
    ImGui::TableHeadersRow();

    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsCount > 0) {
        const int column = static_cast<int>(specs->Specs[0].ColumnUserID);
        const bool ascending = specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
        if (specs->SpecsDirty || column != view.sort_column || ascending != view.sort_ascending) {
            view.sort_column = column;
            view.sort_ascending = ascending;
            view.sorted_size = SIZE_MAX;
            specs->SpecsDirty = false;
        }
    }
    // Time order is the order of the store: only other columns need a sorted copy, rebuilt
    // when rows were added (at most once a frame, and only while such a sort is chosen).
    const bool by_time = view.sort_column == 0;
    if (!by_time && view.sorted_size != view.rows.size()) {
        view.sorted = view.rows;
        const std::string_view field = cols[static_cast<std::size_t>(view.sort_column)].field;
        // Numbers sort as numbers ("9.0" before "12.3"), addresses by their value, the rest as text;
        // the key is made once per row so the comparison stays a strict weak order.
        struct Key {
            int kind;        // 0 number, 1 address, 2 text
            double number;
            std::string text;
            std::uint32_t index;
        };
        std::vector<Key> keyed;
        keyed.reserve(view.sorted.size());
        for (auto index : view.sorted) {
            std::string text = renderer.field(store.at(index), field);
            Key k{2, 0, std::move(text), index};
            if (const auto ip = parse_ipv4(k.text)) {
                k.kind = 1;
                k.number = static_cast<double>(*ip);
            } else if (!k.text.empty() && k.text.find_first_not_of("0123456789.") == std::string::npos &&
                       std::count(k.text.begin(), k.text.end(), '.') <= 1 && k.text != ".") {
                k.kind = 0;
                k.number = std::strtod(k.text.c_str(), nullptr);
            }
            keyed.push_back(std::move(k));
        }
        const bool asc = view.sort_ascending;
        std::stable_sort(keyed.begin(), keyed.end(), [asc](const Key& a, const Key& b) {
            const auto less = [](const Key& x, const Key& y) {
                if (x.kind != y.kind) return x.kind < y.kind;
                return x.kind == 2 ? x.text < y.text : x.number < y.number;
            };
            return asc ? less(a, b) : less(b, a);
        });
        for (std::size_t i = 0; i < keyed.size(); ++i) view.sorted[i] = keyed[i].index;
        view.sorted_size = view.rows.size();
    }

    const std::size_t n = view.rows.size();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(n));
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const auto pos = static_cast<std::size_t>(r);
            const std::uint32_t index = by_time ? (view.sort_ascending ? view.rows[pos] : view.rows[n - 1 - pos]) : view.sorted[pos];
            const logs::Event& e = store.at(index);
            ImGui::TableNextRow();
            ImGui::PushID(static_cast<int>(index));
            for (std::size_t c = 0; c < cols.size(); ++c) {
                ImGui::TableSetColumnIndex(static_cast<int>(c));
                const std::string text = renderer.field(e, cols[c].field);
                if (c == 0) {
                    if (ImGui::Selectable(text.c_str(), selected_row_ == index, ImGuiSelectableFlags_SpanAllColumns))
                        selected_row_ = index;
                    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", renderer.line(e).c_str());
                    // Right-click the time to pin the record as evidence, with a note of why.
                    if (ImGui::BeginPopupContextItem("##pin")) {
                        Attempt* attempt = app.attempt();
                        if (attempt->is_pinned(index)) {
                            ImGui::TextDisabled("%s", app.tr().tr("action.already_pinned").c_str());
                        } else {
                            if (ImGui::IsWindowAppearing()) pin_note_.clear();
                            ImGui::TextUnformatted(app.tr().tr("evidence.note").c_str());
                            ImGui::SetNextItemWidth(420);
                            ImGui::InputTextWithHint("##note", app.tr().tr("evidence.note_hint").c_str(), &pin_note_);
                            if (ImGui::Button((app.tr().tr("evidence.pin") + "###pin").c_str())) {
                                try {
                                    const auto r = attempt->pin(index, pin_note_);
                                    if (!r.ok) app.set_status(app.tr().tr(r.error_key));
                                } catch (const store::StoreError& err) {
                                    app.set_status(err.what());
                                }
                                ImGui::CloseCurrentPopup();
                            }
                        }
                        ImGui::EndPopup();
                    }
                } else {
                    ImGui::TextUnformatted(text.c_str());
                    // Right-click a value to filter on it: the quickest pivot while hunting.
                    if (ImGui::BeginPopupContextItem(("##pivot" + std::to_string(c)).c_str())) {
                        const std::string term = std::string(cols[c].field) + "=" + text;
                        if (ImGui::MenuItem((app.tr().tr("explorer.filter_on") + "  " + term).c_str())) {
                            view.text = term;
                            view.refilter = true;
                        }
                        if (ImGui::MenuItem((app.tr().tr("explorer.exclude") + "  " + std::string(cols[c].field) + "!=" + text).c_str())) {
                            view.text += (view.text.empty() ? "" : " ") + std::string(cols[c].field) + "!=" + text;
                            view.refilter = true;
                        }
                        // An address or a host name: open the device behind it, as it was at this time.
                        if (const auto ip = parse_ipv4(text)) {
                            const std::string host = app.host_at(*ip);
                            if (!host.empty() && ImGui::MenuItem(app.tr().format("explorer.open_host", {{"host", host}}).c_str()))
                                app.host_view().open(host);
                        } else if (cols[c].field == "hostname" && ImGui::MenuItem(app.tr().format("explorer.open_host", {{"host", text}}).c_str())) {
                            app.host_view().open(text);
                        }
                        // Containment from the evidence itself: the name the malware asks for, the
                        // account the attacker uses.
                        if (cols[c].field == "query" && text.find('.') != std::string::npos && !attempt.ended()) {
                            ImGui::Separator();
                            const std::string parent = registrable_domain(text);
                            if (ImGui::MenuItem(app.tr().format("response.block_menu", {{"target", parent}}).c_str()))
                                app.response().ask(sim::ActionKind::BlockDomain, parent);
                            if (parent != text && ImGui::MenuItem(app.tr().format("response.block_menu", {{"target", text}}).c_str()))
                                app.response().ask(sim::ActionKind::BlockDomain, text);
                        }
                        if (cols[c].field == "user" && !attempt.ended()) {
                            ImGui::Separator();
                            if (ImGui::MenuItem(app.tr().format("response.disable_menu", {{"target", text}}).c_str()))
                                app.response().ask(sim::ActionKind::DisableAccount, text);
                            if (ImGui::MenuItem(app.tr().format("response.reset_menu", {{"target", text}}).c_str()))
                                app.response().ask(sim::ActionKind::ResetPassword, text);
                        }
                        ImGui::EndPopup();
                    }
                }
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

void LogExplorerPanel::draw(App& app) {
    if (!app.attempt()) return;
    if (attempt_ != app.attempt()) reset(app.attempt());
    const Catalog& tr = app.tr();
    if (ImGui::BeginTabBar("sources")) {
        for (auto source : kSources) {
            auto& view = views_[static_cast<std::size_t>(source)];
            update(app, source, view);
            const std::string label = tr.tr(tab_key(source)) + " (" + std::to_string(view.rows.size()) + ")###tab" +
                                      logs::source_name(source);
            ImGuiTabItemFlags tab_flags = (select_tab_ && current_ == source) ? ImGuiTabItemFlags_SetSelected : 0;
            if (!ImGui::BeginTabItem(label.c_str(), nullptr, tab_flags)) continue;
            if (!select_tab_) current_ = source;
            ImGui::SetNextItemWidth(-ImGui::CalcTextSize(tr.tr("explorer.clear").c_str()).x - 30);
            if (ImGui::InputTextWithHint("##filter", tr.tr("explorer.filter_hint").c_str(), &view.text)) view.refilter = true;
            ImGui::SameLine();
            if (ImGui::Button((tr.tr("explorer.clear") + "###clear").c_str())) {
                view.text.clear();
                view.refilter = true;
            }
            if (const auto& err = view.filter.error()) {
                ImGui::TextColored(colour_bad(), "%s %d: %s", tr.tr("explorer.error_at").c_str(), err->column,
                                   tr.format(err->key, err->args).c_str());
            } else {
                std::string fields;
                for (auto f : logs::field_names(source)) fields += (fields.empty() ? "" : " ") + std::string(f);
                ImGui::TextDisabled("%s %s", tr.tr("explorer.fields").c_str(), fields.c_str());
            }
            draw_table(app, source, view);
            ImGui::EndTabItem();
        }
        select_tab_ = false;
        ImGui::EndTabBar();
    }
}

}  // namespace socsim::app
