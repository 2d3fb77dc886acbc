// Charts of the logs, kept up to date as records arrive (see charts.h).
#include "core/analytics/charts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace socsim::analytics {

Who who_of(const logs::Event& e) {
    if (e.host != logs::kNoHost) return Who{e.host, 0};
    return Who{logs::kNoHost, e.src_ip};
}

namespace {

std::uint64_t who_key(const Who& w) {
    return w.host != logs::kNoHost ? w.host : ((std::uint64_t(1) << 32) | w.ip);
}

// The ranking's order: higher score first, then more queries; the same order every run.
bool ranks_higher(const detect::BeaconScore& a, const detect::BeaconScore& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.count != b.count) return a.count > b.count;
    return a.client != b.client ? a.client < b.client : a.domain < b.domain;
}

// The smallest of 1, 2 or 5 times a power of ten that is at least `ms` (and at least 1 ms), so the
// axis reads "10 s, 20 s, 30 s" rather than "9.73 s, 19.46 s".
Millis nice_width(double ms) {
    if (ms <= 1) return 1;
    double p = std::pow(10.0, std::floor(std::log10(ms)));
    for (;;) {
        for (double m : {1.0, 2.0, 5.0})
            if (m * p >= ms) return static_cast<Millis>(std::llround(m * p));
        p *= 10;
    }
}

}  // namespace

// ---- EventCounts -------------------------------------------------------------------------

std::uint32_t EventCounts::total(std::size_t i) const {
    std::uint32_t n = 0;
    for (std::uint32_t c : counts[i]) n += c;
    return n;
}

std::uint32_t EventCounts::peak() const {
    std::uint32_t best = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) best = std::max(best, total(i));
    return best;
}

// ---- EventTimeline -----------------------------------------------------------------------

EventTimeline::EventTimeline(SimTime start, Millis first_bucket, std::size_t max_buckets)
    : max_buckets_(std::max<std::size_t>(max_buckets, 2)) {
    all_.start = start;
    all_.bucket = std::max<Millis>(first_bucket, 1);
}

void EventTimeline::add(const logs::Event& e) {
    // A record from before the shift (a lease renewed at the start) counts in the first bar.
    const Millis since = std::max<Millis>(e.time - all_.start, 0);
    while (static_cast<std::size_t>(since / all_.bucket) >= max_buckets_) widen();
    const auto index = static_cast<std::size_t>(since / all_.bucket);
    const auto source = static_cast<std::size_t>(e.source);
    if (all_.counts.size() <= index) all_.counts.resize(index + 1, {});
    all_.counts[index][source] += 1;
    if (e.host == logs::kNoHost) return;
    if (by_host_.size() <= e.host) by_host_.resize(std::size_t(e.host) + 1);
    EventCounts& mine = by_host_[e.host];
    mine.start = all_.start;
    mine.bucket = all_.bucket;
    if (mine.counts.size() <= index) mine.counts.resize(index + 1, {});
    mine.counts[index][source] += 1;
}

void EventTimeline::widen() {
    auto merge = [](EventCounts& c) {
        std::vector<std::array<std::uint32_t, logs::kSourceCount>> merged((c.counts.size() + 1) / 2);
        for (std::size_t i = 0; i < c.counts.size(); ++i)
            for (int s = 0; s < logs::kSourceCount; ++s) merged[i / 2][s] += c.counts[i][s];
        c.counts = std::move(merged);
        c.bucket *= 2;
    };
    merge(all_);
    for (auto& counts : by_host_)
        if (!counts.counts.empty()) merge(counts);
}

const EventCounts* EventTimeline::of(std::uint16_t host) const {
    if (host >= by_host_.size() || by_host_[host].counts.empty()) return nullptr;
    // Widening merges every device's series, so each has the chart's buckets; only its length can
    // fall short of the whole chart's (no record since).
    return &by_host_[host];
}

std::vector<std::uint16_t> EventTimeline::hosts() const {
    std::vector<std::uint16_t> out;
    for (std::size_t h = 0; h < by_host_.size(); ++h)
        if (!by_host_[h].counts.empty()) out.push_back(static_cast<std::uint16_t>(h));
    return out;
}

