// frame_bench: the CPU cost of a GUI frame with 10 million records loaded (issue 4, item 11).
//
// Plays a large workload (bench/scale_scenario.py: 5,000 hosts) until the attempt's store holds
// the records asked for, then draws the real App's workspace with ImGui's null backend (as the UI
// tests do: no GL, the same panels and the same Japanese font atlas as the window) and times each
// frame on this thread's CPU clock: NewFrame, App::tick, App::draw and Render, which is what the
// program's main thread spends before handing the draw lists to OpenGL. Phases:
//   query   the explorer's first query evaluated in the background over the 10 million records
//   idle    the same view, caught up, nothing moving
//   scroll  the mouse wheel over the log table, a screenful a frame
//   words   a free-word query (which renders lines to match) evaluated in the background
//   stats   `| stats count by src, query | sort -count` evaluated in the background
//   running the clock at 60x: new records arrive and are filtered each frame
//   alerts  the alert queue's tab, idle
//   sql     the SQL tab opened for the first time: its console is handed every record
// and prints median, 95th percentile and maximum per phase, in milliseconds.
//
//   bench/scale_scenario.py 5000 96h > /tmp/l96.yaml
//   cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DSOCSIM_BUILD_BENCH=ON -DSOCSIM_BUILD_TESTS=OFF
//   cmake --build build-release --target frame_bench && build-release/frame_bench /tmp/l96.yaml [--events N]
#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "cpu_time.h"
#include "app/app.h"
#include "app/fonts.h"
#include "core/scenario/loader.h"

using namespace socsim;

namespace {

struct Phase {
    std::string name;
    std::vector<double> ms;
};

// One frame of the App, as GlWindow::begin_frame + draw + render_only run it, minus GL.
double frame(app::App& app, double dt = 1.0 / 60.0) {
    const double t0 = bench::thread_cpu_ms();
    ImGui::GetIO().DeltaTime = static_cast<float>(dt);
    ImGui::NewFrame();
    app.tick(dt);
    app.draw();
    ImGui::Render();
    return bench::thread_cpu_ms() - t0;
}

void print_phase(const Phase& p) {
    if (p.ms.empty()) return;
    std::vector<double> v = p.ms;
    std::sort(v.begin(), v.end());
    const auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))]; };
    std::printf("| %s | %zu | %.2f | %.2f | %.2f |\n", p.name.c_str(), v.size(), at(0.5), at(0.95), v.back());
    // For bench/run: the phase's first word ("idle", "query", "scrolling"...) names its figures.
    const std::string key = p.name.substr(0, p.name.find(' '));
    std::printf("figure: frame %s median = %.2f ms\nfigure: frame %s max = %.2f ms\n", key.c_str(), at(0.5), key.c_str(), v.back());
}

// Frames until the visible tab's query has caught up (at most `limit`).
Phase until_caught_up(app::App& app, const std::string& name, int limit) {
    Phase p{name, {}};
    for (int i = 0; i < limit; ++i) {
        p.ms.push_back(frame(app));
        if (std::getenv("FRAME_BENCH_TRACE")) {
            std::fprintf(stderr, "  frame %d: %.2f ms;", i, p.ms.back());
            for (int k = 0; k < logs::kSourceCount; ++k)
                if (const logs::QueryRun* r = app.log_explorer().run(static_cast<logs::Source>(k)))
                    std::fprintf(stderr, " %s %zu/%zu", logs::source_name(static_cast<logs::Source>(k)), r->scanned(), r->total());
            std::fprintf(stderr, "\n");
        }
        const logs::QueryRun* run = app.log_explorer().run(app.log_explorer().current());
        if (i > 2 && (!run || run->caught_up())) break;
    }
    return p;
}

}  // namespace

