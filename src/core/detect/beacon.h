// Beacon analytics: how machine-like is the rhythm of a (client, domain) pair in the DNS log?
//
// The score follows the method RITA published: for the gaps between queries, the Bowley skew
// and the median absolute deviation (MAD) give 1 - |skew| and (median - MAD) / median; the same
// two measures over the data sizes; a 24-bin histogram of when the queries happened (a beacon
// spreads evenly, a person clusters); and how much of the observed window the pair spans.
// The final score is the mean of the four parts, 0..1; a 60 s beacon with small jitter scores
// near 1, while browsing scores low. Benign periodic traffic (NTP) also scores high: the
// interval and the domain are what tell it apart, which is exactly what trainees must learn.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/common/net.h"
#include "core/common/time.h"
#include "core/logs/log_store.h"

namespace socsim::detect {

struct BeaconScore {
    Ipv4 client = 0;
    std::uint32_t domain = 0;      // StringPool id of the query name
    int count = 0;                 // queries in the window
    Millis median_interval = 0;
    double timing = 0;             // mean of 1-|Bowley skew| and (median-MAD)/median of the gaps
    double size = 0;               // the same over the data sizes
    double histogram = 0;          // evenness of the 24-bin histogram of query times
    double duration = 0;           // share of the window the pair spans
    double score = 0;              // mean of the four
};

// Intervals-only pieces, exposed for tests and charts.
double bowley_skew(std::vector<double> values);
double median_absolute_deviation(std::vector<double> values);
double median(std::vector<double> values);
// The q-quantile (0..1) of values already sorted, interpolating linearly between ranks; 0 when empty.
double quantile(const std::vector<double>& sorted, double q);

// What stands in for a DNS query's data size, since a query carries no payload: the length of
// its name plus its type.
double dns_query_size(const logs::LogStore& store, const logs::Event& e);

// Scores one pair from its query times (in time order, at least 3) and their sizes, over the
// observed window [from, to]. score_dns_pairs scores each pair with it; the charts score the
// series they keep up to date as records arrive.
BeaconScore score_pair(Ipv4 client, std::uint32_t domain, std::span<const SimTime> times,
                       std::span<const double> sizes, SimTime from, SimTime to);

// Scores every (client, query) pair of the DNS records in [from, to] with at least `min_count`
// queries; sorted by score, highest first.
std::vector<BeaconScore> score_dns_pairs(const logs::LogStore& store, SimTime from, SimTime to, int min_count = 6);

}  // namespace socsim::detect
