// The log explorer (see log_explorer_panel.h).
//
// [SECTION] Helpers
// [SECTION] Queries and their budget
// [SECTION] The query box: completion and history
// [SECTION] Progress, errors
// [SECTION] Records and the cell menu
// [SECTION] The stats table
// [SECTION] The panel
#include "app/log_explorer_panel.h"

#include <imgui.h>
#include <imgui_internal.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdlib>

#include "app/app.h"
#include "app/frame_budget.h"
#include "app/layout.h"
#include "app/shortcuts.h"
#include "app/text_wrap.h"
#include "core/common/net.h"

namespace socsim::app {

// -------------------------------------------------------------------------------------------------
// [SECTION] Helpers
// -------------------------------------------------------------------------------------------------

namespace {

constexpr logs::Source kSources[] = {logs::Source::Dns, logs::Source::Firewall, logs::Source::Dhcp, logs::Source::Auth};
constexpr std::size_t kShownCompletions = 8;
constexpr double kLateStepMs = 0.1;  // the one step a tab takes when the frame's budget is spent

const char* tab_key(logs::Source s) {
    switch (s) {
        case logs::Source::Dns: return "source.dns";
        case logs::Source::Firewall: return "source.firewall";
        case logs::Source::Dhcp: return "source.dhcp";
        case logs::Source::Auth: return "source.auth";
    }
    return "source.dns";
}

// The header label of a field: the source's column label, else the field's own name.
std::string column_label(const App& app, logs::Source source, const std::string& field) {
    for (const auto& c : logs::columns(source))
        if (c.field == field) return app.tr().tr(c.label);
    return field;
}

}  // namespace

std::string LogExplorerPanel::quote_value(const std::string& value) {
    const bool plain = !value.empty() && value.find_first_of(" \t\r\n()|\"\\") == std::string::npos;
    if (plain) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

std::string LogExplorerPanel::add_term(const std::string& text, const std::string& term) {
    // The search ends at the first `|` outside quotes; the pipeline after it stays.
    std::size_t bar = std::string::npos;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\\' && quoted) {
            ++i;
            continue;
        }
        if (text[i] == '"') quoted = !quoted;
        if (!quoted && text[i] == '|') {
            bar = i;
            break;
        }
    }
    std::string search = text.substr(0, bar);
    while (!search.empty() && search.back() == ' ') search.pop_back();
    std::string out = search.empty() ? term : search + " " + term;
    if (bar != std::string::npos) out += " " + text.substr(bar);
    return out;
}

// -------------------------------------------------------------------------------------------------
// [SECTION] Queries and their budget
// -------------------------------------------------------------------------------------------------

void LogExplorerPanel::reset(const void* attempt) {
    for (auto& v : views_) v = SourceView{};
    selected_row_ = -1;
    attempt_ = attempt;
}

void LogExplorerPanel::set_filter(logs::Source source, const std::string& text) {
    auto& v = view(source);
    v.text = text;
    v.refilter = true;
    v.history_pos = -1;
    current_ = source;
    select_tab_ = true;
}

const std::vector<std::uint32_t>& LogExplorerPanel::rows(logs::Source source) {
    static const std::vector<std::uint32_t> none;
    auto& v = view(source);
    if (!v.run || v.run->is_table()) return none;
    return v.run->rows();
}

void LogExplorerPanel::pivot(SourceView& v, const std::string& term) {
    v.text = add_term(v.text, term);
    v.refilter = true;
    v.history_pos = -1;
    history_.add(v.text);
}