int main(int argc, char** argv) {
    std::string file;
    std::size_t events = 10'000'000;
    int frames = 300;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--events" && i + 1 < argc) events = std::strtoull(argv[++i], nullptr, 10);
        else if (a == "--frames" && i + 1 < argc) frames = std::atoi(argv[++i]);
        else file = a;
    }
    if (file.empty()) {
        std::fprintf(stderr, "usage: frame_bench WORKLOAD.yaml [--events N] [--frames N]   (bench/scale_scenario.py writes one)\n");
        return 2;
    }
    auto loaded = scenario::load_file(file);
    if (!loaded.ok()) {
        for (const auto& d : loaded.errors) std::fprintf(stderr, "%s\n", d.to_string().c_str());
        return 2;
    }
    auto scenario = std::make_shared<const scenario::Scenario>(std::move(*loaded.value));

    // The records: the attempt's own engine, played an hour at a time until there are enough.
    auto attempt = std::make_shared<Attempt>(scenario, 1, nullptr, "bench", "play");
    while (attempt->pending_checkpoint()) attempt->close_checkpoint();
    const double g0 = bench::thread_cpu_ms();
    while (attempt->engine().logs().size() < events && attempt->clock().now() < attempt->clock().end())
        attempt->advance_to(std::min(attempt->clock().end(), attempt->clock().now() + kHour));
    attempt->clock().set_paused(true);
    std::fprintf(stderr, "frame_bench: %zu records from %zu hosts over %s, generated in %.1f s of CPU\n",
                 attempt->engine().logs().size(), scenario->network.hosts.size(),
                 format_duration(attempt->clock().elapsed()).c_str(), (bench::thread_cpu_ms() - g0) / 1e3);

    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(1600, 1000);
    io.IniFilename = nullptr;
    std::vector<std::string> texts;
    for (Lang lang : {Lang::En, Lang::Ja})
        for (const auto& key : Catalog::shared().keys(lang)) texts.push_back(Catalog::shared().tr(key, lang));
    const app::FontSetup fonts = app::load_fonts(18.0f, texts);
    unsigned char* pixels;
    int w, h;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);

    app::App::Options o;
    o.trainee = "bench";
    o.lang = fonts.japanese ? Lang::Ja : Lang::En;
    o.japanese_available = fonts.japanese;
    app::App app(o);
    app.show(attempt, app::Screen::Workspace);
    app.investigation().open(app::InvestigationTab::Logs);  // the alert queue comes first otherwise
    const auto dns = attempt->engine().logs().of(logs::Source::Dns).size();
    std::fprintf(stderr, "frame_bench: %zu DNS records in the explorer's first tab; language %s\n", dns,
                 std::string(lang_code(o.lang)).c_str());

    std::printf("figure: frame records = %zu records\n", attempt->engine().logs().size());
    std::printf("| phase | frames | median ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|\n");
    print_phase(until_caught_up(app, "query (all DNS records, in the background)", 100000));

    Phase idle{"idle", {}};
    for (int i = 0; i < frames; ++i) idle.ms.push_back(frame(app));
    print_phase(idle);

    // The wheel over the middle of the log table.
    Phase scroll{"scroll (mouse wheel over the log table)", {}};
    io.MousePos = ImVec2(io.DisplaySize.x * 0.3f, io.DisplaySize.y * 0.6f);
    for (int i = 0; i < frames; ++i) {
        io.MouseWheel = -10.0f;
        scroll.ms.push_back(frame(app));
    }
    io.MouseWheel = 0;
    print_phase(scroll);
    if (const ImGuiWindow* hovered = ImGui::GetCurrentContext()->HoveredWindow)
        std::fprintf(stderr, "frame_bench: scrolled %s down to %.0f px\n", hovered->Name, static_cast<double>(hovered->Scroll.y));

    app.log_explorer().set_filter(logs::Source::Dns, "telemetry");
    print_phase(until_caught_up(app, "words (\"telemetry\", in the background)", 100000));
    app.log_explorer().set_filter(logs::Source::Dns, "| stats count by src, query | sort -count");
    print_phase(until_caught_up(app, "stats (by src, query, in the background)", 100000));
    Phase stats_idle{"stats table, idle", {}};
    for (int i = 0; i < frames; ++i) stats_idle.ms.push_back(frame(app));
    print_phase(stats_idle);

    app.log_explorer().set_filter(logs::Source::Dns, "");
    until_caught_up(app, "", 100000);
    attempt->clock().set_speed(60);
    attempt->clock().set_paused(false);
    Phase running{"clock at 60x (new records each frame)", {}};
    for (int i = 0; i < frames; ++i) running.ms.push_back(frame(app));
    print_phase(running);

    // The alert queue over the rules' alerts on the 10 million records.
    attempt->clock().set_paused(true);
    app.investigation().open(app::InvestigationTab::Alerts);
    Phase alerts{"alerts tab, idle", {}};
    for (int i = 0; i < frames; ++i) alerts.ms.push_back(frame(app));
    print_phase(alerts);

    // The SQL tab, first opened with all the records: they are handed to its worker thread.
    attempt->clock().set_paused(true);
    app.investigation().open(app::InvestigationTab::Sql);
    Phase sql{"SQL tab opened (the records handed to its worker)", {}};
    for (int i = 0; i < frames; ++i) {
        sql.ms.push_back(frame(app));
        if (std::getenv("FRAME_BENCH_TRACE") && sql.ms.back() > 4) std::fprintf(stderr, "  sql frame %d: %.2f ms\n", i, sql.ms.back());
    }
    print_phase(sql);

    ImGui::DestroyContext();
    return 0;
}
