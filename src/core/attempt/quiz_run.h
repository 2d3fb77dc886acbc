// A quiz taken on its own (practice, exam or review), recorded like a scenario attempt: the
// session grades, and every answer is committed to the trainee database the moment it is given.
// The terminal mode and the GUI's quiz screens both drive this class.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

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
    // Starts the run. With a database, it is recorded as an attempt on "quiz:<bank id>";
    // an exam already finished by this trainee is refused (QuizRefused).
    QuizRun(const quiz::Bank& bank, const quiz::SessionOptions& options, store::Database* db);

    quiz::Session& session() { return session_; }
    const quiz::Session& session() const { return session_; }
    std::int64_t id() const { return id_; }

    std::optional<quiz::Grade> answer(std::size_t i, const quiz::Response& response, Millis elapsed = 0);
    // Ends the run and stores its score (the share of points earned, out of 100).
    quiz::SessionResult finish();

    static std::string activity_id(const quiz::Bank& bank) { return "quiz:" + bank.id; }

private:
    quiz::Session session_;
    store::Database* db_;
    std::int64_t id_ = 0;
    bool finished_ = false;
};

}  // namespace socsim
