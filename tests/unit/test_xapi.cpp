// xAPI (docs/xapi.md): every statement socsim makes is checked against the rules of xAPI 1.0.3
// by a checker written from the specification, independent of the code that builds them; the
// outbox keeps what the LRS has not taken and never makes a statement twice; the LRS settings are
// refused with file:line:col and never quote the secret.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "core/common/time.h"
#include "core/store/database.h"
#include "core/xapi/lrs_client.h"
#include "core/xapi/lrs_config.h"
#include "core/xapi/outbox.h"
#include "core/xapi/statements.h"

namespace fs = std::filesystem;
using nlohmann::json;
using namespace socsim;

namespace {

struct Folder {
    fs::path path;
    explicit Folder(const std::string& name) {
        path = fs::temp_directory_path() / ("socsim-xapi-" + name + "-" + std::to_string(::getpid()));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~Folder() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

// ---- the rules, from the xAPI 1.0.3 specification (Data, section 2) ----------------------

const std::regex kUuid("^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
// An absolute IRI: a scheme, a colon, something after it.
const std::regex kIri("^[a-zA-Z][a-zA-Z0-9+.-]*:[^\\s]+$");
const std::regex kUrl("^https?://[^\\s/@]+(/[^\\s]*)?$");
// RFC 5646 tags as socsim uses them (language-REGION).
const std::regex kLanguageTag("^[a-z]{2,3}(-[A-Z]{2})?$");
// ISO 8601 durations as xAPI takes them.
const std::regex kDuration("^P(?!$)(\\d+Y)?(\\d+M)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$");
// ISO 8601 timestamps with a time zone.
const std::regex kTimestamp("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$");

void check_language_map(const json& map, const std::string& where, std::vector<std::string>& problems) {
    if (!map.is_object() || map.empty()) {
        problems.push_back(where + ": a language map must be a non-empty object");
        return;
    }
    for (const auto& [tag, text] : map.items()) {
        if (!std::regex_match(tag, kLanguageTag)) problems.push_back(where + ": '" + tag + "' is not a language tag");
        if (!text.is_string() || text.get<std::string>().empty()) problems.push_back(where + "." + tag + ": expected text");
    }
}

void check_activity(const json& a, const std::string& where, std::vector<std::string>& problems) {
    if (!a.is_object()) {
        problems.push_back(where + ": an activity must be an object");
        return;
    }
    if (a.contains("objectType") && a["objectType"] != "Activity") problems.push_back(where + ".objectType must be Activity");
    if (!a.contains("id") || !a["id"].is_string() || !std::regex_match(a["id"].get<std::string>(), kIri))
        problems.push_back(where + ".id must be an absolute IRI");
    if (a.contains("definition")) {
        const json& d = a["definition"];
        if (d.contains("type") && !std::regex_match(d["type"].get<std::string>(), kIri)) problems.push_back(where + ".definition.type must be an IRI");
        if (d.contains("name")) check_language_map(d["name"], where + ".definition.name", problems);
    }
}

std::vector<std::string> xapi_problems(const json& s) {
    std::vector<std::string> problems;
    static const std::set<std::string> kTop = {"id", "actor", "verb", "object", "result", "context", "timestamp",
                                               "stored", "authority", "version", "attachments"};
    for (const auto& [key, value] : s.items())
        if (!kTop.count(key)) problems.push_back("unknown property " + key);
    if (!s.contains("id") || !std::regex_match(s["id"].get<std::string>(), kUuid)) problems.push_back("id must be a UUID");
    // Actor: an Agent with exactly one inverse functional identifier.
    const json& actor = s.value("actor", json());
    if (actor.value("objectType", "Agent") != "Agent") problems.push_back("actor must be an Agent");
    int ifis = 0;
    for (const char* ifi : {"mbox", "mbox_sha1sum", "openid", "account"}) ifis += actor.contains(ifi) ? 1 : 0;
    if (ifis != 1) problems.push_back("actor must have exactly one identifier");
    if (actor.contains("account")) {
        const json& acc = actor["account"];
        if (!acc.contains("homePage") || !std::regex_match(acc["homePage"].get<std::string>(), kUrl))
            problems.push_back("actor.account.homePage must be a URL");
        if (!acc.contains("name") || acc["name"].get<std::string>().empty()) problems.push_back("actor.account.name is required");
    }
    const json& verb = s.value("verb", json());
    if (!verb.contains("id") || !std::regex_match(verb["id"].get<std::string>(), kIri)) problems.push_back("verb.id must be an IRI");
    if (verb.contains("display")) check_language_map(verb["display"], "verb.display", problems);
    if (!s.contains("object")) problems.push_back("object is required");
    else check_activity(s["object"], "object", problems);
    if (s.contains("result")) {
        const json& r = s["result"];
        if (r.contains("score")) {
            const json& sc = r["score"];
            if (sc.contains("scaled") && (sc["scaled"].get<double>() < -1 || sc["scaled"].get<double>() > 1))
                problems.push_back("result.score.scaled must be within [-1, 1]");
            if (sc.contains("min") && sc.contains("max") && !(sc["min"].get<double>() < sc["max"].get<double>()))
                problems.push_back("result.score.min must be below max");
            if (sc.contains("raw") && sc.contains("min") && sc["raw"].get<double>() < sc["min"].get<double>())
                problems.push_back("result.score.raw below min");
            if (sc.contains("raw") && sc.contains("max") && sc["raw"].get<double>() > sc["max"].get<double>())
                problems.push_back("result.score.raw above max");
        }
        for (const char* b : {"success", "completion"})
            if (r.contains(b) && !r[b].is_boolean()) problems.push_back(std::string("result.") + b + " must be true or false");
        if (r.contains("duration") && !std::regex_match(r["duration"].get<std::string>(), kDuration))
            problems.push_back("result.duration must be an ISO 8601 duration: " + r["duration"].get<std::string>());
    }
    if (s.contains("context")) {
        const json& c = s["context"];
        if (c.contains("registration") && !std::regex_match(c["registration"].get<std::string>(), kUuid))
            problems.push_back("context.registration must be a UUID");
        if (c.contains("contextActivities"))
            for (const auto& [kind, list] : c["contextActivities"].items()) {
                if (kind != "parent" && kind != "grouping" && kind != "category" && kind != "other")
                    problems.push_back("unknown contextActivities " + kind);
                for (const json& a : list) check_activity(a, "context.contextActivities." + kind, problems);
            }
        if (c.contains("extensions"))
            for (const auto& [key, value] : c["extensions"].items())
                if (!std::regex_match(key, kIri)) problems.push_back("extension key must be an IRI: " + key);
    }
    if (!s.contains("timestamp") || !std::regex_match(s["timestamp"].get<std::string>(), kTimestamp))
        problems.push_back("timestamp must be ISO 8601 with a time zone");
    return problems;
}

// ---- a trainee database with attempts ----------------------------------------------------

std::int64_t graded_quiz(store::Database& db, const std::string& trainee, double percent, bool passed) {
    const auto t = db.ensure_trainee(trainee);
    store::AttemptInfo info{"quiz:soc-basics", "hash", 1, "exam"};
    info.bank_id = "soc-basics";
    const auto id = db.begin_attempt(t, info);
    db.record_questions(id, {"q1", "q2"});
    db.record_answer(id, {"q1", {0}, 1.0, true});
    db.record_answer(id, {"q2", {2}, 0.0, false});
    score::Score s;
    s.total = percent;
    s.passed = passed;
    db.finish_attempt(id, s);
    return id;
}

// An LRS in memory: keeps statements by id (one copy), can be down, refuse, or take a batch and
// then lose the answer (the connection cut after it stored them).
struct FakeLrs : xapi::Transport {
    enum class Mode { Up, Down, CutAfterStoring, RefuseAll, RefuseVerb, BadCredentials } mode = Mode::Up;
    std::string refused_verb;
    std::map<std::string, json> stored;
    int posts = 0;
    int duplicates = 0;
    xapi::PostResult post_statements(const std::string& body) override {
        ++posts;
        xapi::PostResult r;
        const json batch = json::parse(body);
        REQUIRE(batch.is_array());
        if (mode == Mode::Down) return {xapi::PostResult::Kind::Unreachable, 0, "Connection refused"};
        if (mode == Mode::BadCredentials) return {xapi::PostResult::Kind::Misconfigured, 401, "unauthorised"};
        if (mode == Mode::RefuseAll) return {xapi::PostResult::Kind::Refused, 400, "bad statement"};
        if (mode == Mode::RefuseVerb)
            for (const json& s : batch)
                if (s["verb"]["id"] == xapi::verb_iri(refused_verb)) return {xapi::PostResult::Kind::Refused, 400, "no " + refused_verb};
        for (const json& s : batch) {
            const std::string id = s["id"];
            if (stored.count(id)) {
                ++duplicates;
                CHECK(stored[id] == s);  // the same id always comes with the same content
            }
            stored[id] = s;
        }
        if (mode == Mode::CutAfterStoring) return {xapi::PostResult::Kind::Unreachable, 0, "Connection reset by peer"};
        r.kind = xapi::PostResult::Kind::Taken;
        r.http_status = 200;
        return r;
    }
    std::string describe() const override { return "fake"; }
};

xapi::TitleLookup titles() {
    return [](const std::string& activity) {
        return activity == "quiz:soc-basics" ? LocalText{"SOC basics", "SOCの基本"} : LocalText{};
    };
}

}  // namespace

TEST_CASE("ISO 8601 durations as xAPI takes them", "[xapi]") {
    CHECK(format_iso8601_duration(0) == "PT0S");
    CHECK(format_iso8601_duration(3 * kSecond + 250) == "PT3.25S");
    CHECK(format_iso8601_duration(kHour + 2 * kMinute + 3 * kSecond) == "PT1H2M3S");
    CHECK(format_iso8601_duration(2 * kHour) == "PT2H");
    CHECK(format_iso8601_duration(59 * kSecond + 996) == "PT1M");  // rounded to the hundredth
    CHECK(format_iso8601_duration(-5) == "PT0S");
    for (Millis d : {Millis(0), Millis(10), Millis(61000), 26 * kHour + 7})
        CHECK(std::regex_match(format_iso8601_duration(d), kDuration));
}

TEST_CASE("UUIDs: version 5 from a name is stable, version 4 is random", "[xapi]") {
    const std::string ns = "6ba7b810-9dad-11d1-80b4-00c04fd430c8";  // RFC 4122's DNS namespace
    // RFC 4122 appendix-style check value: uuid5(NAMESPACE_DNS, "python.org") as Python computes it.
    CHECK(xapi::name_uuid(ns, "python.org") == "886313e1-3b8a-5372-9b90-0c9aee199e5d");
    CHECK(xapi::name_uuid(ns, "a") != xapi::name_uuid(ns, "b"));
    const std::string r = xapi::random_uuid();
    CHECK(std::regex_match(r, kUuid));
    CHECK(r[14] == '4');
    CHECK(r != xapi::random_uuid());
    CHECK_THROWS(xapi::name_uuid("not-a-uuid", "x"));
}

TEST_CASE("every statement of a graded attempt keeps xAPI's rules and says what happened", "[xapi]") {
    Folder dir("rules");
    store::Database db(dir.path / "t.db");
    const auto passed = graded_quiz(db, "aiko", 85, true);
    const auto failed = graded_quiz(db, "ben", 40, false);
    REQUIRE(xapi::sync_outbox(db, {}, titles()) == 10);  // per attempt: attempted, 2 answered, completed, verdict
    std::map<std::string, int> verbs;
    for (const auto& row : db.outbox()) {
        const json s = json::parse(row.body);
        INFO(row.body);
        CHECK(xapi_problems(s).empty());
        for (const auto& p : xapi_problems(s)) WARN(p);
        CHECK(s["id"] == row.id);
        CHECK(s["verb"]["id"] == xapi::verb_iri(row.verb));
        CHECK(s["context"]["registration"] == xapi::name_uuid(xapi::installation_id(db), "attempt/" + std::to_string(row.attempt_id)));
        ++verbs[row.verb];
        if (row.verb == "passed") {
            CHECK(row.attempt_id == passed);
            CHECK(s["result"]["success"] == true);
            CHECK(s["result"]["score"]["scaled"] == Approx(0.85));
            CHECK(s["result"]["score"]["raw"] == Approx(85));
            CHECK(s["result"]["score"]["min"] == 0);
            CHECK(s["result"]["score"]["max"] == 100);
            CHECK(s["result"]["duration"].is_string());
            CHECK(s["object"]["definition"]["name"]["ja-JP"] == "SOCの基本");
            CHECK(s["actor"]["account"]["name"] == "aiko");
        }
        if (row.verb == "failed") {
            CHECK(row.attempt_id == failed);
            CHECK(s["result"]["success"] == false);
        }
        if (row.verb == "answered") {
            CHECK(s["context"]["contextActivities"]["parent"][0]["id"] == xapi::activity_iri({}, "quiz:soc-basics"));
            CHECK(s["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/cmi.interaction");
        }
        if (row.verb == "completed") CHECK(s["result"]["completion"] == true);
    }
    CHECK(verbs == std::map<std::string, int>{{"attempted", 2}, {"answered", 4}, {"completed", 2}, {"passed", 1}, {"failed", 1}});
}

TEST_CASE("the checker itself refuses statements that break the rules", "[xapi]") {
    Folder dir("checker");
    store::Database db(dir.path / "t.db");
    graded_quiz(db, "aiko", 85, true);
    xapi::sync_outbox(db, {}, titles());
    const json good = json::parse(db.outbox().back().body);
    REQUIRE(xapi_problems(good).empty());
    auto broken = [&](auto change) {
        json s = good;
        change(s);
        return !xapi_problems(s).empty();
    };
    CHECK(broken([](json& s) { s["id"] = "12345"; }));
    CHECK(broken([](json& s) { s["actor"]["mbox"] = "mailto:a@example.org"; }));
    CHECK(broken([](json& s) { s["result"]["score"]["scaled"] = 1.5; }));
    CHECK(broken([](json& s) { s["result"]["score"]["raw"] = 101; }));
    CHECK(broken([](json& s) { s["result"]["duration"] = "12 minutes"; }));
    CHECK(broken([](json& s) { s["timestamp"] = "2026-12-03 10:00:00"; }));
    CHECK(broken([](json& s) { s["verb"]["display"] = {{"english", "passed"}}; }));
    CHECK(broken([](json& s) { s["context"]["registration"] = "attempt-1"; }));
    CHECK(broken([](json& s) { s["object"]["id"] = "dns beaconing"; }));
    CHECK(broken([](json& s) { s["score"] = 3; }));
}

TEST_CASE("an attempt in progress is announced once; its grade follows when it is graded", "[xapi]") {
    Folder dir("progress");
    store::Database db(dir.path / "t.db");
    const auto t = db.ensure_trainee("aiko");
    const auto id = db.begin_attempt(t, {"dns-beaconing", "hash", 7, "play"});
    CHECK(xapi::sync_outbox(db, {}, titles()) == 1);
    CHECK(xapi::sync_outbox(db, {}, titles()) == 0);
    const json attempted = json::parse(db.outbox().front().body);
    CHECK(attempted["verb"]["id"] == xapi::verb_iri("attempted"));
    CHECK(attempted["object"]["definition"]["type"] == "http://adlnet.gov/expapi/activities/simulation");
    CHECK(attempted["context"]["extensions"]["urn:socsim:extension/seed"] == 7);
    CHECK(xapi_problems(attempted).empty());
    score::Score s;
    s.total = 72.5;
    s.passed = true;
    db.finish_attempt(id, s);
    CHECK(xapi::sync_outbox(db, {}, titles()) == 2);  // completed, passed (no quiz answers)
    CHECK(xapi::sync_outbox(db, {}, titles()) == 0);
    // The same database makes the same statement ids; another database makes others.
    const std::string first_id = db.outbox().front().id;
    store::Database other(dir.path / "other.db");
    const auto t2 = other.ensure_trainee("aiko");
    other.begin_attempt(t2, {"dns-beaconing", "hash", 7, "play"});
    xapi::sync_outbox(other, {}, titles());
    CHECK(other.outbox().front().id != first_id);
    CHECK(xapi::installation_id(db) == xapi::installation_id(db));
}

TEST_CASE("the outbox keeps what an LRS did not take and never stores a statement twice", "[xapi]") {
    Folder dir("outbox");
    store::Database db(dir.path / "t.db");
    graded_quiz(db, "aiko", 85, true);
    graded_quiz(db, "aiko", 30, false);
    xapi::sync_outbox(db, {}, titles());
    FakeLrs lrs;

    lrs.mode = FakeLrs::Mode::Down;
    auto r = xapi::send_waiting(db, lrs, 4);
    CHECK(r.stopped);
    CHECK(r.sent == 0);
    CHECK(r.waiting == 10);
    CHECK(db.outbox().front().tries == 1);
    CHECK(db.outbox().front().last_error == "Connection refused");

    lrs.mode = FakeLrs::Mode::BadCredentials;
    r = xapi::send_waiting(db, lrs, 4);
    CHECK(r.misconfigured);
    CHECK(r.waiting == 10);

    // The LRS stores the first batch and the answer is lost: those statements stay waiting.
    lrs.mode = FakeLrs::Mode::CutAfterStoring;
    r = xapi::send_waiting(db, lrs, 4);
    CHECK(r.waiting == 10);
    CHECK(lrs.stored.size() == 4);

    lrs.mode = FakeLrs::Mode::Up;
    r = xapi::send_waiting(db, lrs, 4);
    CHECK_FALSE(r.stopped);
    CHECK(r.sent == 10);
    CHECK(r.waiting == 0);
    CHECK(lrs.stored.size() == 10);  // the four sent again came with the same ids: kept once
    CHECK(lrs.duplicates == 4);
    CHECK(db.outbox_counts().sent == 10);

    const int posts = lrs.posts;
    r = xapi::send_waiting(db, lrs, 4);
    CHECK(lrs.posts == posts);  // nothing left: no request at all
    CHECK(r.sent == 0);
}

TEST_CASE("a statement the LRS refuses for good is set aside and the others go out", "[xapi]") {
    Folder dir("refused");
    store::Database db(dir.path / "t.db");
    graded_quiz(db, "aiko", 85, true);
    xapi::sync_outbox(db, {}, titles());
    FakeLrs lrs;
    lrs.mode = FakeLrs::Mode::RefuseVerb;
    lrs.refused_verb = "completed";
    const auto r = xapi::send_waiting(db, lrs, 50);
    CHECK(r.sent == 4);
    CHECK(r.refused == 1);
    CHECK(r.waiting == 0);
    CHECK(db.outbox_counts().refused == 1);
    CHECK(lrs.stored.size() == 4);
    for (const auto& row : db.outbox())
        if (row.verb == "completed") CHECK(row.last_error == "HTTP 400: no completed");
}

TEST_CASE("an LRS's answers are classified: stored, refused, settings wrong, try later", "[xapi]") {
    using K = xapi::PostResult::Kind;
    CHECK(xapi::classify_status(200) == K::Taken);
    CHECK(xapi::classify_status(204) == K::Taken);
    CHECK(xapi::classify_status(400) == K::Refused);
    CHECK(xapi::classify_status(409) == K::Refused);
    CHECK(xapi::classify_status(401) == K::Misconfigured);
    CHECK(xapi::classify_status(403) == K::Misconfigured);
    CHECK(xapi::classify_status(302) == K::Misconfigured);
    CHECK(xapi::classify_status(408) == K::Unreachable);
    CHECK(xapi::classify_status(429) == K::Unreachable);
    CHECK(xapi::classify_status(503) == K::Unreachable);
}

TEST_CASE("LRS settings: what is refused, where, and the secret never quoted", "[xapi]") {
    Folder dir("config");
    const std::string secret = "s3cr3t-Do-Not-Print";
    const auto errors_of = [&](const std::string& text) {
        const auto loaded = xapi::parse_lrs_config(text, "lrs.yaml", dir.path);
        std::string all;
        for (const auto& d : loaded.errors) all += d.to_string() + "\n";
        CHECK(all.find(secret) == std::string::npos);
        return all;
    };
    const auto good = xapi::parse_lrs_config("endpoint: https://lrs.example.org/xapi\nkey: socsim\nsecret: " + secret +
                                                 "\nactor_home_page: https://lms.example.org\ntimeout: 20s\n",
                                             "lrs.yaml", dir.path);
    REQUIRE(good.ok());
    CHECK(good.value->endpoint == "https://lrs.example.org/xapi/");
    CHECK(good.value->secret.reveal_for_http() == secret);
    CHECK(good.value->timeout == 20 * kSecond);
    CHECK(good.value->profile.actor_home_page == "https://lms.example.org");

    CHECK(errors_of("endpoint: https://socsim:" + secret + "@lrs.example.org/xapi\nkey: a\nsecret: b\n")
              .find("lrs.yaml:1:11: error: endpoint must not hold a user name or password") != std::string::npos);
    CHECK(errors_of("endpoint: ftp://lrs.example.org/\nkey: a\nsecret: b\n").find("must start with https://") != std::string::npos);
    CHECK(errors_of("endpoint: https://lrs.example.org/\nkey: a\nsecrte: " + secret + "\n").find("lrs.yaml:3:1: error: unknown setting 'secrte' (did you mean 'secret'?)") !=
          std::string::npos);
    CHECK(errors_of("endpoint: https://lrs.example.org/\nkey: a\n").find("secret_file (or secret): missing") != std::string::npos);
    CHECK(errors_of("endpoint: https://lrs.example.org/\nkey: a\nsecret_file: nowhere.txt\n").find("lrs.yaml:3:14: error: secret_file") !=
          std::string::npos);
    CHECK(errors_of("endpoint: https://lrs.example.org/\nkey: a\nsecret: b\ntimeout: forever\n").find("lrs.yaml:4:10: error: timeout") !=
          std::string::npos);
    CHECK(errors_of("[1, 2]\n").find("expected a map") != std::string::npos);
    CHECK(errors_of("endpoint: [\n").find("lrs.yaml:") != std::string::npos);

    // A secret file read beside the settings, and a warning when others can read it.
    {
        std::ofstream(dir.path / "lrs.secret") << secret << "\n";
    }
    fs::permissions(dir.path / "lrs.secret", fs::perms::owner_read | fs::perms::owner_write);
    const auto from_file = xapi::parse_lrs_config("endpoint: http://127.0.0.1:9/xapi/\nkey: a\nsecret_file: lrs.secret\n", "lrs.yaml", dir.path);
    REQUIRE(from_file.ok());
    CHECK(from_file.value->secret.reveal_for_http() == secret);
    CHECK(from_file.warnings.empty());
    fs::permissions(dir.path / "lrs.secret", fs::perms::others_read, fs::perm_options::add);
    const auto readable = xapi::parse_lrs_config("endpoint: http://127.0.0.1:9/xapi/\nkey: a\nsecret_file: lrs.secret\n", "lrs.yaml", dir.path);
    REQUIRE(readable.warnings.size() == 1);
    CHECK(readable.warnings[0].message.find("chmod 600") != std::string::npos);

    // No file: no LRS, and that is not an error.
    const auto none = xapi::load_lrs_config(dir.path / "absent.yaml");
    REQUIRE(none.ok());
    CHECK_FALSE(none.value->has_value());
}
