// Tests of the FSRS-6 review schedule (core/quiz/review_schedule). The expected numbers were
// worked out by hand from the published FSRS-6 formulas and default weights (typed into a Python
// calculator, not computed by this code); each comment shows the arithmetic.

#include <catch2/catch.hpp>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "core/quiz/review_schedule.h"

using namespace socsim;
using namespace socsim::quiz;

namespace {

constexpr SimTime kT0 = 1772410503120;  // 2026-03-02T00:15:03.120Z

// w as in FSRS-6: w0..w3 initial stability, w4..w7 difficulty, w8..w10 recall, w11..w14 lapse,
// w15 hard penalty, w16 easy bonus, w17..w19 same day, w20 decay.
constexpr const std::array<double, 21>& w = kFsrs6DefaultWeights;

Approx near(double v) { return Approx(v).epsilon(1e-12); }

}  // namespace

TEST_CASE("review: the FSRS-6 default weights", "[review]") {
    CHECK(w[0] == 0.212);
    CHECK(w[3] == 8.2956);
    CHECK(w[7] == 0.001);
    CHECK(w[16] == 1.8729);
    CHECK(w[19] == 0.0658);
    CHECK(w[20] == 0.1542);
    ReviewParams p;
    CHECK(p.desired_retention == 0.9);
    // F = 0.9^(-1/0.1542) - 1 = 0.9803464944134797
    CHECK(fsrs::factor(p) == near(0.9803464944134797));
}

TEST_CASE("review: retrievability is 0.9 when the elapsed time equals the stability", "[review]") {
    ReviewParams p;
    for (double s : {0.212, 2.3065, 13.826903694354572, 365.0, 3650.0})
        CHECK(fsrs::forgetting_curve(s, s, p) == near(0.9));
    CHECK(fsrs::forgetting_curve(0, 5, p) == 1.0);
    // (1 + F 5 / 2)^-w20 = (1 + 0.98034649 x 2.5)^-0.1542 = 0.8261358773620447
    CHECK(fsrs::forgetting_curve(5, 2, p) == near(0.8261358773620447));

    // On a card: exact time, not whole days. S = 2.3065 days = 199281600 ms.
    CardState card = review({}, Rating::Good, kT0, p);
    REQUIRE(card.stability == 2.3065);
    CHECK(retrievability(card, kT0 + 199281600, p) == near(0.9));
    CHECK(retrievability(card, kT0, p) == 1.0);
    CHECK(retrievability(card, kT0 + kDay, p) > 0.9);
    CHECK(retrievability(card, kT0 + 3 * kDay, p) < 0.9);
    CHECK(retrievability(CardState{}, kT0, p) == 0.0);  // never reviewed
}

TEST_CASE("review: first review of a new card", "[review]") {
    ReviewParams p;
    // S0(G) = w[G-1]; D0(G) = w4 - e^(w5 (G-1)) + 1, clamped to [1, 10]
    //   D0(1) = 6.4133 - 1 + 1                = 6.4133
    //   D0(2) = 6.4133 - e^0.8334 + 1         = 5.112170705601055
    //   D0(3) = 6.4133 - e^1.6668 + 1         = 2.118103970459015
    //   D0(4) = 6.4133 - e^2.5002 + 1 = -4.7716307 -> 1
    // Interval: I = S / F (0.9^(-1/w20) - 1) = S at 90%, rounded, at least 1:
    //   0.212 -> 1, 1.2931 -> 1, 2.3065 -> 2, 8.2956 -> 8
    struct Case {
        Rating g;
        double s, d;
        int days;
    };
    for (const Case& c : {Case{Rating::Again, 0.212, 6.4133, 1}, Case{Rating::Hard, 1.2931, 5.112170705601055, 1},
                          Case{Rating::Good, 2.3065, 2.118103970459015, 2}, Case{Rating::Easy, 8.2956, 1.0, 8}}) {
        CardState card = review({}, c.g, kT0, p);
        INFO("rating " << static_cast<int>(c.g));
        CHECK(card.stability == near(c.s));
        CHECK(card.difficulty == near(c.d));
        CHECK(card.last_review == kT0);
        CHECK(card.due == kT0 + c.days * kDay);
        CHECK(card.reps == 1);
        CHECK(card.lapses == 0);  // an Again on a new card is not forgetting: nothing was learned yet
    }
    CHECK(fsrs::initial_difficulty(Rating::Easy, p, false) == near(-4.771630703161737));
}

