// The queries a trainee ran (see query.h): most recent first, no repeats, at most `capacity`.
#include <algorithm>
#include <cctype>

#include "core/logs/query.h"

namespace socsim::logs {
namespace {

std::string_view trimmed(std::string_view q) {
    while (!q.empty() && std::isspace(static_cast<unsigned char>(q.front()))) q.remove_prefix(1);
    while (!q.empty() && std::isspace(static_cast<unsigned char>(q.back()))) q.remove_suffix(1);
    return q;
}

}  // namespace

void QueryHistory::add(std::string_view query) {
    query = trimmed(query);
    if (query.empty() || capacity_ == 0) return;
    entries_.erase(std::remove(entries_.begin(), entries_.end(), query), entries_.end());
    entries_.insert(entries_.begin(), std::string(query));
    if (entries_.size() > capacity_) entries_.resize(capacity_);
}

std::vector<std::string> QueryHistory::matching(std::string_view prefix) const {
    std::vector<std::string> out;
    for (const auto& e : entries_)
        if (e.starts_with(prefix)) out.push_back(e);
    return out;
}

QueryHistory QueryHistory::from_list(const std::vector<std::string>& list, std::size_t capacity) {
    // The list is most recent first; a repeat counts where it first appears (its latest use).
    QueryHistory out(capacity);
    for (const auto& raw : list) {
        if (out.entries_.size() >= capacity) break;
        const std::string_view q = trimmed(raw);
        if (q.empty() || std::find(out.entries_.begin(), out.entries_.end(), q) != out.entries_.end()) continue;
        out.entries_.emplace_back(q);
    }
    return out;
}

}  // namespace socsim::logs
