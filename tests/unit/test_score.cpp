// Scoring rules, table-driven: containment decay, wrong isolations, the quiz share, the edges.
#include <catch2/catch.hpp>

#include "core/score/score.h"

using namespace socsim;

namespace {

scenario::Scenario small_scenario() {
    scenario::Scenario s;
    s.id = "t";
    s.attack.push_back({});
    s.attack[0].id = "beacon";
    s.attack[0].host = "ws-01";
    scenario::Host ws1, ws2, fs;
    ws1.hostname = "ws-01";
    ws2.hostname = "ws-02";
    fs.hostname = "fs01";
    fs.business_value = 4;
    s.network.hosts = {ws1, ws2, fs};
    return s;  // default weights: containment 60, full credit 15 min, 25% after 3 h, penalty 10, quiz 40
}

const SimTime T0 = 1'000'000'000'000;

sim::Action isolate(const std::string& host, Millis after) { return {T0 + after, sim::ActionKind::Isolate, host, ""}; }

double line_points(const score::Score& s, const std::string& key) {
    double p = 0;
    for (const auto& l : s.lines)
        if (l.key == key) p += l.points;
    return p;
}

}  // namespace

TEST_CASE("containment points fall with the time to isolate", "[score]") {
    const auto s = small_scenario();
    const std::vector<score::Infection> infected = {{"ws-01", T0, "beacon", "T1071.004"}};
    struct Case {
        Millis delay;
        double points;
    };
    for (const Case& c : {Case{5 * kMinute, 60.0}, Case{15 * kMinute, 60.0}, Case{3 * kHour, 15.0}, Case{10 * kHour, 15.0},
                          Case{15 * kMinute + (3 * kHour - 15 * kMinute) / 2, 37.5}}) {
        INFO("delay " << format_duration(c.delay));
        const auto score = score::compute(s, infected, {isolate("ws-01", c.delay)}, {});
        CHECK(line_points(score, "score.contained") == Approx(c.points));
    }
}

TEST_CASE("never isolating the infected host earns no containment", "[score]") {
    const auto s = small_scenario();
    const auto score = score::compute(s, {{"ws-01", T0, "beacon", ""}}, {}, {});
    CHECK(line_points(score, "score.contained") == 0);
    REQUIRE(std::any_of(score.lines.begin(), score.lines.end(), [](const auto& l) { return l.key == "score.missed"; }));
    CHECK(score.total == 0);
    CHECK_FALSE(score.passed);
}

TEST_CASE("wrong isolations cost points by business value", "[score]") {
    const auto s = small_scenario();
    const std::vector<score::Infection> infected = {{"ws-01", T0, "beacon", ""}};
    const auto score = score::compute(
        s, infected, {isolate("ws-02", kMinute), isolate("fs01", 2 * kMinute), isolate("ws-01", 3 * kMinute)}, {});
    CHECK(line_points(score, "score.wrong_isolation") == Approx(-(10.0 + 40.0)));
    CHECK(line_points(score, "score.contained") == Approx(60.0));
    CHECK(score.total == Approx(10.0));
}

TEST_CASE("isolating everything contains the incident but the damage outweighs it", "[score]") {
    const auto s = small_scenario();
    const auto score = score::compute(s, {{"ws-01", T0, "beacon", ""}},
                                      {isolate("ws-01", kMinute), isolate("ws-02", kMinute), isolate("fs01", kMinute)},
                                      {16, 16, 16, 16});
    CHECK(score.total == Approx(60 + 40 - 10 - 40));
}

TEST_CASE("isolating before the infection is a wrong isolation, and the total never goes below 0", "[score]") {
    const auto s = small_scenario();
    const auto score = score::compute(s, {{"ws-01", T0, "beacon", ""}}, {isolate("ws-01", -kMinute)}, {});
    CHECK(line_points(score, "score.wrong_isolation") == Approx(-10));
    CHECK(line_points(score, "score.contained") == 0);
    CHECK(score.total == 0);
}

TEST_CASE("the quiz adds its share, and the pass mark decides", "[score]") {
    const auto s = small_scenario();
    const std::vector<score::Infection> infected = {{"ws-01", T0, "beacon", ""}};
    score::QuizResult half{10, 5, 5, 10};
    auto score = score::compute(s, infected, {isolate("ws-01", kMinute)}, half);
    CHECK(line_points(score, "score.quiz") == Approx(20));
    CHECK(score.total == Approx(80));
    CHECK(score.passed);
    score = score::compute(s, infected, {}, half);
    CHECK(score.total == Approx(20));
    CHECK_FALSE(score.passed);
    // A scenario re-weighted by its author.
    auto strict = s;
    strict.scoring.pass_mark = 90;
    CHECK_FALSE(score::compute(strict, infected, {isolate("ws-01", kMinute)}, half).passed);
}

TEST_CASE("every line explains itself in both languages", "[score]") {
    const auto s = small_scenario();
    const auto score = score::compute(s, {{"ws-01", T0, "beacon", ""}},
                                      {isolate("ws-02", kMinute), isolate("ws-01", 20 * kMinute)}, {4, 3, 3, 4});
    Catalog catalog;
    REQUIRE(catalog.load(std::string(SOCSIM_SOURCE_DIR) + "/assets/i18n").empty());
    for (const auto& line : score.lines) {
        for (Lang lang : {Lang::En, Lang::Ja}) {
            const std::string text = line.describe(catalog, lang);
            INFO(text);
            CHECK(catalog.has(line.key, lang));
            CHECK(text.find('{') == std::string::npos);  // every placeholder filled
        }
    }
}

TEST_CASE("reconnecting an infected host loses the containment; isolating it again counts from then", "[score]") {
    const auto s = small_scenario();
    const std::vector<score::Infection> infected = {{"ws-01", T0, "beacon", "T1071.004"}};
    const sim::Action release{T0 + 30 * kMinute, sim::ActionKind::Release, "ws-01", ""};
    // Isolated at 10 min, released at 30 min, never again: not contained.
    auto score = score::compute(s, infected, {isolate("ws-01", 10 * kMinute), release}, {});
    CHECK(line_points(score, "score.contained") == 0);
    CHECK(std::any_of(score.lines.begin(), score.lines.end(), [](const auto& l) { return l.key == "score.released_infected"; }));
    // Isolated again at 3 h: the credit of a 3-hour containment, not of the first 10 minutes.
    score = score::compute(s, infected, {isolate("ws-01", 10 * kMinute), release, isolate("ws-01", 3 * kHour)}, {});
    CHECK(line_points(score, "score.contained") == Approx(15.0));
    CHECK_FALSE(std::any_of(score.lines.begin(), score.lines.end(), [](const auto& l) { return l.key == "score.released_infected"; }));
    // Releasing a healthy host after a wrong isolation still costs the wrong isolation.
    score = score::compute(s, infected,
                           {isolate("ws-02", 5 * kMinute), {T0 + 6 * kMinute, sim::ActionKind::Release, "ws-02", ""},
                            isolate("ws-01", 10 * kMinute)},
                           {});
    CHECK(line_points(score, "score.wrong_isolation") == Approx(-10.0));
    CHECK(line_points(score, "score.contained") == Approx(60.0));
}
