// Reading YAML a person wrote, with messages that say where and what: the typed field readers
// the scenario loader is built from. Internal to src/core/scenario (not an API of the core).
//
// [SECTION] Limits           sizes past which a file is refused rather than simulated
// [SECTION] Words            edit distance, "did you mean", how a found value is shown
// [SECTION] Reader           where diagnostics go, with 1-based positions
// [SECTION] Fields           one YAML map: unknown and duplicated keys, typed values
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/common/diagnostic.h"
#include "core/common/net.h"
#include "core/common/spelling.h"
#include "core/common/time.h"
#include "core/i18n/text.h"

namespace socsim::scenario::detail {

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
constexpr double kMaxEstimatedRecords = 500e6;  // 40 bytes each and their indexes: about 20 GB
constexpr double kMaxLookupsPerHour = 10000;
constexpr int kMaxTtl = 7 * 24 * 3600;
constexpr std::size_t kMaxJobs = 100;
constexpr std::size_t kMaxSubnets = 64;
constexpr std::size_t kMaxIncludeDepth = 8;
constexpr std::size_t kMaxRuleEntries = 100;  // files and folders under `rules:`
constexpr std::uint64_t kMaxDataBytes = 1ull << 40;  // 1 TiB: more than any office uploads in a week

using Names = std::vector<std::string>;

// ---------------------------------------------------------------------------------------------
// [SECTION] Words
// ---------------------------------------------------------------------------------------------

// "; did you mean 'hostname'?" when one option is within two edits, else "".
inline std::string did_you_mean(std::string_view word, const Names& options) {
    const std::string found = closest_word(word, options);
    return found.empty() ? std::string() : "; did you mean '" + found + "'?";
}

inline std::string join(const Names& names) {
    std::string out;
    for (const auto& n : names) {
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

// At most `n` bytes of `text`, never cutting a UTF-8 character in half, "..." when cut.
inline std::string cut(std::string_view text, std::size_t n) {
    if (text.size() <= n) return std::string(text);
    std::size_t end = n;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return std::string(text.substr(0, end)) + "...";
}

// A value as the author wrote it, cut short so one message stays on one line.
inline std::string shown(std::string_view text) {
    if (text.empty()) return "\"\"";
    return cut(text, 60);
}

// YAML reads an unquoted NULL (like null and ~) as no value at all.
constexpr const char* kBareNull = "YAML reads a bare NULL as no value; write the record type \"NULL\" in quotes";
inline bool is_null_option(const std::vector<std::string>& options) {
    return std::find(options.begin(), options.end(), "NULL") != options.end();
}

// What kind of YAML value was found, for type errors.
inline std::string found(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map: return "a map";
        case YAML::NodeType::Sequence: return "a list";
        case YAML::NodeType::Scalar: return "the text \"" + cut(node.Scalar(), 60) + "\"";
        default: return "nothing";
    }
}

inline std::string number_text(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// How a path is named at the start of a message.
inline std::string label(const std::string& path) { return path.empty() ? "the file" : "\"" + path + "\""; }

inline std::string indexed(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

// What a value should look like: "an IPv4 address" + "10.20.0.15".
struct Expect {
    const char* what;
    const char* example;
};
inline std::string expected(Expect e) { return std::string(e.what) + " like " + e.example; }

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
constexpr Expect kSize{"a size in bytes", "800KB, 5MB or 2GB"};
constexpr Expect kSizeRange{"a range of sizes in bytes", "\"380-520\""};
constexpr Expect kStartTime{"a start time with its UTC offset", "\"2026-03-02T08:00:00+09:00\""};

inline bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// RFC 1123 host label, lower case: what Windows and DHCP logs will print.
inline bool valid_hostname(std::string_view s) {
    if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return is_lower_alnum(c) || c == '-'; });
}

inline bool valid_domain(std::string_view s) {
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

inline bool valid_user_name(std::string_view s) {
    if (s.empty() || s.size() > 32) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return is_lower_alnum(c) || c == '.' || c == '_' || c == '-'; });
}

inline bool valid_scenario_id(std::string_view s) {
    if (s.empty() || s.size() > 64 || s.front() == '-') return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return is_lower_alnum(c) || c == '-'; });
}

