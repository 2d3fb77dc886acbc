// The Charts tab (see charts_panel.h).
//
// [SECTION] Keeping up with the store
// [SECTION] Records over time
// [SECTION] Beacon candidates and the chosen pair
// [SECTION] Top talkers and NXDOMAIN share
#include "app/charts_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "app/app.h"
#include "app/frame_budget.h"
#include "app/layout.h"
#include "app/text_wrap.h"
#include "core/common/net.h"

namespace socsim::app {
namespace {

// How often lists and the chosen pair's detail are remade while records stream in (real ms):
// sorting thousands of devices each frame would cost more than the trainee can see.
constexpr double kRefreshMs = 500;

// One colour per source, the same in the bars and the legend.
ImU32 source_colour(int source) {
    static const ImU32 colours[logs::kSourceCount] = {
        IM_COL32(86, 156, 230, 255),   // DNS: blue
        IM_COL32(235, 150, 60, 255),   // firewall: orange
        IM_COL32(110, 195, 120, 255),  // DHCP: green
        IM_COL32(190, 120, 220, 255),  // logons: violet
    };
    return colours[source];
}

const char* source_key(int source) {
    static const char* const keys[logs::kSourceCount] = {"source.dns", "source.firewall", "source.dhcp", "source.auth"};
    return keys[source];
}

std::string two_decimals(double v) {
    char text[16];
    std::snprintf(text, sizeof text, "%.2f", v);
    return text;
}

// "09:15" from the one clock formatter (which writes "09:15:03"): axis labels need no seconds.
std::string hour_minute(SimTime t, int offset) { return format_clock(t, offset).substr(0, 5); }

// A "(?)" that explains its neighbour in a tooltip, wrapped to a readable width.
void help_marker(const std::string& text) {
    ImGui::SameLine();
    ImGui::TextDisabled("(?)");
    if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        wrapped_text(text, ImGui::GetFontSize() * 28.0f);
        ImGui::EndTooltip();
    }
}

// A horizontal bar of `fraction` of `width`, on the current line.
void bar(float fraction, float width, ImU32 colour) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), IM_COL32(255, 255, 255, 18));
    dl->AddRectFilled(p, ImVec2(p.x + width * std::clamp(fraction, 0.0f, 1.0f), p.y + h), colour);
    ImGui::Dummy(ImVec2(width, h));
}

ImU32 score_colour(double score) {
    const ImVec4 c = score >= 0.8 ? colour_bad() : score >= 0.6 ? colour_warn() : colour_muted();
    return ImGui::ColorConvertFloat4ToU32(c);
}

}  // namespace

// -------------------------------------------------------------------------------------------------
// [SECTION] Keeping up with the store
// -------------------------------------------------------------------------------------------------

void ChartsPanel::select_pair(const Attempt& attempt, Ipv4 client, std::uint32_t domain) {
    bind(attempt);
    selected_ = Pair{client, domain};
    detail_.reset();
    detail_seen_ = SIZE_MAX;
}

void ChartsPanel::bind(const Attempt& attempt) {
    const logs::LogStore& store = attempt.engine().logs();
    // A new attempt (or one whose store was emptied) starts the charts again.
    if (attempt_ != &attempt || !charts_ || charts_->seen() > store.size()) {
        charts_ = std::make_unique<analytics::Charts>(attempt.clock().start());
        charts_->set_beacon_window(window_);
        attempt_ = &attempt;
        host_ = -1;
        selected_.reset();
        detail_.reset();
        detail_seen_ = lists_seen_ = SIZE_MAX;
    }
}

void ChartsPanel::keep_up(App& app) {
    if (!app.attempt() || drawn_frame_ == ImGui::GetFrameCount()) return;
    // Behind the other tabs the charts take what the frame's sliced work left, if anything.
    const double left = app.work_deadline_ms() - wall_ms();
    if (left > 0) update(app, std::min(budget_ms_ / 2, left));
}