TEST_CASE("review: Good, Good, Again, Hard, Easy over days 0, 3, 23, 24, 30", "[review]") {
    ReviewParams p;
    // F = 0.9803464944134797; D0(4) unclamped = -4.771630703161737 (the mean-reversion target)

    // Day 0, Good, new card: S = w2 = 2.3065, D = D0(3) = 2.118103970459015, I = round(2.3065) = 2.
    CardState c = review({}, Rating::Good, kT0, p);
    CHECK(c.stability == near(2.3065));
    CHECK(c.difficulty == near(2.118103970459015));
    CHECK(c.due == kT0 + 2 * kDay);

    // Day 3, Good, t = 3: R = (1 + F 3 / 2.3065)^-0.1542 = 0.8809479557659419
    //   S = 2.3065 (e^1.8722 (11 - 2.1181040) 2.3065^-0.1666 (e^(0.796 (1 - R)) - 1) + 1)
    //     = 13.826903694354572
    //   D: dD = -3.0194 (3 - 3) = 0, D' = 2.1181040;
    //      D'' = 0.001 (-4.7716307) + 0.999 (2.1181040) = 2.1112142357853942
    //   I = round(13.8269037) = 14
    CHECK(retrievability(c, kT0 + 3 * kDay, p) == near(0.8809479557659419));
    c = review(c, Rating::Good, kT0 + 3 * kDay, p);
    CHECK(c.stability == near(13.826903694354572));
    CHECK(c.difficulty == near(2.1112142357853942));
    CHECK(c.due == kT0 + (3 + 14) * kDay);
    const double after_two_goods = c.stability;

    // Day 23, Again, t = 20 (6 days overdue): R = (1 + F 20 / 13.8269037)^-0.1542 = 0.8727106523676976
    //   relearned = 1.4835 x 2.1112142^-0.0614 x ((13.8269037 + 1)^0.2629 - 1) x e^(1.6483 (1 - R))
    //             = 1.8032392438660474
    //   cap = 13.8269037 / e^(0.5425 x 0.0912) = 13.15945139001682
    //   S = min(...) = 1.8032392438660474
    //   D: dD = -3.0194 (1 - 3) = 6.0388; D' = 2.1112142 + 6.0388 (10 - 2.1112142) / 9 = 7.404414177223079
    //      D'' = 0.001 (-4.7716307) + 0.999 (7.4044142) = 7.392238132342694
    //   I = round(1.8032392) = 2
    c = review(c, Rating::Again, kT0 + 23 * kDay, p);
    CHECK(c.stability == near(1.8032392438660474));
    CHECK(c.difficulty == near(7.392238132342694));
    CHECK(c.due == kT0 + (23 + 2) * kDay);
    CHECK(c.lapses == 1);
    CHECK(c.stability < after_two_goods);

    // Day 24, Hard, t = 1: R = (1 + F 1 / 1.8032392)^-0.1542 = 0.9352450039412669
    //   S = 1.8032392 (e^1.8722 (11 - 7.3922381) 1.8032392^-0.1666 (e^(0.796 (1 - R)) - 1) x 0.6014 + 1)
    //     = 3.023098018036155
    //   D: dD = -3.0194 (2 - 3) = 3.0194; D' = 7.3922381 + 3.0194 (10 - 7.3922381) / 9 = 8.267113263809858
    //      D'' = 0.001 (-4.7716307) + 0.999 (8.2671133) = 8.254074519842886
    //   I = round(3.0230980) = 3
    c = review(c, Rating::Hard, kT0 + 24 * kDay, p);
    CHECK(c.stability == near(3.023098018036155));
    CHECK(c.difficulty == near(8.254074519842886));
    CHECK(c.due == kT0 + (24 + 3) * kDay);

    // Day 30, Easy, t = 6: R = (1 + F 6 / 3.0230980)^-0.1542 = 0.8465465646078627
    //   S = 3.0230980 (e^1.8722 (11 - 8.2540745) 3.0230980^-0.1666 (e^(0.796 (1 - R)) - 1) x 1.8729 + 1)
    //     = 13.947113318504913
    //   D: dD = -3.0194 (4 - 3) = -3.0194; D' = 8.2540745 - 3.0194 (10 - 8.2540745) / 9 = 7.668335920422177
    //      D'' = 0.001 (-4.7716307) + 0.999 (7.6683359) = 7.655895953798593
    //   I = round(13.9471133) = 14
    c = review(c, Rating::Easy, kT0 + 30 * kDay, p);
    CHECK(c.stability == near(13.947113318504913));
    CHECK(c.difficulty == near(7.655895953798593));
    CHECK(c.due == kT0 + (30 + 14) * kDay);
    CHECK(c.last_review == kT0 + 30 * kDay);
    CHECK(c.reps == 5);
    CHECK(c.lapses == 1);
}

