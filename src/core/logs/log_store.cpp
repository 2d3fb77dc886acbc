// The append-only log store and its string pool.
#include "core/logs/log_store.h"

#include <cassert>

namespace socsim::logs {

const char* source_name(Source s) {
    switch (s) {
        case Source::Dns: return "dns";
        case Source::Firewall: return "firewall";
        case Source::Dhcp: return "dhcp";
        case Source::Auth: return "auth";
    }
    return "unknown";
}

StringPool::StringPool() {
    strings_.emplace_back();
    ids_.emplace(std::string_view(strings_.back()), 0);
}

std::uint32_t StringPool::intern(std::string_view s) {
    if (auto it = ids_.find(s); it != ids_.end()) return it->second;
    strings_.emplace_back(s);
    const auto id = static_cast<std::uint32_t>(strings_.size() - 1);
    ids_.emplace(std::string_view(strings_.back()), id);
    return id;
}

std::uint32_t LogStore::append(const Event& e) {
    assert(events_.empty() || events_.back().time <= e.time);
    const auto index = static_cast<std::uint32_t>(events_.size());
    events_.push_back(e);
    by_source_[static_cast<int>(e.source)].push_back(index);
    return index;
}

void LogStore::clear_records() {
    events_.clear();
    events_.shrink_to_fit();
    for (auto& list : by_source_) {
        list.clear();
        list.shrink_to_fit();
    }
}

}  // namespace socsim::logs
