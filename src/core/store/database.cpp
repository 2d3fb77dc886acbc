// The trainee database on the SQLite C API: opening, schema migrations, and the reads and writes
// behind database.h. Every statement is prepared with bound parameters; every SQLite failure
// becomes a StoreError naming the file. The schema and the migration policy are in
// docs/database.md; keep the two in step.
//
// [SECTION] Statement and transaction helpers
// [SECTION] Schema steps
// [SECTION] Opening and migrating
// [SECTION] Writes
// [SECTION] Reads
// [SECTION] Spaced review

#include "core/store/database.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <system_error>
#include <utility>

namespace socsim::store {

namespace {

// "socs" in ASCII: marks the file as ours, so socsim never migrates another program's database.
constexpr int kApplicationId = 0x736F6373;

// The same ISO 8601 UTC form SQLite writes into the DEFAULT columns, with milliseconds.
constexpr const char* kNowSql = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

[[noreturn]] void fail(std::string_view what, const std::filesystem::path& path, std::string_view cause) {
    std::string msg(what);
    msg += ' ';
    msg += path.string();
    msg += ": ";
    msg += cause;
    throw StoreError(msg);
}

[[noreturn]] void fail_sqlite(std::string_view what, const std::filesystem::path& path, sqlite3* db) {
    if (!db) fail(what, path, "out of memory");
    const int code = sqlite3_extended_errcode(db) & 0xff;
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
        // SQLite's "database is locked" does not say what to do: another program, most likely a
        // second socsim, kept the file locked for the whole busy timeout.
        fail(what, path,
             "the database is in use by another program (another socsim?), which kept it locked while "
             "socsim waited; close the other program and try again");
    }
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) {
        std::string msg(what);
        msg += ' ';
        msg += path.string();
        msg += ": ";
        msg += sqlite3_errmsg(db);
        throw CorruptDatabase(msg);
    }
    fail(what, path, sqlite3_errmsg(db));
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Statement and transaction helpers
// ---------------------------------------------------------------------------------------------

// One prepared statement, finalized on scope exit. Errors carry `what` ("cannot record action in")
// so the message says what the program was doing as well as which file and why.
class Statement {
public:
    Statement(sqlite3* db, const std::filesystem::path& path, std::string_view what, const char* sql)
        : db_(db), path_(path), what_(what) {
        if (sqlite3_prepare_v2(db_, sql, -1, &stmt_, nullptr) != SQLITE_OK) fail_sqlite(what_, path_, db_);
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind(int i, std::int64_t v) { check(sqlite3_bind_int64(stmt_, i, v)); }
    void bind(int i, int v) { check(sqlite3_bind_int(stmt_, i, v)); }
    void bind(int i, double v) { check(sqlite3_bind_double(stmt_, i, v)); }
    void bind(int i, bool v) { check(sqlite3_bind_int(stmt_, i, v ? 1 : 0)); }
    void bind(int i, std::string_view v) {
        // SQLITE_TRANSIENT: SQLite copies the bytes, so temporaries are safe to pass.
        check(sqlite3_bind_text64(stmt_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    }
    void bind(int i, const std::string& v) { bind(i, std::string_view(v)); }
    void bind(int i, const char* v) { bind(i, std::string_view(v)); }

    // True while there is a row to read; false when done.
    bool step() {
        int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        fail_sqlite(what_, path_, db_);
    }
    // Makes the statement ready to run again with new bindings.
    void reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    // Runs a statement that returns no rows.
    void run() {
        while (step()) {
        }
    }

    std::int64_t int64(int col) const { return sqlite3_column_int64(stmt_, col); }
    bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
    double real(int col) const { return sqlite3_column_double(stmt_, col); }
    // Text by byte count, so an embedded NUL or a NULL column never truncates or crashes.
    std::string text(int col) const {
        const unsigned char* p = sqlite3_column_text(stmt_, col);
        int n = sqlite3_column_bytes(stmt_, col);
        if (!p || n <= 0) return {};
        return std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n));
    }

private:
    void check(int rc) {
        if (rc != SQLITE_OK) fail_sqlite(what_, path_, db_);
    }

    sqlite3* db_;
    const std::filesystem::path& path_;
    std::string what_;
    sqlite3_stmt* stmt_ = nullptr;
};

void exec_sql(sqlite3* db, const std::filesystem::path& path, std::string_view what, const char* sql) {
    // sqlite3_errmsg says what sqlite3_exec's message would; fail_sqlite also sorts out a busy or
    // damaged file by the error code.
    if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) fail_sqlite(what, path, db);
}

int pragma_int(sqlite3* db, const std::filesystem::path& path, std::string_view what, const char* sql) {
    Statement s(db, path, what, sql);
    return s.step() ? static_cast<int>(s.int64(0)) : 0;
}

// BEGIN IMMEDIATE takes the write lock up front, so two socsim processes (the GUI and a CLI
// report) wait on busy_timeout instead of failing halfway through with SQLITE_BUSY.
class Transaction {
public:
    Transaction(sqlite3* db, const std::filesystem::path& path, std::string_view what)
        : db_(db), path_(path), what_(what) {
        exec_sql(db_, path_, what_, "BEGIN IMMEDIATE");
    }
    ~Transaction() {
        if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    void commit() {
        exec_sql(db_, path_, what_, "COMMIT");
        done_ = true;
    }

private:
    sqlite3* db_;
    const std::filesystem::path& path_;
    std::string what_;
    bool done_ = false;
};

std::string with_id(std::string_view what, std::int64_t id) {
    std::string s(what);
    s += ' ';
    s += std::to_string(id);
    s += " in";
    return s;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Schema steps
// ---------------------------------------------------------------------------------------------

// kSteps[v] upgrades a database from user_version v to v + 1. A released step is never edited:
// a change to the schema is a new step appended here, with kSchemaVersion raised to match
// (docs/database.md).
constexpr const char* kSteps[] = {
    // 0 -> 1: the first schema.
    R"sql(
CREATE TABLE trainee (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);

CREATE TABLE attempt (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    trainee_id    INTEGER NOT NULL REFERENCES trainee(id),
    scenario_id   TEXT NOT NULL,
    scenario_hash TEXT NOT NULL,
    seed          INTEGER NOT NULL,
    mode          TEXT NOT NULL,
    status        TEXT NOT NULL DEFAULT 'in_progress'
                  CHECK (status IN ('in_progress', 'finished', 'abandoned')),
    started_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    finished_at   TEXT,
    score         REAL,
    passed        INTEGER
);
CREATE INDEX attempt_trainee ON attempt(trainee_id);

CREATE TABLE action (
    attempt_id  INTEGER NOT NULL REFERENCES attempt(id),
    seq         INTEGER NOT NULL,
    sim_time    INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    target      TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    PRIMARY KEY (attempt_id, seq)
);

CREATE TABLE answer (
    attempt_id  INTEGER NOT NULL REFERENCES attempt(id),
    question_id TEXT NOT NULL,
    selected    TEXT NOT NULL DEFAULT '[]',
    fraction    REAL,
    correct     INTEGER NOT NULL DEFAULT 0,
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    UNIQUE (attempt_id, question_id)
);

CREATE TABLE score_line (
    attempt_id  INTEGER NOT NULL REFERENCES attempt(id),
    seq         INTEGER NOT NULL,
    key         TEXT NOT NULL,
    args        TEXT NOT NULL DEFAULT '[]',
    points      REAL,
    max_points  REAL,
    PRIMARY KEY (attempt_id, seq)
);
)sql",
    // 1 -> 2: spaced review, and the bank each attempt answered (for item statistics).
    // The bank goes on the attempt, not on each answer: an attempt answers one bank (its
    // scenario's quiz, or a self-paced session), as UNIQUE (attempt_id, question_id) already
    // assumes. Attempts recorded before this step have bank_id '' and so no bank.
    R"sql(
ALTER TABLE attempt ADD COLUMN bank_id TEXT NOT NULL DEFAULT '';
CREATE INDEX attempt_bank ON attempt(bank_id);

CREATE TABLE review (
    trainee_id  INTEGER NOT NULL REFERENCES trainee(id),
    bank_id     TEXT NOT NULL,
    question_id TEXT NOT NULL,
    stability   REAL NOT NULL CHECK (stability > 0),
    difficulty  REAL NOT NULL CHECK (difficulty BETWEEN 1 AND 10),
    last_review INTEGER NOT NULL,
    due         INTEGER NOT NULL,
    reps        INTEGER NOT NULL CHECK (reps >= 1),
    lapses      INTEGER NOT NULL DEFAULT 0 CHECK (lapses >= 0),
    PRIMARY KEY (trainee_id, bank_id, question_id)
);
CREATE INDEX review_due ON review(trainee_id, due);
)sql",
    // 2 -> 3: the trainee's incident report, one per attempt, as the JSON of report::to_json.
    R"sql(
CREATE TABLE report (
    attempt_id   INTEGER PRIMARY KEY REFERENCES attempt(id),
    content      TEXT NOT NULL,
    submitted_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
);
)sql",
    // 3 -> 4: what a quiz needs to be resumed and analysed. The front end's calendar time at the
    // start (a quiz's time limit counts from it, also while the program is closed); the number or
    // text of an answer, not only the choices picked; and the questions an attempt asked, so that
    // item statistics count a question over the attempts that included it, not over all of them.
    R"sql(
ALTER TABLE attempt ADD COLUMN calendar_start INTEGER;
ALTER TABLE answer ADD COLUMN number REAL;
ALTER TABLE answer ADD COLUMN text TEXT NOT NULL DEFAULT '';
CREATE TABLE attempt_question (
    attempt_id  INTEGER NOT NULL REFERENCES attempt(id),
    seq         INTEGER NOT NULL,
    question_id TEXT NOT NULL,
    PRIMARY KEY (attempt_id, seq),
    UNIQUE (attempt_id, question_id)
);
)sql",
    // 4 -> 5: the verdict of a triage action (tp, fp, btp): a column of its own rather than a
    // prefix of the note, so the note stays the trainee's words. '' for every other action.
    R"sql(
