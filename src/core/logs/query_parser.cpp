// Reads the query language (see query.h and docs/query-language.md) into a Query: the search as a
// Condition, then the commands. The first mistake stops the parse and is reported with its
// column and a catalog key.
//
// [SECTION] Limits and words     sizes, the commands and functions, messages for unknown names
// [SECTION] Reading              characters, quoted strings, names, operators
// [SECTION] Expressions          AND / OR / NOT and parentheses into a syntax tree
// [SECTION] Binding              the tree against the source's fields, or a table's columns
// [SECTION] Commands             stats, sort, head, tail, where, table, dedup
// [SECTION] Entry point          Query::parse, choosing the source
#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/common/spelling.h"
#include "core/logs/query.h"

namespace socsim::logs {

// ---------------------------------------------------------------------------------------------
// [SECTION] Limits and words
// ---------------------------------------------------------------------------------------------

namespace {

// A query is typed by a person: past these it is pasted junk, and refusing it keeps the parser's
// time and stack bounded.
constexpr std::size_t kMaxQueryBytes = 64 * 1024;
constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxCount = 1'000'000'000;

constexpr std::string_view kCommands[] = {"stats", "sort", "head", "tail", "where", "table", "dedup"};
constexpr std::string_view kFunctions[] = {"count", "dc", "sum", "avg", "min", "max"};

std::string join(std::span<const std::string_view> words) {
    std::string out;
    for (auto w : words) out += (out.empty() ? "" : ", ") + std::string(w);
    return out;
}

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::optional<StatFunction> function_named(std::string_view name) {
    if (name == "count" || name == "c") return StatFunction::Count;
    if (name == "dc" || name == "distinct_count") return StatFunction::DistinctCount;
    if (name == "sum") return StatFunction::Sum;
    if (name == "avg" || name == "mean") return StatFunction::Avg;
    if (name == "min") return StatFunction::Min;
    if (name == "max") return StatFunction::Max;
    return std::nullopt;
}

const char* function_text(StatFunction f) {
    switch (f) {
        case StatFunction::Count: return "count";
        case StatFunction::DistinctCount: return "dc";
        case StatFunction::Sum: return "sum";
        case StatFunction::Avg: return "avg";
        case StatFunction::Min: return "min";
        case StatFunction::Max: return "max";
    }
    return "count";
}

std::optional<Source> source_named(std::string_view name) {
    for (int s = 0; s < kSourceCount; ++s)
        if (to_lower(name) == source_name(static_cast<Source>(s))) return static_cast<Source>(s);
    return std::nullopt;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '@'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '@'; }

// Thrown inside the parser to unwind on the first mistake; never leaves this file.
struct Stop {};

// The syntax tree of a search or a `where`, before names are looked up.
struct Ast {
    enum class Kind : std::uint8_t { Empty, And, Or, Not, Compare, Word } kind = Kind::Empty;
    std::vector<Ast> children;
    std::string name;  // Compare: field or column as written
    int name_column = 0;
    Compare op = Compare::Equal;
    std::string value;  // Compare: the value; Word: the word
    int value_column = 0;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Reading
// ---------------------------------------------------------------------------------------------

class QueryParser {
public:
    QueryParser(std::string_view text, Source source) : t_(text), source_(source) {}

    Query run();

    // The source a leading `source=NAME` term chooses, if any (before any field is looked up).
    static std::optional<Source> chosen_source(std::string_view text);

private:
    [[noreturn]] void fail(std::size_t at, std::string key, TextArgs args = {}) {
        error_ = QueryError{static_cast<int>(at) + 1, std::move(key), std::move(args)};
        throw Stop{};
    }
    [[noreturn]] void fail_column(int column, std::string key, TextArgs args = {}) {
        error_ = QueryError{column, std::move(key), std::move(args)};
        throw Stop{};
    }

