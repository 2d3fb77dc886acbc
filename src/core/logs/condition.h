// A condition on log records, and the scan that tests it fast.
//
// Everything that picks records compiles to a Condition: the log explorer's search and its
// `| where`, the filter box, and the selections of detection rules (detect/rule.h). There is
// one matcher, so `query=*.net` means the same in a query and in a rule.
//
// A ConditionScan tests a Condition over the compact records without rendering them: a pattern
// on a text field is evaluated once per distinct interned string (a table indexed by StringPool
// id), a name field (qtype, rcode...) by a 256-entry table of its codes, an address against an
// integer range or subnet mask, a number or a time against integer bounds. Only free words,
// which match anywhere in the raw line, render the line. Records are tested in blocks with
// selection lists (an AND hands each test only the records the previous ones kept), so a search
// costs about one pass over the records it looks at.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/i18n/catalog.h"
#include "core/logs/fields.h"
#include "core/logs/render.h"

namespace socsim::logs {

enum class Compare : std::uint8_t { Equal, NotEqual, Less, LessEqual, Greater, GreaterEqual, Regex, NotRegex };
const char* compare_text(Compare op);  // "=", "!=", "<", "<=", ">", ">=", "~", "!~"

// Why a value does not suit a field: a catalog key (query.bad_number...) and its placeholders.
struct ValueProblem {
    std::string key;
    TextArgs args;
};

struct MatchOptions {
    bool case_sensitive = false;  // patterns and regexes; queries ignore case, Sigma's `re` does not
};

class Condition {
public:
    Condition();  // matches every record

    // A free word: anywhere in the raw line, without regard to case; `*` is a wildcard.
    static Condition word(std::string_view text);
    // `field op value`, checked against the field's type here (numbers, addresses, subnets,
    // times, regexes) so that a mistake is reported where it was written. Values of text and
    // name fields are patterns: `*` matches any run of characters, the rest must match whole.
    static std::variant<Condition, ValueProblem> compare(const Field& field, Compare op, std::string_view value,
                                                         MatchOptions options = {});
    static Condition all_of(std::vector<Condition> parts);  // AND; all_of({}) matches everything
    static Condition any_of(std::vector<Condition> parts);  // OR; any_of({}) matches nothing
    static Condition negate(Condition c);                   // NOT

    bool matches_everything() const;
    bool uses_raw_line() const;  // holds a free word (the slow part of a search)
    // A canonical text of the tree, for tests and debugging: AND(query="x", OR(word("a"), ...)).
    std::string describe() const;

    struct Node;
    const Node& node() const { return *node_; }

private:
    explicit Condition(std::shared_ptr<const Node> node) : node_(std::move(node)) {}
    std::shared_ptr<const Node> node_;
};

// Checks a time as written in a search (`now`, `-15m`, `-1d@d`, `@h`, `2026-03-02 09:00`, `09:00`)
// and resolves it against the simulation's now, in local time at `utc_offset_minutes`.
std::optional<TimeSpan> resolve_time(std::string_view text, int utc_offset_minutes, SimTime now);

// Tests one Condition over records of one store, learning as it goes: what it found out about each
// distinct string, code or host is kept, so scanning new records later costs only those records.
// `now` resolves relative times (`earliest=-15m`). Holds references to the renderer's scenario
// and store: they must outlive it. Not thread-safe.
class ConditionScan {
public:
    ConditionScan(const Condition& condition, const Renderer& renderer, SimTime now);
    ~ConditionScan();
    ConditionScan(ConditionScan&&) noexcept;
    ConditionScan& operator=(ConditionScan&&) noexcept;

    // Appends to `out` those of the record indices `indices[0..n)` (ascending) that meet the
    // condition, in the same order.
    void select(const std::uint32_t* indices, std::size_t n, std::vector<std::uint32_t>& out);
    // One record, which need not be in the store (stats test their groups this way).
    bool matches(const Event& e);

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Case-insensitive match with `*` wildcards; without a `*` the whole text must be equal.
bool wildcard_match(std::string_view pattern_lower, std::string_view text);
bool contains_ignore_case(std::string_view text, std::string_view needle_lower);

}  // namespace socsim::logs