ALTER TABLE action ADD COLUMN verdict TEXT NOT NULL DEFAULT '';
)sql",
    // 5 -> 6: the xAPI outbox. A statement is written once, when its attempt reaches what it
    // reports, and kept after the LRS took it (sent_at), so the export holds them all and a
    // statement is never made twice. `meta` keeps values made once per file (the installation
    // id the statement ids are derived from).
    R"sql(
CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
CREATE TABLE xapi_statement (
    id          TEXT PRIMARY KEY,
    attempt_id  INTEGER NOT NULL REFERENCES attempt(id),
    verb        TEXT NOT NULL,
    body        TEXT NOT NULL,
    queued_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
    sent_at     TEXT,
    tries       INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    refused     INTEGER NOT NULL DEFAULT 0 CHECK (refused IN (0, 1))
);
CREATE INDEX xapi_statement_waiting ON xapi_statement(sent_at, refused);
CREATE INDEX xapi_statement_attempt ON xapi_statement(attempt_id);
)sql",
};
static_assert(std::size(kSteps) == kSchemaVersion, "one migration step per schema version");

// The action, answer and score_line foreign keys are indexed by the leading column of their
// primary key or UNIQUE constraint, so they need no separate index.

std::optional<AttemptStatus> parse_status(std::string_view text) {
    if (text == "in_progress") return AttemptStatus::InProgress;
    if (text == "finished") return AttemptStatus::Finished;
    if (text == "abandoned") return AttemptStatus::Abandoned;
    return std::nullopt;
}