    bool at_end() const { return p_ >= t_.size(); }
    char peek() const { return at_end() ? '\0' : t_[p_]; }
    void skip() {
        while (!at_end() && is_space(t_[p_])) ++p_;
    }
    // Where a term may not start: the end, a command, a closing parenthesis.
    bool at_stop() const { return at_end() || peek() == '|' || peek() == ')'; }

    bool is_delimiter(char c) const { return is_space(c) || c == '(' || c == ')' || c == '|' || c == '"'; }

    bool keyword(std::string_view kw) const {
        if (t_.substr(p_, kw.size()) != kw) return false;
        const std::size_t after = p_ + kw.size();
        return after >= t_.size() || is_delimiter(t_[after]);
    }

    // "..." with \" and \\ as escapes; any other backslash is kept (regexes need theirs).
    std::string quoted() {
        const std::size_t open = p_++;
        std::string out;
        while (!at_end() && t_[p_] != '"') {
            if (t_[p_] == '\\' && p_ + 1 < t_.size() && (t_[p_ + 1] == '"' || t_[p_ + 1] == '\\')) ++p_;
            out += t_[p_++];
        }
        if (at_end()) fail(open, "filter.unclosed_quote");
        ++p_;
        return out;
    }

    // A run of characters up to a space, a parenthesis, a bar or a quote.
    std::string bare() {
        const std::size_t start = p_;
        while (!at_end() && !is_delimiter(t_[p_])) ++p_;
        return std::string(t_.substr(start, p_ - start));
    }

    // A value after an operator: quoted, or up to a space, `)` or `|` (a `(` may be in it).
    std::string value() {
        if (peek() == '"') return quoted();
        const std::size_t start = p_;
        while (!at_end() && !is_space(t_[p_]) && t_[p_] != ')' && t_[p_] != '|' && t_[p_] != '"') ++p_;
        return std::string(t_.substr(start, p_ - start));
    }

    std::size_t name_end(std::size_t from) const {
        if (from >= t_.size() || !is_name_start(t_[from])) return from;
        std::size_t q = from + 1;
        while (q < t_.size() && is_name_char(t_[q])) ++q;
        return q;
    }

    // A field or column name; after stats also `dc(user)`. Empty when there is none here.
    std::string name(bool with_call) {
        const std::size_t end = name_end(p_);
        std::string out(t_.substr(p_, end - p_));
        p_ = end;
        if (with_call && !out.empty() && peek() == '(') {
            const std::size_t close = t_.find(')', p_);
            if (close != std::string_view::npos && close - p_ < 80) {
                out += t_.substr(p_, close + 1 - p_);
                p_ = close + 1;
            }
        }
        return out;
    }

    std::optional<std::pair<Compare, std::size_t>> op_at(std::size_t q) const {
        if (q >= t_.size()) return std::nullopt;
        const std::string_view two = t_.substr(q, 2);
        if (two == "!=") return std::pair{Compare::NotEqual, std::size_t(2)};
        if (two == "!~") return std::pair{Compare::NotRegex, std::size_t(2)};
        if (two == "<=") return std::pair{Compare::LessEqual, std::size_t(2)};
        if (two == ">=") return std::pair{Compare::GreaterEqual, std::size_t(2)};
        if (two == "==") return std::pair{Compare::Equal, std::size_t(2)};
        switch (t_[q]) {
            case '=': return std::pair{Compare::Equal, std::size_t(1)};
            case '<': return std::pair{Compare::Less, std::size_t(1)};
            case '>': return std::pair{Compare::Greater, std::size_t(1)};
            case '~': return std::pair{Compare::Regex, std::size_t(1)};
            default: return std::nullopt;
        }
    }

    // What was found at p_, for "unexpected ..." messages.
    std::string found_here() const {
        std::size_t end = p_;
        while (end < t_.size() && end - p_ < 20 && !is_space(t_[end])) ++end;
        if (end == p_) end = std::min(t_.size(), p_ + 1);
        std::string s(t_.substr(p_, end - p_));
        // Never cut a UTF-8 character in half.
        while (!s.empty() && (static_cast<unsigned char>(s.back()) & 0xC0) == 0x80 && end < t_.size() &&
               (static_cast<unsigned char>(t_[end]) & 0xC0) == 0x80) {
            s += t_[end++];
        }
        return s;
    }