// ---- IntervalHistogram -------------------------------------------------------------------

std::uint32_t IntervalHistogram::peak() const {
    std::uint32_t best = 0;
    for (std::uint32_t c : bins) best = std::max(best, c);
    return best;
}

IntervalHistogram interval_histogram(std::span<const SimTime> times, std::size_t max_bins) {
    IntervalHistogram h;
    if (times.size() < 2) return h;
    std::vector<double> gaps;
    gaps.reserve(times.size() - 1);
    for (std::size_t i = 1; i < times.size(); ++i) gaps.push_back(static_cast<double>(times[i] - times[i - 1]));
    std::sort(gaps.begin(), gaps.end());
    h.gaps = gaps.size();
    h.longest = static_cast<Millis>(gaps.back());
    const double q1 = detect::quantile(gaps, 0.25), q3 = detect::quantile(gaps, 0.75), med = detect::quantile(gaps, 0.5);
    const double iqr = q3 - q1;
    const double top = iqr > 0 ? std::min(gaps.back(), q3 + 3 * iqr) : gaps.back();
    // A perfectly steady series has no spread to size bins by: a twentieth of its median will do.
    const double fd = iqr > 0 ? 2 * iqr / std::cbrt(static_cast<double>(gaps.size())) : std::max(med / 20, 1.0);
    const double range = std::max(top - gaps.front(), 1.0);
    const std::size_t most = std::max<std::size_t>(max_bins, 1);
    h.width = nice_width(std::max(fd, range / static_cast<double>(most)));
    h.low = static_cast<Millis>(std::floor(gaps.front() / static_cast<double>(h.width))) * h.width;
    const auto count = static_cast<std::size_t>(std::floor((top - static_cast<double>(h.low)) / static_cast<double>(h.width))) + 1;
    h.bins.assign(std::min(count, most), 0);
    const double end = static_cast<double>(h.low + h.width * static_cast<Millis>(h.bins.size()));
    for (double g : gaps) {
        if (g >= end) {
            h.longer += 1;
            continue;
        }
        h.bins[static_cast<std::size_t>((g - static_cast<double>(h.low)) / static_cast<double>(h.width))] += 1;
    }
    return h;
}

// ---- BeaconPairs -------------------------------------------------------------------------

void BeaconPairs::add(const logs::LogStore& store, const logs::Event& e) {
    auto [it, fresh] = index_[e.src_ip].try_emplace(e.text, static_cast<std::uint32_t>(series_.size()));
    if (fresh) {
        PairSeries s;
        s.client = e.src_ip;
        s.domain = e.text;
        series_.push_back(std::move(s));
    }
    PairSeries& s = series_[it->second];
    s.host = e.host;
    s.times.push_back(e.time);
    s.sizes.push_back(static_cast<std::uint16_t>(std::min(detect::dns_query_size(store, e), 65535.0)));
}

bool BeaconPairs::rank(SimTime from, SimTime to, std::size_t max_pairs) {
    if (!pass_) {
        if (ranked_to_ != std::numeric_limits<SimTime>::min() && to < ranked_to_ + kMinute) return false;
        pass_ = Pass{from, to, 0, {}};
    }
    Pass& p = *pass_;
    std::vector<double> sizes;
    // Pairs too small to score cost a lookup each, but there can be a hundred thousand of them:
    // they count against the slice too, 32 to a scored pair.
    const std::size_t visits = max_pairs > SIZE_MAX / 32 ? SIZE_MAX : max_pairs * 32;
    for (std::size_t done = 0, visited = 0; p.next < series_.size() && done < max_pairs && visited < visits;
         ++p.next, ++visited) {
        const PairSeries& s = series_[p.next];
        // Only the queries inside the pass's window: records keep arriving while it runs.
        const auto first = std::lower_bound(s.times.begin(), s.times.end(), p.from);
        const auto last = std::upper_bound(first, s.times.end(), p.to);
        const auto n = static_cast<std::size_t>(last - first);
        if (n < static_cast<std::size_t>(kMinQueries)) continue;
        // Scoring sorts the pair's gaps: a pair of ten thousand queries costs what dozens of small
        // ones do, and counts so against the slice.
        done += 1 + n / 256;
        const auto offset = static_cast<std::size_t>(first - s.times.begin());
        sizes.assign(s.sizes.begin() + static_cast<std::ptrdiff_t>(offset),
                     s.sizes.begin() + static_cast<std::ptrdiff_t>(offset + n));
        // The best kRanked so far in a heap whose top is the weakest of them, so the pass ends with
        // a sort of a thousand, not of every pair.
        p.scores.push_back(detect::score_pair(s.client, s.domain, std::span<const SimTime>(&*first, n), sizes, p.from, p.to));
        std::push_heap(p.scores.begin(), p.scores.end(), ranks_higher);
        if (p.scores.size() > kRanked) {
            std::pop_heap(p.scores.begin(), p.scores.end(), ranks_higher);
            p.scores.pop_back();
        }
    }
    if (p.next < series_.size()) return false;
    std::sort(p.scores.begin(), p.scores.end(), ranks_higher);
    ranked_ = std::move(p.scores);
    ranked_to_ = p.to;
    pass_.reset();
    return true;
}

