// A quiz taken on its own (practice, exam or review), recorded like a scenario attempt: the
// session grades, and every answer is committed to the trainee database the moment it is given.
// The terminal mode and the GUI's quiz screens both drive this class.
//
// An exam is one attempt per trainee, however it ends. Starting it again while it is in progress
// (the terminal was closed, the GUI quit) picks the same attempt up: the same questions in the
// same order, the answers given so far, and the time limit still counting from the first start in
// calendar time. If that time ran out meanwhile, the exam is closed with the answers it has. A
// finished exam is refused. The calendar time always comes from the caller (cli::calendar_now(),
// the GUI's clock): nothing here reads a clock.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/quiz/session.h"

namespace socsim::store {
class Database;
}

namespace socsim {

// Thrown when an exam may not be taken again, or a sealed bank in another mode than exam; what()
// is a catalog key, attempt_id the attempt that used it up (its score is in the database; 0 when
// no attempt is the reason).
class QuizRefused : public std::runtime_error {
public:
    QuizRefused(const std::string& key, std::int64_t attempt) : std::runtime_error(key), attempt_id(attempt) {}
    std::int64_t attempt_id = 0;
};

class QuizRun {
public:
    // How the run began.
    enum class Start {
        New,           // a new attempt
        Resumed,       // an interrupted exam, picked up where it stopped
        ClosedTimeUp,  // an interrupted exam whose time ran out meanwhile: now finished with the
                       // answers it had; only its results are left to show
    };

    // Starts the run at calendar time `now` (ms since the epoch; 0 when the caller has no clock:
    // no review cards, and an interrupted exam resumes with its whole time). In an exam the bank
    // sets the number of questions and the time limit (Bank::exam): `options.count` and
    // `options.time_limit` are not used. With a database, the run is an attempt on "quiz:<bank
    // id>" and answers update the trainee's review cards (an exam's once each, when it is
    // finished, with the final answer). An exam already finished by this trainee throws QuizRefused.
    QuizRun(const quiz::Bank& bank, quiz::SessionOptions options, store::Database* db, SimTime now = 0);

    quiz::Session& session() { return *session_; }
    const quiz::Session& session() const { return *session_; }
    std::int64_t id() const { return id_; }
    Start start() const { return start_; }
    // A resumed exam whose bank file changed since it began: answers are graded on the bank as it is.
    bool bank_changed() const { return bank_changed_; }

    // Calendar time the attempt began (a resumed exam: its first start); 0 when unknown.
    SimTime started_at() const { return started_at_; }
    // Time since started_at() at calendar time `now`, the `elapsed` to hand to answer() and
    // finish(); 0 when either is unknown.
    Millis elapsed(SimTime now) const;
    // The first question without an answer (size() when every one has one): where a resumed exam goes on.
    std::size_t first_unanswered() const;

    std::optional<quiz::Grade> answer(std::size_t i, const quiz::Response& response, Millis elapsed = 0);
    // Ends the run and stores its score (the share of points earned, out of 100, against the bank's
    // pass mark). `elapsed` dates an exam's review cards (started_at() + elapsed). Calling again
    // changes nothing.
    quiz::SessionResult finish(Millis elapsed = 0);
    double pass_mark() const { return session_->bank().exam.pass_mark; }
    bool passed() const { return session_->result().percent() >= pass_mark(); }

    static std::string activity_id(const quiz::Bank& bank) { return "quiz:" + bank.id; }

    // The question ids of `bank` due for review by `trainee` at `now`, earliest first.
    static std::vector<std::string> due_questions(store::Database& db, const quiz::Bank& bank, const std::string& trainee,
                                                  SimTime now);

private:
    void begin(const quiz::Bank& bank, const std::string& trainee);
    void resume(const quiz::Bank& bank, std::int64_t attempt_id, SimTime now);
    void review(std::size_t i, SimTime at);

    quiz::SessionOptions options_;
    std::optional<quiz::Session> session_;
    store::Database* db_;
    std::int64_t id_ = 0;
    std::int64_t trainee_id_ = 0;
    SimTime started_at_ = 0;
    Millis last_elapsed_ = 0;  // the latest `elapsed` seen, to date an exam's review cards
    Start start_ = Start::New;
    bool bank_changed_ = false;
    bool finished_ = false;
};

}  // namespace socsim
