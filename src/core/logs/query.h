// The log explorer's query language, in the spirit of Splunk searches (docs/query-language.md):
//
//   qtype=TXT OR rcode=NXDOMAIN src=10.20.0.0/24 earliest=-1h | stats count by src, query | sort -count | head 10
//
// A query is a search (field comparisons, wildcards, `~` regexes, time ranges, free words,
// AND / OR / NOT with parentheses) followed by commands (`stats`, `sort`, `head`, `tail`,
// `where`, `table`, `dedup`). Query::parse checks it all and says where a mistake is, with a
// catalog key for a message in either language. A QueryRun evaluates it over one source of the
// LogStore in chunks (so the GUI can spend a budget per frame and show progress) and goes on
// with records that arrive later. Results are index lists into the store, which the UI clips and
// draws, or, after `stats`, a small table.
//
// The search compiles to a Condition (condition.h): the same matcher the filter box and the
// detection rules use.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/i18n/catalog.h"
#include "core/logs/condition.h"
#include "core/logs/fields.h"
#include "core/logs/log_store.h"
#include "core/scenario/scenario.h"

namespace socsim::logs {

// A mistake in a query: where, and what (a catalog key with its placeholders).
struct QueryError {
    int column = 0;  // 1-based byte position in the query text
    std::string key;
    TextArgs args;
};

enum class StatFunction : std::uint8_t { Count, DistinctCount, Sum, Avg, Min, Max };

// One output column of `stats`: count, dc(user), sum(bytes) ... [as name].
struct Statistic {
    StatFunction function = StatFunction::Count;
    const Field* field = nullptr;  // nullptr for a plain `count`
    std::string name;              // the column's name: "count", "dc(user)", or what `as` gave
};

struct SortKey {
    std::string name;         // a field, or after stats a column
    bool descending = false;  // `-name`
};

// A `where` after stats tests the table's columns.
struct ColumnTest {
    enum class Kind : std::uint8_t { And, Or, Not, Compare } kind = Kind::Compare;
    std::vector<ColumnTest> children;
    std::string column;     // Compare: the column's name
    Compare op = Compare::Equal;
    std::string value;
    std::optional<Condition> on_field;  // a by-field column: the test as on a record
    double number = 0;                  // a statistic's column: the number compared with
};

struct QueryCommand {
    enum class Kind : std::uint8_t { Stats, Sort, Head, Tail, Where, Table, Dedup } kind = Kind::Head;
    int column = 0;                     // where the command's name starts (1-based)
    std::vector<Statistic> statistics;  // stats
    std::vector<const Field*> by;       // stats ... by
    std::vector<SortKey> sort;          // sort
    std::size_t count = 10;             // head, tail
    std::vector<std::string> names;     // table, dedup: fields, or after stats columns
    Condition where;                    // where, before stats: on records
    std::optional<ColumnTest> column_where;  // where, after stats: on the table
    bool after_stats = false;
};

class Query {
public:
    // Parses `text` for the records of `source`. Without a source, a leading `source=firewall`
    // chooses it; else the first of dns, firewall, dhcp, auth that has every field the query
    // names (dns when none has them all, and then the error speaks of DNS's fields).
    static Query parse(std::string_view text, std::optional<Source> source = std::nullopt);

    bool ok() const { return !error_.has_value(); }
    const std::optional<QueryError>& error() const { return error_; }
    const std::string& text() const { return text_; }
    Source source() const { return source_; }
    const Condition& search() const { return search_; }
    const std::vector<QueryCommand>& commands() const { return commands_; }
    bool has_stats() const;
    bool empty() const { return search_.matches_everything() && commands_.empty(); }
    // Where the first `|` is (1-based), 0 when there are no commands.
    int first_command_column() const { return commands_.empty() ? 0 : commands_.front().column; }

private:
    friend class QueryParser;
    std::string text_;
    Source source_ = Source::Dns;
    Condition search_;
    std::vector<QueryCommand> commands_;
    std::optional<QueryError> error_;
};

// One cell of a result table. Numbers keep their value for sorting and JSON.
struct Cell {
    enum class Kind : std::uint8_t { Text, Number, Address, Time } kind = Kind::Text;
    std::string text;   // as shown
    double number = 0;  // Number: the value; Address: the address as an integer; Time: ms
};

// Makes the cells of a result table when they are asked for.
class CellMaker {
public:
    virtual ~CellMaker() = default;
    virtual Cell cell(std::size_t row, std::size_t column) const = 0;
};

// The table of `stats` and the commands after it. Cells are made when asked for, so a table of a
// million groups costs only the rows drawn (the UI clips it like the record lists).
class ResultTable {
public:
    ResultTable() = default;
    ResultTable(std::vector<std::string> columns, std::size_t rows, std::shared_ptr<const CellMaker> cells)
        : columns_(std::move(columns)), rows_(rows), cells_(std::move(cells)) {}