// T1071 or T1071.004.
inline bool valid_technique(std::string_view s) {
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
inline std::optional<int> parse_clock(std::string_view s) {
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

inline std::string clock_text(int minute_of_day) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minute_of_day / 60 % 24, minute_of_day % 60);
    return buf;
}

inline std::string_view trim(std::string_view s) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!s.empty() && blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && blank(s.back())) s.remove_suffix(1);
    return s;
}

// "a-b" split at the one dash that separates two values; values themselves hold no dash.
inline std::optional<std::pair<std::string_view, std::string_view>> split_range(std::string_view s) {
    const auto dash = s.find('-');
    if (dash == std::string_view::npos || s.find('-', dash + 1) != std::string_view::npos) return std::nullopt;
    return std::make_pair(trim(s.substr(0, dash)), trim(s.substr(dash + 1)));
}

// The offset written at the end of an ISO 8601 time, in minutes; nullopt when none is written.
inline std::optional<int> written_utc_offset(std::string_view s) {
    if (!s.empty() && (s.back() == 'Z' || s.back() == 'z')) return 0;
    if (s.size() < 6) return std::nullopt;
    const auto tail = s.substr(s.size() - 6);
    if ((tail[0] != '+' && tail[0] != '-') || tail[3] != ':') return std::nullopt;
    const int h = (tail[1] - '0') * 10 + (tail[2] - '0');
    const int m = (tail[4] - '0') * 10 + (tail[5] - '0');
    return (h * 60 + m) * (tail[0] == '-' ? -1 : 1);
}

// "800KB" / "5MB" / "2GB" / "1200" -> bytes (powers of 1024, as file managers show them).
inline std::optional<std::uint64_t> parse_size(std::string_view s) {
    s = trim(s);
    std::size_t digits = 0;
    while (digits < s.size() && s[digits] >= '0' && s[digits] <= '9') ++digits;
    if (digits == 0 || digits > 13) return std::nullopt;
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < digits; ++i) v = v * 10 + static_cast<std::uint64_t>(s[i] - '0');
    std::string unit(trim(s.substr(digits)));
    for (auto& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    std::uint64_t scale = 1;
    if (unit.empty() || unit == "B") scale = 1;
    else if (unit == "KB" || unit == "K") scale = 1024;
    else if (unit == "MB" || unit == "M") scale = 1024ull * 1024;
    else if (unit == "GB" || unit == "G") scale = 1024ull * 1024 * 1024;
    else return std::nullopt;
    return v * scale;
}