void ChartsPanel::update(App& app, double budget_ms) {
    Attempt& attempt = *app.attempt();
    const logs::LogStore& store = attempt.engine().logs();
    bind(attempt);
    // Slices of work until the frame's share is spent; whatever is left waits for the next frame.
    const double deadline = wall_ms() + budget_ms;
    do {
        if (charts_->update(store, attempt.clock().now(), analytics::ChartsBudget{slice_, 64})) break;
    } while (wall_ms() < deadline);
}

void ChartsPanel::draw(App& app) {
    if (!app.attempt()) return;
    drawn_frame_ = ImGui::GetFrameCount();
    update(app, budget_ms_);
    pair_rects_.clear();
    talker_rects_.clear();
    bar_menu_rects_.clear();
    open_host_rect_ = show_logs_rect_ = Rect{};
    const Catalog& tr = app.tr();
    const std::size_t total = app.attempt()->engine().logs().size();
    if (charts_->seen() < total) {
        // Catching up with a large store: the bars grow as the slices are read.
        const std::string label = tr.format("charts.reading", {{"done", std::to_string(charts_->seen())},
                                                               {"total", std::to_string(total)}});
        ImGui::ProgressBar(static_cast<float>(charts_->seen()) / static_cast<float>(total), ImVec2(-1, 0), label.c_str());
    }
    draw_timeline(app);
    const float left = ImGui::GetContentRegionAvail().x * 0.58f;
    ImGui::BeginChild("charts_left", ImVec2(left, 0), false);
    draw_pairs(app);
    draw_pair_detail(app);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("charts_right", ImVec2(0, 0), false);
    draw_talkers(app);
    draw_nxdomain(app);
    ImGui::EndChild();
}

std::string ChartsPanel::device_name(App& app, const analytics::Who& who) const {
    const auto& hosts = app.attempt()->scenario().network.hosts;
    if (who.host != logs::kNoHost && who.host < hosts.size()) return hosts[who.host].hostname;
    return format_ipv4(who.ip);
}

Ipv4 ChartsPanel::device_ip(App& app, const analytics::Who& who) const {
    const auto& hosts = app.attempt()->scenario().network.hosts;
    if (who.host != logs::kNoHost && who.host < hosts.size()) return hosts[who.host].ip;
    return who.ip;
}

void ChartsPanel::device_cell(App& app, const analytics::Who& who, float width, const char* id) {
    const Catalog& tr = app.tr();
    const std::string name = device_name(app, who);
    const bool known = who.host != logs::kNoHost;
    ImGui::PushID(id);
    if (ImGui::Selectable((name + "##device").c_str(), false, 0, ImVec2(width, 0)) && known) app.host_view().open(name);
    talker_rects_[name] = Rect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    if (known && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr.format("explorer.open_host", {{"host", name}}).c_str());
    if (ImGui::BeginPopupContextItem("device_menu")) {
        if (known && ImGui::MenuItem(tr.format("explorer.open_host", {{"host", name}}).c_str())) app.host_view().open(name);
        const std::string src = "src=" + format_ipv4(device_ip(app, who));
        if (ImGui::MenuItem(tr.tr("charts.show_dns").c_str())) app.show_logs(logs::Source::Dns, src);
        if (ImGui::MenuItem(tr.tr("charts.show_firewall").c_str())) app.show_logs(logs::Source::Firewall, src);
        ImGui::EndPopup();
    }
    ImGui::PopID();
}

// -------------------------------------------------------------------------------------------------
// [SECTION] Records over time
// -------------------------------------------------------------------------------------------------

