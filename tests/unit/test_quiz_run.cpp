// A quiz run recorded in the trainee database: an exam takes its settings from the bank, is one
// attempt (an interrupted one resumes with the same questions and the time counting from its first
// start, or is closed when that time ran out; a finished one is refused), review cards are updated
// once per question with the final answer, and item statistics count each question over the
// attempts that asked it (exam subsets, --count runs, scenario end quizzes).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "core/attempt/attempt.h"
#include "core/attempt/bank_statistics.h"
#include "core/attempt/quiz_run.h"
#include "core/quiz/review_schedule.h"
#include "core/scenario/loader.h"
#include "core/store/database.h"

using namespace socsim;

namespace {

constexpr SimTime kT0 = 1'780'000'000'000;  // the calendar of these tests, moved by hand

const quiz::Bank& small_bank() {
    static const quiz::Bank bank = [] {
        auto loaded = quiz::load_bank_file(std::string(SOCSIM_TEST_DATA) + "/quiz/exam-small.yaml");
        REQUIRE(loaded.ok());
        return std::move(*loaded.value);
    }();
    return bank;
}

const quiz::Bank& basics_bank() {
    static const quiz::Bank bank = [] {
        auto loaded = quiz::load_bank_file(std::string(SOCSIM_SOURCE_DIR) + "/quizzes/soc-basics.yaml");
        REQUIRE(loaded.ok());
        return std::move(*loaded.value);
    }();
    return bank;
}

struct TempDb {
    std::filesystem::path dir;
    std::unique_ptr<store::Database> db;
    explicit TempDb(const std::string& name) : dir(std::filesystem::temp_directory_path() / ("socsim-quizrun-" + name)) {
        std::filesystem::remove_all(dir);
        db = std::make_unique<store::Database>(dir / "socsim.db");
    }
    ~TempDb() {
        db.reset();
        std::filesystem::remove_all(dir);
    }
};

quiz::SessionOptions exam_options(const std::string& trainee = "sato") {
    quiz::SessionOptions o;
    o.mode = quiz::Mode::Exam;
    o.trainee = trainee;
    o.seed = 4;  // for sato: a short answer, a number, then true/false
    return o;
}

// The answer that earns full credit, whatever the type.
quiz::Response right(const quiz::Question& q) {
    quiz::Response r;
    switch (q.type) {
        case quiz::QuestionType::Numeric: r.number = (q.numeric[0].min + q.numeric[0].max) / 2; break;
        case quiz::QuestionType::ShortAnswer: r.text = q.accepted[0].text; break;
        case quiz::QuestionType::Matching:
            for (std::size_t i = 0; i < q.pairs.size(); ++i) r.selected.push_back(static_cast<int>(i));
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

bool same(const quiz::Response& a, const quiz::Response& b) {
    return a.selected == b.selected && a.number == b.number && a.text == b.text;
}

std::vector<std::string> ids(const quiz::Session& s) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size(); ++i) out.push_back(s.item(i).question->id);
    return out;
}

}  // namespace

TEST_CASE("an exam takes its questions and time limit from the bank, not from the trainee", "[quizrun][exam]") {
    quiz::SessionOptions o = exam_options();
    o.count = 1;               // what a trainee might ask for
    o.time_limit = 90 * kMinute;
    QuizRun run(small_bank(), o, nullptr, kT0);
    CHECK(run.session().size() == 3);
    CHECK(run.session().time_left(0) == 10 * kMinute);
    CHECK(run.pass_mark() == 50);
    // Practice keeps what it was asked for.
    quiz::SessionOptions p;
    p.count = 2;
    CHECK(QuizRun(small_bank(), p, nullptr, kT0).session().size() == 2);
}

