// Crash safety of the trainee database (core/store), the parts one process can test: a damaged
// file (garbage over the header, truncated, a page overwritten) is detected at open and set aside
// under a new name, never overwritten or deleted, before a new file is started; a file held by a
// second program makes a write wait, and past the wait gives a message that says what to do.
// The kill-and-resume test of whole attempts is tests/crash/kill_and_resume.py.

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "core/common/time.h"
#include "core/store/database.h"

#if defined(__unix__)
#include <unistd.h>
#endif

namespace fs = std::filesystem;
using namespace socsim;
using namespace socsim::store;

namespace {

class TempDir {
public:
    TempDir() {
        std::string name = "socsim-crash-";
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
    fs::path operator/(const std::string& name) const { return path_ / name; }

private:
    fs::path path_;
};

std::string read_file(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_at(const fs::path& file, std::size_t offset, const std::string& bytes) {
    std::fstream f(file, std::ios::binary | std::ios::in | std::ios::out);
    REQUIRE(f);
    f.seekp(static_cast<std::streamoff>(offset));
    f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string noise(std::size_t n, std::uint32_t seed) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        seed = seed * 1664525u + 1013904223u;
        out += static_cast<char>(seed >> 24);
    }
    return out;
}

sim::Action isolate(SimTime t, const std::string& host) {
    sim::Action a;
    a.time = t;
    a.kind = sim::ActionKind::Isolate;
    a.target = host;
    return a;
}

constexpr SimTime kT0 = 1772410503120;        // 2026-03-02T00:15:03.120Z
constexpr SimTime kCalendar = 1796221051000;  // 2026-12-02T14:17:31Z: the stamp in the kept name

// A database with one attempt of 200 actions (several pages per table), closed cleanly.
void make_database(const fs::path& file) {
    Database db(file);
    AttemptInfo info;
    info.scenario_id = "dns-beaconing";
    info.scenario_hash = "0123456789abcdef";
    info.seed = 7;
    const auto id = db.begin_attempt(db.ensure_trainee("alice"), info);
    for (int i = 0; i < 200; ++i)
        db.record_action(id, isolate(kT0 + i * 1000, "ws-" + std::to_string(i) + std::string(40, 'x')));
    db.record_answer(id, {"q1", {0}, 1, true});
}

int page_size(const fs::path& file) {
    const std::string header = read_file(file).substr(16, 2);
    const int size = (static_cast<unsigned char>(header[0]) << 8) | static_cast<unsigned char>(header[1]);
    return size == 1 ? 65536 : size;
}

// The page number of table `name`'s root, read with SQLite itself before the damage.
int root_page(const fs::path& file, const std::string& name) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open_v2(file.string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
    sqlite3_stmt* s = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "SELECT rootpage FROM sqlite_schema WHERE name = ?1", -1, &s, nullptr) == SQLITE_OK);
    sqlite3_bind_text(s, 1, name.c_str(), -1, SQLITE_TRANSIENT);
    const int page = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
    sqlite3_finalize(s);
    sqlite3_close_v2(db);
    REQUIRE(page > 0);
    return page;
}

const std::string kKeptName = "socsim.db.corrupt-20261202-141731";

// Opens the damaged `file` through open_or_set_aside and checks what a trainee must be able to
// count on: the old bytes kept under the reported name, a new empty database in the old place.
void check_set_aside(const TempDir& dir, const fs::path& file, const std::string& problem_contains,
                     const std::string& or_contains = "damaged") {
    const std::string damaged = read_file(file);
    // The database itself refuses the file as damaged, so nothing else can open it by mistake.
    CHECK_THROWS_AS(Database(file), CorruptDatabase);
    auto opened = open_or_set_aside(file, kCalendar);
    REQUIRE(opened.db);
    CHECK(opened.set_aside == dir / kKeptName);
    CHECK_THAT(opened.problem, Catch::Contains(problem_contains) || Catch::Contains(or_contains));
    CHECK(read_file(dir / kKeptName) == damaged);
    CHECK(opened.db->list_attempts().empty());
    CHECK(opened.db->schema_version() == kSchemaVersion);
}

}  // namespace

TEST_CASE("crash safety: the name a damaged database is kept under is stamped in UTC", "[store][crash]") {
    CHECK(format_compact_stamp(kCalendar) == "20261202-141731");
    CHECK(format_compact_stamp(0) == "19700101-000000");
}

TEST_CASE("crash safety: a sound database opens as it is, nothing set aside", "[store][crash]") {
    TempDir dir;
    const fs::path file = dir / "socsim.db";
    make_database(file);
    auto opened = open_or_set_aside(file, kCalendar);
    REQUIRE(opened.db);
    CHECK(opened.set_aside.empty());
    CHECK(opened.problem.empty());
    REQUIRE(opened.db->list_attempts().size() == 1);
    CHECK(opened.db->journal(opened.db->list_attempts()[0].id).size() == 200);
    CHECK_FALSE(fs::exists(dir / kKeptName));
}

