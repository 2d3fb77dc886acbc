// Charts of the logs for the investigation workspace, without drawing them: how many records each
// source wrote over time (for every device or one), the rhythm of each (client, domain) pair of the
// DNS log with its beacon score, the devices that talk most, and each device's share of NXDOMAIN
// answers.
//
// `Charts` keeps all of them up to date as records arrive: `update` reads only the records appended
// since its last call, at most a budget of them per call, so a store of ten million records is read
// once, a slice per frame, and never scanned again. The beacon ranking, which must sort every pair's
// gaps, is redone in slices too (at most once a simulated minute) and swapped in when complete, so a
// panel always has a whole ranking to show. The free functions at the end give the same answers in
// one call over a whole store, for tests, the command line and the benchmark.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/common/net.h"
#include "core/common/time.h"
#include "core/detect/beacon.h"
#include "core/logs/log_store.h"

namespace socsim::analytics {

// Who a record is about: the scenario's device when the engine knows it, else its source address.
struct Who {
    std::uint16_t host = logs::kNoHost;  // index in scenario.network.hosts
    Ipv4 ip = 0;                         // the address, when host is kNoHost
    bool operator==(const Who&) const = default;
};
Who who_of(const logs::Event& e);

// Records per time bucket and source. Buckets start at `start`; `bucket` is their width.
struct EventCounts {
    SimTime start = 0;
    Millis bucket = kMinute;
    std::vector<std::array<std::uint32_t, logs::kSourceCount>> counts;  // one entry per bucket
    std::uint32_t total(std::size_t bucket_index) const;                // all sources of one bucket
    std::uint32_t peak() const;                                         // the largest total
};

// Events over time, for all devices and for each one. The buckets widen (doubling) as the clock
// moves on, so a chart of a whole shift and a chart of its first ten minutes both have at most
// `max_buckets` bars of a readable width.
class EventTimeline {
public:
    explicit EventTimeline(SimTime start, Millis first_bucket = kMinute, std::size_t max_buckets = 96);
    void add(const logs::Event& e);
    const EventCounts& all() const { return all_; }
    // One device's counts on the same buckets (null when it wrote nothing yet).
    const EventCounts* of(std::uint16_t host) const;
    // The devices that wrote at least one record, by index.
    std::vector<std::uint16_t> hosts() const;

private:
    void widen();  // doubles the bucket width, merging neighbours in every series
    std::size_t max_buckets_;
    EventCounts all_;
    std::vector<EventCounts> by_host_;  // by device index (empty counts: nothing yet); a vector, not
                                        // a map: one lookup per record of millions
};

// A histogram of the gaps between one pair's queries, with bins chosen for the data: the
// Freedman-Diaconis width (2 IQR / n^(1/3)) rounded to 1, 2 or 5 of a power of ten milliseconds.
// Gaps far beyond the bulk (more than 3 IQR above the third quartile: the device was switched off,
// say) are counted in `longer` instead of stretching the axis until the beacon's peak is one bar.
struct IntervalHistogram {
    Millis low = 0;                  // left edge of the first bin
    Millis width = kSecond;          // bin width
    std::vector<std::uint32_t> bins;
    std::uint32_t longer = 0;        // gaps beyond the last bin
    Millis longest = 0;              // the longest gap of all
    std::size_t gaps = 0;            // gaps counted, in bins or longer
    std::uint32_t peak() const;
};
IntervalHistogram interval_histogram(std::span<const SimTime> times, std::size_t max_bins = 40);

// The DNS queries of one (client, domain) pair seen so far, as the beacon score reads them.
struct PairSeries {
    Ipv4 client = 0;
    std::uint32_t domain = 0;            // StringPool id of the query name
    std::uint16_t host = logs::kNoHost;  // the device that asked last (DHCP may move an address)
    std::vector<SimTime> times;          // in time order
    std::vector<std::uint16_t> sizes;    // detect::dns_query_size of each query
};

// What the charts show of one pair once the trainee picks it.
struct PairDetail {
    detect::BeaconScore score;       // over the window, the same as the ranking's
    IntervalHistogram histogram;
    double bowley_skew = 0;          // of the gaps: 0 symmetric; near +-1 lopsided
    double mad = 0;                  // median absolute deviation of the gaps, ms
};

// Every pair's series, and their ranking by beacon score (detect::score_pair), redone in slices.
class BeaconPairs {
public:
    static constexpr int kMinQueries = 6;        // fewer queries have no rhythm to score
    static constexpr std::size_t kRanked = 1000;  // pairs a ranking keeps: a trainee reads the first dozens
    void add(const logs::LogStore& store, const logs::Event& e);
    // Works on the ranking: starts a pass over [from, to] when none runs and `to` is a simulated
    // minute past the last one's, then scores up to `max_pairs` pairs. True when a pass completed.
    bool rank(SimTime from, SimTime to, std::size_t max_pairs);
    // Drops the ranking under way and makes the next rank() start a new one (the window changed).
    void rerank();
    // The last complete ranking, highest score first (the kRanked best), and the window it was made over.
    const std::vector<detect::BeaconScore>& ranked() const { return ranked_; }
    SimTime ranked_to() const { return ranked_to_; }
    bool ranking() const { return pass_.has_value(); }  // a pass is under way
    const PairSeries* find(Ipv4 client, std::uint32_t domain) const;
    std::size_t size() const { return series_.size(); }
    // The pair's detail over [from, to]; nullopt for an unknown pair or one with fewer than 3 queries.
    std::optional<PairDetail> detail(Ipv4 client, std::uint32_t domain, SimTime from, SimTime to) const;

private:
    struct Pass {
        SimTime from = 0, to = 0;
        std::size_t next = 0;                       // next series to score
        std::vector<detect::BeaconScore> scores;
    };
    // A deque and a map per client: with hundreds of thousands of pairs, growing one vector or one
    // hash table would move them all at once, a frame's hitch; these grow a little at a time.
    std::deque<PairSeries> series_;
    std::unordered_map<Ipv4, std::unordered_map<std::uint32_t, std::uint32_t>> index_;  // client -> domain -> position
    std::optional<Pass> pass_;
    std::vector<detect::BeaconScore> ranked_;
    SimTime ranked_to_ = std::numeric_limits<SimTime>::min();
};

// What one device did: its records, the bytes through the firewall, its DNS answers.
struct HostActivity {
    Who who;
    std::uint64_t events = 0;       // records of every source about it
    std::uint64_t bytes = 0;        // firewall: bytes sent plus bytes received
    std::uint32_t dns_queries = 0;  // its DNS queries ...
    std::uint32_t nxdomain = 0;     // ... answered NXDOMAIN (the name does not exist)
    double nxdomain_share() const { return dns_queries ? static_cast<double>(nxdomain) / dns_queries : 0.0; }
};

enum class TalkerOrder { Events, Bytes };

// Fewer DNS queries than this make no share worth a bar: three typos would read as 100%.
constexpr std::uint32_t kNxdomainMinQueries = 10;

// How much one Charts::update may do (the GUI gives a frame's share; the free functions, all).
struct ChartsBudget {
    std::size_t records = SIZE_MAX;  // new records to read
    std::size_t pairs = SIZE_MAX;    // pairs to score for the ranking
};

class Charts {
public:
    // `start`: the attempt's first instant, where the timeline's buckets begin and the beacon
    // window opens.
    explicit Charts(SimTime start);
    // Reads records appended since the last call and works on the beacon ranking as of `now`.
    // Returns true when every record is read and the ranking is complete.
    bool update(const logs::LogStore& store, SimTime now, const ChartsBudget& budget = {});
    // Records read so far: the revision of the store the charts show.
    std::size_t seen() const { return seen_; }
    // How far back the beacon ranking looks from now (0: to the start). A beacon that began an hour
    // ago scores low on "active all along" over a whole shift; over the last hour it stands out.
    void set_beacon_window(Millis window);
    Millis beacon_window() const { return beacon_window_; }
    SimTime beacon_from(SimTime now) const { return beacon_window_ > 0 ? std::max(start_, now - beacon_window_) : start_; }
    SimTime start() const { return start_; }
    const EventTimeline& timeline() const { return timeline_; }
    const BeaconPairs& pairs() const { return pairs_; }
    // The first `n` devices by records or by firewall bytes, most first (ties by device order).
    std::vector<HostActivity> top_talkers(TalkerOrder by, std::size_t n) const;
    // Devices with at least `min_queries` DNS queries, highest NXDOMAIN share first.
    std::vector<HostActivity> nxdomain_shares(std::size_t n, std::uint32_t min_queries = kNxdomainMinQueries) const;

private:
    SimTime start_;
    Millis beacon_window_ = 0;
    std::size_t seen_ = 0;
    EventTimeline timeline_;
    BeaconPairs pairs_;
    std::vector<HostActivity> activity_;
    std::vector<std::uint32_t> host_activity_;                        // device index -> position in activity_
    std::unordered_map<Ipv4, std::uint32_t> address_activity_;        // the same for records of no known device
};

// A data size for people: "512 B", "3.4 kB", "27 MB" (powers of 1000, as network tools print them).
std::string format_bytes(std::uint64_t bytes);

// The same answers over a whole store in one call (tests, CLI, benchmark). `start` as for Charts.
EventCounts events_over_time(const logs::LogStore& store, SimTime start, std::optional<std::uint16_t> host = std::nullopt);
std::vector<detect::BeaconScore> ranked_pairs(const logs::LogStore& store, SimTime start, SimTime now);
std::vector<HostActivity> top_talkers(const logs::LogStore& store, TalkerOrder by, std::size_t n);
std::vector<HostActivity> nxdomain_shares(const logs::LogStore& store, std::size_t n,
                                          std::uint32_t min_queries = kNxdomainMinQueries);

}  // namespace socsim::analytics