void ChartsPanel::draw_timeline(App& app) {
    const Catalog& tr = app.tr();
    const Attempt& attempt = *app.attempt();
    const int offset = attempt.scenario().utc_offset_minutes;
    const auto& timeline = charts_->timeline();
    ImGui::TextUnformatted(tr.tr("charts.timeline").c_str());
    ImGui::SameLine();
    // The device whose records the bars count; its name, or every device.
    const auto& hosts = attempt.scenario().network.hosts;
    const std::string preview = host_ >= 0 ? hosts[static_cast<std::size_t>(host_)].hostname : tr.tr("charts.all_devices");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
    if (ImGui::BeginCombo("##timeline_device", preview.c_str())) {
        if (ImGui::Selectable(tr.tr("charts.all_devices").c_str(), host_ < 0)) host_ = -1;
        for (std::uint16_t h : timeline.hosts()) {
            if (h >= hosts.size()) continue;
            if (ImGui::Selectable(hosts[h].hostname.c_str(), host_ == h)) host_ = h;
        }
        ImGui::EndCombo();
    }
    // The legend: one swatch per source.
    for (int s = 0; s < logs::kSourceCount; ++s) {
        ImGui::SameLine(0, ImGui::GetFontSize());
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float h = ImGui::GetTextLineHeight();
        ImGui::GetWindowDrawList()->AddRectFilled(ImVec2(p.x, p.y + h * 0.2f), ImVec2(p.x + h * 0.6f, p.y + h * 0.8f), source_colour(s));
        ImGui::Dummy(ImVec2(h * 0.7f, h));
        ImGui::SameLine();
        ImGui::TextUnformatted(tr.tr(source_key(s)).c_str());
    }

    const analytics::EventCounts* counts = host_ >= 0 ? timeline.of(static_cast<std::uint16_t>(host_)) : &timeline.all();
    const analytics::EventCounts empty{timeline.all().start, timeline.all().bucket, {}};
    if (!counts) counts = &empty;
    const float line = ImGui::GetTextLineHeightWithSpacing();
    const float label_w = ImGui::CalcTextSize("000000").x;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = std::max(ImGui::GetFontSize() * 8.0f, 120.0f);
    const ImVec2 plot_min(origin.x + label_w, origin.y + ImGui::GetFontSize() * 0.5f);
    const ImVec2 plot_max(origin.x + width - 4, origin.y + height);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(plot_min, plot_max, IM_COL32(255, 255, 255, 10));
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    // The whole chart spans the timeline's bars so far, at least up to now: empty bars are quiet time.
    const Millis bucket = timeline.all().bucket;
    const std::size_t bars = std::max<std::size_t>(
        {timeline.all().counts.size(),
         static_cast<std::size_t>(std::max<Millis>(attempt.clock().now() - timeline.all().start, 0) / bucket) + 1, 1});
    const float bar_w = (plot_max.x - plot_min.x) / static_cast<float>(bars);
    const std::uint32_t peak = std::max<std::uint32_t>(counts->peak(), 1);
    const float plot_h = plot_max.y - plot_min.y;
    for (std::size_t i = 0; i < counts->counts.size(); ++i) {
        float y = plot_max.y;
        const float x0 = plot_min.x + bar_w * static_cast<float>(i), x1 = x0 + std::max(bar_w - 1.0f, 1.0f);
        for (int s = 0; s < logs::kSourceCount; ++s) {
            const float h = plot_h * static_cast<float>(counts->counts[i][s]) / static_cast<float>(peak);
            if (h <= 0) continue;
            dl->AddRectFilled(ImVec2(x0, y - h), ImVec2(x1, y), source_colour(s));
            y -= h;
        }
    }
    // The y axis: zero and the tallest bar; the x axis: the scenario's local clock, about every 8 bars.
    dl->AddText(ImVec2(origin.x, plot_min.y - ImGui::GetFontSize() * 0.5f), text, std::to_string(peak).c_str());
    dl->AddText(ImVec2(origin.x, plot_max.y - ImGui::GetFontSize()), text, "0");
    const float tick_w = ImGui::CalcTextSize("00:00").x * 1.8f;
    const std::size_t every = std::max<std::size_t>(1, static_cast<std::size_t>(tick_w / std::max(bar_w, 1.0f)) + 1);
    for (std::size_t i = 0; i < bars; i += every) {
        const float x = plot_min.x + bar_w * static_cast<float>(i);
        dl->AddLine(ImVec2(x, plot_max.y), ImVec2(x, plot_max.y + 4), text);
        dl->AddText(ImVec2(x + 2, plot_max.y + 2),
                    text, hour_minute(timeline.all().start + bucket * static_cast<Millis>(i), offset).c_str());
    }
    ImGui::InvisibleButton("timeline_plot", ImVec2(width, height + line));
    const bool hovered = ImGui::IsItemHovered(), clicked = ImGui::IsItemClicked();
    timeline_rect_ = Rect{plot_min, plot_max};
    const auto bar_at = [&](float mx) { return static_cast<std::size_t>(std::max(mx - plot_min.x, 0.0f) / bar_w); };
    if (clicked && ImGui::GetIO().MousePos.x >= plot_min.x) {
        // A click on a bar offers its records in the logs, one source at a time.
        bar_menu_ = bar_at(ImGui::GetIO().MousePos.x);
        ImGui::OpenPopup("bar_menu");
    }
    if (ImGui::BeginPopup("bar_menu")) {
        const SimTime from = timeline.all().start + bucket * static_cast<Millis>(bar_menu_);
        ImGui::TextDisabled("%s", tr.format("charts.bar_time", {{"from", hour_minute(from, offset)},
                                                                {"to", hour_minute(from + bucket, offset)}})
                                      .c_str());
        std::string filter = "time>=" + LogExplorerPanel::quote_value(format_time(from, offset)) +
                             " time<" + LogExplorerPanel::quote_value(format_time(from + bucket, offset));
        if (host_ >= 0) filter += " src=" + format_ipv4(hosts[static_cast<std::size_t>(host_)].ip);
        for (int s = 0; s < logs::kSourceCount; ++s) {
            const std::uint32_t n = bar_menu_ < counts->counts.size() ? counts->counts[bar_menu_][s] : 0;
            if (n == 0) continue;
            if (ImGui::MenuItem(tr.format("charts.bar_show", {{"count", std::to_string(n)}, {"source", tr.tr(source_key(s))}}).c_str()))
                app.show_logs(static_cast<logs::Source>(s), filter);
            bar_menu_rects_[s] = Rect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
        }
        ImGui::EndPopup();
    }
    if (hovered && !ImGui::IsPopupOpen("bar_menu")) {
        // The bar under the mouse: its time slice and what each source wrote in it.
        const float mx = ImGui::GetIO().MousePos.x;
        if (mx >= plot_min.x && mx < plot_max.x) {
            const std::size_t i = bar_at(mx);
            const SimTime from = timeline.all().start + bucket * static_cast<Millis>(i);
            ImGui::BeginTooltip();
            ImGui::TextUnformatted(tr.format("charts.bar_time", {{"from", hour_minute(from, offset)},
                                                                 {"to", hour_minute(from + bucket, offset)}})
                                       .c_str());
            for (int s = 0; s < logs::kSourceCount; ++s) {
                const std::uint32_t n = i < counts->counts.size() ? counts->counts[i][s] : 0;
                ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(source_colour(s)), "%s: %u", tr.tr(source_key(s)).c_str(), n);
            }
            ImGui::EndTooltip();
        }
    }
    ImGui::TextDisabled("%s", tr.format("charts.per_bar", {{"width", format_duration(bucket)}}).c_str());
    ImGui::Separator();
}

