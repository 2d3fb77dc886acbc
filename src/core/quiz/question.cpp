// Grading of one answer to one question, and the names of question types as written in bank files.
// Grading never trusts the response: it comes from a UI, a CLI argument or a stored attempt, so
// duplicate or out-of-range choice indices are expected and must not crash or earn credit.
#include <algorithm>
#include <cmath>
#include <set>

#include "core/quiz/question.h"

namespace socsim::quiz {
namespace {

// Full credit despite floating-point sums such as 1/3 + 1/3 + 1/3.
constexpr double kFullCreditTolerance = 1e-9;

double clamp_fraction(double v) {
    if (!std::isfinite(v)) return 0;
    return std::clamp(v, 0.0, 1.0);
}

}  // namespace

const char* question_type_name(QuestionType t) {
    switch (t) {
        case QuestionType::SingleChoice: return "single";
        case QuestionType::MultipleAnswer: return "multiple";
        case QuestionType::TrueFalse: return "true_false";
    }
    return "single";
}

Grade grade(const Question& q, const Response& r) {
    // Each index counts once, whatever the UI sent; an index with no choice behind it is a pick
    // that earns nothing.
    const std::set<int> picked(r.selected.begin(), r.selected.end());
    const auto weight_of = [&q](int index) {
        if (index < 0 || static_cast<size_t>(index) >= q.choices.size()) return 0.0;
        const double w = q.choices[static_cast<size_t>(index)].weight;
        return std::isfinite(w) ? w : 0.0;
    };

    double fraction = 0;
    if (q.type == QuestionType::MultipleAnswer) {
        double sum = 0;
        for (int index : picked) sum += weight_of(index);
        fraction = clamp_fraction(sum);
    } else if (picked.size() == 1) {
        // Single choice and true/false take one pick; picking several (or none) is not an answer
        // to the question, so ticking every box cannot earn credit.
        fraction = clamp_fraction(weight_of(*picked.begin()));
    }

    Grade g;
    g.fraction = fraction;
    g.correct = fraction >= 1.0 - kFullCreditTolerance;
    if (g.correct) g.fraction = 1.0;
    return g;
}

}  // namespace socsim::quiz
