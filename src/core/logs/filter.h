// The log explorer's filter box: `field=value`, `field!=value` and free words, all of which must
// hold. Values and words match without regard to case; `*` in a value is a wildcard
// (`query=*.example.com`). A word matches anywhere in the raw line. Quote to keep spaces:
// `"failed to log on"`. The richer query language (pipelines, OR, regex) builds on this later.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/i18n/catalog.h"
#include "core/logs/render.h"

namespace socsim::logs {

struct FilterError {
    int column = 0;          // 1-based position in the filter text
    std::string key;         // catalog key of the message
    TextArgs args;           // its placeholders
};

class Filter {
public:
    // Parses `text` for the records of `source`; fields are checked against that source.
    static Filter parse(std::string_view text, Source source);

    bool ok() const { return !error_.has_value(); }
    const std::optional<FilterError>& error() const { return error_; }
    bool empty() const { return terms_.empty(); }

    bool matches(const Renderer& renderer, const Event& e) const;

    // Appends to `out` the indices of `source`'s records at positions [from, to) of store.of(source)
    // that match. Views call it with the records that arrived since the last frame.
    void scan(const Renderer& renderer, const LogStore& store, Source source, std::size_t from, std::size_t to,
              std::vector<std::uint32_t>& out) const;

private:
    struct Term {
        std::string field;  // empty: a free word matched against the raw line
        std::string value;  // lower case
        bool negate = false;
    };
    std::vector<Term> terms_;
    std::optional<FilterError> error_;
};

// Case-insensitive match with `*` wildcards; without a `*` the whole text must be equal.
bool wildcard_match(std::string_view pattern_lower, std::string_view text);
bool contains_ignore_case(std::string_view text, std::string_view needle_lower);

}  // namespace socsim::logs
