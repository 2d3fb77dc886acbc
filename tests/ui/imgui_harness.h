// ImGui without a renderer for UI tests: a display size, a built font atlas (no GL needed), and
// frames drawn by hand. A click is a press in one frame and a release in the next, as with a mouse.
#pragma once

#include <imgui.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "app/app.h"

// The App as UI tests start it: the repository's scenarios, lessons and quizzes, a trainee, a
// fixed seed (so each test plays the same world), no database unless the test gives one.
inline socsim::app::App::Options repository_options(const std::string& trainee, std::uint64_t seed = 7) {
    const std::filesystem::path root(SOCSIM_SOURCE_DIR);
    socsim::app::App::Options o;
    o.scenarios_dir = root / "scenarios";
    o.lessons_dir = root / "lessons";
    o.quizzes_dir = root / "quizzes";
    o.trainee = trainee;
    o.seed = seed;
    return o;
}

struct ImGuiHarness {
    ImGuiHarness() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(1600, 1000);
        io.DeltaTime = 1.0f / 60.0f;
        io.IniFilename = nullptr;
        // The keys as ImGui's GLFW backend maps them (GLFW's key codes), so a test presses a key
        // the way the real window does; unmapped keys are -1 and must never index KeysDown.
        io.KeyMap[ImGuiKey_Tab] = 258;
        io.KeyMap[ImGuiKey_LeftArrow] = 263;
        io.KeyMap[ImGuiKey_RightArrow] = 262;
        io.KeyMap[ImGuiKey_UpArrow] = 265;
        io.KeyMap[ImGuiKey_DownArrow] = 264;
        io.KeyMap[ImGuiKey_Backspace] = 259;
        io.KeyMap[ImGuiKey_Enter] = 257;
        io.KeyMap[ImGuiKey_Escape] = 256;
        unsigned char* pixels;
        int w, h;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    }
    ~ImGuiHarness() { ImGui::DestroyContext(); }
    ImGuiHarness(const ImGuiHarness&) = delete;
    ImGuiHarness& operator=(const ImGuiHarness&) = delete;

    void frame(socsim::app::App& app) {
        ImGui::NewFrame();
        app.draw();
        ImGui::Render();
    }
    // Draws one frame of `draw` (which opens its own window) with ImGui's text log on, and returns
    // every text it rendered: what a trainer would read on screen, clipped rows excepted. ImGui
    // stops the log when the first window ends, so `draw` is one panel, not the whole App.
    std::string capture(const std::function<void()>& draw) {
        const std::filesystem::path file = std::filesystem::temp_directory_path() / "socsim-ui-capture.txt";
        std::filesystem::remove(file);
        ImGui::NewFrame();
        ImGui::LogToFile(-1, file.string().c_str());
        draw();
        ImGui::LogFinish();  // already done if the panel's window ended; harmless then
        ImGui::Render();
        std::ifstream in(file);
        std::stringstream text;
        text << in.rdbuf();
        std::filesystem::remove(file);
        return text.str();
    }
    void click(socsim::app::App& app, ImVec2 at) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = at;
        frame(app);
        io.MouseDown[0] = true;
        frame(app);
        io.MouseDown[0] = false;
        frame(app);
        frame(app);
    }
};
