// UI tests without GL for lessons and stand-alone quizzes: every lesson page draws in both
// languages, a practice run shows feedback, an exam hides it until handed in and closes itself
// when time is up.
#include <catch2/catch.hpp>

#include <imgui.h>

#include <filesystem>

#include "app/app.h"
#include "core/store/database.h"
#include "imgui_harness.h"

using namespace socsim;

namespace {

SimTime g_calendar = 1'780'000'000'000;  // the UI tests' calendar, moved by hand

app::App::Options options(const std::filesystem::path& db = {}) {
    const std::filesystem::path root(SOCSIM_SOURCE_DIR);
    app::App::Options o;
    o.scenarios_dir = root / "scenarios";
    o.lessons_dir = root / "lessons";
    o.quizzes_dir = root / "quizzes";
    o.trainee = "ui-quiz";
    o.db = db;
    o.calendar_now = [] { return g_calendar; };
    return o;
}

std::shared_ptr<const quiz::Bank> basics(const app::App& app) {
    for (const auto& b : app.banks())
        if (b.bank && b.bank->id == "soc-basics") return b.bank;
    FAIL("soc-basics bank not found");
    return nullptr;
}

quiz::Response right(const quiz::Question& q) {
    quiz::Response r;
    switch (q.type) {
        case quiz::QuestionType::Numeric: r.number = (q.numeric[0].min + q.numeric[0].max) / 2; break;
        case quiz::QuestionType::ShortAnswer: r.text = q.accepted[0].text; break;
        case quiz::QuestionType::Matching:
            for (std::size_t i = 0; i < q.pairs.size(); ++i) r.selected.push_back(static_cast<int>(i));
            break;
        case quiz::QuestionType::MultipleAnswer:
            for (std::size_t i = 0; i < q.choices.size(); ++i)
                if (q.choices[i].weight > 0) r.selected.push_back(static_cast<int>(i));
            break;
        default:
            for (std::size_t i = 0; i < q.choices.size(); ++i)
                if (q.choices[i].weight >= 1) {
                    r.selected.push_back(static_cast<int>(i));
                    break;
                }
    }
    return r;
}

std::vector<std::string> ids(const quiz::Session& s) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size(); ++i) out.push_back(s.item(i).question->id);
    return out;
}

}  // namespace

TEST_CASE("every lesson page draws in both languages", "[ui][lesson]") {
    ImGuiHarness ui;
    app::App app(options());
    REQUIRE_FALSE(app.lessons().empty());
    const auto& lesson = app.lessons().front().lesson;
    REQUIRE(lesson);
    for (Lang lang : {Lang::En, Lang::Ja}) {
        app.set_lang(lang);
        app.open_lesson(lesson);
        REQUIRE(app.screen() == app::Screen::Lesson);
        for (std::size_t p = 0; p < lesson->pages.size(); ++p) {
            app.lesson_panel().set_page(p);
            ui.frame(app);
        }
    }
}

TEST_CASE("practice keeps answers, feeds back, and schedules missed questions for review", "[ui][quiz]") {
    const auto dir = std::filesystem::temp_directory_path() / "socsim-ui-practice";
    std::filesystem::remove_all(dir);
    ImGuiHarness ui;
    app::App app(options(dir / "socsim.db"));
    app.start_quiz(basics(app), quiz::Mode::Practice);
    REQUIRE(app.screen() == app::Screen::Quiz);
    quiz::Session* s = app.quiz_session();
    REQUIRE(s);
    CHECK(s->feedback_visible());
    ui.frame(app);
    app.answer_quiz(0, right(*s->item(0).question));
    app.answer_quiz(1, quiz::Response{});  // a wrong (empty) answer
    ui.frame(app);
    CHECK(s->item(0).grade->correct);
    CHECK_FALSE(s->item(1).grade->correct);
    app.finish_quiz();
    CHECK(s->finished());
    ui.frame(app);  // the results list
    app.close_quiz();
    CHECK(app.screen() == app::Screen::Catalogue);
    CHECK(app.due_for_review(*basics(app)).empty());  // nothing is due the same day
    // Tomorrow, the missed question is due; the one answered right is not yet.
    g_calendar += 36 * kHour;
    const auto due = app.due_for_review(*basics(app));
    REQUIRE_FALSE(due.empty());
    CHECK(std::find(due.begin(), due.end(), basics(app)->questions[1].id) != due.end());
    CHECK(std::find(due.begin(), due.end(), basics(app)->questions[0].id) == due.end());
    std::filesystem::remove_all(dir);
}

