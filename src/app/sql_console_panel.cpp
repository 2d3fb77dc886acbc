// The SQL console's panel (see sql_console_panel.h).
#include "app/sql_console_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

#include "app/app.h"
#include "app/layout.h"
#include "app/text_wrap.h"

namespace socsim::app {
namespace {

constexpr std::size_t kFeedPerFrame = 131072;  // records handed to the console per frame (5 MB)


// A query a trainee can load with one click: its title and explanation are catalog keys.
struct Example {
    const char* title;
    const char* why;
    const char* sql;
};
constexpr Example kExamples[] = {
    {"sql.example_talkers", "sql.example_talkers_why",
     "SELECT src, count(*) AS queries, count(DISTINCT query) AS names\nFROM dns\nGROUP BY src\n"
     "ORDER BY queries DESC\nLIMIT 10"},
    {"sql.example_nxdomain", "sql.example_nxdomain_why",
     "SELECT d.src,\n  (SELECT hostname FROM dhcp WHERE ip = d.src AND msg = 'DHCPACK'\n"
     "   ORDER BY ts DESC LIMIT 1) AS host,\n  count(*) AS nxdomain, count(DISTINCT query) AS names\n"
     "FROM dns AS d\nWHERE rcode = 'NXDOMAIN'\nGROUP BY d.src\nORDER BY nxdomain DESC"},
    {"sql.example_long_names", "sql.example_long_names_why",
     "SELECT query, length(query) AS len, qtype, count(*) AS times,\n  count(DISTINCT src) AS clients\n"
     "FROM dns\nGROUP BY query\nORDER BY len DESC\nLIMIT 20"},
    {"sql.example_per_minute", "sql.example_per_minute_why",
     "SELECT substr(time, 1, 16) AS minute, src, count(*) AS failures\nFROM auth\nWHERE event_id = '4625'\n"
     "GROUP BY minute, src\nORDER BY failures DESC\nLIMIT 20"},
};

constexpr int kMaxShownColumns = 64;  // ImGui 1.86's table limit

std::string seconds_text(double s) {
    char b[32];
    std::snprintf(b, sizeof b, "%.2f", s);
    return b;
}

}  // namespace

void SqlConsolePanel::reset(const void* attempt) {
    console_.reset();  // interrupts a running query and joins the worker
    open_error_.clear();
    attempt_ = attempt;
}

void SqlConsolePanel::set_query(std::string text) {
    query_ = std::move(text);
    ++editor_generation_;
}

void SqlConsolePanel::run() {
    if (console_ && console_->run(query_)) focus_editor_ = true;
}

void SqlConsolePanel::draw(App& app) {
    Attempt* attempt = app.attempt();
    if (!attempt) return;
    if (attempt != attempt_) reset(attempt);
    if (!console_ && open_error_.empty()) {
        try {
            console_ = std::make_unique<sql::SqlConsole>(attempt->scenario());
        } catch (const std::exception& e) {
            open_error_ = e.what();
        }
    }
    if (!console_) {
        ImGui::TextColored(colour_bad(), "%s", open_error_.c_str());
        return;
    }
    // Only the records that arrived since the last frame are copied, at most kFeedPerFrame, and
    // only once the worker took the previous slice: opening the tab on 10 million records copied
    // them all in one frame (195 ms), and a slice added to a waiting batch of millions copied the
    // batch. The records wait in the store until the worker is ready for them.
    if (console_->wants_records()) console_->feed(attempt->engine().logs(), kFeedPerFrame);
    const sql::SqlStatus status = console_->status();

    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float side_width = std::max(avail.x * 0.3f, 200.0f);
    ImGui::BeginChild("sql_main", ImVec2(avail.x - side_width - ImGui::GetStyle().ItemSpacing.x, 0));
    draw_editor(app, status);
    draw_result(app, status);
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("sql_side", ImVec2(0, 0), true);
    draw_side(app);
    ImGui::EndChild();
}

void SqlConsolePanel::draw_editor(App& app, const sql::SqlStatus& status) {
    const Catalog& tr = app.tr();
    ImGui::PushStyleColor(ImGuiCol_Text, colour_muted());
    wrapped_text(tr.tr("sql.help"));
    ImGui::PopStyleColor();
    // Ctrl+Enter in a multiline field ends the edit (ImGui 1.86): it is our Run.
    const ImGuiIO& io = ImGui::GetIO();
    const bool ctrl_enter = io.KeyCtrl && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter), false) &&
                            ImGui::IsWindowFocused(ImGuiFocusedFlags_RootAndChildWindows);
    if (focus_editor_) {
        ImGui::SetKeyboardFocusHere();
        focus_editor_ = false;
    }
    ImGui::PushID(editor_generation_);
    ImGui::InputTextMultiline("##sql_query", &query_, ImVec2(-1, ImGui::GetTextLineHeight() * 7));
    ImGui::PopID();
    editor_rect_ = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    if (status.running) {
        if (ImGui::Button((tr.tr("sql.cancel") + "###sql_cancel").c_str())) console_->cancel();
        ImGui::SameLine();
        const char spinner[] = {'|', '/', '-', '\\'};
        const char turn = spinner[static_cast<int>(ImGui::GetTime() * 8) % 4];
        ImGui::Text("%c %s", turn, tr.format("sql.running", {{"seconds", seconds_text(status.elapsed_seconds)}}).c_str());
    } else {
        const bool clicked = ImGui::Button((tr.tr("sql.run") + "###sql_run").c_str());
        run_rect_ = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
        if (clicked || ctrl_enter) run();
        ImGui::SameLine();
        ImGui::TextColored(colour_muted(), "Ctrl+Enter");
    }
    ImGui::SameLine();
    if (status.pending > 0)
        ImGui::TextColored(colour_muted(), "  %s", tr.format("sql.loading", {{"count", std::to_string(status.pending)}}).c_str());
    else
        ImGui::TextColored(colour_muted(), "  %s", tr.format("sql.records", {{"count", std::to_string(status.records)}}).c_str());
    ImGui::Separator();
}

