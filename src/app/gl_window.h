// The real window: GLFW + OpenGL 3.3 + ImGui's GLFW and OpenGL3 backends, and screenshots with
// glReadPixels. Only this file and main.cpp touch GL; everything else is in socsim_ui.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "cli/cli.h"

struct GLFWwindow;

namespace socsim::app {

class GlWindow {
public:
    ~GlWindow();
    // Creates the window and the ImGui context with fonts. Returns false with `error` set.
    bool open(int width, int height, const char* title, std::string& error, float font_scale = 1.0f);
    bool should_close() const;
    // Rebuilds the font atlas at kBaseFontPixels x `scale` when it changed (between frames).
    void set_font_scale(float scale);
    // The window's size in screen coordinates (kept in the settings).
    void size(int& width, int& height) const;
    // Polls input and starts an ImGui frame; returns the real seconds since the last frame.
    double begin_frame();
    // Renders the ImGui frame and swaps buffers.
    void end_frame();
    // Writes the current back buffer (after rendering, before swapping) to a PNG.
    bool capture_png(const std::filesystem::path& png, std::string& error);
    // Renders without swapping, for captures: call between begin_frame and capture_png.
    void render_only();
    bool japanese() const { return japanese_; }

private:
    GLFWwindow* window_ = nullptr;
    bool imgui_ready_ = false;
    bool japanese_ = false;
    double last_time_ = 0;
    float font_scale_ = 1.0f;
};

// The UI font's size at text size 1 (the settings' font_scale multiplies it).
constexpr float kBaseFontPixels = 18.0f;

int run_gui(const cli::GuiOptions& options);
std::unique_ptr<cli::ScreenshotSession> open_screenshots(const cli::GuiOptions& options, std::string& error);

}  // namespace socsim::app
