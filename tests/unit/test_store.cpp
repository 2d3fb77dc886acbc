// Tests of the trainee database (core/store): schema and migrations, round trips of everything an
// attempt records, spaced-review cards and the answers behind item statistics, relaunch,
// interruption and crash recovery, and files that are not what they should be (not a database, a
// newer socsim's database, another program's database, corruption).
// Each test works in its own temporary folder, removed afterwards.

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <string>

#include "core/quiz/item_statistics.h"
#include "core/store/database.h"

#if defined(__unix__)
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace fs = std::filesystem;
using namespace socsim;
using namespace socsim::store;

namespace {

// A fresh folder named after the running test (and the process, as ctest may run tests in
// parallel), removed with everything in it when the test ends.
class TempDir {
public:
    TempDir() {
        std::string name = "socsim-store-";
        for (char c : Catch::getResultCapture().getCurrentTestName())
            name += (std::isalnum(static_cast<unsigned char>(c)) ? c : '-');
#if defined(__unix__)
        name += "-" + std::to_string(::getpid());
#endif
        path_ = fs::temp_directory_path() / name;
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& name) const { return path_ / name; }

private:
    fs::path path_;
};

// Raw SQL against a file, bypassing Database: to build or damage files the way other programs,
// newer versions or disk faults would.
void raw_sql(const fs::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(file.string().c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    REQUIRE(rc == SQLITE_OK);
    char* err = nullptr;
    rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    std::string message = err ? err : "";
    sqlite3_free(err);
    sqlite3_close_v2(db);
    INFO(message);
    REQUIRE(rc == SQLITE_OK);
}

int raw_user_version(const fs::path& file) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(file.string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, nullptr) == SQLITE_OK);
    int v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : -1;
    sqlite3_finalize(s);
    sqlite3_close_v2(db);
    return v;
}

// The first column of the first row of a query, as text ("" when there is no row).
std::string raw_text(const fs::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(file.string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
    std::string out;
    if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
        out = reinterpret_cast<const char*>(sqlite3_column_text(s, 0));
    sqlite3_finalize(s);
    sqlite3_close_v2(db);
    return out;
}

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string store_error_of(const fs::path& file) {
    try {
        Database db(file);
    } catch (const StoreError& e) {
        return e.what();
    }
    return "(no StoreError)";
}

AttemptInfo sample_info(std::uint64_t seed = 42) {
    AttemptInfo info;
    info.scenario_id = "dns-beaconing";
    info.scenario_hash = "0123456789abcdef";
    info.seed = seed;
    info.mode = "play";
    return info;
}

sim::Action action(SimTime t, sim::ActionKind kind, std::string target, std::string note = {}) {
    sim::Action a;
    a.time = t;
    a.kind = kind;
    a.target = std::move(target);
    a.note = std::move(note);
    return a;
}

score::Score sample_score() {
    score::Score s;
    score::ScoreLine contained;
    contained.key = "score.contained";
    // Deliberately not in alphabetical order: the stored order must be the given order.
    contained.args = {{"time", "5m 03s"}, {"host", "ws-07"}, {"理由", "ビーコン"}};
    contained.points = 40;
    contained.max_points = 50;
    score::ScoreLine hint;
    hint.key = "score.hint_used";
    hint.points = -5;
    s.lines = {contained, hint};
    s.total = 72.5;
    s.passed = true;
    return s;
}

constexpr SimTime kT0 = 1772410503120;  // 2026-03-02T00:15:03.120Z

}  // namespace

TEST_CASE("store: a new database is created at the current schema, with its parent folders", "[store]") {
    TempDir dir;
    fs::path file = dir / "a/b/c/socsim.db";
    {
        Database db(file);
        CHECK(db.schema_version() == kSchemaVersion);
        CHECK(db.path() == file);
        CHECK(db.list_attempts().empty());
    }
    CHECK(fs::is_regular_file(file));
    CHECK(raw_user_version(file) == kSchemaVersion);
    // Opening again is a no-op migration.
    Database again(file);
    CHECK(again.schema_version() == kSchemaVersion);
}

TEST_CASE("store: an empty file (schema version 0) is migrated", "[store]") {
    TempDir dir;
    fs::path file = dir / "empty.db";
    std::ofstream(file).close();
    REQUIRE(fs::file_size(file) == 0);
    Database db(file);
    CHECK(db.schema_version() == kSchemaVersion);
    auto trainee = db.ensure_trainee("alice");
    CHECK(db.begin_attempt(trainee, sample_info()) > 0);
}

TEST_CASE("store: trainees are created once", "[store]") {
    TempDir dir;
    Database db(dir / "socsim.db");
    auto alice = db.ensure_trainee("alice");
    auto hanako = db.ensure_trainee("佐藤 花子");
    CHECK(alice != hanako);
    CHECK(db.ensure_trainee("alice") == alice);
    CHECK(db.ensure_trainee("佐藤 花子") == hanako);
    CHECK(db.ensure_trainee("Alice") != alice);  // names are exact, as typed
    CHECK_THROWS_AS(db.ensure_trainee(""), StoreError);
}

