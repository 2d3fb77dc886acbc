// A quiz taken on its own (practice, exam or review), recorded like a scenario attempt: the
// session grades, and every answer is committed to the trainee database the moment it is given.
// The terminal mode and the GUI's quiz screens both drive this class.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/quiz/session.h"

namespace socsim::store {
class Database;
}

namespace socsim {

// Thrown when an exam may not be taken again; what() is a catalog key.
class QuizRefused : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class QuizRun {
public:
    // Starts the run at calendar time `started_at` (the caller's clock: spaced review counts real
    // days). With a database, it is recorded as an attempt on "quiz:<bank id>", and every answer
    // updates the trainee's review card of that question. An exam already finished by this
    // trainee is refused (QuizRefused).
    QuizRun(const quiz::Bank& bank, const quiz::SessionOptions& options, store::Database* db, SimTime started_at = 0);

    quiz::Session& session() { return session_; }
    const quiz::Session& session() const { return session_; }
    std::int64_t id() const { return id_; }

    std::optional<quiz::Grade> answer(std::size_t i, const quiz::Response& response, Millis elapsed = 0);
    // Ends the run and stores its score (the share of points earned, out of 100).
    quiz::SessionResult finish();

    static std::string activity_id(const quiz::Bank& bank) { return "quiz:" + bank.id; }

    // The question ids of `bank` due for review by `trainee` at `now`, earliest first.
    static std::vector<std::string> due_questions(store::Database& db, const quiz::Bank& bank, const std::string& trainee,
                                                  SimTime now);

private:
    quiz::Session session_;
    store::Database* db_;
    std::int64_t id_ = 0;
    std::int64_t trainee_id_ = 0;
    SimTime started_at_ = 0;
    bool finished_ = false;
};

}  // namespace socsim
