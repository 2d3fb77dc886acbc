// The log explorer's filter box: a search of the query language (query.h) without commands —
// `field=value`, `field!=value`, free words, and also OR, NOT, parentheses, `~` regexes, numeric
// and time comparisons. Values and words match without regard to case; `*` in a value is a
// wildcard (`query=*.example.com`). A word matches anywhere in the raw line. Quote to keep
// spaces: `"failed to log on"`. It is a thin front over Query and Condition: one matcher.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/logs/condition.h"
#include "core/logs/query.h"

namespace socsim::logs {

using FilterError = QueryError;

class Filter {
public:
    // Parses `text` for the records of `source`; fields are checked against that source.
    // `now` resolves relative times (`earliest=-15m`); without it they count from the newest
    // record in the store when the filter first scans.
    static Filter parse(std::string_view text, Source source, std::optional<SimTime> now = std::nullopt);

    bool ok() const { return !error_.has_value(); }
    const std::optional<FilterError>& error() const { return error_; }
    bool empty() const { return condition_.matches_everything(); }
    const Condition& condition() const { return condition_; }

    bool matches(const Renderer& renderer, const Event& e) const;

    // Appends to `out` the indices of `source`'s records at positions [from, to) of store.of(source)
    // that match. Views call it with the records that arrived since the last frame.
    void scan(const Renderer& renderer, const LogStore& store, Source source, std::size_t from, std::size_t to,
              std::vector<std::uint32_t>& out) const;

private:
    ConditionScan& scan_for(const Renderer& renderer) const;

    Condition condition_;
    std::optional<SimTime> now_;
    std::optional<FilterError> error_;
    // What the scan has learnt about the store's strings; rebuilt for another store.
    mutable std::shared_ptr<ConditionScan> scan_;
    mutable const LogStore* scanned_store_ = nullptr;
};

}  // namespace socsim::logs
