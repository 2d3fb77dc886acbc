// The SQL console's panel, drawn in the investigation window's SQL tab: a query editor (Run or
// Ctrl+Enter, Cancel), the time a running query has taken, its result table or its error, the
// tables' columns, and example queries a trainee can load with one click, each explained.
//
// The panel owns the attempt's sql::SqlConsole (core/sql/sql_console.h): each frame it hands the
// console the records that arrived and polls the result; the query itself runs on the console's
// worker thread, so a slow query never holds the frame.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/sql/sql_console.h"

namespace socsim::app {

class App;

class SqlConsolePanel {
public:
    // Draws the console inside the investigation window's SQL tab.
    void draw(App& app);
    // Forgets the console and its tables: they belong to `attempt` from now on.
    void reset(const void* attempt = nullptr);
    // The query in the editor (tests and the demo set it).
    void set_query(std::string text);
    const std::string& query() const { return query_; }
    // Runs the editor's query, as the Run button does.
    void run();
    // The console of the attempt shown, once the panel has been drawn (null before).
    sql::SqlConsole* console() { return console_.get(); }
    // Where the editor, the Run button and the examples were drawn last frame (UI tests click them).
    struct Rect { ImVec2 min, max; ImVec2 centre() const { return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2); } };
    const Rect& editor_rect() const { return editor_rect_; }
    const Rect& run_rect() const { return run_rect_; }
    const std::vector<Rect>& example_rects() const { return example_rects_; }

private:
    void draw_editor(App& app, const sql::SqlStatus& status);
    void draw_result(App& app, const sql::SqlStatus& status);
    void draw_side(App& app);

    std::unique_ptr<sql::SqlConsole> console_;
    const void* attempt_ = nullptr;  // the attempt the console was built for
    std::string open_error_;         // SQLite could not open the console's database
    std::string query_ =
        "SELECT src, count(*) AS queries\nFROM dns\nGROUP BY src\nORDER BY queries DESC\nLIMIT 10";
    bool focus_editor_ = false;      // give the editor the keyboard back after Ctrl+Enter
    int editor_generation_ = 0;      // a new editor widget when the text is set from outside: an
                                     // active ImGui 1.86 field would keep showing its own copy
    Rect editor_rect_, run_rect_;
    std::vector<Rect> example_rects_;
};

}  // namespace socsim::app
