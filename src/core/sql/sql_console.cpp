// The SQL console (see sql_console.h). Sections: [tables] the schema from the field table,
// [feed] copying new records off the store, [SqlTables] the connection, its guards and the
// ingest, [SqlConsole] the worker thread.
#include "core/sql/sql_console.h"

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <utility>

#include "core/common/net.h"
#include "core/common/time.h"
#include "core/logs/fields.h"
#include "core/logs/render.h"

namespace socsim::sql {
namespace {

constexpr logs::Source kSources[] = {logs::Source::Dns, logs::Source::Firewall, logs::Source::Dhcp, logs::Source::Auth};
constexpr std::size_t kIngestChunk = 65536;  // records per transaction: a shutdown waits for one at most
constexpr int kProgressOps = 1000;           // VM steps between two looks at the clock

const char* declared_type(logs::FieldType t) {
    switch (t) {
        case logs::FieldType::Number: return "INTEGER";
        case logs::FieldType::Tenths: return "REAL";
        default: return "TEXT";
    }
}

// The word SQLite's authorizer action stands for, as the trainee wrote it.
const char* action_name(int action) {
    switch (action) {
        case SQLITE_INSERT: return "INSERT";
        case SQLITE_UPDATE: return "UPDATE";
        case SQLITE_DELETE: return "DELETE";
        case SQLITE_PRAGMA: return "PRAGMA";
        case SQLITE_ATTACH: return "ATTACH";
        case SQLITE_DETACH: return "DETACH";
        case SQLITE_TRANSACTION: return "BEGIN / COMMIT / ROLLBACK";
        case SQLITE_SAVEPOINT: return "SAVEPOINT";
        case SQLITE_ALTER_TABLE: return "ALTER TABLE";
        case SQLITE_REINDEX: return "REINDEX";
        case SQLITE_ANALYZE: return "ANALYZE";
        case SQLITE_CREATE_INDEX:
        case SQLITE_CREATE_TABLE:
        case SQLITE_CREATE_TEMP_INDEX:
        case SQLITE_CREATE_TEMP_TABLE:
        case SQLITE_CREATE_TEMP_TRIGGER:
        case SQLITE_CREATE_TEMP_VIEW:
        case SQLITE_CREATE_TRIGGER:
        case SQLITE_CREATE_VIEW:
        case SQLITE_CREATE_VTABLE: return "CREATE";
        case SQLITE_DROP_INDEX:
        case SQLITE_DROP_TABLE:
        case SQLITE_DROP_TEMP_INDEX:
        case SQLITE_DROP_TEMP_TABLE:
        case SQLITE_DROP_TEMP_TRIGGER:
        case SQLITE_DROP_TEMP_VIEW:
        case SQLITE_DROP_TRIGGER:
        case SQLITE_DROP_VIEW:
        case SQLITE_DROP_VTABLE: return "DROP";
        default: return "?";
    }
}

// Functions that reach outside the database: never for a trainee.
bool forbidden_function(std::string_view name) {
    std::string lower(name);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return lower == "load_extension" || lower == "fts3_tokenizer" || lower == "readfile" || lower == "writefile" ||
           lower == "edit";
}

// The first keyword of a statement, upper-cased, after blanks and comments ("" for none).
std::string first_word(std::string_view sql) {
    std::size_t i = 0;
    for (;;) {
        while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
        if (sql.substr(i, 2) == "--") {
            const auto eol = sql.find('\n', i);
            i = eol == std::string_view::npos ? sql.size() : eol;
        } else if (sql.substr(i, 2) == "/*") {
            const auto end = sql.find("*/", i + 2);
            i = end == std::string_view::npos ? sql.size() : end + 2;
        } else {
            break;
        }
    }
    std::string w;
    while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i])) && w.size() < 20)
        w += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
    return w;
}

// The statements a trainee may start with: queries, and EXPLAIN to see how SQLite runs one.
bool reading_keyword(std::string_view w) { return w == "SELECT" || w == "WITH" || w == "VALUES" || w == "EXPLAIN"; }

}  // namespace

// ---- [tables] ---------------------------------------------------------------------------------

const std::vector<SqlTable>& sql_tables() {
    static const std::vector<SqlTable> tables = [] {
        std::vector<SqlTable> out;
        for (auto s : kSources) {
            SqlTable t{s, logs::source_name(s), {}};
            for (const auto& f : logs::fields_of(s)) {
                if (f.type == logs::FieldType::Source) continue;  // the table says it
                t.columns.push_back({std::string(f.name), declared_type(f.type)});
                if (f.type == logs::FieldType::Time) t.columns.push_back({"ts", "REAL"});
            }
            out.push_back(std::move(t));
        }
        return out;
    }();
    return tables;
}