void LogExplorerPanel::update(App& app, logs::Source source, SourceView& v, double deadline_ms) {
    const Attempt& attempt = *app.attempt();
    const auto& store = attempt.engine().logs();
    if (v.refilter) {
        v.refilter = false;
        v.run.reset();
        v.error.reset();
        v.cancelled = false;
        v.sorted_size = SIZE_MAX;
        v.chunk = 4096;
        v.ms_per_record = 0;
        logs::Query q = logs::Query::parse(v.text, source);
        if (!q.ok()) {
            v.error = q.error();
            return;
        }
        v.query_orders = std::any_of(q.commands().begin(), q.commands().end(),
                                     [](const logs::QueryCommand& c) { return c.kind == logs::QueryCommand::Kind::Sort; });
        v.run.emplace(std::move(q), attempt.scenario(), store, attempt.engine().now());
    }
    if (!v.run) return;
    // A finished count's groups are ordered on a worker thread, not in a frame: asked once here,
    // the tab's label and table read the answer.
    v.table_ready = v.run->is_table() && (v.cancelled || v.run->caught_up()) && v.run->table_ready();
    if (v.cancelled || v.run->caught_up() || v.run->ordering()) return;
    // Every tab takes at least one step a frame, so none starves; the rest of the budget goes to
    // whichever comes first (the visible tab). The chunk grows while steps are quick and shrinks
    // when they are slow (free words render lines), and a step is cut to the time left, from the
    // query's measured cost per record. Past the deadline a tab's one step is a small one: with
    // 10 million records each hidden tab's full chunk (2 million records) cost ~3 ms, and the
    // frame 11 ms.
    std::size_t records_left = budget_.records;
    bool forced = true;
    while (records_left > 0 && !v.run->caught_up()) {
        const double t0 = wall_ms();
        const double left_ms = deadline_ms - t0;
        if (!forced && left_ms <= 0) break;
        forced = false;
        std::size_t n = std::min(v.chunk, records_left);
        if (v.ms_per_record > 0) {
            // Three quarters of the time left: a step's cost per record varies (free words
            // render lines of any length), and the frame must not overrun.
            const double fits = std::max(left_ms * 0.75, kLateStepMs) / v.ms_per_record;
            n = std::min(n, std::max<std::size_t>(256, static_cast<std::size_t>(fits)));
        }
        v.run->step(n);
        records_left -= n;
        const double spent = wall_ms() - t0;
        v.ms_per_record = spent / static_cast<double>(n);
        if (spent < 0.25 && v.chunk < (std::size_t{1} << 21)) v.chunk *= 2;
        else if (spent > 1.0 && v.chunk > 512) v.chunk /= 2;
    }
}

// -------------------------------------------------------------------------------------------------
// [SECTION] The query box: completion and history
// -------------------------------------------------------------------------------------------------

namespace {

struct BoxContext {
    LogExplorerPanel* panel;
    void* view;
    logs::Source source;
    const logs::QueryHistory* history;
    std::size_t choice;
    bool walked = false;   // Up/Down replaced the text
    bool completed = false;  // Tab accepted a completion
};

}  // namespace

int LogExplorerPanel::history_callback(ImGuiInputTextCallbackData* data) {
    auto& ctx = *static_cast<BoxContext*>(data->UserData);
    auto& v = *static_cast<SourceView*>(ctx.view);
    const auto replace_all = [&](const std::string& text) {
        data->DeleteChars(0, data->BufTextLen);
        data->InsertChars(0, text.c_str());
    };
    switch (data->EventFlag) {
        case ImGuiInputTextFlags_CallbackHistory: {
            const auto& entries = ctx.history->entries();
            if (entries.empty()) break;
            if (v.history_pos < 0) v.before_history.assign(data->Buf, static_cast<std::size_t>(data->BufTextLen));
            if (data->EventKey == ImGuiKey_UpArrow && v.history_pos + 1 < static_cast<int>(entries.size())) ++v.history_pos;
            else if (data->EventKey == ImGuiKey_DownArrow && v.history_pos >= 0) --v.history_pos;
            else break;
            replace_all(v.history_pos < 0 ? v.before_history : entries[static_cast<std::size_t>(v.history_pos)]);
            ctx.walked = true;
            break;
        }
        case ImGuiInputTextFlags_CallbackCompletion: {
            const std::string_view text(data->Buf, static_cast<std::size_t>(data->BufTextLen));
            const auto offers = logs::complete(text, static_cast<std::size_t>(data->CursorPos), ctx.source);
            if (offers.empty()) break;
            const auto& c = offers[std::min(ctx.choice, offers.size() - 1)];
            data->DeleteChars(static_cast<int>(c.replace_from), static_cast<int>(c.replace_to - c.replace_from));
            data->InsertChars(static_cast<int>(c.replace_from), c.text.c_str());
            ctx.completed = true;
            break;
        }
        default: break;
    }
    v.cursor = static_cast<std::size_t>(data->CursorPos);
    return 0;
}