TEST_CASE("store: an attempt round-trips: summary, journal, answers, score lines", "[store]") {
    TempDir dir;
    Database db(dir / "socsim.db");
    auto trainee = db.ensure_trainee("佐藤 花子");
    // The top bit set: the seed is stored as its int64 bit pattern and must come back unchanged.
    const std::uint64_t seed = 0xFEDCBA9876543210ULL;
    auto id = db.begin_attempt(trainee, sample_info(seed));

    auto in_progress = db.attempt(id);
    REQUIRE(in_progress);
    CHECK(in_progress->status == AttemptStatus::InProgress);
    CHECK(in_progress->finished_at.empty());
    CHECK(in_progress->actions == 0);

    db.record_action(id, action(kT0, sim::ActionKind::Isolate, "ws-07", "60秒ごとにビーコン: C2 と判断"));
    db.record_action(id, action(kT0 + 1000, sim::ActionKind::Release, "ws-03", "誤検知でした"));
    db.record_action(id, action(kT0 + 2000, sim::ActionKind::EndScenario, ""));
    db.record_answer(id, {"dns-q1", {0, 2}, 0.5, false});
    db.record_answer(id, {"dns-q2", {}, 0, false});
    db.finish_attempt(id, sample_score());

    auto a = db.attempt(id);
    REQUIRE(a);
    CHECK(a->id == id);
    CHECK(a->trainee == "佐藤 花子");
    CHECK(a->scenario_id == "dns-beaconing");
    CHECK(a->scenario_hash == "0123456789abcdef");
    CHECK(a->seed == seed);
    CHECK(a->mode == "play");
    CHECK(a->status == AttemptStatus::Finished);
    CHECK(a->score == Approx(72.5));
    CHECK(a->passed);
    CHECK(a->actions == 3);
    // SQLite's own clock, ISO 8601 UTC with milliseconds: "2026-03-02T00:15:03.120Z".
    CHECK(a->started_at.size() == 24);
    CHECK(a->started_at.back() == 'Z');
    CHECK(a->finished_at.size() == 24);
    CHECK(a->finished_at >= a->started_at);

    auto journal = db.journal(id);
    REQUIRE(journal.size() == 3);
    CHECK(journal[0].time == kT0);
    CHECK(journal[0].kind == sim::ActionKind::Isolate);
    CHECK(journal[0].target == "ws-07");
    CHECK(journal[0].note == "60秒ごとにビーコン: C2 と判断");
    CHECK(journal[1].kind == sim::ActionKind::Release);
    CHECK(journal[1].note == "誤検知でした");
    CHECK(journal[2].kind == sim::ActionKind::EndScenario);
    CHECK(journal[2].target.empty());

    auto answers = db.answers(id);
    REQUIRE(answers.size() == 2);
    CHECK(answers[0].question_id == "dns-q1");
    CHECK(answers[0].selected == std::vector<int>{0, 2});
    CHECK(answers[0].fraction == Approx(0.5));
    CHECK_FALSE(answers[0].correct);
    CHECK(answers[1].selected.empty());

    auto lines = db.score_lines(id);
    auto expected = sample_score().lines;
    REQUIRE(lines.size() == expected.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        CHECK(lines[i].key == expected[i].key);
        CHECK(lines[i].args == expected[i].args);
        CHECK(lines[i].points == Approx(expected[i].points));
        CHECK(lines[i].max_points == Approx(expected[i].max_points));
    }
}

TEST_CASE("store: text is stored byte for byte", "[store]") {
    TempDir dir;
    Database db(dir / "socsim.db");
    auto id = db.begin_attempt(db.ensure_trainee("bob"), sample_info());
    // Quotes and SQL in a note are data (bound parameters), an embedded NUL is kept, and a stray
    // byte that is not UTF-8 does not crash the score writer.
    std::string nul_note("before\0after", 12);
    db.record_action(id, action(kT0, sim::ActionKind::Isolate, "ws-'07\"", "'); DROP TABLE action; --"));
    db.record_action(id, action(kT0, sim::ActionKind::Isolate, "ws-08", nul_note));
    score::Score s;
    score::ScoreLine line;
    line.key = "score.contained";
    line.args = {{"host", "ws-\xff"}};
    s.lines = {line};
    db.finish_attempt(id, s);

    auto journal = db.journal(id);
    REQUIRE(journal.size() == 2);
    CHECK(journal[0].target == "ws-'07\"");
    CHECK(journal[0].note == "'); DROP TABLE action; --");
    CHECK(journal[1].note == nul_note);
    REQUIRE(db.score_lines(id).size() == 1);
    CHECK(db.score_lines(id)[0].args[0].first == "host");
}

TEST_CASE("store: reopening the file keeps every attempt, newest first", "[store]") {
    TempDir dir;
    fs::path file = dir / "socsim.db";
    std::int64_t first = 0, second = 0, third = 0;
    {
        Database db(file);
        auto alice = db.ensure_trainee("alice");
        auto bob = db.ensure_trainee("bob");
        first = db.begin_attempt(alice, sample_info(1));
        db.record_action(first, action(kT0, sim::ActionKind::Isolate, "ws-07"));
        db.record_action(first, action(kT0 + 5, sim::ActionKind::EndScenario, ""));
        db.finish_attempt(first, sample_score());
        second = db.begin_attempt(bob, sample_info(2));
        db.record_action(second, action(kT0, sim::ActionKind::Isolate, "ws-01"));
        auto demo = sample_info(3);
        demo.mode = "demo";
        third = db.begin_attempt(alice, demo);
    }
    Database db(file);  // the relaunch
    auto list = db.list_attempts();
    REQUIRE(list.size() == 3);
    CHECK(list[0].id == third);
    CHECK(list[1].id == second);
    CHECK(list[2].id == first);
    CHECK(list[0].trainee == "alice");
    CHECK(list[0].mode == "demo");
    CHECK(list[0].actions == 0);
    CHECK(list[1].trainee == "bob");
    CHECK(list[1].actions == 1);
    CHECK(list[1].status == AttemptStatus::InProgress);
    CHECK(list[2].actions == 2);
    CHECK(list[2].status == AttemptStatus::Finished);
    CHECK(list[2].seed == 1);
    CHECK(db.score_lines(first).size() == 2);
    CHECK(db.journal(first).size() == 2);
    // Ids are never reused and trainees are found again by name.
    CHECK(db.ensure_trainee("alice") == db.ensure_trainee("alice"));
    CHECK(db.begin_attempt(db.ensure_trainee("bob"), sample_info()) > third);
}

