// Recording of stand-alone quiz runs, and an exam's one attempt (see quiz_run.h).
#include "core/attempt/quiz_run.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/common/hash.h"
#include "core/quiz/review_schedule.h"

#include "core/store/database.h"

namespace socsim {
namespace {

// The bank file's content hash, so results from different versions of a bank can be told apart.
std::string bank_hash(const quiz::Bank& bank) {
    std::ifstream in(bank.source_path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return fnv1a64_hex(bytes.str());
}

std::string mode_of(quiz::Mode mode) { return std::string("quiz-") + quiz::mode_name(mode); }

}  // namespace

QuizRun::QuizRun(const quiz::Bank& bank, quiz::SessionOptions options, store::Database* db, SimTime now)
    : db_(db), started_at_(now) {
    const bool exam = options.mode == quiz::Mode::Exam;
    // Practice and review show the right answer after each question: a sealed bank's must stay unread.
    if (bank.sealed && !exam) throw QuizRefused("quiz.sealed_exam_only", 0);
    if (exam) {
        // The trainer's settings, whatever the front end asked for.
        options.count = bank.exam_questions();
        options.time_limit = bank.exam.time_limit;
    }
    options_ = std::move(options);
    const std::string trainee = options_.trainee.empty() ? "trainee" : options_.trainee;
    if (db_ && exam) {
        // One attempt per exam: a finished one closes it; one in progress is the same exam going on.
        std::optional<std::int64_t> open;
        for (const auto& a : db_->list_attempts()) {  // newest first
            if (a.trainee != trainee || a.scenario_id != activity_id(bank) || a.mode != mode_of(options_.mode)) continue;
            if (a.status == store::AttemptStatus::Finished) throw QuizRefused("quiz.exam_taken", a.id);
            if (a.status == store::AttemptStatus::InProgress && !open) open = a.id;
        }
        if (open) {
            resume(bank, *open, now);
            return;
        }
    }
    session_.emplace(bank, options_);
    if (db_) begin(bank, trainee);
}

void QuizRun::begin(const quiz::Bank& bank, const std::string& trainee) {
    trainee_id_ = db_->ensure_trainee(trainee);
    store::AttemptInfo info{activity_id(bank), bank_hash(bank), options_.seed, mode_of(options_.mode)};
    info.bank_id = bank.id;
    if (started_at_ > 0) info.calendar_start = started_at_;
    id_ = db_->begin_attempt(trainee_id_, info);
    // The draw, so that an interrupted exam comes back the same and statistics know what was asked.
    std::vector<std::string> asked;
    for (std::size_t i = 0; i < session_->size(); ++i) asked.push_back(session_->item(i).question->id);
    db_->record_questions(id_, asked);
}

void QuizRun::resume(const quiz::Bank& bank, std::int64_t attempt_id, SimTime now) {
    const auto summary = db_->attempt(attempt_id);
    start_ = Start::Resumed;
    id_ = attempt_id;
    trainee_id_ = db_->ensure_trainee(summary->trainee);
    bank_changed_ = summary->scenario_hash != bank_hash(bank);
    // The time limit counts from the first start; without a calendar then or now, it is unknown
    // and the exam goes on with its whole time.
    started_at_ = summary->calendar_start && now > 0 ? *summary->calendar_start : now;

    quiz::SessionOptions o = options_;
    o.seed = summary->seed;
    // The questions as drawn at the start (those still in the bank). An attempt recorded before
    // socsim kept the draw is drawn again from its seed.
    for (const std::string& id : db_->questions(attempt_id))
        if (std::any_of(bank.questions.begin(), bank.questions.end(), [&](const quiz::Question& q) { return q.id == id; }))
            o.only.push_back(id);
    session_.emplace(bank, o);
    for (const auto& stored : db_->answers(attempt_id)) {
        for (std::size_t i = 0; i < session_->size(); ++i) {
            if (session_->item(i).question->id != stored.question_id) continue;
            session_->answer(i, quiz::Response{stored.selected, stored.number, stored.text}, 0);
        }
    }
    const Millis used = elapsed(now);
    if (session_->time_up(used)) {
        // Time ran out while the exam was interrupted: it ends as it stands, at its deadline.
        start_ = Start::ClosedTimeUp;
        finish(options_.time_limit);
    }
}

Millis QuizRun::elapsed(SimTime now) const {
    if (now <= 0 || started_at_ <= 0) return 0;
    return std::max<Millis>(0, now - started_at_);
}

std::size_t QuizRun::first_unanswered() const {
    for (std::size_t i = 0; i < session_->size(); ++i)
        if (!session_->item(i).grade) return i;
    return session_->size();
}

void QuizRun::review(std::size_t i, SimTime at) {
    const auto& item = session_->item(i);
    if (!item.grade || at <= 0) return;
    const std::string& bank = session_->bank().id;
    const std::string& question = item.question->id;
    const auto card = db_->review_card(trainee_id_, bank, question).value_or(quiz::CardState{});
    db_->save_review_card(trainee_id_, bank, question, quiz::review(card, quiz::rating_for(*item.grade), at));
}

std::optional<quiz::Grade> QuizRun::answer(std::size_t i, const quiz::Response& response, Millis elapsed) {
    const auto g = session_->answer(i, response, elapsed);
    if (!g) return g;
    last_elapsed_ = std::max(last_elapsed_, elapsed);
    if (!db_) return g;
    const std::string& question = session_->item(i).question->id;
    db_->record_answer(id_, {question, response.selected, g->fraction, g->correct, response.number, response.text});
    // A missed question comes back soon, a known one later: FSRS decides when. An exam's answer
    // may still change, so its cards wait for the end.
    if (options_.mode != quiz::Mode::Exam && started_at_ > 0) review(i, started_at_ + elapsed);
    return g;
}

std::vector<std::string> QuizRun::due_questions(store::Database& db, const quiz::Bank& bank, const std::string& trainee,
                                                SimTime now) {
    std::vector<std::string> ids;
    const auto trainee_id = db.ensure_trainee(trainee.empty() ? "trainee" : trainee);
    for (const auto& card : db.due_review_cards(trainee_id, now))
        if (card.bank_id == bank.id) ids.push_back(card.question_id);
    return ids;
}

quiz::SessionResult QuizRun::finish(Millis elapsed) {
    session_->finish();
    const quiz::SessionResult r = session_->result();
    if (db_ && !finished_) {
        // One review per question of the exam, with the answer it ended with.
        if (options_.mode == quiz::Mode::Exam && started_at_ > 0) {
            const SimTime at = started_at_ + std::max(elapsed, last_elapsed_);
            for (std::size_t i = 0; i < session_->size(); ++i) review(i, at);
        }
        score::Score s;
        char right[16], total[16], points[32];
        std::snprintf(right, sizeof right, "%d", r.correct);
        std::snprintf(total, sizeof total, "%d", r.questions);
        std::snprintf(points, sizeof points, "%.1f", r.percent());
        s.lines.push_back({"score.quiz", {{"right", right}, {"total", total}, {"points", points}, {"max", "100.0"}},
                           r.percent(), 100});
        s.total = r.percent();
        s.pass_mark = pass_mark();
        s.passed = s.total >= s.pass_mark;
        db_->finish_attempt(id_, s);
    }
    finished_ = true;
    return r;
}

}  // namespace socsim