TEST_CASE("review: intervals grow with each success, a lapse shrinks stability", "[review]") {
    ReviewParams p;
    CardState c = review({}, Rating::Good, kT0, p);
    int last_interval = 0;
    for (int i = 0; i < 8; ++i) {
        const int interval = static_cast<int>((c.due - c.last_review) / kDay);
        INFO("review " << i << ": interval " << interval << " days, S " << c.stability);
        CHECK(interval > last_interval);
        last_interval = interval;
        const double before = c.stability;
        c = review(c, Rating::Good, c.due, p);  // on time every time
        CHECK(c.stability > before);
    }
    const double before = c.stability;
    const int lapses = c.lapses;
    c = review(c, Rating::Again, c.due, p);
    CHECK(c.stability < before);
    CHECK(c.lapses == lapses + 1);
    CHECK(c.due - c.last_review < last_interval * kDay);
    // Hard grows stability less than Good, Good less than Easy.
    const CardState base = review({}, Rating::Good, kT0, p);
    const SimTime later = kT0 + 2 * kDay;
    const double hard = review(base, Rating::Hard, later, p).stability;
    const double good = review(base, Rating::Good, later, p).stability;
    const double easy = review(base, Rating::Easy, later, p).stability;
    CHECK(base.stability < hard);
    CHECK(hard < good);
    CHECK(good < easy);
}

TEST_CASE("review: a lapse long overdue is capped at S / e^(w17 w18)", "[review]") {
    ReviewParams p;
    // New card, Again: S = 0.212, D = 6.4133. Again after 3650 days:
    //   R = (1 + F 3650 / 0.212)^-0.1542 = 0.22291573653275867
    //   relearned = 1.4835 x 6.4133^-0.0614 x (1.212^0.2629 - 1) x e^(1.6483 (1 - R)) = 0.24702202353651811
    //   cap = 0.212 / e^(0.5425 x 0.0912) = 0.20176633585888237 -> S = cap
    //   D = 0.001 (-4.7716307) + 0.999 (6.4133 + 6.0388 (10 - 6.4133) / 9) = 8.806304468856837
    CardState c = review({}, Rating::Again, kT0, p);
    c = review(c, Rating::Again, kT0 + 3650 * kDay, p);
    CHECK(c.stability == near(0.20176633585888237));
    CHECK(c.difficulty == near(8.806304468856837));
    CHECK(c.due == kT0 + 3651 * kDay);  // the interval rounds to 0, raised to 1 day
    CHECK(c.lapses == 1);
}

