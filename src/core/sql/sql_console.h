// The SQL console: read-only SQL (SQLite) over the records the trainee has seen so far, one table
// per source (dns, firewall, dhcp, auth) with the log explorer's fields as columns.
//
// The console keeps its own in-memory SQLite connection, never the trainee database, and the
// ground truth is never in it: it is fed from the LogStore, which is exactly what the trainee sees.
// A trainee's statement may only read: an authorizer refuses anything but SELECT, reads and
// functions (no INSERT, PRAGMA, ATTACH, transactions...), a prepared statement must also be
// read-only by SQLite's own account, one statement per run, rows capped, and a statement that runs
// past the time limit is interrupted. docs/sql-console.md lists the tables, limits and refusals.
//
// Two layers: `SqlTables` is the connection itself, synchronous and single-threaded (tests and the
// benchmark drive it directly); `SqlConsole` runs it on a worker thread so the GUI never waits for
// a query: the main thread hands over copies of the new records, the worker owns the connection.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/i18n/catalog.h"
#include "core/logs/fields.h"
#include "core/logs/log_store.h"
#include "core/scenario/scenario.h"

struct sqlite3;
struct sqlite3_stmt;

namespace socsim::logs {
class Renderer;
}

namespace socsim::sql {

struct SqlLimits {
    std::chrono::milliseconds time_limit{2000};  // a statement running longer is interrupted (real time)
    std::size_t max_rows = 1000;                 // rows kept of a result; more sets `truncated`
    int max_sql_length = 20000;                  // bytes of SQL text accepted
    int max_value_length = 1000000;              // bytes of one string or blob a query may build
};

// One column of a console table, for the schema the panel shows.
struct SqlColumn {
    std::string name;  // "query"
    std::string type;  // SQLite's declared type: TEXT, INTEGER, REAL
};
struct SqlTable {
    logs::Source source;
    std::string name;  // "dns", as in source_name()
    std::vector<SqlColumn> columns;
};
// The tables and columns, in order: the log explorer's fields of each source (logs/fields.h), the
// time both as ISO 8601 text (`time`) and as seconds since the epoch (`ts`).
const std::vector<SqlTable>& sql_tables();

enum class SqlOutcome : std::uint8_t {
    Rows,      // the statement ran to the end (or to the row cap)
    Refused,   // not a single read-only statement: nothing ran
    Error,     // SQLite could not prepare or run it (syntax, unknown column...)
    TimedOut,  // interrupted at the time limit
    Cancelled, // interrupted by the trainee
};

struct SqlResult {
    SqlOutcome outcome = SqlOutcome::Rows;
    std::string sql;                                // what was run
    std::vector<std::string> columns;               // result column names
    std::vector<std::optional<std::string>> cells;  // row-major, columns.size() per row; nullopt is NULL
    bool truncated = false;                         // more rows than the limit: only the first are kept
    std::string error_key;                          // catalog key of the message ("" when it ran)
    std::string what;                               // what was refused: "PRAGMA", "INSERT", "load_extension"...
    std::string detail;                             // SQLite's own message, appended to ours
    double seconds = 0;                             // how long it ran

    std::size_t row_count() const { return columns.empty() ? 0 : cells.size() / columns.size(); }
    const std::optional<std::string>& cell(std::size_t row, std::size_t column) const {
        return cells[row * columns.size() + column];
    }
    bool ok() const { return outcome == SqlOutcome::Rows; }
    // The message for the trainee in the catalog's language, SQLite's own words appended.
    std::string message(const Catalog& tr, const SqlLimits& limits) const;
};

// New records as the main thread copies them out of the LogStore: the records and the strings the
// store interned since the last hand-over, so the worker never reads the store (which the main
// thread keeps appending to) and its own string pool stays id for id the same.
struct RecordBatch {
    std::vector<logs::Event> events;
    std::uint32_t first_string = 0;    // the StringPool id of strings[0]
    std::vector<std::string> strings;  // the pool's strings from first_string on

    bool empty() const { return events.empty() && strings.empty(); }
};

// Takes the records and strings of `store` that `cursor` has not yet seen and moves the cursor:
// at most `max_records` records (every new string, so the records taken can all be read).
// Called on the thread that appends to the store.
struct FeedCursor {
    std::size_t records = 0;
    std::size_t strings = 1;  // id 0 is the empty string, in every pool
};
void take_new_records(const logs::LogStore& store, FeedCursor& cursor, RecordBatch& into,
                      std::size_t max_records = SIZE_MAX);

// The console's SQLite connection, its four tables and the trainee's statements. Not thread-safe:
// one thread owns it (SqlConsole's worker, or a test). Throws std::runtime_error if SQLite cannot
// open an in-memory database at all.
class SqlTables {
public:
    explicit SqlTables(const scenario::Scenario& scenario, SqlLimits limits = {});
    ~SqlTables();
    SqlTables(const SqlTables&) = delete;
    SqlTables& operator=(const SqlTables&) = delete;

