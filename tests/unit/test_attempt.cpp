// The attempt as both front ends drive it: journal, quiz, score, storage and the scripted analyst.
#include <catch2/catch.hpp>

#include <filesystem>

#include "core/attempt/attempt.h"
#include "core/attempt/scripted_analyst.h"
#include "core/scenario/loader.h"
#include "core/report/incident_report.h"
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
    // The trainee plays the variant for the seed: compare with that, not with the file as written.
    const auto& played = attempt.scenario();
    CHECK(finding->hostname == played.attack.front().host);
    CHECK(finding->domain == played.attack.front().c2_domain);
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
    std::string victim;
    {
        store::Database db(path);
        Attempt attempt(s, 5, &db, "tanaka");
        id = attempt.id();
        victim = attempt.scenario().attack.front().host;  // this seed's variant
        attempt.advance_to(attempt.clock().start() + s->attack.front().start + 20 * kMinute);
        REQUIRE(attempt.act(sim::ActionKind::Isolate, "ws-01", "looked odd").ok);
        REQUIRE(attempt.act(sim::ActionKind::Isolate, victim, "beacon").ok);
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
    CHECK(journal[1].target == victim);
    CHECK(journal[2].kind == sim::ActionKind::EndScenario);
    CHECK(again.answers(id).size() == 1);
    CHECK_FALSE(again.score_lines(id).empty());
}