TEST_CASE("store: answering a question again replaces the answer", "[store]") {
    TempDir dir;
    Database db(dir / "socsim.db");
    auto id = db.begin_attempt(db.ensure_trainee("alice"), sample_info());
    db.record_answer(id, {"q1", {1}, 0, false});
    db.record_answer(id, {"q2", {0}, 1, true});
    db.record_answer(id, {"q1", {2, 3}, 1, true});
    auto answers = db.answers(id);
    REQUIRE(answers.size() == 2);
    CHECK(answers[0].question_id == "q1");  // keeps its place in the order first answered
    CHECK(answers[0].selected == std::vector<int>{2, 3});
    CHECK(answers[0].fraction == Approx(1));
    CHECK(answers[0].correct);
    CHECK(answers[1].question_id == "q2");
    // Another attempt's answer to the same question is separate.
    auto other = db.begin_attempt(db.ensure_trainee("alice"), sample_info());
    db.record_answer(other, {"q1", {0}, 0, false});
    CHECK(db.answers(id)[0].selected == std::vector<int>{2, 3});
    CHECK(db.answers(other).size() == 1);
}

TEST_CASE("store: finishing again re-grades: the score is replaced, the finish time kept", "[store]") {
    TempDir dir;
    Database db(dir / "socsim.db");
    auto id = db.begin_attempt(db.ensure_trainee("alice"), sample_info());
    db.finish_attempt(id, sample_score());
    auto finished_at = db.attempt(id)->finished_at;
    score::Score regrade;
    regrade.total = 30;
    regrade.passed = false;
    regrade.lines.resize(1);
    regrade.lines[0].key = "score.missed";
    db.finish_attempt(id, regrade);
    auto a = db.attempt(id);
    REQUIRE(a);
    CHECK(a->score == Approx(30));
    CHECK_FALSE(a->passed);
    CHECK(a->finished_at == finished_at);
    REQUIRE(db.score_lines(id).size() == 1);
    CHECK(db.score_lines(id)[0].key == "score.missed");
    CHECK(db.score_lines(id)[0].args.empty());
}

TEST_CASE("store: unknown attempts and trainees", "[store]") {
    TempDir dir;
    Database db(dir / "socsim.db");
    CHECK_FALSE(db.attempt(999).has_value());
    CHECK(db.journal(999).empty());
    CHECK(db.answers(999).empty());
    CHECK(db.score_lines(999).empty());
    CHECK_THROWS_AS(db.begin_attempt(999, sample_info()), StoreError);
    CHECK_THROWS_AS(db.record_action(999, action(kT0, sim::ActionKind::Isolate, "ws-07")), StoreError);
    CHECK_THROWS_AS(db.record_answer(999, {"q1", {0}, 1, true}), StoreError);
    CHECK_THROWS_AS(db.finish_attempt(999, sample_score()), StoreError);
    // A failed finish leaves nothing half-written.
    CHECK(db.score_lines(999).empty());
    CHECK(db.list_attempts().empty());
}

TEST_CASE("store: a finished attempt takes no more actions", "[store]") {
    TempDir dir;
    Database db(dir / "socsim.db");
    auto id = db.begin_attempt(db.ensure_trainee("alice"), sample_info());
    db.record_action(id, action(kT0, sim::ActionKind::Isolate, "ws-07"));
    db.finish_attempt(id, sample_score());
    try {
        db.record_action(id, action(kT0 + 1, sim::ActionKind::Release, "ws-07"));
        FAIL("record_action on a finished attempt did not throw");
    } catch (const StoreError& e) {
        CHECK_THAT(e.what(), Catch::Contains("not in progress") && Catch::Contains((dir / "socsim.db").string()));
    }
    CHECK(db.journal(id).size() == 1);
}

TEST_CASE("store: the journal survives when the program stops without finishing", "[store]") {
    TempDir dir;
    fs::path file = dir / "socsim.db";
    std::int64_t id = 0;
    {
        Database db(file);
        id = db.begin_attempt(db.ensure_trainee("alice"), sample_info(7));
        db.record_action(id, action(kT0, sim::ActionKind::Isolate, "ws-07", "ビーコン"));
        db.record_answer(id, {"q1", {1}, 1, true});
        db.record_action(id, action(kT0 + 60000, sim::ActionKind::Release, "ws-07"));
    }  // no finish_attempt: the window was closed mid-attempt
    Database db(file);
    auto a = db.attempt(id);
    REQUIRE(a);
    CHECK(a->status == AttemptStatus::InProgress);
    CHECK(a->actions == 2);
    CHECK(a->seed == 7);
    auto journal = db.journal(id);
    REQUIRE(journal.size() == 2);
    CHECK(journal[0].note == "ビーコン");
    CHECK(journal[1].time == kT0 + 60000);
    CHECK(db.answers(id).size() == 1);
    // The resumed attempt continues its journal after the recorded actions.
    db.record_action(id, action(kT0 + 120000, sim::ActionKind::EndScenario, ""));
    REQUIRE(db.journal(id).size() == 3);
    CHECK(db.journal(id)[2].kind == sim::ActionKind::EndScenario);
}

#if defined(__unix__)
TEST_CASE("store: every recorded action survives a process crash", "[store]") {
    TempDir dir;
    fs::path file = dir / "socsim.db";
    pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The child records and is killed: no destructor, no close, no WAL checkpoint.
        try {
            auto* db = new Database(file);
            auto id = db->begin_attempt(db->ensure_trainee("alice"), sample_info());
            for (int i = 0; i < 20; ++i)
                db->record_action(id, action(kT0 + i * 1000, sim::ActionKind::Isolate, "ws-" + std::to_string(i)));
            db->record_answer(id, {"q1", {0}, 1, true});
        } catch (...) {
            ::_exit(3);
        }
        ::raise(SIGKILL);
        ::_exit(4);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGKILL);

    Database db(file);
    auto list = db.list_attempts();
    REQUIRE(list.size() == 1);
    CHECK(list[0].status == AttemptStatus::InProgress);
    CHECK(list[0].actions == 20);
    auto journal = db.journal(list[0].id);
    REQUIRE(journal.size() == 20);
    CHECK(journal[19].target == "ws-19");
    CHECK(db.answers(list[0].id).size() == 1);
}
#endif