void LogExplorerPanel::draw_box(App& app, logs::Source source, SourceView& v) {
    const Catalog& tr = app.tr();
    const float history_w = ImGui::CalcTextSize(tr.tr("explorer.history").c_str()).x + 30;
    const float clear_w = ImGui::CalcTextSize(tr.tr("explorer.clear").c_str()).x + 30;
    ImGui::SetNextItemWidth(-(history_w + clear_w));
    if (focus_box_) {
        ImGui::SetKeyboardFocusHere();
        focus_box_ = false;
    }
    if (accept_) {
        // A completion clicked last frame: the box had lost the keyboard, so its text can be set.
        v.text = *accept_;
        v.refilter = true;
        v.cursor = v.text.size();
        accept_.reset();
        ImGui::SetKeyboardFocusHere();
    }
    BoxContext ctx{this, &v, source, &history_, completion_choice_};
    const ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackHistory | ImGuiInputTextFlags_CallbackCompletion |
                                      ImGuiInputTextFlags_CallbackAlways | ImGuiInputTextFlags_EnterReturnsTrue;
    const std::string before = v.text;
    const bool entered =
        ImGui::InputTextWithHint("##query", tr.tr("explorer.query_hint").c_str(), &v.text, flags, &history_callback, &ctx);
    app.note_item("explorer/box");
    const bool active = ImGui::IsItemActive();
    const ImVec2 box_min = ImGui::GetItemRectMin();
    const ImVec2 box_max = ImGui::GetItemRectMax();
    if (v.text != before) {
        v.refilter = true;
        v.edited = !ctx.walked && !ctx.completed;
        if (!ctx.walked) v.history_pos = -1;
        completion_choice_ = 0;
    }
    if (entered) {
        history_.add(v.text);
        v.history_pos = -1;
        v.edited = false;
        ImGui::SetKeyboardFocusHere(-1);  // Enter keeps the keyboard in the box
    }
    if (!active && !ImGui::IsWindowFocused(ImGuiFocusedFlags_AnyWindow)) v.edited = false;

    ImGui::SameLine();
    if (ImGui::Button((tr.tr("explorer.history") + "###history").c_str())) ImGui::OpenPopup("##history");
    if (ImGui::BeginPopup("##history")) {
        if (history_.entries().empty()) ImGui::TextDisabled("%s", tr.tr("explorer.history_empty").c_str());
        for (std::size_t i = 0; i < history_.entries().size(); ++i) {
            ImGui::PushID(static_cast<int>(i));
            if (ImGui::Selectable(history_.entries()[i].c_str())) {
                v.text = history_.entries()[i];
                v.refilter = true;
                v.history_pos = -1;
            }
            ImGui::PopID();
        }
        ImGui::EndPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button((tr.tr("explorer.clear") + "###clear").c_str())) {
        v.text.clear();
        v.refilter = true;
        v.history_pos = -1;
    }

    // The popup stays while the mouse is over it, so a click on it lands even though the press
    // takes the keyboard from the box.
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool over_popup = mouse.x >= completion_rect_[0] && mouse.y >= completion_rect_[1] &&
                            mouse.x < completion_rect_[2] && mouse.y < completion_rect_[3];
    completion_rect_ = {0, 0, 0, 0};
    if (v.edited && (active || over_popup)) draw_completion(v, source, box_min.x, box_max.y, box_max.x - box_min.x);

    if (v.error) {
        // A caret under the column the parser named, and the message in the trainee's language.
        const std::size_t col = static_cast<std::size_t>(std::max(1, v.error->column)) - 1;
        const std::string upto = v.text.substr(0, std::min(col, v.text.size()));
        const float x = ImGui::GetStyle().FramePadding.x + ImGui::CalcTextSize(upto.c_str()).x;
        ImGui::SetCursorPosX(ImGui::GetCursorPosX() + x - ImGui::CalcTextSize("^").x * 0.5f);
        ImGui::TextColored(colour_bad(), "^");
        ImGui::TextColored(colour_bad(), "%s", tr.format("explorer.error_column", {{"column", std::to_string(v.error->column)},
                                                                                   {"message", tr.format(v.error->key, v.error->args)}})
                                                   .c_str());
    }
}

