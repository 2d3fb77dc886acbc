// A whole run exported: the engine plays a scenario from start to end and every record goes
// through an exporter (logs/exporter.h), the malicious ones also into the ground truth.
//
// The run is streamed one slice of simulated time at a time (an hour by default): the engine
// hands out what it made in the slice (Engine::drain) and forgets it, so a week of 5,000 hosts
// never sits in memory. The records and their order do not depend on the slice, so neither do
// the files: a test checks that many slices give the same bytes as one.
#pragma once

#include <cstdint>
#include <functional>

#include "core/logs/exporter.h"
#include "core/scenario/scenario.h"

namespace socsim::sim {

struct ExportOptions {
    logs::ExportFormat format = logs::ExportFormat::Zeek;
    bool truth = true;       // write truth/truth.ndjson and truth/steps.ndjson beside the logs
    Millis slice = kHour;    // simulated time generated and written per step
    // Called after each slice: simulated time done so far, the scenario end, records so far.
    std::function<void(SimTime done, SimTime end, std::uint64_t records)> progress;
};

struct ExportResult {
    std::uint64_t records = 0;          // records the run made
    std::uint64_t exported = 0;         // of them, those the format has a place for
    std::uint64_t malicious = 0;        // of them, those made by the attack
    std::size_t largest_slice = 0;      // the most records held at once (one slice's worth)
};

// Plays `scenario` with `seed` to its end into `files`. Throws logs::ExportError when a file
// cannot be written.
ExportResult export_run(const scenario::Scenario& scenario, std::uint64_t seed, const ExportOptions& options,
                        logs::FileSet& files);

}  // namespace socsim::sim