TEST_CASE("an exam hides feedback, draws its subset, and closes when time is up", "[ui][quiz]") {
    ImGuiHarness ui;
    app::App app(options());
    const auto bank = basics(app);
    app.start_quiz(bank, quiz::Mode::Exam);
    quiz::Session* s = app.quiz_session();
    REQUIRE(s);
    CHECK(s->size() == bank->exam_questions());  // the bank's setting
    CHECK_FALSE(s->feedback_visible());
    for (Lang lang : {Lang::En, Lang::Ja}) {
        app.set_lang(lang);
        ui.frame(app);
    }
    app.answer_quiz(0, right(*s->item(0).question));
    CHECK(app.quiz_time_limit() == bank->exam.time_limit);
    CHECK(app.quiz_time_left() == bank->exam.time_limit);
    app.tick(static_cast<double>(bank->exam.time_limit) / 1000.0 + 1.0);  // the clock runs out
    CHECK(s->finished());
    CHECK(s->feedback_visible());
    ui.frame(app);
    CHECK(s->result().answered == 1);
}

TEST_CASE("an exam left by closing the GUI goes on where it stopped, reviewed once at the end", "[ui][quiz][exam]") {
    const auto dir = std::filesystem::temp_directory_path() / "socsim-ui-exam-resume";
    std::filesystem::remove_all(dir);
    std::vector<std::string> asked;
    std::string changed;  // the question whose answer was changed with Previous
    {
        ImGuiHarness ui;
        app::App app(options(dir / "socsim.db"));
        app.start_quiz(basics(app), quiz::Mode::Exam);
        quiz::Session* s = app.quiz_session();
        REQUIRE(s);
        asked = ids(*s);
        changed = s->item(0).question->id;
        app.answer_quiz(0, quiz::Response{});               // wrong
        app.answer_quiz(1, right(*s->item(1).question));
        app.answer_quiz(0, right(*s->item(0).question));    // Previous, and changed to the right answer
        app.answer_quiz(0, quiz::Response{});               // ... and back to wrong
        app.answer_quiz(0, right(*s->item(0).question));    // ... and right again: the final answer
        ui.frame(app);
        app.tick(30.0);
    }  // the window is closed mid-exam
    g_calendar += 5 * kMinute;
    ImGuiHarness ui;
    app::App app(options(dir / "socsim.db"));
    const auto bank = basics(app);
    CHECK(app.exam_in_progress(*bank));
    ui.frame(app);  // the catalogue offers to resume it
    app.start_quiz(bank, quiz::Mode::Exam);
    quiz::Session* s = app.quiz_session();
    REQUIRE(s);
    CHECK(app.screen() == app::Screen::Quiz);
    CHECK(ids(*s) == asked);
    CHECK(s->item(0).grade->correct);
    CHECK(s->item(1).grade->correct);
    CHECK_FALSE(s->item(2).grade);
    CHECK(app.quiz_time_left() == bank->exam.time_limit - 5 * kMinute);  // counted from the first start
    CHECK_THAT(app.status(), Catch::Contains("2 of"));
    ui.frame(app);
    CHECK(app.quiz_panel().index() == 2);  // at the first unanswered question
    // No review card until it is handed in; then one review per question, with the final answer.
    store::Database& db = *app.db();
    const auto trainee = db.ensure_trainee("ui-quiz");
    CHECK_FALSE(db.review_card(trainee, bank->id, changed));
    app.finish_quiz();
    CHECK(s->finished());
    ui.frame(app);
    const auto card = db.review_card(trainee, bank->id, changed);
    REQUIRE(card);
    CHECK(card->reps == 1);
    CHECK(card->lapses == 0);
    app.close_quiz();
    CHECK_FALSE(app.exam_in_progress(*bank));
    app.start_quiz(bank, quiz::Mode::Exam);  // one attempt
    CHECK(app.screen() == app::Screen::Catalogue);
    CHECK_THAT(app.status(), Catch::Contains("already taken"));
    std::filesystem::remove_all(dir);
}

