// Quiz sessions: what each mode asks, in what order, and when feedback shows.
#include <catch2/catch.hpp>

#include <set>

#include "core/quiz/session.h"

using namespace socsim;

namespace {

const quiz::Bank& bank() {
    static const quiz::Bank b = [] {
        auto loaded = quiz::load_bank_file(std::string(SOCSIM_SOURCE_DIR) + "/quizzes/soc-basics.yaml");
        REQUIRE(loaded.ok());
        return std::move(*loaded.value);
    }();
    return b;
}

std::vector<std::string> ids(const quiz::Session& s) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < s.size(); ++i) out.push_back(s.item(i).question->id);
    return out;
}

quiz::Response right_answer(const quiz::Question& q) {
    quiz::Response r;
    for (std::size_t i = 0; i < q.choices.size(); ++i)
        if (q.choices[i].weight > 0) r.selected.push_back(static_cast<int>(i));
    return r;
}

}  // namespace

TEST_CASE("practice asks every question in the bank's order with feedback", "[quiz][session]") {
    quiz::Session s(bank(), {});
    REQUIRE(s.size() == bank().questions.size());
    CHECK(s.item(0).question == &bank().questions[0]);
    CHECK(s.feedback_visible());
    const auto g = s.answer(0, right_answer(*s.item(0).question));
    REQUIRE(g);
    CHECK(g->correct);
    CHECK_FALSE(s.answer(0, quiz::Response{{99}, {}, {}}));  // the first answer stands once seen
    CHECK(s.item(0).grade->correct);
    CHECK(s.result().correct == 1);
    CHECK(s.result().answered == 1);
}

TEST_CASE("an exam is shuffled from its seed, per trainee, and is a subset", "[quiz][session]") {
    quiz::SessionOptions o;
    o.mode = quiz::Mode::Exam;
    o.seed = 42;
    o.trainee = "sato";
    o.count = 8;
    quiz::Session a(bank(), o), b(bank(), o);
    CHECK(ids(a) == ids(b));  // same seed and trainee: same exam
    for (std::size_t i = 0; i < a.size(); ++i) CHECK(a.item(i).order == b.item(i).order);
    REQUIRE(a.size() == 8);
    const auto asked = ids(a);
    const std::set<std::string> set(asked.begin(), asked.end());
    CHECK(set.size() == 8);  // no question twice
    o.trainee = "suzuki";
    quiz::Session c(bank(), o);
    CHECK(ids(c) != ids(a));  // a neighbour gets another exam
    o.trainee = "sato";
    o.seed = 43;
    CHECK(ids(quiz::Session(bank(), o)) != ids(a));
    // Choices are shuffled but the answer is graded on the real choices.
    bool some_choice_moved = false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto& order = a.item(i).order;
        for (std::size_t k = 0; k < order.size(); ++k) some_choice_moved |= order[k] != static_cast<int>(k);
    }
    CHECK(some_choice_moved);
}

TEST_CASE("an exam given its drawn questions shows them in that order with the same choices", "[quiz][session]") {
    // How an interrupted exam comes back: `only` = the questions it drew, in the order drawn.
    quiz::SessionOptions o;
    o.mode = quiz::Mode::Exam;
    o.seed = 42;
    o.trainee = "sato";
    o.count = 6;
    const quiz::Session drawn(bank(), o);
    o.only = ids(drawn);
    const quiz::Session again(bank(), o);
    CHECK(ids(again) == ids(drawn));
    for (std::size_t i = 0; i < drawn.size(); ++i) CHECK(again.item(i).order == drawn.item(i).order);
}

TEST_CASE("an exam hides feedback until the end and keeps the last answer", "[quiz][session]") {
    quiz::SessionOptions o;
    o.mode = quiz::Mode::Exam;
    o.time_limit = 10 * kMinute;
    quiz::Session s(bank(), o);
    CHECK_FALSE(s.feedback_visible());
    const auto& q = *s.item(0).question;
    REQUIRE(s.answer(0, quiz::Response{{}, {}, {}}, kMinute));
    REQUIRE(s.answer(0, right_answer(q), 2 * kMinute));  // changed before the end
    CHECK(s.item(0).grade->correct);
    CHECK(s.time_left(3 * kMinute) == 7 * kMinute);
    CHECK_FALSE(s.answer(1, right_answer(*s.item(1).question), 10 * kMinute));  // time is up
    s.finish();
    CHECK(s.feedback_visible());
    CHECK_FALSE(s.answer(2, right_answer(*s.item(2).question), 0));  // finished
    CHECK(s.result().answered == 1);
}

TEST_CASE("review and checkpoints ask exactly the questions named", "[quiz][session]") {
    quiz::SessionOptions o;
    o.mode = quiz::Mode::Review;
    o.only = {bank().questions[5].id, bank().questions[2].id, "no-such-id"};
    quiz::Session s(bank(), o);
    REQUIRE(s.size() == 2);
    CHECK(s.item(0).question->id == bank().questions[5].id);
    CHECK(s.item(1).question->id == bank().questions[2].id);
    CHECK(quiz::parse_mode("exam") == quiz::Mode::Exam);
    CHECK_FALSE(quiz::parse_mode("party"));
}