TEST_CASE("store: two programs can use the same file at once", "[store]") {
    TempDir dir;
    fs::path file = dir / "socsim.db";
    Database gui(file);
    Database cli(file);
    auto id = gui.begin_attempt(gui.ensure_trainee("alice"), sample_info());
    gui.record_action(id, action(kT0, sim::ActionKind::Isolate, "ws-07"));
    CHECK(cli.journal(id).size() == 1);
    CHECK(cli.ensure_trainee("alice") == gui.ensure_trainee("alice"));
    cli.record_answer(id, {"q1", {0}, 1, true});
    CHECK(gui.answers(id).size() == 1);
}

TEST_CASE("store: a file that is not a database gives a clear error and is left alone", "[store]") {
    TempDir dir;
    fs::path file = dir / "notes.db";
    fs::copy_file(fs::path(SOCSIM_TEST_DATA) / "store/not-a-database.db", file);
    std::string before = read_file(file);
    std::string error = store_error_of(file);
    CHECK_THAT(error, Catch::StartsWith("cannot open " + file.string() + ": "));
    CHECK_THAT(error, Catch::Contains("file is not a database"));
    CHECK(read_file(file) == before);

    SECTION("random bytes") {
        fs::path noise = dir / "noise.db";
        std::string bytes;
        std::uint32_t x = 12345;
        for (int i = 0; i < 8192; ++i) {
            x = x * 1664525u + 1013904223u;
            bytes += static_cast<char>(x >> 24);
        }
        std::ofstream(noise, std::ios::binary) << bytes;
        CHECK_THAT(store_error_of(noise), Catch::Contains(noise.string()));
    }
    SECTION("a folder") {
        fs::create_directories(dir / "folder.db");
        CHECK_THAT(store_error_of(dir / "folder.db"), Catch::StartsWith("cannot open " + (dir / "folder.db").string()));
    }
    SECTION("a parent that is a file") {
        CHECK_THAT(store_error_of(file / "socsim.db"), Catch::Contains("cannot create folder"));
    }
    SECTION("no name") {
        CHECK_THROWS_AS(Database(fs::path()), StoreError);
    }
}

TEST_CASE("store: a database from a newer socsim is refused, not touched", "[store]") {
    TempDir dir;
    fs::path file = dir / "future.db";
    raw_sql(file, "CREATE TABLE something_new(x); PRAGMA user_version = 99;");
    std::string error = store_error_of(file);
    CHECK_THAT(error, Catch::StartsWith("cannot open " + file.string() + ": "));
    CHECK_THAT(error, Catch::Contains("written by a newer socsim"));
    CHECK_THAT(error, Catch::Contains("99"));
    CHECK(raw_user_version(file) == 99);
}

TEST_CASE("store: another program's SQLite database is refused, not migrated", "[store]") {
    TempDir dir;
    fs::path file = dir / "firefox-places.sqlite";
    raw_sql(file, "CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT);");
    CHECK_THAT(store_error_of(file), Catch::Contains("not a socsim database"));
    CHECK(raw_user_version(file) == 0);

    fs::path other = dir / "other-app.db";
    raw_sql(other, "PRAGMA application_id = 1234; PRAGMA user_version = 1;");
    CHECK_THAT(store_error_of(other), Catch::Contains("not a socsim database"));
}

TEST_CASE("store: a database written by schema version 1 still opens and reads", "[store]") {
    TempDir dir;
    fs::path file = dir / "v1.db";
    raw_sql(file, read_file(fs::path(SOCSIM_TEST_DATA) / "store/schema-v1.sql"));
    REQUIRE(raw_user_version(file) == 1);
    Database db(file);
    CHECK(db.schema_version() == kSchemaVersion);
    auto list = db.list_attempts();
    REQUIRE(list.size() == 2);
    CHECK(list[0].id == 2);
    CHECK(list[0].mode == "demo");
    CHECK(list[1].trainee == "佐藤 花子");
    CHECK(list[1].seed == 0xFFFFFFFFFFFFFFFEULL);  // stored as -2
    CHECK(list[1].status == AttemptStatus::Finished);
    CHECK(list[1].started_at == "2026-03-02T00:15:00.000Z");
    CHECK(list[1].actions == 2);
    auto journal = db.journal(1);
    REQUIRE(journal.size() == 2);
    CHECK(journal[0].note == "60秒ごとのビーコン");
    CHECK(db.answers(1)[0].selected == std::vector<int>{0, 2});
    auto lines = db.score_lines(1);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].args == TextArgs{{"host", "ws-07"}, {"time", "5m 03s"}});
    // Schema version 2 added attempt.bank_id: the old attempts have none.
    CHECK(list[0].bank_id.empty());
    CHECK(list[1].bank_id.empty());
    // It keeps working: a new attempt gets a fresh id.
    CHECK(db.begin_attempt(db.ensure_trainee("佐藤 花子"), sample_info()) == 3);
}

