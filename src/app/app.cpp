// The GUI's screens and shared state (see app.h).
#include "app/app.h"

#include <imgui.h>

#include <algorithm>

#include "core/common/data_dir.h"
#include "core/scenario/loader.h"

namespace socsim::app {

App::App(const Options& options) : options_(options) {
    catalog_ = Catalog::shared();
    catalog_.set_lang(options.japanese_available ? options.lang : Lang::En);
    if (!options.db.empty()) {
        try {
            db_ = std::make_unique<store::Database>(options.db);
        } catch (const store::StoreError& e) {
            // Play is still possible; nothing will be kept, and the catalogue says so.
            db_error_ = e.what();
        }
    }
    reload_catalogue();
    refresh_past_attempts();
}

App::~App() = default;

void App::refresh_past_attempts() {
    past_attempts_.clear();
    if (!db_) return;
    try {
        past_attempts_ = db_->list_attempts();
    } catch (const store::StoreError& e) {
        set_status(e.what());
    }
}

void App::set_lang(Lang lang) {
    if (lang == Lang::Ja && !options_.japanese_available) return;
    catalog_.set_lang(lang);
}

void App::reload_catalogue() {
    catalogue_.clear();
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(options_.scenarios_dir, ec)) {
        const auto ext = entry.path().extension();
        if (entry.is_regular_file(ec) && (ext == ".yaml" || ext == ".yml")) files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        CatalogueEntry e;
        e.path = file;
        auto loaded = scenario::load_file(file);
        if (loaded.ok())
            e.scenario = std::make_shared<const scenario::Scenario>(std::move(*loaded.value));
        e.errors = std::move(loaded.errors);
        catalogue_.push_back(std::move(e));
    }
    if (ec || files.empty()) {
        CatalogueEntry e;
        e.path = options_.scenarios_dir;
        e.errors.push_back({options_.scenarios_dir.string(), 0, 0, "no scenario files (*.yaml) found in this folder"});
        catalogue_.push_back(std::move(e));
    }
}

void App::start(std::shared_ptr<const scenario::Scenario> scenario) {
    std::uint64_t seed = options_.seed;
    if (seed == 0) {
        // A new run each time; the seed is recorded with the attempt so it can be replayed.
        seed = 1 + past_attempts_.size();
    }
    try {
        attempt_ = std::make_shared<Attempt>(scenario, seed, db_.get(), options_.trainee);
    } catch (const store::StoreError& e) {
        // The database refused the attempt: play on without keeping it, and say so.
        set_status(e.what());
        attempt_ = std::make_shared<Attempt>(scenario, seed, nullptr, options_.trainee);
    }
    log_explorer_.reset(attempt_.get());
    quiz_panel_.reset();
    screen_ = Screen::Workspace;
}

void App::show(std::shared_ptr<Attempt> attempt, Screen screen) {
    attempt_ = std::move(attempt);
    log_explorer_.reset(attempt_.get());
    quiz_panel_.reset();
    screen_ = screen;
}

void App::end_scenario() {
    if (!attempt_) return;
    if (!attempt_->ended()) {
        try {
            attempt_->act(sim::ActionKind::EndScenario, {});
        } catch (const store::StoreError& e) {
            set_status(e.what());
        }
    }
    quiz_panel_.reset();
    screen_ = attempt_->quiz() ? Screen::Quiz : Screen::Debrief;
    if (screen_ == Screen::Debrief) finish();
}

void App::finish() {
    if (!attempt_) return;
    try {
        attempt_->finish();
    } catch (const store::StoreError& e) {
        set_status(e.what());
    }
    screen_ = Screen::Debrief;
}

void App::close_attempt() {
    attempt_.reset();
    refresh_past_attempts();
    screen_ = Screen::Catalogue;
}

void App::tick(double real_seconds) {
    if (attempt_ && screen_ == Screen::Workspace) {
        attempt_->tick(real_seconds);
        if (attempt_->clock().finished()) end_scenario();
    }
}

void App::draw_menu_bar() {
    if (!ImGui::BeginMainMenuBar()) return;
    ImGui::TextUnformatted("socsim");
    ImGui::Separator();
    if (ImGui::BeginMenu(tr().tr("menu.language").c_str())) {
        if (ImGui::MenuItem("English", nullptr, lang() == Lang::En)) set_lang(Lang::En);
        if (ImGui::MenuItem("日本語", nullptr, lang() == Lang::Ja, japanese_available())) set_lang(Lang::Ja);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu(tr().tr("menu.view").c_str())) {
        float& scale = ImGui::GetIO().FontGlobalScale;
        if (ImGui::MenuItem(tr().tr("menu.larger_text").c_str())) scale = std::min(scale + 0.1f, 2.0f);
        if (ImGui::MenuItem(tr().tr("menu.smaller_text").c_str())) scale = std::max(scale - 0.1f, 0.7f);
        ImGui::EndMenu();
    }
    if (!japanese_available()) {
        ImGui::Separator();
        ImGui::TextDisabled("%s", tr().tr("menu.no_japanese_font").c_str());
    }
    ImGui::EndMainMenuBar();
}

void App::draw() {
    draw_menu_bar();
    switch (screen_) {
        case Screen::Catalogue: catalogue_panel_.draw(*this); break;
        case Screen::Workspace:
            workspace_bar_.draw(*this);
            log_explorer_.draw(*this);
            host_list_.draw(*this);
            break;
        case Screen::Quiz: quiz_panel_.draw(*this); break;
        case Screen::Debrief: debrief_panel_.draw(*this); break;
    }
    if (!status_.empty()) {
        const ImGuiViewport* vp = ImGui::GetMainViewport();
        ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x, vp->WorkPos.y + vp->WorkSize.y), ImGuiCond_Always, ImVec2(0, 1));
        ImGui::SetNextWindowSize(ImVec2(vp->WorkSize.x, 0));
        ImGui::Begin("##status", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                         ImGuiWindowFlags_AlwaysAutoResize);
        ImGui::TextColored(ImVec4(1.0f, 0.55f, 0.3f, 1.0f), "%s", status_.c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton("x")) status_.clear();
        ImGui::End();
    }
}

}  // namespace socsim::app
