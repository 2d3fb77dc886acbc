// Beacon scoring over DNS pairs (see beacon.h).
#include "core/detect/beacon.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace socsim::detect {
namespace {

// 1 - |skew| and (median - MAD) / median, averaged: both near 1 for a steady rhythm.
double regularity(const std::vector<double>& values) {
    if (values.empty()) return 0;
    const double med = median(values);
    const double skew_score = 1.0 - std::fabs(bowley_skew(values));
    const double mad_score = med > 0 ? std::max(0.0, (med - median_absolute_deviation(values)) / med) : 1.0;
    return (skew_score + mad_score) / 2.0;
}

}  // namespace

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return quantile(v, 0.5);
}

// Linear interpolation between the two nearest ranks (see beacon.h).
double quantile(const std::vector<double>& sorted, double q) {
    if (sorted.empty()) return 0;
    const double pos = q * static_cast<double>(sorted.size() - 1);
    const auto lo = static_cast<std::size_t>(std::floor(pos));
    const auto hi = std::min(lo + 1, sorted.size() - 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - static_cast<double>(lo));
}

double bowley_skew(std::vector<double> v) {
    if (v.size() < 3) return 0;
    std::sort(v.begin(), v.end());
    const double q1 = quantile(v, 0.25), q2 = quantile(v, 0.5), q3 = quantile(v, 0.75);
    // Equal quartiles (a perfectly steady series) or a median on a quartile: no measurable skew.
    if (q3 == q1 || q2 == q1 || q2 == q3) return 0;
    return (q3 + q1 - 2 * q2) / (q3 - q1);
}

double median_absolute_deviation(std::vector<double> v) {
    if (v.empty()) return 0;
    const double m = median(v);
    for (auto& x : v) x = std::fabs(x - m);
    return median(std::move(v));
}

double dns_query_size(const logs::LogStore& store, const logs::Event& e) {
    return static_cast<double>(store.text(e).size() + e.kind);
}

BeaconScore score_pair(Ipv4 client, std::uint32_t domain, std::span<const SimTime> times,
                       std::span<const double> sizes, SimTime from, SimTime to) {
    BeaconScore b;
    b.client = client;
    b.domain = domain;
    b.count = static_cast<int>(times.size());
    if (times.empty()) return b;
    std::vector<double> gaps;
    gaps.reserve(times.size());
    for (std::size_t i = 1; i < times.size(); ++i) gaps.push_back(static_cast<double>(times[i] - times[i - 1]));
    b.median_interval = static_cast<Millis>(median(gaps));
    b.timing = regularity(gaps);
    b.size = regularity(std::vector<double>(sizes.begin(), sizes.end()));
    // 24 equal slices of the pair's own active span; the score falls with their spread (CV).
    const SimTime first = times.front(), last = times.back();
    const double span = static_cast<double>(std::max<Millis>(last - first, 1));
    std::vector<double> bins(24, 0.0);
    for (SimTime t : times)
        bins[std::min<std::size_t>(23, static_cast<std::size_t>(static_cast<double>(t - first) / span * 24.0))] += 1;
    double mean = 0;
    for (double c : bins) mean += c;
    mean /= 24.0;
    double var = 0;
    for (double c : bins) var += (c - mean) * (c - mean);
    const double cv = mean > 0 ? std::sqrt(var / 24.0) / mean : 1.0;
    b.histogram = std::clamp(1.0 - cv, 0.0, 1.0);
    const double window = static_cast<double>(std::max<Millis>(to - from, 1));
    b.duration = std::clamp(span / window, 0.0, 1.0);
    b.score = (b.timing + b.size + b.histogram + b.duration) / 4.0;
    return b;
}

std::vector<BeaconScore> score_dns_pairs(const logs::LogStore& store, SimTime from, SimTime to, int min_count) {
    struct Series {
        std::vector<SimTime> times;
        std::vector<double> sizes;
    };
    std::unordered_map<std::uint64_t, Series> pairs;
    for (std::uint32_t index : store.of(logs::Source::Dns)) {
        const logs::Event& e = store.at(index);
        if (e.time < from || e.time > to) continue;
        auto& s = pairs[(std::uint64_t(e.src_ip) << 32) | e.text];
        s.times.push_back(e.time);
        s.sizes.push_back(dns_query_size(store, e));
    }
    std::vector<BeaconScore> out;
    for (auto& [key, s] : pairs) {
        if (static_cast<int>(s.times.size()) < std::max(min_count, 3)) continue;
        out.push_back(score_pair(static_cast<Ipv4>(key >> 32), static_cast<std::uint32_t>(key & 0xffffffffu), s.times,
                                 s.sizes, from, to));
    }
    std::sort(out.begin(), out.end(), [](const BeaconScore& a, const BeaconScore& b) {
        return a.score != b.score ? a.score > b.score : a.count > b.count;
    });
    return out;
}

}  // namespace socsim::detect