TEST_CASE("store: migrating schema version 1 to 2 keeps every row and adds spaced review", "[store]") {
    TempDir dir;
    fs::path file = dir / "v1.db";
    raw_sql(file, read_file(fs::path(SOCSIM_TEST_DATA) / "store/schema-v1.sql"));
    const std::string before = raw_text(file,
        "SELECT group_concat(x, '|') FROM ("
        " SELECT id || ',' || trainee_id || ',' || seed || ',' || status || ',' || started_at || ',' ||"
        "        coalesce(score, '') AS x FROM attempt UNION ALL"
        " SELECT attempt_id || ',' || seq || ',' || sim_time || ',' || note FROM action UNION ALL"
        " SELECT attempt_id || ',' || question_id || ',' || selected || ',' || fraction FROM answer UNION ALL"
        " SELECT attempt_id || ',' || seq || ',' || key || ',' || args FROM score_line)");
    REQUIRE_FALSE(before.empty());
    {
        Database db(file);
        CHECK(db.schema_version() == kSchemaVersion);  // every later step runs too
    }
    CHECK(raw_user_version(file) == kSchemaVersion);
    // The same rows, byte for byte.
    CHECK(raw_text(file,
        "SELECT group_concat(x, '|') FROM ("
        " SELECT id || ',' || trainee_id || ',' || seed || ',' || status || ',' || started_at || ',' ||"
        "        coalesce(score, '') AS x FROM attempt UNION ALL"
        " SELECT attempt_id || ',' || seq || ',' || sim_time || ',' || note FROM action UNION ALL"
        " SELECT attempt_id || ',' || question_id || ',' || selected || ',' || fraction FROM answer UNION ALL"
        " SELECT attempt_id || ',' || seq || ',' || key || ',' || args FROM score_line)") == before);
    CHECK(raw_text(file, "SELECT group_concat(quote(bank_id)) FROM attempt") == "'',''");
    CHECK(raw_text(file, "SELECT count(*) FROM review") == "0");
    CHECK(raw_text(file, "SELECT count(*) FROM sqlite_schema WHERE name IN ('attempt_bank', 'review_due')") == "2");
    CHECK(raw_text(file, "PRAGMA foreign_key_check") == "");

    // The new parts work on the migrated file.
    Database db(file);
    quiz::CardState card = quiz::review({}, quiz::Rating::Again, kT0);
    db.save_review_card(1, "soc-basics", "dns-q1", card);
    CHECK(db.review_card(1, "soc-basics", "dns-q1")->due == card.due);
    AttemptInfo info = sample_info();
    info.bank_id = "soc-basics";
    auto id = db.begin_attempt(1, info);
    db.record_answer(id, {"dns-q1", {1}, 1, true});
    auto answers = db.bank_answers("soc-basics");
    REQUIRE(answers.size() == 1);
    CHECK(answers[0].attempt_id == id);
}

TEST_CASE("store: a database written by schema version 3 migrates to the current version and keeps every row", "[store]") {
    TempDir dir;
    fs::path file = dir / "v3.db";
    raw_sql(file, read_file(fs::path(SOCSIM_TEST_DATA) / "store/schema-v3.sql"));
    REQUIRE(raw_user_version(file) == 3);
    const std::string rows_sql =
        "SELECT group_concat(x, '|') FROM ("
        " SELECT id || ',' || trainee_id || ',' || mode || ',' || seed || ',' || status || ',' || bank_id || ',' ||"
        "        coalesce(score, '') AS x FROM attempt UNION ALL"
        " SELECT attempt_id || ',' || question_id || ',' || selected || ',' || fraction FROM answer UNION ALL"
        " SELECT trainee_id || ',' || question_id || ',' || due FROM review UNION ALL"
        " SELECT attempt_id || ',' || seq || ',' || key || ',' || args FROM score_line)";
    const std::string before = raw_text(file, rows_sql);
    REQUIRE_FALSE(before.empty());
    {
        Database db(file);
        CHECK(db.schema_version() == kSchemaVersion);
    }
    CHECK(raw_text(file, rows_sql) == before);
    CHECK(raw_text(file, "PRAGMA foreign_key_check") == "");

    Database db(file);
    const auto list = db.list_attempts();
    REQUIRE(list.size() == 3);
    // The exam left in progress by a killed program: what version 4 adds is unknown for it.
    CHECK(list[0].mode == "quiz-exam");
    CHECK(list[0].status == AttemptStatus::InProgress);
    CHECK_FALSE(list[0].calendar_start);
    CHECK(db.questions(list[0].id).empty());
    const auto answers = db.answers(list[0].id);
    REQUIRE(answers.size() == 1);
    CHECK(answers[0].question_id == "incident-beacon-meaning");
    CHECK_FALSE(answers[0].number);
    CHECK(answers[0].text.empty());
    // Old attempts still count in item statistics, by the questions they answered.
    const auto bank = db.bank_answers("soc-basics");
    REQUIRE(bank.size() == 3);
    CHECK(bank[0].asked.empty());
    CHECK(bank[0].answers.size() == 2);
}

TEST_CASE("store: numbers, typed text, the calendar start and the questions asked round-trip", "[store]") {
    TempDir dir;
    Database db(dir / "socsim.db");
    const auto t = db.ensure_trainee("alice");
    AttemptInfo info = sample_info();
    info.bank_id = "soc-basics";
    info.calendar_start = kT0;
    const auto id = db.begin_attempt(t, info);
    const auto unknown = db.begin_attempt(t, sample_info());
    CHECK(db.attempt(id)->calendar_start == kT0);
    CHECK_FALSE(db.attempt(unknown)->calendar_start);

    db.record_answer(id, {"num", {}, 1, true, 60.5, ""});
    db.record_answer(id, {"short", {}, 0.5, false, std::nullopt, "ビーコン ＤＮＳ"});
    db.record_answer(id, {"nan", {}, 0, false, std::numeric_limits<double>::quiet_NaN(), ""});
    db.record_answer(id, {"num", {}, 0, false, -3.0, "x"});  // answered again: everything replaced
    const auto answers = db.answers(id);
    REQUIRE(answers.size() == 3);
    CHECK(answers[0].number == -3.0);
    CHECK(answers[0].text == "x");
    CHECK(answers[1].text == "ビーコン ＤＮＳ");
    CHECK_FALSE(answers[1].number);
    CHECK_FALSE(answers[2].number);  // a NaN is no number

    db.record_questions(id, {"b", "a", "c"});
    db.record_questions(id, {"a", "d"});  // 'a' is there already: only 'd' is added
    CHECK(db.questions(id) == std::vector<std::string>{"b", "a", "c", "d"});
    CHECK(db.questions(unknown).empty());
    CHECK_THROWS_AS(db.record_questions(999, {"a"}), StoreError);

    // An attempt that asked questions and answered none is listed for item statistics.
    const auto silent = db.begin_attempt(t, info);
    db.record_questions(silent, {"a", "b"});
    const auto bank = db.bank_answers("soc-basics");
    REQUIRE(bank.size() == 2);
    CHECK(bank[0].asked == std::vector<std::string>{"b", "a", "c", "d"});
    CHECK(bank[0].answers.size() == 3);
    CHECK(bank[0].answers[0].number == -3.0);
    CHECK(bank[1].attempt_id == silent);
    CHECK(bank[1].asked == std::vector<std::string>{"a", "b"});
    CHECK(bank[1].answers.empty());
}