void LogExplorerPanel::draw_completion(SourceView& v, logs::Source source, float x, float y, float width) {
    const auto offers = logs::complete(v.text, v.cursor, source);
    if (offers.empty()) return;
    // Nothing to offer when the word is already whole.
    const std::string_view word = std::string_view(v.text).substr(offers[0].replace_from, offers[0].replace_to - offers[0].replace_from);
    if (offers.size() == 1 && offers[0].text == word) return;
    if (completion_choice_ >= offers.size()) completion_choice_ = 0;
    ImGui::SetNextWindowPos(ImVec2(x, y));
    ImGui::SetNextWindowSizeConstraints(ImVec2(std::min(width, 240.0f), 0), ImVec2(width, 400));
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav;
    if (ImGui::Begin("##query_completion", nullptr, flags)) {
        ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
        for (std::size_t i = 0; i < std::min(offers.size(), kShownCompletions); ++i) {
            const auto& c = offers[i];
            if (ImGui::Selectable(c.text.c_str(), i == completion_choice_)) {
                std::string text = v.text;
                text.replace(c.replace_from, c.replace_to - c.replace_from, c.text);
                accept_ = std::move(text);
                v.edited = false;
            }
            if (ImGui::IsItemHovered()) completion_choice_ = i;
        }
        if (offers.size() > kShownCompletions) ImGui::TextDisabled("...");
    }
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    completion_rect_ = {pos.x, pos.y, pos.x + size.x, pos.y + size.y};
    ImGui::End();
}

// -------------------------------------------------------------------------------------------------
// [SECTION] Progress, errors
// -------------------------------------------------------------------------------------------------

void LogExplorerPanel::draw_status(App& app, SourceView& v) {
    const Catalog& tr = app.tr();
    if (!v.run) return;
    auto& run = *v.run;
    if (v.cancelled || !run.caught_up()) {
        const std::string pct = std::to_string(static_cast<int>(run.progress() * 100)) + "%";
        const std::string label = tr.format("explorer.scanned", {{"scanned", std::to_string(run.scanned())},
                                                                 {"total", std::to_string(run.total())},
                                                                 {"percent", pct}});
        ImGui::ProgressBar(static_cast<float>(run.progress()), ImVec2(-160, 0), label.c_str());
        ImGui::SameLine();
        if (!v.cancelled) {
            if (ImGui::Button((tr.tr("explorer/cancel") + "###cancel").c_str())) v.cancelled = true;
            app.note_item("explorer/cancel");
        } else if (ImGui::Button((tr.tr("explorer.resume") + "###resume").c_str())) {
            v.cancelled = false;
        }
        if (v.cancelled) ImGui::TextDisabled("%s", tr.tr("explorer.cancelled").c_str());
        return;
    }
    ImGui::TextDisabled("%s", tr.format("explorer.matched", {{"matched", std::to_string(run.matched())},
                                                              {"total", std::to_string(run.total())}})
                                  .c_str());
}