    // ---------------------------------------------------------------------------------------------
    // [SECTION] Expressions
    // ---------------------------------------------------------------------------------------------

    // Splunk's order: NOT binds tightest, then OR, then AND (also the implicit AND between terms),
    // so `a b OR c` is `a AND (b OR c)`.
    Ast parse_and(int depth, bool words) {
        Ast all;
        all.kind = Ast::Kind::And;
        while (true) {
            skip();
            if (at_stop()) break;
            if (keyword("AND")) {
                if (all.children.empty()) fail(p_, "query.expected_term_before", {{"word", "AND"}});
                p_ += 3;
                skip();
                if (at_stop()) fail(p_, "query.expected_term", {{"word", "AND"}});
                continue;
            }
            if (keyword("OR")) fail(p_, "query.expected_term_before", {{"word", "OR"}});
            all.children.push_back(parse_or(depth, words));
        }
        if (all.children.empty()) return Ast{};
        if (all.children.size() == 1) return std::move(all.children.front());
        return all;
    }

    Ast parse_or(int depth, bool words) {
        Ast first = parse_not(depth, words);
        skip();
        if (!keyword("OR")) return first;
        Ast any;
        any.kind = Ast::Kind::Or;
        any.children.push_back(std::move(first));
        while (keyword("OR")) {
            p_ += 2;
            skip();
            if (at_stop() || keyword("AND") || keyword("OR")) fail(p_, "query.expected_term", {{"word", "OR"}});
            any.children.push_back(parse_not(depth, words));
            skip();
        }
        return any;
    }

    Ast parse_not(int depth, bool words) {
        if (depth > kMaxDepth) fail(p_, "query.too_deep", {{"max", std::to_string(kMaxDepth)}});
        skip();
        if (keyword("NOT")) {
            p_ += 3;
            skip();
            if (at_stop() || keyword("AND") || keyword("OR")) fail(p_, "query.expected_term", {{"word", "NOT"}});
            Ast n;
            n.kind = Ast::Kind::Not;
            n.children.push_back(parse_not(depth + 1, words));
            return n;
        }
        if (peek() == '(') {
            const std::size_t open = p_++;
            Ast inner = parse_and(depth + 1, words);
            skip();
            if (peek() != ')') {
                if (at_end() || peek() == '|') fail(open, "query.unclosed_paren");
                fail(p_, "query.unexpected", {{"text", found_here()}});
            }
            ++p_;
            if (inner.kind == Ast::Kind::Empty) fail(open, "query.empty_parens");
            return inner;
        }
        if (peek() == ',') fail(p_, "query.unexpected", {{"text", ","}});
        return parse_term(words);
    }

    // `name op value`, or a free word.
    Ast parse_term(bool words) {
        const std::size_t start = p_;
        if (peek() == '"') {
            std::string text = quoted();
            if (!words) fail(start, "query.expected_comparison");
            Ast w;
            w.kind = Ast::Kind::Word;
            w.value = std::move(text);
            w.value_column = static_cast<int>(start) + 1;
            return w;
        }
        if (is_name_start(peek())) {
            const std::size_t saved = p_;
            std::string n = name(!words);
            std::size_t q = p_;
            while (q < t_.size() && is_space(t_[q])) ++q;
            if (auto op = op_at(q)) {
                Ast c;
                c.kind = Ast::Kind::Compare;
                c.name = std::move(n);
                c.name_column = static_cast<int>(start) + 1;
                c.op = op->first;
                p_ = q + op->second;
                skip();
                if (at_end() || peek() == '|' || peek() == ')')
                    fail(p_, "filter.empty_value", {{"field", c.name}, {"op", compare_text(c.op)}});
                c.value_column = static_cast<int>(p_) + 1;
                c.value = value();
                return c;
            }
            p_ = saved;
        }
        if (!words) fail(start, "query.expected_comparison");
        Ast w;
        w.kind = Ast::Kind::Word;
        w.value_column = static_cast<int>(start) + 1;
        w.value = bare();
        if (w.value.empty()) fail(start, "query.unexpected", {{"text", found_here()}});
        return w;
    }