TEST_CASE("replaying a journal reproduces the world and the score", "[attempt][replay]") {
    const auto s = beaconing();
    Attempt first(s, 8, nullptr, "a");
    first.advance_to(first.clock().start() + s->attack.front().start + 25 * kMinute);
    first.act(sim::ActionKind::Isolate, "ws-02", "");
    first.advance_to(first.clock().now() + 7 * kMinute + 311);
    first.act(sim::ActionKind::Isolate, first.scenario().attack.front().host, "");
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

TEST_CASE("evidence is pinned through the journal and cited in the stored report", "[attempt][report]") {
    const auto path = temp_db("report");
    const auto s = beaconing();
    std::int64_t id = 0;
    std::string victim;
    {
        store::Database db(path);
        Attempt attempt(s, 3, &db, "sato");
        id = attempt.id();
        attempt.advance_to(attempt.clock().start() + s->attack.front().start + 15 * kMinute);
        const auto& logs = attempt.engine().logs();
        const std::uint32_t record = logs.of(logs::Source::Dns).back();
        REQUIRE(attempt.pin(record, "same domain every minute").ok);
        CHECK(attempt.pin(record, "again").error_key == "action.already_pinned");
        CHECK(attempt.act(sim::ActionKind::Pin, "999999999", "").error_key == "action.unknown_record");
        CHECK(attempt.act(sim::ActionKind::Pin, "12abc", "").error_key == "action.unknown_record");
        REQUIRE(attempt.pins().size() == 1);
        CHECK(attempt.pins()[0].note == "same domain every minute");

        report::IncidentReport r;
        const auto& step = attempt.scenario().attack.front();
        victim = step.host;
        r.hosts = {step.host};
        r.indicators = report::split_list(step.c2_domain + ",\n  " + format_ipv4(step.c2_ip) + " ;");
        r.first_seen = attempt.clock().now();
        r.technique = "T1071.004";
        r.data_sources = {"dns", "dhcp"};
        r.summary = "ws-17 は C2 に 1 分ごとに問い合わせていた";
        r.evidence = {record};
        REQUIRE(attempt.submit_report(r).ok);
        CHECK(attempt.ended());
        CHECK_FALSE(attempt.submit_report(r).ok);  // once
        REQUIRE(r.indicators.size() == 2);
    }
    store::Database again(path);
    const auto stored = again.report(id);
    REQUIRE(stored);
    const auto back = report::from_json(*stored, "db");
    REQUIRE(back.ok());
    CHECK(back.value->hosts == std::vector<std::string>{victim});
    CHECK(back.value->summary == "ws-17 は C2 に 1 分ごとに問い合わせていた");
    CHECK(back.value->first_seen.has_value());
    const auto journal = again.journal(id);
    REQUIRE(journal.size() == 2);  // the pin and the end
    CHECK(journal[0].kind == sim::ActionKind::Pin);
    CHECK_FALSE(report::from_json("{not json", "x").ok());
    CHECK_FALSE(report::from_json("{\"hosts\": 3}", "x").ok());
}

TEST_CASE("first_evidence and report_submitted checkpoints fire on their events", "[attempt][checkpoint]") {
    auto custom = std::make_shared<scenario::Scenario>(*beaconing());
    custom->checkpoints = {{"first_evidence", {"data-dns-activity"}, 0}, {"report_submitted", {"response-remove-traces"}, 0}};
    custom->quiz_questions = {"soc-monitored-assets"};
    Attempt attempt(custom, 2, nullptr, "t");
    CHECK_FALSE(attempt.pending_checkpoint());
    attempt.advance_to(attempt.clock().start() + kHour);
    REQUIRE(attempt.pin(attempt.engine().logs().of(logs::Source::Dns).front(), "").ok);
    REQUIRE(attempt.pending_checkpoint());
    CHECK(attempt.pending_checkpoint()->item(0).question->id == "data-dns-activity");
    attempt.close_checkpoint();
    REQUIRE(attempt.pin(attempt.engine().logs().of(logs::Source::Dns).back(), "").ok);
    CHECK_FALSE(attempt.pending_checkpoint());  // only the first pin
    REQUIRE(attempt.submit_report({}).ok);
    REQUIRE(attempt.pending_checkpoint());
    CHECK(attempt.pending_checkpoint()->item(0).question->id == "response-remove-traces");
}

TEST_CASE("an interrupted attempt resumes to the same world, answers, evidence and score", "[attempt][resume]") {
    const auto path = temp_db("resume");
    const auto s = beaconing();
    std::int64_t id = 0;
    std::string digest;
    std::size_t pins = 0;
    {
        store::Database db(path);
        Attempt a(s, 12, &db, "kato");
        id = a.id();
        for (std::size_t i = 0; a.quiz_session() && a.pending_checkpoint() && i < a.pending_checkpoint()->size(); ++i)
            a.answer(a.pending_checkpoint()->item(i).question->id, quiz::Response{{0}, {}, {}});
        a.close_checkpoint();
        a.advance_to(a.clock().start() + s->attack.front().start + 20 * kMinute);
        REQUIRE(a.pin(a.engine().logs().of(logs::Source::Dns).back(), "odd").ok);
        a.advance_to(a.clock().now() + 3 * kMinute + 17);
        REQUIRE(a.act(sim::ActionKind::Isolate, a.scenario().attack.front().host, "beacon").ok);
        digest = a.engine().digest();
        pins = a.pins().size();
        // The process dies here: no finish, the object just goes away.
    }
    store::Database db(path);
    auto resumed = Attempt::resume(s, db, id);
    REQUIRE(resumed);
    CHECK(resumed->engine().digest() == digest);
    CHECK(resumed->pins().size() == pins);
    CHECK(resumed->is_isolated(resumed->scenario().attack.front().host));
    CHECK(resumed->journal().size() == db.journal(id).size());  // nothing written twice
    CHECK(resumed->clock().paused());
    // The start checkpoint was answered: closed again. The isolation's was not: it is asked now.
    REQUIRE(resumed->pending_checkpoint());
    CHECK(resumed->pending_checkpoint()->item(0).question->id == s->checkpoints[1].questions[0]);
    const auto score = resumed->finish();
    CHECK(db.attempt(id)->status == store::AttemptStatus::Finished);
    CHECK(score.total > 0);
    // A finished attempt, an unknown one, and another version of the scenario are refused.
    CHECK_THROWS_AS(Attempt::resume(s, db, id), store::StoreError);
    CHECK_THROWS_AS(Attempt::resume(s, db, 9999), store::StoreError);
    auto changed = std::make_shared<scenario::Scenario>(*s);
    changed->content_hash = "0000000000000000";
    store::Database other(temp_db("resume-other"));
    Attempt b(s, 1, &other, "x");
    CHECK_THROWS_WITH(Attempt::resume(changed, other, b.id()), Catch::Contains("another version"));
}

TEST_CASE("a checkpoint that was never asked costs no quiz points", "[attempt][checkpoint][score]") {
    // The quiet shift asks at the start; dns-beaconing also asks after the first isolation.
    const auto s = beaconing();
    Attempt attempt(s, 4, nullptr, "x");
    // Answer everything shown right, never isolate, end.
    auto answer_all = [&](quiz::Session* session) {
        for (std::size_t i = 0; session && i < session->size(); ++i) {
            const auto& q = *session->item(i).question;
            quiz::Response right;
            for (std::size_t k = 0; k < q.choices.size(); ++k)
                if (q.choices[k].weight > 0) right.selected.push_back(static_cast<int>(k));
            attempt.answer(q.id, right);
        }
    };
    while (auto* c = attempt.pending_checkpoint()) {
        answer_all(c);
        attempt.close_checkpoint();
    }
    attempt.act(sim::ActionKind::EndScenario, {});
    answer_all(attempt.quiz_session());
    const auto r = attempt.quiz_result();
    const std::size_t asked = s->checkpoints[0].questions.size() + s->quiz_questions.size();
    CHECK(r.questions == static_cast<int>(asked));  // not the first_isolation checkpoint's two
    CHECK(r.correct == r.questions);
    CHECK(r.earned == Approx(r.possible));
}

TEST_CASE("a resumed attempt gets back typed and numeric answers, not only picked choices", "[attempt][resume]") {
    const auto path = temp_db("resume-typed");
    auto custom = std::make_shared<scenario::Scenario>(*beaconing());
    custom->checkpoints = {{"start", {"incident-queries-in-15-minutes", "data-dhcp-log-name"}, 0}};
    std::int64_t id = 0;
    {
        store::Database db(path);
        Attempt a(custom, 4, &db, "kato");
        id = a.id();
        REQUIRE(a.pending_checkpoint());
        REQUIRE(a.answer("incident-queries-in-15-minutes", quiz::Response{{}, 15.0, {}}));
        REQUIRE(a.answer("data-dhcp-log-name", quiz::Response{{}, {}, "ＤＨＣＰﾛｸﾞ"}));
    }
    store::Database db(path);
    auto resumed = Attempt::resume(custom, db, id);
    REQUIRE(resumed);
    CHECK(resumed->grade_of("incident-queries-in-15-minutes")->correct);
    CHECK(resumed->grade_of("data-dhcp-log-name")->correct);
    CHECK(resumed->response_of("incident-queries-in-15-minutes")->number == 15.0);
    CHECK(resumed->response_of("data-dhcp-log-name")->text == "ＤＨＣＰﾛｸﾞ");
    CHECK_FALSE(resumed->pending_checkpoint());  // both answered: closed again
}