TEST_CASE("crash safety: garbage over the header is detected and the file kept aside", "[store][crash]") {
    TempDir dir;
    const fs::path file = dir / "socsim.db";
    make_database(file);
    write_at(file, 0, noise(100, 1));
    check_set_aside(dir, file, "not a database");
}

TEST_CASE("crash safety: a truncated database is detected and kept aside", "[store][crash]") {
    TempDir dir;
    const fs::path file = dir / "socsim.db";
    make_database(file);
    const auto size = fs::file_size(file);
    REQUIRE(size > 8u * static_cast<unsigned>(page_size(file)));
    fs::resize_file(file, size / 2);
    check_set_aside(dir, file, "malformed");
}

TEST_CASE("crash safety: one overwritten page is detected at open and kept aside", "[store][crash]") {
    TempDir dir;
    const fs::path file = dir / "socsim.db";
    make_database(file);
    const int page = root_page(file, "action");
    const auto size = static_cast<std::size_t>(page_size(file));
    // The header and every other page are intact: only checking the pages finds this one.
    write_at(file, (static_cast<std::size_t>(page) - 1) * size, noise(size, 2));
    check_set_aside(dir, file, "damaged");
}

TEST_CASE("crash safety: a damaged database never overwrites one kept earlier", "[store][crash]") {
    TempDir dir;
    const fs::path file = dir / "socsim.db";
    make_database(file);
    write_at(file, 0, noise(100, 3));
    const std::string first = read_file(file);
    REQUIRE(open_or_set_aside(file, kCalendar).set_aside == dir / kKeptName);

    // The new file is damaged too, within the same second: it goes to the next free name.
    write_at(file, 0, noise(100, 4));
    const std::string second = read_file(file);
    auto again = open_or_set_aside(file, kCalendar);
    CHECK(again.set_aside == dir / (kKeptName + "-2"));
    CHECK(read_file(dir / kKeptName) == first);
    CHECK(read_file(dir / (kKeptName + "-2")) == second);
}

TEST_CASE("crash safety: the write-ahead log goes aside with its damaged file", "[store][crash]") {
    TempDir dir;
    const fs::path file = dir / "socsim.db";
    make_database(file);
    write_at(file, 0, noise(100, 5));
    std::ofstream(file.string() + "-wal", std::ios::binary) << noise(4096, 6);
    const std::string wal = read_file(file.string() + "-wal");
    auto opened = open_or_set_aside(file, kCalendar);
    REQUIRE(opened.db);
    CHECK(read_file(dir / (kKeptName + "-wal")) == wal);
    CHECK(opened.db->list_attempts().empty());
}

TEST_CASE("crash safety: what is not damage is refused, and nothing is moved", "[store][crash]") {
    TempDir dir;
    const fs::path file = dir / "socsim.db";
    {
        sqlite3* db = nullptr;
        REQUIRE(sqlite3_open_v2(file.string().c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) ==
                SQLITE_OK);
        REQUIRE(sqlite3_exec(db, "CREATE TABLE t(x); PRAGMA user_version = 99;", nullptr, nullptr, nullptr) == SQLITE_OK);
        sqlite3_close_v2(db);
    }
    CHECK_THROWS_WITH(open_or_set_aside(file, kCalendar), Catch::Contains("newer socsim"));
    CHECK(fs::exists(file));
    CHECK_FALSE(fs::exists(dir / kKeptName));
}

TEST_CASE("crash safety: a write waits while a second program holds the database", "[store][crash]") {
    TempDir dir;
    const fs::path file = dir / "socsim.db";
    make_database(file);
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open_v2(file.string().c_str(), &other, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK);

    SECTION("released within the wait: the write goes through") {
        Database db(file, 3000);
        std::thread release([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
            sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
        });
        const auto start = std::chrono::steady_clock::now();
        CHECK_NOTHROW(db.record_action(db.list_attempts()[0].id, isolate(kT0, "ws-late")));
        const auto waited = std::chrono::steady_clock::now() - start;
        release.join();
        CHECK(waited >= std::chrono::milliseconds(250));
        CHECK(db.journal(db.list_attempts()[0].id).size() == 201);
    }
    SECTION("held past the wait: a message that says what to do, and nothing written") {
        Database db(file, 200);
        const auto id = db.list_attempts()[0].id;
        try {
            db.record_action(id, isolate(kT0, "ws-late"));
            FAIL("the write did not wait for the lock");
        } catch (const StoreError& e) {
            const std::string what = e.what();
            CHECK_THAT(what, Catch::Contains(file.string()));
            CHECK_THAT(what, Catch::Contains("in use by another program"));
            CHECK_THAT(what, Catch::Contains("close the other program and try again"));
        }
        sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
        CHECK(db.journal(id).size() == 200);
    }
    sqlite3_close_v2(other);
}