std::string SqlResult::message(const Catalog& tr, const SqlLimits& limits) const {
    if (error_key.empty()) return {};
    const TextArgs args = {{"what", what},
                           {"limit", format_duration(limits.time_limit.count())},
                           {"max", std::to_string(limits.max_sql_length)}};
    std::string m = tr.format(error_key, args);
    if (!detail.empty()) m += " (SQLite: " + detail + ")";
    return m;
}

// ---- [feed] -----------------------------------------------------------------------------------

void take_new_records(const logs::LogStore& store, FeedCursor& cursor, RecordBatch& into, std::size_t max_records) {
    // A store cleared for streaming starts its indices again: what was taken stays taken.
    if (store.size() < cursor.records) cursor.records = store.size();
    const auto& events = store.events();
    const std::size_t end = events.size() - cursor.records <= max_records ? events.size() : cursor.records + max_records;
    into.events.insert(into.events.end(), events.begin() + static_cast<std::ptrdiff_t>(cursor.records),
                       events.begin() + static_cast<std::ptrdiff_t>(end));
    cursor.records = end;
    const auto& pool = store.strings();
    if (into.strings.empty()) into.first_string = static_cast<std::uint32_t>(cursor.strings);
    for (std::size_t id = cursor.strings; id < pool.size(); ++id)
        into.strings.emplace_back(pool.get(static_cast<std::uint32_t>(id)));
    cursor.strings = std::max(cursor.strings, pool.size());
}

// ---- [SqlTables] ------------------------------------------------------------------------------

SqlTables::SqlTables(const scenario::Scenario& scenario, SqlLimits limits) : scenario_(scenario), limits_(limits) {
    // Its own private in-memory database: nothing else can open it, and it holds only the logs.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY | SQLITE_OPEN_NOMUTEX |
                      SQLITE_OPEN_PRIVATECACHE | SQLITE_OPEN_EXRESCODE;
    if (sqlite3_open_v2(":memory:", &db_, flags, nullptr) != SQLITE_OK) {
        const std::string why = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw std::runtime_error("SQL console: cannot open an in-memory database: " + why);
    }
    try {
        configure();
    } catch (...) {
        for (auto*& s : insert_) sqlite3_finalize(std::exchange(s, nullptr));
        sqlite3_close(std::exchange(db_, nullptr));
        throw;
    }
    renderer_ = std::make_unique<logs::Renderer>(scenario_, strings_);
}