TEST_CASE("an exam whose time ran out while the GUI was closed opens on its results", "[ui][quiz][exam]") {
    const auto dir = std::filesystem::temp_directory_path() / "socsim-ui-exam-late";
    std::filesystem::remove_all(dir);
    {
        ImGuiHarness ui;
        app::App app(options(dir / "socsim.db"));
        app.start_quiz(basics(app), quiz::Mode::Exam);
        app.answer_quiz(0, right(*app.quiz_session()->item(0).question));
    }
    ImGuiHarness ui;
    app::App app(options(dir / "socsim.db"));
    g_calendar += basics(app)->exam.time_limit + kMinute;
    app.start_quiz(basics(app), quiz::Mode::Exam);
    quiz::Session* s = app.quiz_session();
    REQUIRE(s);
    CHECK(s->finished());
    CHECK(s->result().answered == 1);
    CHECK(app.screen() == app::Screen::Quiz);
    CHECK_THAT(app.status(), Catch::Contains("time ran out"));
    for (Lang lang : {Lang::En, Lang::Ja}) {
        app.set_lang(lang);
        ui.frame(app);  // the results
    }
    std::filesystem::remove_all(dir);
}

TEST_CASE("checkpoints stop the clock at the start and after the first isolation", "[ui][checkpoint]") {
    ImGuiHarness ui;
    app::App app(options());
    app.start(app.catalogue().front().scenario);
    Attempt& attempt = *app.attempt();
    REQUIRE(attempt.pending_checkpoint());
    app.tick(0.1);  // the workspace hands over to the checkpoint before any time passes
    CHECK(app.screen() == app::Screen::Quiz);
    CHECK(app.in_checkpoint());
    const SimTime held = attempt.clock().now();
    app.tick(5.0);
    CHECK(attempt.clock().now() == held);
    quiz::Session* cp = app.quiz_session();
    REQUIRE(cp);
    for (std::size_t i = 0; i < cp->size(); ++i) app.answer_quiz(i, right(*cp->item(i).question));
    ui.frame(app);
    app.finish_quiz();
    CHECK(app.screen() == app::Screen::Workspace);
    CHECK_FALSE(attempt.pending_checkpoint());
    app.tick(1.0);
    CHECK(attempt.clock().now() > held);
    // The first isolation fires the next checkpoint; a second isolation fires nothing more.
    REQUIRE(attempt.act(sim::ActionKind::Isolate, "ws-01", "test").ok);
    REQUIRE(attempt.pending_checkpoint());
    app.tick(0.1);
    CHECK(app.screen() == app::Screen::Quiz);
    app.finish_quiz();  // unanswered questions simply score nothing
    REQUIRE(attempt.act(sim::ActionKind::Isolate, "ws-02", "test").ok);
    CHECK_FALSE(attempt.pending_checkpoint());
    // Checkpoint answers count in the quiz part of the score.
    CHECK(attempt.quiz_result().questions == 2 + 2 + static_cast<int>(attempt.quiz_session()->size()));
    CHECK(attempt.quiz_result().correct == 2);
}