// -------------------------------------------------------------------------------------------------
// [SECTION] Beacon candidates and the chosen pair
// -------------------------------------------------------------------------------------------------

void ChartsPanel::draw_pairs(App& app) {
    const Catalog& tr = app.tr();
    const Attempt& attempt = *app.attempt();
    const auto& store = attempt.engine().logs();
    const auto& pairs = charts_->pairs();
    ImGui::TextUnformatted(tr.tr("charts.pairs").c_str());
    help_marker(tr.tr("charts.pairs_help"));
    const auto& ranked = pairs.ranked();
    // How far back the score looks: a beacon that began an hour ago stands out over the last hour,
    // while over the whole shift the slow periodic services (NTP) come first.
    static constexpr Millis kWindows[] = {30 * kMinute, kHour, 4 * kHour, 0};
    static constexpr const char* kWindowKeys[] = {"charts.window_30m", "charts.window_1h", "charts.window_4h", "charts.window_all"};
    std::size_t current = 0;
    while (current + 1 < std::size(kWindows) && kWindows[current] != window_) ++current;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 9);
    if (ImGui::BeginCombo("##beacon_window", tr.tr(kWindowKeys[current]).c_str())) {
        for (std::size_t i = 0; i < std::size(kWindows); ++i)
            if (ImGui::Selectable(tr.tr(kWindowKeys[i]).c_str(), i == current)) {
                window_ = kWindows[i];
                charts_->set_beacon_window(window_);
                detail_seen_ = SIZE_MAX;
            }
        ImGui::EndCombo();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr.tr("charts.window_help").c_str());
    if (pairs.ranked_to() > attempt.clock().start()) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr.format("charts.ranked_at", {{"time", format_clock(pairs.ranked_to(), attempt.scenario().utc_offset_minutes)}}).c_str());
    }
    if (ranked.empty()) {
        wrapped_text(tr.format("charts.pairs_none", {{"count", std::to_string(analytics::BeaconPairs::kMinQueries)}}));
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersV |
                                  ImGuiTableFlags_SizingStretchProp;
    const float rows_h = ImGui::GetTextLineHeightWithSpacing() * 8.5f;
    if (!ImGui::BeginTable("beacon_pairs", 5, flags, ImVec2(0, rows_h))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr.tr("charts.col_device").c_str(), 0, 1.0f);
    ImGui::TableSetupColumn(tr.tr("charts.col_domain").c_str(), 0, 2.2f);
    ImGui::TableSetupColumn(tr.tr("charts.col_count").c_str(), 0, 0.6f);
    ImGui::TableSetupColumn(tr.tr("charts.col_interval").c_str(), 0, 0.9f);
    ImGui::TableSetupColumn(tr.tr("charts.col_score").c_str(), 0, 0.6f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(ranked.size()));
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            const detect::BeaconScore& b = ranked[static_cast<std::size_t>(row)];
            const analytics::PairSeries* series = pairs.find(b.client, b.domain);
            const analytics::Who who{series ? series->host : logs::kNoHost, b.client};
            const std::string host = device_name(app, who);
            const bool chosen = selected_ && selected_->client == b.client && selected_->domain == b.domain;
            ImGui::PushID(row);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (ImGui::Selectable(host.c_str(), chosen, ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap))
                select_pair(attempt, b.client, b.domain);
            pair_rects_[static_cast<std::size_t>(row)] = Rect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
            if (ImGui::BeginPopupContextItem("pair_menu")) {
                if (who.host != logs::kNoHost && ImGui::MenuItem(tr.format("explorer.open_host", {{"host", host}}).c_str()))
                    app.host_view().open(host);
                const std::string domain(store.strings().get(b.domain));
                if (ImGui::MenuItem(tr.tr("charts.show_queries").c_str()))
                    app.show_logs(logs::Source::Dns, "src=" + format_ipv4(b.client) + " query=" + LogExplorerPanel::quote_value(domain));
                if (ImGui::MenuItem(tr.tr("charts.show_dns").c_str()))
                    app.show_logs(logs::Source::Dns, "src=" + format_ipv4(b.client));
                ImGui::EndPopup();
            }
            ImGui::TableNextColumn();
            const std::string_view domain = store.strings().get(b.domain);
            ImGui::TextUnformatted(domain.data(), domain.data() + domain.size());
            ImGui::TableNextColumn();
            ImGui::Text("%d", b.count);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_duration_tenths(b.median_interval).c_str());
            ImGui::TableNextColumn();
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(score_colour(b.score)), "%.2f", b.score);
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