    // ---------------------------------------------------------------------------------------------
    // [SECTION] Binding
    // ---------------------------------------------------------------------------------------------

    [[noreturn]] void unknown_field(const std::string& name, int column) {
        const std::string suggestion = suggest_field(source_, name);
        if (!suggestion.empty())
            fail_column(column, "query.unknown_field_suggest",
                        {{"field", name}, {"suggestion", suggestion}, {"fields", field_list(source_)}});
        fail_column(column, "filter.unknown_field", {{"field", name}, {"fields", field_list(source_)}});
    }

    const Field& field(const std::string& name, int column) {
        const Field* f = find_field(source_, name);
        if (!f) unknown_field(name, column);
        return *f;
    }

    Condition compare(const Field& f, Compare op, const std::string& value, int column) {
        auto made = Condition::compare(f, op, value);
        if (auto* problem = std::get_if<ValueProblem>(&made)) fail_column(column, problem->key, problem->args);
        return std::get<Condition>(std::move(made));
    }

    Condition bind(const Ast& a) {
        switch (a.kind) {
            case Ast::Kind::Empty: return Condition();
            case Ast::Kind::Word: return Condition::word(a.value);
            case Ast::Kind::Not: return Condition::negate(bind(a.children.front()));
            case Ast::Kind::And:
            case Ast::Kind::Or: {
                std::vector<Condition> parts;
                for (const auto& c : a.children) parts.push_back(bind(c));
                return a.kind == Ast::Kind::And ? Condition::all_of(std::move(parts)) : Condition::any_of(std::move(parts));
            }
            case Ast::Kind::Compare: {
                const std::string lname = to_lower(a.name);
                if (lname == "earliest" || lname == "latest") {
                    if (a.op != Compare::Equal) fail_column(a.name_column, "query.time_op", {{"field", lname}});
                    if (lname == "latest" && to_lower(a.value) == "now") return Condition();  // nothing is newer than now
                    return compare(*find_field(source_, "time"), lname == "earliest" ? Compare::GreaterEqual : Compare::Less,
                                   a.value, a.value_column);
                }
                const Field& f = field(a.name, a.name_column);
                if (f.type == FieldType::Source && !ordered(a.op) && a.op != Compare::Regex && a.op != Compare::NotRegex &&
                    a.value.find('*') == std::string::npos && !source_named(a.value))
                    fail_column(a.value_column, "query.bad_source", {{"value", a.value}});
                return compare(f, a.op, a.value, a.value_column);
            }
        }
        return Condition();
    }

    static bool ordered(Compare op) {
        return op == Compare::Less || op == Compare::LessEqual || op == Compare::Greater || op == Compare::GreaterEqual;
    }

    // The table's columns after stats (and after a `table` that narrowed them).
    struct TableColumn {
        std::string name;
        const Field* field = nullptr;  // a by-field
    };

    const TableColumn& column_named(const std::string& name, int column) {
        const std::string lname = to_lower(name);
        for (const auto& c : columns_)
            if (to_lower(c.name) == lname) return c;
        std::vector<std::string> names;
        for (const auto& c : columns_) names.push_back(c.name);
        const std::string suggestion = closest_word(lname, names);
        if (!suggestion.empty())
            fail_column(column, "query.unknown_column_suggest", {{"column", name}, {"suggestion", suggestion}, {"columns", join(names)}});
        fail_column(column, "query.unknown_column", {{"column", name}, {"columns", join(names)}});
    }

