// Item statistics for instructors: which questions of a bank work, which are too easy or too hard,
// and which ones the trainees who do well overall get wrong (a sign of a misleading question).
//
// The definitions are Moodle's quiz statistics, so the numbers read the same as there: facility
// index, standard deviation, discrimination index (the item against the rest of the test) and
// discriminative efficiency, all on a 0..100 scale, plus how often each choice was picked. A value
// that cannot be computed (too few attempts, every trainee scoring the same) is absent, never a
// division by zero. The definitions are in docs/spaced-review.md ("Item statistics").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/quiz/question.h"

namespace socsim::quiz {

// One question of the test being analysed.
struct ItemInfo {
    std::string question_id;
    double max_mark = 1;   // the question's points: weighs it in the rest-of-test total
    int choice_count = 0;  // choices to count picks of; 0 for questions without choices
};

// The items of a bank, in bank order: points as max marks; choices counted for single, multiple
// and true/false questions (a matching question's `selected` holds pairings, not picks).
std::vector<ItemInfo> items_of(const Bank& bank);

// One answer as stored: the share of the credit earned (0..1) and the choices picked.
struct ItemAnswer {
    std::string question_id;
    double fraction = 0;
    std::vector<int> selected;
};

// One attempt: the questions it asked and the answers it gave. An exam draws a subset, a practice
// run may be cut short with --count, a scenario asks its end quiz and checkpoints: a question only
// counts in the attempts that asked it, as Moodle counts a randomly drawn question.
struct AttemptAnswers {
    std::vector<std::string> asked;  // in any order; empty: the questions answered (attempts
                                     // recorded before socsim kept what was asked)
    std::vector<ItemAnswer> answers;
};

struct ItemStatistics {
    std::string question_id;
    int attempts = 0;  // attempts that asked it (S); one that asked and did not answer scored 0
    int answered = 0;  // of those, attempts that answered it
    std::optional<double> facility_index;             // mean score, % of the max mark; absent if S = 0
    std::optional<double> standard_deviation;         // of the score, % of the max mark; absent if S < 2
    std::optional<double> discrimination_index;       // 100 r(item, rest of test); absent if either is constant
    std::optional<double> discriminative_efficiency;  // 100 C / C_max; absent when C_max = 0
    std::vector<double> choice_percent;  // per choice: % of the S attempts that picked it (multiple
                                         // answer: several per attempt, so the sum may exceed 100)
    double unanswered_percent = 0;       // % of the S attempts that left it unanswered
};

// Statistics per item, in the order of `items`, each over the attempts that asked it. Every
// attempt given is analysed, so the caller chooses which (Moodle analyses finished attempts). The
// rest of the test of an attempt is the share of the points of its other questions that it earned
// (attempts of different lengths compare). Answers to questions not in `items` and picks of
// choices out of range are ignored; fractions are clamped to 0..1.
std::vector<ItemStatistics> item_statistics(const std::vector<ItemInfo>& items,
                                            const std::vector<AttemptAnswers>& attempts);

}  // namespace socsim::quiz