// nlohmann::json::dump throws on invalid UTF-8; a stray byte in a hostname must not lose the
// score, so it is replaced with U+FFFD instead.
std::string dump_json(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

const char* attempt_status_name(AttemptStatus s) {
    switch (s) {
        case AttemptStatus::InProgress: return "in_progress";
        case AttemptStatus::Finished: return "finished";
        case AttemptStatus::Abandoned: return "abandoned";
    }
    return "in_progress";
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Opening and migrating
// ---------------------------------------------------------------------------------------------

Database::Database(const std::filesystem::path& path, int busy_timeout_ms) : path_(path) {
    constexpr std::string_view kOpen = "cannot open";
    if (path_.empty()) fail(kOpen, path_, "no file name given");

    std::filesystem::path parent = path_.parent_path();
    if (!parent.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(parent, ec);
        if (ec) fail(kOpen, path_, "cannot create folder " + parent.string() + ": " + ec.message());
    }

    check_pages();
    int rc = sqlite3_open_v2(path_.string().c_str(), &db_,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    try {
        if (rc != SQLITE_OK) fail_sqlite(kOpen, path_, db_);
        sqlite3_extended_result_codes(db_, 1);
        sqlite3_busy_timeout(db_, busy_timeout_ms);
        // The first statement reads the header: a file that is not a database fails here with
        // SQLite's "file is not a database".
        exec_sql(db_, path_, kOpen, "PRAGMA journal_mode=WAL");
        // In WAL mode NORMAL keeps every committed transaction through a process crash; only a
        // power loss can roll back the last few. FULL would fsync on every action for that.
        exec_sql(db_, path_, kOpen, "PRAGMA synchronous=NORMAL");
        exec_sql(db_, path_, kOpen, "PRAGMA foreign_keys=ON");
        migrate();
    } catch (...) {
        sqlite3_close_v2(db_);  // also frees the handle that sqlite3_open_v2 returns on failure
        db_ = nullptr;
        throw;
    }
}

Database::~Database() {
    // All statements are finalized by their scopes, so close cannot leave the handle open.
    sqlite3_close_v2(db_);
}

void Database::check_pages() const {
    // On a read-only connection of its own: closing a read-write connection to a damaged file
    // could checkpoint its write-ahead log into it or delete the log, changing what is kept.
    std::error_code ec;
    if (!std::filesystem::exists(path_, ec) || std::filesystem::file_size(path_, ec) == 0 || ec) return;
    sqlite3* probe = nullptr;
    const int rc = sqlite3_open_v2(path_.string().c_str(), &probe, SQLITE_OPEN_READONLY, nullptr);
    struct Close {
        sqlite3* db;
        ~Close() { sqlite3_close_v2(db); }
    } close{probe};
    if (rc != SQLITE_OK) return;  // the read-write open says why, with the right words
    sqlite3_extended_result_codes(probe, 1);
    sqlite3_busy_timeout(probe, kBusyTimeoutMs);
    // quick_check reads every page and checks the b-tree structure (an overwritten or missing
    // page, a truncated file) in O(file size). It skips integrity_check's cross-check of index
    // entries against rows, which costs more and which page damage does not escape. A row that
    // breaks a CHECK or NOT NULL is not page damage: the read that meets it refuses it, as
    // docs/database.md says, and the rest of the file stays in use.
    std::string damage;
    try {
        Statement s(probe, path_, "cannot open", "PRAGMA quick_check(100)");
        while (s.step()) {
            const std::string line = s.text(0);
            if (line == "ok" || line.starts_with("CHECK constraint failed") || line.starts_with("NULL value in")) continue;
            damage = line;
            break;
        }
    } catch (const CorruptDatabase&) {
        throw;
    } catch (const StoreError&) {
        return;  // not damage (busy, no permission): the read-write open reports it
    }
    if (!damage.empty()) throw CorruptDatabase("cannot open " + path_.string() + ": the file is damaged (" + damage + ")");
}

void Database::exec(const char* sql) { exec_sql(db_, path_, "cannot write to", sql); }

int Database::schema_version() const {
    return pragma_int(db_, path_, "cannot read", "PRAGMA user_version");
}

void Database::migrate() {
    constexpr std::string_view kOpen = "cannot open";
    auto refuse_newer = [&](int version) {
        fail(kOpen, path_,
             "written by a newer socsim (schema version " + std::to_string(version) +
                 ", this socsim knows up to " + std::to_string(kSchemaVersion) + ")");
    };
    auto check_ours = [&](int version) {
        int app = pragma_int(db_, path_, kOpen, "PRAGMA application_id");
        if (app != 0 && app != kApplicationId) fail(kOpen, path_, "it is not a socsim database");
        if (version == 0) {
            // Version 0 is a new, empty file; a file with tables and no version belongs to
            // another program and must not get socsim's tables added to it.
            Statement s(db_, path_, kOpen, "SELECT count(*) FROM sqlite_schema");
            if (s.step() && s.int64(0) > 0) fail(kOpen, path_, "it is not a socsim database");
        }
    };

    int version = pragma_int(db_, path_, kOpen, "PRAGMA user_version");
    check_ours(version);
    if (version > kSchemaVersion) refuse_newer(version);
    if (version < 0) fail(kOpen, path_, "invalid schema version " + std::to_string(version));

    while (version < kSchemaVersion) {
        std::string what = "cannot migrate to schema version " + std::to_string(version + 1) + " in";
        Transaction tx(db_, path_, what);
        // Read again under the write lock: another process may have migrated meanwhile.
        version = pragma_int(db_, path_, what, "PRAGMA user_version");
        if (version > kSchemaVersion) refuse_newer(version);
        if (version >= kSchemaVersion) break;
        exec_sql(db_, path_, what, kSteps[version]);
        // PRAGMAs take no bound parameters; these are the program's own integers, not input.
        std::string set_version = "PRAGMA user_version = " + std::to_string(version + 1);
        exec_sql(db_, path_, what, set_version.c_str());
        std::string set_app = "PRAGMA application_id = " + std::to_string(kApplicationId);
        exec_sql(db_, path_, what, set_app.c_str());
        tx.commit();
        ++version;
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Writes
// ---------------------------------------------------------------------------------------------

std::int64_t Database::ensure_trainee(const std::string& name) {
    constexpr std::string_view kWhat = "cannot add trainee to";
    if (name.empty()) fail(kWhat, path_, "the trainee name is empty");
    {
        Statement s(db_, path_, kWhat,
                    "INSERT INTO trainee(name) VALUES (?1) ON CONFLICT(name) DO NOTHING");
        s.bind(1, name);
        s.run();
    }
    Statement s(db_, path_, kWhat, "SELECT id FROM trainee WHERE name = ?1");
    s.bind(1, name);
    if (!s.step()) fail(kWhat, path_, "the trainee vanished after insertion");
    return s.int64(0);
}

std::int64_t Database::begin_attempt(std::int64_t trainee_id, const AttemptInfo& info) {
    const std::string what = with_id("cannot begin an attempt for trainee", trainee_id);
    Statement s(db_, path_, what,
                "INSERT INTO attempt(trainee_id, scenario_id, scenario_hash, seed, mode, bank_id, calendar_start) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    s.bind(1, trainee_id);
    s.bind(2, info.scenario_id);
    s.bind(3, info.scenario_hash);
    // SQLite integers are signed 64-bit: the seed keeps its bit pattern (modular since C++20).
    s.bind(4, static_cast<std::int64_t>(info.seed));
    s.bind(5, info.mode);
    s.bind(6, info.bank_id);
    if (info.calendar_start) s.bind(7, static_cast<std::int64_t>(*info.calendar_start));  // else NULL
    s.run();
    return sqlite3_last_insert_rowid(db_);
}

void Database::record_action(std::int64_t attempt_id, const sim::Action& action) {
    const std::string what = with_id("cannot record an action of attempt", attempt_id);
    // One statement, so the sequence number and the row are written atomically and committed at
    // once (autocommit). Only an attempt in progress takes actions: a finished attempt's journal
    // is what its score was computed from.
    Statement s(db_, path_, what,
                "INSERT INTO action(attempt_id, seq, sim_time, kind, target, note, verdict) "
                "SELECT ?1, (SELECT coalesce(max(seq), 0) + 1 FROM action WHERE attempt_id = ?1), "
                "       ?2, ?3, ?4, ?5, ?6 "
                "FROM attempt WHERE id = ?1 AND status = 'in_progress'");
    s.bind(1, attempt_id);
    s.bind(2, static_cast<std::int64_t>(action.time));
    s.bind(3, sim::action_kind_name(action.kind));
    s.bind(4, action.target);
    s.bind(5, action.note);
    s.bind(6, action.verdict);
    s.run();
    if (sqlite3_changes(db_) == 0) {
        Statement q(db_, path_, what, "SELECT status FROM attempt WHERE id = ?1");
        q.bind(1, attempt_id);
        if (!q.step()) fail(what, path_, "no such attempt");
        fail(what, path_, "the attempt is " + q.text(0) + ", not in progress");
    }
}

void Database::record_answer(std::int64_t attempt_id, const AnswerRecord& answer) {
    const std::string what = with_id("cannot record an answer of attempt", attempt_id);
    // Answering again replaces the answer; the row keeps its place in the order first answered.
    Statement s(db_, path_, what,
                "INSERT INTO answer(attempt_id, question_id, selected, fraction, correct, number, text) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
                "ON CONFLICT(attempt_id, question_id) DO UPDATE SET "
                "  selected = excluded.selected, fraction = excluded.fraction, "
                "  correct = excluded.correct, number = excluded.number, text = excluded.text, "
                "  recorded_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')");
    s.bind(1, attempt_id);
    s.bind(2, answer.question_id);
    s.bind(3, dump_json(nlohmann::json(answer.selected)));
    s.bind(4, answer.fraction);
    s.bind(5, answer.correct);
    // SQLite stores a NaN as NULL; an infinity is kept. Both grade as no number.
    if (answer.number && !std::isnan(*answer.number)) s.bind(6, *answer.number);
    s.bind(7, answer.text);
    s.run();
}

void Database::record_questions(std::int64_t attempt_id, const std::vector<std::string>& question_ids) {
    const std::string what = with_id("cannot record the questions of attempt", attempt_id);
    Transaction tx(db_, path_, what);
    {
        Statement s(db_, path_, what, "SELECT 1 FROM attempt WHERE id = ?1");
        s.bind(1, attempt_id);
        if (!s.step()) fail(what, path_, "no such attempt");
    }
    Statement s(db_, path_, what,
                "INSERT INTO attempt_question(attempt_id, seq, question_id) "
                "SELECT ?1, (SELECT coalesce(max(seq), 0) + 1 FROM attempt_question WHERE attempt_id = ?1), ?2 "
                "WHERE NOT EXISTS (SELECT 1 FROM attempt_question WHERE attempt_id = ?1 AND question_id = ?2)");
    for (const std::string& id : question_ids) {
        s.reset();
        s.bind(1, attempt_id);
        s.bind(2, id);
        s.run();
    }
    tx.commit();
}

void Database::finish_attempt(std::int64_t attempt_id, const score::Score& score) {
    const std::string what = with_id("cannot finish attempt", attempt_id);
    Transaction tx(db_, path_, what);
    {
        // Finishing again (a re-grade) replaces the score but keeps the first finish time.
        std::string sql = std::string("UPDATE attempt SET status = 'finished', finished_at = "
                                      "coalesce(finished_at, ") +
                          kNowSql + "), score = ?2, passed = ?3 WHERE id = ?1";
        Statement s(db_, path_, what, sql.c_str());
        s.bind(1, attempt_id);
        s.bind(2, score.total);
        s.bind(3, score.passed);
        s.run();
        if (sqlite3_changes(db_) == 0) fail(what, path_, "no such attempt");
    }
    {
        Statement s(db_, path_, what, "DELETE FROM score_line WHERE attempt_id = ?1");
        s.bind(1, attempt_id);
        s.run();
    }
    Statement s(db_, path_, what,
                "INSERT INTO score_line(attempt_id, seq, key, args, points, max_points) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    std::int64_t seq = 0;
    for (const auto& line : score.lines) {
        // [[name, value], ...]: a JSON object would not keep the arguments in order.
        nlohmann::json args = nlohmann::json::array();
        for (const auto& [name, value] : line.args) args.push_back({name, value});
        s.reset();
        s.bind(1, attempt_id);
        s.bind(2, ++seq);
        s.bind(3, line.key);
        s.bind(4, dump_json(args));
        s.bind(5, line.points);
        s.bind(6, line.max_points);
        s.run();
    }
    tx.commit();
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Reads
// ---------------------------------------------------------------------------------------------

namespace {

constexpr const char* kSummarySelect =
    "SELECT a.id, t.name, a.scenario_id, a.scenario_hash, a.seed, a.mode, a.started_at, "
    "       a.finished_at, a.status, a.score, a.passed, "
    "       (SELECT count(*) FROM action WHERE attempt_id = a.id), a.bank_id, a.calendar_start "
    "FROM attempt a JOIN trainee t ON t.id = a.trainee_id ";

AttemptSummary read_summary(const Statement& s, const std::filesystem::path& path) {
    AttemptSummary a;
    a.id = s.int64(0);
    a.trainee = s.text(1);
    a.scenario_id = s.text(2);
    a.scenario_hash = s.text(3);
    a.seed = static_cast<std::uint64_t>(s.int64(4));
    a.mode = s.text(5);
    a.started_at = s.text(6);
    a.finished_at = s.text(7);
    std::string status = s.text(8);
    auto parsed = parse_status(status);
    if (!parsed)
        fail(with_id("cannot read attempt", a.id), path, "unknown status '" + status + "'");
    a.status = *parsed;
    a.score = s.real(9);
    a.passed = s.int64(10) != 0;
    a.actions = static_cast<int>(s.int64(11));
    a.bank_id = s.text(12);
    if (!s.is_null(13)) a.calendar_start = s.int64(13);
    return a;
}

}  // namespace

std::vector<AttemptSummary> Database::list_attempts() const {
    // By id, not by started_at: ids only grow (AUTOINCREMENT) while the wall clock may step back.
    std::string sql = std::string(kSummarySelect) + "ORDER BY a.id DESC";
    Statement s(db_, path_, "cannot list attempts in", sql.c_str());
    std::vector<AttemptSummary> out;
    while (s.step()) out.push_back(read_summary(s, path_));
    return out;
}

std::optional<AttemptSummary> Database::attempt(std::int64_t attempt_id) const {
    std::string sql = std::string(kSummarySelect) + "WHERE a.id = ?1";
    Statement s(db_, path_, with_id("cannot read attempt", attempt_id), sql.c_str());
    s.bind(1, attempt_id);
    if (!s.step()) return std::nullopt;
    return read_summary(s, path_);
}

std::vector<sim::Action> Database::journal(std::int64_t attempt_id) const {
    const std::string what = with_id("cannot read the journal of attempt", attempt_id);
    Statement s(db_, path_, what,
                "SELECT seq, sim_time, kind, target, note, verdict FROM action "
                "WHERE attempt_id = ?1 ORDER BY seq");
    s.bind(1, attempt_id);
    std::vector<sim::Action> out;
    while (s.step()) {
        std::string kind = s.text(2);
        auto parsed = sim::parse_action_kind(kind);
        // A kind this build does not know was written by a newer socsim. Skipping it would
        // replay a different world and grade a different attempt, so the journal is refused.
        if (!parsed)
            fail(what, path_,
                 "action " + std::to_string(s.int64(0)) + " has unknown kind '" + kind +
                     "' (written by a newer socsim?)");
        sim::Action a;
        a.time = s.int64(1);
        a.kind = *parsed;
        a.target = s.text(3);
        a.note = s.text(4);
        a.verdict = s.text(5);
        out.push_back(std::move(a));
    }
    return out;
}

namespace {

// Columns `first` .. `first + 5` are kAnswerColumns of an answer row.
constexpr const char* kAnswerColumns = "question_id, selected, fraction, correct, number, text";

AnswerRecord read_answer(const Statement& s, int first, std::string_view what, const std::filesystem::path& path) {
    AnswerRecord r;
    r.question_id = s.text(first);
    auto selected = nlohmann::json::parse(s.text(first + 1), nullptr, false);
    if (!selected.is_array()) fail(what, path, "question '" + r.question_id + "' has a malformed selection");
    for (const auto& v : selected) {
        if (!v.is_number_integer())
            fail(what, path, "question '" + r.question_id + "' has a malformed selection");
        r.selected.push_back(v.get<int>());
    }
    r.fraction = s.real(first + 2);
    r.correct = s.int64(first + 3) != 0;
    if (!s.is_null(first + 4)) r.number = s.real(first + 4);
    r.text = s.text(first + 5);
    return r;
}

}  // namespace

void Database::save_report(std::int64_t attempt_id, const std::string& json) {
    const std::string what = with_id("cannot save the incident report of attempt", attempt_id);
    Statement s(db_, path_, what,
                "INSERT INTO report(attempt_id, content) VALUES (?1, ?2) "
                "ON CONFLICT(attempt_id) DO UPDATE SET content = excluded.content, "
                "  submitted_at = strftime('%Y-%m-%dT%H:%M:%fZ','now')");
    s.bind(1, attempt_id);
    s.bind(2, json);
    s.run();
}

std::optional<std::string> Database::report(std::int64_t attempt_id) const {
    const std::string what = with_id("cannot read the incident report of attempt", attempt_id);
    Statement s(db_, path_, what, "SELECT content FROM report WHERE attempt_id = ?1");
    s.bind(1, attempt_id);
    if (!s.step()) return std::nullopt;
    return s.text(0);
}

std::vector<AnswerRecord> Database::answers(std::int64_t attempt_id) const {
    const std::string what = with_id("cannot read the answers of attempt", attempt_id);
    const std::string sql =
        std::string("SELECT ") + kAnswerColumns + ", recorded_at FROM answer WHERE attempt_id = ?1 ORDER BY rowid";
    Statement s(db_, path_, what, sql.c_str());
    s.bind(1, attempt_id);
    std::vector<AnswerRecord> out;
    while (s.step()) {
        out.push_back(read_answer(s, 0, what, path_));
        out.back().recorded_at = s.text(6);
    }
    return out;
}

std::vector<std::string> Database::questions(std::int64_t attempt_id) const {
    const std::string what = with_id("cannot read the questions of attempt", attempt_id);
    Statement s(db_, path_, what, "SELECT question_id FROM attempt_question WHERE attempt_id = ?1 ORDER BY seq");
    s.bind(1, attempt_id);
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text(0));
    return out;
}

std::vector<BankAttempt> Database::bank_answers(const std::string& bank_id) const {
    std::vector<BankAttempt> out;
    if (bank_id.empty()) return out;  // '' marks attempts without a bank; it names none
    const std::string what = "cannot read the answers to bank '" + bank_id + "' in";
    {
        Statement s(db_, path_, what,
                    "SELECT a.id, a.trainee_id, a.mode, a.status FROM attempt a "
                    "WHERE a.bank_id = ?1 AND (EXISTS (SELECT 1 FROM answer WHERE attempt_id = a.id) OR "
                    "                          EXISTS (SELECT 1 FROM attempt_question WHERE attempt_id = a.id)) "
                    "ORDER BY a.id");
        s.bind(1, bank_id);
        while (s.step()) {
            BankAttempt a;
            a.attempt_id = s.int64(0);
            a.trainee_id = s.int64(1);
            a.mode = s.text(2);
            const std::string status = s.text(3);
            auto parsed = parse_status(status);
            if (!parsed) fail(with_id("cannot read attempt", a.attempt_id), path_, "unknown status '" + status + "'");
            a.status = *parsed;
            out.push_back(std::move(a));
        }
    }
    // The answers and the questions asked of every such attempt, in id order like `out`.
    const auto fill = [&](const std::string& sql, auto add) {
        Statement s(db_, path_, what, sql.c_str());
        s.bind(1, bank_id);
        std::size_t k = 0;
        while (s.step()) {
            const std::int64_t id = s.int64(0);
            while (k < out.size() && out[k].attempt_id < id) ++k;
            if (k < out.size() && out[k].attempt_id == id) add(out[k], s);
        }
    };
    fill(std::string("SELECT n.attempt_id, ") + "n.question_id, n.selected, n.fraction, n.correct, n.number, n.text " +
             "FROM answer n JOIN attempt a ON a.id = n.attempt_id WHERE a.bank_id = ?1 ORDER BY n.attempt_id, n.rowid",
         [&](BankAttempt& a, const Statement& s) { a.answers.push_back(read_answer(s, 1, what, path_)); });
    fill("SELECT q.attempt_id, q.question_id FROM attempt_question q JOIN attempt a ON a.id = q.attempt_id "
         "WHERE a.bank_id = ?1 ORDER BY q.attempt_id, q.seq",
         [&](BankAttempt& a, const Statement& s) { a.asked.push_back(s.text(1)); });
    return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Values kept once, and the xAPI outbox
// ---------------------------------------------------------------------------------------------

std::string Database::keep_meta(const std::string& key, const std::string& if_new) {
    const std::string what = "cannot keep '" + key + "' in";
    Transaction tx(db_, path_, what);
    {
        Statement s(db_, path_, what, "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO NOTHING");
        s.bind(1, key);
        s.bind(2, if_new);
        s.run();
    }
    std::string value;
    {
        Statement s(db_, path_, what, "SELECT value FROM meta WHERE key = ?1");
        s.bind(1, key);
        if (s.step()) value = s.text(0);
    }
    tx.commit();
    return value;
}

int Database::queue_statements(const std::vector<OutboxStatement>& statements) {
    if (statements.empty()) return 0;
    const std::string what = "cannot queue xAPI statements in";
    Transaction tx(db_, path_, what);
    int added = 0;
    {
        Statement s(db_, path_, what,
                    "INSERT INTO xapi_statement(id, attempt_id, verb, body) VALUES (?1, ?2, ?3, ?4) "
                    "ON CONFLICT(id) DO NOTHING");
        for (const OutboxStatement& st : statements) {
            s.reset();
            s.bind(1, st.id);
            s.bind(2, st.attempt_id);
            s.bind(3, st.verb);
            s.bind(4, st.body);
            s.run();
            added += sqlite3_changes(db_);
        }
    }
    tx.commit();
    return added;
}

namespace {

constexpr const char* kOutboxColumns =
    "id, attempt_id, verb, body, queued_at, COALESCE(sent_at, ''), tries, last_error, refused";

OutboxStatement read_outbox(const Statement& s) {
    OutboxStatement o;
    o.id = s.text(0);
    o.attempt_id = s.int64(1);
    o.verb = s.text(2);
    o.body = s.text(3);
    o.queued_at = s.text(4);
    o.sent_at = s.text(5);
    o.tries = static_cast<int>(s.int64(6));
    o.last_error = s.text(7);
    o.refused = s.int64(8) != 0;
    return o;
}

}  // namespace

std::vector<OutboxStatement> Database::waiting_statements(std::size_t limit) const {
    const std::string sql = std::string("SELECT ") + kOutboxColumns +
                            " FROM xapi_statement WHERE sent_at IS NULL AND refused = 0 ORDER BY rowid LIMIT ?1";
    Statement s(db_, path_, "cannot read the xAPI outbox of", sql.c_str());
    s.bind(1, static_cast<std::int64_t>(limit));
    std::vector<OutboxStatement> out;
    while (s.step()) out.push_back(read_outbox(s));
    return out;
}

std::vector<OutboxStatement> Database::outbox(std::optional<std::int64_t> attempt_id) const {
    const std::string sql = std::string("SELECT ") + kOutboxColumns + " FROM xapi_statement" +
                            (attempt_id ? " WHERE attempt_id = ?1" : "") + " ORDER BY rowid";
    Statement s(db_, path_, "cannot read the xAPI outbox of", sql.c_str());
    if (attempt_id) s.bind(1, *attempt_id);
    std::vector<OutboxStatement> out;
    while (s.step()) out.push_back(read_outbox(s));
    return out;
}

OutboxCounts Database::outbox_counts() const {
    Statement s(db_, path_, "cannot read the xAPI outbox of",
                "SELECT COALESCE(SUM(sent_at IS NULL AND refused = 0), 0), COALESCE(SUM(sent_at IS NOT NULL), 0), "
                "COALESCE(SUM(refused), 0) FROM xapi_statement");
    OutboxCounts c;
    if (s.step()) {
        c.waiting = s.int64(0);
        c.sent = s.int64(1);
        c.refused = s.int64(2);
    }
    return c;
}

void Database::mark_sent(const std::vector<std::string>& ids) {
    if (ids.empty()) return;
    const std::string what = "cannot mark xAPI statements sent in";
    Transaction tx(db_, path_, what);
    {
        Statement s(db_, path_, what,
                    "UPDATE xapi_statement SET sent_at = strftime('%Y-%m-%dT%H:%M:%fZ','now'), last_error = '' "
                    "WHERE id = ?1 AND sent_at IS NULL");
        for (const std::string& id : ids) {
            s.reset();
            s.bind(1, id);
            s.run();
        }
    }
    tx.commit();
}

void Database::mark_failed(const std::vector<std::string>& ids, const std::string& error) {
    if (ids.empty()) return;
    const std::string what = "cannot note a failed xAPI send in";
    Transaction tx(db_, path_, what);
    {
        Statement s(db_, path_, what,
                    "UPDATE xapi_statement SET tries = tries + 1, last_error = ?2 WHERE id = ?1 AND sent_at IS NULL");
        for (const std::string& id : ids) {
            s.reset();
            s.bind(1, id);
            s.bind(2, error);
            s.run();
        }
    }
    tx.commit();
}

void Database::mark_refused(const std::string& id, const std::string& error) {
    Statement s(db_, path_, "cannot note a refused xAPI statement in",
                "UPDATE xapi_statement SET refused = 1, tries = tries + 1, last_error = ?2 WHERE id = ?1 AND sent_at IS NULL");
    s.bind(1, id);
    s.bind(2, error);
    s.run();
}

std::map<std::int64_t, std::set<std::string>> Database::queued_verbs() const {
    Statement s(db_, path_, "cannot read the xAPI outbox of", "SELECT DISTINCT attempt_id, verb FROM xapi_statement");
    std::map<std::int64_t, std::set<std::string>> out;
    while (s.step()) out[s.int64(0)].insert(s.text(1));
    return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Spaced review
// ---------------------------------------------------------------------------------------------

namespace {

// Why a card cannot be a reviewed FSRS card, or empty if it can. Checked on the way in and on the
// way out: the scheduler takes powers of S and D, so one bad value would spread NaNs.
std::string card_problem(const quiz::CardState& c) {
    if (!(std::isfinite(c.stability) && c.stability > 0))
        return "stability " + std::to_string(c.stability) + " is not above 0";
    if (!(c.difficulty >= 1 && c.difficulty <= 10))
        return "difficulty " + std::to_string(c.difficulty) + " is not in 1..10";
    if (c.reps < 1) return "it was never reviewed (reps " + std::to_string(c.reps) + ")";
    if (c.lapses < 0) return "lapses " + std::to_string(c.lapses) + " is below 0";
    return {};
}

constexpr const char* kCardColumns = "stability, difficulty, last_review, due, reps, lapses";

// Columns `first` .. `first + 5` are kCardColumns.
quiz::CardState read_card(const Statement& s, int first) {
    quiz::CardState c;
    c.stability = s.real(first);
    c.difficulty = s.real(first + 1);
    c.last_review = s.int64(first + 2);
    c.due = s.int64(first + 3);
    // A count beyond int is a damaged row: clamped so that card_problem sees it, not a wrapped value.
    c.reps = static_cast<int>(std::clamp<std::int64_t>(s.int64(first + 4), -1, 1'000'000'000));
    c.lapses = static_cast<int>(std::clamp<std::int64_t>(s.int64(first + 5), -1, 1'000'000'000));
    return c;
}

std::string card_name(std::int64_t trainee_id, const std::string& bank_id, const std::string& question_id) {
    return "review card of trainee " + std::to_string(trainee_id) + " for '" + bank_id + "/" + question_id + "'";
}

}  // namespace

void Database::save_review_card(std::int64_t trainee_id, const std::string& bank_id,
                                const std::string& question_id, const quiz::CardState& card) {
    const std::string what = "cannot save the " + card_name(trainee_id, bank_id, question_id) + " in";
    if (bank_id.empty() || question_id.empty()) fail(what, path_, "the bank or question id is empty");
    if (std::string problem = card_problem(card); !problem.empty()) fail(what, path_, problem);
    const std::string sql = std::string("INSERT OR REPLACE INTO review(trainee_id, bank_id, question_id, ") +
                            kCardColumns + ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
    Statement s(db_, path_, what, sql.c_str());
    s.bind(1, trainee_id);
    s.bind(2, bank_id);
    s.bind(3, question_id);
    s.bind(4, card.stability);
    s.bind(5, card.difficulty);
    s.bind(6, static_cast<std::int64_t>(card.last_review));
    s.bind(7, static_cast<std::int64_t>(card.due));
    s.bind(8, card.reps);
    s.bind(9, card.lapses);
    s.run();  // an unknown trainee fails the foreign key here
}

std::optional<quiz::CardState> Database::review_card(std::int64_t trainee_id, const std::string& bank_id,
                                                     const std::string& question_id) const {
    const std::string what = "cannot read the " + card_name(trainee_id, bank_id, question_id) + " in";
    const std::string sql = std::string("SELECT ") + kCardColumns +
                            " FROM review WHERE trainee_id = ?1 AND bank_id = ?2 AND question_id = ?3";
    Statement s(db_, path_, what, sql.c_str());
    s.bind(1, trainee_id);
    s.bind(2, bank_id);
    s.bind(3, question_id);
    if (!s.step()) return std::nullopt;
    quiz::CardState c = read_card(s, 0);
    if (std::string problem = card_problem(c); !problem.empty()) fail(what, path_, "damaged: " + problem);
    return c;
}

std::vector<ReviewCard> Database::due_review_cards(std::int64_t trainee_id, SimTime now) const {
    const std::string what = with_id("cannot list the review cards due for trainee", trainee_id);
    const std::string sql = std::string("SELECT bank_id, question_id, ") + kCardColumns +
                            " FROM review WHERE trainee_id = ?1 AND due <= ?2 "
                            "ORDER BY due, bank_id, question_id";
    Statement s(db_, path_, what, sql.c_str());
    s.bind(1, trainee_id);
    s.bind(2, static_cast<std::int64_t>(now));
    std::vector<ReviewCard> out;
    while (s.step()) {
        ReviewCard r;
        r.bank_id = s.text(0);
        r.question_id = s.text(1);
        r.card = read_card(s, 2);
        // One damaged card refuses the list, as a damaged row refuses any read (docs/database.md).
        if (std::string problem = card_problem(r.card); !problem.empty())
            fail(what, path_, "the " + card_name(trainee_id, r.bank_id, r.question_id) + " is damaged: " + problem);
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<score::ScoreLine> Database::score_lines(std::int64_t attempt_id) const {
    const std::string what = with_id("cannot read the score of attempt", attempt_id);
    Statement s(db_, path_, what,
                "SELECT seq, key, args, points, max_points FROM score_line "
                "WHERE attempt_id = ?1 ORDER BY seq");
    s.bind(1, attempt_id);
    std::vector<score::ScoreLine> out;
    while (s.step()) {
        score::ScoreLine line;
        line.key = s.text(1);
        auto malformed = [&] {
            fail(what, path_, "score line " + std::to_string(s.int64(0)) + " has malformed arguments");
        };
        auto args = nlohmann::json::parse(s.text(2), nullptr, false);
        if (!args.is_array()) malformed();
        for (const auto& pair : args) {
            if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() || !pair[1].is_string())
                malformed();
            line.args.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
        }
        line.points = s.real(3);
        line.max_points = s.real(4);
        out.push_back(std::move(line));
    }
    return out;
}

}  // namespace socsim::store

// ---------------------------------------------------------------------------------------------
// [SECTION] A damaged file set aside
// ---------------------------------------------------------------------------------------------

namespace socsim::store {

namespace {

// The first of PATH.corrupt-STAMP, PATH.corrupt-STAMP-2, ... that is free, together with its
// -wal and -shm names: a file set aside earlier is never overwritten.
std::filesystem::path free_corrupt_name(const std::filesystem::path& path, const std::string& stamp) {
    const std::string base = path.string() + ".corrupt-" + stamp;
    for (int n = 1;; ++n) {
        const std::string name = n == 1 ? base : base + "-" + std::to_string(n);
        std::error_code ec;
        if (!std::filesystem::exists(name, ec) && !std::filesystem::exists(name + "-wal", ec) &&
            !std::filesystem::exists(name + "-shm", ec))
            return name;
    }
}

}  // namespace

OpenedDatabase open_or_set_aside(const std::filesystem::path& path, SimTime calendar_now, int busy_timeout_ms) {
    OpenedDatabase out;
    try {
        out.db = std::make_unique<Database>(path, busy_timeout_ms);
        return out;
    } catch (const CorruptDatabase& e) {
        const std::string prefix = "cannot open " + path.string() + ": ";
        const std::string what = e.what();
        out.problem = what.starts_with(prefix) ? what.substr(prefix.size()) : what;
    }
    // The write-ahead log goes with its file: left here, SQLite would apply it to the new one.
    const std::filesystem::path kept = free_corrupt_name(path, format_compact_stamp(calendar_now));
    std::error_code ec;
    std::filesystem::rename(path, kept, ec);
    if (ec)
        fail("cannot set aside the damaged database", path, "renaming it to " + kept.string() + ": " + ec.message());
    for (const char* suffix : {"-wal", "-shm"}) {
        const std::filesystem::path side = path.string() + suffix;
        if (std::filesystem::exists(side, ec)) {
            std::filesystem::rename(side, kept.string() + suffix, ec);
            if (ec)
                fail("cannot set aside the damaged database", path,
                     std::string("renaming its ") + suffix + " file: " + ec.message());
        }
    }
    out.set_aside = kept;
    out.db = std::make_unique<Database>(path, busy_timeout_ms);
    return out;
}

}  // namespace socsim::store