void SqlTables::configure() {
    // Defensive mode keeps SQL from rewriting or corrupting the schema; no triggers, no
    // extensions; attaching another file (the trainee database, say) is impossible.
    sqlite3_db_config(db_, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_db_config(db_, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_limit(db_, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_limit(db_, SQLITE_LIMIT_LENGTH, limits_.max_value_length);
    sqlite3_limit(db_, SQLITE_LIMIT_SQL_LENGTH, std::max(limits_.max_sql_length, 4096));
    // Nothing to roll back (trainees only read) and nothing spills to temporary files.
    exec_trusted("PRAGMA journal_mode=OFF");
    exec_trusted("PRAGMA temp_store=MEMORY");
    for (const auto& t : sql_tables()) {
        std::string create = "CREATE TABLE " + t.name + " (";
        std::string insert = "INSERT INTO " + t.name + " VALUES (";
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            create += (c ? ", " : "") + t.columns[c].name + " " + t.columns[c].type;
            insert += c ? ", ?" : "?";
        }
        exec_trusted((create + ")").c_str());
        if (sqlite3_prepare_v3(db_, (insert + ")").c_str(), -1, SQLITE_PREPARE_PERSISTENT,
                               &insert_[static_cast<int>(t.source)], nullptr) != SQLITE_OK)
            throw std::runtime_error(std::string("SQL console: ") + sqlite3_errmsg(db_));
    }
    sqlite3_set_authorizer(db_, &SqlTables::authorize, this);
    sqlite3_progress_handler(db_, kProgressOps, &SqlTables::progress, this);
}

SqlTables::~SqlTables() {
    for (auto* s : insert_) sqlite3_finalize(s);
    sqlite3_close(db_);
}

void SqlTables::exec_trusted(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string why = error ? error : "?";
        sqlite3_free(error);
        throw std::runtime_error("SQL console: " + why);
    }
}

int SqlTables::authorize(void* self, int action, const char* a, const char* b, const char* /*db*/,
                         const char* /*trigger*/) {
    auto& t = *static_cast<SqlTables*>(self);
    if (!t.trainee_) return SQLITE_OK;  // our own schema and inserts
    switch (action) {
        case SQLITE_SELECT:
        case SQLITE_READ:  // sqlite_schema included: it shows only the four CREATE TABLEs
        case SQLITE_RECURSIVE: return SQLITE_OK;
        case SQLITE_FUNCTION:
            if (b && forbidden_function(b)) {
                t.refused_ = b;
                return SQLITE_DENY;
            }
            return SQLITE_OK;
        default:
            // SQLite's own bookkeeping (an INSERT into sqlite_master for a CREATE) says less than
            // the statement's own action, which may come next.
            if (a && std::string_view(a).starts_with("sqlite_") &&
                (action == SQLITE_INSERT || action == SQLITE_UPDATE || action == SQLITE_DELETE)) {
                if (t.refused_.empty()) t.refused_ = std::string(action_name(action)) + " " + a;
            } else if (t.refused_.empty() || t.refused_.find(" sqlite_") != std::string::npos) {
                t.refused_ = action_name(action);
            }
            return SQLITE_DENY;
    }
}

int SqlTables::progress(void* self) {
    auto& t = *static_cast<SqlTables*>(self);
    if (!t.trainee_) return 0;
    if (t.cancel_ && t.cancel_->load(std::memory_order_relaxed)) return 1;
    if (std::chrono::steady_clock::now() > t.deadline_) {
        t.timed_out_ = true;
        return 1;
    }
    return 0;
}

void SqlTables::interrupt() { sqlite3_interrupt(db_); }

const std::string* SqlTables::name_of(const logs::Event& e, std::size_t field_index, const logs::Field& f) {
    if (f.type == logs::FieldType::Mac) {
        if (macs_.empty()) macs_.resize(scenario_.network.hosts.size() + 1);
        std::string& m = macs_[std::min<std::size_t>(e.host, macs_.size() - 1)];
        if (m.empty()) m = renderer_->field(e, f.name);  // "-" for no device
        return &m;
    }
    const auto code = static_cast<std::uint64_t>(logs::raw_value(f.slot, e));
    if (names_.empty()) {
        names_.resize(logs::kSourceCount * kMaxFields * 256);
        named_.resize(names_.size());
    }
    if (code > 255 || field_index >= kMaxFields) return nullptr;
    const std::size_t at = (static_cast<std::size_t>(e.source) * kMaxFields + field_index) * 256 + code;
    if (!named_[at]) {
        names_[at] = renderer_->field(e, f.name);
        named_[at] = true;
    }
    return &names_[at];
}

void SqlTables::insert(const logs::Event& e) {
    sqlite3_stmt* st = insert_[static_cast<int>(e.source)];
    if (!st) return;
    // Text lives until the step: time and addresses in these buffers, names in the cache.
    char stamp[kTimeTextMax];
    char addresses[3][kIpv4TextMax + 1];
    int address = 0, p = 1;
    std::size_t index = 0;
    for (const auto& f : logs::fields_of(e.source)) {
        const std::size_t field_index = index++;
        switch (f.type) {
            case logs::FieldType::Time: {
                const char* end = write_iso8601(stamp, e.time, scenario_.utc_offset_minutes);
                sqlite3_bind_text(st, p++, stamp, static_cast<int>(end - stamp), SQLITE_STATIC);
                sqlite3_bind_double(st, p++, static_cast<double>(e.time) / 1000.0);
                break;
            }
            case logs::FieldType::Text: {
                const std::string_view s = strings_.strings().get(e.text);
                sqlite3_bind_text(st, p++, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
                break;
            }
            case logs::FieldType::Address: {
                const auto ip = static_cast<Ipv4>(logs::raw_value(f.slot, e));
                if ((f.zero_is_none && ip == 0) || address == 3) {
                    sqlite3_bind_null(st, p++);
                    break;
                }
                char* out = addresses[address++];
                sqlite3_bind_text(st, p++, out, static_cast<int>(write_ipv4(out, ip) - out), SQLITE_STATIC);
                break;
            }
            case logs::FieldType::Number: sqlite3_bind_int64(st, p++, logs::raw_value(f.slot, e)); break;
            case logs::FieldType::Tenths:
                sqlite3_bind_double(st, p++, static_cast<double>(logs::raw_value(f.slot, e)) / 10.0);
                break;
            case logs::FieldType::Name:
            case logs::FieldType::Mac: {
                const std::string* s = name_of(e, field_index, f);  // the Renderer's words, remembered
                if (!s) {
                    const std::string text = renderer_->field(e, f.name);
                    sqlite3_bind_text(st, p++, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
                } else if (f.type == logs::FieldType::Mac && *s == "-") {
                    sqlite3_bind_null(st, p++);
                } else {
                    sqlite3_bind_text(st, p++, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
                }
                break;
            }
            case logs::FieldType::Source: break;
        }
    }
    if (sqlite3_step(st) == SQLITE_DONE) ++records_;
    sqlite3_reset(st);
}

void SqlTables::ingest(const RecordBatch& batch, const std::atomic<bool>* stop) {
    // The pool's strings come first, id for id, so the records' text ids mean the same here.
    auto& pool = strings_.strings();
    for (std::size_t i = 0; i < batch.strings.size(); ++i)
        if (batch.first_string + i >= pool.size()) pool.intern(batch.strings[i]);
    for (std::size_t begin = 0; begin < batch.events.size(); begin += kIngestChunk) {
        if (stop && stop->load()) return;
        const std::size_t end = std::min(batch.events.size(), begin + kIngestChunk);
        exec_trusted("BEGIN");
        for (std::size_t i = begin; i < end; ++i) insert(batch.events[i]);
        exec_trusted("COMMIT");
    }
}

SqlResult SqlTables::run(std::string_view sql, const std::atomic<bool>* cancel) {
    SqlResult r;
    r.sql = std::string(sql);
    const auto started = std::chrono::steady_clock::now();
    const auto finish = [&](SqlOutcome outcome, const char* key, bool with_detail) {
        r.outcome = outcome;
        r.error_key = key ? key : "";
        if (with_detail) r.detail = sqlite3_errmsg(db_);
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        trainee_ = false;
        cancel_ = nullptr;
        return r;
    };
    if (sql.size() > static_cast<std::size_t>(limits_.max_sql_length)) return finish(SqlOutcome::Refused, "sql.too_long", false);
    // SQLite would stop reading at a NUL byte and never look at what follows: refuse it instead.
    if (sql.find('\0') != std::string_view::npos) {
        r.what = "NUL";
        return finish(SqlOutcome::Refused, "sql.refused", false);
    }
    trainee_ = true;
    refused_.clear();
    timed_out_ = false;
    cancel_ = cancel;
    deadline_ = started + limits_.time_limit;

    // Only a query may start (SELECT, WITH, VALUES, EXPLAIN). Compiling is safe, it runs nothing:
    // a typo is reported as SQLite's syntax error, a write by its own keyword.
    const std::string keyword = first_word(sql);
    const bool query = keyword.empty() || reading_keyword(keyword);
    sqlite3_stmt* st = nullptr;
    const char* tail = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), 0, &st, &tail) != SQLITE_OK) {
        if (refused_.empty()) return finish(SqlOutcome::Error, "sql.error", true);
        r.what = query ? refused_ : keyword;
        return finish(SqlOutcome::Refused, "sql.refused", true);
    }
    if (!st) return finish(SqlOutcome::Refused, "sql.empty", false);
    if (!query) {
        sqlite3_finalize(st);
        r.what = keyword;
        return finish(SqlOutcome::Refused, "sql.refused", false);
    }
    // Anything after the first statement but blanks and comments is a second statement: prepared
    // (never run) to tell one from the other, and refused either way.
    const std::string_view rest = sql.substr(static_cast<std::size_t>(tail - sql.data()));
    sqlite3_stmt* second = nullptr;
    const int second_rc = sqlite3_prepare_v3(db_, rest.data(), static_cast<int>(rest.size()), 0, &second, nullptr);
    if (second_rc != SQLITE_OK || second) {
        sqlite3_finalize(second);
        sqlite3_finalize(st);
        return finish(SqlOutcome::Refused, "sql.two_statements", false);
    }
    refused_.clear();
    // SQLite's own word that it only reads: catches what the authorizer has no code for (VACUUM).
    if (!sqlite3_stmt_readonly(st)) {
        sqlite3_finalize(st);
        r.what = keyword;
        return finish(SqlOutcome::Refused, "sql.refused", false);
    }
    const int ncol = sqlite3_column_count(st);
    for (int c = 0; c < ncol; ++c) {
        const char* name = sqlite3_column_name(st, c);
        r.columns.emplace_back(name ? name : "");
    }
    int rc;
    std::size_t rows = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (rows == limits_.max_rows) {
            r.truncated = true;
            break;
        }
        for (int c = 0; c < ncol; ++c) {
            if (sqlite3_column_type(st, c) == SQLITE_NULL) {
                r.cells.emplace_back(std::nullopt);
                continue;
            }
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st, c));
            r.cells.emplace_back(std::string(text ? text : "", static_cast<std::size_t>(sqlite3_column_bytes(st, c))));
        }
        ++rows;
    }
    if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
        sqlite3_finalize(st);
        return finish(SqlOutcome::Rows, nullptr, false);
    }
    const bool interrupted = (rc & 0xff) == SQLITE_INTERRUPT;
    std::string detail = sqlite3_errmsg(db_);
    sqlite3_finalize(st);
    r.cells.clear();
    if (interrupted) return finish(timed_out_ ? SqlOutcome::TimedOut : SqlOutcome::Cancelled,
                                   timed_out_ ? "sql.timed_out" : "sql.cancelled", false);
    finish(SqlOutcome::Error, "sql.error", false);
    r.detail = detail;
    return r;
}

