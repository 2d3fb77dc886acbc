// Tests of the instructor's item statistics (core/quiz/item_statistics) on a small table worked
// out by hand with Moodle's definitions, and on the edge cases where an index has no value.

#include <catch2/catch.hpp>

#include <vector>

#include "core/quiz/item_statistics.h"

using namespace socsim::quiz;

namespace {

Approx near(double v) { return Approx(v).epsilon(1e-9); }

ItemAnswer ans(const std::string& id, double fraction, std::vector<int> selected) {
    return ItemAnswer{id, fraction, std::move(selected)};
}

// An attempt that asked `asked` (by default the whole three-question test) and gave `answers`.
AttemptAnswers attempt(std::vector<ItemAnswer> answers, std::vector<std::string> asked = {"q1", "q2", "q3"}) {
    return AttemptAnswers{std::move(asked), std::move(answers)};
}

// Five trainees, three questions:
//   q1 single choice, 1 point, 3 choices (0 right)
//   q2 multiple answer, 2 points, 4 choices (0 and 1 right, half each; 3 costs half)
//   q3 true/false, 1 point (0 = true, right)
//
//          q1 (frac, pick)   q2 (frac, picks)   q3 (frac, pick)   total T (marks)
//   T1     1   [0]           1    [0,1]         1   [0]           1 + 2 + 1 = 4
//   T2     1   [0]           0.5  [0]           0   [1]           1 + 1 + 0 = 2
//   T3     0   [1]           0    [0,3]         1   [0]           0 + 0 + 1 = 1
//   T4     0   [2]           0.5  [1]           1   [0]           0 + 1 + 1 = 2
//   T5     1   [0]           (not answered)     0   [1]           1 + 0 + 0 = 1
std::vector<ItemInfo> items() { return {{"q1", 1, 3}, {"q2", 2, 4}, {"q3", 1, 2}}; }

std::vector<AttemptAnswers> table() {
    return {
        attempt({ans("q1", 1, {0}), ans("q2", 1, {0, 1}), ans("q3", 1, {0})}),
        attempt({ans("q1", 1, {0}), ans("q2", 0.5, {0}), ans("q3", 0, {1})}),
        attempt({ans("q1", 0, {1}), ans("q2", 0, {0, 3}), ans("q3", 1, {0})}),
        attempt({ans("q1", 0, {2}), ans("q2", 0.5, {1}), ans("q3", 1, {0})}),
        attempt({ans("q1", 1, {0}), ans("q3", 0, {1})}),  // asked q2 and left it
    };
}

}  // namespace

