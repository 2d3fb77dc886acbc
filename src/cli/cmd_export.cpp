// `socsim export SCENARIO --seed N --format zeek|zeek-json|ecs|syslog --out DIR [--duration D]
// [--no-truth]`: plays the scenario to its end and writes its logs in a format other tools read,
// with the ground truth in DIR/truth/ unless --no-truth. Streams an hour of simulated time at a
// time (sim/export_run.h); files are written as NAME.part and renamed when complete. A progress
// bar on stderr when it is a terminal; a one-line summary at the end. Bad input exits 2.
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "cli/commands.h"
#include "core/logs/exporter.h"
#include "core/scenario/loader.h"
#include "core/sim/export_run.h"

namespace socsim::cli {
namespace {

constexpr Millis kLongestExport = 31 * kDay;  // the scenario loader's own limit on a duration

// 1234567 -> "1,234,567"
std::string grouped(std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string size_text(std::uint64_t bytes) {
    char buf[32];
    if (bytes < 1024)
        std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
    else if (bytes < 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.1f KB", static_cast<double>(bytes) / 1024);
    else if (bytes < 1024ull * 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024 * 1024));
    else
        std::snprintf(buf, sizeof buf, "%.2f GB", static_cast<double>(bytes) / (1024.0 * 1024 * 1024));
    return buf;
}

// One line redrawn in place: "exporting [########------------]  40%  3h 36m of 9h 00m  21,345 records".
void draw_progress(SimTime done, SimTime start, SimTime end, std::uint64_t records) {
    constexpr int kWidth = 30;
    const double share = end > start ? static_cast<double>(done - start) / static_cast<double>(end - start) : 1.0;
    const int filled = static_cast<int>(share * kWidth + 0.5);
    std::string bar = "[";
    bar.append(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(kWidth - filled), '-');
    bar += ']';
    const std::string text = Catalog::shared().format("export.progress", {{"bar", bar},
                                                                          {"percent", std::to_string(static_cast<int>(share * 100))},
                                                                          {"done", format_duration(done - start)},
                                                                          {"total", format_duration(end - start)},
                                                                          {"records", grouped(records)}});
    std::fprintf(stderr, "\r%s   ", text.c_str());
    std::fflush(stderr);
}

}  // namespace

int export_logs(const ExportCliOptions& options, const CommonOptions&) {
    const Catalog& tr = Catalog::shared();
    const auto loaded = scenario::load_file(options.scenario);
    if (!loaded.ok()) {
        for (const auto& d : loaded.errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
        return 2;
    }
    // A copy, so --duration can make the run shorter or longer than the scenario says.
    scenario::Scenario s = *loaded.value;
    if (!options.duration.empty()) {
        const auto d = parse_duration(options.duration);
        if (!d || *d < kMinute || *d > kLongestExport) {
            std::fprintf(stderr, "%s\n", tr.format("export.error_duration", {{"value", options.duration}}).c_str());
            return 2;
        }
        s.duration = *d;
    }
    logs::ExportFormat format = logs::ExportFormat::Zeek;
    if (!logs::parse_export_format(options.format, format)) return 2;  // CLI11 has checked it already

    const bool terminal = isatty(fileno(stderr)) != 0;
    const auto started = std::chrono::steady_clock::now();
    try {
        logs::ExportFolder folder(options.out);
        sim::ExportOptions run;
        run.format = format;
        run.truth = options.truth;
        if (terminal)
            run.progress = [&](SimTime done, SimTime end, std::uint64_t records) {
                draw_progress(done, s.start_time, end, records);
            };
        const sim::ExportResult result = sim::export_run(s, options.seed, run, folder);
        folder.commit();
        if (terminal) std::fprintf(stderr, "\n");

        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::string files;
        for (const auto& f : folder.files()) {
            if (!files.empty()) files += ", ";
            files += tr.format("export.file", {{"name", f->name()}, {"records", grouped(f->records())}, {"size", size_text(f->bytes())}});
        }
        char secs[32];
        std::snprintf(secs, sizeof secs, "%.2f", seconds);
        say(tr.format("export.done", {{"records", grouped(result.records)},
                                      {"scenario", s.id},
                                      {"seed", std::to_string(options.seed)},
                                      {"dir", folder.dir().string()},
                                      {"seconds", secs},
                                      {"files", files}}));
        return 0;
    } catch (const logs::ExportError& e) {
        if (terminal) std::fprintf(stderr, "\n");
        std::fprintf(stderr, "%s\n", tr.format(e.key(), e.args()).c_str());
        return 2;
    }
}

}  // namespace socsim::cli
