// The GUI's screens and shared state (see app.h).
#include "app/app.h"
#include "app/frame_budget.h"

#include <imgui.h>

#include <cstdio>

#include <algorithm>

#include "app/text_wrap.h"
#include "core/common/data_dir.h"
#include "core/scenario/loader.h"
#include "core/attempt/bank_statistics.h"
#include "core/attempt/scripted_analyst.h"
#include "core/store/database.h"
#include "app/shortcuts.h"

namespace socsim::app {

App::App(const Options& options) : options_(options), settings_(options.settings) {
    catalog_ = Catalog::shared();
    catalog_.set_lang(options.japanese_available ? options.lang : Lang::En);
    // The tabs the trainee had in front last time.
    for (auto tab : {InvestigationTab::Alerts, InvestigationTab::Logs, InvestigationTab::Charts, InvestigationTab::Sql})
        if (settings_.workspace_tab == investigation_tab_name(tab)) investigation_.open(tab);
    for (int k = 0; k < logs::kSourceCount; ++k)
        if (settings_.log_source == logs::source_name(static_cast<logs::Source>(k)))
            log_explorer_.show_source(static_cast<logs::Source>(k));
    if (!options.settings_problems.empty()) {
        std::string text = describe(options.settings_problems.front(), options.settings_file, catalog_);
        if (options.settings_problems.size() > 1)
            text += " " + catalog_.format("settings.more", {{"count", std::to_string(options.settings_problems.size() - 1)}});
        set_status(text);
    }
    // The name played under is the one offered next time (--trainee still wins).
    if (settings_.trainee != options.trainee && !options.settings_file.empty()) {
        settings_.trainee = options.trainee;
        save_settings();
    }
    if (!options.db.empty()) {
        try {
            // A damaged file is kept under a new name, never replaced in silence: the status line
            // says where it went, and the history starts again in a new file.
            auto opened = store::open_or_set_aside(options.db, options.calendar_now ? options.calendar_now() : 0);
            db_ = std::move(opened.db);
            if (!opened.set_aside.empty())
                set_status(catalog_.format("store.set_aside", {{"file", options.db.string()},
                                                               {"kept", opened.set_aside.string()},
                                                               {"problem", opened.problem}}));
        } catch (const store::StoreError& e) {
            // Play is still possible; nothing will be kept, and the catalogue says so.
            db_error_ = e.what();
        }
    }
    reload_catalogue();
    refresh_past_attempts();
}

App::~App() = default;

void App::refresh_past_attempts() {
    past_attempts_.clear();
    if (!db_) return;
    try {
        past_attempts_ = db_->list_attempts();
    } catch (const store::StoreError& e) {
        set_status(e.what());
    }
}

void App::set_lang(Lang lang) {
    if (lang == Lang::Ja && !options_.japanese_available) return;
    catalog_.set_lang(lang);
    if (settings_.lang != lang) {
        settings_.lang = lang;
        save_settings();
    }
}

void App::set_font_scale(float scale) {
    scale = std::clamp(scale, kFontScales[0], kFontScales[std::size(kFontScales) - 1]);
    if (scale == settings_.font_scale) return;
    settings_.font_scale = scale;
    save_settings();
}

void App::remember_window_size(int width, int height) {
    if (width < 320 || height < 320 || (width == settings_.window_width && height == settings_.window_height)) return;
    settings_.window_width = width;
    settings_.window_height = height;
    save_settings();
}

void App::remember_layout() {
    if (screen_ != Screen::Workspace || !attempt_) return;
    const std::string tab = investigation_tab_name(investigation_.current());
    const std::string source = logs::source_name(log_explorer_.current());
    if (tab == settings_.workspace_tab && source == settings_.log_source) return;
    settings_.workspace_tab = tab;
    settings_.log_source = source;
    save_settings();
}

void App::save_settings() {
    if (options_.settings_file.empty()) return;
    std::string reason;
    if (!socsim::save_settings(options_.settings_file, settings_, reason))
        set_status(tr().format("settings.cannot_write", {{"file", options_.settings_file.string()}, {"reason", reason}}));
}

namespace {

// `exams`: the quizzes folder also holds sealed exams (.exam, exam/sealed_bank.h).
std::vector<std::filesystem::path> yaml_files(const std::filesystem::path& dir, bool exams = false) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const auto ext = entry.path().extension();
        if (entry.is_regular_file(ec) && (ext == ".yaml" || ext == ".yml" || (exams && ext == ".exam"))) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

// Loads every YAML file of a folder into entries holding the value or the reasons it failed.
template <class Entry, class T, class Load>
std::vector<Entry> load_entries(const std::filesystem::path& dir, std::shared_ptr<const T> Entry::*value, Load load,
                                bool exams = false) {
    std::vector<Entry> out;
    for (const auto& file : yaml_files(dir, exams)) {
        Entry e;
        e.path = file;
        auto loaded = load(file);
        if (loaded.ok()) e.*value = std::make_shared<const T>(std::move(*loaded.value));
        e.errors = std::move(loaded.errors);
        out.push_back(std::move(e));
    }
    return out;
}

void App::reload_catalogue() {
    catalogue_ = load_entries(options_.scenarios_dir, &CatalogueEntry::scenario,
                              [](const std::filesystem::path& f) { return scenario::load_file(f); });
    // The order a trainee should take them in: easy before hard; files that fail to load first,
    // so an author sees them at once.
    const auto rank = [](const CatalogueEntry& e) {
        if (!e.scenario) return 0;
        return e.scenario->difficulty == "easy" ? 1 : e.scenario->difficulty == "medium" ? 2 : 3;
    };
    std::stable_sort(catalogue_.begin(), catalogue_.end(),
                     [&](const CatalogueEntry& a, const CatalogueEntry& b) { return rank(a) < rank(b); });
    if (catalogue_.empty()) {
        CatalogueEntry e;
        e.path = options_.scenarios_dir;
        e.errors.push_back({options_.scenarios_dir.string(), 0, 0, "no scenario files (*.yaml) found in this folder"});
        catalogue_.push_back(std::move(e));
    }
    lessons_ = load_entries(options_.lessons_dir, &LessonEntry::lesson,
                            [](const std::filesystem::path& f) { return lesson::load_lesson_file(f); });
    banks_ = load_entries(options_.quizzes_dir, &BankEntry::bank,
                          [](const std::filesystem::path& f) { return quiz::load_bank_file(f); }, true);
}

void App::start(std::shared_ptr<const scenario::Scenario> scenario) { begin_attempt(std::move(scenario), "play"); }

void App::start_guided(std::shared_ptr<const scenario::Scenario> scenario) {
    if (!scenario || scenario->guide.empty()) return;
    begin_attempt(std::move(scenario), "guided");
}

void App::follow_guide() {
    guide_.reset();
    guide_panel_.reset();
    if (attempt_ && attempt_->mode() == "guided" && !attempt_->scenario().guide.empty())
        guide_ = std::make_unique<guide::GuideRun>(*attempt_);
}

void App::begin_attempt(std::shared_ptr<const scenario::Scenario> scenario, const std::string& mode) {
    std::uint64_t seed = options_.seed;
    if (seed == 0) {
        // A new run each time; the seed is recorded with the attempt so it can be replayed.
        seed = 1 + past_attempts_.size();
    }
    try {
        attempt_ = std::make_shared<Attempt>(scenario, seed, db_.get(), options_.trainee, mode);
    } catch (const store::StoreError& e) {
        // The database refused the attempt: play on without keeping it, and say so.
        set_status(e.what());
        attempt_ = std::make_shared<Attempt>(scenario, seed, nullptr, options_.trainee, mode);
    }
    follow_guide();
    quiz_run_.reset();
    host_view_.close();
    log_explorer_.reset(attempt_.get());
    sql_console_.reset(attempt_.get());
    alert_queue_.reset(attempt_.get());
    quiz_panel_.reset();
    report_panel_.reset();
    screen_ = Screen::Workspace;
}

void App::resume(std::int64_t attempt_id) {
    if (!db_) return;
    const auto summary = db_->attempt(attempt_id);
    if (!summary) return;
    for (const auto& e : catalogue_) {
        if (!e.scenario || e.scenario->id != summary->scenario_id) continue;
        try {
            attempt_ = Attempt::resume(e.scenario, *db_, attempt_id);
        } catch (const store::StoreError& err) {
            set_status(err.what());
            return;
        }
        quiz_run_.reset();
        host_view_.close();
        log_explorer_.reset(attempt_.get());
        sql_console_.reset(attempt_.get());
        alert_queue_.reset(attempt_.get());
        quiz_panel_.reset();
        report_panel_.reset();
        follow_guide();
        screen_ = attempt_->ended() ? Screen::Quiz : Screen::Workspace;
        return;
    }
    set_status(tr().format("catalogue.resume_missing", {{"scenario", summary->scenario_id}}));
}

void App::show(std::shared_ptr<Attempt> attempt, Screen screen) {
    attempt_ = std::move(attempt);
    log_explorer_.reset(attempt_.get());
    sql_console_.reset(attempt_.get());
    alert_queue_.reset(attempt_.get());
    quiz_panel_.reset();
    follow_guide();
    screen_ = screen;
}

void App::end_scenario() {
    if (!attempt_) return;
    if (!attempt_->ended()) {
        try {
            attempt_->act(sim::ActionKind::EndScenario, {});
        } catch (const store::StoreError& e) {
            set_status(e.what());
        }
    }
    after_end();
}

void App::after_end() {
    quiz_panel_.reset();
    if (attempt_->pending_checkpoint() || attempt_->quiz())
        screen_ = Screen::Quiz;
    else
        finish();
}

void App::submit_report(const report::IncidentReport& report) {
    if (!attempt_) return;
    try {
        const auto result = attempt_->submit_report(report);
        if (!result.ok) {
            set_status(tr().tr(result.error_key));
            return;
        }
    } catch (const store::StoreError& e) {
        set_status(e.what());
    }
    after_end();
}

void App::finish() {
    if (!attempt_) return;
    try {
        attempt_->finish();
    } catch (const store::StoreError& e) {
        set_status(e.what());
    }
    screen_ = Screen::Debrief;
}

void App::open_lesson(std::shared_ptr<const lesson::Lesson> lesson) {
    lesson_ = std::move(lesson);
    lesson_panel_.reset();
    screen_ = Screen::Lesson;
}

void App::start_quiz(std::shared_ptr<const quiz::Bank> bank, quiz::Mode mode) {
    quiz::SessionOptions options;  // an exam's count and time limit come from its bank, in QuizRun
    options.mode = mode;
    options.trainee = options_.trainee;
    options.seed = 1 + past_attempts_.size();
    if (mode == quiz::Mode::Review) {
        options.only = due_for_review(*bank);
        if (options.only.empty()) {
            set_status(tr().tr("quiz.nothing_due"));
            return;
        }
    }
    const SimTime now = options_.calendar_now ? options_.calendar_now() : 0;
    try {
        quiz_run_ = std::make_unique<QuizRun>(*bank, options, db_.get(), now);
    } catch (const QuizRefused& e) {
        set_status(tr().tr(e.what()));
        return;
    } catch (const store::StoreError& e) {
        set_status(e.what());
        quiz_run_ = std::make_unique<QuizRun>(*bank, options, nullptr, now);
    }
    quiz_bank_ = std::move(bank);
    // A resumed exam has used the time since its first start; the frames add to that.
    quiz_elapsed_ = quiz_run_->elapsed(now);
    quiz_panel_.reset();
    screen_ = Screen::Quiz;
    const quiz::Session& s = quiz_run_->session();
    std::string status;
    if (quiz_run_->start() == QuizRun::Start::Resumed)
        status = tr().format("quiz.exam_resumed", {{"answered", std::to_string(s.result().answered)},
                                                  {"total", std::to_string(s.size())},
                                                  {"time", format_duration(s.time_left(quiz_elapsed_))}});
    else if (quiz_run_->start() == QuizRun::Start::ClosedTimeUp)
        status = tr().tr("quiz.exam_closed_time_up");
    if (quiz_run_->bank_changed()) status += (status.empty() ? "" : " ") + tr().tr("quiz.exam_bank_changed");
    if (!status.empty()) set_status(status);
}

bool App::exam_in_progress(const quiz::Bank& bank) const {
    return std::any_of(past_attempts_.begin(), past_attempts_.end(), [&](const store::AttemptSummary& a) {
        return a.trainee == options_.trainee && a.scenario_id == QuizRun::activity_id(bank) && a.mode == "quiz-exam" &&
               a.status == store::AttemptStatus::InProgress;
    });
}

std::vector<std::string> App::due_for_review(const quiz::Bank& bank) {
    if (!db_ || !options_.calendar_now) return {};
    try {
        return QuizRun::due_questions(*db_, bank, options_.trainee, options_.calendar_now());
    } catch (const store::StoreError& e) {
        set_status(e.what());
        return {};
    }
}

void App::show_statistics(std::shared_ptr<const quiz::Bank> bank) {
    if (!db_) {
        set_status(tr().tr("catalogue.no_database"));
        return;
    }
    try {
        auto stats = bank_statistics(*db_, *bank);
        statistics_panel_.open(std::move(bank), std::move(stats));
    } catch (const store::StoreError& e) {
        set_status(e.what());
    }
}

quiz::Session* App::quiz_session() {
    if (quiz_run_) return &quiz_run_->session();
    if (attempt_ && attempt_->pending_checkpoint()) return attempt_->pending_checkpoint();
    if (attempt_) return attempt_->quiz_session();
    return nullptr;
}

void App::answer_quiz(std::size_t index, const quiz::Response& response) {
    try {
        if (quiz_run_) {
            if (!quiz_run_->answer(index, response, quiz_elapsed_)) set_status(tr().tr("quiz.cli_time_up"));
        } else if (quiz::Session* s = quiz_session()) {
            attempt_->answer(s->item(index).question->id, response,
                             options_.calendar_now ? std::optional<SimTime>(options_.calendar_now()) : std::nullopt);
        }
    } catch (const store::StoreError& e) {
        set_status(e.what());
    }
}

void App::finish_quiz() {
    if (quiz_run_) {
        try {
            quiz_run_->finish(quiz_elapsed_);
        } catch (const store::StoreError& e) {
            set_status(e.what());
        }
        return;
    }
    if (attempt_ && attempt_->pending_checkpoint()) {
        // A checkpoint seen through: back to the workspace, where the clock goes on, or, after
        // the report, on to the end quiz.
        attempt_->close_checkpoint();
        quiz_panel_.reset();
        if (attempt_->pending_checkpoint())
            screen_ = Screen::Quiz;
        else if (attempt_->ended())
            after_end();
        else
            screen_ = Screen::Workspace;
        return;
    }
    finish();
}

void App::close_quiz() {
    quiz_run_.reset();
    quiz_bank_.reset();
    refresh_past_attempts();
    screen_ = Screen::Catalogue;
}

Millis App::quiz_time_limit() const { return quiz_run_ ? quiz_run_->session().time_limit() : 0; }

std::optional<double> App::quiz_pass_mark() const {
    if (!quiz_run_) return std::nullopt;
    return quiz_run_->pass_mark();
}

Millis App::quiz_time_left() const { return quiz_run_ ? quiz_run_->session().time_left(quiz_elapsed_) : 0; }

void App::show_logs(logs::Source source, const std::string& filter) {
    log_explorer_.set_filter(source, filter);
    investigation_.open(InvestigationTab::Logs);
}

void App::note_item(const std::string& name) {
    if (record_items_) item_rects_[name] = {ItemRect{ImGui::GetItemRectMin(), ImGui::GetItemRectMax()}, ImGui::GetFrameCount()};
}

const App::ItemRect* App::item_rect(const std::string& name) const {
    const auto it = item_rects_.find(name);
    if (it == item_rects_.end() || it->second.second < ImGui::GetFrameCount() - 1) return nullptr;
    return &it->second.first;
}

void App::note_panel(const std::string& name) {
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    note_panel_rect(name, pos, ImVec2(pos.x + size.x, pos.y + size.y), true);
}

void App::note_panel_rect(const std::string& name, ImVec2 min, ImVec2 max, bool open) {
    panel_rects_[name] = PanelRect{min, max, open, ImGui::GetFrameCount()};
}

const App::PanelRect* App::panel_rect(const std::string& name) const {
    const auto it = panel_rects_.find(name);
    return it != panel_rects_.end() && it->second.frame == ImGui::GetFrameCount() ? &it->second : nullptr;
}

std::vector<std::string> App::open_panels() const {
    std::vector<std::string> out;
    for (const auto& [name, rect] : panel_rects_)
        if (rect.open && rect.frame == ImGui::GetFrameCount()) out.push_back(name);
    return out;
}

std::string App::host_at(Ipv4 ip) {
    if (!attempt_) return {};
    for (const auto& h : attempt_->scenario().network.hosts)
        if (h.addressing == scenario::Addressing::Static && h.ip == ip) return h.hostname;
    return hostname_from_dhcp(attempt_->engine().logs(), ip, attempt_->clock().now()).value_or("");
}

void App::close_attempt() {
    sql_console_.reset();  // its worker and tables go with the attempt
    charts_.reset();       // a new attempt could be given the closed one's address
    guide_.reset();
    attempt_.reset();
    refresh_past_attempts();
    screen_ = Screen::Catalogue;
}

void App::tick(double real_seconds) {
    if (quiz_run_ && screen_ == Screen::Quiz && !quiz_run_->session().finished()) {
        quiz_elapsed_ += static_cast<Millis>(real_seconds * 1000.0);
        if (quiz_run_->session().time_up(quiz_elapsed_)) finish_quiz();  // the exam closes itself
    }
    if (attempt_ && screen_ == Screen::Workspace && attempt_->pending_checkpoint()) {
        // A checkpoint fired (the scenario began, or the first isolation): ask it, clock held.
        quiz_panel_.reset();
        screen_ = Screen::Quiz;
        return;
    }
    if (attempt_ && screen_ == Screen::Workspace) {
        attempt_->tick(real_seconds);
        if (attempt_->clock().finished()) end_scenario();
    }
}

void App::draw_menu_bar() {
    if (!ImGui::BeginMainMenuBar()) return;
    ImGui::TextUnformatted("socsim");
    ImGui::Separator();
    if (ImGui::BeginMenu(tr().tr("menu.language").c_str())) {
        if (ImGui::MenuItem("English", nullptr, lang() == Lang::En)) set_lang(Lang::En);
        if (ImGui::MenuItem("日本語", nullptr, lang() == Lang::Ja, japanese_available())) set_lang(Lang::Ja);
        ImGui::EndMenu();
    }
    // Each command's item shows its shortcut, from the one table (shortcuts.h).
    const auto item = [&](const char* key, Command command) {
        if (ImGui::MenuItem(tr().tr(key).c_str(), shortcut_keys(command), false, command_available(*this, command)))
            run_command(*this, command);
    };
    if (ImGui::BeginMenu(tr().tr("menu.view").c_str())) {
        item("menu.larger_text", Command::LargerText);
        item("menu.smaller_text", Command::SmallerText);
        item("menu.normal_text", Command::NormalText);
        ImGui::TextDisabled("%s", tr().format("menu.text_size", {{"percent", std::to_string(static_cast<int>(font_scale() * 100 + 0.5f))}}).c_str());
        ImGui::EndMenu();
    }
    if (screen_ == Screen::Workspace && attempt_ && ImGui::BeginMenu(tr().tr("menu.investigate").c_str())) {
        item("menu.find", Command::FindInLogs);
        item("menu.logs_tab", Command::LogsTab);
        item("menu.pin", Command::Pin);
        item("menu.isolate", Command::Isolate);
        item("menu.report", Command::Report);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr().tr("menu.help").c_str())) {
        item("menu.shortcuts", Command::Help);
        ImGui::EndMenu();
    }
    if (!japanese_available()) {
        ImGui::Separator();
        ImGui::TextDisabled("%s", tr().tr("menu.no_japanese_font").c_str());
    }
    ImGui::EndMainMenuBar();
}

void App::draw() {
    work_deadline_ms_ = wall_ms() + kFrameWorkMs;
    handle_shortcuts(*this);
    draw_menu_bar();
    switch (screen_) {
        case Screen::Catalogue:
            catalogue_panel_.draw(*this);
            statistics_panel_.draw(*this);
            break;
        case Screen::Workspace:
            workspace_bar_.draw(*this);
            investigation_.draw(*this);
            charts_.keep_up(*this);  // the charts read new records behind the other tabs too
            host_list_.draw(*this);
            evidence_panel_.draw(*this);
            host_view_.draw(*this);
            response_.draw(*this);
            guide_panel_.draw(*this);  // last: over the panels it points at
            break;
        case Screen::Report:
            report_panel_.draw(*this);
            guide_panel_.draw(*this);
            break;
        case Screen::Quiz: quiz_panel_.draw(*this); break;
        case Screen::Debrief: debrief_panel_.draw(*this); break;
        case Screen::Lesson: lesson_panel_.draw(*this); break;
    }
    help_.draw(*this);
    remember_layout();
    if (!status_.empty()) {
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x, vp->WorkPos.y + vp->WorkSize.y), ImGuiCond_Always, ImVec2(0, 1));
        ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x, 0));
        ImGui::Begin("##status", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                         ImGuiWindowFlags_AlwaysAutoResize);
        // Wrapped (Japanese too): a damaged database's message names two paths and runs long.
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.55f, 0.3f, 1.0f));
        wrapped_text(status_, vp->WorkSize.x - 60.0f);
        ImGui::PopStyleColor();
        ImGui::SameLine();
        if (ImGui::SmallButton("x")) status_.clear();
        ImGui::End();
    }
}

}  // namespace socsim::app