// -------------------------------------------------------------------------------------------------
// [SECTION] Records and the cell menu
// -------------------------------------------------------------------------------------------------

void LogExplorerPanel::draw_cell_menu(App& app, SourceView& v, const std::string& field, const std::string& text) {
    const Catalog& tr = app.tr();
    const Attempt& attempt = *app.attempt();
    const std::string value = quote_value(text);
    if (ImGui::MenuItem(tr.format("explorer.filter_by", {{"term", field + "=" + value}}).c_str())) pivot(v, field + "=" + value);
    app.note_item("explorer/menu/filter_by");
    if (ImGui::MenuItem(tr.format("explorer.exclude_term", {{"term", field + "!=" + value}}).c_str())) pivot(v, field + "!=" + value);
    app.note_item("explorer/menu/exclude");
    // An address or a host name: open the device behind it, as it was at this time.
    if (const auto ip = parse_ipv4(text)) {
        const std::string host = app.host_at(*ip);
        if (!host.empty()) {
            if (ImGui::MenuItem(tr.format("explorer.open_host", {{"host", host}}).c_str())) app.host_view().open(host);
            app.note_item("explorer/menu/open_host");
        }
    } else if (field == "hostname" && !text.empty() && text != "-" &&
               ImGui::MenuItem(tr.format("explorer.open_host", {{"host", text}}).c_str())) {
        app.host_view().open(text);
    }
    // Containment from the evidence itself: the name the malware asks for, the account the
    // attacker uses.
    if ((field == "query" || field == "answer") && !parse_ipv4(text) && text.find('.') != std::string::npos && !attempt.ended()) {
        ImGui::Separator();
        const std::string parent = registrable_domain(text);
        if (ImGui::MenuItem(tr.format("response.block_menu", {{"target", parent}}).c_str()))
            app.response().ask(sim::ActionKind::BlockDomain, parent);
        if (parent != text && ImGui::MenuItem(tr.format("response.block_menu", {{"target", text}}).c_str()))
            app.response().ask(sim::ActionKind::BlockDomain, text);
    }
    if (field == "user" && !text.empty() && text != "-" && !attempt.ended()) {
        ImGui::Separator();
        if (ImGui::MenuItem(tr.format("response.disable_menu", {{"target", text}}).c_str()))
            app.response().ask(sim::ActionKind::DisableAccount, text);
        if (ImGui::MenuItem(tr.format("response.reset_menu", {{"target", text}}).c_str()))
            app.response().ask(sim::ActionKind::ResetPassword, text);
    }
}

