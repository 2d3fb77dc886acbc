// Streams a run into an exporter, slice by slice (see export_run.h).
#include "core/sim/export_run.h"

#include <algorithm>

#include "core/sim/engine.h"

namespace socsim::sim {

ExportResult export_run(const scenario::Scenario& scenario, std::uint64_t seed, const ExportOptions& options,
                        logs::FileSet& files) {
    Engine engine(scenario, seed);
    const logs::ExportSetup setup{scenario, engine.logs(), seed, engine.start(), engine.end()};
    const auto exporter = logs::make_exporter(options.format, setup, files);
    std::unique_ptr<logs::TruthWriter> truth;
    if (options.truth) {
        truth = std::make_unique<logs::TruthWriter>(setup, files);
        exporter->on_placed([&](std::uint64_t number, const logs::Placement& where) { truth->placed(number, where); });
    }
    ExportResult result;
    const auto take = [&](const logs::Event& e, std::int16_t step, std::uint64_t number) {
        const bool malicious = is_malicious(step);
        if (malicious) {
            ++result.malicious;
            if (truth) truth->expect(e, number, step);
        }
        const bool taken = exporter->add(e, number, malicious && truth);
        result.exported += taken;
        if (malicious && truth && !taken) truth->placed(number, {});
    };
    const Millis slice = std::max<Millis>(options.slice, 1);
    for (SimTime t = engine.start();;) {
        t = std::min(t + slice, engine.end());
        engine.advance_to(t);
        result.largest_slice = std::max(result.largest_slice, engine.logs().size());
        engine.drain(take);
        if (options.progress) options.progress(t, engine.end(), engine.drained());
        if (t >= engine.end()) break;
    }
    result.records = engine.drained();
    exporter->finish();
    if (truth) {
        std::vector<logs::TruthWriter::Infected> infected;
        for (const auto& x : engine.infections()) infected.push_back({x.step_id, x.host, x.infected_at});
        truth->finish(infected);
    }
    files.flush_all();
    return result;
}

}  // namespace socsim::sim
