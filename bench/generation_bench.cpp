// generation_bench: how fast the engine makes a workload's records, what the loaded store costs
// in memory, and how long beacon analytics over all of its DNS pairs takes (issue 7's figures).
//
// Each workload is a scenario file (bench/scale_scenario.py writes S, M and L). A workload is
// either loaded, as the workspace holds it (the engine's LogStore and ground truth, then the
// resident memory per record and the beacon scoring of every (client, domain) pair), or
// streamed, as `socsim export` plays a long run (an hour at a time through Engine::drain, nothing
// kept). Times are this thread's CPU time, best of the runs asked for, so a shared machine
// measures the engine and not its neighbours.
//
//   build/generation_bench [--runs N] NAME=FILE[:stream] ...
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "cpu_time.h"
#include "core/detect/beacon.h"
#include "core/scenario/loader.h"
#include "core/sim/engine.h"

using namespace socsim;

namespace {

// Resident memory of this process, from /proc (pages actually in memory, not address space).
double resident_bytes() {
    std::ifstream statm("/proc/self/statm");
    long size = 0, resident = 0;
    statm >> size >> resident;
    return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE));
}

struct Workload {
    std::string name;
    std::string file;
    bool stream = false;
};

struct Figures {
    std::uint64_t records = 0;
    int hosts = 0;
    double seconds = 1e300;        // best generation time
    double resident_per_record = 0;  // loaded only
    double store_per_record = 0;     // loaded only: record, index entry and truth, plus the strings' text
    double beacon_seconds = 0;       // loaded only
    std::size_t beacon_pairs = 0;
    std::string digest;              // loaded only: the records' digest, the same before and after an optimisation
};

Figures run(const Workload& w, const scenario::Scenario& s, int runs) {
    Figures f;
    f.hosts = static_cast<int>(s.network.hosts.size());
    for (int r = 0; r < runs; ++r) {
        const double before = resident_bytes();
        sim::Engine engine(s, 1);
        const double started = bench::thread_cpu_seconds();
        if (w.stream) {
            std::uint64_t n = 0;
            for (SimTime t = engine.start(); t < engine.end();) {
                t = std::min(engine.end(), t + kHour);
                engine.advance_to(t);
                engine.drain([&](const logs::Event&, std::int16_t, std::uint64_t) { ++n; });
            }
            f.seconds = std::min(f.seconds, bench::thread_cpu_seconds() - started);
            f.records = n;
            continue;
        }
        engine.advance_to(engine.end());
        f.seconds = std::min(f.seconds, bench::thread_cpu_seconds() - started);
        const auto& store = engine.logs();
        f.records = store.size();
        f.digest = engine.digest();
        // Later runs reuse the heap the first one grew, so only the first says what loading costs.
        if (r == 0)
            f.resident_per_record = (resident_bytes() - before) / static_cast<double>(std::max<std::size_t>(store.size(), 1));
        std::size_t text = 0;
        for (std::size_t i = 0; i < store.strings().size(); ++i) text += store.strings().get(static_cast<std::uint32_t>(i)).size();
        f.store_per_record = (static_cast<double>(store.size()) * (sizeof(logs::Event) + sizeof(std::uint32_t) +
                                                                      sizeof(std::int16_t)) + static_cast<double>(text)) /
                             static_cast<double>(std::max<std::size_t>(store.size(), 1));
        const double b0 = bench::thread_cpu_seconds();
        const auto pairs = detect::score_dns_pairs(store, engine.start(), engine.end());
        f.beacon_seconds = bench::thread_cpu_seconds() - b0;
        f.beacon_pairs = pairs.size();
    }
    return f;
}

}  // namespace

int main(int argc, char** argv) {
    int runs = 3;
    std::vector<Workload> workloads;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--runs" && i + 1 < argc) {
            runs = std::max(1, std::atoi(argv[++i]));
            continue;
        }
        const auto eq = arg.find('=');
        if (eq == std::string::npos) {
            std::fprintf(stderr, "usage: generation_bench [--runs N] NAME=FILE[:stream] ...\n");
            return 2;
        }
        Workload w{arg.substr(0, eq), arg.substr(eq + 1)};
        if (w.file.size() > 7 && w.file.compare(w.file.size() - 7, 7, ":stream") == 0) {
            w.stream = true;
            w.file.resize(w.file.size() - 7);
        }
        workloads.push_back(w);
    }
    if (workloads.empty()) {
        std::fprintf(stderr, "usage: generation_bench [--runs N] NAME=FILE[:stream] ...\n");
        return 2;
    }
    std::printf("| workload | hosts | records | how | generation (records/s) | resident B/record | store B/record | beacon pairs | beacon analytics | digest |\n");
    std::printf("|---|---:|---:|---|---:|---:|---:|---:|---:|---|\n");
    for (const auto& w : workloads) {
        auto loaded = scenario::load_file(w.file);
        if (!loaded.ok()) {
            for (const auto& d : loaded.errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
            return 2;
        }
        const Figures f = run(w, *loaded.value, runs);
        const double rate = static_cast<double>(f.records) / f.seconds;
        if (w.stream)
            std::printf("| %s | %d | %llu | streamed | %.3g M (%.2f s) | - | - | - | - | - |\n", w.name.c_str(), f.hosts,
                        static_cast<unsigned long long>(f.records), rate / 1e6, f.seconds);
        else
            std::printf("| %s | %d | %llu | loaded | %.3g M (%.2f s) | %.1f | %.1f | %zu | %.0f ms | %s |\n", w.name.c_str(),
                        f.hosts, static_cast<unsigned long long>(f.records), rate / 1e6, f.seconds,
                        f.resident_per_record, f.store_per_record, f.beacon_pairs, f.beacon_seconds * 1e3, f.digest.c_str());
        // The lines bench/run collects into its table.
        std::printf("figure: generation %s = %.0f records/s\n", w.name.c_str(), rate);
        std::printf("figure: generation %s records = %llu records\n", w.name.c_str(), static_cast<unsigned long long>(f.records));
        std::printf("figure: generation %s seconds = %.3f s\n", w.name.c_str(), f.seconds);
        if (!w.stream) {
            std::printf("figure: resident %s = %.1f B/record\n", w.name.c_str(), f.resident_per_record);
            std::printf("figure: beacon analytics %s = %.0f ms\n", w.name.c_str(), f.beacon_seconds * 1e3);
            std::printf("figure: beacon pairs %s = %zu pairs\n", w.name.c_str(), f.beacon_pairs);
        }
        std::fflush(stdout);
    }
    return 0;
}