    // Inserts the batch's records, one transaction per chunk. `stop` (may be null) is checked
    // between chunks, so a shutdown does not wait for a large first batch.
    void ingest(const RecordBatch& batch, const std::atomic<bool>* stop = nullptr);
    std::size_t records() const { return records_; }  // records ingested so far

    // Runs one trainee statement to its end, the row cap, the time limit or `cancel`.
    SqlResult run(std::string_view sql, const std::atomic<bool>* cancel = nullptr);
    // Interrupts the running statement from another thread (sqlite3_interrupt is safe to call so).
    // Only while a trainee's statement runs: an interrupted INSERT would lose records.
    void interrupt();
    const SqlLimits& limits() const { return limits_; }

private:
    static int authorize(void* self, int action, const char* a, const char* b, const char* db, const char* trigger);
    static int progress(void* self);
    void configure();  // limits, pragmas, the tables and their INSERTs, the guards
    void exec_trusted(const char* sql);
    void insert(const logs::Event& e);
    // The Renderer's text of a name field (a code) or a MAC, asked once per distinct code or
    // device: a name depends only on its code, and an ingest meets the same few codes millions of times.
    // Null for a value that is not a small code (never so far): the caller renders it itself.
    const std::string* name_of(const logs::Event& e, std::size_t field_index, const logs::Field& f);

    scenario::Scenario scenario_;  // a copy: the worker must not share the attempt's
    SqlLimits limits_;
    logs::LogStore strings_;       // holds only the strings, id for id the store's (the Renderer reads them)
    std::unique_ptr<logs::Renderer> renderer_;  // over scenario_ and strings_: names of codes, MACs
    sqlite3* db_ = nullptr;
    sqlite3_stmt* insert_[logs::kSourceCount] = {};
    std::size_t records_ = 0;
    static constexpr std::size_t kMaxFields = 16;
    std::vector<std::string> names_;        // [source][field][code], filled as met
    std::vector<bool> named_;               // which of names_ are filled
    std::vector<std::string> macs_;         // by host index; "" until met
    // While a trainee's statement is prepared or run (the authorizer and the progress handler
    // apply only then; our own CREATE and INSERT are trusted).
    bool trainee_ = false;
    std::string refused_;           // what the authorizer refused, for the message
    std::chrono::steady_clock::time_point deadline_{};
    const std::atomic<bool>* cancel_ = nullptr;
    bool timed_out_ = false;
};

// What the GUI polls each frame.
struct SqlStatus {
    bool running = false;                      // a statement is being run (or waits for the ingest)
    double elapsed_seconds = 0;                // of the running statement
    std::size_t records = 0;                   // records in the tables so far
    std::size_t pending = 0;                   // records handed over, not yet in the tables
    std::uint64_t finished = 0;                // how many runs have finished: a new result when it grows
    std::shared_ptr<const SqlResult> result;   // the last finished run's, or null
};

class SqlConsole {
public:
    explicit SqlConsole(const scenario::Scenario& scenario, SqlLimits limits = {});
    // Interrupts a running statement and joins the worker.
    ~SqlConsole();
    SqlConsole(const SqlConsole&) = delete;
    SqlConsole& operator=(const SqlConsole&) = delete;

    // Hands over the records the store received since the last call (main thread, cheap: copies),
    // at most `max_records` of them: the GUI hands a store of millions over a few frames.
    void feed(const logs::LogStore& store, std::size_t max_records = SIZE_MAX);
    // Whether the worker has taken what was fed before: feeding more only then keeps the batch
    // waiting for it small (appending to a pending batch of millions copied it, in the frame).
    bool wants_records() const {
        std::lock_guard lock(mutex_);
        return pending_.empty();
    }
    // Hands over an already taken batch (the benchmark).
    void feed(RecordBatch batch);
    // Starts a statement; it sees every record fed before. False while another one runs.
    bool run(std::string sql);
    // Interrupts the running statement; its result says Cancelled.
    void cancel();
    SqlStatus status() const;
    // Blocks until nothing is pending or running (tests and the benchmark; the GUI polls instead).
    void wait_idle();
    const SqlLimits& limits() const { return limits_; }

private:
    void work();

    SqlLimits limits_;
    FeedCursor cursor_;  // main thread only
    std::unique_ptr<SqlTables> tables_;  // worker only, once started

    mutable std::mutex mutex_;
    std::condition_variable wake_;   // work for the worker
    std::condition_variable idle_;   // the worker has nothing left to do
    RecordBatch pending_;            // fed, not yet ingested
    std::optional<std::string> query_;  // to run next
    bool running_ = false;           // a query is queued or running
    bool in_query_ = false;          // the worker is inside SqlTables::run (cancel may interrupt)
    bool ingesting_ = false;
    std::size_t in_flight_ = 0;      // records of the batch being ingested
    std::chrono::steady_clock::time_point started_{};
    std::size_t records_ = 0;
    std::uint64_t finished_ = 0;
    std::shared_ptr<const SqlResult> result_;
    std::atomic<bool> stop_{false};
    std::atomic<bool> cancel_{false};
    std::thread worker_;  // last: starts once the members above exist
};

}  // namespace socsim::sql
