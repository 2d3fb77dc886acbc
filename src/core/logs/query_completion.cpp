// Completion of the word under the cursor in a query (see query.h): the fields of the source in
// the search, commands after `|`, functions and fields in `stats`, a table's columns after it,
// and the names a name field takes after `=`.
#include <algorithm>
#include <cctype>

#include "core/logs/query.h"
#include "core/logs/render.h"

namespace socsim::logs {
namespace {

constexpr std::size_t kMaxCompletions = 100;
constexpr std::string_view kCommandNames[] = {"stats", "sort", "head", "tail", "where", "table", "dedup"};
constexpr std::string_view kFunctionNames[] = {"count", "dc(", "sum(", "avg(", "min(", "max("};

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '@'; }

bool starts_with_ignore_case(std::string_view text, std::string_view prefix) {
    if (prefix.size() > text.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(text[i])) != std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// The names a name field can show (qtype: A, AAAA, TXT...), as the Renderer writes them.
std::vector<std::string> names_of(Source source, const Field& f) {
    std::vector<std::string> out;
    if (f.type == FieldType::Source) {
        for (int s = 0; s < kSourceCount; ++s) out.emplace_back(source_name(static_cast<Source>(s)));
        return out;
    }
    static const scenario::Scenario nothing;
    static const LogStore empty;
    const Renderer r(nothing, empty);
    for (int code = 0; code < 256; ++code) {
        Event e;
        e.source = source;
        set_raw_value(f.slot, e, code);
        std::string text = r.field(e, f.name);
        if (text.empty() || text == "?" || std::find(out.begin(), out.end(), text) != out.end()) continue;
        out.push_back(std::move(text));
    }
    return out;
}

}  // namespace

std::vector<Completion> complete(std::string_view text, std::size_t cursor, Source source) {
    std::vector<Completion> out;
    cursor = std::min(cursor, text.size());
    std::size_t start = cursor;
    while (start > 0 && name_char(text[start - 1])) --start;
    const std::string_view prefix = text.substr(start, cursor - start);
    auto offer = [&](Completion::Kind kind, std::string_view candidate) {
        if (out.size() >= kMaxCompletions || !starts_with_ignore_case(candidate, prefix)) return;
        for (const auto& c : out)
            if (c.text == candidate) return;
        out.push_back(Completion{kind, std::string(candidate), start, cursor});
    };

    // Where the current command starts; nothing is offered inside a quoted string.
    bool quoted = false;
    std::size_t bar = std::string_view::npos;
    std::vector<std::size_t> bars;
    for (std::size_t i = 0; i < start; ++i) {
        if (text[i] == '"' && (i == 0 || text[i - 1] != '\\')) quoted = !quoted;
        if (!quoted && text[i] == '|') bars.push_back(i);
    }
    if (quoted) return out;
    if (!bars.empty()) bar = bars.back();

    auto offer_fields = [&] {
        for (const auto& f : fields_of(source)) offer(Completion::Kind::Field, f.name);
    };

    // After `field=`: the names of a name field.
    std::size_t before = start;
    while (before > 0 && (text[before - 1] == '=' || text[before - 1] == '!')) --before;
    if (before < start && text[start - 1] == '=') {
        std::size_t name_start = before;
        while (name_start > 0 && name_char(text[name_start - 1])) --name_start;
        if (const Field* f = find_field(source, text.substr(name_start, before - name_start));
            f && (f->type == FieldType::Name || f->type == FieldType::Source)) {
            for (const auto& n : names_of(source, *f)) offer(Completion::Kind::Value, n);
        }
        return out;
    }

    if (bar == std::string_view::npos) {
        offer_fields();
        for (std::string_view k : {"earliest", "latest", "source"}) offer(Completion::Kind::Keyword, k);
        if (!prefix.empty())
            for (std::string_view k : {"AND", "OR", "NOT"})
                if (k.starts_with(prefix)) offer(Completion::Kind::Keyword, k);
        return out;
    }

    // The words of the current command before the cursor's word.
    std::vector<std::string> words;
    {
        std::size_t i = bar + 1;
        while (i < start) {
            while (i < start && !name_char(text[i])) ++i;
            const std::size_t w = i;
            while (i < start && name_char(text[i])) ++i;
            if (i > w) words.push_back(lower(text.substr(w, i - w)));
        }
    }
    if (words.empty()) {
        for (auto c : kCommandNames) offer(Completion::Kind::Command, c);
        return out;
    }
    const std::string& command = words.front();
    if (command == "stats") {
        const bool by = std::find(words.begin() + 1, words.end(), "by") != words.end();
        if (by || (start > 0 && text[start - 1] == '(')) {
            offer_fields();
        } else {
            for (auto f : kFunctionNames) offer(Completion::Kind::Function, f);
            if (words.size() > 1) offer(Completion::Kind::Keyword, "by");
        }
        return out;
    }
    if (command == "sort" || command == "table" || command == "dedup" || command == "where") {
        // After stats, the names are its columns.
        for (std::size_t k = 0; k + 1 < bars.size(); ++k) {
            std::size_t w = bars[k] + 1;
            while (w < text.size() && text[w] == ' ') ++w;
            if (lower(text.substr(w, 5)) != "stats") continue;
            const Query q = Query::parse(text.substr(0, bars[k + 1]), source);
            if (!q.ok() || q.commands().empty()) break;
            const auto& stats = q.commands().back();
            for (const Field* f : stats.by) offer(Completion::Kind::Field, f->name);
            for (const auto& s : stats.statistics) offer(Completion::Kind::Field, s.name);
            return out;
        }
        offer_fields();
    }
    return out;
}

}  // namespace socsim::logs
