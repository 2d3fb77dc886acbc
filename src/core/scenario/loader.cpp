// Reads a scenario file (YAML) into the Scenario model and checks it, so that an author sees every
// mistake at once with its file:line:col, what was found and what was expected. The format is
// described key by key in docs/scenario-format.md; keep the two in step.
//
// [SECTION] Limits           sizes past which a file is refused rather than simulated
// [SECTION] Words            edit distance, "did you mean", how a found value is shown
// [SECTION] Reader           where diagnostics go, with 1-based positions
// [SECTION] Fields           one YAML map: unknown and duplicated keys, typed values
// [SECTION] Sections         metadata, users, hosts, network, benign, attack, scoring
// [SECTION] Cross-checks     references, duplicates, addresses, the DHCP pool
// [SECTION] Entry points     load_text, load_file
#include "core/scenario/loader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "core/common/yaml_documents.h"
#include "core/quiz/question.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <optional>
#include <sstream>
#include <string_view>
#include <system_error>
#include <utility>

#include "core/common/hash.h"
#include "core/common/spelling.h"

namespace socsim::scenario {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Limits
// ---------------------------------------------------------------------------------------------

// A scenario past these is a typo or a hostile file, not a training exercise; refusing it keeps
// the engine's memory and time bounded.
constexpr std::uintmax_t kMaxFileBytes = 16u * 1024 * 1024;
constexpr std::size_t kMaxHosts = 5000;
constexpr std::size_t kMaxUsers = 5000;
constexpr std::size_t kMaxSites = 2000;
constexpr std::size_t kMaxPeriodic = 200;
constexpr std::size_t kMaxAttackSteps = 200;
constexpr std::size_t kMaxTechniques = 100;
constexpr Millis kMaxDuration = 31 * kDay;
constexpr double kMaxLookupsPerHour = 10000;
constexpr int kMaxTtl = 7 * 24 * 3600;

using Names = std::vector<std::string>;

// ---------------------------------------------------------------------------------------------
// [SECTION] Words
// ---------------------------------------------------------------------------------------------

// "; did you mean 'hostname'?" when one option is within two edits, else "".
std::string did_you_mean(std::string_view word, const Names& options) {
    const std::string found = closest_word(word, options);
    return found.empty() ? std::string() : "; did you mean '" + found + "'?";
}

std::string join(const Names& names) {
    std::string out;
    for (const auto& n : names) {
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

// At most `n` bytes of `text`, never cutting a UTF-8 character in half, "..." when cut.
std::string cut(std::string_view text, std::size_t n) {
    if (text.size() <= n) return std::string(text);
    std::size_t end = n;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return std::string(text.substr(0, end)) + "...";
}

// A value as the author wrote it, cut short so one message stays on one line.
std::string shown(std::string_view text) {
    if (text.empty()) return "\"\"";
    return cut(text, 60);
}

// What kind of YAML value was found, for type errors.
std::string found(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map: return "a map";
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Scalar: return "the text \"" + cut(node.Scalar(), 60) + "\"";
        default: return "nothing";
    }
}

std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// How a path is named at the start of a message.
std::string label(const std::string& path) { return path.empty() ? "the file" : "\"" + path + "\""; }

std::string indexed(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

// What a value should look like: "an IPv4 address" + "10.20.0.15".
struct Expect {
    const char* what;
    const char* example;
};
std::string expected(Expect e) { return std::string(e.what) + " like " + e.example; }

constexpr Expect kText{"text", "Sales"};
constexpr Expect kIpv4{"an IPv4 address", "10.20.0.15"};
constexpr Expect kMacAddr{"a MAC address", "3c:52:82:10:00:01"};
constexpr Expect kSubnet{"a subnet", "10.20.0.0/24"};
constexpr Expect kDuration{"a duration", "90s, 15m, 8h or 1h30m"};
constexpr Expect kDomain{"a lower-case domain name", "www.example.co.jp"};
constexpr Expect kHostname{"a hostname", "ws-01"};
constexpr Expect kUserName{"a logon name", "tanaka"};
constexpr Expect kTechnique{"an ATT&CK technique id", "T1071.004"};
constexpr Expect kScenarioId{"an id of lower-case letters, digits and dashes", "dns-beaconing"};
constexpr Expect kClock{"a local time of day", "\"08:30\""};
constexpr Expect kClockRange{"a range of local times", "\"12:00-13:00\""};
constexpr Expect kPoolRange{"an address range", "\"10.20.0.100-10.20.0.199\""};
constexpr Expect kStartTime{"a start time with its UTC offset", "\"2026-03-02T08:00:00+09:00\""};

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// RFC 1123 host label, lower case: what Windows and DHCP logs will print.
bool valid_hostname(std::string_view s) {
    if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return is_lower_alnum(c) || c == '-'; });
}

bool valid_domain(std::string_view s) {
    if (s.empty() || s.size() > 253 || s.find('.') == std::string_view::npos) return false;
    std::size_t start = 0;
    while (start <= s.size()) {
        std::size_t dot = s.find('.', start);
        if (dot == std::string_view::npos) dot = s.size();
        const auto part = s.substr(start, dot - start);
        if (part.empty() || part.size() > 63 || part.front() == '-' || part.back() == '-') return false;
        for (char c : part)
            if (!is_lower_alnum(c) && c != '-' && c != '_') return false;
        start = dot + 1;
    }
    return true;
}

bool valid_user_name(std::string_view s) {
    if (s.empty() || s.size() > 32) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return is_lower_alnum(c) || c == '.' || c == '_' || c == '-'; });
}

bool valid_scenario_id(std::string_view s) {
    if (s.empty() || s.size() > 64 || s.front() == '-') return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return is_lower_alnum(c) || c == '-'; });
}

// T1071 or T1071.004.
bool valid_technique(std::string_view s) {
    auto digits = [&](std::size_t from, std::size_t n) {
        if (from + n > s.size()) return false;
        for (std::size_t i = from; i < from + n; ++i)
            if (s[i] < '0' || s[i] > '9') return false;
        return true;
    };
    if (s.size() != 5 && s.size() != 9) return false;
    if (s[0] != 'T' || !digits(1, 4)) return false;
    return s.size() == 5 || (s[5] == '.' && digits(6, 3));
}

// "08:30" -> 510.
std::optional<int> parse_clock(std::string_view s) {
    auto two = [&](std::size_t at) -> int {
        if (at + 2 > s.size() || s[at] < '0' || s[at] > '9' || s[at + 1] < '0' || s[at + 1] > '9') return -1;
        return (s[at] - '0') * 10 + (s[at + 1] - '0');
    };
    std::size_t colon = s.find(':');
    if (colon == 1) {  // "8:30"
        if (s[0] < '0' || s[0] > '9') return std::nullopt;
        const int m = two(2);
        if (s.size() != 4 || m < 0 || m > 59) return std::nullopt;
        return (s[0] - '0') * 60 + m;
    }
    if (colon != 2 || s.size() != 5) return std::nullopt;
    const int h = two(0), m = two(3);
    if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
    return h * 60 + m;
}

std::string clock_text(int minute_of_day) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minute_of_day / 60 % 24, minute_of_day % 60);
    return buf;
}

std::string_view trim(std::string_view s) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!s.empty() && blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && blank(s.back())) s.remove_suffix(1);
    return s;
}