    ColumnTest bind_columns(const Ast& a) {
        ColumnTest t;
        switch (a.kind) {
            case Ast::Kind::And:
            case Ast::Kind::Or:
            case Ast::Kind::Not:
                t.kind = a.kind == Ast::Kind::And ? ColumnTest::Kind::And
                                                  : a.kind == Ast::Kind::Or ? ColumnTest::Kind::Or : ColumnTest::Kind::Not;
                for (const auto& c : a.children) t.children.push_back(bind_columns(c));
                return t;
            case Ast::Kind::Compare: {
                const TableColumn& c = column_named(a.name, a.name_column);
                t.kind = ColumnTest::Kind::Compare;
                t.column = c.name;
                t.op = a.op;
                t.value = a.value;
                if (c.field) {
                    t.on_field = compare(*c.field, a.op, a.value, a.value_column);
                } else {
                    double x = 0;
                    auto [ptr, ec] = std::from_chars(a.value.data(), a.value.data() + a.value.size(), x);
                    if (a.op == Compare::Regex || a.op == Compare::NotRegex || ec != std::errc() ||
                        ptr != a.value.data() + a.value.size())
                        fail_column(a.value_column, "query.bad_number", {{"field", c.name}, {"value", a.value}});
                    t.number = x;
                }
                return t;
            }
            default: break;
        }
        return t;
    }

    // ---------------------------------------------------------------------------------------------
    // [SECTION] Commands
    // ---------------------------------------------------------------------------------------------

    // A name a command refers to: a field before stats, a column after; returns the canonical name.
    std::string reference(const std::string& name, int column) {
        if (stats_seen_) return column_named(name, column).name;
        return std::string(field(name, column).name);
    }

    // Names separated by commas or spaces, up to the next command: table, dedup, stats ... by.
    std::vector<std::pair<std::string, int>> name_list(const char* after) {
        std::vector<std::pair<std::string, int>> out;
        while (true) {
            skip();
            if (at_end() || peek() == '|') break;
            if (peek() == ',') {
                ++p_;
                continue;
            }
            const std::size_t at = p_;
            std::string n = name(stats_seen_);
            if (n.empty()) fail(at, "query.unexpected", {{"text", found_here()}});
            out.emplace_back(std::move(n), static_cast<int>(at) + 1);
        }
        if (out.empty()) fail(p_, "query.expected_field", {{"after", after}});
        return out;
    }

    void parse_stats(QueryCommand& cmd) {
        if (stats_seen_) fail_column(cmd.column, "query.stats_twice");
        cmd.kind = QueryCommand::Kind::Stats;
        bool by = false;
        while (true) {
            skip();
            if (at_end() || peek() == '|') break;
            if (peek() == ',') {
                ++p_;
                continue;
            }
            const std::size_t at = p_;
            const std::string word = to_lower(name(false));
            if (word.empty()) fail(at, "query.expected_function", {{"functions", join(kFunctions)}});
            if (word == "by") {
                if (cmd.statistics.empty()) fail(at, "query.expected_function", {{"functions", join(kFunctions)}});
                by = true;
                break;
            }
            const auto fn = function_named(word);
            if (!fn) {
                const std::string suggestion = closest_word(word, kFunctions);
                if (!suggestion.empty())
                    fail(at, "query.unknown_function_suggest", {{"function", word}, {"suggestion", suggestion}, {"functions", join(kFunctions)}});
                fail(at, "query.unknown_function", {{"function", word}, {"functions", join(kFunctions)}});
            }
            Statistic s;
            s.function = *fn;
            int field_column = 0;
            if (peek() == '(') {
                ++p_;
                skip();
                if (peek() != ')') {
                    field_column = static_cast<int>(p_) + 1;
                    const std::string fname = name(false);
                    if (fname.empty()) fail(p_, "query.expected_field", {{"after", word + "("}});
                    s.field = &field(fname, field_column);
                    skip();
                }
                if (peek() != ')') fail(p_, "query.expected_close", {{"function", word}});
                ++p_;
            }
            const char* fname = function_text(s.function);
            if (!s.field && s.function != StatFunction::Count) fail(at, "query.function_needs_field", {{"function", fname}});
            if (s.field) {
                const FieldType type = s.field->type;
                const bool number = type == FieldType::Number || type == FieldType::Tenths;
                if ((s.function == StatFunction::Sum || s.function == StatFunction::Avg) && !number)
                    fail_column(field_column, "query.not_numeric", {{"function", fname}, {"field", std::string(s.field->name)}});
                if ((s.function == StatFunction::Min || s.function == StatFunction::Max) && !number && type != FieldType::Time)
                    fail_column(field_column, "query.not_numeric", {{"function", fname}, {"field", std::string(s.field->name)}});
            }
            s.name = s.field ? std::string(fname) + "(" + std::string(s.field->name) + ")" : std::string(fname);
            skip();
            if (name_end(p_) == p_ + 2 && to_lower(t_.substr(p_, 2)) == "as") {
                p_ += 2;
                skip();
                const std::size_t at_name = p_;
                std::string alias = name(false);
                if (alias.empty()) fail(at_name, "query.expected_field", {{"after", "as"}});
                s.name = std::move(alias);
            }
            cmd.statistics.push_back(std::move(s));
        }
        if (cmd.statistics.empty()) fail(p_, "query.expected_function", {{"functions", join(kFunctions)}});
        if (by)
            for (const auto& [n, column] : name_list("by")) cmd.by.push_back(&field(n, column));
        stats_seen_ = true;
        columns_.clear();
        for (const Field* f : cmd.by) columns_.push_back(TableColumn{std::string(f->name), f});
        for (const auto& s : cmd.statistics) columns_.push_back(TableColumn{s.name, nullptr});
    }