TEST_CASE("stats: facility, deviation, discrimination and efficiency of a hand-worked table", "[stats]") {
    const auto stats = item_statistics(items(), table());
    REQUIRE(stats.size() == 3);

    // Variances and covariances divide by S - 1 = 4.
    SECTION("q1") {
        // x = [1, 1, 0, 0, 1], mean 0.6; rest X = T - x = [3, 1, 1, 2, 0], mean 1.4 (socsim divides the
        // rest by the other questions' 3 points, the same for every attempt: no index changes)
        // F = 100 x 0.6 = 60
        // V(x) = (0.16 + 0.16 + 0.36 + 0.36 + 0.16) / 4 = 0.3;  SD = 100 sqrt(0.3) = 54.77225575051662
        // V(X) = (2.56 + 0.16 + 0.16 + 0.36 + 1.96) / 4 = 1.3
        // C = (0.4 x 1.6 + 0.4 x -0.4 + -0.6 x -0.4 + -0.6 x 0.6 + 0.4 x -1.4) / 4 = -0.2 / 4 = -0.05
        // D = 100 x -0.05 / sqrt(0.3 x 1.3) = -8.00640769025435
        // C_max: sorted x [0,0,1,1,1] with sorted X [0,1,1,2,3]:
        //   (-0.6 x -1.4 + -0.6 x -0.4 + 0.4 x -0.4 + 0.4 x 0.6 + 0.4 x 1.6) / 4 = 1.8 / 4 = 0.45
        // E = 100 x -0.05 / 0.45 = -11.11111111111111
        const auto& s = stats[0];
        CHECK(s.question_id == "q1");
        CHECK(s.attempts == 5);
        CHECK(s.answered == 5);
        CHECK(*s.facility_index == near(60));
        CHECK(*s.standard_deviation == near(54.77225575051662));
        CHECK(*s.discrimination_index == near(-8.00640769025435));
        CHECK(*s.discriminative_efficiency == near(-11.11111111111111));
        CHECK(s.choice_percent == std::vector<double>{60, 20, 20});
        CHECK(s.unanswered_percent == 0);
    }
    SECTION("q2, worth 2 points") {
        // fractions [1, 0.5, 0, 0.5, 0] (T5 did not answer: 0), mean 0.4 -> F = 40
        // V(fractions) = (0.36 + 0.01 + 0.16 + 0.01 + 0.16) / 4 = 0.175; SD = 100 sqrt(0.175) = 41.83300132670378
        // marks x = [2, 1, 0, 1, 0], mean 0.8; rest X = [2, 1, 1, 1, 1], mean 1.2
        // V(x) = (1.44 + 0.04 + 0.64 + 0.04 + 0.64) / 4 = 0.7
        // V(X) = (0.64 + 0.04 x 4) / 4 = 0.2
        // C = (1.2 x 0.8 + 0.2 x -0.2 + -0.8 x -0.2 + 0.2 x -0.2 + -0.8 x -0.2) / 4 = 1.2 / 4 = 0.3
        // D = 100 x 0.3 / sqrt(0.7 x 0.2) = 80.17837257372732
        // C_max: sorted x [0,0,1,1,2] with [1,1,1,1,2]: (0.8 x 0.2 x 2 ... ) = 1.2 / 4 = 0.3 -> E = 100
        const auto& s = stats[1];
        CHECK(s.answered == 4);
        CHECK(*s.facility_index == near(40));
        CHECK(*s.standard_deviation == near(41.83300132670378));
        CHECK(*s.discrimination_index == near(80.17837257372732));
        CHECK(*s.discriminative_efficiency == near(100));
        // picks: 0 by T1 T2 T3 (60%), 1 by T1 T4 (40%), 2 by nobody, 3 by T3 (20%); T5 unanswered
        CHECK(s.choice_percent == std::vector<double>{60, 40, 0, 20});
        CHECK(s.unanswered_percent == 20);
    }
    SECTION("q3") {
        // x = [1, 0, 1, 1, 0], mean 0.6; rest X = [3, 2, 0, 1, 1], mean 1.4
        // V(x) = 0.3, V(X) = (2.56 + 0.36 + 1.96 + 0.16 + 0.16) / 4 = 1.3
        // C = (0.4 x 1.6 + -0.6 x 0.6 + 0.4 x -1.4 + 0.4 x -0.4 + -0.6 x -0.4) / 4 = -0.2 / 4 = -0.05
        // D = -8.00640769025435; C_max = 0.45 as for q1 (same sorted values); E = -11.11111111111111
        const auto& s = stats[2];
        CHECK(*s.facility_index == near(60));
        CHECK(*s.discrimination_index == near(-8.00640769025435));
        CHECK(*s.discriminative_efficiency == near(-11.11111111111111));
        CHECK(s.choice_percent == std::vector<double>{60, 40});
    }
}

TEST_CASE("stats: one attempt has a facility index and nothing else", "[stats]") {
    const auto stats = item_statistics(items(), {table()[0]});
    REQUIRE(stats.size() == 3);
    CHECK(stats[0].attempts == 1);
    CHECK(*stats[0].facility_index == 100);
    CHECK_FALSE(stats[0].standard_deviation);
    CHECK_FALSE(stats[0].discrimination_index);
    CHECK_FALSE(stats[0].discriminative_efficiency);
    CHECK(stats[0].choice_percent == std::vector<double>{100, 0, 0});
}