TEST_CASE("review: a second review on the same day uses the short-term rule", "[review]") {
    ReviewParams p;
    // A card with S = 13.826903694354572 (Good, Good on days 0 and 3), reviewed again 2 h later:
    //   SInc(G) = e^(0.5425 (G - 3 + 0.0912)) x 13.8269037^-0.0658
    //   G = 1: 0.29868811357250336 -> S = 4.129931781015444
    //   G = 2: 0.5138338327318414  -> S = 7.1047309200842665
    //   G = 3: 0.8839494966906498, at least 1 for Good -> S unchanged, 13.826903694354572
    //   G = 4: 1.520660304802139   -> S = 21.026023586327046
    CardState c = review({}, Rating::Good, kT0, p);
    c = review(c, Rating::Good, kT0 + 3 * kDay, p);
    REQUIRE(c.stability == near(13.826903694354572));
    const SimTime same_day = kT0 + 3 * kDay + 2 * kHour;
    CHECK(review(c, Rating::Again, same_day, p).stability == near(4.129931781015444));
    CHECK(review(c, Rating::Hard, same_day, p).stability == near(7.1047309200842665));
    CHECK(review(c, Rating::Good, same_day, p).stability == near(13.826903694354572));
    CHECK(review(c, Rating::Easy, same_day, p).stability == near(21.026023586327046));
    // The difficulty moves as on any other day: Good = 0.999 x 2.1112142 + 0.001 x -4.7716307
    const double good_difficulty = 0.999 * 2.1112142357853942 + 0.001 * -4.771630703161737;
    CHECK(review(c, Rating::Good, same_day, p).difficulty == near(good_difficulty));
    // 23 h 59 min later is still the same day; 24 h later is one day.
    CHECK(review(c, Rating::Good, kT0 + 4 * kDay - kMinute, p).stability == near(13.826903694354572));
    CHECK(review(c, Rating::Good, kT0 + 4 * kDay, p).stability > 13.9);
    // A review dated before the last one (a clock stepped back) counts as the same day.
    CHECK(review(c, Rating::Easy, kT0, p).stability == near(21.026023586327046));
}

TEST_CASE("review: desired retention and the maximum interval set the interval", "[review]") {
    ReviewParams p;
    // S / F (r^(-1/w20) - 1): at r = 0.9 it is S; at 0.8, 13.8269037 -> 45.849456618568354 -> 46
    CHECK(fsrs::next_interval_days(13.826903694354572, p) == 14);
    p.desired_retention = 0.8;
    CHECK(fsrs::next_interval_days(13.826903694354572, p) == 46);
    p.desired_retention = 0.9;
    p.maximum_interval_days = 30;
    CHECK(fsrs::next_interval_days(1000, p) == 30);
    CHECK(fsrs::next_interval_days(0.001, p) == 1);
}

TEST_CASE("review: a quiz grade becomes a rating; bad ratings are refused", "[review]") {
    CHECK(rating_for({0.0, false}) == Rating::Again);
    CHECK(rating_for({0.5, false}) == Rating::Hard);
    CHECK(rating_for({1.0, true}) == Rating::Good);
    CHECK(rating_for({0.0, true}) == Rating::Good);  // "correct" is the grader's verdict
    CHECK_THROWS_AS(review({}, static_cast<Rating>(0), kT0), std::invalid_argument);
    CHECK_THROWS_AS(review({}, static_cast<Rating>(5), kT0), std::invalid_argument);
}

TEST_CASE("review: a damaged stored card still gives finite numbers", "[review]") {
    CardState c;
    c.reps = 3;
    c.stability = 0;      // would make S^-w9 infinite
    c.difficulty = 42;    // out of 1..10
    c.last_review = kT0;
    CardState next = review(c, Rating::Good, kT0 + 5 * kDay);
    CHECK(std::isfinite(next.stability));
    CHECK(next.stability > 0);
    CHECK(next.difficulty >= 1);
    CHECK(next.difficulty <= 10);
    CHECK(next.due > next.last_review);
}

TEST_CASE("review: due cards, earliest first", "[review]") {
    std::vector<CardState> cards(5);
    cards[0] = {2.0, 5.0, kT0, kT0 + 3 * kDay, 1, 0};
    cards[1] = {2.0, 5.0, kT0, kT0 + 1 * kDay, 1, 0};
    cards[2] = {2.0, 5.0, kT0, kT0 + 9 * kDay, 1, 0};  // not yet due
    cards[3] = {};                                    // new: never reviewed, never due
    cards[4] = {2.0, 5.0, kT0, kT0 + 1 * kDay, 2, 0};  // same due time as [1]: kept in order
    CHECK(due_cards(cards, kT0) == std::vector<std::size_t>{});
    CHECK(due_cards(cards, kT0 + 1 * kDay) == std::vector<std::size_t>{1, 4});
    CHECK(due_cards(cards, kT0 + 5 * kDay) == std::vector<std::size_t>{1, 4, 0});
    CHECK(due_cards({}, kT0).empty());
}