void BeaconPairs::rerank() {
    pass_.reset();
    ranked_to_ = std::numeric_limits<SimTime>::min();
}

const PairSeries* BeaconPairs::find(Ipv4 client, std::uint32_t domain) const {
    const auto by_client = index_.find(client);
    if (by_client == index_.end()) return nullptr;
    const auto it = by_client->second.find(domain);
    return it == by_client->second.end() ? nullptr : &series_[it->second];
}

std::optional<PairDetail> BeaconPairs::detail(Ipv4 client, std::uint32_t domain, SimTime from, SimTime to) const {
    const PairSeries* s = find(client, domain);
    if (!s) return std::nullopt;
    const auto first = std::lower_bound(s->times.begin(), s->times.end(), from);
    const auto last = std::upper_bound(first, s->times.end(), to);
    const auto n = static_cast<std::size_t>(last - first);
    if (n < 3) return std::nullopt;
    const auto offset = static_cast<std::ptrdiff_t>(first - s->times.begin());
    const std::span<const SimTime> times(&*first, n);
    const std::vector<double> sizes(s->sizes.begin() + offset, s->sizes.begin() + offset + static_cast<std::ptrdiff_t>(n));
    PairDetail d;
    d.score = detect::score_pair(client, domain, times, sizes, from, to);
    d.histogram = interval_histogram(times);
    std::vector<double> gaps;
    for (std::size_t i = 1; i < n; ++i) gaps.push_back(static_cast<double>(times[i] - times[i - 1]));
    d.bowley_skew = detect::bowley_skew(gaps);
    d.mad = detect::median_absolute_deviation(std::move(gaps));
    return d;
}

// ---- Charts ------------------------------------------------------------------------------

Charts::Charts(SimTime start) : start_(start), timeline_(start) {}

void Charts::set_beacon_window(Millis window) {
    window = std::max<Millis>(window, 0);
    if (window == beacon_window_) return;
    beacon_window_ = window;
    pairs_.rerank();  // the shown ranking stays until the new one is complete
}

bool Charts::update(const logs::LogStore& store, SimTime now, const ChartsBudget& budget) {
    const std::size_t end = store.size() - seen_ > budget.records ? seen_ + budget.records : store.size();
    for (; seen_ < end; ++seen_) {
        const logs::Event& e = store.at(static_cast<std::uint32_t>(seen_));
        timeline_.add(e);
        const Who who = who_of(e);
        std::uint32_t* slot = nullptr;
        if (who.host != logs::kNoHost) {
            if (host_activity_.size() <= who.host) host_activity_.resize(std::size_t(who.host) + 1, UINT32_MAX);
            slot = &host_activity_[who.host];
        } else {
            slot = &address_activity_.try_emplace(who.ip, UINT32_MAX).first->second;
        }
        if (*slot == UINT32_MAX) {
            *slot = static_cast<std::uint32_t>(activity_.size());
            activity_.push_back(HostActivity{who});
        }
        HostActivity& a = activity_[*slot];
        a.events += 1;
        if (e.source == logs::Source::Firewall) a.bytes += std::uint64_t(e.value) + e.value2;
        if (e.source == logs::Source::Dns) {
            a.dns_queries += 1;
            if (static_cast<logs::DnsRcode>(e.code) == logs::DnsRcode::NxDomain) a.nxdomain += 1;
            pairs_.add(store, e);
        }
    }
    // The ranking waits until the records are read: scoring half a slice would be redone at once.
    if (seen_ < store.size()) return false;
    pairs_.rank(beacon_from(now), now, budget.pairs);
    return !pairs_.ranking();
}

