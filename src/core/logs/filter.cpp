// The filter box over the query language (see filter.h).
#include "core/logs/filter.h"

#include <algorithm>

namespace socsim::logs {

Filter Filter::parse(std::string_view text, Source source, std::optional<SimTime> now) {
    Filter f;
    f.now_ = now;
    const Query q = Query::parse(text, source);
    if (!q.ok()) {
        f.error_ = q.error();
        return f;
    }
    if (!q.commands().empty()) {
        f.error_ = FilterError{q.first_command_column(), "query.filter_commands", {}};
        return f;
    }
    f.condition_ = q.search();
    return f;
}

ConditionScan& Filter::scan_for(const Renderer& renderer) const {
    const LogStore& store = renderer.store();
    if (!scan_ || scanned_store_ != &store) {
        const SimTime now = now_ ? *now_ : (store.size() ? store.events().back().time : 0);
        scan_ = std::make_shared<ConditionScan>(condition_, renderer, now);
        scanned_store_ = &store;
    }
    return *scan_;
}

bool Filter::matches(const Renderer& renderer, const Event& e) const {
    if (!ok()) return false;
    return scan_for(renderer).matches(e);
}

void Filter::scan(const Renderer& renderer, const LogStore& store, Source source, std::size_t from, std::size_t to,
                  std::vector<std::uint32_t>& out) const {
    if (!ok()) return;
    const auto& rows = store.of(source);
    to = std::min(to, rows.size());
    if (from >= to) return;
    if (condition_.matches_everything()) {
        out.insert(out.end(), rows.begin() + static_cast<std::ptrdiff_t>(from), rows.begin() + static_cast<std::ptrdiff_t>(to));
        return;
    }
    scan_for(renderer).select(rows.data() + from, to - from, out);
}

}  // namespace socsim::logs