void ChartsPanel::draw_pair_detail(App& app) {
    const Catalog& tr = app.tr();
    Attempt& attempt = *app.attempt();
    const auto& store = attempt.engine().logs();
    ImGui::Spacing();
    if (!selected_) {
        ImGui::TextDisabled("%s", tr.tr("charts.pick_pair").c_str());
        return;
    }
    // The detail is remade when records arrived, at most twice a second: not every frame.
    if (detail_seen_ == SIZE_MAX || (detail_seen_ != charts_->seen() && wall_ms() > detail_made_ms_ + kRefreshMs)) {
        detail_made_ms_ = wall_ms();
        const SimTime now = attempt.clock().now();
        detail_ = charts_->pairs().detail(selected_->client, selected_->domain, charts_->beacon_from(now), now);
        detail_seen_ = charts_->seen();
    }
    const analytics::PairSeries* series = charts_->pairs().find(selected_->client, selected_->domain);
    const analytics::Who who{series ? series->host : logs::kNoHost, selected_->client};
    const std::string host = device_name(app, who);
    const std::string domain(store.strings().get(selected_->domain));
    ImGui::Separator();
    ImGui::TextUnformatted(tr.format("charts.pair_title", {{"domain", domain}, {"host", host}, {"ip", format_ipv4(selected_->client)}}).c_str());
    if (who.host != logs::kNoHost) {
        if (ImGui::SmallButton(tr.tr("charts.open_device").c_str())) app.host_view().open(host);
        open_host_rect_ = Rect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
        ImGui::SameLine();
    }
    if (ImGui::SmallButton(tr.tr("charts.show_queries").c_str()))
        app.show_logs(logs::Source::Dns, "src=" + format_ipv4(selected_->client) + " query=" + LogExplorerPanel::quote_value(domain));
    show_logs_rect_ = Rect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    if (!detail_) {
        ImGui::TextDisabled("%s", tr.tr("charts.too_few").c_str());
        return;
    }
    const analytics::PairDetail& d = *detail_;
    if (!ImGui::BeginTable("pair_detail", 2, ImGuiTableFlags_SizingStretchSame)) return;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    draw_histogram(app, d);
    ImGui::TableNextColumn();
    draw_score_parts(app, d);
    ImGui::EndTable();
    ImGui::PushStyleColor(ImGuiCol_Text, colour_muted());
    wrapped_text(tr.tr("charts.ntp_note"));
    ImGui::PopStyleColor();
}