    const std::vector<std::string>& columns() const { return columns_; }
    std::size_t size() const { return rows_; }  // rows
    bool empty() const { return rows_ == 0; }
    Cell cell(std::size_t row, std::size_t column) const { return cells_->cell(row, column); }
    std::vector<Cell> row(std::size_t r) const {
        std::vector<Cell> out;
        for (std::size_t c = 0; c < columns_.size(); ++c) out.push_back(cell(r, c));
        return out;
    }

private:
    std::vector<std::string> columns_;
    std::size_t rows_ = 0;
    std::shared_ptr<const CellMaker> cells_;
};

// The evaluation of a query over one store; it keeps up as records arrive.
//
//   QueryRun run(query, scenario, store, engine.now());
//   while (!run.step(200'000)) { ... draw progress(), maybe next frame ... }
//   run.rows() or run.table()
//
// step() evaluates the next records of the query's source, at most `max_records` of them, and
// says whether it has caught up with the store; call it again when new records have arrived.
// Results are of what has been evaluated so far. The scenario and store must outlive the run.
class QueryRun {
public:
    QueryRun(Query query, const scenario::Scenario& scenario, const LogStore& store, SimTime now);
    ~QueryRun();
    QueryRun(QueryRun&&) noexcept;
    QueryRun& operator=(QueryRun&&) noexcept;

    bool step(std::size_t max_records = std::numeric_limits<std::size_t>::max());
    std::size_t scanned() const;  // records of the source evaluated so far
    std::size_t total() const;    // records of the source in the store now
    double progress() const;      // scanned / total, 1 when there is nothing to do
    bool caught_up() const { return scanned() >= total(); }
    std::size_t matched() const;  // records that met the search

    const Query& query() const;
    bool is_table() const;  // the query has `stats`: read table(), not rows()
    // Record indices of the result, in its order (time order unless sorted).
    const std::vector<std::uint32_t>& rows();
    // The fields to show for rows(): the source's columns, or what `table` chose.
    const std::vector<std::string>& columns() const;
    // The table of `stats` and the commands after it (stays valid after later steps). It is
    // made on this thread, which may take tens of milliseconds with 100,000s of groups.
    const ResultTable& table();
    // For a UI that must not wait: true when table() answers at once. Otherwise the groups are
    // being ordered on a worker thread (started by this call when the table is out of date);
    // meanwhile step() evaluates nothing and last_table() is the table made before.
    bool table_ready();
    const ResultTable& last_table() const;
    bool ordering() const;  // a worker is ordering the groups

private:
    struct State;
    std::unique_ptr<State> state_;
};

// What could be typed at the cursor: field names of the query's source, commands after `|`,
// functions in `stats`, keywords, and the names a name field takes (qtype=TXT).
struct Completion {
    enum class Kind : std::uint8_t { Field, Command, Function, Keyword, Value } kind = Kind::Field;
    std::string text;             // what to put in place of [replace_from, replace_to)
    std::size_t replace_from = 0;  // byte offsets in the query text
    std::size_t replace_to = 0;
};
std::vector<Completion> complete(std::string_view text, std::size_t cursor, Source source);

// The queries a trainee ran, most recent first, without repeats, at most `capacity` of them.
// to_list/from_list give the form the trainee database keeps.
class QueryHistory {
public:
    explicit QueryHistory(std::size_t capacity = 100) : capacity_(capacity) {}
    void add(std::string_view query);  // blank queries are not kept; a repeat moves to the front
    const std::vector<std::string>& entries() const { return entries_; }
    // The entries that start with `prefix` (all when empty), most recent first.
    std::vector<std::string> matching(std::string_view prefix) const;
    void clear() { entries_.clear(); }
    std::vector<std::string> to_list() const { return entries_; }
    static QueryHistory from_list(const std::vector<std::string>& list, std::size_t capacity = 100);

private:
    std::size_t capacity_;
    std::vector<std::string> entries_;
};

}  // namespace socsim::logs
