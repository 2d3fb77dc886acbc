// The Charts tab of the investigation window: records over time per source (for every device or
// one), the DNS pairs ranked by beacon score with the chosen pair's interval histogram and the
// four parts of its score explained, the devices that talk most, and each device's NXDOMAIN share.
//
// The numbers come from the core (core/analytics/charts.h), which reads only what the clock has
// revealed and only the records that arrived since the last frame, a slice at a time within a
// couple of milliseconds, so ten million records cost a frame what ten do. Device cells pivot: a
// click or the buttons open the device, a right-click also offers its records in the logs.
#pragma once

#include <imgui.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/analytics/charts.h"

namespace socsim {
class Attempt;
}

namespace socsim::app {

class App;

class ChartsPanel {
public:
    // Draws the charts inside the investigation window's Charts tab.
    void draw(App& app);
    // Reads new records while another tab is in front (with half the budget), so the charts are
    // ready when the trainee opens them; nothing when the tab was drawn this frame.
    void keep_up(App& app);
    // Forgets the charts: the attempt they were made for is closed.
    void reset() { *this = ChartsPanel{}; }
    // Shows the interval histogram and score of one pair (a click on its row does the same).
    void select_pair(const Attempt& attempt, Ipv4 client, std::uint32_t domain);
    // The charts of the attempt shown, once the panel has been drawn (null before).
    const analytics::Charts* charts() const { return charts_.get(); }
    // The chosen pair's detail, or none (no pair chosen, or too few queries yet).
    const std::optional<analytics::PairDetail>& detail() const { return detail_; }
    // Real milliseconds a frame may spend reading records and ranking pairs, in slices of `slice`
    // records (at least one slice a frame, so a backlog always shrinks).
    void set_budget_ms(double ms, std::size_t slice = 1u << 11) {
        budget_ms_ = ms;
        slice_ = std::max<std::size_t>(slice, 1);
    }

    // Where things were drawn last frame (UI tests click them).
    struct Rect { ImVec2 min, max; ImVec2 centre() const { return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2); } };
    const std::map<std::size_t, Rect>& pair_rects() const { return pair_rects_; }          // by rank
    const std::map<std::string, Rect>& talker_rects() const { return talker_rects_; }      // by device name
    const Rect& timeline_rect() const { return timeline_rect_; }                            // the bars' area
    const std::map<int, Rect>& bar_menu_rects() const { return bar_menu_rects_; }          // a bar's menu, by source
    std::size_t menu_bar() const { return bar_menu_; }                                      // the bar it is for
    const Rect& open_host_rect() const { return open_host_rect_; }                          // the chosen pair's
    const Rect& show_logs_rect() const { return show_logs_rect_; }

private:
    void bind(const Attempt& attempt);  // the charts belong to `attempt`: new ones if they did not
    void update(App& app, double budget_ms);
    void draw_timeline(App& app);
    void draw_pairs(App& app);
    void draw_pair_detail(App& app);
    void draw_histogram(App& app, const analytics::PairDetail& detail);
    void draw_score_parts(App& app, const analytics::PairDetail& detail);
    void draw_talkers(App& app);
    void draw_nxdomain(App& app);
    // A device cell: its name, a click opens it, a right-click offers its records in the logs.
    void device_cell(App& app, const analytics::Who& who, float width, const char* id);
    std::string device_name(App& app, const analytics::Who& who) const;
    Ipv4 device_ip(App& app, const analytics::Who& who) const;

    std::unique_ptr<analytics::Charts> charts_;
    const void* attempt_ = nullptr;            // the attempt the charts were built for
    double budget_ms_ = 2.0;
    std::size_t slice_ = 1u << 11;
    int drawn_frame_ = -1;                     // ImGui frame the tab was last drawn in
    int host_ = -1;                            // the timeline's device: -1 every device
    std::size_t bar_menu_ = 0;                 // the bar whose menu is open
    Millis window_ = kHour;                    // how far back the beacon ranking looks (0: the whole shift)
    struct Pair { Ipv4 client = 0; std::uint32_t domain = 0; };
    std::optional<Pair> selected_;
    std::optional<analytics::PairDetail> detail_;
    std::size_t detail_seen_ = SIZE_MAX;       // charts_->seen() when detail_ was made (SIZE_MAX: make it)
    double detail_made_ms_ = 0;                // real time it was made
    analytics::TalkerOrder talker_order_ = analytics::TalkerOrder::Events;
    std::vector<analytics::HostActivity> talkers_, nxdomain_;
    std::size_t lists_seen_ = SIZE_MAX;        // charts_->seen() when the two lists were made (SIZE_MAX: make them)
    double lists_made_ms_ = 0;                 // real time they were made
    analytics::TalkerOrder lists_order_ = analytics::TalkerOrder::Events;
    std::map<std::size_t, Rect> pair_rects_;
    std::map<std::string, Rect> talker_rects_;
    std::map<int, Rect> bar_menu_rects_;
    Rect timeline_rect_{}, open_host_rect_{}, show_logs_rect_{};
};

}  // namespace socsim::app