void ChartsPanel::draw_histogram(App& app, const analytics::PairDetail& d) {
    const Catalog& tr = app.tr();
    const analytics::IntervalHistogram& h = d.histogram;
    // A beacon is one tall narrow peak at its interval, a person a low spread.
    ImGui::TextUnformatted(tr.tr("charts.histogram").c_str());
    help_marker(tr.tr("charts.histogram_help") + "\n\n" +
                tr.format("charts.bin_width", {{"width", format_duration_tenths(h.width)}, {"gaps", std::to_string(h.gaps)}}));
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float height = std::max(ImGui::GetFontSize() * 6.0f, 90.0f);
    const float label_w = ImGui::CalcTextSize("0000").x;
    const ImVec2 plot_min(origin.x + label_w, origin.y + ImGui::GetFontSize() * 0.5f);
    const ImVec2 plot_max(origin.x + width - 4, origin.y + height);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(plot_min, plot_max, IM_COL32(255, 255, 255, 10));
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const std::size_t n = std::max<std::size_t>(h.bins.size(), 1);
    const float bar_w = (plot_max.x - plot_min.x) / static_cast<float>(n);
    const std::uint32_t peak = std::max<std::uint32_t>(h.peak(), 1);
    for (std::size_t i = 0; i < h.bins.size(); ++i) {
        const float bh = (plot_max.y - plot_min.y) * static_cast<float>(h.bins[i]) / static_cast<float>(peak);
        const float x0 = plot_min.x + bar_w * static_cast<float>(i);
        if (bh > 0) dl->AddRectFilled(ImVec2(x0 + 1, plot_max.y - bh), ImVec2(x0 + std::max(bar_w - 1, 2.0f), plot_max.y), source_colour(0));
    }
    dl->AddText(ImVec2(origin.x, plot_min.y - ImGui::GetFontSize() * 0.5f), text, std::to_string(peak).c_str());
    dl->AddText(ImVec2(origin.x, plot_max.y - ImGui::GetFontSize()), text, "0");
    // Gap labels at the left edge, the middle and the right edge of the bins.
    const Millis end = h.low + h.width * static_cast<Millis>(h.bins.size());
    const std::string left = format_duration_tenths(h.low), mid = format_duration_tenths((h.low + end) / 2),
                      right = format_duration_tenths(end);
    dl->AddText(ImVec2(plot_min.x, plot_max.y + 2), text, left.c_str());
    dl->AddText(ImVec2((plot_min.x + plot_max.x - ImGui::CalcTextSize(mid.c_str()).x) / 2, plot_max.y + 2), text, mid.c_str());
    dl->AddText(ImVec2(plot_max.x - ImGui::CalcTextSize(right.c_str()).x, plot_max.y + 2), text, right.c_str());
    ImGui::InvisibleButton("gap_histogram", ImVec2(width, height + ImGui::GetTextLineHeightWithSpacing()));
    if (ImGui::IsItemHovered()) {
        const float mx = ImGui::GetIO().MousePos.x;
        if (mx >= plot_min.x && mx < plot_max.x && !h.bins.empty()) {
            const auto i = std::min(h.bins.size() - 1, static_cast<std::size_t>((mx - plot_min.x) / bar_w));
            const Millis from = h.low + h.width * static_cast<Millis>(i);
            ImGui::SetTooltip("%s", tr.format("charts.bin_tip", {{"from", format_duration_tenths(from)},
                                                                 {"to", format_duration_tenths(from + h.width)},
                                                                 {"count", std::to_string(h.bins[i])}})
                                        .c_str());
        }
    }
    wrapped_text(tr.format("charts.gap_stats", {{"median", format_duration_tenths(d.score.median_interval)},
                                                {"mad", format_duration_tenths(static_cast<Millis>(d.mad))},
                                                {"skew", two_decimals(d.bowley_skew)}}));
    if (h.longer > 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, colour_muted());
        wrapped_text(tr.format("charts.longer", {{"count", std::to_string(h.longer)}, {"longest", format_duration(h.longest)}}));
        ImGui::PopStyleColor();
    }
}