TEST_CASE("store: a migration that fails leaves the file at the version before", "[store]") {
    TempDir dir;
    fs::path file = dir / "v1.db";
    raw_sql(file, read_file(fs::path(SOCSIM_TEST_DATA) / "store/schema-v1.sql"));
    // Someone made a table called review by hand: step 1 -> 2 cannot create its own.
    raw_sql(file, "CREATE TABLE review(note TEXT); INSERT INTO review VALUES ('mine');");
    std::string error = store_error_of(file);
    CHECK_THAT(error, Catch::StartsWith("cannot migrate to schema version 2 in " + file.string()));
    CHECK_THAT(error, Catch::Contains("review"));
    CHECK(raw_user_version(file) == 1);
    // The ALTER TABLE that ran before the failure was rolled back with it.
    CHECK(raw_text(file, "SELECT count(*) FROM pragma_table_info('attempt') WHERE name = 'bank_id'") == "0");
    CHECK(raw_text(file, "SELECT note FROM review") == "mine");
}

TEST_CASE("store: damaged rows give a StoreError, not a crash", "[store]") {
    TempDir dir;
    fs::path file = dir / "socsim.db";
    std::int64_t id = 0;
    {
        Database db(file);
        id = db.begin_attempt(db.ensure_trainee("alice"), sample_info());
        db.record_action(id, action(kT0, sim::ActionKind::Isolate, "ws-07"));
        db.record_answer(id, {"q1", {0}, 1, true});
        db.finish_attempt(id, sample_score());
    }

    SECTION("an action kind from a newer socsim: the journal is refused, the list still works") {
        raw_sql(file, "INSERT INTO action(attempt_id, seq, sim_time, kind) VALUES (1, 2, 0, 'quarantine')");
        Database db(file);
        try {
            db.journal(id);
            FAIL("journal with an unknown kind did not throw");
        } catch (const StoreError& e) {
            CHECK_THAT(e.what(), Catch::Contains("quarantine") && Catch::Contains(file.string()));
        }
        auto list = db.list_attempts();
        REQUIRE(list.size() == 1);
        CHECK(list[0].actions == 2);
    }
    SECTION("malformed JSON in an answer") {
        raw_sql(file, "UPDATE answer SET selected = '[0, \"x\"'");
        Database db(file);
        CHECK_THROWS_AS(db.answers(id), StoreError);
        raw_sql(file, "UPDATE answer SET selected = '{\"a\": 1}'");
        CHECK_THROWS_AS(db.answers(id), StoreError);
        raw_sql(file, "UPDATE answer SET selected = '[1.5]'");
        CHECK_THROWS_AS(db.answers(id), StoreError);
    }
    SECTION("malformed JSON in a score line") {
        raw_sql(file, "UPDATE score_line SET args = '{\"host\": \"ws-07\"}' WHERE seq = 1");
        Database db(file);
        CHECK_THROWS_AS(db.score_lines(id), StoreError);
        raw_sql(file, "UPDATE score_line SET args = '[[\"host\"]]' WHERE seq = 1");
        CHECK_THROWS_AS(db.score_lines(id), StoreError);
        raw_sql(file, "UPDATE score_line SET args = '[[\"host\", 7]]' WHERE seq = 1");
        CHECK_THROWS_AS(db.score_lines(id), StoreError);
    }
    SECTION("NULLs where values were expected read as empty") {
        raw_sql(file, "UPDATE score_line SET points = NULL, max_points = NULL; UPDATE answer SET fraction = NULL");
        Database db(file);
        CHECK(db.score_lines(id)[0].points == 0);
        CHECK(db.answers(id)[0].fraction == 0);
    }
    SECTION("a truncated file") {
        // Cut the file after its header: the schema pages are gone.
        std::string bytes = read_file(file);
        REQUIRE(bytes.size() > 200);
        std::ofstream(file, std::ios::binary | std::ios::trunc) << bytes.substr(0, 200);
        fs::remove(fs::path(file.string() + "-wal"));
        fs::remove(fs::path(file.string() + "-shm"));
        try {
            Database db(file);
            db.list_attempts();
            db.journal(id);
            SUCCEED("the damage was not visible");
        } catch (const StoreError& e) {
            CHECK_THAT(e.what(), Catch::Contains(file.string()));
        }
    }
}

TEST_CASE("store: attempt status names", "[store]") {
    CHECK(std::string(attempt_status_name(AttemptStatus::InProgress)) == "in_progress");
    CHECK(std::string(attempt_status_name(AttemptStatus::Finished)) == "finished");
    CHECK(std::string(attempt_status_name(AttemptStatus::Abandoned)) == "abandoned");
}

TEST_CASE("store: the bank of an attempt is recorded", "[store]") {
    TempDir dir;
    Database db(dir / "socsim.db");
    AttemptInfo info = sample_info();
    info.bank_id = "soc-basics";
    auto with_bank = db.begin_attempt(db.ensure_trainee("alice"), info);
    auto without = db.begin_attempt(db.ensure_trainee("alice"), sample_info());
    CHECK(db.attempt(with_bank)->bank_id == "soc-basics");
    CHECK(db.attempt(without)->bank_id.empty());
}

