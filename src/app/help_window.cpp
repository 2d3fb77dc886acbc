// The list of shortcuts and mouse gestures (see help_window.h).
#include "app/help_window.h"

#include <imgui.h>

#include <algorithm>

#include "app/app.h"
#include "app/layout.h"
#include "app/shortcuts.h"
#include "app/text_wrap.h"

namespace socsim::app {

namespace {

// What the mouse does where, which no menu shows: a trainee learns these only from here.
constexpr const char* kMouse[][2] = {
    {"help.mouse_time_where", "help.mouse_time_what"},
    {"help.mouse_cell_where", "help.mouse_cell_what"},
    {"help.mouse_right_where", "help.mouse_right_what"},
    {"help.mouse_header_where", "help.mouse_header_what"},
    {"help.mouse_host_where", "help.mouse_host_what"},
};

}  // namespace

void HelpWindow::draw(App& app) {
    if (!open_) {
        was_open_ = false;
        return;
    }
    const Catalog& tr = app.tr();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(ImVec2(vp->WorkPos.x + vp->WorkSize.x * 0.5f, vp->WorkPos.y + vp->WorkSize.y * 0.5f),
                            ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(vp->WorkSize.x * 0.9f, ImGui::GetFontSize() * 44),
                                    std::min(vp->WorkSize.y * 0.9f, ImGui::GetFontSize() * 36)),
                             ImGuiCond_Appearing);
    // In front of the fixed panels when it opens: it was opened to be read.
    if (!was_open_) ImGui::SetNextWindowFocus();
    was_open_ = true;
    if (!ImGui::Begin((tr.tr("help.title") + "###help").c_str(), &open_, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse)) {
        ImGui::End();
        return;
    }
    app.note_panel("help");
    ImGui::TextUnformatted(tr.tr("help.keys").c_str());
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    if (ImGui::BeginTable("shortcuts", 3, flags)) {
        ImGui::TableSetupColumn(tr.tr("help.col_keys").c_str(), ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 5);
        ImGui::TableSetupColumn(tr.tr("help.col_what").c_str(), ImGuiTableColumnFlags_WidthStretch, 3);
        ImGui::TableSetupColumn(tr.tr("help.col_where").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableHeadersRow();
        for (const auto& s : shortcuts()) {
            if (!s.in_help) continue;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextColored(colour_warn(), "%s", s.keys);
            ImGui::TableNextColumn();
            wrapped_text(tr.tr(s.what));
            ImGui::TableNextColumn();
            const std::string where = tr.tr(s.workspace ? "help.in_workspace" : "help.anywhere") +
                                      (s.while_typing ? tr.tr("help.also_typing") : std::string());
            wrapped_text(where);
        }
        // The SQL console's own key, handled by its editor.
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextColored(colour_warn(), "Ctrl+Enter");
        ImGui::TableNextColumn();
        wrapped_text(tr.tr("help.sql_run"));
        ImGui::TableNextColumn();
        wrapped_text(tr.tr("help.in_sql"));
        ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(tr.tr("help.mouse").c_str());
    if (ImGui::BeginTable("mouse", 2, flags)) {
        ImGui::TableSetupColumn(tr.tr("help.col_where").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.2f);
        ImGui::TableSetupColumn(tr.tr("help.col_what").c_str(), ImGuiTableColumnFlags_WidthStretch, 2);
        ImGui::TableHeadersRow();
        for (const auto& [where, what] : kMouse) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            wrapped_text(tr.tr(where));
            ImGui::TableNextColumn();
            wrapped_text(tr.tr(what));
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    if (ImGui::Button((tr.tr("help.close") + "###help_close").c_str())) open_ = false;
    ImGui::End();
}

}  // namespace socsim::app
