// The socsim GUI without its window: screens, panels and the state they share.
//
// App draws one frame with ImGui (catalogue, workspace, quiz or debrief) and needs no GL or
// window, so UI tests drive it with ImGui's null backend and synthetic input. gl_window.cpp puts
// it in a real GLFW/OpenGL window. Panels follow one contract: `void draw(App&)` draws the panel
// for this frame from the core's state and calls the core for anything the trainee does.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/alert_queue_panel.h"
#include "app/debrief_panel.h"
#include "app/catalogue_panel.h"
#include "app/charts_panel.h"
#include "app/host_list_panel.h"
#include "app/host_view_panel.h"
#include "app/investigation_window.h"
#include "app/item_statistics_panel.h"
#include "app/lesson_panel.h"
#include "app/evidence_panel.h"
#include "app/guide_panel.h"
#include "app/help_window.h"
#include "app/report_panel.h"
#include "app/log_explorer_panel.h"
#include "app/quiz_panel.h"
#include "app/response_dialog.h"
#include "app/sql_console_panel.h"
#include "app/workspace_bar.h"
#include "core/attempt/attempt.h"
#include "core/attempt/quiz_run.h"
#include "core/guide/guide.h"
#include "core/lesson/lesson.h"
#include "core/i18n/catalog.h"
#include "core/scenario/scenario.h"
#include "core/settings/settings.h"
#include "core/store/database.h"

namespace socsim::app {

enum class Screen { Catalogue, Workspace, Quiz, Debrief, Lesson, Report };

// One entry of the scenario catalogue: a scenario that loaded, or the errors of one that did not.
struct CatalogueEntry {
    std::filesystem::path path;
    std::shared_ptr<const scenario::Scenario> scenario;  // null when it failed to load
    std::vector<Diagnostic> errors;
};

// A lesson or a quiz bank of the catalogue, likewise.
struct LessonEntry {
    std::filesystem::path path;
    std::shared_ptr<const lesson::Lesson> lesson;
    std::vector<Diagnostic> errors;
};
struct BankEntry {
    std::filesystem::path path;
    std::shared_ptr<const quiz::Bank> bank;
    std::vector<Diagnostic> errors;
};

class App {
public:
    struct Options {
        std::filesystem::path db;               // empty: no database (nothing is kept)
        std::filesystem::path scenarios_dir;    // where the catalogue looks for scenarios
        std::filesystem::path lessons_dir;      // ... for lessons
        std::filesystem::path quizzes_dir;      // ... for quiz banks
        std::string trainee = "trainee";
        Lang lang = Lang::En;
        bool japanese_available = true;         // a CJK font was found
        std::uint64_t seed = 0;                 // 0: a new seed per attempt from the attempt count
        std::function<SimTime()> calendar_now;  // real date and time, for spaced review (days); none: no review
        std::filesystem::path settings_file;    // where preferences are kept; empty: nothing is kept
        Settings settings;                      // as read from it (text size, tabs; lang and trainee are above)
        std::vector<SettingsProblem> settings_problems;  // what was wrong with the file, for the status line
    };
    explicit App(const Options& options);
    ~App();

    // Draws the whole UI for this frame (between ImGui::NewFrame and ImGui::Render).
    void draw();
    // Real seconds since the last frame; moves the simulation clock.
    void tick(double real_seconds);
    // When this frame's sliced work must stop (wall_ms(), frame_budget.h): set as draw() starts.
    double work_deadline_ms() const { return work_deadline_ms_; }

    // --- shared state for panels ---
    const Catalog& tr() const { return catalog_; }
    Lang lang() const { return catalog_.lang(); }
    void set_lang(Lang lang);
    bool japanese_available() const { return options_.japanese_available; }
    Screen screen() const { return screen_; }
    void set_screen(Screen s) { screen_ = s; }
    const std::vector<CatalogueEntry>& catalogue() const { return catalogue_; }
    const std::vector<LessonEntry>& lessons() const { return lessons_; }
    const std::vector<BankEntry>& banks() const { return banks_; }
    void reload_catalogue();
    store::Database* db() { return db_.get(); }
    const std::string& db_error() const { return db_error_; }
    Attempt* attempt() { return attempt_.get(); }
    // Past attempts from the database, read when the catalogue opens, not every frame.
    const std::vector<store::AttemptSummary>& past_attempts() const { return past_attempts_; }
    void refresh_past_attempts();