// ---- [SqlConsole] -----------------------------------------------------------------------------

SqlConsole::SqlConsole(const scenario::Scenario& scenario, SqlLimits limits)
    : limits_(limits), tables_(std::make_unique<SqlTables>(scenario, limits)), worker_([this] { work(); }) {}

SqlConsole::~SqlConsole() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
        cancel_ = true;
        if (in_query_) tables_->interrupt();
    }
    wake_.notify_all();
    worker_.join();
}

void SqlConsole::feed(const logs::LogStore& store, std::size_t max_records) {
    RecordBatch batch;
    take_new_records(store, cursor_, batch, max_records);
    if (!batch.empty()) feed(std::move(batch));
}

void SqlConsole::feed(RecordBatch batch) {
    {
        std::lock_guard lock(mutex_);
        if (pending_.empty()) {
            pending_ = std::move(batch);
        } else {
            pending_.events.insert(pending_.events.end(), batch.events.begin(), batch.events.end());
            if (pending_.strings.empty()) pending_.first_string = batch.first_string;
            for (auto& s : batch.strings) pending_.strings.push_back(std::move(s));
        }
    }
    wake_.notify_one();
}

bool SqlConsole::run(std::string sql) {
    {
        std::lock_guard lock(mutex_);
        if (running_) return false;
        query_ = std::move(sql);
        running_ = true;
        cancel_ = false;
        started_ = std::chrono::steady_clock::now();
    }
    wake_.notify_one();
    return true;
}

