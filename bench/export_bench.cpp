// How fast the Zeek TSV export writes (issue 7 asks for at least 250 MB/s on one core).
//
// Plays the DNS-beaconing scenario (or the scenario given as the first argument) once, then feeds
// its records, replicated day after day to at least 2 million, through the Zeek TSV exporter into
// memory that only counts bytes, so the figure is the writer's and not the disk's. Prints the
// best of three runs. Built with -DSOCSIM_BUILD_BENCH=ON; not part of the test suite.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/logs/exporter.h"
#include "core/scenario/loader.h"
#include "core/sim/engine.h"

using namespace socsim;

int main(int argc, char** argv) {
    const std::string path = argc > 1 ? argv[1] : std::string(SOCSIM_SOURCE_DIR) + "/scenarios/dns-beaconing.yaml";
    const std::size_t wanted = argc > 2 ? std::stoul(argv[2]) : 2'000'000;
    auto loaded = scenario::load_file(path);
    if (!loaded.ok()) {
        for (const auto& d : loaded.errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
        return 2;
    }
    const scenario::Scenario& s = *loaded.value;
    sim::Engine engine(s, 1);
    engine.advance_to(engine.end());
    std::vector<logs::Event> base;
    engine.drain([&](const logs::Event& e, std::int16_t, std::uint64_t) { base.push_back(e); });
    if (base.empty()) {
        std::fprintf(stderr, "the scenario made no records\n");
        return 1;
    }

    // The same run again and again, each copy shifted by the scenario's length: records stay in time order.
    const std::size_t copies = (wanted + base.size() - 1) / base.size();
    std::vector<logs::Event> records;
    records.reserve(copies * base.size());
    for (std::size_t c = 0; c < copies; ++c)
        for (logs::Event e : base) {
            e.time += static_cast<SimTime>(c) * s.duration;
            records.push_back(e);
        }

    double best = 1e300;
    std::uint64_t bytes = 0;
    for (int run = 0; run < 3; ++run) {
        logs::MemoryFiles files(false);
        const logs::ExportSetup setup{s, engine.logs(), 1, engine.start(), engine.start() + static_cast<SimTime>(copies) * s.duration};
        const auto started = std::chrono::steady_clock::now();
        auto exporter = logs::make_exporter(logs::ExportFormat::Zeek, setup, files);
        for (std::size_t i = 0; i < records.size(); ++i) exporter->add(records[i], i, false);
        exporter->finish();
        files.flush_all();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        bytes = 0;
        for (const auto& f : files.files()) bytes += f->bytes();
        best = std::min(best, seconds);
    }
    std::printf("Zeek TSV export: %zu records (%zu copies of the %zu of %s), %.1f MB in %.3f s: %.0f MB/s (best of 3, one core)\n",
                records.size(), copies, base.size(), s.id.c_str(), static_cast<double>(bytes) / 1e6, best,
                static_cast<double>(bytes) / 1e6 / best);
    std::printf("figure: zeek export = %.0f MB/s\n", static_cast<double>(bytes) / 1e6 / best);
    std::printf("figure: zeek export records = %zu records\n", records.size());
    return 0;
}