// 1048576 -> "1 MB", as an author writes sizes; a size that is no whole unit stays in bytes.
inline std::string size_text(std::uint64_t bytes) {
    constexpr std::pair<std::uint64_t, const char*> units[] = {{1ull << 30, "GB"}, {1ull << 20, "MB"}, {1ull << 10, "KB"}};
    for (const auto& [scale, unit] : units)
        if (bytes >= scale && bytes % scale == 0) return std::to_string(bytes / scale) + " " + unit;
    return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
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

inline int line_of(const YAML::Node& node) {
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

// What a map is, for messages about keys it does not take: "a dns_beacon step takes no dga"
// says more than "unknown key" when the key is right for another kind of map.
struct KeyNotes {
    std::string whose;      // "a dns_beacon step", "an included file"
    Names elsewhere;        // keys that belong in another kind of map
    std::string elsewhere_note;  // appended after "<whose> takes no <key>": "; only the scenario file holds it"
};

// One YAML map read against the keys it may hold. Unknown and repeated keys are reported when
// it is built; the typed readers report a missing required key, a wrong type or a bad value and
// return false, leaving the output at its default.
class Fields {
public:
    Fields(Reader& r, const YAML::Node& node, std::string path, Names allowed, const KeyNotes* notes = nullptr)
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
                const bool elsewhere =
                    notes && std::find(notes->elsewhere.begin(), notes->elsewhere.end(), name) != notes->elsewhere.end();
                if (elsewhere)
                    r_->at(key, label(child(name)) + ": " + notes->whose + " takes no " + name + notes->elsewhere_note +
                                    " (allowed here: " + join(allowed_) + ")");
                else
                    r_->at(key, label(child(name)) + ": unknown key" + (notes ? " for " + notes->whose : std::string()) +
                                    did_you_mean(name, allowed_) + " (allowed here: " + join(allowed_) + ")");
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
        // The DNS record type NULL is also YAML's word for nothing: say so rather than "no value".
        if (const Entry* e = find(name); ok_ && e && e->value.IsNull() && is_null_option(options)) {
            r_->at(e->key, label(child(name)) + ": " + kBareNull);
            return false;
        }
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
                                 std::to_string(limit) + ", the most a scenario may have (a run is kept in memory: more would not fit a trainee's computer)");
            return nullptr;
        }
        return &e->value;
    }

    bool size(std::string_view name, std::uint64_t& out, bool required, std::uint64_t lo = 1,
              std::uint64_t hi = kMaxDataBytes) const {
        const YAML::Node* n = scalar(name, required, expected(kSize));
        if (!n) return false;
        const auto v = parse_size(n->Scalar());
        if (!v) {
            bad(name, *n, kSize);
            return false;
        }
        if (*v < lo || *v > hi) {
            r_->at(*n, label(child(name)) + ": " + shown(n->Scalar()) + " is out of range (expected from " +
                           size_text(lo) + " to " + size_text(hi) + ")");
            return false;
        }
        out = *v;
        return true;
    }

    // "380-520": a range of sizes, the lower first (a single size means exactly that).
    bool size_range(std::string_view name, std::uint32_t& lo, std::uint32_t& hi, bool required) const {
        const YAML::Node* n = scalar(name, required, expected(kSizeRange));
        if (!n) return false;
        const auto parts = split_range(n->Scalar());
        const auto a = parse_size(parts ? parts->first : std::string_view(n->Scalar()));
        const auto b = parts ? parse_size(parts->second) : a;
        if (!a || !b || *a > 0xFFFFFFFFull || *b > 0xFFFFFFFFull) {
            bad(name, *n, kSizeRange);
            return false;
        }
        if (*a > *b) {
            r_->at(*n, label(child(name)) + ": " + shown(n->Scalar()) +
                           " starts above where it ends (expected the smaller size first, like " + kSizeRange.example + ")");
            return false;
        }
        if (*a == 0) {
            r_->at(*n, label(child(name)) + ": " + shown(n->Scalar()) +
                           " starts at 0 bytes (expected sizes above 0, like " + kSizeRange.example + ")");
            return false;
        }
        lo = static_cast<std::uint32_t>(*a);
        hi = static_cast<std::uint32_t>(*b);
        return true;
    }

    // A list of words each checked by `valid` (hostnames, user names, domains).
    bool words(std::string_view name, std::vector<std::string>& out, bool required, std::size_t limit, Expect e,
               bool (*valid)(std::string_view)) const {
        const YAML::Node* list_node = list(name, required, limit, std::string(e.what) + "s like [" + e.example + "]");
        if (!list_node) return false;
        bool all = true;
        for (std::size_t i = 0; i < list_node->size(); ++i) {
            const YAML::Node item = (*list_node)[i];
            const std::string path = indexed(child(name), i);
            if (!item.IsScalar()) {
                r_->at(item, label(path) + ": found " + found(item) + ", expected " + expected(e));
                all = false;
            } else if (!valid(item.Scalar())) {
                r_->at(item, label(path) + ": " + shown(item.Scalar()) + " is not " + e.what + " (expected like " +
                                 e.example + ")");
                all = false;
            } else {
                out.push_back(item.Scalar());
            }
        }
        return all;
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


// Where a value came from, kept beside the model so cross-checks can point at it, in the file
// it was written in (a scenario is read from several files when it includes others).
struct Source {
    Reader* reader = nullptr;
    YAML::Node node;       // the value as written; meaningful only when `written`
    std::string path;
    bool written = false;  // the key is in the file (else the model holds the default)
    bool ok = false;       // written, parsed and stored in the model

    void report(std::string message) const {
        if (reader) reader->at(node, std::move(message));
    }
};

// Remembers the node of a field when it was read successfully.
inline Source source_of(const Fields& f, std::string_view name, bool ok) {
    Source s;
    s.reader = &f.reader();
    s.path = f.child(name);
    if (const Entry* e = f.find(name)) {
        s.node = e->value;
        s.written = true;
        s.ok = ok;
    }
    return s;
}

}  // namespace socsim::scenario::detail