void ChartsPanel::draw_score_parts(App& app, const analytics::PairDetail& d) {
    const Catalog& tr = app.tr();
    // The score and its four parts, each with what it measures in plain words.
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(score_colour(d.score.score)), "%s",
                       tr.format("charts.score", {{"score", two_decimals(d.score.score)}}).c_str());
    help_marker(tr.tr("charts.score_help"));
    const struct {
        const char* label;
        const char* tip;
        double value;
    } parts[] = {
        {"charts.part_timing", "charts.tip_timing", d.score.timing},
        {"charts.part_size", "charts.tip_size", d.score.size},
        {"charts.part_histogram", "charts.tip_histogram", d.score.histogram},
        {"charts.part_duration", "charts.tip_duration", d.score.duration},
    };
    const float marker_w = ImGui::CalcTextSize("(?)").x + ImGui::GetStyle().ItemSpacing.x;
    for (const auto& p : parts) {
        ImGui::TextUnformatted(tr.tr(p.label).c_str());
        help_marker(tr.tr(p.tip));
        ImGui::ProgressBar(static_cast<float>(p.value), ImVec2(ImGui::GetContentRegionAvail().x - marker_w, 0),
                           two_decimals(p.value).c_str());
    }
}

// -------------------------------------------------------------------------------------------------
// [SECTION] Top talkers and NXDOMAIN share
// -------------------------------------------------------------------------------------------------

