// ImGui without a renderer for UI tests: a display size, a built font atlas (no GL needed), and
// frames drawn by hand. A click is a press in one frame and a release in the next, as with a mouse.
#pragma once

#include <imgui.h>

#include "app/app.h"

struct ImGuiHarness {
    ImGuiHarness() {
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(1600, 1000);
        io.DeltaTime = 1.0f / 60.0f;
        io.IniFilename = nullptr;
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