TEST_CASE("store: review cards round-trip, are replaced, and are kept per trainee", "[store]") {
    TempDir dir;
    fs::path file = dir / "socsim.db";
    std::int64_t alice = 0, bob = 0;
    quiz::CardState card;
    {
        Database db(file);
        alice = db.ensure_trainee("alice");
        bob = db.ensure_trainee("bob");
        CHECK_FALSE(db.review_card(alice, "soc-basics", "q1"));

        card = quiz::review({}, quiz::Rating::Good, kT0);
        card = quiz::review(card, quiz::Rating::Again, kT0 + 3 * kDay);
        db.save_review_card(alice, "soc-basics", "q1", card);
        auto back = db.review_card(alice, "soc-basics", "q1");
        REQUIRE(back);
        // Doubles go through SQLite's REAL unchanged.
        CHECK(back->stability == card.stability);
        CHECK(back->difficulty == card.difficulty);
        CHECK(back->last_review == card.last_review);
        CHECK(back->due == card.due);
        CHECK(back->reps == 2);
        CHECK(back->lapses == 1);

        // Same question id in another bank, and another trainee: separate cards.
        CHECK_FALSE(db.review_card(alice, "other-bank", "q1"));
        CHECK_FALSE(db.review_card(bob, "soc-basics", "q1"));

        // Saving again replaces.
        card = quiz::review(card, quiz::Rating::Good, card.due);
        db.save_review_card(alice, "soc-basics", "q1", card);
    }
    CHECK(raw_text(file, "SELECT count(*) FROM review") == "1");
    Database db(file);
    auto back = db.review_card(alice, "soc-basics", "q1");
    REQUIRE(back);
    CHECK(back->reps == 3);
    CHECK(back->due == card.due);
}

TEST_CASE("store: the cards due for a trainee, earliest first", "[store]") {
    TempDir dir;
    Database db(dir / "socsim.db");
    auto alice = db.ensure_trainee("alice");
    auto bob = db.ensure_trainee("bob");
    auto card_due = [](SimTime due) {
        quiz::CardState c = quiz::review({}, quiz::Rating::Again, due - kDay);
        REQUIRE(c.due == due);
        return c;
    };
    db.save_review_card(alice, "b", "late", card_due(kT0 + 3 * kDay));
    db.save_review_card(alice, "b", "first", card_due(kT0 + 1 * kDay));
    db.save_review_card(alice, "a", "tie", card_due(kT0 + 2 * kDay));
    db.save_review_card(alice, "b", "tie", card_due(kT0 + 2 * kDay));
    db.save_review_card(alice, "a", "future", card_due(kT0 + 9 * kDay));
    db.save_review_card(bob, "b", "bobs", card_due(kT0));

    auto names = [](const std::vector<ReviewCard>& cards) {
        std::string out;
        for (const auto& c : cards) out += c.bank_id + "/" + c.question_id + " ";
        return out;
    };
    CHECK(db.due_review_cards(alice, kT0).empty());
    CHECK(names(db.due_review_cards(alice, kT0 + 1 * kDay)) == "b/first ");
    // due <= now: a card due exactly now is due.
    CHECK(names(db.due_review_cards(alice, kT0 + 3 * kDay)) == "b/first a/tie b/tie b/late ");
    CHECK(names(db.due_review_cards(bob, kT0 + 3 * kDay)) == "b/bobs ");
    CHECK(db.due_review_cards(999, kT0 + 99 * kDay).empty());

    // The same cards as the scheduler's own rule picks from the list.
    auto due = db.due_review_cards(alice, kT0 + 3 * kDay);
    std::vector<quiz::CardState> states;
    for (const auto& c : due) states.push_back(c.card);
    CHECK(quiz::due_cards(states, kT0 + 3 * kDay) == std::vector<std::size_t>{0, 1, 2, 3});
}

TEST_CASE("store: a review card that is not a reviewed card is refused, nothing written", "[store]") {
    TempDir dir;
    fs::path file = dir / "socsim.db";
    Database db(file);
    auto alice = db.ensure_trainee("alice");
    const quiz::CardState good = quiz::review({}, quiz::Rating::Good, kT0);
    auto refused = [&](const quiz::CardState& c, const std::string& why) {
        try {
            db.save_review_card(alice, "soc-basics", "q1", c);
            return std::string("(saved)");
        } catch (const StoreError& e) {
            CHECK_THAT(e.what(), Catch::StartsWith("cannot save the review card of trainee"));
            CHECK_THAT(e.what(), Catch::Contains("soc-basics/q1") && Catch::Contains(file.string()));
            CHECK_THAT(e.what(), Catch::Contains(why));
            return std::string(e.what());
        }
    };
    quiz::CardState c = good;
    c.stability = std::nan("");
    refused(c, "stability");
    c.stability = 0;
    refused(c, "stability");
    c = good;
    c.difficulty = 0.5;
    refused(c, "difficulty");
    c.difficulty = INFINITY;
    refused(c, "difficulty");
    refused(quiz::CardState{}, "stability");
    c = good;
    c.reps = 0;
    refused(c, "never reviewed");
    c = good;
    c.lapses = -1;
    refused(c, "lapses");
    CHECK_THROWS_AS(db.save_review_card(alice, "", "q1", good), StoreError);
    CHECK_THROWS_AS(db.save_review_card(alice, "soc-basics", "", good), StoreError);
    // A trainee that does not exist: the foreign key refuses it.
    CHECK_THROWS_AS(db.save_review_card(12345, "soc-basics", "q1", good), StoreError);
    CHECK(raw_text(file, "SELECT count(*) FROM review") == "0");
}

