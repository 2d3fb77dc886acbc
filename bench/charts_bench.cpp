// charts_bench: what the Charts tab's numbers (core/analytics/charts.h) cost on a workload, to
// check issue 4's item 11 (a frame under 4 ms of CPU, nothing freezing) on a loaded store.
//
// The workload is a scenario file (bench/scale_scenario.py 500 24h writes M); its whole run is
// generated, then timed: reading every record into the charts at once, the same in the panel's
// slices of 2,048 records (the slowest slice is what one frame would pay), ranking every DNS pair
// by beacon score in slices of 64 pairs (likewise), the lists the panel remakes (top talkers,
// NXDOMAIN share), the top pair's detail, and detect::score_dns_pairs over the same records for
// comparison. Times are this thread's CPU time, best of the runs asked for.
//
//   build/charts_bench [--runs N] FILE
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>

#include "cpu_time.h"
#include "core/analytics/charts.h"
#include "core/detect/beacon.h"
#include "core/scenario/loader.h"
#include "core/sim/engine.h"

using namespace socsim;

namespace {

struct Figures {
    double read_all = 1e300;      // every record, one call, no ranking
    double slice_max = 0;         // the slowest 2,048-record slice
    double rank_all = 1e300;      // the whole ranking
    double rank_slice_max = 0;    // the slowest 64-pair slice
    double lists = 1e300;         // top talkers (both orders) and NXDOMAIN share, 10 each
    double detail = 1e300;        // the top pair's histogram and score
    double reference = 1e300;     // detect::score_dns_pairs over the same window
    std::size_t pairs = 0, ranked = 0, devices = 0;
};

}  // namespace

int main(int argc, char** argv) {
    int runs = 3;
    const char* file = nullptr;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc)
            runs = std::max(1, std::atoi(argv[++i]));
        else
            file = argv[i];
    }
    if (!file) {
        std::fprintf(stderr, "usage: charts_bench [--runs N] FILE\n");
        return 2;
    }
    auto loaded = scenario::load_file(file);
    if (!loaded.ok()) {
        for (const auto& d : loaded.errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
        return 2;
    }
    sim::Engine engine(*loaded.value, 1);
    engine.advance_to(engine.end());
    const auto& store = engine.logs();
    const SimTime start = engine.start(), now = engine.end();
    Figures f;
    for (int r = 0; r < runs; ++r) {
        {
            analytics::Charts c(start);
            const double t0 = bench::thread_cpu_ms();
            c.update(store, now, analytics::ChartsBudget{SIZE_MAX, 0});
            f.read_all = std::min(f.read_all, bench::thread_cpu_ms() - t0);
        }
        analytics::Charts c(start);
        c.set_beacon_window(0);
        while (c.seen() < store.size()) {
            const double t0 = bench::thread_cpu_ms();
            c.update(store, now, analytics::ChartsBudget{1u << 11, 0});
            f.slice_max = std::max(f.slice_max, bench::thread_cpu_ms() - t0);
        }
        const double r0 = bench::thread_cpu_ms();
        for (;;) {
            const double t0 = bench::thread_cpu_ms();
            const bool done = c.update(store, now, analytics::ChartsBudget{1u << 11, 64});
            f.rank_slice_max = std::max(f.rank_slice_max, bench::thread_cpu_ms() - t0);
            if (done) break;
        }
        f.rank_all = std::min(f.rank_all, bench::thread_cpu_ms() - r0);
        const double l0 = bench::thread_cpu_ms();
        const auto talkers = c.top_talkers(analytics::TalkerOrder::Events, 10);
        const auto bytes = c.top_talkers(analytics::TalkerOrder::Bytes, 10);
        const auto shares = c.nxdomain_shares(10);
        f.lists = std::min(f.lists, bench::thread_cpu_ms() - l0);
        f.devices = talkers.size() + bytes.size() + shares.size();
        f.pairs = c.pairs().size();
        f.ranked = c.pairs().ranked().size();
        if (!c.pairs().ranked().empty()) {
            const auto& top = c.pairs().ranked().front();
            const double d0 = bench::thread_cpu_ms();
            const auto detail = c.pairs().detail(top.client, top.domain, start, now);
            f.detail = std::min(f.detail, bench::thread_cpu_ms() - d0);
        }
        const double s0 = bench::thread_cpu_ms();
        const auto reference = detect::score_dns_pairs(store, start, now, analytics::BeaconPairs::kMinQueries);
        f.reference = std::min(f.reference, bench::thread_cpu_ms() - s0);
    }
    std::printf("| records | DNS pairs (ranked) | read all | slowest 2Ki-record slice | ranking | slowest 64-pair slice | lists | top pair's detail | score_dns_pairs |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    std::printf("| %zu | %zu (%zu) | %.0f ms (%.1f M records/s) | %.2f ms | %.0f ms | %.2f ms | %.2f ms | %.2f ms | %.0f ms |\n",
                store.size(), f.pairs, f.ranked, f.read_all, static_cast<double>(store.size()) / f.read_all / 1e3,
                f.slice_max, f.rank_all, f.rank_slice_max, f.lists, f.detail, f.reference);
    return 0;
}
