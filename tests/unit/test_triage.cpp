// The alert queue and its triage: scenarios ship their rules, the attempt raises alerts from what
// the trainee can see, triage is journaled and replayed, each alert's true class comes from the
// ground truth, and the score has a triage line naming the alerts misjudged.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/attempt/attempt.h"
#include "core/detect/alert_truth.h"
#include "core/detect/rule.h"
#include "core/i18n/catalog.h"
#include "core/score/score.h"
#include "core/scenario/loader.h"
#include "core/sim/truth.h"
#include "core/store/database.h"
#include "scenario_test_support.h"

using namespace socsim;
namespace fs = std::filesystem;

namespace {

const fs::path kScenarios = fs::path(SOCSIM_SOURCE_DIR) / "scenarios";

std::shared_ptr<const scenario::Scenario> shipped(const std::string& id) {
    auto loaded = scenario::load_file(kScenarios / (id + ".yaml"));
    INFO(test::all_messages(loaded));
    REQUIRE(loaded.ok());
    return std::make_shared<const scenario::Scenario>(std::move(*loaded.value));
}

// A folder laid out like the repository's scenarios/, with a scenario that names `rules_key`.
struct ScenarioFolder {
    fs::path dir;
    explicit ScenarioFolder(const std::string& name) : dir(fs::temp_directory_path() / ("socsim-triage-" + name)) {
        fs::remove_all(dir);
        fs::create_directories(dir / "scenarios");
        fs::copy(kScenarios / "company", dir / "scenarios" / "company", fs::copy_options::recursive);
        fs::copy(kScenarios / "rules", dir / "scenarios" / "rules", fs::copy_options::recursive);
    }
    ~ScenarioFolder() { fs::remove_all(dir); }
    void write(const std::string& rel, const std::string& text) const {
        fs::create_directories((dir / rel).parent_path());
        std::ofstream(dir / rel, std::ios::binary) << text;
    }
    std::string scenario(const std::string& rules_line) const {
        const std::string text = R"(id: triage-test
title: {en: Triage, ja: トリアージ}
briefing: {en: Judge the alerts., ja: アラートを判定する。}
start: "2026-03-02T08:00:00+09:00"
duration: 2h
include: company/minato-seiki.yaml
)" + rules_line + "\nattack: []\n";
        write("scenarios/t.yaml", text);
        return text;
    }
    Loaded<scenario::Scenario> load() const { return scenario::load_file(dir / "scenarios" / "t.yaml"); }
};

detect::Alert alert_with(std::vector<std::uint32_t> records) {
    detect::Alert a;
    a.number = 1;
    a.records = std::move(records);
    return a;
}

std::string arg(const score::ScoreLine& line, const std::string& name) {
    for (const auto& [k, v] : line.args)
        if (k == name) return v;
    FAIL("no argument " << name << " in " << line.key);
    return {};
}