    void parse_sort(QueryCommand& cmd) {
        cmd.kind = QueryCommand::Kind::Sort;
        while (true) {
            skip();
            if (at_end() || peek() == '|') break;
            if (peek() == ',') {
                ++p_;
                continue;
            }
            SortKey key;
            if (peek() == '-' || peek() == '+') {
                key.descending = peek() == '-';
                ++p_;
                skip();
            }
            const std::size_t at = p_;
            const std::string n = name(stats_seen_);
            if (n.empty()) fail(at, "query.expected_field", {{"after", "sort"}});
            key.name = reference(n, static_cast<int>(at) + 1);
            cmd.sort.push_back(std::move(key));
        }
        if (cmd.sort.empty()) fail(p_, "query.expected_field", {{"after", "sort"}});
    }

    void parse_count(QueryCommand& cmd, const std::string& command) {
        skip();
        if (at_end() || peek() == '|') return;  // head, tail: 10
        const std::size_t at = p_;
        const std::string word = bare();
        std::size_t n = 0;
        auto [ptr, ec] = std::from_chars(word.data(), word.data() + word.size(), n);
        if (word.empty() || ec != std::errc() || ptr != word.data() + word.size() || n > kMaxCount)
            fail(at, "query.expected_number", {{"command", command}});
        cmd.count = n;
    }

    void parse_where(QueryCommand& cmd) {
        cmd.kind = QueryCommand::Kind::Where;
        skip();
        if (at_end() || peek() == '|') fail(p_, "query.expected_comparison");
        const Ast a = parse_and(0, false);
        skip();
        if (peek() == ')') fail(p_, "query.unexpected_paren");
        cmd.after_stats = stats_seen_;
        if (stats_seen_)
            cmd.column_where = bind_columns(a);
        else
            cmd.where = bind(a);
    }

