// Grading of one answer to one question, and the names of question types as written in bank files.
// Grading never trusts the response: it comes from a UI, a CLI argument or a stored attempt, so
// duplicate or out-of-range indices, a missing or non-finite number and any typed text are
// expected and must not crash or earn credit.
#include "core/quiz/question.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "core/quiz/text_match.h"

namespace socsim::quiz {
namespace {

// Full credit despite floating-point sums such as 1/3 + 1/3 + 1/3, and for weights written in
// percent with a few decimals (33.33333% three times, as Moodle exports thirds). The loaders
// accept multiple-answer weights that add up to 1 within the same margin.
constexpr double kFullCreditTolerance = 1e-6;

// A number typed as 3.13 must fall in 3.14 +- 0.01 although 3.14 - 0.01 is 3.1300000000000003 in
// binary; bounds are widened by this share of their size (at least 1), far below any real margin.
constexpr double kBoundSlack = 1e-12;

double clamp_fraction(double v) {
    if (!std::isfinite(v)) return 0;
    return std::clamp(v, 0.0, 1.0);
}

double finite_or_zero(double w) { return std::isfinite(w) ? w : 0.0; }

double slack(double bound) { return kBoundSlack * std::max(1.0, std::abs(bound)); }

double grade_choices(const Question& q, const Response& r) {
    // Each index counts once, whatever the UI sent; an index with no choice behind it is a pick
    // that earns nothing.
    const std::set<int> picked(r.selected.begin(), r.selected.end());
    const auto weight_of = [&q](int index) {
        if (index < 0 || static_cast<size_t>(index) >= q.choices.size()) return 0.0;
        return finite_or_zero(q.choices[static_cast<size_t>(index)].weight);
    };
    if (q.type == QuestionType::MultipleAnswer) {
        double sum = 0;
        for (int index : picked) sum += weight_of(index);
        return clamp_fraction(sum);
    }
    // Single choice and true/false take one pick; picking several (or none) is not an answer to
    // the question, so ticking every box cannot earn credit.
    if (picked.size() == 1) return clamp_fraction(weight_of(*picked.begin()));
    return 0;
}

double grade_numeric(const Question& q, const Response& r) {
    if (!r.number || !std::isfinite(*r.number)) return 0;
    const double x = *r.number;
    double best = 0;
    for (const NumericAnswer& a : q.numeric) {
        if (std::isnan(a.min) || std::isnan(a.max)) continue;
        if (x >= a.min - slack(a.min) && x <= a.max + slack(a.max)) best = std::max(best, clamp_fraction(a.weight));
    }
    return best;
}

double grade_short(const Question& q, const Response& r) {
    const std::string typed = normalise_answer(r.text);
    if (typed.empty()) return 0;
    double best = 0;
    for (const AcceptedAnswer& a : q.accepted)
        if (normalise_answer(a.text) == typed) best = std::max(best, clamp_fraction(a.weight));
    return best;
}

double grade_matching(const Question& q, const Response& r) {
    if (q.pairs.empty()) return 0;
    // selected[i] names the pair whose right item was put next to left item i; entries past the
    // last left item are ignored, missing ones are unanswered.
    size_t right = 0;
    const size_t n = std::min(q.pairs.size(), r.selected.size());
    for (size_t i = 0; i < n; ++i)
        if (r.selected[i] >= 0 && static_cast<size_t>(r.selected[i]) == i) ++right;
    return static_cast<double>(right) / static_cast<double>(q.pairs.size());
}

}  // namespace

const char* question_type_name(QuestionType t) {
    switch (t) {
        case QuestionType::SingleChoice: return "single";
        case QuestionType::MultipleAnswer: return "multiple";
        case QuestionType::TrueFalse: return "true_false";
        case QuestionType::Numeric: return "numeric";
        case QuestionType::ShortAnswer: return "short";
        case QuestionType::Matching: return "matching";
    }
    return "single";
}

std::vector<Choice> true_false_choices(bool truth) {
    return {Choice{LocalText{"True", "正しい"}, truth ? 1.0 : 0.0, {}},
            Choice{LocalText{"False", "誤り"}, truth ? 0.0 : 1.0, {}}};
}

Grade grade(const Question& q, const Response& r) {
    double fraction = 0;
    switch (q.type) {
        case QuestionType::SingleChoice:
        case QuestionType::MultipleAnswer:
        case QuestionType::TrueFalse: fraction = grade_choices(q, r); break;
        case QuestionType::Numeric: fraction = grade_numeric(q, r); break;
        case QuestionType::ShortAnswer: fraction = grade_short(q, r); break;
        case QuestionType::Matching: fraction = grade_matching(q, r); break;
    }
    Grade g;
    g.fraction = fraction;
    g.correct = fraction >= 1.0 - kFullCreditTolerance;
    if (g.correct) g.fraction = 1.0;
    return g;
}

std::string right_answer_text(const Question& q, Lang lang) {
    std::string out;
    auto add = [&](const std::string& s) { out += (out.empty() ? "" : " / ") + s; };
    switch (q.type) {
        case QuestionType::SingleChoice:
        case QuestionType::TrueFalse:
            // Every choice worth full credit; a partly right one is not "the answer".
            for (const auto& c : q.choices)
                if (c.weight >= 1.0 - kFullCreditTolerance) add(c.text.get(lang));
            break;
        case QuestionType::MultipleAnswer:
            for (const auto& c : q.choices)
                if (c.weight > 0) add(c.text.get(lang));
            break;
        case QuestionType::Numeric:
            for (const auto& a : q.numeric) {
                char buf[64];
                std::snprintf(buf, sizeof buf, a.min == a.max ? "%g" : "%g – %g", a.min, a.max);
                if (a.weight >= 1) add(buf);
            }
            break;
        case QuestionType::ShortAnswer: {
            // One spelling, in the trainee's script where the author gave one: "隔離" in Japanese,
            // "isolation" in English, not the whole list of forms it accepts.
            const auto ascii = [](const std::string& t) {
                return std::all_of(t.begin(), t.end(), [](char c) { return (static_cast<unsigned char>(c) & 0x80) == 0; });
            };
            const AcceptedAnswer* shown = nullptr;
            for (const auto& a : q.accepted) {
                if (a.weight < 1.0 - kFullCreditTolerance) continue;
                if (!shown) shown = &a;
                if (lang == Lang::En && ascii(a.text)) {
                    shown = &a;
                    break;
                }
                if (lang != Lang::En) break;
            }
            if (shown) add(shown->text);
            break;
        }
        case QuestionType::Matching:
            for (const auto& p : q.pairs) add(p.left.get(lang) + " → " + p.right.get(lang));
            break;
    }
    return out;
}

std::vector<LocalText> feedback_for(const Question& q, const Response& r) {
    std::vector<LocalText> out;
    switch (q.type) {
        case QuestionType::SingleChoice:
        case QuestionType::MultipleAnswer:
        case QuestionType::TrueFalse: {
            const std::set<int> picked(r.selected.begin(), r.selected.end());
            for (int i : picked)
                if (i >= 0 && static_cast<size_t>(i) < q.choices.size() && !q.choices[static_cast<size_t>(i)].feedback.empty())
                    out.push_back(q.choices[static_cast<size_t>(i)].feedback);
            break;
        }
        case QuestionType::Numeric: {
            // The answer that gave the grade: the best weight holding the number, the first of equals.
            if (!r.number || !std::isfinite(*r.number)) break;
            const NumericAnswer* best = nullptr;
            for (const NumericAnswer& a : q.numeric) {
                if (std::isnan(a.min) || std::isnan(a.max)) continue;
                if (*r.number < a.min - slack(a.min) || *r.number > a.max + slack(a.max)) continue;
                if (!best || clamp_fraction(a.weight) > clamp_fraction(best->weight)) best = &a;
            }
            if (best && !best->feedback.empty()) out.push_back(best->feedback);
            break;
        }
        case QuestionType::ShortAnswer: {
            const std::string typed = normalise_answer(r.text);
            if (typed.empty()) break;
            const AcceptedAnswer* best = nullptr;
            for (const AcceptedAnswer& a : q.accepted)
                if (normalise_answer(a.text) == typed && (!best || clamp_fraction(a.weight) > clamp_fraction(best->weight)))
                    best = &a;
            if (best && !best->feedback.empty()) out.push_back(best->feedback);
            break;
        }
        case QuestionType::Matching: break;
    }
    return out;
}

}  // namespace socsim::quiz