void ChartsPanel::draw_talkers(App& app) {
    const Catalog& tr = app.tr();
    constexpr std::size_t kShown = 10;
    // The lists are remade when the order changed, or records arrived, at most twice a second.
    if (lists_seen_ == SIZE_MAX || lists_order_ != talker_order_ ||
        (lists_seen_ != charts_->seen() && wall_ms() > lists_made_ms_ + kRefreshMs)) {
        lists_made_ms_ = wall_ms();
        talkers_ = charts_->top_talkers(talker_order_, kShown);
        nxdomain_ = charts_->nxdomain_shares(kShown);
        lists_seen_ = charts_->seen();
        lists_order_ = talker_order_;
    }
    ImGui::TextUnformatted(tr.tr("charts.talkers").c_str());
    help_marker(tr.tr("charts.talkers_help"));
    int order = talker_order_ == analytics::TalkerOrder::Events ? 0 : 1;
    if (ImGui::RadioButton(tr.tr("charts.by_records").c_str(), &order, 0)) talker_order_ = analytics::TalkerOrder::Events;
    ImGui::SameLine();
    if (ImGui::RadioButton(tr.tr("charts.by_bytes").c_str(), &order, 1)) talker_order_ = analytics::TalkerOrder::Bytes;
    if (talkers_.empty()) {
        ImGui::TextDisabled("%s", tr.tr("charts.no_records").c_str());
    } else {
        const bool bytes = lists_order_ == analytics::TalkerOrder::Bytes;
        const double top = static_cast<double>(std::max<std::uint64_t>(bytes ? talkers_[0].bytes : talkers_[0].events, 1));
        const float name_w = ImGui::GetFontSize() * 7.5f;
        const float value_w = ImGui::GetFontSize() * 6.5f;
        const float bar_w = std::max(ImGui::GetContentRegionAvail().x - name_w - value_w - ImGui::GetStyle().ItemSpacing.x * 3, 20.0f);
        for (std::size_t i = 0; i < talkers_.size(); ++i) {
            const auto& t = talkers_[i];
            device_cell(app, t.who, name_w, ("talker" + std::to_string(i)).c_str());
            ImGui::SameLine();
            bar(static_cast<float>(static_cast<double>(bytes ? t.bytes : t.events) / top), bar_w, source_colour(bytes ? 1 : 0));
            ImGui::SameLine();
            ImGui::TextUnformatted(bytes ? analytics::format_bytes(t.bytes).c_str() : std::to_string(t.events).c_str());
        }
    }
    ImGui::Spacing();
    ImGui::Separator();
}

void ChartsPanel::draw_nxdomain(App& app) {
    const Catalog& tr = app.tr();
    ImGui::TextUnformatted(tr.tr("charts.nxdomain").c_str());
    help_marker(tr.tr("charts.nxdomain_help"));
    if (nxdomain_.empty()) {
        wrapped_text(tr.format("charts.nxdomain_none", {{"count", std::to_string(analytics::kNxdomainMinQueries)}}));
        return;
    }
    if (nxdomain_.front().nxdomain == 0) {
        // Ten empty bars would say less than one sentence.
        wrapped_text(tr.tr("charts.nxdomain_zero"));
        return;
    }
    const float name_w = ImGui::GetFontSize() * 7.5f;
    const float value_w = ImGui::GetFontSize() * 6.5f;
    const float bar_w = std::max(ImGui::GetContentRegionAvail().x - name_w - value_w - ImGui::GetStyle().ItemSpacing.x * 3, 20.0f);
    for (std::size_t i = 0; i < nxdomain_.size(); ++i) {
        const auto& a = nxdomain_[i];
        device_cell(app, a.who, name_w, ("nx" + std::to_string(i)).c_str());
        ImGui::SameLine();
        const double share = a.nxdomain_share();
        // Half the lookups failing is far beyond any person's typos: red from there.
        bar(static_cast<float>(share), bar_w, ImGui::ColorConvertFloat4ToU32(share >= 0.5 ? colour_bad() : colour_muted()));
        ImGui::SameLine();
        ImGui::TextUnformatted(tr.format("charts.nxdomain_value", {{"share", std::to_string(static_cast<int>(share * 100 + 0.5)) + "%"},
                                                                   {"nx", std::to_string(a.nxdomain)},
                                                                   {"count", std::to_string(a.dns_queries)}})
                                   .c_str());
    }
}

}  // namespace socsim::app