// "a-b" split at the one dash that separates two values; values themselves hold no dash.
std::optional<std::pair<std::string_view, std::string_view>> split_range(std::string_view s) {
    const auto dash = s.find('-');
    if (dash == std::string_view::npos || s.find('-', dash + 1) != std::string_view::npos) return std::nullopt;
    return std::make_pair(trim(s.substr(0, dash)), trim(s.substr(dash + 1)));
}

// The offset written at the end of an ISO 8601 time, in minutes; nullopt when none is written.
std::optional<int> written_utc_offset(std::string_view s) {
    if (!s.empty() && (s.back() == 'Z' || s.back() == 'z')) return 0;
    if (s.size() < 6) return std::nullopt;
    const auto tail = s.substr(s.size() - 6);
    if ((tail[0] != '+' && tail[0] != '-') || tail[3] != ':') return std::nullopt;
    const int h = (tail[1] - '0') * 10 + (tail[2] - '0');
    const int m = (tail[4] - '0') * 10 + (tail[5] - '0');
    return (h * 60 + m) * (tail[0] == '-' ? -1 : 1);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Reader
// ---------------------------------------------------------------------------------------------

class Reader {
public:
    explicit Reader(std::string file) : file_(std::move(file)) {}

    // yaml-cpp marks are 0-based; people and editors count from 1.
    void at(const YAML::Mark& mark, std::string message) {
        Diagnostic d;
        d.file = file_;
        if (!mark.is_null() && mark.line >= 0) {
            d.line = mark.line + 1;
            d.column = mark.column + 1;
        }
        d.message = std::move(message);
        errors_.push_back(std::move(d));
    }
    void at(const YAML::Node& node, std::string message) {
        at(node.IsDefined() ? node.Mark() : YAML::Mark::null_mark(), std::move(message));
    }
    void whole_file(std::string message) { at(YAML::Mark::null_mark(), std::move(message)); }

    std::vector<Diagnostic> take() {
        // File order reads best: cross-checks are found after the walk but belong where they point.
        std::stable_sort(errors_.begin(), errors_.end(), [](const Diagnostic& a, const Diagnostic& b) {
            return a.line != b.line ? a.line < b.line : a.column < b.column;
        });
        return std::move(errors_);
    }
    std::size_t count() const { return errors_.size(); }
    const std::string& file() const { return file_; }

private:
    std::string file_;
    std::vector<Diagnostic> errors_;
};

int line_of(const YAML::Node& node) {
    if (!node.IsDefined()) return 0;
    const auto m = node.Mark();
    return m.is_null() ? 0 : m.line + 1;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Fields
// ---------------------------------------------------------------------------------------------

struct Entry {
    std::string name;
    YAML::Node key;
    YAML::Node value;
};

// One YAML map read against the keys it may hold. Unknown and repeated keys are reported when
// it is built; the typed readers report a missing required key, a wrong type or a bad value and
// return false, leaving the output at its default.
class Fields {
public:
    Fields(Reader& r, const YAML::Node& node, std::string path, Names allowed)
        : r_(&r), node_(node), path_(std::move(path)), allowed_(std::move(allowed)) {
        if (!node.IsMap()) {
            r_->at(node, label(path_) + ": found " + found(node) + ", expected a map with keys " + join(allowed_));
            return;
        }
        ok_ = true;
        for (auto it = node.begin(); it != node.end(); ++it) {
            const YAML::Node key = it->first;
            if (!key.IsScalar()) {
                r_->at(key, label(path_) + ": found " + found(key) + " as a key, expected one of " + join(allowed_));
                continue;
            }
            const std::string name = key.Scalar();
            if (std::find(allowed_.begin(), allowed_.end(), name) == allowed_.end()) {
                r_->at(key, label(child(name)) + ": unknown key" + did_you_mean(name, allowed_) +
                                " (allowed here: " + join(allowed_) + ")");
                continue;
            }
            if (const Entry* first = find(name)) {
                r_->at(key, label(child(name)) + ": written twice (first on line " +
                                std::to_string(line_of(first->key)) + "); keep one");
                continue;
            }
            entries_.push_back(Entry{name, key, it->second});
        }
    }

    bool ok() const { return ok_; }
    const YAML::Node& node() const { return node_; }
    const std::string& path() const { return path_; }
    Reader& reader() const { return *r_; }
    std::string child(std::string_view name) const {
        return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
    }
    const Entry* find(std::string_view name) const {
        for (const auto& e : entries_)
            if (e.name == name) return &e;
        return nullptr;
    }

    // The entry for `name` when it is present and has a value; reports a missing required key
    // and an empty value (`key:` with nothing after it, which YAML reads as null).
    const Entry* value(std::string_view name, bool required, const std::string& want) const {
        if (!ok_) return nullptr;
        const Entry* e = find(name);
        if (!e) {
            if (required)
                r_->at(node_, label(path_) + ": missing required key \"" + std::string(name) + "\" (expected " +
                                  want + ")");
            return nullptr;
        }
        if (e->value.IsNull()) {
            // The mark of a null value points past it; the key is where the author looks.
            r_->at(e->key, label(child(name)) + ": no value given (expected " + want + ")");
            return nullptr;
        }
        return e;
    }

    // A scalar value, or nullptr after reporting a map or list found instead.
    const YAML::Node* scalar(std::string_view name, bool required, const std::string& want) const {
        const Entry* e = value(name, required, want);
        if (!e) return nullptr;
        if (!e->value.IsScalar()) {
            r_->at(e->value, label(child(name)) + ": found " + found(e->value) + ", expected " + want);
            return nullptr;
        }
        return &e->value;
    }

    void bad(std::string_view name, const YAML::Node& at, Expect e) const {
        r_->at(at, label(child(name)) + ": " + shown(at.Scalar()) + " is not " + e.what + " (expected like " +
                       e.example + ")");
    }

    bool text(std::string_view name, std::string& out, bool required, Expect e = kText) const {
        const YAML::Node* n = scalar(name, required, expected(e));
        if (!n) return false;
        if (n->Scalar().empty()) {
            r_->at(*n, label(child(name)) + ": is empty (expected " + expected(e) + ")");
            return false;
        }
        out = n->Scalar();
        return true;
    }

    // Text checked by `valid`; `e` says what it should have looked like.
    bool word(std::string_view name, std::string& out, bool required, Expect e, bool (*valid)(std::string_view)) const {
        const YAML::Node* n = scalar(name, required, expected(e));
        if (!n) return false;
        if (!valid(n->Scalar())) {
            bad(name, *n, e);
            return false;
        }
        out = n->Scalar();
        return true;
    }

    bool integer(std::string_view name, int& out, bool required, int lo, int hi) const {
        const std::string want = "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
        const YAML::Node* n = scalar(name, required, want);
        if (!n) return false;
        int v = 0;
        if (!YAML::convert<int>::decode(*n, v)) {
            r_->at(*n, label(child(name)) + ": " + shown(n->Scalar()) + " is not a whole number (expected " + want + ")");
            return false;
        }
        if (v < lo || v > hi) {
            r_->at(*n, label(child(name)) + ": " + shown(n->Scalar()) + " is out of range (expected " + want + ")");
            return false;
        }
        out = v;
        return true;
    }

    // `too_high` is appended when the value is above `hi`, to say why the limit exists.
    bool number(std::string_view name, double& out, bool required, double lo, double hi,
                const char* too_high = "") const {
        const std::string want = "a number from " + number_text(lo) + " to " + number_text(hi);
        const YAML::Node* n = scalar(name, required, want);
        if (!n) return false;
        double v = 0;
        if (!YAML::convert<double>::decode(*n, v) || !std::isfinite(v)) {
            r_->at(*n, label(child(name)) + ": " + shown(n->Scalar()) + " is not a number (expected " + want + ")");
            return false;
        }
        if (v < lo || v > hi) {
            const std::string why = v < 0 && lo >= 0 ? " is negative" : " is out of range";
            r_->at(*n, label(child(name)) + ": " + shown(n->Scalar()) + why + " (expected " + want +
                           (v > hi ? too_high : "") + ")");
            return false;
        }
        out = v;
        return true;
    }

    bool boolean(std::string_view name, bool& out, bool required) const {
        const YAML::Node* n = scalar(name, required, "true or false");
        if (!n) return false;
        bool v = false;
        if (!YAML::convert<bool>::decode(*n, v)) {
            r_->at(*n, label(child(name)) + ": " + shown(n->Scalar()) + " is not true or false");
            return false;
        }
        out = v;
        return true;
    }

    bool duration(std::string_view name, Millis& out, bool required) const {
        const YAML::Node* n = scalar(name, required, expected(kDuration));
        if (!n) return false;
        const auto v = parse_duration(n->Scalar());
        // A negative result can only come from an overflowing number ("999999999999d").
        if (!v || *v < 0) {
            bad(name, *n, kDuration);
            return false;
        }
        out = *v;
        return true;
    }

    bool ipv4(std::string_view name, Ipv4& out, bool required) const {
        const YAML::Node* n = scalar(name, required, expected(kIpv4));
        if (!n) return false;
        const auto v = parse_ipv4(n->Scalar());
        if (!v) {
            bad(name, *n, kIpv4);
            return false;
        }
        out = *v;
        return true;
    }

    bool mac(std::string_view name, Mac& out, bool required) const {
        const YAML::Node* n = scalar(name, required, expected(kMacAddr));
        if (!n) return false;
        const auto v = parse_mac(n->Scalar());
        if (!v) {
            bad(name, *n, kMacAddr);
            return false;
        }
        // A device's own address is unicast and not all zeros; DHCP and ARP logs would look wrong.
        if (*v == 0 || ((*v >> 40) & 1) != 0) {
            r_->at(*n, label(child(name)) + ": " + n->Scalar() +
                           " is not the address of one device (a zero, multicast or broadcast MAC; expected like " +
                           kMacAddr.example + ")");
            return false;
        }
        out = *v;
        return true;
    }

    bool cidr(std::string_view name, Cidr& out, bool required) const {
        const YAML::Node* n = scalar(name, required, expected(kSubnet));
        if (!n) return false;
        const auto v = parse_cidr(n->Scalar());
        if (!v) {
            bad(name, *n, kSubnet);
            return false;
        }
        if (v->prefix < 8 || v->prefix > 30) {
            r_->at(*n, label(child(name)) + ": " + n->Scalar() +
                           " is not an office LAN (expected a prefix from /8 to /30, like 10.20.0.0/24)");
            return false;
        }
        out = *v;
        return true;
    }

    // One of a fixed set of words.
    bool choice(std::string_view name, std::string& out, bool required, const Names& options) const {
        const std::string want = "one of " + join(options);
        const YAML::Node* n = scalar(name, required, want);
        if (!n) return false;
        if (std::find(options.begin(), options.end(), n->Scalar()) == options.end()) {
            r_->at(*n, label(child(name)) + ": " + shown(n->Scalar()) + " is not allowed (expected " + want + ")" +
                           did_you_mean(n->Scalar(), options));
            return false;
        }
        out = n->Scalar();
        return true;
    }

    // A nested map, or nullopt after reporting.
    std::optional<Fields> map(std::string_view name, bool required, Names allowed) const {
        const Entry* e = value(name, required, "a map with keys " + join(allowed));
        if (!e) return std::nullopt;
        Fields f(*r_, e->value, child(name), std::move(allowed));
        if (!f.ok()) return std::nullopt;
        return f;
    }

    // A list, or nullptr after reporting a non-list or a list longer than `limit`.
    const YAML::Node* list(std::string_view name, bool required, std::size_t limit, const std::string& want) const {
        const Entry* e = value(name, required, "a list of " + want);
        if (!e) return nullptr;
        if (!e->value.IsSequence()) {
            r_->at(e->value, label(child(name)) + ": found " + found(e->value) + ", expected a list of " + want +
                                 " (one \"- item\" per line, or [a, b])");
            return nullptr;
        }
        if (e->value.size() > limit) {
            r_->at(e->value, label(child(name)) + ": " + std::to_string(e->value.size()) + " entries is more than " +
                                 std::to_string(limit) + ", the most a scenario may have");
            return nullptr;
        }
        return &e->value;
    }

    // {ja: ..., en: ...}: everything a trainee reads exists in both languages.
    bool local_text(std::string_view name, LocalText& out, bool required) const {
        auto f = map(name, required, {"ja", "en"});
        if (!f) return false;
        const bool ja = f->text("ja", out.ja, true, Expect{"Japanese text", "社内ネットワークの調査"});
        const bool en = f->text("en", out.en, true, Expect{"English text", "Investigate the office network"});
        return ja && en;
    }

private:
    Reader* r_;
    YAML::Node node_;
    std::string path_;
    Names allowed_;
    std::vector<Entry> entries_;
    bool ok_ = false;
};

// ---------------------------------------------------------------------------------------------
// [SECTION] Sections
// ---------------------------------------------------------------------------------------------

// Where a value came from, kept beside the model so cross-checks can point at it.
struct Source {
    YAML::Node node;       // the value as written; meaningful only when `written`
    std::string path;
    bool written = false;  // the key is in the file (else the model holds the default)
    bool ok = false;       // written, parsed and stored in the model
};

struct HostSource {
    YAML::Node item;
    Source hostname, ip, mac, owner;
    bool explicit_static = false;
};

struct AttackSource {
    Source host, start, interval, jitter;
};

// Remembers the node of a field when it was read successfully.
Source source_of(const Fields& f, std::string_view name, bool ok) {
    Source s;
    s.path = f.child(name);
    if (const Entry* e = f.find(name)) {
        s.node = e->value;
        s.written = true;
        s.ok = ok;
    }
    return s;
}

const Names kTopKeys = {"id",      "version", "title", "briefing", "difficulty", "start",  "duration", "techniques",
                        "quiz",    "network", "users", "hosts",    "benign",     "attack", "scoring",
                        "quiz_questions", "checkpoints"};
const Names kCheckpointKeys = {"on", "questions"};
const Names kCheckpointTriggers = {"start", "first_evidence", "first_isolation", "report_submitted"};
const Names kNetworkKeys = {"domain", "subnet",      "gateway",  "public_ip",   "dhcp",
                            "dns_server", "auth_server", "firewall", "upstream_dns"};
const Names kDhcpKeys = {"pool", "lease", "server"};
const Names kUserKeys = {"name", "ja", "en", "department"};
const Names kHostKeys = {"hostname", "role", "owner", "mac", "addressing", "ip", "value"};
const Names kBenignKeys = {"hours", "lookups_per_hour", "failed_logon_chance", "sites", "periodic"};
const Names kHoursKeys = {"start", "end", "lunch", "weekends_off"};
const Names kSiteKeys = {"domain", "ip", "ttl", "weight"};
const Names kPeriodicKeys = {"name", "domain", "ip", "port", "protocol", "interval", "jitter", "ttl", "roles"};
const Names kAttackKeys = {"id", "kind", "host", "start", "technique", "lure", "c2", "interval", "jitter"};
const Names kLureKeys = {"domain", "ip"};
const Names kC2Keys = {"domain", "ip", "record_type", "ttl"};
const Names kScoringKeys = {"containment_points", "full_credit_within", "min_credit_after", "min_credit_share",
                            "wrong_isolation_penalty", "quiz_points", "pass_mark"};
const Names kDifficulties = {"easy", "medium", "hard"};
const Names kAddressing = {"dhcp", "static"};
const Names kProtocols = {"udp", "tcp"};
const Names kRecordTypes = {"A", "AAAA", "TXT", "CNAME", "MX", "NULL"};

class ScenarioReader {
public:
    explicit ScenarioReader(Reader& r) : r_(r) {}

    void read(const YAML::Node& root) {
        Fields top(r_, root, "", kTopKeys);
        if (!top.ok()) return;
        read_metadata(top);
        read_users(top);
        read_hosts(top);
        read_network(top);
        read_benign(top);
        read_attack(top);
        read_scoring(top);
        read_quiz(top);

        check_users_and_hosts();
        check_network();
        check_timing();
    }

    Scenario take() { return std::move(s_); }

private:
    // ---- metadata ----
    void read_metadata(const Fields& top) {
        top.word("id", s_.id, true, kScenarioId, valid_scenario_id);
        top.integer("version", s_.version, false, 1, 1000000);
        top.local_text("title", s_.title, true);
        top.local_text("briefing", s_.briefing, true);
        top.choice("difficulty", s_.difficulty, false, kDifficulties);

        if (const YAML::Node* n = top.scalar("start", true, expected(kStartTime))) {
            const auto t = parse_iso8601(n->Scalar());
            const auto offset = written_utc_offset(n->Scalar());
            if (!t) {
                top.bad("start", *n, kStartTime);
            } else if (!offset) {
                r_.at(*n, label("start") + ": " + n->Scalar() +
                              " has no UTC offset, so the company's local time is unknown (expected like " +
                              kStartTime.example + ")");
            } else {
                s_.start_time = *t;
                s_.utc_offset_minutes = *offset;
            }
        }

        duration_ok_ = top.duration("duration", s_.duration, true);
        if (duration_ok_) {
            const Entry* e = top.find("duration");
            if (s_.duration <= 0) {
                r_.at(e->value, label("duration") + ": " + e->value.Scalar() +
                                    " is not a length of time (expected more than 0, like 9h)");
                duration_ok_ = false;
            } else if (s_.duration > kMaxDuration) {
                r_.at(e->value, label("duration") + ": " + e->value.Scalar() +
                                    " is longer than 31 days, the longest scenario socsim will run");
                duration_ok_ = false;
            }
        }

        if (const YAML::Node* list = top.list("techniques", false, kMaxTechniques, "ATT&CK technique ids")) {
            for (std::size_t i = 0; i < list->size(); ++i) {
                const YAML::Node item = (*list)[i];
                const std::string path = indexed("techniques", i);
                if (!item.IsScalar()) {
                    r_.at(item, label(path) + ": found " + found(item) + ", expected " + expected(kTechnique));
                } else if (!valid_technique(item.Scalar())) {
                    r_.at(item, label(path) + ": " + shown(item.Scalar()) + " is not " + kTechnique.what +
                                    " (expected like " + kTechnique.example + ")");
                } else {
                    s_.techniques.push_back(item.Scalar());
                }
            }
        }
        top.text("quiz", s_.quiz, false, Expect{"a quiz bank file", "../quizzes/soc-basics.yaml"});
    }

    // ---- quiz: the end quiz's questions and the checkpoints ----
    // Question ids must exist in the bank the scenario names, and each is asked once at most.
    void read_quiz(const Fields& top) {
        std::vector<std::pair<std::string, YAML::Node>> asked;  // every id with where it was written
        auto read_ids = [&](const YAML::Node& list, const std::string& path, std::vector<std::string>& out) {
            for (std::size_t i = 0; i < list.size(); ++i) {
                const YAML::Node item = list[i];
                if (!item.IsScalar() || item.Scalar().empty()) {
                    r_.at(item, label(indexed(path, i)) + ": found " + found(item) + ", expected a question id");
                    continue;
                }
                out.push_back(item.Scalar());
                asked.emplace_back(item.Scalar(), item);
            }
        };
        if (const YAML::Node* list = top.list("quiz_questions", false, 500, "question ids"))
            read_ids(*list, "quiz_questions", s_.quiz_questions);
        if (const YAML::Node* list = top.list("checkpoints", false, 50, "checkpoints like {on: start, questions: [id]}")) {
            for (std::size_t i = 0; i < list->size(); ++i) {
                Fields f(r_, (*list)[i], indexed("checkpoints", i), kCheckpointKeys);
                if (!f.ok()) continue;
                Checkpoint c;
                c.line = (*list)[i].Mark().line + 1;
                f.choice("on", c.trigger, true, kCheckpointTriggers);
                if (const YAML::Node* ids = f.list("questions", true, 50, "question ids")) {
                    read_ids(*ids, f.child("questions"), c.questions);
                    if (ids->size() == 0) r_.at(*ids, label(f.child("questions")) + ": is empty (expected at least one question id)");
                }
                s_.checkpoints.push_back(std::move(c));
            }
        }
        if (asked.empty()) return;
        if (s_.quiz.empty()) {
            r_.at(asked.front().second, label("quiz") + ": questions are named but no quiz bank is given (expected quiz: ../quizzes/...)");
            return;
        }
        // The bank is read here so a wrong id is reported in the scenario, where it was written.
        const std::filesystem::path bank_path = std::filesystem::path(r_.file()).parent_path() / s_.quiz;
        const auto bank = quiz::load_bank_file(bank_path);
        if (!bank.ok()) {
            r_.at(top.find("quiz")->value, label("quiz") + ": the bank " + bank_path.string() + " does not load" +
                                               (bank.errors.empty() ? "" : " (" + bank.errors.front().to_string() + ")"));
            return;
        }
        std::vector<std::string> ids;
        for (const auto& q : bank.value->questions) ids.push_back(q.id);
        std::set<std::string> seen;
        for (const auto& [id, node] : asked) {
            if (std::find(ids.begin(), ids.end(), id) == ids.end())
                r_.at(node, "question '" + id + "' is not in " + s_.quiz + did_you_mean(id, Names(ids.begin(), ids.end())));
            else if (!seen.insert(id).second)
                r_.at(node, "question '" + id + "' is asked twice; each question is asked once in a scenario");
        }
    }

    // ---- users ----
    void read_users(const Fields& top) {
        const YAML::Node* list = top.list("users", false, kMaxUsers, "users like {name: tanaka, ja: 田中 優子, en: Yuko Tanaka}");
        if (!list) return;
        for (std::size_t i = 0; i < list->size(); ++i) {
            Fields f(r_, (*list)[i], indexed("users", i), kUserKeys);
            if (!f.ok()) continue;
            User u;
            const bool name_ok = f.word("name", u.name, true, kUserName, valid_user_name);
            f.text("ja", u.display_name.ja, true, Expect{"the name in Japanese", "田中 優子"});
            f.text("en", u.display_name.en, true, Expect{"the name in English", "Yuko Tanaka"});
            f.text("department", u.department, false, Expect{"a department", "経理部 (Accounting)"});
            if (!name_ok) continue;
            user_names_.push_back(source_of(f, "name", true));
            s_.network.users.push_back(std::move(u));
        }
    }

    // ---- hosts ----
    void read_hosts(const Fields& top) {
        const YAML::Node* list = top.list("hosts", true, kMaxHosts,
                                          "hosts like {hostname: ws-01, role: workstation, mac: \"3c:52:82:10:00:01\"}");
        if (!list) return;
        if (list->size() == 0) r_.at(*list, label("hosts") + ": is empty (expected at least one host)");
        for (std::size_t i = 0; i < list->size(); ++i) {
            const YAML::Node item = (*list)[i];
            Fields f(r_, item, indexed("hosts", i), kHostKeys);
            if (!f.ok()) continue;
            Host h;
            h.line = line_of(item);
            HostSource src;
            src.item = item;
            const bool name_ok = f.word("hostname", h.hostname, true, kHostname, valid_hostname);

            std::string role;
            if (f.choice("role", role, true, role_names())) parse_role(role, h.role);
            const bool owner_ok = f.word("owner", h.owner, false, kUserName, valid_user_name);
            const bool mac_ok = f.mac("mac", h.mac, true);
            const bool ip_ok = f.ipv4("ip", h.ip, false);

            // Writing an ip makes a host static unless said otherwise; saying both ways is checked.
            std::string addressing = f.find("ip") ? "static" : "dhcp";
            const bool addressing_written = f.choice("addressing", addressing, false, kAddressing);
            h.addressing = addressing == "static" ? Addressing::Static : Addressing::Dhcp;
            if (addressing_written && h.addressing == Addressing::Dhcp && f.find("ip")) {
                r_.at(f.find("ip")->key, label(f.child("ip")) +
                                             ": a host with addressing: dhcp gets its address from the DHCP pool "
                                             "(remove ip, or write addressing: static)");
            }
            if (h.addressing == Addressing::Static && !f.find("ip")) {
                r_.at(item, label(f.path()) +
                                ": missing required key \"ip\" (a host with addressing: static needs ip, like "
                                "ip: 10.20.0.15)");
            }
            f.integer("value", h.business_value, false, 1, 5);

            if (!name_ok) continue;  // nothing can refer to a host without a name
            src.hostname = source_of(f, "hostname", true);
            src.ip = source_of(f, "ip", ip_ok && h.addressing == Addressing::Static);
            src.mac = source_of(f, "mac", mac_ok);
            src.owner = source_of(f, "owner", owner_ok);
            src.explicit_static = h.addressing == Addressing::Static;
            if (!src.ip.ok) h.ip = 0;
            hosts_.push_back(std::move(src));
            s_.network.hosts.push_back(std::move(h));
        }
    }

    // ---- network ----
    void read_network(const Fields& top) {
        auto f = top.map("network", true, kNetworkKeys);
        if (!f) return;
        network_node_ = f->node();
        network_read_ = true;
        Network& n = s_.network;
        f->word("domain", n.domain, false, kDomain, valid_domain);
        subnet_ok_ = f->cidr("subnet", n.subnet, true);
        subnet_ = source_of(*f, "subnet", subnet_ok_);
        gateway_ = source_of(*f, "gateway", f->ipv4("gateway", n.gateway, false));
        public_ip_ = source_of(*f, "public_ip", f->ipv4("public_ip", n.public_ip, true));
        Ipv4 upstream = 0;
        if (f->ipv4("upstream_dns", upstream, false)) n.upstream_dns = format_ipv4(upstream);

        dns_server_ = source_of(*f, "dns_server", f->word("dns_server", n.dns_server, true, kHostname, valid_hostname));
        auth_server_ =
            source_of(*f, "auth_server", f->word("auth_server", n.auth_server, true, kHostname, valid_hostname));
        firewall_ = source_of(*f, "firewall", f->word("firewall", n.firewall, true, kHostname, valid_hostname));

        if (f->find("dhcp")) {
            auto d = f->map("dhcp", false, kDhcpKeys);
            dhcp_given_ = true;
            if (!d) return;
            dhcp_server_ = source_of(*d, "server", d->word("server", n.dhcp_server, true, kHostname, valid_hostname));
            if (d->duration("lease", n.lease_time, false) && n.lease_time < kMinute) {
                r_.at(d->find("lease")->value, label(d->child("lease")) + ": " + d->find("lease")->value.Scalar() +
                                                   " is too short (expected 1m or more, like 8h)");
            }
            if (const YAML::Node* p = d->scalar("pool", true, expected(kPoolRange))) {
                pool_.node = *p;
                pool_.path = d->child("pool");
                const auto parts = split_range(p->Scalar());
                const auto first = parts ? parse_ipv4(parts->first) : std::nullopt;
                const auto last = parts ? parse_ipv4(parts->second) : std::nullopt;
                if (!first || !last) {
                    d->bad("pool", *p, kPoolRange);
                } else if (*first > *last) {
                    r_.at(*p, label(pool_.path) + ": " + p->Scalar() +
                                  " starts after it ends (expected the lower address first, like " +
                                  kPoolRange.example + ")");
                } else {
                    n.dhcp_pool_first = *first;
                    n.dhcp_pool_last = *last;
                    pool_.ok = true;
                }
            }
        }
    }

    // ---- benign ----
    void read_benign(const Fields& top) {
        auto f = top.map("benign", false, kBenignKeys);
        if (!f) return;
        BenignTraffic& b = s_.benign;
        if (auto h = f->map("hours", false, kHoursKeys)) read_hours(*h);
        f->number("lookups_per_hour", b.lookups_per_hour, false, 0, kMaxLookupsPerHour,
                  "; more would flood the logs, 40 is a typical office");
        f->number("failed_logon_chance", b.failed_logon_chance, false, 0, 1);

        if (const YAML::Node* list = f->list("sites", false, kMaxSites, "sites like {domain: www.example.co.jp, ip: 192.0.2.10}")) {
            std::map<std::string, int> seen;
            for (std::size_t i = 0; i < list->size(); ++i) {
                const YAML::Node item = (*list)[i];
                Fields sf(r_, item, indexed(f->child("sites"), i), kSiteKeys);
                if (!sf.ok()) continue;
                Site site;
                const bool domain_ok = sf.word("domain", site.domain, true, kDomain, valid_domain);
                sf.ipv4("ip", site.ip, true);
                sf.integer("ttl", site.ttl_s, false, 0, kMaxTtl);
                if (sf.find("weight")) {
                    if (sf.number("weight", site.weight, false, 0, 1e6) && site.weight <= 0)
                        r_.at(sf.find("weight")->value, label(sf.child("weight")) +
                                                            ": 0 would mean the site is never visited (expected more "
                                                            "than 0; remove the site instead)");
                }
                if (domain_ok) {
                    const auto [it, fresh] = seen.emplace(site.domain, line_of(item));
                    if (!fresh)
                        r_.at(sf.find("domain")->value, label(sf.child("domain")) + ": " + site.domain +
                                                            " is listed twice (first on line " +
                                                            std::to_string(it->second) + ")");
                }
                b.sites.push_back(std::move(site));
            }
        }

        if (const YAML::Node* list = f->list("periodic", false, kMaxPeriodic, "periodic services like {name: ntp, ...}")) {
            std::map<std::string, int> seen;
            for (std::size_t i = 0; i < list->size(); ++i) {
                const YAML::Node item = (*list)[i];
                Fields pf(r_, item, indexed(f->child("periodic"), i), kPeriodicKeys);
                if (!pf.ok()) continue;
                PeriodicService p;
                if (pf.word("name", p.name, true, Expect{"a service name", "ntp"}, valid_hostname)) {
                    const auto [it, fresh] = seen.emplace(p.name, line_of(item));
                    if (!fresh)
                        r_.at(pf.find("name")->value, label(pf.child("name")) + ": " + p.name +
                                                          " is used twice (first on line " + std::to_string(it->second) +
                                                          "); each service needs its own name");
                }
                pf.word("domain", p.domain, true, kDomain, valid_domain);
                pf.ipv4("ip", p.ip, true);
                pf.integer("port", p.port, false, 1, 65535);
                pf.choice("protocol", p.protocol, false, kProtocols);
                const Source interval = source_of(pf, "interval", pf.duration("interval", p.interval, true));
                const Source jitter = source_of(pf, "jitter", pf.duration("jitter", p.jitter, false));
                check_interval(interval, jitter, p.interval, p.jitter);
                pf.integer("ttl", p.ttl_s, false, 0, kMaxTtl);
                if (const YAML::Node* roles = pf.list("roles", false, 16, "roles like [workstation, laptop]")) {
                    for (std::size_t k = 0; k < roles->size(); ++k) {
                        const YAML::Node rn = (*roles)[k];
                        const std::string path = indexed(pf.child("roles"), k);
                        Role role{};
                        if (!rn.IsScalar()) {
                            r_.at(rn, label(path) + ": found " + found(rn) + ", expected one of " + join(role_names()));
                        } else if (!parse_role(rn.Scalar(), role)) {
                            r_.at(rn, label(path) + ": " + shown(rn.Scalar()) + " is not a role (expected one of " +
                                          join(role_names()) + ")" + did_you_mean(rn.Scalar(), role_names()));
                        } else {
                            p.roles.push_back(role);
                        }
                    }
                }
                b.periodic.push_back(std::move(p));
            }
        }
    }

    void read_hours(const Fields& h) {
        WorkingHours& w = s_.benign.hours;
        auto clock = [&](std::string_view name, int& out) {
            const YAML::Node* n = h.scalar(name, false, expected(kClock));
            if (!n) return false;
            const auto v = parse_clock(n->Scalar());
            if (!v) {
                h.bad(name, *n, kClock);
                return false;
            }
            out = *v;
            return true;
        };
        const bool start_ok = clock("start", w.start_minute);
        const bool end_ok = clock("end", w.end_minute);
        bool lunch_ok = false;
        if (const YAML::Node* n = h.scalar("lunch", false, expected(kClockRange))) {
            const auto parts = split_range(n->Scalar());
            const auto a = parts ? parse_clock(parts->first) : std::nullopt;
            const auto b = parts ? parse_clock(parts->second) : std::nullopt;
            if (!a || !b) {
                h.bad("lunch", *n, kClockRange);
            } else if (*a >= *b) {
                r_.at(*n, label(h.child("lunch")) + ": " + n->Scalar() +
                              " ends before it starts (expected like " + kClockRange.example + ")");
            } else {
                w.lunch_start_minute = *a;
                w.lunch_end_minute = *b;
                lunch_ok = true;
            }
        }
        h.boolean("weekends_off", w.weekends_off, false);
        if ((start_ok || end_ok) && w.start_minute >= w.end_minute) {
            const char* key = end_ok ? "end" : "start";
            r_.at(h.find(key)->value, label(h.child(key)) + ": the working day " + clock_text(w.start_minute) + "-" +
                                          clock_text(w.end_minute) +
                                          " ends before it starts (night shifts are not supported; expected like "
                                          "start: \"08:30\", end: \"17:30\")");
        } else if ((start_ok || end_ok || lunch_ok) &&
                   (w.lunch_start_minute < w.start_minute || w.lunch_end_minute > w.end_minute)) {
            const char* key = lunch_ok ? "lunch" : start_ok ? "start" : "end";
            r_.at(h.find(key)->value, label(h.child(key)) + ": lunch " + clock_text(w.lunch_start_minute) + "-" +
                                          clock_text(w.lunch_end_minute) + " is not within the working hours " +
                                          clock_text(w.start_minute) + "-" + clock_text(w.end_minute) +
                                          " (expected lunch between start and end)");
        }
    }

    // interval > 0 and 0 <= jitter < interval, with defaults standing in for what is not written:
    // a jitter as large as the interval could schedule a beat before the previous one.
    void check_interval(const Source& interval, const Source& jitter, Millis iv, Millis jt) {
        if ((interval.written && !interval.ok) || (jitter.written && !jitter.ok)) return;  // already reported
        if (iv <= 0) {
            if (interval.written)
                r_.at(interval.node, label(interval.path) + ": " + interval.node.Scalar() +
                                         " is not a repeating interval (expected more than 0, like 60s)");
            return;
        }
        if (jt < iv) return;
        if (jitter.written) {
            r_.at(jitter.node, label(jitter.path) + ": " + jitter.node.Scalar() + " is not smaller than the interval " +
                                   format_duration(iv) + " (expected a jitter below the interval, like interval: 60s, "
                                   "jitter: 3s)");
        } else if (interval.written) {
            r_.at(interval.node, label(interval.path) + ": " + interval.node.Scalar() +
                                     " is not longer than the default jitter " + format_duration(jt) +
                                     " (write a smaller jitter, like jitter: 0s)");
        }
    }

    // ---- attack ----
    void read_attack(const Fields& top) {
        const YAML::Node* list = top.list("attack", true, kMaxAttackSteps,
                                          "attack steps like {id: beacon, kind: dns_beacon, host: ws-17, ...}, or [] for a quiet day");
        if (!list) return;
        std::map<std::string, int> seen;
        for (std::size_t i = 0; i < list->size(); ++i) {
            const YAML::Node item = (*list)[i];
            Fields f(r_, item, indexed("attack", i), kAttackKeys);
            if (!f.ok()) continue;
            AttackStep a;
            a.line = line_of(item);
            AttackSource src;
            if (f.word("id", a.id, true, Expect{"a step id", "beacon"}, valid_hostname)) {
                const auto [it, fresh] = seen.emplace(a.id, a.line);
                if (!fresh)
                    r_.at(f.find("id")->value, label(f.child("id")) + ": " + a.id + " is used twice (first on line " +
                                                   std::to_string(it->second) + ")");
            }
            std::string kind;
            if (f.choice("kind", kind, true, attack_kind_names())) parse_attack_kind(kind, a.kind);
            src.host = source_of(f, "host", f.word("host", a.host, true, kHostname, valid_hostname));
            src.start = source_of(f, "start", f.duration("start", a.start, true));
            f.word("technique", a.technique, true, kTechnique, valid_technique);
            if (auto lure = f.map("lure", true, kLureKeys)) {
                lure->word("domain", a.lure_domain, true, kDomain, valid_domain);
                lure->ipv4("ip", a.lure_ip, true);
            }
            if (auto c2 = f.map("c2", true, kC2Keys)) {
                c2->word("domain", a.c2_domain, true, kDomain, valid_domain);
                c2->ipv4("ip", a.c2_ip, true);
                c2->choice("record_type", a.record_type, false, kRecordTypes);
                c2->integer("ttl", a.ttl_s, false, 0, kMaxTtl);
            }
            src.interval = source_of(f, "interval", f.duration("interval", a.interval, false));
            src.jitter = source_of(f, "jitter", f.duration("jitter", a.jitter, false));
            check_interval(src.interval, src.jitter, a.interval, a.jitter);
            attack_.push_back(std::move(src));
            s_.attack.push_back(std::move(a));
        }
    }

    // ---- scoring ----
    void read_scoring(const Fields& top) {
        auto f = top.map("scoring", false, kScoringKeys);
        if (!f) return;
        Scoring& sc = s_.scoring;
        f->number("containment_points", sc.containment_points, false, 0, 1000);
        const bool full_ok = f->duration("full_credit_within", sc.full_credit_within, false);
        const bool min_ok = f->duration("min_credit_after", sc.min_credit_after, false);
        f->number("min_credit_share", sc.min_credit_share, false, 0, 1);
        f->number("wrong_isolation_penalty", sc.wrong_isolation_penalty, false, 0, 1000);
        f->number("quiz_points", sc.quiz_points, false, 0, 1000);
        f->number("pass_mark", sc.pass_mark, false, 0, 100);
        if ((full_ok || min_ok) && sc.min_credit_after < sc.full_credit_within) {
            const Entry* at = f->find(min_ok ? "min_credit_after" : "full_credit_within");
            r_.at(at->value, label(f->child("min_credit_after")) + ": " + format_duration(sc.min_credit_after) +
                                 " comes before full_credit_within " + format_duration(sc.full_credit_within) +
                                 " (credit can only fall with time; expected min_credit_after >= full_credit_within)");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // [SECTION] Cross-checks
    // ---------------------------------------------------------------------------------------------

    Names hostnames() const {
        Names out;
        for (const auto& h : s_.network.hosts) out.push_back(h.hostname);
        return out;
    }

    void check_users_and_hosts() {
        std::map<std::string, int> user_line;
        Names users;
        for (const auto& u : user_names_) {
            const std::string name = u.node.Scalar();
            const auto [it, fresh] = user_line.emplace(name, line_of(u.node));
            if (!fresh)
                r_.at(u.node, label(u.path) + ": " + name + " is declared twice (first on line " +
                                  std::to_string(it->second) + ")");
            users.push_back(name);
        }

        std::map<std::string, int> name_line;
        std::map<Ipv4, std::string> ip_owner;
        std::map<Mac, std::string> mac_owner;
        for (std::size_t i = 0; i < hosts_.size(); ++i) {
            const HostSource& src = hosts_[i];
            const Host& h = s_.network.hosts[i];
            const auto [it, fresh] = name_line.emplace(h.hostname, h.line);
            if (!fresh)
                r_.at(src.hostname.node, label(src.hostname.path) + ": " + h.hostname +
                                             " is declared twice (first on line " + std::to_string(it->second) +
                                             "); hostnames must be unique");
            if (src.ip.ok) {
                const auto [ip_it, ip_fresh] = ip_owner.emplace(h.ip, h.hostname);
                if (!ip_fresh)
                    r_.at(src.ip.node, label(src.ip.path) + ": " + format_ipv4(h.ip) + " is already the address of " +
                                           ip_it->second + " (expected a different address for each host)");
            }
            if (src.mac.ok) {
                const auto [mac_it, mac_fresh] = mac_owner.emplace(h.mac, h.hostname);
                if (!mac_fresh)
                    r_.at(src.mac.node, label(src.mac.path) + ": " + format_mac(h.mac) +
                                            " is already the MAC of " + mac_it->second +
                                            " (expected a different MAC for each host)");
            }
            if (src.owner.ok && !user_line.count(h.owner)) {
                r_.at(src.owner.node, label(src.owner.path) + ": " + h.owner +
                                          " is not one of the users (expected a name from users:)" +
                                          did_you_mean(h.owner, users));
            }
        }
    }

    // A reference to a host by name, with the role and addressing the job needs.
    const Host* check_host_ref(const Source& ref, const std::string& value, const char* job,
                               std::initializer_list<Role> roles) {
        if (!ref.ok) return nullptr;
        const Host* h = s_.find_host(value);
        if (!h) {
            r_.at(ref.node, label(ref.path) + ": " + value + " is not one of the hosts (expected a hostname from hosts:)" +
                                did_you_mean(value, hostnames()));
            return nullptr;
        }
        if (std::find(roles.begin(), roles.end(), h->role) == roles.end()) {
            Names allowed;
            for (Role r : roles) allowed.push_back(role_name(r));
            r_.at(ref.node, label(ref.path) + ": " + value + " has role " + role_name(h->role) + ", which cannot be the " +
                                job + " (expected a host with role " + join(allowed) + ")");
            return nullptr;
        }
        if (h->addressing != Addressing::Static) {
            r_.at(ref.node, label(ref.path) + ": " + value + " uses addressing: dhcp, but the " + job +
                                " must have a static ip that clients are configured with");
            return nullptr;
        }
        return h;
    }

    void check_network() {
        Network& n = s_.network;
        const std::string in_subnet = subnet_ok_ ? format_ipv4(n.subnet.network) + "/" + std::to_string(n.subnet.prefix) : "";
        const Ipv4 broadcast = n.subnet.network | ~n.subnet.mask();

        check_host_ref(dns_server_, n.dns_server, "DNS server", {Role::DomainController, Role::Server});
        check_host_ref(auth_server_, n.auth_server, "logon server", {Role::DomainController, Role::Server});
        check_host_ref(dhcp_server_, n.dhcp_server, "DHCP server",
                       {Role::DomainController, Role::Server, Role::Firewall});
        const Host* fw = check_host_ref(firewall_, n.firewall, "firewall", {Role::Firewall});

        // The gateway is the firewall's inside address; written or not, they must agree.
        if (fw && fw->ip != 0) {
            if (!gateway_.written) {
                n.gateway = fw->ip;
            } else if (gateway_.ok && n.gateway != fw->ip) {
                r_.at(gateway_.node, label(gateway_.path) + ": " + format_ipv4(n.gateway) + " is not the address of the firewall " +
                                         fw->hostname + " (" + format_ipv4(fw->ip) +
                                         "); expected the firewall's inside address, or leave gateway out");
            }
        }

        if (subnet_ok_) {
            auto unusable = [&](Ipv4 ip) { return ip == n.subnet.network || ip == broadcast; };
            for (std::size_t i = 0; i < hosts_.size(); ++i) {
                const Source& ip = hosts_[i].ip;
                if (!ip.ok) continue;
                const Ipv4 a = s_.network.hosts[i].ip;
                if (!n.subnet.contains(a)) {
                    r_.at(ip.node, label(ip.path) + ": " + format_ipv4(a) + " is outside the subnet " + in_subnet +
                                       " (expected an address in network.subnet)");
                } else if (unusable(a)) {
                    r_.at(ip.node, label(ip.path) + ": " + format_ipv4(a) + " is the " +
                                       (a == broadcast ? "broadcast" : "network") + " address of " + in_subnet +
                                       ", which no host can use");
                } else if (pool_.ok && a >= n.dhcp_pool_first && a <= n.dhcp_pool_last) {
                    r_.at(ip.node, label(ip.path) + ": " + format_ipv4(a) + " is inside the DHCP pool " +
                                       pool_.node.Scalar() +
                                       " (expected a static address outside the pool, or the pool made smaller)");
                }
            }
            if (gateway_.ok && !n.subnet.contains(n.gateway))
                r_.at(gateway_.node, label(gateway_.path) + ": " + format_ipv4(n.gateway) + " is outside the subnet " +
                                         in_subnet);
            if (public_ip_.ok && n.subnet.contains(n.public_ip))
                r_.at(public_ip_.node, label(public_ip_.path) + ": " + format_ipv4(n.public_ip) +
                                           " is inside the office subnet " + in_subnet +
                                           " (expected the firewall's outside address, like 198.51.100.23)");
            if (pool_.ok) {
                if (!n.subnet.contains(n.dhcp_pool_first) || !n.subnet.contains(n.dhcp_pool_last)) {
                    r_.at(pool_.node, label(pool_.path) + ": " + pool_.node.Scalar() + " is not inside the subnet " +
                                          in_subnet + " (expected a range of addresses in network.subnet)");
                    pool_.ok = false;
                } else if (unusable(n.dhcp_pool_first) || unusable(n.dhcp_pool_last)) {
                    r_.at(pool_.node, label(pool_.path) + ": " + pool_.node.Scalar() +
                                          " includes the network or broadcast address of " + in_subnet);
                    pool_.ok = false;
                }
            }
        }

        // Every DHCP host gets the next free pool address in declaration order, so the engine
        // (and the answer key) know which lease each one holds.
        std::size_t dhcp_hosts = 0;
        for (const auto& h : n.hosts)
            if (h.addressing == Addressing::Dhcp) ++dhcp_hosts;
        if (dhcp_hosts > 0 && !dhcp_given_ && network_read_) {
            r_.at(network_node_, label("network") + ": missing required key \"dhcp\" (" + std::to_string(dhcp_hosts) +
                                     " hosts use addressing: dhcp; expected like dhcp: {pool: \"10.20.0.100-10.20.0.199\", "
                                     "server: dc01})");
        }
        if (pool_.ok && dhcp_hosts > 0) {
            const std::uint64_t size = std::uint64_t(n.dhcp_pool_last) - n.dhcp_pool_first + 1;
            if (size < dhcp_hosts) {
                r_.at(pool_.node, label(pool_.path) + ": " + pool_.node.Scalar() + " holds " + std::to_string(size) +
                                      " addresses but " + std::to_string(dhcp_hosts) +
                                      " hosts use addressing: dhcp (expected a range of at least " +
                                      std::to_string(dhcp_hosts) + " addresses)");
            } else {
                Ipv4 next = n.dhcp_pool_first;
                for (auto& h : n.hosts)
                    if (h.addressing == Addressing::Dhcp) h.ip = next++;
            }
        }
    }

    void check_timing() {
        for (std::size_t i = 0; i < attack_.size(); ++i) {
            const AttackSource& src = attack_[i];
            const AttackStep& a = s_.attack[i];
            if (src.host.ok && !s_.find_host(a.host))
                r_.at(src.host.node, label(src.host.path) + ": " + a.host +
                                         " is not one of the hosts (expected a hostname from hosts:)" +
                                         did_you_mean(a.host, hostnames()));
            if (src.start.ok && duration_ok_ && a.start >= s_.duration)
                r_.at(src.start.node, label(src.start.path) + ": " + src.start.node.Scalar() +
                                          " is not within the scenario's duration " + format_duration(s_.duration) +
                                          " (expected from 0s up to, not including, the duration)");
        }
    }

    Reader& r_;
    Scenario s_;
    std::vector<Source> user_names_;
    std::vector<HostSource> hosts_;  // parallel to s_.network.hosts
    std::vector<AttackSource> attack_;  // parallel to s_.attack
    YAML::Node network_node_;
    bool network_read_ = false;  // a default YAML::Node counts as "defined", so keep our own flag
    Source subnet_, gateway_, public_ip_, pool_, dns_server_, auth_server_, dhcp_server_, firewall_;
    bool subnet_ok_ = false;
    bool duration_ok_ = false;
    bool dhcp_given_ = false;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] Entry points
// ---------------------------------------------------------------------------------------------

Loaded<Scenario> load_text(const std::string& yaml_text, const std::string& file_name) {
    Loaded<Scenario> out;
    Reader r(file_name);
    if (yaml_text.size() > kMaxFileBytes) {
        r.whole_file("the file is " + std::to_string(yaml_text.size() / (1024 * 1024)) +
                     " MiB; a scenario file may be at most 16 MiB");
        out.errors = r.take();
        return out;
    }

    YAML::Node root;
    DocumentCount docs;
    try {
        root = YAML::Load(yaml_text);
        docs = count_documents(yaml_text);
    } catch (const YAML::ParserException& e) {
        r.at(e.mark, "YAML syntax error: " + e.msg + " (check the indentation, quotes and brackets here or just above)");
        out.errors = r.take();
        return out;
    } catch (const std::exception& e) {
        r.whole_file(std::string("the file could not be read as YAML: ") + e.what());
        out.errors = r.take();
        return out;
    }

    if (root.IsNull()) {
        r.whole_file(!has_yaml_text(yaml_text)
                         ? "the file is empty (expected a map with keys " + join(kTopKeys) + ")"
                         : "the file does not start with the scenario (a stray ---, ',' or bracket before it?); "
                           "expected a map with keys " + join(kTopKeys));
        out.errors = r.take();
        return out;
    }
    if (docs.with_content > 1) {
        r.at(docs.second_start, "the file holds more than one YAML document (separated by ---); a scenario file "
                                "holds exactly one");
    }

    ScenarioReader reader(r);
    try {
        reader.read(root);
    } catch (const std::exception& e) {
        // The walk checks types before converting, so this is a bug in the loader; say so
        // rather than crash the program that asked.
        r.whole_file(std::string("internal error while reading the scenario: ") + e.what());
    }
    Scenario s = reader.take();
    s.source_path = file_name;
    s.content_hash = fnv1a64_hex(yaml_text);
    out.errors = r.take();
    if (out.errors.empty()) out.value = std::move(s);
    return out;
}

Loaded<Scenario> load_file(const std::filesystem::path& path) {
    Loaded<Scenario> out;
    const std::string name = path.string();
    auto fail = [&](std::string message) {
        Diagnostic d;
        d.file = name;
        d.message = std::move(message);
        out.errors.push_back(std::move(d));
        return out;
    };

    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) return fail("cannot open " + name + ": no such file");
    if (std::filesystem::is_directory(status)) return fail("cannot open " + name + ": it is a folder, not a scenario file");
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > kMaxFileBytes)
        return fail("the file " + name + " is " + std::to_string(size / (1024 * 1024)) +
                    " MiB; a scenario file may be at most 16 MiB");

    std::ifstream in(path, std::ios::binary);
    if (!in) return fail("cannot open " + name + ": the file is not readable (check its permissions)");
    std::ostringstream bytes;
    bytes << in.rdbuf();
    if (in.bad()) return fail("cannot read " + name + ": the read failed part way");
    return load_text(bytes.str(), name);
}

}  // namespace socsim::scenario
