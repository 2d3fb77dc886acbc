// Parses and evaluates the filter box (see filter.h).
#include "core/logs/filter.h"

#include <algorithm>
#include <cctype>

namespace socsim::logs {
namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = lower(c);
    return out;
}

}  // namespace

bool wildcard_match(std::string_view p, std::string_view t) {
    // Iterative matcher with backtracking to the last star: linear for typical patterns.
    std::size_t pi = 0, ti = 0, star = std::string_view::npos, mark = 0;
    while (ti < t.size()) {
        if (pi < p.size() && p[pi] != '*' && p[pi] == lower(t[ti])) {
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

bool contains_ignore_case(std::string_view text, std::string_view needle) {
    if (needle.empty()) return true;
    auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                          [](char a, char b) { return lower(a) == b; });
    return it != text.end();
}

Filter Filter::parse(std::string_view text, Source source) {
    Filter f;
    const auto fields = field_names(source);
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        if (i >= text.size()) break;
        const std::size_t start = i;
        std::string token;
        bool quoted = false;
        // A token runs to the next unquoted space; quotes may wrap all of it or just the value.
        while (i < text.size() && (quoted || !std::isspace(static_cast<unsigned char>(text[i])))) {
            if (text[i] == '"') {
                quoted = !quoted;
            } else {
                token += text[i];
            }
            ++i;
        }
        if (quoted) {
            f.error_ = FilterError{static_cast<int>(start) + 1, "filter.unclosed_quote", {}};
            return f;
        }
        const auto op = token.find('=');
        Term term;
        if (op == std::string::npos || op == 0) {
            term.value = to_lower(token);
        } else {
            const bool negate = token[op - 1] == '!';
            term.field = to_lower(std::string_view(token).substr(0, negate ? op - 1 : op));
            term.value = to_lower(std::string_view(token).substr(op + 1));
            term.negate = negate;
            if (std::find(fields.begin(), fields.end(), term.field) == fields.end()) {
                std::string list;
                for (auto name : fields) list += (list.empty() ? "" : ", ") + std::string(name);
                f.error_ = FilterError{static_cast<int>(start) + 1, "filter.unknown_field",
                                       {{"field", term.field}, {"fields", list}}};
                return f;
            }
            if (term.value.empty()) {
                f.error_ = FilterError{static_cast<int>(start + op) + 2, "filter.empty_value", {{"field", term.field}}};
                return f;
            }
        }
        if (!term.value.empty() || !term.field.empty()) f.terms_.push_back(std::move(term));
    }
    return f;
}

bool Filter::matches(const Renderer& renderer, const Event& e) const {
    std::string line;  // rendered once, only if a free word needs it
    for (const auto& t : terms_) {
        bool hit;
        if (t.field.empty()) {
            if (line.empty()) line = renderer.line(e);
            hit = contains_ignore_case(line, t.value);
        } else {
            hit = wildcard_match(t.value, renderer.field(e, t.field));
        }
        if (hit == t.negate) return false;
    }
    return true;
}

void Filter::scan(const Renderer& renderer, const LogStore& store, Source source, std::size_t from, std::size_t to,
                  std::vector<std::uint32_t>& out) const {
    const auto& rows = store.of(source);
    to = std::min(to, rows.size());
    for (std::size_t i = from; i < to; ++i)
        if (terms_.empty() || matches(renderer, store.at(rows[i]))) out.push_back(rows[i]);
}

}  // namespace socsim::logs
