// Conditions on records and their fast scan (see condition.h).
//
// [SECTION] Text matching    wildcards, case, POSIX regular expressions
// [SECTION] Times            `now`, `-15m@m`, absolute and local times
// [SECTION] Building         checking a value against its field's type
// [SECTION] Describing       the canonical text of a tree
// [SECTION] Scanning         per-leaf tables, block evaluation of AND / OR / NOT
#include "core/logs/condition.h"

#include <regex.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace socsim::logs {

// ---------------------------------------------------------------------------------------------
// [SECTION] Text matching
// ---------------------------------------------------------------------------------------------

namespace {

// ASCII only, as everywhere in socsim's matching: bytes of other scripts compare as they are.
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = lower(c);
    return out;
}

// The wildcard matcher, with or without case: iterative with backtracking to the last star,
// linear for the patterns people write.
template <bool kIgnoreCase>
bool wildcard(std::string_view p, std::string_view t) {
    std::size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
    while (ti < t.size()) {
        if (pi < p.size() && p[pi] != '*' && p[pi] == (kIgnoreCase ? lower(t[ti]) : t[ti])) {
            ++pi;
            ++ti;
        } else if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            mark = ti;
        } else if (star != std::string_view::npos) {
            pi = star + 1;
            ti = ++mark;
        } else {
            return false;
        }
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

// A compiled POSIX extended regular expression (libc's: much faster to build and run than
// std::regex, and evaluated once per distinct string anyway).
class Regex {
public:
    static std::shared_ptr<const Regex> compile(std::string_view pattern, bool ignore_case, std::string& error) {
        std::string text = translate(pattern, ignore_case);
        auto re = std::shared_ptr<Regex>(new Regex);
        const int flags = REG_EXTENDED | REG_NOSUB | (ignore_case ? REG_ICASE : 0);
        const int rc = regcomp(&re->re_, text.c_str(), flags);
        if (rc != 0) {
            char buf[256];
            regerror(rc, &re->re_, buf, sizeof buf);
            error = buf;
            return nullptr;
        }
        re->compiled_ = true;
        return re;
    }
    ~Regex() {
        if (compiled_) regfree(&re_);
    }
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;

    bool matches(std::string_view text) const {
        buffer_.assign(text);  // regexec wants a terminated string
        return regexec(&re_, buffer_.c_str(), 0, nullptr, 0) == 0;
    }

private:
    Regex() = default;

    // What people write from other tools: `(?i)` in front asks to ignore case, `\d` and `\D`
    // (which POSIX lacks) become [0-9] and [^0-9] outside bracket expressions.
    static std::string translate(std::string_view p, bool& ignore_case) {
        if (p.starts_with("(?i)")) {
            ignore_case = true;
            p.remove_prefix(4);
        }
        std::string out;
        bool in_bracket = false;
        for (std::size_t i = 0; i < p.size(); ++i) {
            const char c = p[i];
            if (in_bracket) {
                if (c == ']' && !(out.back() == '[' || (out.size() >= 2 && out.back() == '^' && out[out.size() - 2] == '[')))
                    in_bracket = false;
                out += c;
            } else if (c == '\\' && i + 1 < p.size() && (p[i + 1] == 'd' || p[i + 1] == 'D')) {
                out += p[i + 1] == 'd' ? "[0-9]" : "[^0-9]";
                ++i;
            } else if (c == '\\' && i + 1 < p.size()) {
                out += c;
                out += p[++i];
            } else {
                if (c == '[') in_bracket = true;
                out += c;
            }
        }
        return out;
    }

    regex_t re_{};
    bool compiled_ = false;
    mutable std::string buffer_;
};

// A regex is built once per leaf; an invalid or runaway one is refused where it was written.
constexpr std::size_t kMaxRegexBytes = 1024;
// Bounded repeats multiply when nested: libc builds `((a{100}){100}){100}` as a million states
// (a second and 200 MB). A pattern whose repeats expand past this is refused.
constexpr std::size_t kMaxRegexExpansion = 20000;

// About how many states the pattern's bounded repeats expand to: each `{n,m}` multiplies what it
// follows (a group, a bracket expression or one character) by its largest count.
std::size_t regex_expansion(std::string_view p) {
    std::vector<std::size_t> level{0};  // size of each open group so far
    std::size_t last = 0;               // size of the element just read (what a repeat applies to)
    for (std::size_t i = 0; i < p.size(); ++i) {
        const char c = p[i];
        if (c == '\\' && i + 1 < p.size()) {
            ++i;
            last = 1;
            level.back() += last;
        } else if (c == '[') {
            std::size_t j = i + 1;
            if (j < p.size() && p[j] == '^') ++j;
            if (j < p.size() && p[j] == ']') ++j;
            while (j < p.size() && p[j] != ']') ++j;
            i = std::min(j, p.size());
            last = 1;
            level.back() += last;
        } else if (c == '(') {
            level.push_back(0);
            last = 0;
        } else if (c == ')') {
            last = std::max<std::size_t>(1, level.back());
            if (level.size() > 1) level.pop_back();
            level.back() += last;
        } else if (c == '{') {
            const auto close = p.find('}', i);
            if (close == std::string_view::npos) break;
            std::size_t most = 0;
            for (std::size_t k = i + 1; k < close; ++k) {
                if (p[k] >= '0' && p[k] <= '9') most = std::min<std::size_t>(most * 10 + static_cast<std::size_t>(p[k] - '0'), 1'000'000);
                else if (p[k] == ',') most = 0;  // {n,m}: m counts; {n,} counts n
            }
            if (most == 0) {  // {n,}: the lower bound
                for (std::size_t k = i + 1; k < close && p[k] >= '0' && p[k] <= '9'; ++k)
                    most = std::min<std::size_t>(most * 10 + static_cast<std::size_t>(p[k] - '0'), 1'000'000);
            }
            const std::size_t grown = last * std::max<std::size_t>(most, 1);
            level.back() += grown - std::min(grown, last);
            last = grown;
            i = close;
        } else {
            last = 1;
            level.back() += last;
        }
        if (level.front() > kMaxRegexExpansion || last > kMaxRegexExpansion) return kMaxRegexExpansion + 1;
    }
    std::size_t total = 0;
    for (auto v : level) total += v;
    return total;
}

}  // namespace