TEST_CASE("the report form submits what it shows and ends the scenario", "[ui][report]") {
    ImGuiHarness ui;
    app::App app(options());
    app.start(app.catalogue().front().scenario);
    Attempt& attempt = *app.attempt();
    while (attempt.pending_checkpoint()) attempt.close_checkpoint();
    attempt.advance_to(attempt.clock().start() + 2 * kHour);
    const auto record = attempt.engine().logs().of(logs::Source::Dns).back();
    REQUIRE(attempt.pin(record, "beacon").ok);
    while (attempt.pending_checkpoint()) attempt.close_checkpoint();
    app.set_screen(app::Screen::Report);
    auto& form = app.report_panel();
    form.hosts.insert("ws-17");
    form.indicators = "api.update-telemetry-cdn.net\n198.51.100.201";
    form.first_seen = "9:36";
    form.technique = 0;
    form.sources[0] = true;
    form.cited.insert(record);
    for (Lang lang : {Lang::En, Lang::Ja}) {
        app.set_lang(lang);
        ui.frame(app);
    }
    const auto r = form.collect(app);
    CHECK(r.hosts == std::vector<std::string>{"ws-17"});
    CHECK(r.indicators.size() == 2);
    REQUIRE(r.first_seen);
    CHECK(format_clock(*r.first_seen, attempt.scenario().utc_offset_minutes) == "09:36:00");
    CHECK(r.technique == "T1071.004");
    CHECK(r.data_sources == std::vector<std::string>{"dns"});
    CHECK(r.evidence == std::vector<std::uint32_t>{record});
    CHECK_FALSE(app::parse_report_time("25:99", attempt.clock().start(), 540));
    app.submit_report(r);
    CHECK(attempt.ended());
    REQUIRE(attempt.report());
    CHECK(app.screen() == app::Screen::Quiz);  // the end quiz follows
    app.finish_quiz();
    CHECK(app.screen() == app::Screen::Debrief);
    ui.frame(app);
}

TEST_CASE("a question missed in a scenario comes back in review", "[ui][review]") {
    const auto dir = std::filesystem::temp_directory_path() / "socsim-ui-scenario-review";
    std::filesystem::remove_all(dir);
    ImGuiHarness ui;
    app::App app(options(dir / "socsim.db"));
    app.start(app.catalogue().front().scenario);
    quiz::Session* checkpoint = app.quiz_session();
    REQUIRE(app.attempt()->pending_checkpoint() == checkpoint);
    const std::string missed = checkpoint->item(0).question->id;
    app.answer_quiz(0, quiz::Response{});  // wrong
    g_calendar += 3 * kDay;
    const auto due = app.due_for_review(*basics(app));
    CHECK(std::find(due.begin(), due.end(), missed) != due.end());
    std::filesystem::remove_all(dir);
}

TEST_CASE("after a relaunch the catalogue resumes an interrupted scenario", "[ui][resume]") {
    const auto dir = std::filesystem::temp_directory_path() / "socsim-ui-resume";
    std::filesystem::remove_all(dir);
    std::int64_t id = 0;
    {
        ImGuiHarness ui;
        app::App app(options(dir / "socsim.db"));
        app.start(app.catalogue().front().scenario);
        Attempt& a = *app.attempt();
        id = a.id();
        while (a.pending_checkpoint()) a.close_checkpoint();
        a.advance_to(a.clock().start() + kHour);
        REQUIRE(a.act(sim::ActionKind::Isolate, "ws-03", "test").ok);
        ui.frame(app);
    }  // the program is closed mid-scenario
    ImGuiHarness ui;
    app::App app(options(dir / "socsim.db"));
    REQUIRE_FALSE(app.past_attempts().empty());
    CHECK(app.past_attempts().front().status == store::AttemptStatus::InProgress);
    ui.frame(app);  // the catalogue shows it with a Resume button
    app.resume(id);
    REQUIRE(app.attempt());
    CHECK(app.screen() == app::Screen::Workspace);
    CHECK(app.attempt()->is_isolated("ws-03"));
    CHECK(app.attempt()->id() == id);
    ui.frame(app);
    std::filesystem::remove_all(dir);
}
