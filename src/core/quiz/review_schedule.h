// Spaced review of quiz questions with FSRS-6: when should a trainee see a missed question again?
//
// Each (trainee, question) pair is a card with a memory state: stability S (days until the
// chance of recall falls to 90%) and difficulty D (1 easy .. 10 hard). Every answer is a review
// graded Again, Hard, Good or Easy; it updates S and D with the published FSRS-6 formulas and
// the 21 default weights, and the next review is set for the day recall is predicted to fall to
// the desired retention (90%). Times are SimTime parameters: the scheduler never reads a clock.
// The formulas, with the reasons for each choice made here, are in docs/spaced-review.md.
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "core/common/time.h"
#include "core/quiz/question.h"

namespace socsim::quiz {

// How well the trainee recalled the answer; the numbers are FSRS's grades G.
enum class Rating { Again = 1, Hard = 2, Good = 3, Easy = 4 };

// A graded quiz answer as a review: wrong (no credit) -> Again, partial credit -> Hard,
// right -> Good. Never Easy: a quiz does not measure whether the answer came easily.
Rating rating_for(const Grade& grade);

// The FSRS-6 default weights w0..w20 (open-spaced-repetition, FSRS-6; also Anki's defaults).
inline constexpr std::array<double, 21> kFsrs6DefaultWeights = {
    0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,  1.8722, 0.1666, 0.796,
    1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542,
};

struct ReviewParams {
    std::array<double, 21> w = kFsrs6DefaultWeights;  // FSRS-6 weights; w[20] > 0 is the decay
    double desired_retention = 0.9;                   // chance of recall at which a card falls due, (0, 1)
    int maximum_interval_days = 36500;                // longest gap between two reviews
};

struct CardState {
    double stability = 0;     // days until retrievability falls to 90%; 0 until the first review
    double difficulty = 0;    // 1 .. 10; 0 until the first review
    SimTime last_review = 0;  // when it was last reviewed
    SimTime due = 0;          // when it should be reviewed next
    int reps = 0;             // reviews so far; 0 means the card is new
    int lapses = 0;           // Again after at least one earlier review: times it was forgotten
};

// The card after a review graded `rating` at `now`. A new card (reps == 0) takes the initial
// stability and difficulty of the rating; a review on the same day as the last (less than 24 h
// later, or with `now` before `last_review`) uses the short-term rule; otherwise the card was
// recalled (Hard, Good, Easy) or forgotten (Again) after whole elapsed days.
// Throws std::invalid_argument for a rating outside 1..4.
CardState review(const CardState& card, Rating rating, SimTime now, const ReviewParams& params = {});

// Predicted chance of recall at `now`, 0..1, over the exact (fractional) time since the last
// review; 0 for a card never reviewed. Equals 0.9 when that time equals the stability.
double retrievability(const CardState& card, SimTime now, const ReviewParams& params = {});

// Indices of the cards due at `now` (due <= now, reviewed at least once), earliest due first,
// ties in the given order. Database::due_review_cards applies the same rule to stored cards.
std::vector<std::size_t> due_cards(const std::vector<CardState>& cards, SimTime now);

// The formulas themselves, for tests and for showing a trainee why a card comes back when it does.
namespace fsrs {
// F = 0.9^(-1/w20) - 1, so that R(S, S) = 0.9.
double factor(const ReviewParams& p);
// R(t, S) = (1 + F t / S)^(-w20), t and S in days.
double forgetting_curve(double elapsed_days, double stability, const ReviewParams& p);
// S0(G) = w[G-1].
double initial_stability(Rating g, const ReviewParams& p);
// D0(G) = w4 - e^(w5 (G-1)) + 1, clamped to [1, 10] unless `clamp` is false.
double initial_difficulty(Rating g, const ReviewParams& p, bool clamp = true);
// D' = D + dD (10 - D) / 9 with dD = -w6 (G - 3), then mean reversion w7 D0(4) + (1 - w7) D'
// (toward the unclamped D0(4)), clamped to [1, 10].
double next_difficulty(double d, Rating g, const ReviewParams& p);
// Recalled after whole days: S (e^w8 (11 - D) S^-w9 (e^(w10 (1 - R)) - 1) hard easy + 1).
double stability_after_recall(double d, double s, double r, Rating g, const ReviewParams& p);
// Forgotten: min(w11 D^-w12 ((S + 1)^w13 - 1) e^(w14 (1 - R)), S / e^(w17 w18)).
double stability_after_lapse(double d, double s, double r, const ReviewParams& p);
// Same day: S e^(w17 (G - 3 + w18)) S^-w19, never below S for Good and Easy.
double stability_same_day(double s, Rating g, const ReviewParams& p);
// I = S / F (r^(-1/w20) - 1) days for the desired retention r, rounded, within 1 .. maximum.
int next_interval_days(double stability, const ReviewParams& p);
}  // namespace fsrs

}  // namespace socsim::quiz