TEST_CASE("an interrupted exam resumes with the same questions, its answers, and the time since its start",
          "[quizrun][exam]") {
    TempDb t("resume");
    std::int64_t id = 0;
    std::vector<std::string> asked;
    std::vector<std::vector<int>> orders;
    {
        QuizRun run(small_bank(), exam_options(), t.db.get(), kT0);
        CHECK(run.start() == QuizRun::Start::New);
        id = run.id();
        asked = ids(run.session());
        for (std::size_t i = 0; i < run.session().size(); ++i) orders.push_back(run.session().item(i).order);
        REQUIRE(run.answer(0, right(*run.session().item(0).question), 1 * kMinute));
        REQUIRE(run.answer(1, right(*run.session().item(1).question), 2 * kMinute));
    }  // the terminal is closed (SIGHUP) or the GUI quits: no finish
    CHECK(t.db->attempt(id)->status == store::AttemptStatus::InProgress);
    CHECK(t.db->questions(id) == asked);

    // Four minutes after the first start, with another seed asked for: the same exam goes on.
    quiz::SessionOptions again = exam_options();
    again.seed = 99;
    QuizRun run(small_bank(), again, t.db.get(), kT0 + 4 * kMinute);
    CHECK(run.start() == QuizRun::Start::Resumed);
    CHECK(run.id() == id);
    CHECK(ids(run.session()) == asked);
    for (std::size_t i = 0; i < run.session().size(); ++i) CHECK(run.session().item(i).order == orders[i]);
    CHECK(run.started_at() == kT0);
    CHECK(run.elapsed(kT0 + 4 * kMinute) == 4 * kMinute);
    CHECK(run.session().time_left(run.elapsed(kT0 + 4 * kMinute)) == 6 * kMinute);
    // The answers given, whatever their kind (a number or a word comes back too).
    REQUIRE(run.session().item(0).grade);
    REQUIRE(run.session().item(1).grade);
    CHECK(run.session().item(0).grade->correct);
    CHECK(run.session().item(1).grade->correct);
    CHECK(run.session().item(0).question->type == quiz::QuestionType::ShortAnswer);
    CHECK(run.session().item(1).question->type == quiz::QuestionType::Numeric);
    for (std::size_t i = 0; i < 2; ++i) CHECK(same(*run.session().item(i).response, right(*run.session().item(i).question)));
    CHECK(run.first_unanswered() == 2);
    CHECK_FALSE(run.session().feedback_visible());
    CHECK_FALSE(run.bank_changed());

    REQUIRE(run.answer(2, right(*run.session().item(2).question), run.elapsed(kT0 + 5 * kMinute)));
    const auto result = run.finish(run.elapsed(kT0 + 5 * kMinute));
    CHECK(result.correct == 3);
    CHECK(run.passed());
    const auto stored = t.db->attempt(id);
    CHECK(stored->status == store::AttemptStatus::Finished);
    CHECK(stored->score == Approx(100));
    CHECK(stored->passed);
    // Still one attempt: only one exam row for this trainee.
    int exams = 0;
    for (const auto& a : t.db->list_attempts()) exams += a.mode == "quiz-exam" ? 1 : 0;
    CHECK(exams == 1);

    // Finished: refused, naming the attempt that used it up.
    try {
        QuizRun refused(small_bank(), exam_options(), t.db.get(), kT0 + kDay);
        FAIL("a finished exam was started again");
    } catch (const QuizRefused& e) {
        CHECK(std::string(e.what()) == "quiz.exam_taken");
        CHECK(e.attempt_id == id);
    }
    // Another trainee has an exam of their own.
    QuizRun other(small_bank(), exam_options("suzuki"), t.db.get(), kT0 + kDay);
    CHECK(other.start() == QuizRun::Start::New);
}

TEST_CASE("an interrupted exam whose time ran out is closed with the answers given", "[quizrun][exam]") {
    TempDb t("time-up");
    std::int64_t id = 0;
    {
        QuizRun run(small_bank(), exam_options(), t.db.get(), kT0);
        id = run.id();
        REQUIRE(run.answer(0, right(*run.session().item(0).question), kMinute));
    }
    QuizRun run(small_bank(), exam_options(), t.db.get(), kT0 + 11 * kMinute);
    CHECK(run.start() == QuizRun::Start::ClosedTimeUp);
    CHECK(run.id() == id);
    CHECK(run.session().finished());
    CHECK(run.session().feedback_visible());  // the results can be shown now
    const auto result = run.session().result();
    CHECK(result.answered == 1);
    CHECK(result.correct == 1);
    CHECK(result.questions == 3);
    CHECK_FALSE(run.answer(1, right(*run.session().item(1).question), run.elapsed(kT0 + 11 * kMinute)));
    const auto stored = t.db->attempt(id);
    CHECK(stored->status == store::AttemptStatus::Finished);
    CHECK(stored->score == Approx(100.0 / 3));
    CHECK_FALSE(stored->passed);  // below the bank's 50%
    // The answered question was reviewed, at the exam's deadline.
    const auto trainee = t.db->ensure_trainee("sato");
    const auto card = t.db->review_card(trainee, "exam-small", run.session().item(0).question->id);
    REQUIRE(card);
    CHECK(card->last_review == kT0 + 10 * kMinute);
    CHECK_FALSE(t.db->review_card(trainee, "exam-small", run.session().item(1).question->id));
    CHECK_THROWS_AS(QuizRun(small_bank(), exam_options(), t.db.get(), kT0 + 12 * kMinute), QuizRefused);
}

TEST_CASE("without a calendar, an interrupted exam resumes with its whole time", "[quizrun][exam]") {
    TempDb t("no-clock");
    { QuizRun run(small_bank(), exam_options(), t.db.get(), 0); }
    QuizRun run(small_bank(), exam_options(), t.db.get(), kT0 + kDay);
    CHECK(run.start() == QuizRun::Start::Resumed);
    CHECK(run.elapsed(kT0 + kDay) == 0);
}