fs::path temp_db(const std::string& name) {
    const auto dir = fs::temp_directory_path() / ("socsim-triage-db-" + name);
    fs::remove_all(dir);
    return dir / "socsim.db";
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Scenarios ship their rules
// ---------------------------------------------------------------------------------------------

TEST_CASE("every shipped scenario ships detection rules, loaded with it", "[triage][scenario]") {
    for (const auto& entry : fs::directory_iterator(kScenarios)) {
        if (entry.path().extension() != ".yaml") continue;
        INFO(entry.path());
        auto loaded = scenario::load_file(entry.path());
        INFO(test::all_messages(loaded));
        REQUIRE(loaded.ok());
        REQUIRE(loaded.value->rules);
        CHECK(loaded.value->rules->size() == loaded.value->rule_files.size());
        CHECK(loaded.value->rules->size() >= 8);
        // Triage's points come out of containment's: the defaults still add up to 100.
        const auto& sc = loaded.value->scoring;
        CHECK(sc.containment_points + sc.triage_points + sc.quiz_points == Approx(100));
    }
}

TEST_CASE("rules: names files and folders inside the scenario's folder; problems come back at file:line", "[triage][scenario]") {
    ScenarioFolder f("loader");
    SECTION("a folder and a file") {
        f.scenario("rules: [rules/dns_beacon_repetition.yml, rules/firewall_port_scan.yml]");
        auto loaded = f.load();
        INFO(test::all_messages(loaded));
        REQUIRE(loaded.ok());
        REQUIRE(loaded.value->rules);
        CHECK(loaded.value->rules->size() == 2);
        // With rules and no containment_points written, containment gives 10 points to triage.
        CHECK(loaded.value->scoring.containment_points == Approx(50));
        CHECK(loaded.value->scoring.triage_points == Approx(10));
    }
    SECTION("no rules: no alert queue, containment keeps its 60") {
        f.scenario("");
        auto loaded = f.load();
        REQUIRE(loaded.ok());
        CHECK_FALSE(loaded.value->rules);
        CHECK(loaded.value->scoring.containment_points == Approx(60));
    }
    SECTION("a missing folder") {
        const std::string text = f.scenario("rules: [detections]");
        const auto loaded = f.load();
        REQUIRE_FALSE(loaded.ok());
        const auto at = test::pos_of(text, "detections");
        CHECK(loaded.errors.front().line == at.line);
        CHECK(loaded.errors.front().column == at.column);
        CHECK_THAT(loaded.errors.front().message, Catch::Contains("rules[0]") && Catch::Contains("does not exist"));
    }
    SECTION("an absolute path, and one outside the scenario's folder") {
        f.write("elsewhere/x.yml", "title: x\n");
        f.scenario("rules: [/etc/rules, ../elsewhere/x.yml]");
        const auto loaded = f.load();
        REQUIRE(loaded.errors.size() == 2);
        CHECK_THAT(loaded.errors[0].message, Catch::Contains("absolute path"));
        CHECK_THAT(loaded.errors[1].message, Catch::Contains("outside the scenario's folder"));
    }
    SECTION("a broken rule is reported in its own file, and the scenario says where it named it") {
        f.write("scenarios/mine/bad.yml", "title: broken\nid: bad-1\nlogsource: {category: dns}\ndetection:\n  sel: {query: x}\n  condition: nothing\n");
        const std::string text = f.scenario("rules: [mine]");
        const auto loaded = f.load();
        REQUIRE_FALSE(loaded.ok());
        INFO(test::all_messages(loaded));
        REQUIRE(loaded.errors.size() >= 2);
        CHECK_THAT(loaded.errors.front().file, Catch::EndsWith("bad.yml"));
        CHECK(loaded.errors.front().line > 0);
        CHECK(loaded.errors.back().line == test::pos_of(text, "[mine]").line);
        CHECK_THAT(loaded.errors.back().message, Catch::Contains("in the detection rules"));
    }
    SECTION("a folder with no rules, and a list of the wrong kind") {
        fs::create_directories(f.dir / "scenarios" / "empty");
        f.scenario("rules: [empty]");
        auto loaded = f.load();
        REQUIRE(loaded.errors.size() == 1);
        CHECK_THAT(loaded.errors[0].message, Catch::Contains("holds no rule files"));
        f.scenario("rules: rules");
        loaded = f.load();
        REQUIRE(loaded.errors.size() == 1);
        CHECK_THAT(loaded.errors[0].message, Catch::Contains("expected a list of rule files or folders"));
    }
    SECTION("the rules' text is part of the scenario's version") {
        f.scenario("rules: [rules]");
        const auto before = f.load();
        REQUIRE(before.ok());
        std::ofstream(f.dir / "scenarios" / "rules" / "firewall_port_scan.yml", std::ios::app) << "# tuned\n";
        const auto after = f.load();
        REQUIRE(after.ok());
        CHECK(after.value->content_hash != before.value->content_hash);
    }
}

// ---------------------------------------------------------------------------------------------
// The true class of an alert
// ---------------------------------------------------------------------------------------------

TEST_CASE("an alert's true class comes from the ground truth of its records", "[triage][truth]") {
    using detect::Verdict;
    const std::int16_t malicious = 0, benign = sim::kBenign, backup = sim::sanctioned_label(0), scan = sim::sanctioned_label(3);
    REQUIRE(sim::is_sanctioned(scan));
    REQUIRE(sim::sanctioned_job(scan) == 3);
    REQUIRE_FALSE(sim::is_malicious(backup));
    const std::vector<std::int16_t> truth{benign, malicious, backup, scan, benign};
    struct Case {
        std::vector<std::uint32_t> records;
        Verdict expected;
    };
    const Case cases[] = {
        {{1}, Verdict::TruePositive},
        {{0, 4, 1}, Verdict::TruePositive},          // one attacker's record among ordinary ones
        {{2, 1}, Verdict::TruePositive},             // the attack hides behind the backup: still the attack
        {{2}, Verdict::BenignTruePositive},
        {{3, 0}, Verdict::BenignTruePositive},       // the scan, with some ordinary traffic
        {{0, 4}, Verdict::FalsePositive},
        {{}, Verdict::FalsePositive},
        {{99}, Verdict::FalsePositive},              // a record the truth does not know (never happens) counts as nothing
    };
    for (const auto& c : cases) {
        INFO(c.records.size() << " records, expected " << detect::verdict_name(c.expected));
        CHECK(detect::true_verdict(alert_with(c.records), truth) == c.expected);
    }
    for (detect::Verdict v : detect::kVerdicts) CHECK(detect::parse_verdict(detect::verdict_name(v)) == v);
    CHECK_FALSE(detect::parse_verdict("maybe"));
    CHECK_FALSE(detect::parse_verdict(""));
}

TEST_CASE("the queue's order: by any column, ties in the order raised", "[triage][order]") {
    std::vector<detect::Alert> alerts(4);
    const detect::Level levels[] = {detect::Level::Medium, detect::Level::High, detect::Level::Medium, detect::Level::Low};
    for (std::uint32_t i = 0; i < 4; ++i) {
        alerts[i].number = i + 1;
        alerts[i].time = 1000 * (i + 1);
        alerts[i].level = levels[i];
        alerts[i].count = 10 - i;
        alerts[i].title = std::string(1, static_cast<char>('d' - i));
    }
    const std::vector<std::optional<detect::Verdict>> verdicts{detect::Verdict::FalsePositive, std::nullopt,
                                                               detect::Verdict::TruePositive, std::nullopt};
    using C = detect::AlertColumn;
    CHECK(detect::alert_order(alerts, verdicts, C::Number, false) == std::vector<std::uint32_t>{0, 1, 2, 3});
    CHECK(detect::alert_order(alerts, verdicts, C::Time, true) == std::vector<std::uint32_t>{3, 2, 1, 0});
    CHECK(detect::alert_order(alerts, verdicts, C::Level, true) == std::vector<std::uint32_t>{1, 0, 2, 3});
    CHECK(detect::alert_order(alerts, verdicts, C::Title, false) == std::vector<std::uint32_t>{3, 2, 1, 0});
    CHECK(detect::alert_order(alerts, verdicts, C::Count, false) == std::vector<std::uint32_t>{3, 2, 1, 0});
    CHECK(detect::alert_order(alerts, verdicts, C::Verdict, false) == std::vector<std::uint32_t>{1, 3, 2, 0});
    CHECK(detect::alert_order({}, {}, C::Level, false).empty());
}

// ---------------------------------------------------------------------------------------------
// The attempt raises alerts and journals triage
// ---------------------------------------------------------------------------------------------

TEST_CASE("an attempt raises alerts from the records the trainee sees", "[triage][attempt]") {
    const auto s = shipped("dns-beaconing");
    Attempt attempt(s, 1, nullptr, "alerts");
    REQUIRE(attempt.has_rules());
    CHECK(attempt.alerts().empty());
    const SimTime beacon = attempt.scenario().start_time + attempt.scenario().attack.front().start;
    std::uint64_t revision = attempt.alerts_revision();
    for (SimTime t = attempt.clock().now(); t < beacon + kHour; t += 3 * kMinute) {
        attempt.advance_to(t);
        const auto& store = attempt.engine().logs();
        for (const auto& a : attempt.alerts()) {
            CHECK(a.time <= attempt.clock().now());
            for (auto idx : a.records) CHECK(idx < store.size());
        }
        CHECK(attempt.alerts_revision() >= revision);
        revision = attempt.alerts_revision();
    }
    REQUIRE_FALSE(attempt.alerts().empty());
    const auto& first = attempt.alerts().front();
    CHECK(first.number == 1);
    CHECK(first.time >= beacon);
    CHECK(detect::true_verdict(first, attempt.engine().truth()) == detect::Verdict::TruePositive);
    CHECK(attempt.untriaged() == attempt.alerts().size());
    CHECK(attempt.find_alert(1) == &first);
    CHECK(attempt.find_alert(0) == nullptr);
    CHECK(attempt.find_alert(static_cast<std::uint32_t>(attempt.alerts().size() + 1)) == nullptr);
    CHECK_FALSE(attempt.rule_of(first).description.empty());
}

TEST_CASE("triage is journaled, the last verdict counts, and a resumed attempt has it back", "[triage][attempt][resume]") {
    const auto s = shipped("dns-beaconing");
    const auto file = temp_db("resume");
    std::int64_t id = 0;
    std::size_t alerts = 0;
    std::string digest;
    {
        store::Database db(file);
        Attempt attempt(s, 1, &db, "triager");
        id = attempt.id();
        const SimTime beacon = attempt.scenario().start_time + attempt.scenario().attack.front().start;
        attempt.advance_to(beacon + 40 * kMinute);
        REQUIRE(attempt.alerts().size() >= 2);
        alerts = attempt.alerts().size();

        // Refused: an alert that does not exist, and a verdict that is not one.
        CHECK(attempt.act(sim::ActionKind::Triage, "0", "", "tp").error_key == "action.unknown_alert");
        CHECK(attempt.act(sim::ActionKind::Triage, "999", "", "tp").error_key == "action.unknown_alert");
        CHECK(attempt.act(sim::ActionKind::Triage, "1x", "", "tp").error_key == "action.unknown_alert");
        CHECK(attempt.act(sim::ActionKind::Triage, "1", "", "maybe").error_key == "action.bad_verdict");
        CHECK(attempt.act(sim::ActionKind::Isolate, "ws-01", "", "tp").error_key == "action.unknown");
        CHECK(attempt.journal().empty());

        REQUIRE(attempt.triage(1, detect::Verdict::FalsePositive, "an update check?").ok);
        attempt.advance_to(attempt.clock().now() + kMinute);
        REQUIRE(attempt.triage(1, detect::Verdict::TruePositive, "every 60 s to a new domain: the beacon").ok);
        REQUIRE(attempt.triage(2, detect::Verdict::BenignTruePositive, "").ok);
        CHECK(attempt.triage_of(1)->verdict == detect::Verdict::TruePositive);
        CHECK(attempt.triage_of(1)->note == "every 60 s to a new domain: the beacon");
        CHECK_FALSE(attempt.triage_of(3));
        CHECK(attempt.untriaged() == alerts - 2);
        CHECK(attempt.journal().size() == 3);
        CHECK(attempt.journal().back().verdict == "btp");
        digest = attempt.engine().digest();
        // The program stops here without finishing: the attempt stays in progress.
    }
    store::Database db(file);
    const auto journal = db.journal(id);
    REQUIRE(journal.size() == 3);
    CHECK(journal[0].kind == sim::ActionKind::Triage);
    CHECK(journal[0].target == "1");
    CHECK(journal[0].verdict == "fp");
    CHECK(journal[1].verdict == "tp");

    auto resumed = Attempt::resume(s, db, id);
    CHECK(resumed->engine().digest() == digest);
    CHECK(resumed->alerts().size() >= 2);
    REQUIRE(resumed->triage_of(1));
    CHECK(resumed->triage_of(1)->verdict == detect::Verdict::TruePositive);
    CHECK(resumed->triage_of(1)->note == "every 60 s to a new domain: the beacon");
    CHECK(resumed->triage_of(2)->verdict == detect::Verdict::BenignTruePositive);
    CHECK(resumed->journal().size() == 3);
    CHECK(db.journal(id).size() == 3);  // the replay wrote nothing again
    // Played on, the resumed attempt scores the triage.
    const auto& score = resumed->finish();
    const auto line = std::find_if(score.lines.begin(), score.lines.end(), [](const auto& l) { return l.key == "score.triage"; });
    REQUIRE(line != score.lines.end());
    CHECK(line->max_points == Approx(10));
    CHECK(arg(*line, "total") == std::to_string(resumed->alerts().size()));
}

// ---------------------------------------------------------------------------------------------
// The triage line of the score
// ---------------------------------------------------------------------------------------------

TEST_CASE("the triage line: share of alerts judged right, misjudged and untriaged alerts named", "[triage][score]") {
    using detect::Verdict;
    scenario::Scenario s;
    s.scoring.triage_points = 10;
    const std::vector<detect::AlertTruth> alerts{
        {1, "DNS beacon", "src=10.20.0.116", s.start_time + kHour, Verdict::TruePositive, ""},
        {2, "Very large upload", "src=10.20.10.11", s.start_time + 2 * kHour, Verdict::BenignTruePositive, ""},
        {3, "Long DNS names", "src=10.20.0.5", s.start_time + 3 * kHour, Verdict::FalsePositive, ""},
        {4, "DNS beacon", "src=10.20.0.116", s.start_time + 4 * kHour, Verdict::TruePositive, ""},
    };
    const auto triage = [&](std::uint32_t n, const char* v, Millis at = 0) {
        return sim::Action(s.start_time + at, sim::ActionKind::Triage, std::to_string(n), "", v);
    };
    struct Case {
        const char* what;
        std::vector<sim::Action> actions;
        double points;
        std::vector<std::string> misjudged;  // the keys of the lines after score.triage, in order
    };
    const std::vector<Case> cases{
        {"all right", {triage(1, "tp"), triage(2, "btp"), triage(3, "fp"), triage(4, "tp")}, 10, {}},
        {"none triaged", {}, 0,
         {"score.triage_missed_tp", "score.triage_missed_btp", "score.triage_missed_fp", "score.triage_missed_tp"}},
        {"the backup called an attack, the false alarm called benign",
         {triage(1, "tp"), triage(2, "tp"), triage(3, "btp"), triage(4, "tp")}, 5,
         {"score.triage_wrong_tp_btp", "score.triage_wrong_btp_fp"}},
        {"the attack dismissed", {triage(1, "fp"), triage(2, "btp"), triage(3, "fp"), triage(4, "btp")}, 5,
         {"score.triage_wrong_fp_tp", "score.triage_wrong_btp_tp"}},
        {"changed its mind: the last verdict counts",
         {triage(1, "fp"), triage(1, "tp", kMinute), triage(2, "btp"), triage(3, "tp"), triage(3, "fp", kMinute)}, 7.5,
         {"score.triage_missed_tp"}},
        {"a verdict on an alert that is not in the queue counts for nothing", {triage(9, "tp")}, 0,
         {"score.triage_missed_tp", "score.triage_missed_btp", "score.triage_missed_fp", "score.triage_missed_tp"}},
    };
    for (const auto& c : cases) {
        INFO(c.what);
        const auto score = score::compute(s, {}, c.actions, {}, &alerts);
        const auto line = std::find_if(score.lines.begin(), score.lines.end(), [](const auto& l) { return l.key == "score.triage"; });
        REQUIRE(line != score.lines.end());
        CHECK(line->points == Approx(c.points));
        CHECK(line->max_points == Approx(10));
        CHECK(arg(*line, "total") == "4");
        std::vector<std::string> after;
        for (auto it = line + 1; it != score.lines.end() && it->key.rfind("score.triage_", 0) == 0; ++it) {
            after.push_back(it->key);
            CHECK(it->points == 0);
            CHECK(it->max_points == 0);
            CHECK_FALSE(arg(*it, "title").empty());
        }
        CHECK(after == c.misjudged);
    }
}

TEST_CASE("the triage line: none without rules, full points when no alert was raised, long lists counted", "[triage][score]") {
    scenario::Scenario s;
    auto score = score::compute(s, {}, {}, {});
    CHECK(std::none_of(score.lines.begin(), score.lines.end(), [](const auto& l) { return l.key.rfind("score.triage", 0) == 0; }));

    const std::vector<detect::AlertTruth> none;
    score = score::compute(s, {}, {}, {}, &none);
    const auto quiet = std::find_if(score.lines.begin(), score.lines.end(), [](const auto& l) { return l.key == "score.triage_none"; });
    REQUIRE(quiet != score.lines.end());
    CHECK(quiet->points == Approx(s.scoring.triage_points));

    std::vector<detect::AlertTruth> many;
    for (std::uint32_t n = 1; n <= 25; ++n) many.push_back({n, "x", "src=10.0.0.1", s.start_time, detect::Verdict::FalsePositive, ""});
    score = score::compute(s, {}, {}, {}, &many);
    const auto missed = std::count_if(score.lines.begin(), score.lines.end(),
                                      [](const auto& l) { return l.key == "score.triage_missed_fp"; });
    CHECK(missed == static_cast<long>(score::kMisjudgedListed));
    const auto more = std::find_if(score.lines.begin(), score.lines.end(), [](const auto& l) { return l.key == "score.triage_more"; });
    REQUIRE(more != score.lines.end());
    CHECK(arg(*more, "count") == "15");
}

TEST_CASE("a misjudged alert is named by its rule's title in the reader's language", "[triage][score][i18n]") {
    scenario::Scenario s;
    const std::vector<detect::AlertTruth> alerts{
        {1, "Burst of failed logons", "src=10.20.0.9", s.start_time, detect::Verdict::TruePositive, "ログオン失敗が集中"},
        {2, "Port scan", "src=10.20.0.8", s.start_time, detect::Verdict::FalsePositive, ""},
    };
    const auto score = score::compute(s, {}, {}, {}, &alerts);
    std::vector<const score::ScoreLine*> missed;
    for (const auto& l : score.lines)
        if (l.key.rfind("score.triage_missed_", 0) == 0) missed.push_back(&l);
    REQUIRE(missed.size() == 2);
    const Catalog& catalog = Catalog::shared();
    CHECK(missed[0]->describe(catalog, Lang::Ja).find("ログオン失敗が集中") != std::string::npos);
    CHECK(missed[0]->describe(catalog, Lang::Ja).find("Burst of failed logons") == std::string::npos);
    CHECK(missed[0]->describe(catalog, Lang::En).find("Burst of failed logons") != std::string::npos);
    // A rule with no Japanese title keeps its English one in Japanese.
    CHECK(missed[1]->describe(catalog, Lang::Ja).find("Port scan") != std::string::npos);
}

TEST_CASE("shipped rules carry their title, description and false positives in Japanese", "[triage][i18n]") {
    for (const auto& file : std::filesystem::directory_iterator(kScenarios / "rules")) {
        auto rule = detect::load_rule_file(file.path());
        INFO(file.path().string() << "\n" << test::all_messages(rule));
        REQUIRE(rule.ok());
        CHECK_FALSE(rule.value->title_ja.empty());
        CHECK_FALSE(rule.value->description_ja.empty());
        CHECK(rule.value->falsepositives_ja.size() == rule.value->falsepositives.size());
        CHECK(rule.value->title_in(Lang::Ja) == rule.value->title_ja);
        CHECK(rule.value->title_in(Lang::En) == rule.value->title);
    }
}

TEST_CASE("a Japanese rule field of the wrong shape is reported at its line", "[triage][i18n][bad-input]") {
    const std::string text = R"(title: Test
id: t-1
title_ja: [not, a, title]
logsource: {category: dns}
detection:
  selection: {query: x}
  condition: selection
falsepositives_ja: {a: b}
)";
    const auto rule = detect::load_rule_text(text, "bad.yml");
    REQUIRE_FALSE(rule.ok());
    const std::string messages = test::all_messages(rule);
    CHECK(messages.find("bad.yml:3") != std::string::npos);
    CHECK(messages.find("title_ja") != std::string::npos);
    CHECK(messages.find("bad.yml:8") != std::string::npos);
}
