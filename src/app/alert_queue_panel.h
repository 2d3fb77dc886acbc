// The alert queue: every alert the scenario's detection rules raised from what the trainee can
// see so far, in a sortable table (unjudged first by default, as a SOC queue is worked), and
// below it the selected alert: its rule explained (what it looks for, its ATT&CK techniques, its
// known false positives), the records behind it, and the trainee's verdict (true positive, false
// positive, benign true positive) with a note. Saving journals a Triage action, which the score
// compares with the ground truth.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/detect/alert_truth.h"

namespace socsim::app {

class App;

class AlertQueuePanel {
public:
    // Draws the queue inside the investigation window's Alerts tab.
    void draw(App& app);
    // Forgets the selection and the draft: the queue now belongs to another attempt.
    void reset(const void* attempt = nullptr);
    // Selects alert `number` (0: none) and loads its saved verdict and note into the form.
    void select(App& app, std::uint32_t number);
    std::uint32_t selected() const { return selected_; }

    // Where the last frame drew the controls a trainee clicks, so UI tests can click them with
    // synthetic mouse input: each alert's row (by number), the verdict choices, the note box, Save.
    struct Rect {
        ImVec2 min, max;
        ImVec2 centre() const { return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2); }
    };
    const std::vector<std::pair<std::uint32_t, Rect>>& row_rects() const { return row_rects_; }
    const Rect& verdict_rect(detect::Verdict v) const { return verdict_rects_[static_cast<int>(v)]; }
    const Rect& save_rect() const { return save_rect_; }
    const Rect& show_records_rect() const { return show_records_rect_; }
    // The note being written (tests type into it this way).
    void set_note(const std::string& text) { note_ = text; }
    const std::string& note() const { return note_; }

private:
    void draw_table(App& app);
    void draw_details(App& app);
    void show_records_in_logs(App& app, std::uint32_t number);

    const void* attempt_ = nullptr;          // the attempt the selection belongs to
    std::uint32_t selected_ = 0;             // alert number; 0: none
    std::optional<detect::Verdict> draft_;   // the verdict chosen in the form, not saved yet
    std::string note_;                       // the note in the form
    detect::AlertColumn sort_column_ = detect::AlertColumn::Verdict;
    bool sort_descending_ = false;
    std::vector<std::uint32_t> order_;       // positions into Attempt::alerts(), in table order
    std::uint64_t order_revision_ = ~0ull;   // alerts_revision() + journal size when `order_` was made
    std::vector<std::pair<std::uint32_t, Rect>> row_rects_;
    Rect verdict_rects_[3]{};
    Rect save_rect_{};
    Rect show_records_rect_{};
};

}  // namespace socsim::app