TEST_CASE("store: a damaged review card gives a StoreError, not a NaN schedule", "[store]") {
    TempDir dir;
    fs::path file = dir / "socsim.db";
    {
        Database db(file);
        auto alice = db.ensure_trainee("alice");
        db.save_review_card(alice, "soc-basics", "q1", quiz::review({}, quiz::Rating::Good, kT0));
    }
    // Damage of the kind a hand edit or another tool makes, past the CHECK constraints.
    SECTION("stability as text") {
        raw_sql(file, "PRAGMA ignore_check_constraints = ON; UPDATE review SET stability = 'high'");
    }
    SECTION("difficulty out of range") {
        raw_sql(file, "PRAGMA ignore_check_constraints = ON; UPDATE review SET difficulty = 11");
    }
    SECTION("negative lapses") {
        raw_sql(file, "PRAGMA ignore_check_constraints = ON; UPDATE review SET lapses = -3");
    }
    SECTION("reps beyond int") {
        raw_sql(file, "PRAGMA ignore_check_constraints = ON; UPDATE review SET reps = -4294967295");
    }
    Database db(file);
    try {
        db.review_card(1, "soc-basics", "q1");
        FAIL("a damaged card was read");
    } catch (const StoreError& e) {
        CHECK_THAT(e.what(), Catch::Contains("damaged") && Catch::Contains(file.string()));
    }
    try {
        db.due_review_cards(1, kT0 + 99 * kDay);
        FAIL("a damaged card was listed");
    } catch (const StoreError& e) {
        CHECK_THAT(e.what(), Catch::Contains("soc-basics/q1") && Catch::Contains("damaged"));
    }
}

TEST_CASE("store: the answers of every attempt at a bank, for item statistics", "[store]") {
    TempDir dir;
    Database db(dir / "socsim.db");
    auto alice = db.ensure_trainee("alice");
    auto bob = db.ensure_trainee("bob");
    AttemptInfo basics = sample_info();
    basics.bank_id = "soc-basics";
    AttemptInfo other = sample_info();
    other.bank_id = "other";

    auto a1 = db.begin_attempt(alice, basics);
    db.record_answer(a1, {"q1", {0}, 1, true});
    db.record_answer(a1, {"q2", {0, 1}, 1, true});
    db.finish_attempt(a1, sample_score());
    auto o1 = db.begin_attempt(alice, other);
    db.record_answer(o1, {"q1", {1}, 0, false});
    auto none = db.begin_attempt(bob, sample_info());  // no bank
    db.record_answer(none, {"q1", {2}, 0, false});
    auto b1 = db.begin_attempt(bob, basics);
    db.record_answer(b1, {"q2", {3}, 0, false});
    db.record_answer(b1, {"q1", {2}, 0, false});
    db.record_answer(b1, {"q2", {0}, 0.5, false});  // answered again: replaced, keeps its place
    auto empty = db.begin_attempt(bob, basics);     // no answers yet: not listed
    (void)empty;

    auto list = db.bank_answers("soc-basics");
    REQUIRE(list.size() == 2);
    CHECK(list[0].attempt_id == a1);
    CHECK(list[0].trainee_id == alice);
    CHECK(list[0].mode == "play");
    CHECK(list[0].status == AttemptStatus::Finished);
    REQUIRE(list[0].answers.size() == 2);
    CHECK(list[0].answers[1].selected == std::vector<int>{0, 1});
    CHECK(list[1].attempt_id == b1);
    CHECK(list[1].status == AttemptStatus::InProgress);
    REQUIRE(list[1].answers.size() == 2);
    CHECK(list[1].answers[0].question_id == "q2");
    CHECK(list[1].answers[0].fraction == 0.5);
    CHECK(list[1].answers[1].question_id == "q1");

    CHECK(db.bank_answers("other").size() == 1);
    CHECK(db.bank_answers("no-such-bank").empty());
    CHECK(db.bank_answers("").empty());  // '' is "no bank", not a bank

    // Straight into the statistics.
    std::vector<quiz::AttemptAnswers> attempts;
    for (const auto& a : list) {
        quiz::AttemptAnswers answers{a.asked, {}};
        for (const auto& r : a.answers) answers.answers.push_back({r.question_id, r.fraction, r.selected});
        attempts.push_back(std::move(answers));
    }
    auto stats = quiz::item_statistics({{"q1", 1, 3}, {"q2", 1, 4}}, attempts);
    CHECK(*stats[0].facility_index == Approx(50));
    CHECK(*stats[1].facility_index == Approx(75));
    CHECK(stats[0].choice_percent == std::vector<double>{50, 0, 50});
}

TEST_CASE("store: the incident report is kept with its attempt and replaced on resubmission", "[store]") {
    const fs::path dir = fs::temp_directory_path() / "socsim-store-report";
    fs::remove_all(dir);
    {
        Database db(dir / "socsim.db");
        const auto attempt = db.begin_attempt(db.ensure_trainee("ito"), {"dns-beaconing", "h", 1, "play"});
        CHECK_FALSE(db.report(attempt));
        db.save_report(attempt, "{\"summary\": \"first\"}");
        db.save_report(attempt, "{\"summary\": \"報告\"}");
        CHECK(db.report(attempt).value() == "{\"summary\": \"報告\"}");
    }
    Database again(dir / "socsim.db");
    CHECK(again.report(again.list_attempts().front().id).value().find("報告") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("store: a journal from before version 5 keeps its actions, with no verdict; a triage's verdict is kept", "[store][triage]") {
    TempDir dir;
    fs::path file = dir / "v3-actions.db";
    raw_sql(file, read_file(fs::path(SOCSIM_TEST_DATA) / "store/schema-v3.sql") +
                      "INSERT INTO action(attempt_id, seq, sim_time, kind, target, note) VALUES (3, 1, 1000, 'isolate', 'ws-01', 'beacon');");
    Database db(file);
    REQUIRE(db.schema_version() == kSchemaVersion);
    auto journal = db.journal(3);
    REQUIRE(journal.size() == 1);
    CHECK(journal[0].kind == sim::ActionKind::Isolate);
    CHECK(journal[0].verdict.empty());

    db.record_action(3, sim::Action(2000, sim::ActionKind::Triage, "7", "the scanner, on a Tuesday", "btp"));
    journal = db.journal(3);
    REQUIRE(journal.size() == 2);
    CHECK(journal[1].kind == sim::ActionKind::Triage);
    CHECK(journal[1].target == "7");
    CHECK(journal[1].note == "the scanner, on a Tuesday");
    CHECK(journal[1].verdict == "btp");
}
