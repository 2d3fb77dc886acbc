// Reads detection rules, a subset of the Sigma format (see rule.h and docs/detection-rules.md),
// and reports every mistake it can find at once with file:line:col.
//
// [SECTION] Limits and words     sizes, the keys and values a rule may hold
// [SECTION] Reader               diagnostics with 1-based positions
// [SECTION] Log sources          Sigma's category / product / service -> socsim's sources
// [SECTION] Selections           field|modifier: value maps into Conditions
// [SECTION] Condition            and / or / not, `1 of x*`, `all of them`, `| count() by f > n`
// [SECTION] The rule             the top-level keys
// [SECTION] Entry points         load_rule_text, load_rule_file, load_rules
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "core/common/spelling.h"
#include "core/common/yaml_documents.h"
#include "core/detect/rule.h"
#include "core/i18n/catalog.h"

namespace socsim::detect {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Limits and words
// ---------------------------------------------------------------------------------------------

// A rule past these is a mistake or a hostile file; refusing it keeps loading bounded.
constexpr std::uintmax_t kMaxFileBytes = 1024 * 1024;
constexpr std::size_t kMaxSelections = 200;
constexpr std::size_t kMaxValues = 5000;
constexpr std::size_t kMaxConditionBytes = 4096;
constexpr int kMaxDepth = 64;
constexpr Millis kMaxTimeframe = 7 * kDay;

using Names = std::vector<std::string>;

const Names kTopKeys = {"title", "id",   "status", "description", "references", "author",  "date",      "modified",
                        "tags",  "logsource", "detection", "falsepositives", "level", "fields", "related", "license",
                        "timeframe", "title_ja", "description_ja", "falsepositives_ja"};
const Names kLogsourceKeys = {"category", "product", "service", "definition"};
const Names kLevels = {"informational", "low", "medium", "high", "critical"};
const Names kStatuses = {"stable", "test", "experimental", "deprecated", "unsupported"};
const Names kModifiers = {"contains", "startswith", "endswith", "all", "re", "i", "cidr", "gt", "gte", "lt", "lte", "cased"};

std::string join(const Names& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string did_you_mean(std::string_view word, const Names& options) {
    const std::string found = closest_word(word, options);
    return found.empty() ? std::string() : "; did you mean '" + found + "'?";
}

// At most 60 bytes of a value as written, never cutting a UTF-8 character.
std::string shown(std::string_view text) {
    if (text.size() <= 60) return std::string(text);
    std::size_t end = 60;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return std::string(text.substr(0, end)) + "...";
}

std::string found(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map: return "a map";
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Scalar: return "the text \"" + shown(node.Scalar()) + "\"";
        default: return "nothing";
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Reader
// ---------------------------------------------------------------------------------------------

class Reader {
public:
    explicit Reader(std::string file) : file_(std::move(file)) {}

    // yaml-cpp marks are 0-based; people and editors count from 1.
    void at(const YAML::Mark& mark, std::string message, int column_offset = 0) {
        Diagnostic d;
        d.file = file_;
        if (!mark.is_null() && mark.line >= 0) {
            d.line = mark.line + 1;
            d.column = mark.column + 1 + column_offset;
        }
        d.message = std::move(message);
        errors_.push_back(std::move(d));
    }
    void at(const YAML::Node& node, std::string message, int column_offset = 0) {
        at(node.IsDefined() ? node.Mark() : YAML::Mark::null_mark(), std::move(message), column_offset);
    }
    void whole_file(std::string message) { at(YAML::Mark::null_mark(), std::move(message)); }

    std::vector<Diagnostic> take() {
        std::stable_sort(errors_.begin(), errors_.end(), [](const Diagnostic& a, const Diagnostic& b) {
            return a.line != b.line ? a.line < b.line : a.column < b.column;
        });
        return std::move(errors_);
    }
    std::size_t count() const { return errors_.size(); }

private:
    std::string file_;
    std::vector<Diagnostic> errors_;
};

struct Entry {
    std::string name;
    YAML::Node key, value;
};

// The entries of a map checked against the keys it may hold; unknown and repeated keys reported.
std::vector<Entry> entries(Reader& r, const YAML::Node& map, const std::string& where, const Names* allowed) {
    std::vector<Entry> out;
    for (auto it = map.begin(); it != map.end(); ++it) {
        const YAML::Node key = it->first;
        if (!key.IsScalar()) {
            r.at(key, where + ": found " + found(key) + " as a key");
            continue;
        }
        const std::string name = key.Scalar();
        if (allowed && std::find(allowed->begin(), allowed->end(), name) == allowed->end()) {
            r.at(key, where + ": unknown key \"" + shown(name) + "\"" + did_you_mean(name, *allowed) + " (allowed here: " +
                          join(*allowed) + ")");
            continue;
        }
        if (std::any_of(out.begin(), out.end(), [&](const Entry& e) { return e.name == name; })) {
            r.at(key, where + ": \"" + shown(name) + "\" is written twice; keep one");
            continue;
        }
        out.push_back(Entry{name, key, it->second});
    }
    return out;
}

const Entry* find(const std::vector<Entry>& es, std::string_view name) {
    for (const auto& e : es)
        if (e.name == name) return &e;
    return nullptr;
}

// A non-empty text value, or nullopt after reporting what was there instead.
std::optional<std::string> text(Reader& r, const Entry& e, const std::string& where) {
    if (!e.value.IsScalar() || e.value.IsNull()) {
        r.at(e.value.IsNull() ? e.key : e.value, where + ": found " + found(e.value) + ", expected text");
        return std::nullopt;
    }
    if (e.value.Scalar().empty()) {
        r.at(e.value, where + ": is empty, expected text");
        return std::nullopt;
    }
    return e.value.Scalar();
}

// A list of texts (a single text is refused: Sigma writes these as lists).
std::vector<std::string> text_list(Reader& r, const Entry& e, const std::string& where) {
    std::vector<std::string> out;
    if (!e.value.IsSequence()) {
        r.at(e.value.IsNull() ? e.key : e.value, where + ": found " + found(e.value) + ", expected a list like [a, b]");
        return out;
    }
    for (const auto& item : e.value) {
        if (!item.IsScalar()) {
            r.at(item, where + ": found " + found(item) + " in the list, expected text");
            continue;
        }
        out.push_back(item.Scalar());
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Log sources
// ---------------------------------------------------------------------------------------------

using logs::Source;
using Sources = std::set<Source>;

const std::map<std::string, Sources> kCategories = {
    {"dns", {Source::Dns}},
    {"firewall", {Source::Firewall}},
    {"network_connection", {Source::Firewall}},
    {"dhcp", {Source::Dhcp}},
    {"authentication", {Source::Auth}},
};
const std::map<std::string, Sources> kProducts = {
    {"socsim", {Source::Dns, Source::Firewall, Source::Dhcp, Source::Auth}},
    {"zeek", {Source::Dns, Source::Firewall, Source::Dhcp}},
    {"windows", {Source::Auth}},
    {"linux", {Source::Auth}},
    {"bind", {Source::Dns}},
    {"iptables", {Source::Firewall}},
    {"isc_dhcp", {Source::Dhcp}},
};
const std::map<std::string, Sources> kServices = {
    {"dns", {Source::Dns}},          {"firewall", {Source::Firewall}}, {"conn", {Source::Firewall}},
    {"dhcp", {Source::Dhcp}},        {"security", {Source::Auth}},     {"auth", {Source::Auth}},
    {"sshd", {Source::Auth}},        {"authentication", {Source::Auth}},
};

Names keys_of(const std::map<std::string, Sources>& m) {
    Names out;
    for (const auto& [k, v] : m) out.push_back(k);
    return out;
}

std::optional<Source> read_logsource(Reader& r, const Entry& e) {
    if (!e.value.IsMap()) {
        r.at(e.value.IsNull() ? e.key : e.value, "logsource: found " + found(e.value) +
                                                    ", expected a map with category, product and/or service");
        return std::nullopt;
    }
    const auto es = entries(r, e.value, "logsource", &kLogsourceKeys);
    Sources possible = {Source::Dns, Source::Firewall, Source::Dhcp, Source::Auth};
    bool any = false, bad = false;
    for (const auto& [key, table] : {std::pair{"category", &kCategories}, std::pair{"product", &kProducts},
                                     std::pair{"service", &kServices}}) {
        const Entry* k = find(es, key);
        if (!k) continue;
        const auto v = text(r, *k, std::string("logsource.") + key);
        if (!v) {
            bad = true;
            continue;
        }
        const auto it = table->find(lower(*v));
        if (it == table->end()) {
            r.at(k->value, std::string("logsource.") + key + ": socsim has no " + key + " \"" + shown(*v) + "\"" +
                               did_you_mean(lower(*v), keys_of(*table)) + " (known: " + join(keys_of(*table)) + ")");
            bad = true;
            continue;
        }
        any = true;
        Sources both;
        std::set_intersection(possible.begin(), possible.end(), it->second.begin(), it->second.end(),
                              std::inserter(both, both.begin()));
        possible = both;
    }
    if (bad) return std::nullopt;
    if (!any) {
        r.at(e.key, "logsource: give a category, product or service, e.g. category: dns");
        return std::nullopt;
    }
    if (possible.size() != 1) {
        r.at(e.value, std::string("logsource: ") +
                          (possible.empty() ? "these keys name no single socsim source"
                                            : "these keys fit more than one socsim source") +
                          "; add a category or service: dns, firewall, dhcp or authentication");
        return std::nullopt;
    }
    return *possible.begin();
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Selections
// ---------------------------------------------------------------------------------------------

// A problem a Condition found with a value, in English for the diagnostic.
std::string problem_text(const logs::ValueProblem& p) { return Catalog::shared().format(p.key, p.args, Lang::En); }

class SelectionReader {
public:
    SelectionReader(Reader& r, Source source) : r_(r), source_(source) {}

    std::optional<logs::Condition> read(const YAML::Node& node, const std::string& where) {
        if (node.IsNull() || (node.IsMap() && node.size() == 0) || (node.IsSequence() && node.size() == 0)) {
            r_.at(node, where + ": is empty; a selection holds field: value pairs");
            return std::nullopt;
        }
        if (node.IsMap()) return read_map(node, where);
        if (node.IsSequence()) {
            const bool maps = std::all_of(node.begin(), node.end(), [](const YAML::Node& n) { return n.IsMap(); });
            const bool texts = std::all_of(node.begin(), node.end(), [](const YAML::Node& n) { return n.IsScalar(); });
            if (!maps && !texts) {
                r_.at(node, where + ": a list holds either maps (any of them) or keywords, not both");
                return std::nullopt;
            }
            std::vector<logs::Condition> any;
            bool ok = true;
            std::size_t i = 0;
            for (const auto& item : node) {
                const std::string here = where + "[" + std::to_string(i++) + "]";
                if (maps) {
                    auto c = read_map(item, here);
                    if (c) any.push_back(std::move(*c));
                    else ok = false;
                } else {
                    // Keywords: anywhere in the raw line, as Sigma's keyword lists are.
                    if (item.Scalar().empty()) {
                        r_.at(item, here + ": an empty keyword matches everything; remove it");
                        ok = false;
                    }
                    any.push_back(logs::Condition::word(item.Scalar()));
                }
            }
            if (!ok) return std::nullopt;
            return logs::Condition::any_of(std::move(any));
        }
        r_.at(node, where + ": found " + found(node) + ", expected a map of field: value (or a list of them)");
        return std::nullopt;
    }

private:
    std::optional<logs::Condition> read_map(const YAML::Node& map, const std::string& where) {
        std::vector<logs::Condition> all;
        bool ok = true;
        for (const auto& e : entries(r_, map, where, nullptr)) {
            auto c = read_entry(e, where);
            if (c) all.push_back(std::move(*c));
            else ok = false;
        }
        if (!ok) return std::nullopt;
        if (all.empty()) {
            r_.at(map, where + ": is empty; a selection holds field: value pairs");
            return std::nullopt;
        }
        return logs::Condition::all_of(std::move(all));
    }

    std::optional<logs::Condition> read_entry(const Entry& e, const std::string& where) {
        const std::string here = where + "." + e.name;
        // field|modifier|modifier
        std::vector<std::string> parts;
        std::size_t start = 0;
        while (true) {
            const auto bar = e.name.find('|', start);
            parts.push_back(e.name.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
            if (bar == std::string::npos) break;
            start = bar + 1;
        }
        const std::string& field_name = parts.front();
        const logs::Field* field = logs::find_field(source_, field_name);
        if (!field) {
            const std::string guess = logs::suggest_field(source_, field_name);
            r_.at(e.key, here + ": " + std::string(logs::source_name(source_)) + " records have no field \"" + shown(field_name) +
                             "\"" + (guess.empty() ? "" : "; did you mean '" + guess + "'?") + " (fields: " +
                             logs::field_list(source_) + "; other tools' names are listed in docs/detection-rules.md)");
            return std::nullopt;
        }
        bool all = false, re = false, ignore_case = false, cased = false;
        std::string kind;  // contains, startswith, endswith, cidr, gt, gte, lt, lte
        bool ok = true;
        for (std::size_t i = 1; i < parts.size(); ++i) {
            const std::string& m = parts[i];
            if (std::find(kModifiers.begin(), kModifiers.end(), m) == kModifiers.end()) {
                r_.at(e.key, here + ": unknown modifier \"" + shown(m) + "\"" + did_you_mean(m, kModifiers) +
                                 " (socsim knows: " + join(kModifiers) + ")");
                ok = false;
                continue;
            }
            if (m == "all") all = true;
            else if (m == "re") re = true;
            else if (m == "i") ignore_case = true;
            else if (m == "cased") cased = true;
            else if (!kind.empty() || re) {
                r_.at(e.key, here + ": \"" + m + "\" cannot go with \"" + (re ? "re" : kind) + "\"; use one of them");
                ok = false;
            } else {
                kind = m;
            }
        }
        if (re && !kind.empty()) {
            r_.at(e.key, here + ": \"re\" cannot go with \"" + kind + "\"; write it into the expression");
            ok = false;
        }
        if (ignore_case && !re) {
            r_.at(e.key, here + ": the \"i\" modifier goes with \"re\" (values without re ignore case already)");
            ok = false;
        }
        if (kind == "cidr" && field->type != logs::FieldType::Address) {
            r_.at(e.key, here + ": \"cidr\" needs an address field; " + field_name + " is not one");
            ok = false;
        }
        if (!ok) return std::nullopt;

        std::vector<YAML::Node> values;
        if (e.value.IsSequence()) {
            for (const auto& v : e.value) values.push_back(v);
            if (values.empty()) {
                r_.at(e.value, here + ": the list is empty; give at least one value");
                return std::nullopt;
            }
        } else {
            values.push_back(e.value);
        }
        if (values.size() > kMaxValues) {
            r_.at(e.value, here + ": more than " + std::to_string(kMaxValues) + " values");
            return std::nullopt;
        }
        std::vector<logs::Condition> tests;
        for (const auto& v : values) {
            if (v.IsNull()) {
                r_.at(e.key, here + ": no value (socsim fields always have one; null is not supported)");
                ok = false;
                continue;
            }
            if (!v.IsScalar()) {
                r_.at(v, here + ": found " + found(v) + ", expected a value or a list of values");
                ok = false;
                continue;
            }
            const std::string& text = v.Scalar();
            logs::Compare op = logs::Compare::Equal;
            std::string value = text;
            logs::MatchOptions options;
            options.case_sensitive = cased;
            if (re) {
                op = logs::Compare::Regex;
                options.case_sensitive = !ignore_case;  // Sigma's regexes are case-sensitive unless |i
            } else {
                if (text.find('?') != std::string::npos || text.find("\\*") != std::string::npos) {
                    r_.at(v, here + ": \"" + shown(text) + "\": '?' and escaped wildcards are not supported; use '*' or the re modifier");
                    ok = false;
                    continue;
                }
                if (kind == "contains") value = "*" + text + "*";
                else if (kind == "startswith") value = text + "*";
                else if (kind == "endswith") value = "*" + text;
                else if (kind == "gt") op = logs::Compare::Greater;
                else if (kind == "gte") op = logs::Compare::GreaterEqual;
                else if (kind == "lt") op = logs::Compare::Less;
                else if (kind == "lte") op = logs::Compare::LessEqual;
                else if (kind == "cidr" && !parse_cidr(text)) {
                    r_.at(v, here + ": \"" + shown(text) + "\" is not a subnet like 10.20.0.0/24");
                    ok = false;
                    continue;
                }
            }
            auto made = logs::Condition::compare(*field, op, value, options);
            if (auto* p = std::get_if<logs::ValueProblem>(&made)) {
                r_.at(v, here + ": " + problem_text(*p));
                ok = false;
                continue;
            }
            tests.push_back(std::get<logs::Condition>(std::move(made)));
        }
        if (!ok) return std::nullopt;
        return all ? logs::Condition::all_of(std::move(tests)) : logs::Condition::any_of(std::move(tests));
    }

    Reader& r_;
    Source source_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Condition
// ---------------------------------------------------------------------------------------------

// Sigma's condition: not binds tightest, then and, then or.
class ConditionParser {
public:
    ConditionParser(std::string_view text, const std::map<std::string, logs::Condition>& selections, Source source)
        : t_(text), selections_(selections), source_(source) {}

    struct Result {
        logs::Condition condition;
        std::optional<Aggregation> aggregation;
    };
    struct Failure {
        std::size_t at;  // 0-based in the text
        std::string message;
    };

    std::variant<Result, Failure> run() {
        try {
            if (t_.size() > kMaxConditionBytes) fail(0, "the condition is longer than " + std::to_string(kMaxConditionBytes) + " bytes");
            skip();
            if (at_end()) fail(0, "the condition is empty; name a selection, e.g. condition: selection");
            Result out;
            out.condition = parse_or(0);
            skip();
            if (peek() == '|') {
                ++p_;
                out.aggregation = parse_aggregation();
            }
            skip();
            if (!at_end()) fail(p_, "unexpected \"" + word_here() + "\" here");
            return out;
        } catch (const Failure& f) {
            return f;
        }
    }

private:
    [[noreturn]] void fail(std::size_t at, std::string message) { throw Failure{at, std::move(message)}; }
    bool at_end() const { return p_ >= t_.size(); }
    char peek() const { return at_end() ? '\0' : t_[p_]; }
    void skip() {
        while (!at_end() && std::isspace(static_cast<unsigned char>(t_[p_]))) ++p_;
    }
    static bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '*' || c == '.'; }
    std::string word_here() const {
        std::size_t e = p_;
        while (e < t_.size() && word_char(t_[e])) ++e;
        if (e == p_) e = std::min(t_.size(), p_ + 1);
        return std::string(t_.substr(p_, e - p_));
    }
    // The next word without taking it.
    std::string next_word() const {
        std::size_t e = p_;
        while (e < t_.size() && word_char(t_[e])) ++e;
        return std::string(t_.substr(p_, e - p_));
    }
    std::string take_word() {
        std::string w = next_word();
        p_ += w.size();
        return w;
    }
    bool keyword(std::string_view kw) const { return lower(next_word()) == kw; }

    logs::Condition parse_or(int depth) {
        std::vector<logs::Condition> any{parse_and(depth)};
        skip();
        while (keyword("or")) {
            p_ += 2;
            skip();
            if (at_end() || peek() == ')' || peek() == '|') fail(p_, "expected a selection after \"or\"");
            any.push_back(parse_and(depth));
            skip();
        }
        return logs::Condition::any_of(std::move(any));
    }

    logs::Condition parse_and(int depth) {
        std::vector<logs::Condition> all{parse_not(depth)};
        skip();
        while (keyword("and")) {
            p_ += 3;
            skip();
            if (at_end() || peek() == ')' || peek() == '|') fail(p_, "expected a selection after \"and\"");
            all.push_back(parse_not(depth));
            skip();
        }
        return logs::Condition::all_of(std::move(all));
    }

    logs::Condition parse_not(int depth) {
        if (depth > kMaxDepth) fail(p_, "too many nested parentheses or nots (at most " + std::to_string(kMaxDepth) + ")");
        skip();
        if (keyword("not")) {
            p_ += 3;
            skip();
            if (at_end() || peek() == ')' || peek() == '|') fail(p_, "expected a selection after \"not\"");
            return logs::Condition::negate(parse_not(depth + 1));
        }
        if (peek() == '(') {
            const std::size_t open = p_++;
            skip();
            if (peek() == ')') fail(open, "nothing between the parentheses");
            logs::Condition inner = parse_or(depth + 1);
            skip();
            if (peek() != ')') {
                if (at_end() || peek() == '|') fail(open, "this \"(\" is never closed");
                fail(p_, "unexpected \"" + word_here() + "\"; expected \"and\", \"or\" or \")\"");
            }
            ++p_;
            return inner;
        }
        if (peek() == ')') fail(p_, "\")\" without a matching \"(\"");
        const std::size_t at = p_;
        const std::string w = take_word();
        if (w.empty()) fail(at, "unexpected \"" + std::string(1, peek()) + "\"; expected a selection name");
        const std::string lw = lower(w);
        if (lw == "1" || lw == "all" || lw == "any") {
            skip();
            if (!keyword("of")) fail(p_, "expected \"of\" after \"" + w + "\" (as in: 1 of selection*)");
            p_ += 2;
            skip();
            const std::size_t pat_at = p_;
            const std::string pattern = take_word();
            if (pattern.empty()) fail(pat_at, "expected a selection name, a pattern like selection* or \"them\"");
            std::vector<logs::Condition> parts;
            const bool them = lower(pattern) == "them";
            for (const auto& [name, c] : selections_) {
                if (them ? name.starts_with("_") : !logs::wildcard_match(lower(pattern), name)) continue;
                parts.push_back(c);
            }
            if (parts.empty()) fail(pat_at, "no selection matches \"" + pattern + "\" (selections: " + names() + ")");
            return lw == "all" ? logs::Condition::all_of(std::move(parts)) : logs::Condition::any_of(std::move(parts));
        }
        if (std::isdigit(static_cast<unsigned char>(w[0]))) fail(at, "only \"1 of\" and \"all of\" are supported");
        if (w.find('*') != std::string::npos) fail(at, "a pattern like \"" + w + "\" goes after \"1 of\" or \"all of\"");
        if (lw == "and" || lw == "or" || lw == "of" || lw == "them") fail(at, "expected a selection name before \"" + w + "\"");
        const auto it = selections_.find(w);
        if (it == selections_.end()) {
            Names known;
            for (const auto& [name, c] : selections_) known.push_back(name);
            fail(at, "no selection named \"" + w + "\"" + did_you_mean(w, known) + " (selections: " + names() + ")");
        }
        return it->second;
    }

    std::string names() const {
        Names known;
        for (const auto& [name, c] : selections_) known.push_back(name);
        return join(known);
    }

    // count([field]) [by f1[, f2]] > N
    Aggregation parse_aggregation() {
        Aggregation a;
        skip();
        const std::size_t at = p_;
        const std::string fn = lower(take_word());
        if (fn != "count") {
            if (fn == "near") fail(at, "\"near\" is not supported; socsim counts with count()");
            if (fn == "sum" || fn == "min" || fn == "max" || fn == "avg")
                fail(at, "only count() is supported after \"|\" (socsim counts records or distinct values)");
            fail(at, "expected count() after \"|\"" + did_you_mean(fn, {"count"}));
        }
        skip();
        if (peek() != '(') fail(p_, "expected \"(\" after count");
        ++p_;
        skip();
        if (peek() != ')') {
            const std::size_t field_at = p_;
            const std::string f = take_word();
            if (f.empty()) fail(field_at, "expected a field name or \")\" in count(...)");
            a.distinct = field(f, field_at);
            skip();
        }
        if (peek() != ')') fail(p_, "expected \")\" to close count(");
        ++p_;
        skip();
        if (keyword("by")) {
            p_ += 2;
            while (true) {
                skip();
                const std::size_t field_at = p_;
                const std::string f = take_word();
                if (f.empty()) fail(field_at, "expected a field name after \"by\"");
                a.by.push_back(field(f, field_at));
                skip();
                if (peek() != ',') break;
                ++p_;
            }
        }
        skip();
        const std::size_t op_at = p_;
        if (t_.substr(p_, 2) == ">=") {
            a.or_equal = true;
            p_ += 2;
        } else if (peek() == '>') {
            ++p_;
        } else if (peek() == '<' || peek() == '=') {
            fail(op_at, "only > and >= are supported: an alert says something happened often");
        } else {
            fail(op_at, "expected > or >= and a number, as in count() by src > 30");
        }
        skip();
        const std::size_t n_at = p_;
        const std::string n = take_word();
        std::uint64_t v = 0;
        auto [ptr, ec] = std::from_chars(n.data(), n.data() + n.size(), v);
        if (n.empty() || ec != std::errc() || ptr != n.data() + n.size() || v > 1'000'000'000)
            fail(n_at, "expected a whole number after the comparison");
        a.threshold = v;
        return a;
    }

    const logs::Field* field(const std::string& name, std::size_t at) {
        const logs::Field* f = logs::find_field(source_, name);
        if (!f) {
            const std::string guess = logs::suggest_field(source_, name);
            fail(at, std::string(logs::source_name(source_)) + " records have no field \"" + shown(name) + "\"" +
                         (guess.empty() ? "" : "; did you mean '" + guess + "'?"));
        }
        if (f->type == logs::FieldType::Source) fail(at, "a rule reads one source: counting by source means nothing");
        return f;
    }

    std::string_view t_;
    std::size_t p_ = 0;
    const std::map<std::string, logs::Condition>& selections_;
    Source source_;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] The rule
// ---------------------------------------------------------------------------------------------

bool valid_tag(std::string_view t) {
    const auto dot = t.find('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == t.size()) return false;
    return std::all_of(t.begin(), t.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    });
}

bool valid_id(std::string_view id) {
    if (id.empty() || id.size() > 100) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
    });
}

std::optional<Millis> read_timeframe(Reader& r, const Entry& e, const std::string& where) {
    const auto v = text(r, e, where);
    if (!v) return std::nullopt;
    const auto d = parse_duration(*v);
    if (!d || *d <= 0) {
        r.at(e.value, where + ": \"" + shown(*v) + "\" is not a duration (expected like 30s, 10m, 1h or 1d)");
        return std::nullopt;
    }
    if (*d > kMaxTimeframe) {
        r.at(e.value, where + ": " + format_duration(*d) + " is longer than the 7 days socsim keeps a window for");
        return std::nullopt;
    }
    return *d;
}

void read_rule(Reader& r, const YAML::Node& root, Rule& rule) {
    const auto es = entries(r, root, "the rule", &kTopKeys);
    auto required = [&](const char* key) -> const Entry* {
        const Entry* e = find(es, key);
        if (!e) r.at(root, std::string("the rule has no \"") + key + "\" (required: title, id, logsource, detection)");
        return e;
    };
    if (const Entry* e = required("title"))
        if (auto v = text(r, *e, "title")) rule.title = *v;
    if (const Entry* e = required("id"))
        if (auto v = text(r, *e, "id")) {
            if (!valid_id(*v)) r.at(e->value, "id: \"" + shown(*v) + "\" is not an id (letters, digits, - _ . ; a UUID is best)");
            else rule.id = *v;
        }
    if (const Entry* e = find(es, "status"))
        if (auto v = text(r, *e, "status")) {
            if (std::find(kStatuses.begin(), kStatuses.end(), *v) == kStatuses.end())
                r.at(e->value, "status: \"" + shown(*v) + "\" is not a status" + did_you_mean(*v, kStatuses) + " (" + join(kStatuses) + ")");
            else rule.status = *v;
        }
    if (const Entry* e = find(es, "level"))
        if (auto v = text(r, *e, "level")) {
            const auto it = std::find(kLevels.begin(), kLevels.end(), *v);
            if (it == kLevels.end())
                r.at(e->value, "level: \"" + shown(*v) + "\" is not a level" + did_you_mean(*v, kLevels) + " (" + join(kLevels) + ")");
            else rule.level = static_cast<Level>(it - kLevels.begin());
        }
    for (const char* key : {"description", "author", "date", "modified", "license", "title_ja", "description_ja"})
        if (const Entry* e = find(es, key)) {
            auto v = text(r, *e, key);
            if (v && std::string_view(key) == "description") rule.description = *v;
            if (v && std::string_view(key) == "author") rule.author = *v;
            if (v && std::string_view(key) == "title_ja") rule.title_ja = *v;
            if (v && std::string_view(key) == "description_ja") rule.description_ja = *v;
        }
    if (const Entry* e = find(es, "tags")) {
        for (const auto& t : text_list(r, *e, "tags")) {
            if (!valid_tag(t)) {
                r.at(e->value, "tags: \"" + shown(t) + "\" is not a tag: lower case namespace.name, like attack.t1071.004 or attack.command_and_control");
                continue;
            }
            rule.tags.push_back(t);
        }
    }
    if (const Entry* e = find(es, "falsepositives")) rule.falsepositives = text_list(r, *e, "falsepositives");
    if (const Entry* e = find(es, "falsepositives_ja")) rule.falsepositives_ja = text_list(r, *e, "falsepositives_ja");
    if (const Entry* e = find(es, "references")) rule.references = text_list(r, *e, "references");
    if (const Entry* e = find(es, "fields")) text_list(r, *e, "fields");
    if (const Entry* e = find(es, "related"))
        if (!e->value.IsSequence()) r.at(e->value, "related: found " + found(e->value) + ", expected a list");

    const Entry* logsource = required("logsource");
    const Entry* detection = required("detection");
    // A plain flag beside the source (GCC 12 misreads an optional here as maybe unset).
    bool have_source = false;
    if (logsource)
        if (const auto s = read_logsource(r, *logsource)) {
            rule.source = *s;
            have_source = true;
        }
    const Source source = rule.source;
    if (!detection) return;
    if (!detection->value.IsMap()) {
        r.at(detection->value.IsNull() ? detection->key : detection->value,
             "detection: found " + found(detection->value) + ", expected a map of selections and a condition");
        return;
    }

    const auto des = entries(r, detection->value, "detection", nullptr);
    const Entry* condition = find(des, "condition");
    const Entry* timeframe = find(des, "timeframe");
    const Entry* top_timeframe = find(es, "timeframe");
    if (timeframe && top_timeframe) r.at(top_timeframe->key, "timeframe: written twice (also in detection); keep one");
    if (!timeframe) timeframe = top_timeframe;
    if (timeframe)
        if (auto d = read_timeframe(r, *timeframe, "timeframe")) rule.timeframe = *d;

    std::map<std::string, logs::Condition> selections;
    std::size_t count = 0;
    for (const auto& e : des) {
        if (e.name == "condition" || e.name == "timeframe") continue;
        if (++count > kMaxSelections) {
            r.at(e.key, "detection: more than " + std::to_string(kMaxSelections) + " selections");
            break;
        }
        const bool good_name = !e.name.empty() && std::all_of(e.name.begin(), e.name.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
        });
        if (!good_name) {
            r.at(e.key, "detection: \"" + shown(e.name) + "\" is not a selection name (letters, digits and _)");
            continue;
        }
        if (!have_source) continue;  // fields cannot be checked without knowing the source
        SelectionReader sr(r, source);
        if (auto c = sr.read(e.value, "detection." + e.name)) selections.emplace(e.name, std::move(*c));
        else selections.emplace(e.name, logs::Condition());  // reported; keeps the condition's names known
    }
    if (!condition) {
        r.at(detection->key, "detection has no \"condition\" (e.g. condition: selection)");
        return;
    }
    if (!have_source) return;
    std::vector<YAML::Node> texts;
    if (condition->value.IsSequence()) {
        for (const auto& c : condition->value) texts.push_back(c);
    } else {
        texts.push_back(condition->value);
    }
    if (texts.empty()) {
        r.at(condition->value, "condition: the list is empty");
        return;
    }
    std::vector<logs::Condition> any;
    for (const auto& node : texts) {
        if (!node.IsScalar() || node.IsNull()) {
            r.at(node.IsNull() ? condition->key : node, "condition: found " + found(node) + ", expected text like: selection and not filter");
            continue;
        }
        ConditionParser parser(node.Scalar(), selections, source);
        auto result = parser.run();
        if (auto* f = std::get_if<ConditionParser::Failure>(&result)) {
            // The column within the text, past the quote of a quoted scalar (yaml-cpp tags those "!").
            const bool single_line = node.Scalar().find('\n') == std::string::npos;
            const int shift = single_line ? static_cast<int>(f->at) + (node.Tag() == "!" ? 1 : 0) : 0;
            r.at(node, "condition: " + f->message + (single_line ? "" : " (at character " + std::to_string(f->at + 1) + " of the condition)"),
                 shift);
            continue;
        }
        auto& ok = std::get<ConditionParser::Result>(result);
        if (ok.aggregation) {
            if (texts.size() > 1) {
                r.at(node, "condition: a count goes in a single condition, not in a list of them");
                continue;
            }
            rule.aggregation = ok.aggregation;
        }
        any.push_back(std::move(ok.condition));
    }
    rule.condition = logs::Condition::any_of(std::move(any));
    // A timeframe written but refused above has its own message; this one is for none at all.
    if (rule.aggregation && rule.timeframe == 0 && !timeframe)
        r.at(condition->value, "condition: a count needs a timeframe (e.g. timeframe: 10m in detection)");
}

}  // namespace

const char* level_name(Level level) {
    switch (level) {
        case Level::Informational: return "informational";
        case Level::Low: return "low";
        case Level::Medium: return "medium";
        case Level::High: return "high";
        case Level::Critical: return "critical";
    }
    return "medium";
}

std::vector<std::string> Rule::techniques() const {
    std::vector<std::string> out;
    for (const auto& t : tags) {
        if (!t.starts_with("attack.t") || t.size() < 12) continue;  // attack.t1046
        std::string id = t.substr(7);
        for (auto& c : id) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (std::isdigit(static_cast<unsigned char>(id[1]))) out.push_back(id);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Entry points
// ---------------------------------------------------------------------------------------------

Loaded<Rule> load_rule_text(const std::string& yaml_text, const std::string& file_name) {
    Loaded<Rule> out;
    Reader r(file_name);
    if (yaml_text.size() > kMaxFileBytes) {
        r.whole_file("the file is " + std::to_string(yaml_text.size() / 1024) + " KiB; a rule file may be at most 1 MiB");
        out.errors = r.take();
        return out;
    }
    YAML::Node root;
    DocumentCount docs;
    try {
        docs = count_documents(yaml_text);  // first: it refuses a too deep or too big file before a tree is built
        root = YAML::Load(yaml_text);
    } catch (const YamlRefused& e) {
        r.at(e.mark, e.what());
        out.errors = r.take();
        return out;
    } catch (const YAML::ParserException& e) {
        r.at(e.mark, "YAML syntax error: " + e.msg + syntax_hint(yaml_text, e.mark) + " (check the indentation, quotes and brackets here or just above)");
        out.errors = r.take();
        return out;
    } catch (const std::exception& e) {
        r.whole_file(std::string("the file could not be read as YAML: ") + e.what());
        out.errors = r.take();
        return out;
    }
    if (root.IsNull() || !root.IsDefined()) {
        r.whole_file(!has_yaml_text(yaml_text) ? "the file is empty (expected a rule: title, id, logsource, detection)"
                                               : "the file does not start with a rule (a stray ---, ',' or bracket?)");
        out.errors = r.take();
        return out;
    }
    if (!root.IsMap()) {
        r.at(root, "found " + found(root) + ", expected a rule: a map with title, id, logsource, detection");
        out.errors = r.take();
        return out;
    }
    if (docs.with_content > 1)
        r.at(docs.second_start, "the file holds more than one YAML document (separated by ---); put one rule in each file");
    Rule rule;
    rule.file = file_name;
    rule.line = root.Mark().is_null() ? 1 : root.Mark().line + 1;
    try {
        read_rule(r, root, rule);
    } catch (const std::exception& e) {
        // The walk checks types before converting: this is a bug in the loader, not the rule.
        r.whole_file(std::string("internal error while reading the rule: ") + e.what());
    }
    out.errors = r.take();
    if (out.errors.empty()) out.value = std::move(rule);
    return out;
}

Loaded<Rule> load_rule_file(const std::filesystem::path& path) {
    Loaded<Rule> out;
    const std::string name = path.string();
    auto fail = [&](std::string message) {
        out.errors.push_back(Diagnostic{name, 0, 0, std::move(message)});
        return out;
    };
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) return fail("cannot open " + name + ": no such file");
    if (std::filesystem::is_directory(status)) return fail("cannot open " + name + ": it is a folder, not a rule file");
    // A device or a pipe (/dev/zero, a FIFO) would be read forever.
    if (!std::filesystem::is_regular_file(status)) return fail("cannot open " + name + ": it is not a regular file (a device or a pipe?)");
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxFileBytes) return fail("the file " + name + " is larger than the 1 MiB a rule file may be");
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail("cannot open " + name + ": the file is not readable (check its permissions)");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) return fail("cannot read " + name + ": the read failed part way");
    return load_rule_text(bytes.str(), name);
}

std::vector<std::filesystem::path> rule_files(const std::vector<std::filesystem::path>& paths, std::vector<Diagnostic>& errors) {
    std::vector<std::filesystem::path> files;
    for (const auto& p : paths) {
        std::error_code ec;
        if (!std::filesystem::is_directory(p, ec)) {
            files.push_back(p);
            continue;
        }
        std::vector<std::filesystem::path> in_folder;
        for (const auto& entry : std::filesystem::directory_iterator(p, ec)) {
            const auto ext = entry.path().extension();
            if (entry.is_regular_file(ec) && (ext == ".yml" || ext == ".yaml")) in_folder.push_back(entry.path());
        }
        std::sort(in_folder.begin(), in_folder.end());
        if (in_folder.empty()) errors.push_back(Diagnostic{p.string(), 0, 0, "no rule files (*.yml, *.yaml) in this folder"});
        files.insert(files.end(), in_folder.begin(), in_folder.end());
    }
    return files;
}

Loaded<std::vector<Rule>> load_rules(const std::vector<std::filesystem::path>& paths) {
    Loaded<std::vector<Rule>> out;
    const auto files = rule_files(paths, out.errors);
    std::vector<Rule> rules;
    std::map<std::string, std::string> ids;  // id -> file
    for (const auto& f : files) {
        auto loaded = load_rule_file(f);
        out.errors.insert(out.errors.end(), loaded.errors.begin(), loaded.errors.end());
        if (!loaded.ok()) continue;
        Rule& rule = *loaded.value;
        if (auto [it, fresh] = ids.emplace(rule.id, rule.file); !fresh) {
            out.errors.push_back(Diagnostic{rule.file, rule.line, 1, "id \"" + rule.id + "\" is also the id of " + it->second});
            continue;
        }
        rules.push_back(std::move(rule));
    }
    if (out.errors.empty()) out.value = std::move(rules);
    return out;
}

}  // namespace socsim::detect