void SqlConsolePanel::draw_result(App& app, const sql::SqlStatus& status) {
    const Catalog& tr = app.tr();
    if (!status.result) return;
    const sql::SqlResult& r = *status.result;
    if (!r.ok()) {
        ImGui::PushStyleColor(ImGuiCol_Text, r.outcome == sql::SqlOutcome::Cancelled ? colour_muted() : colour_bad());
        wrapped_text(r.message(tr, console_->limits()));
        ImGui::PopStyleColor();
        return;
    }
    const std::size_t rows = r.row_count();
    ImGui::TextColored(colour_muted(), "%s",
                       tr.format("sql.rows", {{"rows", std::to_string(rows)}, {"seconds", seconds_text(r.seconds)}}).c_str());
    if (r.truncated) {
        ImGui::SameLine();
        ImGui::TextColored(colour_warn(), "%s", tr.format("sql.truncated", {{"rows", std::to_string(rows)}}).c_str());
    }
    if (rows == 0) {
        ImGui::TextUnformatted(tr.tr("sql.no_rows").c_str());
        return;
    }
    const int columns = std::min(static_cast<int>(r.columns.size()), kMaxShownColumns);
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                  ImGuiTableFlags_Resizable | ImGuiTableFlags_BordersV | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("sql_rows", columns, flags)) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (int c = 0; c < columns; ++c) ImGui::TableSetupColumn(r.columns[static_cast<std::size_t>(c)].c_str());
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows));
    while (clipper.Step()) {
        for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
            ImGui::TableNextRow();
            for (int c = 0; c < columns; ++c) {
                ImGui::TableSetColumnIndex(c);
                const auto& cell = r.cell(static_cast<std::size_t>(row), static_cast<std::size_t>(c));
                if (cell)
                    ImGui::TextUnformatted(cell->data(), cell->data() + cell->size());
                else
                    ImGui::TextColored(colour_muted(), "NULL");
            }
        }
    }
    ImGui::EndTable();
}

void SqlConsolePanel::draw_side(App& app) {
    const Catalog& tr = app.tr();
    example_rects_.clear();
    if (ImGui::CollapsingHeader((tr.tr("sql.examples") + "###sql_examples").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
        for (const auto& ex : kExamples) {
            ImGui::PushID(ex.title);
            if (ImGui::Selectable(tr.tr(ex.title).c_str())) set_query(ex.sql);
            example_rects_.push_back({ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
            ImGui::PushStyleColor(ImGuiCol_Text, colour_muted());
            wrapped_text(tr.tr(ex.why));
            ImGui::PopStyleColor();
            ImGui::Spacing();
            ImGui::PopID();
        }
    }
    if (ImGui::CollapsingHeader((tr.tr("sql.schema") + "###sql_schema").c_str(), ImGuiTreeNodeFlags_DefaultOpen)) {
        // One wrapped line per table; the types show on hovering it.
        for (const auto& t : sql::sql_tables()) {
            std::string line = t.name + ": ";
            for (std::size_t c = 0; c < t.columns.size(); ++c) line += (c ? ", " : "") + t.columns[c].name;
            ImGui::BeginGroup();
            wrapped_text(line);
            ImGui::EndGroup();
            if (ImGui::IsItemHovered()) {
                ImGui::BeginTooltip();
                for (const auto& col : t.columns) {
                    ImGui::TextUnformatted(col.name.c_str());
                    ImGui::SameLine(ImGui::GetFontSize() * 7);
                    ImGui::TextColored(colour_muted(), "%s", col.type.c_str());
                }
                ImGui::EndTooltip();
            }
            ImGui::Spacing();
        }
    }
}

}  // namespace socsim::app