    // Starts an attempt on a scenario and opens the workspace.
    void start(std::shared_ptr<const scenario::Scenario> scenario);
    // The same, in guided mode (the scenario must have a guide): recorded as mode "guided", with
    // the guide window over the workspace.
    void start_guided(std::shared_ptr<const scenario::Scenario> scenario);
    // The guide of a guided attempt (nullptr when the attempt is not guided).
    guide::GuideRun* guide() { return guide_.get(); }
    // Resumes an interrupted attempt from the database (the scenario must be in the catalogue).
    void resume(std::int64_t attempt_id);
    // Shows an attempt that already exists (the demo's screenshots, tests).
    void show(std::shared_ptr<Attempt> attempt, Screen screen);
    // Ends the scenario: the quiz if there is one, else the debrief.
    void end_scenario();
    // Submits the incident report, which ends the scenario (then checkpoints, quiz, debrief).
    void submit_report(const report::IncidentReport& report);
    // Closes the quiz, computes and stores the score, opens the debrief.
    void finish();

    // --- lessons and stand-alone quizzes ---
    void open_lesson(std::shared_ptr<const lesson::Lesson> lesson);
    const lesson::Lesson* current_lesson() const { return lesson_.get(); }
    // Questions of `bank` due for review by this trainee now (empty without a database or clock).
    std::vector<std::string> due_for_review(const quiz::Bank& bank);
    // Statistics of a bank for instructors (read when asked, not every frame).
    void show_statistics(std::shared_ptr<const quiz::Bank> bank);
    // Starts a practice, exam or review run of a bank. An exam is set by its bank (Bank::exam) and
    // is one attempt: one in progress (the GUI was closed) goes on where it stopped, with the time
    // counted from its first start; one whose time ran out meanwhile opens on its results.
    void start_quiz(std::shared_ptr<const quiz::Bank> bank, quiz::Mode mode);
    // Whether this trainee has an exam of `bank` in progress (the catalogue offers to resume it).
    bool exam_in_progress(const quiz::Bank& bank) const;
    // The quiz on screen: the scenario's end quiz or a stand-alone run.
    quiz::Session* quiz_session();
    void answer_quiz(std::size_t index, const quiz::Response& response);
    void finish_quiz();   // the scenario quiz goes on to the debrief; a run shows its results;
                          // a checkpoint goes back to the workspace
    bool in_checkpoint() { return !quiz_run_ && attempt_ && attempt_->pending_checkpoint(); }
    void close_quiz();    // back to the catalogue
    Millis quiz_time_limit() const;
    Millis quiz_time_left() const;
    // The pass mark of the stand-alone run on screen (its bank's), or none.
    std::optional<double> quiz_pass_mark() const;
    // Back to the catalogue, dropping the attempt from memory (it is kept in the database).
    void close_attempt();

    // A line shown at the bottom of the window (errors from the store, refused actions).
    void set_status(std::string text) { status_ = std::move(text); }
    const std::string& status() const { return status_; }

    // --- comfort: text size, help, preferences kept between runs (core/settings/settings.h) ---
    float font_scale() const { return settings_.font_scale; }
    void set_font_scale(float scale);   // the window rebuilds its font atlas at the new size
    HelpWindow& help() { return help_; }
    const Settings& settings() const { return settings_; }
    void remember_window_size(int width, int height);