std::vector<HostActivity> Charts::top_talkers(TalkerOrder by, std::size_t n) const {
    std::vector<HostActivity> out = activity_;
    const auto measure = [by](const HostActivity& a) { return by == TalkerOrder::Events ? a.events : a.bytes; };
    const auto order = [&](const HostActivity& a, const HostActivity& b) {
        if (measure(a) != measure(b)) return measure(a) > measure(b);
        return who_key(a.who) < who_key(b.who);
    };
    n = std::min(n, out.size());
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n), out.end(), order);
    out.resize(n);
    // A device that never used the firewall is no talker by bytes.
    if (by == TalkerOrder::Bytes)
        out.erase(std::remove_if(out.begin(), out.end(), [](const HostActivity& a) { return a.bytes == 0; }), out.end());
    return out;
}

std::vector<HostActivity> Charts::nxdomain_shares(std::size_t n, std::uint32_t min_queries) const {
    std::vector<HostActivity> out;
    for (const auto& a : activity_)
        if (a.dns_queries >= std::max<std::uint32_t>(min_queries, 1)) out.push_back(a);
    const auto order = [](const HostActivity& a, const HostActivity& b) {
        // Compared as fractions in integers, so equal shares tie exactly.
        const std::uint64_t l = std::uint64_t(a.nxdomain) * b.dns_queries, r = std::uint64_t(b.nxdomain) * a.dns_queries;
        if (l != r) return l > r;
        if (a.dns_queries != b.dns_queries) return a.dns_queries > b.dns_queries;
        return who_key(a.who) < who_key(b.who);
    };
    n = std::min(n, out.size());
    std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n), out.end(), order);
    out.resize(n);
    return out;
}

std::string format_bytes(std::uint64_t bytes) {
    if (bytes < 1000) return std::to_string(bytes) + " B";
    static const char* const units[] = {"kB", "MB", "GB", "TB"};
    double v = static_cast<double>(bytes);
    int u = -1;
    while (v >= 1000 && u < 3) {
        v /= 1000;
        ++u;
    }
    char text[32];
    std::snprintf(text, sizeof text, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    return text;
}

// ---- one call over a whole store ---------------------------------------------------------

namespace {
Charts read_all(const logs::LogStore& store, SimTime start, SimTime now) {
    Charts c(start);
    c.update(store, now);
    return c;
}
SimTime first_time(const logs::LogStore& store) { return store.size() ? store.at(0).time : 0; }
SimTime last_time(const logs::LogStore& store) {
    return store.size() ? store.at(static_cast<std::uint32_t>(store.size() - 1)).time : 0;
}
}  // namespace

EventCounts events_over_time(const logs::LogStore& store, SimTime start, std::optional<std::uint16_t> host) {
    EventTimeline t(start);
    for (const auto& e : store.events()) t.add(e);
    if (!host) return t.all();
    const EventCounts* mine = t.of(*host);
    if (!mine) return EventCounts{t.all().start, t.all().bucket, {}};
    return *mine;
}

std::vector<detect::BeaconScore> ranked_pairs(const logs::LogStore& store, SimTime start, SimTime now) {
    return read_all(store, start, now).pairs().ranked();
}

std::vector<HostActivity> top_talkers(const logs::LogStore& store, TalkerOrder by, std::size_t n) {
    return read_all(store, first_time(store), last_time(store)).top_talkers(by, n);
}

std::vector<HostActivity> nxdomain_shares(const logs::LogStore& store, std::size_t n, std::uint32_t min_queries) {
    return read_all(store, first_time(store), last_time(store)).nxdomain_shares(n, min_queries);
}

}  // namespace socsim::analytics
