// The GLFW/OpenGL shell around App (see gl_window.h).
#include "app/gl_window.h"

#include <glad/gl.h>
// glad first: GLFW must not pull in the system GL header.
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <stb_image_write.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <vector>

#include "app/app.h"
#include "app/fonts.h"
#include "cli/commands.h"
#include "core/common/data_dir.h"
#include "core/settings/settings.h"

namespace socsim::app {
namespace {

void apply_style() {
    ImGui::StyleColorsDark();
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowRounding = 4.0f;
    style.FrameRounding = 3.0f;
    style.TabRounding = 3.0f;
    style.WindowPadding = ImVec2(10, 8);
    style.ItemSpacing = ImVec2(8, 6);
    style.Colors[ImGuiCol_WindowBg] = ImVec4(0.09f, 0.10f, 0.12f, 1.0f);
    style.Colors[ImGuiCol_TitleBgActive] = ImVec4(0.14f, 0.24f, 0.38f, 1.0f);
}

// The App of the real program: the shipped folders, the real calendar, the chosen language.
// With a settings file (the real window, not the demo's screenshots) its language and trainee
// name apply unless the command line gave them.
App::Options app_options(const cli::GuiOptions& options, bool japanese, Lang fallback, const SettingsLoad* settings = nullptr,
                         const std::filesystem::path& settings_file = {}) {
    App::Options o;
    o.db = options.db;
    o.scenarios_dir = data_dir() / "scenarios";
    o.lessons_dir = data_dir() / "lessons";
    o.quizzes_dir = data_dir() / "quizzes";
    o.calendar_now = &cli::calendar_now;
    o.trainee = options.trainee;
    o.lang = options.lang.value_or(fallback);
    if (settings) {
        o.settings_file = settings_file;
        o.settings = settings->settings;
        o.settings_problems = settings->problems;
        if (!options.lang && settings->settings.lang) o.lang = *settings->settings.lang;
        if (o.trainee.empty()) o.trainee = settings->settings.trainee;
    }
    if (o.trainee.empty()) o.trainee = options.fallback_trainee.empty() ? "trainee" : options.fallback_trainee;
    o.japanese_available = japanese;
    return o;
}

std::vector<std::string> catalog_texts() {
    std::vector<std::string> texts;
    const Catalog& c = Catalog::shared();
    for (Lang lang : {Lang::En, Lang::Ja})
        for (const auto& key : c.keys(lang)) texts.push_back(c.tr(key, lang));
    return texts;
}

}  // namespace

GlWindow::~GlWindow() {
    if (imgui_ready_) {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    if (window_) glfwDestroyWindow(window_);
    glfwTerminate();
}

bool GlWindow::open(int width, int height, const char* title, std::string& error, float font_scale) {
    glfwSetErrorCallback([](int, const char*) {});
    if (!glfwInit()) {
        const char* display = std::getenv("DISPLAY");
        error = (display && *display) ? std::string("cannot connect to the display ") + display
                                      : "no display (DISPLAY is not set)";
        return false;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    window_ = glfwCreateWindow(width, height, title, nullptr, nullptr);
    if (!window_) {
        error = "cannot create an OpenGL 3.3 window";
        return false;
    }
    glfwMakeContextCurrent(window_);
    glfwSwapInterval(1);
    if (!gladLoadGL(glfwGetProcAddress)) {
        error = "cannot load OpenGL functions";
        return false;
    }
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // the layout is computed, not saved
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    font_scale_ = font_scale;
    apply_style();
    ImGui::GetStyle().ScaleAllSizes(font_scale_);
    const FontSetup fonts = load_fonts(kBaseFontPixels * font_scale_, catalog_texts());
    japanese_ = fonts.japanese;
    if (!fonts.warning.empty()) std::fprintf(stderr, "socsim: warning: %s\n", fonts.warning.c_str());
    ImGui_ImplGlfw_InitForOpenGL(window_, true);
    ImGui_ImplOpenGL3_Init("#version 330");
    imgui_ready_ = true;
    last_time_ = glfwGetTime();
    return true;
}

bool GlWindow::should_close() const { return glfwWindowShouldClose(window_); }

void GlWindow::set_font_scale(float scale) {
    if (scale == font_scale_) return;
    font_scale_ = scale;
    // A new atlas at the new pixel size, so text stays sharp (FontGlobalScale would stretch the
    // 18 px glyphs); the style's paddings and spacings grow with it, from the unscaled style.
    ImGui::GetIO().Fonts->Clear();
    load_fonts(kBaseFontPixels * scale, catalog_texts());
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
    apply_style();
    ImGui::GetStyle().ScaleAllSizes(scale);
}

void GlWindow::size(int& width, int& height) const { glfwGetWindowSize(window_, &width, &height); }

double GlWindow::begin_frame() {
    glfwPollEvents();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    const double now = glfwGetTime();
    const double dt = now - last_time_;
    last_time_ = now;
    return dt;
}

void GlWindow::render_only() {
    ImGui::Render();
    int w, h;
    glfwGetFramebufferSize(window_, &w, &h);
    glViewport(0, 0, w, h);
    glClearColor(0.05f, 0.06f, 0.07f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void GlWindow::end_frame() {
    render_only();
    glfwSwapBuffers(window_);
}

bool GlWindow::capture_png(const std::filesystem::path& png, std::string& error) {
    int w, h;
    glfwGetFramebufferSize(window_, &w, &h);
    std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadBuffer(GL_BACK);
    glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
    // GL's rows go bottom-up; PNG's top-down.
    stbi_flip_vertically_on_write(1);
    if (!stbi_write_png(png.c_str(), w, h, 3, pixels.data(), w * 3)) {
        error = "cannot write " + png.string();
        return false;
    }
    return true;
}

namespace {

// Seconds since the kernel started this process (its start time in /proc/self/stat, in clock
// ticks since boot, against the boot-time clock): start-up measured as a trainee waits for it,
// loading the program and its libraries included. -1 when /proc says nothing.
double seconds_since_process_start() {
    std::FILE* f = std::fopen("/proc/self/stat", "r");
    if (!f) return -1;
    char buf[1024];
    const std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
    std::fclose(f);
    buf[n] = 0;
    const char* p = std::strrchr(buf, ')');  // the command name may hold spaces; fields follow it
    if (!p) return -1;
    unsigned long long start_ticks = 0;
    int field = 2;
    for (const char* q = p + 1; *q; ++q) {
        if (*q != ' ') continue;
        if (++field == 22) {
            start_ticks = std::strtoull(q + 1, nullptr, 10);
            break;
        }
    }
    timespec boot{};
    clock_gettime(CLOCK_BOOTTIME, &boot);
    const double now = static_cast<double>(boot.tv_sec) + static_cast<double>(boot.tv_nsec) / 1e9;
    return now - static_cast<double>(start_ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

}  // namespace

int run_gui(const cli::GuiOptions& options) {
    const double entered = seconds_since_process_start();
    // The trainee's settings: the window's size and text size from the start; a bad file is
    // reported (on stderr and in the status line) and its good lines still apply.
    const std::filesystem::path settings_file = default_settings_path();
    SettingsLoad settings = settings_file.empty() ? SettingsLoad{} : load_settings(settings_file);
    // A file that could not be read at all is kept beside as NAME.bad, so the first save does not
    // write over what its author may want to mend.
    const bool whole_file_bad = std::any_of(settings.problems.begin(), settings.problems.end(), [](const SettingsProblem& p) {
        return p.key == "settings.not_yaml" || p.key == "settings.not_a_map" || p.key == "settings.too_large";
    });
    if (whole_file_bad) {
        std::filesystem::path bad = settings_file;
        bad += ".bad";
        std::error_code ec;
        std::filesystem::rename(settings_file, bad, ec);
        if (!ec) settings.problems.push_back({0, 0, "settings.set_aside", {{"file", bad.string()}}});
    }
    for (const auto& p : settings.problems)
        std::fprintf(stderr, "socsim: warning: %s\n", describe(p, settings_file, Catalog::shared()).c_str());
    GlWindow window;
    std::string error;
    if (!window.open(settings.settings.window_width, settings.settings.window_height, "socsim", error,
                     settings.settings.font_scale)) {
        std::fprintf(stderr, "socsim: %s. Without a display, try: socsim demo\n", error.c_str());
        return 1;
    }
    const double window_open = seconds_since_process_start();
    App app(app_options(options, window.japanese(), Catalog::shared().lang(), &settings, settings_file));
    const double app_ready = seconds_since_process_start();
    bool first = true;
    while (!window.should_close()) {
        window.set_font_scale(app.font_scale());  // between frames: the atlas cannot change inside one
        const double dt = window.begin_frame();
        app.tick(dt);
        app.draw();
        window.end_frame();
        if (first && options.startup_time) {
            glFinish();  // the frame is on screen, not only queued
            const double drawn = seconds_since_process_start();
            std::printf("figure: startup first frame = %.0f ms\nfigure: startup to run_gui = %.0f ms\n"
                        "figure: startup window and fonts = %.0f ms\nfigure: startup catalogue = %.0f ms\n"
                        "figure: startup first draw = %.0f ms\nfigure: startup japanese font = %d\n",
                        drawn * 1e3, entered * 1e3, (window_open - entered) * 1e3, (app_ready - window_open) * 1e3,
                        (drawn - app_ready) * 1e3, window.japanese() ? 1 : 0);
            return 0;
        }
        first = false;
    }
    int width = 0, height = 0;
    window.size(width, height);
    app.remember_window_size(width, height);
    return 0;
}

namespace {

class WindowScreenshots final : public cli::ScreenshotSession {
public:
    WindowScreenshots(std::unique_ptr<GlWindow> window, const App::Options& options)
        : window_(std::move(window)), app_(options) {}

    // Shows what the analyst saw: the DNS queries of the host it isolated.
    void show_isolated_host_queries(const Attempt& attempt) {
        for (const auto& a : attempt.journal()) {
            if (a.kind != sim::ActionKind::Isolate) continue;
            if (const auto* h = attempt.scenario().find_host(a.target))
                app_.show_logs(logs::Source::Dns, "src=" + format_ipv4(h->ip));
        }
    }

    bool shoot(const std::string& screen, Attempt* attempt, const std::filesystem::path& png,
               std::string& error) override {
        std::shared_ptr<Attempt> view(attempt, [](Attempt*) {});  // the demo owns the attempt
        app_.help().close();
        app_.set_font_scale(1.0f);
        if (screen == "catalogue") {
            app_.close_attempt();
        } else if (screen == "workspace") {
            app_.show(view, Screen::Workspace);
            show_isolated_host_queries(*attempt);
        } else if (screen == "charts") {
            // The Charts tab with the beacon of the device the analyst isolated picked: its gaps'
            // histogram and the four parts of its score.
            app_.show(view, Screen::Workspace);
            app_.host_view().close();
            app_.investigation().open(InvestigationTab::Charts);
            app_.charts().set_budget_ms(10000);  // the whole store in the first frame: a still picture
            const auto& store = attempt->engine().logs();
            for (const auto& a : attempt->journal()) {
                const auto* h = a.kind == sim::ActionKind::Isolate ? attempt->scenario().find_host(a.target) : nullptr;
                if (!h) continue;
                for (const auto& pair : analytics::ranked_pairs(store, attempt->clock().start(), attempt->clock().now()))
                    if (pair.client == h->ip) {
                        app_.charts().select_pair(*attempt, pair.client, pair.domain);
                        break;
                    }
                break;
            }
        } else if (screen == "alerts") {
            // The alert queue with the first alert the analyst judged open beside its verdict.
            app_.show(view, Screen::Workspace);
            app_.host_view().close();
            app_.investigation().open(InvestigationTab::Alerts);
            for (const auto& a : attempt->alerts())
                if (attempt->triage_of(a.number)) {
                    app_.alert_queue().select(app_, a.number);
                    break;
                }
        } else if (screen == "evidence") {
            // The evidence board with the pinned records, beside the logs they came from.
            app_.show(view, Screen::Workspace);
            app_.response().cancel();
            app_.host_view().close();
            show_isolated_host_queries(*attempt);
        } else if (screen == "sql") {
            // The SQL tab with the question an analyst asks first: who asks for what, how often.
            app_.show(view, Screen::Workspace);
            app_.host_view().close();
            app_.investigation().open(InvestigationTab::Sql);
            app_.sql_console().set_query(
                "SELECT src, query, count(*) AS n\nFROM dns\nGROUP BY src, query\nORDER BY n DESC\nLIMIT 20");
            for (int i = 0; i < 2; ++i) {  // the tab opens and its console takes the records
                window_->begin_frame();
                app_.draw();
                window_->end_frame();
            }
            app_.sql_console().run();
            if (auto* console = app_.sql_console().console()) console->wait_idle();
        } else if (screen == "response") {
            // Blocking the C2 name at the DNS server, asked before it is done.
            app_.show(view, Screen::Workspace);
            app_.host_view().close();
            show_isolated_host_queries(*attempt);
            if (!attempt->scenario().attack.empty())
                app_.response().ask(sim::ActionKind::BlockDomain,
                                    registrable_domain(attempt->scenario().attack.front().c2_domain));
        } else if (screen == "guide") {
            // Guided mode on the same scenario and seed, at the first step whose "Show me" filters
            // the logs: an attempt of its own, kept out of the database (it is not the demo's).
            std::shared_ptr<const scenario::Scenario> original;
            for (const auto& e : app_.catalogue())
                if (e.scenario && e.scenario->id == attempt->scenario().id) original = e.scenario;
            if (!original || original->guide.empty()) {
                error = "the scenario has no guide in the catalogue";
                return false;
            }
            guided_ = std::make_shared<Attempt>(original, attempt->seed(), nullptr, "demo-analyst", "guided");
            while (guided_->pending_checkpoint()) guided_->close_checkpoint();
            app_.show(guided_, Screen::Workspace);
            app_.host_view().close();
            guide::GuideRun& run = *app_.guide();
            while (run.step().show_filter.empty()) {
                if (run.step().done.kind == scenario::GuideGoalKind::Time)
                    guided_->advance_to(guided_->clock().start() + run.step().done.at);
                run.update(*guided_, guide::GuideView{});
                if (!run.next()) break;
            }
            guided_->advance_to(guided_->clock().now() + 20 * kMinute);  // a screenful of the rhythm
            app_.guide_panel().show_me(app_);
        } else if (screen == "lesson") {
            // The page that shows the four data sources flowing into the SIEM.
            if (app_.lessons().empty() || !app_.lessons().front().lesson) {
                error = "no lesson to show";
                return false;
            }
            app_.open_lesson(app_.lessons().front().lesson);
            app_.lesson_panel().set_page(2);
        } else if (screen == "hostview") {
            // The workspace with the first isolated device opened, as a trainee checks it.
            app_.show(view, Screen::Workspace);
            for (const auto& a : attempt->journal())
                if (a.kind == sim::ActionKind::Isolate) {
                    app_.host_view().open(a.target);
                    break;
                }
        } else if (screen == "help") {
            // What F1 shows, at the text size after two Ctrl+=, over the device view.
            app_.show(view, Screen::Workspace);
            for (const auto& a : attempt->journal())
                if (a.kind == sim::ActionKind::Isolate) {
                    app_.host_view().open(a.target);
                    break;
                }
            app_.set_font_scale(larger_font_scale(larger_font_scale(1.0f)));
            app_.help().open();
        } else if (screen == "report") {
            // The form as the trainee submitted it.
            app_.show(view, Screen::Report);
            auto& form = app_.report_panel();
            form.reset();
            if (const auto& r = attempt->report()) {
                form.hosts.insert(r->hosts.begin(), r->hosts.end());
                for (const auto& i : r->indicators) form.indicators += i + "\n";
                if (r->first_seen) form.first_seen = format_clock(*r->first_seen, attempt->scenario().utc_offset_minutes);
                const auto& known = report::known_techniques();
                for (std::size_t i = 0; i < known.size(); ++i)
                    if (r->technique == known[i].id) form.technique = static_cast<int>(i);
                for (const auto& s : r->data_sources)
                    for (int k = 0; k < 4; ++k)
                        if (s == logs::source_name(static_cast<logs::Source>(k))) form.sources[k] = true;
                form.actions = r->actions_taken;
                form.summary = r->summary;
                form.cited.insert(r->evidence.begin(), r->evidence.end());
            }
        } else if (screen == "quiz") {
            app_.show(view, Screen::Quiz);
        } else if (screen == "debrief") {
            app_.show(view, Screen::Debrief);
        } else {
            error = "unknown screen " + screen;
            return false;
        }
        // A few frames so that tables and tabs settle their sizes.
        for (int i = 0; i < 4; ++i) {
            window_->set_font_scale(app_.font_scale());
            window_->begin_frame();
            app_.draw();
            if (i < 3)
                window_->end_frame();
            else
                window_->render_only();
        }
        const bool ok = window_->capture_png(png, error);
        return ok;
    }

private:
    std::unique_ptr<GlWindow> window_;
    App app_;
    std::shared_ptr<Attempt> guided_;  // the guide screen's own attempt
};

}  // namespace

std::unique_ptr<cli::ScreenshotSession> open_screenshots(const cli::GuiOptions& options, std::string& error) {
    auto window = std::make_unique<GlWindow>();
    if (!window->open(1600, 1000, "socsim", error)) return nullptr;
    const bool japanese = window->japanese();
    return std::make_unique<WindowScreenshots>(std::move(window), app_options(options, japanese, Lang::En));
}

}  // namespace socsim::app