    LogExplorerPanel& log_explorer() { return log_explorer_; }
    SqlConsolePanel& sql_console() { return sql_console_; }
    AlertQueuePanel& alert_queue() { return alert_queue_; }
    ChartsPanel& charts() { return charts_; }
    CataloguePanel& catalogue_panel() { return catalogue_panel_; }
    GuidePanel& guide_panel() { return guide_panel_; }
    InvestigationWindow& investigation() { return investigation_; }
    // A pivot to the logs: sets the filter of a source's tab and opens the Logs tab on it.
    void show_logs(logs::Source source, const std::string& filter);
    HostListPanel& host_list() { return host_list_; }
    QuizPanel& quiz_panel() { return quiz_panel_; }
    ItemStatisticsPanel& statistics_panel() { return statistics_panel_; }
    LessonPanel& lesson_panel() { return lesson_panel_; }
    ReportPanel& report_panel() { return report_panel_; }
    HostViewPanel& host_view() { return host_view_; }
    ResponseDialog& response() { return response_; }
    // Where each panel was drawn this frame, so the guide can draw a highlight around the one a
    // step points at. Each window notes itself after Begin; a tab that is not selected notes its
    // tab button with `open` false.
    struct PanelRect {
        ImVec2 min, max;
        bool open = true;  // the panel itself is on screen (not just its tab)
        int frame = -1;    // ImGui frame it was noted in
    };
    void note_panel(const std::string& name);  // the current window, open
    void note_panel_rect(const std::string& name, ImVec2 min, ImVec2 max, bool open);
    const PanelRect* panel_rect(const std::string& name) const;  // noted this frame, or nullptr
    std::vector<std::string> open_panels() const;                // noted open this frame

    // Where named controls were drawn this frame, so UI tests can click them with synthetic input
    // as a person would (the log explorer's cells and menus). Off unless a test turns it on, so a
    // frame builds no names for nobody.
    struct ItemRect {
        ImVec2 min, max;
        ImVec2 centre() const { return ImVec2((min.x + max.x) / 2, (min.y + max.y) / 2); }
    };
    void record_items(bool on) { record_items_ = on; }
    bool recording_items() const { return record_items_; }
    void note_item(const std::string& name);          // ImGui's last item, under `name`
    const ItemRect* item_rect(const std::string& name) const;  // drawn this frame or the last, or nullptr

    // Pivots: the host using `ip` at the current time (from the DHCP leases and static addresses).
    std::string host_at(Ipv4 ip);

private:
    void draw_menu_bar();
    void after_end();  // the scenario is over: report checkpoint, end quiz, or debrief
    void begin_attempt(std::shared_ptr<const scenario::Scenario> scenario, const std::string& mode);
    void follow_guide();  // a guided attempt gets its guide; any other none
    void save_settings();     // writes the settings file (a failure goes to the status line)
    void remember_layout();   // the tabs in front, saved when they change

    Options options_;
    Catalog catalog_;
    std::unique_ptr<store::Database> db_;
    std::string db_error_;
    std::vector<CatalogueEntry> catalogue_;
    std::vector<LessonEntry> lessons_;
    std::vector<BankEntry> banks_;
    std::shared_ptr<Attempt> attempt_;
    std::unique_ptr<guide::GuideRun> guide_;       // of a guided attempt
    std::map<std::string, PanelRect> panel_rects_;
    bool record_items_ = false;
    std::map<std::string, std::pair<ItemRect, int>, std::less<>> item_rects_;  // with the frame noted
    std::shared_ptr<const lesson::Lesson> lesson_;
    std::shared_ptr<const quiz::Bank> quiz_bank_;  // of the stand-alone run
    std::unique_ptr<QuizRun> quiz_run_;
    Millis quiz_elapsed_ = 0;                      // real time spent in the stand-alone run
    ItemStatisticsPanel statistics_panel_;
    Screen screen_ = Screen::Catalogue;
    double work_deadline_ms_ = 0;  // see work_deadline_ms()
    std::string status_;
    std::vector<store::AttemptSummary> past_attempts_;

    CataloguePanel catalogue_panel_;
    WorkspaceBar workspace_bar_;
    InvestigationWindow investigation_;
    LogExplorerPanel log_explorer_;
    SqlConsolePanel sql_console_;
    AlertQueuePanel alert_queue_;
    ChartsPanel charts_;
    HostListPanel host_list_;
    QuizPanel quiz_panel_;
    DebriefPanel debrief_panel_;
    LessonPanel lesson_panel_;
    EvidencePanel evidence_panel_;
    HostViewPanel host_view_;
    ResponseDialog response_;
    ReportPanel report_panel_;
    GuidePanel guide_panel_;
    HelpWindow help_;
    Settings settings_;
};

}  // namespace socsim::app