TEST_CASE("an exam updates each review card once, with the final answer, when it is finished", "[quizrun][review]") {
    TempDb t("review-once");
    QuizRun run(small_bank(), exam_options(), t.db.get(), kT0);
    const auto& q = *run.session().item(0).question;
    const auto trainee = t.db->ensure_trainee("sato");
    // Changing the answer with Previous: wrong, right, wrong, right.
    for (int k = 0; k < 4; ++k) REQUIRE(run.answer(0, k % 2 ? right(q) : quiz::Response{}, (k + 1) * kMinute));
    CHECK_FALSE(t.db->review_card(trainee, "exam-small", q.id));  // nothing until the end
    run.finish(6 * kMinute);
    const auto card = t.db->review_card(trainee, "exam-small", q.id);
    REQUIRE(card);
    CHECK(card->reps == 1);
    CHECK(card->lapses == 0);
    const quiz::CardState expected = quiz::review({}, quiz::Rating::Good, kT0 + 6 * kMinute);
    CHECK(card->stability == Approx(expected.stability));
    CHECK(card->due == expected.due);
    // Unanswered questions of the exam get no card; finishing again reviews nothing twice.
    CHECK_FALSE(t.db->review_card(trainee, "exam-small", run.session().item(1).question->id));
    run.finish(7 * kMinute);
    CHECK(t.db->review_card(trainee, "exam-small", q.id)->reps == 1);

    // Practice: the first answer stands and is reviewed at once.
    quiz::SessionOptions p;
    p.trainee = "sato";
    QuizRun practice(small_bank(), p, t.db.get(), kT0 + 2 * kDay);
    REQUIRE(practice.answer(0, right(*practice.session().item(0).question), kMinute));
    const auto pc = t.db->review_card(trainee, "exam-small", practice.session().item(0).question->id);
    REQUIRE(pc);
    CHECK(pc->last_review == kT0 + 2 * kDay + kMinute);
}

TEST_CASE("item statistics count a question over the attempts that asked it", "[quizrun][stats]") {
    TempDb t("stats");
    const quiz::Bank& bank = basics_bank();
    std::map<std::string, int> asked;  // question id -> finished attempts that asked it
    auto count = [&](const quiz::Session& s) {
        for (std::size_t i = 0; i < s.size(); ++i) asked[s.item(i).question->id] += 1;
    };
    // An exam: the bank's draw of 10, half of them answered.
    {
        QuizRun exam(bank, exam_options("ito"), t.db.get(), kT0);
        REQUIRE(exam.session().size() == bank.exam_questions());
        for (std::size_t i = 0; i < exam.session().size(); i += 2)
            exam.answer(i, right(*exam.session().item(i).question), kMinute);
        exam.finish(2 * kMinute);
        count(exam.session());
    }
    // A practice run cut to 3 questions, everything right.
    {
        quiz::SessionOptions p;
        p.trainee = "kato";
        p.count = 3;
        QuizRun run(bank, p, t.db.get(), kT0);
        for (std::size_t i = 0; i < run.session().size(); ++i) run.answer(i, right(*run.session().item(i).question), kMinute);
        run.finish();
        count(run.session());
    }
    // A scenario: its start checkpoint fires, its end quiz is asked; the first-isolation checkpoint never fires.
    {
        auto loaded = scenario::load_file(std::string(SOCSIM_SOURCE_DIR) + "/scenarios/dns-beaconing.yaml");
        REQUIRE(loaded.ok());
        auto sc = std::make_shared<const scenario::Scenario>(std::move(*loaded.value));
        Attempt a(sc, 3, t.db.get(), "kimura");
        quiz::Session* cp = a.pending_checkpoint();
        REQUIRE(cp);
        count(*cp);
        a.answer(cp->item(0).question->id, right(*cp->item(0).question));
        a.close_checkpoint();
        a.act(sim::ActionKind::EndScenario, {});
        count(*a.quiz_session());
        a.answer(a.quiz_session()->item(0).question->id, quiz::Response{});  // one wrong answer
        a.finish();
        // What it asked, recorded once.
        const auto recorded = t.db->questions(a.id());
        CHECK(recorded.size() == cp->size() + a.quiz_session()->size());
        CHECK(std::find(recorded.begin(), recorded.end(), sc->checkpoints[1].questions[0]) == recorded.end());
    }
    // An exam left in progress does not count.
    { QuizRun open(bank, exam_options("left"), t.db.get(), kT0); }

    const BankStatistics stats = bank_statistics(*t.db, bank);
    CHECK(stats.attempts == 3);
    int never = 0;
    for (std::size_t i = 0; i < bank.questions.size(); ++i) {
        INFO(bank.questions[i].id);
        const auto& s = stats.items[i];
        CHECK(s.attempts == asked[bank.questions[i].id]);
        if (s.attempts == 0) {
            ++never;
            CHECK_FALSE(s.facility_index);  // not 0: no one was asked
        } else {
            REQUIRE(s.facility_index);
        }
    }
    CHECK(never > 0);
    // The practice run answered everything right: its questions, asked by nobody else, are at 100.
    std::set<std::string> only_practice;
    {
        quiz::SessionOptions p;
        p.count = 3;
        p.trainee = "kato";
        const quiz::Session s(bank, p);
        for (const auto& id : ids(s))
            if (asked[id] == 1) only_practice.insert(id);
    }
    for (std::size_t i = 0; i < bank.questions.size(); ++i)
        if (only_practice.count(bank.questions[i].id)) CHECK(*stats.items[i].facility_index == 100);
}