    void parse_command() {
        ++p_;  // the bar
        skip();
        const std::size_t at = p_;
        const std::string word = to_lower(name(false));
        if (word.empty()) fail(at, "query.expected_command", {{"commands", join(kCommands)}});
        QueryCommand cmd;
        cmd.column = static_cast<int>(at) + 1;
        cmd.after_stats = stats_seen_;
        if (word == "stats") {
            parse_stats(cmd);
        } else if (word == "sort") {
            parse_sort(cmd);
        } else if (word == "head" || word == "tail") {
            cmd.kind = word == "head" ? QueryCommand::Kind::Head : QueryCommand::Kind::Tail;
            parse_count(cmd, word);
        } else if (word == "where") {
            parse_where(cmd);
        } else if (word == "table" || word == "dedup") {
            cmd.kind = word == "table" ? QueryCommand::Kind::Table : QueryCommand::Kind::Dedup;
            for (const auto& [n, column] : name_list(word == "table" ? "table" : "dedup"))
                cmd.names.push_back(reference(n, column));
            if (cmd.kind == QueryCommand::Kind::Table && stats_seen_) {
                std::vector<TableColumn> kept;
                for (const auto& n : cmd.names)
                    for (const auto& c : columns_)
                        if (c.name == n) kept.push_back(c);
                columns_ = std::move(kept);
            }
        } else {
            const std::string suggestion = closest_word(word, kCommands);
            if (!suggestion.empty())
                fail(at, "query.unknown_command_suggest", {{"command", word}, {"suggestion", suggestion}, {"commands", join(kCommands)}});
            fail(at, "query.unknown_command", {{"command", word}, {"commands", join(kCommands)}});
        }
        skip();
        if (!at_end() && peek() != '|') fail(p_, "query.unexpected", {{"text", found_here()}});
        query_.commands_.push_back(std::move(cmd));
    }

    std::string_view t_;
    std::size_t p_ = 0;
    Source source_;
    Query query_;
    std::optional<QueryError> error_;
    bool stats_seen_ = false;
    std::vector<TableColumn> columns_;

    friend class Query;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Entry point
// ---------------------------------------------------------------------------------------------

Query QueryParser::run() {
    query_.text_ = std::string(t_);
    query_.source_ = source_;
    try {
        if (t_.size() > kMaxQueryBytes) fail(0, "query.too_long", {{"max", std::to_string(kMaxQueryBytes)}});
        const Ast search = parse_and(0, true);
        skip();
        if (peek() == ')') fail(p_, "query.unexpected_paren");
        query_.search_ = bind(search);
        while (true) {
            skip();
            if (at_end()) break;
            if (peek() != '|') fail(p_, "query.unexpected", {{"text", found_here()}});
            parse_command();
        }
    } catch (const Stop&) {
        query_.error_ = error_;
        query_.search_ = Condition();
        query_.commands_.clear();
    }
    return std::move(query_);
}

std::optional<Source> QueryParser::chosen_source(std::string_view text) {
    // Only the search's first term counts, as `index=` starts a Splunk search; a syntax error
    // here is left for the full parse to report.
    QueryParser p(text, Source::Dns);
    try {
        if (text.size() > kMaxQueryBytes) return std::nullopt;
        p.skip();
        if (!is_name_start(p.peek())) return std::nullopt;
        const Ast first = p.parse_term(true);
        if (first.kind == Ast::Kind::Compare && first.op == Compare::Equal) {
            const std::string n = to_lower(first.name);
            if (n == "source" || n == "sourcetype") return source_named(first.value);
        }
    } catch (const Stop&) {
    }
    return std::nullopt;
}

bool Query::has_stats() const {
    return std::any_of(commands_.begin(), commands_.end(), [](const QueryCommand& c) { return c.kind == QueryCommand::Kind::Stats; });
}

Query Query::parse(std::string_view text, std::optional<Source> source) {
    if (source) return QueryParser(text, *source).run();
    if (const auto chosen = QueryParser::chosen_source(text)) return QueryParser(text, *chosen).run();
    std::optional<Query> first;
    for (int s = 0; s < kSourceCount; ++s) {
        Query q = QueryParser(text, static_cast<Source>(s)).run();
        const bool unknown_field =
            !q.ok() && (q.error()->key == "filter.unknown_field" || q.error()->key == "query.unknown_field_suggest");
        if (!unknown_field) return q;
        if (!first) first = std::move(q);
    }
    return std::move(*first);
}

}  // namespace socsim::logs