void LogExplorerPanel::draw_records(App& app, logs::Source source, SourceView& v) {
    Attempt& attempt = *app.attempt();
    const auto& store = attempt.engine().logs();
    const logs::Renderer renderer(attempt.scenario(), store);
    const auto& fields = v.run->columns();
    const auto& all_columns = logs::columns(source);
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                            ImGuiTableFlags_BordersV | ImGuiTableFlags_Hideable | ImGuiTableFlags_SizingFixedFit;
    if (!v.query_orders) flags |= ImGuiTableFlags_Sortable;
    if (fields.empty() || !ImGui::BeginTable("records", static_cast<int>(fields.size()), flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    const float char_w = ImGui::CalcTextSize("0").x;
    for (std::size_t c = 0; c < fields.size(); ++c) {
        int width = 12;
        for (const auto& col : all_columns)
            if (col.field == fields[c]) width = col.width;
        ImGuiTableColumnFlags cf = width == 0 ? ImGuiTableColumnFlags_WidthStretch : ImGuiTableColumnFlags_WidthFixed;
        if (c == 0) cf |= ImGuiTableColumnFlags_DefaultSort | ImGuiTableColumnFlags_PreferSortDescending;
        ImGui::TableSetupColumn(column_label(app, source, fields[c]).c_str(), cf, static_cast<float>(width) * char_w, static_cast<ImGuiID>(c));
    }
    // The header row by hand, so each header can say what its column means to a newcomer.
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (std::size_t c = 0; c < fields.size(); ++c) {
        if (!ImGui::TableSetColumnIndex(static_cast<int>(c))) continue;
        ImGui::TableHeader(ImGui::TableGetColumnName(static_cast<int>(c)));
        const std::string tip = "tip.field_" + fields[c];
        if (ImGui::IsItemHovered() && app.tr().has(tip, app.lang())) ImGui::SetTooltip("%s", app.tr().tr(tip).c_str());
    }

    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsCount > 0) {
        const int column = static_cast<int>(specs->Specs[0].ColumnUserID);
        const bool ascending = specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
        if (specs->SpecsDirty || column != v.sort_column || ascending != v.sort_ascending) {
            v.sort_column = column;
            v.sort_ascending = ascending;
            v.sorted_size = SIZE_MAX;
            specs->SpecsDirty = false;
        }
    }
    const auto& rows = v.run->rows();
    // The query's own order (`| sort`) is shown as it is. Time order is the order of the store:
    // only other columns need a sorted copy, rebuilt when rows were added, and never while the
    // query is still being evaluated (it would be rebuilt every frame).
    const bool as_given = v.query_orders;
    const bool by_time = as_given || v.sort_column == 0 || fields[static_cast<std::size_t>(v.sort_column)] == "time";
    const bool time_ascending = as_given || v.sort_ascending;
    if (!by_time && v.sorted_size != rows.size() && v.run->caught_up()) {
        const std::string& field = fields[static_cast<std::size_t>(v.sort_column)];
        // Numbers sort as numbers ("9.0" before "12.3"), addresses by their value, the rest as
        // text; the key is made once per row so the comparison stays a strict weak order.
        struct Key {
            int kind;  // 0 number, 1 address, 2 text
            double number;
            std::string text;
            std::uint32_t index;
        };
        std::vector<Key> keyed;
        keyed.reserve(rows.size());
        for (auto index : rows) {
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
        const bool asc = v.sort_ascending;
        std::stable_sort(keyed.begin(), keyed.end(), [asc](const Key& a, const Key& b) {
            const auto less = [](const Key& x, const Key& y) {
                if (x.kind != y.kind) return x.kind < y.kind;
                return x.kind == 2 ? x.text < y.text : x.number < y.number;
            };
            return asc ? less(a, b) : less(b, a);
        });
        v.sorted.resize(keyed.size());
        for (std::size_t i = 0; i < keyed.size(); ++i) v.sorted[i] = keyed[i].index;
        v.sorted_size = rows.size();
    }
    const bool use_sorted = !by_time && v.sorted_size != SIZE_MAX;

    const std::size_t n = use_sorted ? v.sorted.size() : rows.size();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(n));
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const auto pos = static_cast<std::size_t>(r);
            const std::uint32_t index = use_sorted ? v.sorted[pos] : (time_ascending ? rows[pos] : rows[n - 1 - pos]);
            const logs::Event& e = store.at(index);
            ImGui::TableNextRow();
            ImGui::PushID(static_cast<int>(index));
            for (std::size_t c = 0; c < fields.size(); ++c) {
                ImGui::TableSetColumnIndex(static_cast<int>(c));
                const std::string text = renderer.field(e, fields[c]);
                if (fields[c] == "time") {
                    if (ImGui::Selectable(text.c_str(), selected_row_ == index, ImGuiSelectableFlags_SpanAllColumns))
                        selected_row_ = index;
                    if (app.recording_items()) app.note_item("explorer/time:" + std::to_string(index));
                    if (ImGui::IsItemHovered()) {
                        ImGui::BeginTooltip();
                        ImGui::TextUnformatted(renderer.line(e).c_str());
                        ImGui::TextDisabled("%s", app.tr().tr("tip.row_time").c_str());
                        ImGui::EndTooltip();
                    }
                    // Right-click the time to pin the record as evidence, with a note of why.
                    if (ImGui::BeginPopupContextItem("##pin")) {
                        if (attempt.is_pinned(index)) {
                            ImGui::TextDisabled("%s", app.tr().tr("action.already_pinned").c_str());
                        } else {
                            if (ImGui::IsWindowAppearing()) pin_note_.clear();
                            ImGui::TextUnformatted(app.tr().tr("evidence.note").c_str());
                            ImGui::SetNextItemWidth(420);
                            ImGui::InputTextWithHint("##note", app.tr().tr("evidence.note_hint").c_str(), &pin_note_);
                            app.note_item("explorer/pin_note");
                            const bool pin = ImGui::Button((app.tr().tr("evidence.pin") + "###pin").c_str());
                            app.note_item("explorer/pin");
                            if (pin) {
                                try {
                                    const auto result = attempt.pin(index, pin_note_);
                                    if (!result.ok) app.set_status(app.tr().tr(result.error_key));
                                } catch (const store::StoreError& err) {
                                    app.set_status(err.what());
                                }
                                ImGui::CloseCurrentPopup();
                            }
                        }
                        ImGui::EndPopup();
                    }
                    continue;
                }
                // Every value cell is a pivot: double-click filters by it, right-click offers the rest.
                ImGui::PushID(static_cast<int>(c));
                ImGui::Selectable(text.c_str(), false, ImGuiSelectableFlags_AllowDoubleClick);
                if (app.recording_items()) app.note_item("explorer/cell:" + std::to_string(index) + ":" + fields[c]);
                if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))
                    pivot(v, fields[c] + "=" + quote_value(text));
                if (ImGui::BeginPopupContextItem("##pivot")) {
                    draw_cell_menu(app, v, fields[c], text);
                    ImGui::EndPopup();
                }
                ImGui::PopID();
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

void LogExplorerPanel::draw_pin_dialog(App& app) {
    const Catalog& tr = app.tr();
    Attempt& attempt = *app.attempt();
    if (ask_pin_) {
        ask_pin_ = false;
        if (!selected_record()) return;
        if (attempt.is_pinned(*selected_record())) {
            app.set_status(tr.tr("action.already_pinned"));
            return;
        }
        pin_note_.clear();
        ImGui::OpenPopup("###pin_dialog");
    }
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 32, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal((tr.tr("evidence.pin_title") + "###pin_dialog").c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings))
        return;
    const auto record = selected_record();
    if (record && *record < attempt.engine().logs().size()) {
        const logs::Renderer renderer(attempt.scenario(), attempt.engine().logs());
        wrapped_text(renderer.line(attempt.engine().logs().at(*record)));
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(tr.tr("evidence.note").c_str());
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    const bool entered = ImGui::InputTextWithHint("##pin_note", tr.tr("evidence.note_hint").c_str(), &pin_note_,
                                                  ImGuiInputTextFlags_EnterReturnsTrue);
    if ((ImGui::Button((tr.tr("evidence.pin") + "###pin_confirm").c_str()) || entered) && record) {
        try {
            const auto result = attempt.pin(*record, pin_note_);
            if (!result.ok) app.set_status(tr.tr(result.error_key));
        } catch (const store::StoreError& err) {
            app.set_status(err.what());
        }
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button((tr.tr("common.cancel") + "###pin_cancel").c_str()) || escape_pressed()) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

// -------------------------------------------------------------------------------------------------
// [SECTION] The stats table
// -------------------------------------------------------------------------------------------------

void LogExplorerPanel::draw_stats(App& app, SourceView& v) {
    // While a worker orders the groups, the table made before stays (empty the first time).
    if (!v.table_ready) ImGui::TextDisabled("%s", app.tr().tr("explorer.ordering").c_str());
    const logs::ResultTable& table = v.table_ready ? v.run->table() : v.run->last_table();
    const auto& columns = table.columns();
    // Which columns hold a group's by-field value: clicking a row adds those to the search.
    std::vector<bool> by(columns.size(), false);
    for (const auto& cmd : v.run->query().commands())
        if (cmd.kind == logs::QueryCommand::Kind::Stats)
            for (const logs::Field* f : cmd.by)
                for (std::size_t c = 0; c < columns.size(); ++c)
                    if (columns[c] == f->name) by[c] = true;
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Resizable |
                                  ImGuiTableFlags_BordersV | ImGuiTableFlags_SizingStretchProp;
    if (columns.empty() || !ImGui::BeginTable("stats", static_cast<int>(columns.size()), flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const auto& c : columns) ImGui::TableSetupColumn(c.c_str());
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(table.size()));
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const auto row = table.row(static_cast<std::size_t>(r));
            ImGui::TableNextRow();
            ImGui::PushID(r);
            for (std::size_t c = 0; c < row.size(); ++c) {
                ImGui::TableSetColumnIndex(static_cast<int>(c));
                if (c == 0) {
                    if (ImGui::Selectable(row[c].text.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) {
                        // A group's records: its values join the search, the pipeline goes.
                        std::string text = v.text;
                        if (const int bar = v.run->query().first_command_column(); bar > 0) text = text.substr(0, static_cast<std::size_t>(bar - 1));
                        while (!text.empty() && text.back() == ' ') text.pop_back();
                        for (std::size_t k = 0; k < row.size(); ++k)
                            if (by[k]) text = add_term(text, columns[k] + "=" + quote_value(row[k].text));
                        v.text = text;
                        v.refilter = true;
                        v.history_pos = -1;
                        history_.add(v.text);
                    }
                } else {
                    ImGui::TextUnformatted(row[c].text.c_str());
                }
            }
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

// -------------------------------------------------------------------------------------------------
// [SECTION] The panel
// -------------------------------------------------------------------------------------------------

void LogExplorerPanel::draw(App& app) {
    if (!app.attempt()) return;
    if (attempt_ != app.attempt()) reset(app.attempt());
    const Catalog& tr = app.tr();
    // The visible tab is evaluated first and gets most of the frame's budget.
    const double deadline = std::min(app.work_deadline_ms(), wall_ms() + budget_.milliseconds);
    update(app, current_, view(current_), deadline);
    for (auto source : kSources)
        if (source != current_) update(app, source, view(source), deadline);

    if (ImGui::BeginTabBar("sources")) {
        for (auto source : kSources) {
            auto& v = view(source);
            std::string count = "-";
            // A stats table is made when the counting is over (or stopped), not every frame.
            if (v.run && !v.run->is_table()) count = std::to_string(v.run->rows().size());
            else if (v.run && v.table_ready) count = std::to_string(v.run->table().size());
            const std::string label = tr.tr(tab_key(source)) + " (" + count + ")###tab" + logs::source_name(source);
            ImGuiTabItemFlags tab_flags = (select_tab_ && current_ == source) ? ImGuiTabItemFlags_SetSelected : 0;
            if (!ImGui::BeginTabItem(label.c_str(), nullptr, tab_flags)) continue;
            if (!select_tab_) current_ = source;
            draw_box(app, source, v);
            if (!v.error) {
                ImGui::TextDisabled("%s", tr.tr("explorer.examples").c_str());
                draw_status(app, v);
            }
            if (v.run) {
                if (v.run->is_table()) {
                    if (v.run->caught_up() || v.cancelled || v.run->ordering()) draw_stats(app, v);
                }
                else draw_records(app, source, v);
            }
            ImGui::EndTabItem();
        }
        select_tab_ = false;
        ImGui::EndTabBar();
    }
    draw_pin_dialog(app);
}

}  // namespace socsim::app
