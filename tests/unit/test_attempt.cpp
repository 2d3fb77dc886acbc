// The attempt as both front ends drive it: journal, quiz, score, storage and the scripted analyst.
#include <catch2/catch.hpp>

#include <filesystem>

#include "core/attempt/attempt.h"
#include "core/attempt/scripted_analyst.h"
#include "core/scenario/loader.h"
#include "core/store/database.h"

using namespace socsim;

namespace {

std::shared_ptr<const scenario::Scenario> beaconing() {
    auto loaded = scenario::load_file(std::string(SOCSIM_SOURCE_DIR) + "/scenarios/dns-beaconing.yaml");
    REQUIRE(loaded.ok());
    return std::make_shared<const scenario::Scenario>(std::move(*loaded.value));
}

std::filesystem::path temp_db(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("socsim-attempt-" + name);
    std::filesystem::remove_all(dir);
    return dir / "socsim.db";
}

}  // namespace

TEST_CASE("the scripted analyst finds and isolates the beaconing host", "[attempt][analyst]") {
    const auto s = beaconing();
    Attempt attempt(s, 1, nullptr, "analyst");
    const auto finding = hunt_and_isolate(attempt, AnalystOptions{});
    REQUIRE(finding);
    CHECK(finding->hostname == s->attack.front().host);
    CHECK(finding->domain == s->attack.front().c2_domain);
    CHECK(attempt.is_isolated(finding->hostname));
    // Found within the hour after the infection, not by luck before it.
    CHECK(finding->at > s->start_time + s->attack.front().start);
    CHECK(finding->at < s->start_time + s->attack.front().start + kHour);
    const auto& score = attempt.finish();
    CHECK(score.total > 40);
}

TEST_CASE("an attempt is journaled as it is played and kept after a relaunch", "[attempt][store]") {
    const auto path = temp_db("journal");
    const auto s = beaconing();
    std::int64_t id = 0;
    double total = 0;
    {
        store::Database db(path);
        Attempt attempt(s, 5, &db, "tanaka");
        id = attempt.id();
        attempt.advance_to(attempt.clock().start() + s->attack.front().start + 20 * kMinute);
        REQUIRE(attempt.act(sim::ActionKind::Isolate, "ws-01", "looked odd").ok);
        REQUIRE(attempt.act(sim::ActionKind::Isolate, s->attack.front().host, "beacon").ok);
        CHECK_FALSE(attempt.act(sim::ActionKind::Isolate, "nope", "").ok);  // refused: not journaled
        // Journaled before the attempt ends: a crash now would lose nothing.
        CHECK(db.journal(id).size() == 2);
        REQUIRE(attempt.quiz());
        const auto& q = attempt.quiz()->questions.front();
        quiz::Response right;
        for (std::size_t i = 0; i < q.choices.size(); ++i)
            if (q.choices[i].weight > 0) right.selected.push_back(static_cast<int>(i));
        const auto g = attempt.answer(q.id, right);
        REQUIRE(g);
        CHECK(g->correct);
        CHECK_FALSE(attempt.answer(q.id, quiz::Response{}));  // the first answer stands
        total = attempt.finish().total;
    }
    store::Database again(path);
    const auto listed = again.list_attempts();
    REQUIRE(listed.size() == 1);
    CHECK(listed[0].id == id);
    CHECK(listed[0].trainee == "tanaka");
    CHECK(listed[0].status == store::AttemptStatus::Finished);
    CHECK(listed[0].score == Approx(total));
    const auto journal = again.journal(id);
    REQUIRE(journal.size() == 3);  // two isolations and the end
    CHECK(journal[1].target == s->attack.front().host);
    CHECK(journal[2].kind == sim::ActionKind::EndScenario);
    CHECK(again.answers(id).size() == 1);
    CHECK_FALSE(again.score_lines(id).empty());
}

TEST_CASE("replaying a journal reproduces the world and the score", "[attempt][replay]") {
    const auto s = beaconing();
    Attempt first(s, 8, nullptr, "a");
    first.advance_to(first.clock().start() + s->attack.front().start + 25 * kMinute);
    first.act(sim::ActionKind::Isolate, "ws-03", "");
    first.advance_to(first.clock().now() + 7 * kMinute + 311);
    first.act(sim::ActionKind::Isolate, s->attack.front().host, "");
    first.advance_to(first.clock().now() + kHour);
    const auto score = first.finish();

    Attempt replay(s, 8, nullptr, "a");
    for (const auto& a : first.journal()) {
        replay.advance_to(a.time);
        replay.act(a.kind, a.target, a.note);
    }
    CHECK(replay.engine().digest() == first.engine().digest());
    CHECK(replay.finish().total == Approx(score.total));
}

TEST_CASE("the clock moves by real time times the speed, and stops at the end", "[attempt][clock]") {
    sim::SimClock clock(0, kHour);
    clock.set_speed(60);
    clock.tick(0.5);
    CHECK(clock.now() == 30 * kSecond);
    clock.set_paused(true);
    clock.tick(10);
    CHECK(clock.now() == 30 * kSecond);
    clock.set_paused(false);
    clock.set_speed(1);
    for (int i = 0; i < 1000; ++i) clock.tick(0.0001);  // tiny frames still add up (to the ms)
    CHECK(std::llabs(clock.now() - (30 * kSecond + 100)) <= 1);
    const SimTime before = clock.now();
    clock.set_speed(600);
    clock.tick(5);  // a frame longer than a second is capped
    CHECK(std::llabs(clock.now() - before - 600 * kSecond) <= 1);
    clock.advance_to(2 * kHour);
    CHECK(clock.now() == kHour);
    CHECK(clock.finished());
    clock.advance_to(0);
    CHECK(clock.now() == kHour);  // never backwards
}
