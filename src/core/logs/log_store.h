// The in-memory log store: every record generated so far, in time order, plus one index list
// per source. Views never copy records: they hold index lists into the store.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <deque>
#include <unordered_map>
#include <vector>

#include "core/logs/event.h"

namespace socsim::logs {

// Interns strings so an Event carries a 32-bit id instead of a std::string.
class StringPool {
public:
    StringPool();  // id 0 is the empty string
    std::uint32_t intern(std::string_view s);
    std::string_view get(std::uint32_t id) const { return strings_[id]; }
    std::size_t size() const { return strings_.size(); }

private:
    std::deque<std::string> strings_;  // a deque never moves its elements, so the views below stay valid
    std::unordered_map<std::string_view, std::uint32_t> ids_;
};

class LogStore {
public:
    // Appends a record; records must arrive in non-decreasing time order. Returns its index.
    std::uint32_t append(const Event& e);

    std::size_t size() const { return events_.size(); }
    const Event& at(std::uint32_t index) const { return events_[index]; }
    const std::vector<Event>& events() const { return events_; }
    // Indices of the records of one source, in time order.
    const std::vector<std::uint32_t>& of(Source s) const { return by_source_[static_cast<int>(s)]; }

    // Streaming (long exports): drops the records kept so far but keeps the strings, so a week of
    // logs passes through without being held. Indices start again at 0.
    void clear_records();

    StringPool& strings() { return strings_; }
    const StringPool& strings() const { return strings_; }
    std::string_view text(const Event& e) const { return strings_.get(e.text); }

private:
    std::vector<Event> events_;
    std::vector<std::uint32_t> by_source_[kSourceCount];
    StringPool strings_;
};

}  // namespace socsim::logs
