// FSRS-6 review scheduling (see review_schedule.h and docs/spaced-review.md). Pure functions of
// the card, the rating, the time and the weights: the same inputs always give the same card, so a
// trainee's schedule can be recomputed from their answers, and there is no random "fuzz".

#include "core/quiz/review_schedule.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace socsim::quiz {

namespace {

// Stability is kept inside these bounds so that S^-w9 and S^-w19 stay finite whatever the weights.
constexpr double kMinStability = 0.001;
constexpr double kMaxStability = 36500;

double clamp_stability(double s) { return std::clamp(s, kMinStability, kMaxStability); }
double clamp_difficulty(double d) { return std::clamp(d, 1.0, 10.0); }

int grade_number(Rating g) {
    const int n = static_cast<int>(g);
    if (n < 1 || n > 4) throw std::invalid_argument("review rating " + std::to_string(n) + " is not 1..4");
    return n;
}

}  // namespace

Rating rating_for(const Grade& grade) {
    if (grade.correct) return Rating::Good;
    return grade.fraction > 0 ? Rating::Hard : Rating::Again;
}

namespace fsrs {

double factor(const ReviewParams& p) { return std::pow(0.9, -1.0 / p.w[20]) - 1.0; }

double forgetting_curve(double elapsed_days, double stability, const ReviewParams& p) {
    return std::pow(1.0 + factor(p) * elapsed_days / stability, -p.w[20]);
}

double initial_stability(Rating g, const ReviewParams& p) {
    return clamp_stability(p.w[static_cast<std::size_t>(grade_number(g) - 1)]);
}

double initial_difficulty(Rating g, const ReviewParams& p, bool clamp) {
    const double d = p.w[4] - std::exp(p.w[5] * (grade_number(g) - 1)) + 1.0;
    return clamp ? clamp_difficulty(d) : d;
}

double next_difficulty(double d, Rating g, const ReviewParams& p) {
    const double delta = -p.w[6] * (grade_number(g) - 3);
    // Linear damping: the closer D is to 10, the less a lapse can raise it.
    const double damped = d + delta * (10.0 - d) / 9.0;
    // FSRS reverts toward D0(Easy) as computed, not clamped (with the defaults it is about -4.77);
    // w7 is small, so this is a gentle pull that keeps D from sticking at 10.
    const double target = initial_difficulty(Rating::Easy, p, false);
    return clamp_difficulty(p.w[7] * target + (1.0 - p.w[7]) * damped);
}

double stability_after_recall(double d, double s, double r, Rating g, const ReviewParams& p) {
    const int n = grade_number(g);
    const double hard_penalty = n == 2 ? p.w[15] : 1.0;
    const double easy_bonus = n == 4 ? p.w[16] : 1.0;
    const double increase = std::exp(p.w[8]) * (11.0 - d) * std::pow(s, -p.w[9]) *
                            (std::exp(p.w[10] * (1.0 - r)) - 1.0) * hard_penalty * easy_bonus;
    return clamp_stability(s * (increase + 1.0));
}

double stability_after_lapse(double d, double s, double r, const ReviewParams& p) {
    const double relearned = p.w[11] * std::pow(d, -p.w[12]) * (std::pow(s + 1.0, p.w[13]) - 1.0) *
                             std::exp(p.w[14] * (1.0 - r));
    // FSRS-6 caps it at S / e^(w17 w18) (0.95 S with the defaults): forgetting never leaves the
    // memory as strong as it was, even for a card with little stability to lose.
    const double cap = s / std::exp(p.w[17] * p.w[18]);
    return clamp_stability(std::min(relearned, cap));
}

double stability_same_day(double s, Rating g, const ReviewParams& p) {
    const int n = grade_number(g);
    double increase = std::exp(p.w[17] * (n - 3 + p.w[18])) * std::pow(s, -p.w[19]);
    // FSRS-6: recalling again on the same day (Good, Easy) never weakens the memory.
    if (n >= 3) increase = std::max(increase, 1.0);
    return clamp_stability(s * increase);
}

int next_interval_days(double stability, const ReviewParams& p) {
    const double days = stability / factor(p) * (std::pow(p.desired_retention, -1.0 / p.w[20]) - 1.0);
    const double maximum = std::max(1, p.maximum_interval_days);
    return static_cast<int>(std::clamp(std::round(days), 1.0, maximum));
}

}  // namespace fsrs

CardState review(const CardState& card, Rating rating, SimTime now, const ReviewParams& params) {
    grade_number(rating);  // refuse a bad rating before touching anything
    CardState next = card;
    if (card.reps <= 0) {
        next.stability = fsrs::initial_stability(rating, params);
        next.difficulty = fsrs::initial_difficulty(rating, params);
        next.reps = 0;
        next.lapses = 0;
    } else {
        // FSRS-6 was fitted on whole days: a review 30 hours later counts as one day later, and
        // one within 24 hours (or dated before the last, if a clock stepped back) as the same day.
        const Millis elapsed = std::max<Millis>(0, now - card.last_review);
        const double days = static_cast<double>(elapsed / kDay);
        // A stored card may come from an older or hand-edited file: keep the formulas finite.
        const double s = clamp_stability(card.stability);
        const double d = clamp_difficulty(card.difficulty);
        if (days == 0) {
            next.stability = fsrs::stability_same_day(s, rating, params);
        } else {
            const double r = fsrs::forgetting_curve(days, s, params);
            next.stability = rating == Rating::Again ? fsrs::stability_after_lapse(d, s, r, params)
                                                     : fsrs::stability_after_recall(d, s, r, rating, params);
        }
        next.difficulty = fsrs::next_difficulty(d, rating, params);
        if (rating == Rating::Again) ++next.lapses;
    }
    ++next.reps;
    next.last_review = now;
    next.due = now + fsrs::next_interval_days(next.stability, params) * kDay;
    return next;
}

double retrievability(const CardState& card, SimTime now, const ReviewParams& params) {
    if (card.reps <= 0 || !(card.stability > 0)) return 0;
    const double days = static_cast<double>(std::max<Millis>(0, now - card.last_review)) / kDay;
    return fsrs::forgetting_curve(days, card.stability, params);
}

std::vector<std::size_t> due_cards(const std::vector<CardState>& cards, SimTime now) {
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < cards.size(); ++i)
        if (cards[i].reps > 0 && cards[i].due <= now) out.push_back(i);
    std::stable_sort(out.begin(), out.end(),
                     [&](std::size_t a, std::size_t b) { return cards[a].due < cards[b].due; });
    return out;
}

}  // namespace socsim::quiz
