// The log explorer: a tab per data source (DNS, firewall, DHCP, authentication), a filter box
// (`field=value`, `field!=value`, free words; see core/logs/filter.h) and a sortable table.
//
// The panel keeps, per source, the index list of matching records and scans only the records
// that arrived since the last frame; ImGuiListClipper draws only the visible rows, so the cost
// of a frame does not grow with the size of the log.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/logs/filter.h"

namespace socsim::app {

class App;

class LogExplorerPanel {
public:
    // Draws the explorer inside the investigation window's Logs tab.
    void draw(App& app);
    // Forgets everything: the views now belong to `attempt` (a new one started or is shown).
    void reset(const void* attempt = nullptr);
    // Sets the filter of a source's tab and shows that tab.
    void set_filter(logs::Source source, const std::string& text);
    logs::Source current() const { return current_; }
    // Matching rows of a source so far (tests read it).
    const std::vector<std::uint32_t>& rows(logs::Source source) const;

private:
    struct SourceView {
        std::string text;                 // what is in the filter box
        logs::Filter filter = logs::Filter::parse("", logs::Source::Dns);
        std::vector<std::uint32_t> rows;  // matching record indices, in time order
        std::size_t scanned = 0;          // how many of the source's records were tested
        int sort_column = 0;              // column index; time is column 0
        bool sort_ascending = false;      // newest first by default, as a SOC console shows it
        std::vector<std::uint32_t> sorted;  // rows in the chosen order, when it is not by time
        std::size_t sorted_size = 0;      // rows.size() when `sorted` was made
        bool refilter = true;
    };
    void update(App& app, logs::Source source, SourceView& view);
    void draw_table(App& app, logs::Source source, SourceView& view);

    std::array<SourceView, logs::kSourceCount> views_;
    logs::Source current_ = logs::Source::Dns;
    bool select_tab_ = false;
    std::int64_t selected_row_ = -1;
    const void* attempt_ = nullptr;       // the attempt the views were built for
    std::string pin_note_;                // the note being written for a record to pin
};

}  // namespace socsim::app
