// Recording of stand-alone quiz runs (see quiz_run.h).
#include "core/attempt/quiz_run.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "core/common/hash.h"
#include "core/quiz/review_schedule.h"

#include "core/store/database.h"

namespace socsim {

QuizRun::QuizRun(const quiz::Bank& bank, const quiz::SessionOptions& options, store::Database* db, SimTime started_at)
    : session_(bank, options), db_(db), started_at_(started_at) {
    if (!db_) return;
    const std::string activity = activity_id(bank);
    const std::string mode = std::string("quiz-") + quiz::mode_name(options.mode);
    if (options.mode == quiz::Mode::Exam) {
        // One attempt per exam: a finished exam by the same trainee closes it.
        for (const auto& a : db_->list_attempts())
            if (a.trainee == options.trainee && a.scenario_id == activity && a.mode == mode &&
                a.status == store::AttemptStatus::Finished)
                throw QuizRefused("quiz.exam_taken");
    }
    const auto trainee = db_->ensure_trainee(options.trainee.empty() ? "trainee" : options.trainee);
    trainee_id_ = trainee;
    // The bank's content hash, so results from different versions of a bank can be told apart.
    std::ifstream in(bank.source_path, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    store::AttemptInfo info{activity, fnv1a64_hex(bytes.str()), options.seed, mode};
    info.bank_id = bank.id;
    id_ = db_->begin_attempt(trainee, info);
}

std::optional<quiz::Grade> QuizRun::answer(std::size_t i, const quiz::Response& response, Millis elapsed) {
    const auto g = session_.answer(i, response, elapsed);
    if (!g || !db_) return g;
    const std::string& question = session_.item(i).question->id;
    db_->record_answer(id_, {question, response.selected, g->fraction, g->correct});
    // A missed question comes back soon, a known one later: FSRS decides when.
    if (started_at_ > 0) {
        const SimTime now = started_at_ + elapsed;
        const auto card = db_->review_card(trainee_id_, session_.bank().id, question).value_or(quiz::CardState{});
        db_->save_review_card(trainee_id_, session_.bank().id, question, quiz::review(card, quiz::rating_for(*g), now));
    }
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

quiz::SessionResult QuizRun::finish() {
    session_.finish();
    const quiz::SessionResult r = session_.result();
    if (db_ && !finished_) {
        score::Score s;
        char right[16], total[16], points[32];
        std::snprintf(right, sizeof right, "%d", r.correct);
        std::snprintf(total, sizeof total, "%d", r.questions);
        std::snprintf(points, sizeof points, "%.1f", r.percent());
        s.lines.push_back({"score.quiz", {{"right", right}, {"total", total}, {"points", points}, {"max", "100.0"}},
                           r.percent(), 100});
        s.total = r.percent();
        s.pass_mark = 60;
        s.passed = s.total >= s.pass_mark;
        db_->finish_attempt(id_, s);
    }
    finished_ = true;
    return r;
}

}  // namespace socsim
