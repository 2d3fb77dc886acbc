// A quiz session: the questions a trainee is asked in one sitting, in the order asked, with
// their answers and grades. One class for every mode so that grading is the same everywhere:
//
//   Practice    all questions (or a chosen few), feedback after each answer
//   Exam        a random subset per trainee, questions and choices shuffled from a seed, a time
//               limit, no feedback until the end
//   Review      the questions that spaced review says are due (the caller picks them)
//   Checkpoint  a few questions inside a scenario, feedback after each
//
// The session never reads a clock: the caller says how much time has passed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/time.h"
#include "core/quiz/question.h"

namespace socsim::quiz {

enum class Mode { Practice, Exam, Review, Checkpoint };
const char* mode_name(Mode m);  // "practice", "exam", "review", "checkpoint"
std::optional<Mode> parse_mode(std::string_view name);

struct SessionOptions {
    Mode mode = Mode::Practice;
    std::uint64_t seed = 1;           // exam order and subset (with the trainee's name)
    std::string trainee;              // an exam's subset and order differ per trainee
    std::size_t count = 0;            // how many questions; 0 = all
    Millis time_limit = 0;            // exam only; 0 = none
    std::vector<std::string> only;    // ask exactly these question ids, in this order (review,
                                      // checkpoints, a resumed exam: its questions as drawn)
};

struct SessionItem {
    const Question* question = nullptr;
    std::vector<int> order;           // display order of the choices (or of the matching right items)
    std::optional<Response> response;
    std::optional<Grade> grade;
};

struct SessionResult {
    int questions = 0;
    int answered = 0;
    int correct = 0;
    double earned = 0;    // sum of fraction x points
    double possible = 0;  // sum of points
    double percent() const { return possible > 0 ? 100.0 * earned / possible : 0.0; }
};

class Session {
public:
    // `bank` must outlive the session.
    Session(const Bank& bank, const SessionOptions& options);

    Mode mode() const { return options_.mode; }
    const Bank& bank() const { return bank_; }
    std::size_t size() const { return items_.size(); }
    const SessionItem& item(std::size_t i) const { return items_[i]; }

    // Grades and keeps an answer. In an exam an answer can be changed until the end;
    // elsewhere the first answer stands (feedback has been seen).
    // Returns nullopt if the answer is refused (finished, time up, already answered).
    std::optional<Grade> answer(std::size_t i, const Response& response, Millis elapsed = 0);

    // Whether the trainee may see right answers and explanations now.
    bool feedback_visible() const { return options_.mode != Mode::Exam || finished_; }
    // Whether the right answers and explanations may be shown beside the grades: never for a
    // sealed exam (others take it after this trainee), even once it is handed in.
    bool answer_key_visible() const { return feedback_visible() && !bank().sealed; }
    Millis time_limit() const { return options_.time_limit; }  // 0: none
    bool time_up(Millis elapsed) const { return options_.time_limit > 0 && elapsed >= options_.time_limit; }
    Millis time_left(Millis elapsed) const;

    void finish() { finished_ = true; }
    bool finished() const { return finished_; }
    SessionResult result() const;

private:
    const Bank& bank_;
    SessionOptions options_;
    std::vector<SessionItem> items_;
    bool finished_ = false;
};

}  // namespace socsim::quiz
