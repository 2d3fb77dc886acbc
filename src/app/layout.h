// Where the fixed windows of each screen go: socsim has no docking (ImGui 1.86), so screens lay
// their windows out from the viewport's work area every frame, and a resize just works.
#pragma once

#include <imgui.h>

namespace socsim::app {

// Places the next window at a fraction of the work area (below the menu bar): x, y, w, h in 0..1.
inline void place_next_window(float x, float y, float w, float h, float top_offset = 0) {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    const ImVec2 pos(vp->WorkPos.x + vp->WorkSize.x * x, vp->WorkPos.y + top_offset + (vp->WorkSize.y - top_offset) * y);
    const ImVec2 size(vp->WorkSize.x * w, (vp->WorkSize.y - top_offset) * h);
    ImGui::SetNextWindowPos(pos, ImGuiCond_Always);
    ImGui::SetNextWindowSize(size, ImGuiCond_Always);
}

constexpr ImGuiWindowFlags kFixedWindow =
    ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;

// Height of the workspace bar, in lines of text.
inline float workspace_bar_height() { return ImGui::GetFrameHeightWithSpacing() * 2.0f + ImGui::GetStyle().WindowPadding.y * 2; }

// Colours with a meaning, the same on every screen.
inline ImVec4 colour_good() { return ImVec4(0.35f, 0.85f, 0.45f, 1.0f); }
inline ImVec4 colour_bad() { return ImVec4(1.0f, 0.42f, 0.38f, 1.0f); }
inline ImVec4 colour_warn() { return ImVec4(1.0f, 0.75f, 0.3f, 1.0f); }
inline ImVec4 colour_muted() { return ImVec4(0.6f, 0.62f, 0.66f, 1.0f); }

}  // namespace socsim::app