bool wildcard_match(std::string_view pattern_lower, std::string_view text) { return wildcard<true>(pattern_lower, text); }

bool contains_ignore_case(std::string_view text, std::string_view needle) {
    if (needle.empty()) return true;
    auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                          [](char a, char b) { return lower(a) == b; });
    return it != text.end();
}

const char* compare_text(Compare op) {
    switch (op) {
        case Compare::Equal: return "=";
        case Compare::NotEqual: return "!=";
        case Compare::Less: return "<";
        case Compare::LessEqual: return "<=";
        case Compare::Greater: return ">";
        case Compare::GreaterEqual: return ">=";
        case Compare::Regex: return "~";
        case Compare::NotRegex: return "!~";
    }
    return "?";
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Times
// ---------------------------------------------------------------------------------------------

namespace {

// "@d" -> a day; "@h", "@m", "@s".
std::optional<Millis> snap_unit(std::string_view u) {
    if (u == "s") return kSecond;
    if (u == "m") return kMinute;
    if (u == "h") return kHour;
    if (u == "d") return kDay;
    return std::nullopt;
}

SimTime snap(SimTime t, Millis unit, int utc_offset_minutes) {
    const SimTime local = t + utc_offset_minutes * kMinute;
    const SimTime floored = local >= 0 ? local / unit * unit : -((-local + unit - 1) / unit) * unit;
    return floored - utc_offset_minutes * kMinute;
}

}  // namespace

std::optional<TimeSpan> resolve_time(std::string_view text, int utc_offset_minutes, SimTime now) {
    if (text == "now") return TimeSpan{now, 1};
    if (!text.empty() && (text[0] == '-' || text[0] == '+' || text[0] == '@')) {
        SimTime t = now;
        std::string_view rest = text;
        const auto at = rest.find('@');
        std::string_view snap_part = at == std::string_view::npos ? std::string_view() : rest.substr(at + 1);
        if (at != std::string_view::npos) rest = rest.substr(0, at);
        if (!rest.empty()) {
            if (rest.size() < 2) return std::nullopt;
            const auto d = parse_duration(rest.substr(1));
            if (!d) return std::nullopt;
            t = rest[0] == '-' ? t - *d : t + *d;
        }
        if (at != std::string_view::npos) {
            const auto unit = snap_unit(snap_part);
            if (!unit) return std::nullopt;
            t = snap(t, *unit, utc_offset_minutes);
        }
        return TimeSpan{t, 1};
    }
    return parse_local_time(text, utc_offset_minutes, now);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Building
// ---------------------------------------------------------------------------------------------

struct Condition::Node {
    enum class Kind : std::uint8_t { All, None, And, Or, Not, Word, Test } kind = Kind::All;
    std::vector<std::shared_ptr<const Node>> children;  // And, Or, Not

    // Word: the text in lower case; a `*` in it makes it a pattern over the line.
    std::string word;

    // Test: how the value was understood.
    enum class Value : std::uint8_t {
        Pattern,     // wildcard text; `pattern` is lower case unless case_sensitive
        Regex,       // `regex`
        Range,       // lo <= raw value <= hi (addresses, numbers, tenths)
        NameRange,   // a name field whose names are numbers (event_id > 4624): lo <= number <= hi
        Time,        // `time_text` compared with `op`, resolved when a scan starts
    } value = Value::Pattern;
    const Field* field = nullptr;
    Compare op = Compare::Equal;
    bool negate = false;  // != and !~
    bool case_sensitive = false;
    std::string pattern;
    std::string written;  // the value as written, for describe()
    std::shared_ptr<const Regex> regex;
    std::int64_t lo = 0, hi = 0;
    std::string time_text;
};

namespace {

using Node = Condition::Node;

ValueProblem problem(std::string key, TextArgs args) { return ValueProblem{std::move(key), std::move(args)}; }

std::optional<double> decimal_number(std::string_view s) {
    if (s.empty() || s.size() > 40) return std::nullopt;
    double v = 0;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

// Integer bounds [lo, hi] of the raw values that `op x` accepts; lo > hi accepts nothing.
void bounds(Compare op, double x, std::int64_t& lo, std::int64_t& hi) {
    constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min() / 2;
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max() / 2;
    const double clamped = std::clamp(x, static_cast<double>(kMin), static_cast<double>(kMax));
    lo = kMin;
    hi = kMax;
    switch (op) {
        case Compare::Equal:
        case Compare::NotEqual:
            if (std::floor(clamped) != clamped) {
                lo = 1;
                hi = 0;
            } else {
                lo = hi = static_cast<std::int64_t>(clamped);
            }
            break;
        case Compare::Less: hi = static_cast<std::int64_t>(std::ceil(clamped)) - 1; break;
        case Compare::LessEqual: hi = static_cast<std::int64_t>(std::floor(clamped)); break;
        case Compare::Greater: lo = static_cast<std::int64_t>(std::floor(clamped)) + 1; break;
        case Compare::GreaterEqual: lo = static_cast<std::int64_t>(std::ceil(clamped)); break;
        default: break;
    }
}

bool ordered(Compare op) {
    return op == Compare::Less || op == Compare::LessEqual || op == Compare::Greater || op == Compare::GreaterEqual;
}

// `10.20.0.*`, `10.20.*` or `10.*.*.*`: a subnet written as a pattern.
std::optional<Cidr> star_subnet(std::string_view v) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const auto dot = v.find('.', start);
        parts.push_back(v.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos) break;
        start = dot + 1;
    }
    if (parts.size() > 4) return std::nullopt;
    std::size_t fixed = 0;
    while (fixed < parts.size() && parts[fixed] != "*") ++fixed;
    for (std::size_t i = fixed; i < parts.size(); ++i)
        if (parts[i] != "*") return std::nullopt;
    if (fixed == parts.size()) return std::nullopt;  // no star
    std::string text;
    for (std::size_t i = 0; i < 4; ++i) text += (i ? "." : "") + std::string(i < fixed ? parts[i] : "0");
    const auto ip = parse_ipv4(text);
    if (!ip) return std::nullopt;
    return Cidr{*ip, static_cast<int>(fixed * 8)};
}

}  // namespace

Condition::Condition() : node_(std::make_shared<Node>()) {}

Condition Condition::word(std::string_view text) {
    auto n = std::make_shared<Node>();
    n->kind = Node::Kind::Word;
    n->word = to_lower(text);
    return Condition(std::move(n));
}

Condition Condition::all_of(std::vector<Condition> parts) {
    std::vector<std::shared_ptr<const Node>> kids;
    for (auto& p : parts) {
        if (p.node_->kind == Node::Kind::All) continue;
        if (p.node_->kind == Node::Kind::And)
            kids.insert(kids.end(), p.node_->children.begin(), p.node_->children.end());
        else
            kids.push_back(p.node_);
    }
    if (kids.empty()) return Condition();
    if (kids.size() == 1) return Condition(kids.front());
    auto n = std::make_shared<Node>();
    n->kind = Node::Kind::And;
    n->children = std::move(kids);
    return Condition(std::move(n));
}

Condition Condition::any_of(std::vector<Condition> parts) {
    std::vector<std::shared_ptr<const Node>> kids;
    for (auto& p : parts) {
        if (p.node_->kind == Node::Kind::All) return Condition();
        if (p.node_->kind == Node::Kind::None) continue;
        if (p.node_->kind == Node::Kind::Or)
            kids.insert(kids.end(), p.node_->children.begin(), p.node_->children.end());
        else
            kids.push_back(p.node_);
    }
    if (kids.size() == 1) return Condition(kids.front());
    auto n = std::make_shared<Node>();
    n->kind = kids.empty() ? Node::Kind::None : Node::Kind::Or;
    n->children = std::move(kids);
    return Condition(std::move(n));
}

Condition Condition::negate(Condition c) {
    if (c.node_->kind == Node::Kind::Not) return Condition(c.node_->children.front());
    auto n = std::make_shared<Node>();
    if (c.node_->kind == Node::Kind::All) {
        n->kind = Node::Kind::None;
    } else if (c.node_->kind == Node::Kind::None) {
        n->kind = Node::Kind::All;
    } else {
        n->kind = Node::Kind::Not;
        n->children.push_back(c.node_);
    }
    return Condition(std::move(n));
}

std::variant<Condition, ValueProblem> Condition::compare(const Field& field, Compare op, std::string_view value,
                                                         MatchOptions options) {
    auto n = std::make_shared<Node>();
    n->kind = Node::Kind::Test;
    n->field = &field;
    n->op = op;
    n->written = std::string(value);
    n->case_sensitive = options.case_sensitive;
    n->negate = op == Compare::NotEqual || op == Compare::NotRegex;
    const std::string name(field.name);
    const TextArgs args{{"field", name}, {"value", std::string(value.substr(0, 80))}};

    if (op == Compare::Regex || op == Compare::NotRegex) {
        if (value.size() > kMaxRegexBytes) return problem("query.regex_too_long", {{"max", std::to_string(kMaxRegexBytes)}});
        if (regex_expansion(value) > kMaxRegexExpansion)
            return problem("query.regex_too_complex", {{"max", std::to_string(kMaxRegexExpansion)}});
        std::string error;
        n->regex = Regex::compile(value, !options.case_sensitive, error);
        if (!n->regex) return problem("query.bad_regex", {{"error", error}});
        n->value = Node::Value::Regex;
        return Condition(std::move(n));
    }
    const bool has_star = value.find('*') != std::string_view::npos;
    auto as_pattern = [&]() {
        n->value = Node::Value::Pattern;
        n->pattern = options.case_sensitive ? std::string(value) : to_lower(value);
        return Condition(n);
    };

    switch (field.type) {
        case FieldType::Text:
        case FieldType::Mac:
        case FieldType::Source:
            if (ordered(op)) return problem("query.not_ordered", args);
            return as_pattern();
        case FieldType::Name:
            if (ordered(op)) {
                const auto x = decimal_number(value);
                if (!x) return problem("query.not_ordered", args);
                n->value = Node::Value::NameRange;
                bounds(op, *x, n->lo, n->hi);
                return Condition(std::move(n));
            }
            return as_pattern();
        case FieldType::Address: {
            n->value = Node::Value::Range;
            if (!ordered(op)) {
                if (value == "-") {  // no address: a DNS query with no answer, a DHCP message with none
                    n->lo = n->hi = 0;
                    return Condition(std::move(n));
                }
                if (auto ip = parse_ipv4(value)) {
                    n->lo = n->hi = *ip;
                    return Condition(std::move(n));
                }
                if (value.find('/') != std::string_view::npos) {
                    const auto cidr = parse_cidr(value);
                    if (!cidr) return problem("query.bad_subnet", args);
                    n->lo = cidr->network;
                    n->hi = std::int64_t(cidr->network) | (~std::int64_t(cidr->mask()) & 0xFFFFFFFF);
                    return Condition(std::move(n));
                }
                if (const auto dash = value.find('-'); dash != std::string_view::npos) {
                    const auto a = parse_ipv4(value.substr(0, dash)), b = parse_ipv4(value.substr(dash + 1));
                    if (a && b && *a <= *b) {
                        n->lo = *a;
                        n->hi = *b;
                        return Condition(std::move(n));
                    }
                }
                if (has_star) {
                    if (const auto subnet = star_subnet(value)) {
                        n->lo = subnet->network;
                        n->hi = std::int64_t(subnet->network) | (~std::int64_t(subnet->mask()) & 0xFFFFFFFF);
                        return Condition(std::move(n));
                    }
                    return as_pattern();  // rarer shapes (`*.5`): matched on the text, slower
                }
                return problem("query.bad_address", args);
            }
            const auto ip = parse_ipv4(value);
            if (!ip) return problem("query.bad_address", args);
            bounds(op, *ip, n->lo, n->hi);
            return Condition(std::move(n));
        }
        case FieldType::Number:
        case FieldType::Tenths: {
            if (has_star && !ordered(op)) return as_pattern();
            std::optional<double> x = decimal_number(value);
            if (!x && field.type == FieldType::Tenths)
                if (const auto d = parse_duration(value)) x = static_cast<double>(*d) / kSecond;
            if (!x) return problem("query.bad_number", args);
            n->value = Node::Value::Range;
            // Durations are kept in tenths of a second and written in seconds.
            bounds(op, field.type == FieldType::Tenths ? std::round(*x * 10 * 1e6) / 1e6 : *x, n->lo, n->hi);
            return Condition(std::move(n));
        }
        case FieldType::Time: {
            if (has_star && !ordered(op)) return as_pattern();
            if (!resolve_time(value, 0, 0)) return problem("query.bad_time", args);
            n->value = Node::Value::Time;
            n->time_text = std::string(value);
            return Condition(std::move(n));
        }
    }
    return as_pattern();
}

bool Condition::matches_everything() const { return node_->kind == Node::Kind::All; }

bool Condition::uses_raw_line() const {
    std::vector<const Node*> todo{node_.get()};
    while (!todo.empty()) {
        const Node* n = todo.back();
        todo.pop_back();
        if (n->kind == Node::Kind::Word) return true;
        for (const auto& c : n->children) todo.push_back(c.get());
    }
    return false;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Describing
// ---------------------------------------------------------------------------------------------

namespace {

void describe(const Node& n, std::string& out) {
    auto list = [&](const char* name) {
        out += name;
        out += '(';
        for (std::size_t i = 0; i < n.children.size(); ++i) {
            if (i) out += ", ";
            describe(*n.children[i], out);
        }
        out += ')';
    };
    switch (n.kind) {
        case Node::Kind::All: out += "ALL"; break;
        case Node::Kind::None: out += "NONE"; break;
        case Node::Kind::And: list("AND"); break;
        case Node::Kind::Or: list("OR"); break;
        case Node::Kind::Not: list("NOT"); break;
        case Node::Kind::Word: out += "word(\"" + n.word + "\")"; break;
        case Node::Kind::Test:
            out += std::string(n.field->name) + compare_text(n.op) + "\"" + n.written + "\"";
            break;
    }
}

}  // namespace

std::string Condition::describe() const {
    std::string out;
    logs::describe(*node_, out);
    return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Scanning
// ---------------------------------------------------------------------------------------------

namespace {

// How a leaf is tested, chosen when the scan starts.
enum class Method : std::uint8_t {
    ByString,  // a table per StringPool id, filled on first sight of each id
    ByCode,    // a table of the 256 codes of a name field (or the four sources)
    ByHost,    // a table per host index (MAC addresses)
    Range,     // integer bounds on the raw value
    ByValue,   // the rendered text of the raw value, remembered per value (rare patterns on numbers)
    ByRecord,  // the rendered field of each record (patterns on times)
    Word,      // the raw line of each record
};

constexpr std::size_t kBlock = 4096;

// The source whose table holds `f` (names render by source: the same code is a qtype in DNS and
// an action in the firewall log).
Source source_of(const Field& f) {
    for (int s = 0; s < kSourceCount; ++s)
        for (const auto& g : fields_of(static_cast<Source>(s)))
            if (&g == &f) return static_cast<Source>(s);
    return Source::Dns;
}


// Keeps in `out` (appended) the indices whose record passes `test`; writes through a raw
// pointer, which is what makes the loop tight.
template <class Test>
void keep(const Event* base, const std::uint32_t* in, std::size_t n, std::vector<std::uint32_t>& out, Test test) {
    // Blocks are at most kBlock long: the kept indices go to a buffer on the stack first, which
    // spares zero-filling the output.
    std::uint32_t kept[kBlock];
    for (std::size_t from = 0; from < n; from += kBlock) {
        const std::size_t m = std::min(kBlock, n - from);
        std::uint32_t* w = kept;
        for (std::size_t i = 0; i < m; ++i) {
            const std::uint32_t idx = in[from + i];
            *w = idx;
            w += test(base[idx]) ? 1 : 0;
        }
        out.insert(out.end(), kept, w);
    }
}

}  // namespace

struct ConditionScan::State {
    struct Leaf {
        const Node* node = nullptr;
        Method method = Method::Range;
        std::int64_t lo = 0, hi = 0;
        std::vector<std::uint8_t> known;              // ByString, ByHost: 0 unknown, 1 no, 2 yes
        std::array<std::uint8_t, 256> codes{};        // ByCode: 1 no, 2 yes
        std::unordered_map<std::int64_t, bool> seen;  // ByValue
        std::string line;                             // Word, ByRecord: reused buffer
    };
    struct ScanNode {
        Node::Kind kind;
        std::vector<std::size_t> children;  // indices into nodes, cheapest first
        std::size_t leaf = 0;               // index into leaves (Word, Test)
        int cost = 1;
        std::vector<std::uint32_t> a, b, c, d;  // scratch lists of this node
    };

    Renderer renderer;
    const Event* base = nullptr;  // the store's records, refreshed at each select
    std::vector<Leaf> leaves;
    std::vector<ScanNode> nodes;
    std::size_t root = 0;

    State(const Renderer& r) : renderer(r) {}

    bool text_matches(const Leaf& leaf, std::string_view text) const {
        const Node& n = *leaf.node;
        if (n.value == Node::Value::Regex) return n.regex->matches(text);
        if (n.value == Node::Value::NameRange) {
            const auto x = decimal_number(text);
            return x && *x >= static_cast<double>(n.lo) && *x <= static_cast<double>(n.hi);
        }
        return n.case_sensitive ? wildcard<false>(n.pattern, text) : wildcard<true>(n.pattern, text);
    }

    // The text the Renderer shows for a raw value of the leaf's field.
    std::string render_value(const Leaf& leaf, std::int64_t raw, Source source) const {
        Event e;
        e.source = source;
        set_raw_value(leaf.node->field->slot, e, raw);
        return renderer.field(e, leaf.node->field->name);
    }

    std::size_t build(const Node& n, SimTime now) {
        ScanNode s;
        s.kind = n.kind;
        if (n.kind == Node::Kind::Word || n.kind == Node::Kind::Test) {
            Leaf leaf;
            leaf.node = &n;
            s.leaf = leaves.size();
            s.cost = plan(leaf, now);
            leaves.push_back(std::move(leaf));
        } else {
            for (const auto& c : n.children) s.children.push_back(build(*c, now));
            // Cheap tests first: an AND hands the expensive ones (free words) fewer records.
            std::stable_sort(s.children.begin(), s.children.end(),
                             [this](std::size_t x, std::size_t y) { return nodes[x].cost < nodes[y].cost; });
            s.cost = 0;
            for (auto c : s.children) s.cost = std::min(1000, s.cost + nodes[c].cost);
        }
        nodes.push_back(std::move(s));
        return nodes.size() - 1;
    }

    // Chooses how a leaf is tested; returns its cost (1 for a table or bound, more for text).
    int plan(Leaf& leaf, SimTime now) {
        const Node& n = *leaf.node;
        const Source source = n.field ? source_of(*n.field) : Source::Dns;
        if (n.kind == Node::Kind::Word) {
            leaf.method = Method::Word;
            return 100;
        }
        const Field& f = *n.field;
        switch (n.value) {
            case Node::Value::Range:
                leaf.method = Method::Range;
                leaf.lo = n.lo;
                leaf.hi = n.hi;
                return 1;
            case Node::Value::Time: {
                const int offset = renderer.scenario().utc_offset_minutes;
                const auto t = resolve_time(n.time_text, offset, now);
                const SimTime start = t ? t->start : 0, end = t ? t->start + t->length : 0;  // [start, end)
                constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min() / 2;
                constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max() / 2;
                leaf.method = Method::Range;
                leaf.lo = kMin;
                leaf.hi = kMax;
                switch (n.op) {
                    case Compare::Equal:
                    case Compare::NotEqual: leaf.lo = start; leaf.hi = end - 1; break;
                    case Compare::Less: leaf.hi = start - 1; break;
                    case Compare::LessEqual: leaf.hi = end - 1; break;
                    case Compare::Greater: leaf.lo = end; break;
                    case Compare::GreaterEqual: leaf.lo = start; break;
                    default: break;
                }
                return 1;
            }
            default: break;
        }
        switch (f.type) {
            case FieldType::Text: leaf.method = Method::ByString; return 1;
            case FieldType::Mac:
                leaf.method = Method::ByHost;
                leaf.known.assign(65536, 0);
                return 1;
            case FieldType::Name:
            case FieldType::Source:
                leaf.method = Method::ByCode;
                for (int code = 0; code < 256; ++code) {
                    const std::string text = f.type == FieldType::Source
                                                 ? (code < kSourceCount ? source_name(static_cast<Source>(code)) : "")
                                                 : render_value(leaf, code, source);
                    leaf.codes[static_cast<std::size_t>(code)] = text_matches(leaf, text) ? 2 : 1;
                }
                return 1;
            case FieldType::Time: leaf.method = Method::ByRecord; return 50;
            default: leaf.method = Method::ByValue; return 5;
        }
    }

    // Tests one leaf over a selection list.
    void select_leaf(Leaf& leaf, const std::uint32_t* in, std::size_t n, std::vector<std::uint32_t>& out) {
        const Node& node = *leaf.node;
        const bool negate = node.negate;
        switch (leaf.method) {
            case Method::Range: {
                const std::int64_t lo = leaf.lo, hi = leaf.hi;
                with_slot(node.field->slot, [&](auto get) {
                    if (negate)
                        keep(base, in, n, out, [&](const Event& e) { const auto v = get(e); return v < lo || v > hi; });
                    else
                        keep(base, in, n, out, [&](const Event& e) { const auto v = get(e); return v >= lo && v <= hi; });
                });
                break;
            }
            case Method::ByString: {
                // Every record's string is in the pool already, so the table sized to the pool
                // covers them all; a made-up record beyond it reads as no match.
                const StringPool& pool = renderer.store().strings();
                auto& known = leaf.known;
                if (known.size() < pool.size()) known.resize(pool.size(), 0);
                std::uint8_t* table = known.data();
                const std::size_t size = known.size();
                const std::uint8_t want = negate ? 1 : 2;
                keep(base, in, n, out, [&](const Event& e) {
                    const std::uint32_t id = e.text;
                    if (id >= size) return want == 1;
                    std::uint8_t v = table[id];
                    if (v == 0) v = table[id] = text_matches(leaf, pool.get(id)) ? 2 : 1;
                    return v == want;
                });
                break;
            }
            case Method::ByCode: {
                const auto& codes = leaf.codes;
                const std::uint8_t want = negate ? 1 : 2;
                with_slot(node.field->slot, [&](auto get) {
                    keep(base, in, n, out, [&](const Event& e) { return codes[static_cast<std::uint8_t>(get(e))] == want; });
                });
                break;
            }
            case Method::ByHost: {
                auto& known = leaf.known;
                const std::uint8_t want = negate ? 1 : 2;
                keep(base, in, n, out, [&](const Event& e) {
                    std::uint8_t v = known[e.host];
                    if (v == 0) v = known[e.host] = text_matches(leaf, renderer.field(e, node.field->name)) ? 2 : 1;
                    return v == want;
                });
                break;
            }
            case Method::ByValue: {
                with_slot(node.field->slot, [&](auto get) {
                    keep(base, in, n, out, [&](const Event& e) {
                        const std::int64_t raw = get(e);
                        auto it = leaf.seen.find(raw);
                        if (it == leaf.seen.end()) {
                            // A pattern on numbers or addresses that is not a range: bounded memory.
                            if (leaf.seen.size() > 1'000'000) leaf.seen.clear();
                            it = leaf.seen.emplace(raw, text_matches(leaf, render_value(leaf, raw, e.source))).first;
                        }
                        return it->second != negate;
                    });
                });
                break;
            }
            case Method::ByRecord:
                keep(base, in, n, out, [&](const Event& e) {
                    return text_matches(leaf, renderer.field(e, node.field->name)) != negate;
                });
                break;
            case Method::Word: {
                const bool pattern = node.word.find('*') != std::string::npos;
                const std::string wild = pattern ? "*" + node.word + "*" : std::string();
                keep(base, in, n, out, [&](const Event& e) {
                    leaf.line = renderer.line(e);
                    for (auto& ch : leaf.line) ch = lower(ch);
                    return pattern ? wildcard<false>(wild, leaf.line) : leaf.line.find(node.word) != std::string::npos;
                });
                break;
            }
        }
    }

    void select_node(std::size_t at, const std::uint32_t* in, std::size_t n, std::vector<std::uint32_t>& out) {
        ScanNode& s = nodes[at];
        switch (s.kind) {
            case Node::Kind::All: out.insert(out.end(), in, in + n); return;
            case Node::Kind::None: return;
            case Node::Kind::Word:
            case Node::Kind::Test: select_leaf(leaves[s.leaf], in, n, out); return;
            case Node::Kind::And: {
                const std::uint32_t* cur = in;
                std::size_t cur_n = n;
                for (std::size_t k = 0; k < s.children.size(); ++k) {
                    if (k + 1 == s.children.size()) {
                        select_node(s.children[k], cur, cur_n, out);
                        return;
                    }
                    auto& next = (k % 2 == 0) ? s.a : s.b;
                    next.clear();
                    select_node(s.children[k], cur, cur_n, next);
                    cur = next.data();
                    cur_n = next.size();
                    if (cur_n == 0) return;
                }
                return;
            }
            case Node::Kind::Or: {
                // a: found so far, b: still to test, c: hits of one branch, d: merge space.
                s.a.clear();
                s.b.assign(in, in + n);
                for (auto child : s.children) {
                    s.c.clear();
                    select_node(child, s.b.data(), s.b.size(), s.c);
                    if (s.c.empty()) continue;
                    s.d.clear();
                    std::merge(s.a.begin(), s.a.end(), s.c.begin(), s.c.end(), std::back_inserter(s.d));
                    s.a.swap(s.d);
                    s.d.clear();
                    std::set_difference(s.b.begin(), s.b.end(), s.c.begin(), s.c.end(), std::back_inserter(s.d));
                    s.b.swap(s.d);
                    if (s.b.empty()) break;
                }
                out.insert(out.end(), s.a.begin(), s.a.end());
                return;
            }
            case Node::Kind::Not: {
                s.a.clear();
                select_node(s.children.front(), in, n, s.a);
                std::set_difference(in, in + n, s.a.begin(), s.a.end(), std::back_inserter(out));
                return;
            }
        }
    }
};

ConditionScan::ConditionScan(const Condition& condition, const Renderer& renderer, SimTime now)
    : state_(std::make_unique<State>(renderer)) {
    state_->root = state_->build(condition.node(), now);
}

ConditionScan::~ConditionScan() = default;
ConditionScan::ConditionScan(ConditionScan&&) noexcept = default;
ConditionScan& ConditionScan::operator=(ConditionScan&&) noexcept = default;

void ConditionScan::select(const std::uint32_t* indices, std::size_t n, std::vector<std::uint32_t>& out) {
    state_->base = state_->renderer.store().events().data();
    for (std::size_t from = 0; from < n; from += kBlock)
        state_->select_node(state_->root, indices + from, std::min(kBlock, n - from), out);
}

bool ConditionScan::matches(const Event& e) {
    state_->base = &e;
    const std::uint32_t zero = 0;
    std::vector<std::uint32_t> out;
    state_->select_node(state_->root, &zero, 1, out);
    return !out.empty();
}

}  // namespace socsim::logs