TEST_CASE("stats: no attempts: nothing to report, no division by zero", "[stats]") {
    const auto stats = item_statistics(items(), {});
    REQUIRE(stats.size() == 3);
    CHECK(stats[1].attempts == 0);
    CHECK_FALSE(stats[1].facility_index);
    CHECK_FALSE(stats[1].standard_deviation);
    CHECK_FALSE(stats[1].discrimination_index);
    CHECK(stats[1].choice_percent == std::vector<double>{0, 0, 0, 0});
    CHECK(stats[1].unanswered_percent == 0);
    CHECK(item_statistics({}, table()).empty());
}

TEST_CASE("stats: when everyone scores the same on the item or the rest, discrimination is absent", "[stats]") {
    SECTION("the item: everyone right") {
        std::vector<AttemptAnswers> attempts = {
            attempt({ans("q1", 1, {0}), ans("q3", 1, {0})}),
            attempt({ans("q1", 1, {0}), ans("q3", 0, {1})}),
            attempt({ans("q1", 1, {0}), ans("q3", 1, {0})}),
        };
        const auto s = item_statistics(items(), attempts)[0];
        CHECK(*s.facility_index == 100);
        CHECK(*s.standard_deviation == 0);
        CHECK_FALSE(s.discrimination_index);
        CHECK_FALSE(s.discriminative_efficiency);
    }
    SECTION("the rest: equal totals reached different ways, with fractions that do not add exactly") {
        // q1 varies while the rest is 0.2 for everyone: 0 x 2 + 0.2, or 0.1 x 2 + 0. In doubles the
        // first comes out as (1 + 0 + 0.2) - 1 = 0.19999999999999996, the second as 0.2.
        std::vector<AttemptAnswers> attempts = {
            attempt({ans("q1", 1, {0}), ans("q2", 0, {}), ans("q3", 0.2, {})}),
            attempt({ans("q1", 0, {1}), ans("q2", 0.1, {}), ans("q3", 0, {})}),
            attempt({ans("q1", 1, {0}), ans("q2", 0, {}), ans("q3", 0.2, {})}),
        };
        const auto s = item_statistics(items(), attempts)[0];
        CHECK(*s.standard_deviation > 0);
        CHECK_FALSE(s.discrimination_index);
        CHECK_FALSE(s.discriminative_efficiency);
    }
    SECTION("a test of one question has no rest") {
        const auto s = item_statistics({{"q1", 1, 3}}, table())[0];
        CHECK(*s.facility_index == near(60));
        CHECK_FALSE(s.discrimination_index);
    }
}

TEST_CASE("stats: odd input is tolerated, not trusted", "[stats]") {
    std::vector<AttemptAnswers> attempts = {
        // an unknown question, a choice out of range, a repeated pick, a fraction above 1
        attempt({ans("gone", 1, {0}), ans("q1", 1.5, {0, 0, 7, -1})}, {"gone", "q1"}),
        // answered twice: the last answer counts, as in the database
        attempt({ans("q1", 1, {0}), ans("q1", 0, {2})}, {}),
    };
    const auto s = item_statistics(items(), attempts)[0];
    CHECK(s.answered == 2);
    CHECK(*s.facility_index == near(50));  // (1 + 0) / 2: 1.5 clamped to 1
    CHECK(s.choice_percent == std::vector<double>{50, 0, 50});
}