void SqlConsole::cancel() {
    std::lock_guard lock(mutex_);
    if (!running_) return;
    cancel_ = true;
    if (in_query_) tables_->interrupt();
}

SqlStatus SqlConsole::status() const {
    std::lock_guard lock(mutex_);
    SqlStatus s;
    s.running = running_;
    if (running_) s.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    s.records = records_;
    s.pending = pending_.events.size() + in_flight_;
    s.finished = finished_;
    s.result = result_;
    return s;
}

void SqlConsole::wait_idle() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [&] { return pending_.empty() && !running_ && !ingesting_; });
}

void SqlConsole::work() {
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [&] { return stop_ || !pending_.empty() || query_.has_value(); });
        if (stop_) break;
        if (!pending_.empty()) {
            // Records first: a query sees everything fed before it was started.
            RecordBatch batch = std::move(pending_);
            pending_ = RecordBatch{};
            ingesting_ = true;
            in_flight_ = batch.events.size();
            lock.unlock();
            tables_->ingest(batch, &stop_);
            lock.lock();
            ingesting_ = false;
            in_flight_ = 0;
            records_ = tables_->records();
        } else {
            const std::string sql = std::move(*query_);
            query_.reset();
            in_query_ = true;
            lock.unlock();
            auto result = std::make_shared<SqlResult>(tables_->run(sql, &cancel_));
            lock.lock();
            in_query_ = false;
            running_ = false;
            result_ = std::move(result);
            ++finished_;
        }
        if (pending_.empty() && !running_) idle_.notify_all();
    }
    idle_.notify_all();
}

}  // namespace socsim::sql
