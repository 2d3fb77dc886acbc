// The log explorer: a tab per data source (DNS, firewall, DHCP, authentication), a query box that
// takes the whole query language (core/logs/query.h, docs/query-language.md), and the result: the
// records in a sortable table, or the table of `stats`.
//
// Each tab keeps a QueryRun. A frame spends a budget on it (a few milliseconds, shared by the
// tabs, the visible one first); a query that cannot finish inside a frame shows a progress bar
// with a Cancel button and goes on in the next frames, then keeps up with the records that
// arrive. ImGuiListClipper draws only the visible rows, so a frame costs the same with ten
// records or ten million. Any host, address, domain or user cell pivots: right-click to filter
// by it, exclude it, open the device or act on it; double-click to filter by it.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/logs/query.h"

struct ImGuiInputTextCallbackData;

namespace socsim::app {

class App;

// How much evaluation one frame may do: stop after `milliseconds` of CPU, or after `records`
// records per tab (tests set the latter to make "finishes over several frames" exact).
struct QueryBudget {
    double milliseconds = 2.5;
    std::size_t records = SIZE_MAX;
};

class LogExplorerPanel {
public:
    // Draws the explorer inside the investigation window's Logs tab.
    void draw(App& app);
    // Forgets everything: the views now belong to `attempt` (a new one started or is shown).
    void reset(const void* attempt = nullptr);
    // Sets the query of a source's tab and shows that tab.
    void set_filter(logs::Source source, const std::string& text);
    // Puts the keyboard in the visible tab's query box (Ctrl+F).
    void focus_search() { focus_box_ = true; }
    // Shows a source's tab without changing its query (the tab kept in the settings).
    void show_source(logs::Source source) {
        current_ = source;
        select_tab_ = true;
    }
    // The record selected in the table (click its time), if any.
    std::optional<std::uint32_t> selected_record() const {
        return selected_row_ < 0 ? std::nullopt : std::optional<std::uint32_t>(static_cast<std::uint32_t>(selected_row_));
    }
    // Asks for a note and pins the selected record (Ctrl+P), as its time's right-click menu does.
    void ask_pin() { ask_pin_ = true; }
    logs::Source current() const { return current_; }
    const std::string& text(logs::Source source) const { return view(source).text; }
    // Matching rows of a source so far (tests read it); empty for a stats query or a bad one.
    const std::vector<std::uint32_t>& rows(logs::Source source);
    // The query's evaluation, or null when the text does not parse (tests and the benchmark).
    logs::QueryRun* run(logs::Source source) { return view(source).run ? &*view(source).run : nullptr; }
    const std::optional<logs::QueryError>& error(logs::Source source) const { return view(source).error; }
    void set_budget(const QueryBudget& budget) { budget_ = budget; }

    // The queries run (Enter, a pivot), shared by the tabs, most recent first. The App loads and
    // saves them in the trainee database.
    logs::QueryHistory& history() { return history_; }

    // A value written so that the query language reads it back as it is (quoted when needed).
    static std::string quote_value(const std::string& value);
    // `text` with `term` added to its search, before any `|`.
    static std::string add_term(const std::string& text, const std::string& term);

private:
    struct SourceView {
        std::string text;                     // what is in the query box
        std::optional<logs::QueryRun> run;    // the query being evaluated (none when it does not parse)
        std::optional<logs::QueryError> error;
        bool refilter = true;                 // the text changed: parse and start again
        bool cancelled = false;               // the trainee stopped a long evaluation
        bool query_orders = false;            // the query sorts: show its order, not the table's
        std::size_t chunk = 4096;             // records per step, adapted to the query's speed
        double ms_per_record = 0;             // what the last step cost per record (0: not measured)
        bool table_ready = false;             // stats: counted and ordered, table() answers at once (set by update)
        int sort_column = 0;                  // column index; time is column 0
        bool sort_ascending = false;          // newest first by default, as a SOC console shows it
        std::vector<std::uint32_t> sorted;    // rows in the chosen order, when it is not by time
        std::size_t sorted_size = 0;          // rows.size() when `sorted` was made
        std::size_t cursor = 0;               // the cursor in the box (for completion)
        bool edited = false;                  // typed since the box was focused (completion shows)
        int history_pos = -1;                 // walking the history with Up/Down; -1: not
        std::string before_history;           // the text before the walk, restored past its end
    };
    SourceView& view(logs::Source s) { return views_[static_cast<std::size_t>(s)]; }
    const SourceView& view(logs::Source s) const { return views_[static_cast<std::size_t>(s)]; }

    void update(App& app, logs::Source source, SourceView& view, double deadline_ms);
    void draw_box(App& app, logs::Source source, SourceView& view);
    void draw_completion(SourceView& view, logs::Source source, float x, float y, float width);
    void draw_status(App& app, SourceView& view);
    void draw_records(App& app, logs::Source source, SourceView& view);
    void draw_stats(App& app, SourceView& view);
    void draw_cell_menu(App& app, SourceView& view, const std::string& field, const std::string& text);
    void draw_pin_dialog(App& app);
    void pivot(SourceView& view, const std::string& term);
    static int history_callback(ImGuiInputTextCallbackData* data);

    std::array<SourceView, logs::kSourceCount> views_;
    logs::QueryHistory history_;
    QueryBudget budget_;
    logs::Source current_ = logs::Source::Dns;
    bool select_tab_ = false;
    bool focus_box_ = false;
    std::size_t completion_choice_ = 0;   // the highlighted completion (Tab accepts it)
    std::optional<std::string> accept_;   // a completion clicked: applied to the box next frame
    std::array<float, 4> completion_rect_{};  // where the completion popup was drawn (x0, y0, x1, y1)
    std::int64_t selected_row_ = -1;
    const void* attempt_ = nullptr;       // the attempt the views were built for
    std::string pin_note_;                // the note being written for a record to pin
    bool ask_pin_ = false;                // Ctrl+P: open the pin dialog for the selected record
};

}  // namespace socsim::app