TEST_CASE("stats: a question counts only in the attempts that asked it", "[stats]") {
    // Exams draw subsets, --count cuts a run short, a scenario asks its own few: five attempts,
    // each asking some of the three one-point questions.
    //          asked          q1 (frac, pick)   q2      q3
    //   s1     q1 q2          1 [0]             1       -
    //   s2     q1 q3          0 [1]             -       0
    //   s3     q2 q3          -                 1       1
    //   s4     q1 q2 q3       1 [0]             (left)  0
    //   s5     q3             -                 -       1
    const std::vector<ItemInfo> info = {{"q1", 1, 2}, {"q2", 1, 0}, {"q3", 1, 0}};
    const std::vector<AttemptAnswers> attempts = {
        attempt({ans("q1", 1, {0}), ans("q2", 1, {})}, {"q1", "q2"}),
        attempt({ans("q1", 0, {1}), ans("q3", 0, {})}, {"q1", "q3"}),
        attempt({ans("q2", 1, {}), ans("q3", 1, {})}, {"q2", "q3"}),
        attempt({ans("q1", 1, {0}), ans("q3", 0, {})}, {"q1", "q2", "q3"}),
        attempt({ans("q3", 1, {})}, {"q3"}),
    };
    const auto stats = item_statistics(info, attempts);
    REQUIRE(stats.size() == 3);

    SECTION("q1, asked by s1, s2, s4") {
        // x = [1, 0, 1]; rest = the share of the other questions' points: s1 1/1, s2 0/1, s4 0/2
        // -> [1, 0, 0]. C = 1/6, V(x) = V(rest) = 1/3 -> D = 50.
        const auto& s = stats[0];
        CHECK(s.attempts == 3);
        CHECK(s.answered == 3);
        CHECK(*s.facility_index == near(200.0 / 3));
        CHECK(*s.discrimination_index == near(50));
        CHECK(s.choice_percent[0] == near(200.0 / 3));
        CHECK(s.choice_percent[1] == near(100.0 / 3));
        CHECK(s.unanswered_percent == 0);
    }
    SECTION("q2, asked by s1, s3, s4 and left unanswered by s4") {
        const auto& s = stats[1];
        CHECK(s.attempts == 3);
        CHECK(s.answered == 2);
        CHECK(*s.facility_index == near(200.0 / 3));  // 0 for s4, which asked it
        CHECK(s.unanswered_percent == near(100.0 / 3));
    }
    SECTION("q3, asked by s2..s5; s5 asked nothing else, so it has no rest of the test") {
        // facility over 4: [0, 1, 0, 1] -> 50. Discrimination over s2, s3, s4: x = [0, 1, 0],
        // rest = [0/1, 1/1, 1/2] -> C = 1/4, V(x) = 1/3, V(rest) = 1/4 -> D = 100 sqrt(3) / 2.
        const auto& s = stats[2];
        CHECK(s.attempts == 4);
        CHECK(*s.facility_index == near(50));
        CHECK(*s.discrimination_index == near(86.60254037844386));
    }
}

TEST_CASE("stats: without the list of what was asked, an attempt asked what it answered", "[stats]") {
    // Attempts recorded before socsim kept the questions asked: the unanswered ones do not count.
    const auto stats = item_statistics(items(), {attempt({ans("q1", 1, {0})}, {}), attempt({ans("q2", 0, {})}, {})});
    CHECK(stats[0].attempts == 1);
    CHECK(*stats[0].facility_index == 100);
    CHECK(stats[1].attempts == 1);
    CHECK(stats[2].attempts == 0);
    CHECK_FALSE(stats[2].facility_index);
    // An answer to a question missing from the list is counted as asked.
    CHECK(item_statistics(items(), {attempt({ans("q3", 1, {0})}, {"q1"})})[2].attempts == 1);
}

TEST_CASE("stats: the items of a bank", "[stats]") {
    Bank bank;
    bank.id = "b";
    Question single;
    single.id = "s";
    single.type = QuestionType::SingleChoice;
    single.choices.resize(3);
    single.points = 2;
    Question matching;
    matching.id = "m";
    matching.type = QuestionType::Matching;
    matching.pairs.resize(4);
    Question tf;
    tf.id = "t";
    tf.type = QuestionType::TrueFalse;
    tf.choices.resize(2);
    bank.questions = {single, matching, tf};
    const auto list = items_of(bank);
    REQUIRE(list.size() == 3);
    CHECK(list[0].question_id == "s");
    CHECK(list[0].max_mark == 2);
    CHECK(list[0].choice_count == 3);
    CHECK(list[1].choice_count == 0);  // a matching answer's `selected` holds pairings, not picks
    CHECK(list[2].choice_count == 2);
}
