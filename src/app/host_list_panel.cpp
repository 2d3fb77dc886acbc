// The host list with Isolate / Release (see host_list_panel.h).
#include "app/host_list_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/app.h"
#include "app/layout.h"
#include "app/shortcuts.h"
#include "app/text_wrap.h"
#include "core/logs/filter.h"

namespace socsim::app {

void HostListPanel::ask(const std::string& hostname, bool release) {
    pending_ = hostname;
    pending_release_ = release;
    reason_.clear();
    open_popup_ = true;
}

void HostListPanel::draw(App& app) {
    Attempt* attempt = app.attempt();
    if (!attempt) return;
    const Catalog& tr = app.tr();
    const auto& s = attempt->scenario();

    place_next_window(0.68f, 0, 0.32f, 0.6f, workspace_bar_height());
    ImGui::Begin((tr.tr("hosts.title") + "###hosts").c_str(), nullptr, kFixedWindow);
    app.note_panel("devices");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##hostsearch", tr.tr("hosts.search_hint").c_str(), &search_);
    const std::string needle = [&] {
        std::string n = search_;
        for (auto& c : n) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return n;
    }();

    if (ImGui::BeginTable("hosts", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV |
                                          ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(tr.tr("col.hostname").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn(tr.tr("col.ip").c_str(), ImGuiTableColumnFlags_WidthStretch, 1.1f);
        ImGui::TableSetupColumn(tr.tr("col.state").c_str(), ImGuiTableColumnFlags_WidthStretch, 0.9f);
        ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 0.9f);
        ImGui::TableHeadersRow();
        // The devices to list, then only the visible rows drawn: a company of 5,000 devices costs
        // what the forty on screen cost (drawing every row took about 2 ms a frame).
        shown_.clear();
        for (int i = 0; i < static_cast<int>(s.network.hosts.size()); ++i) {
            const auto& h = s.network.hosts[static_cast<std::size_t>(i)];
            const sim::HostState& st = attempt->engine().host_state(i);
            // A device nobody registered is not in the inventory: it shows only once the DHCP log
            // has it, marked as such, and can be cut off (its switch port shut) like any other.
            if (!h.inventoried && !st.online && !st.isolated) continue;
            if (!needle.empty() &&
                !logs::contains_ignore_case(h.hostname + " " + format_ipv4(st.ip ? st.ip : h.ip) + " " + h.owner + " " + format_mac(h.mac), needle))
                continue;
            shown_.push_back(i);
        }
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(shown_.size()));
        while (clipper.Step()) {
            for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row) {
                const int i = shown_[static_cast<std::size_t>(row)];
                const auto& h = s.network.hosts[static_cast<std::size_t>(i)];
                const sim::HostState& st = attempt->engine().host_state(i);
                const std::string ip = format_ipv4(st.ip ? st.ip : h.ip);
                ImGui::TableNextRow();
                ImGui::PushID(i);
                ImGui::TableNextColumn();
                if (ImGui::Selectable(h.hostname.c_str(), app.host_view().host() == h.hostname)) app.host_view().open(h.hostname);
                if (!h.inventoried) {
                    ImGui::SameLine();
                    ImGui::TextColored(colour_bad(), "%s", tr.tr("hosts.unregistered").c_str());
                }
                if (ImGui::IsItemHovered()) {
                    ImGui::BeginTooltip();
                    ImGui::Text("%s: %s", tr.tr("col.role").c_str(), tr.tr(std::string("role.") + scenario::role_name(h.role)).c_str());
                    ImGui::Text("%s: %s", tr.tr("col.mac").c_str(), format_mac(h.mac).c_str());
                    if (!h.owner.empty()) ImGui::Text("%s: %s", tr.tr("col.owner").c_str(), h.owner.c_str());
                    ImGui::Text("%s: %s", tr.tr("col.addressing").c_str(),
                                tr.tr(h.addressing == scenario::Addressing::Dhcp ? "hosts.dhcp" : "hosts.static").c_str());
                    ImGui::Text("%s: %d", tr.tr("col.value").c_str(), h.business_value);
                    ImGui::EndTooltip();
                }
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(ip.c_str());
                ImGui::TableNextColumn();
                if (st.isolated)
                    ImGui::TextColored(colour_bad(), "%s", tr.tr("hosts.isolated").c_str());
                else if (st.online)
                    ImGui::TextColored(colour_good(), "%s", tr.tr("hosts.online").c_str());
                else
                    ImGui::TextColored(colour_muted(), "%s", tr.tr("hosts.offline").c_str());
                ImGui::TableNextColumn();
                const bool ended = attempt->ended();
                if (ended) ImGui::BeginDisabled();
                if (!st.isolated) {
                    if (ImGui::SmallButton((tr.tr("hosts.isolate") + "###isolate").c_str())) ask(h.hostname, false);
                    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr.tr("tip.isolate").c_str());
                } else {
                    if (ImGui::SmallButton((tr.tr("hosts.release") + "###release").c_str())) ask(h.hostname, true);
                    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("%s", tr.tr("tip.release").c_str());
                }
                button_rects_[h.hostname] = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
                if (ended) ImGui::EndDisabled();
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    }

    if (open_popup_) {
        ImGui::OpenPopup("###confirm_isolate");
        open_popup_ = false;
    }
    ImGui::SetNextWindowSize(ImVec2(520, 0), ImGuiCond_Appearing);
    const std::string title = tr.tr(pending_release_ ? "hosts.release_title" : "hosts.isolate_title") + "###confirm_isolate";
    if (ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) {
        wrapped_text(tr.format(pending_release_ ? "hosts.release_question" : "hosts.isolate_question",
                                           {{"host", pending_}})
                                     .c_str());
        ImGui::Spacing();
        ImGui::TextUnformatted(tr.tr("hosts.reason").c_str());
        ImGui::SetNextItemWidth(-1);
        if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
        ImGui::InputTextWithHint("##reason", tr.tr("hosts.reason_hint").c_str(), &reason_);
        ImGui::Spacing();
        const bool confirmed =
            ImGui::Button((tr.tr(pending_release_ ? "hosts.release_confirm" : "hosts.isolate_confirm") + "###confirm").c_str());
        confirm_rect_ = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
        if (confirmed) {
            try {
                const auto result = attempt->act(pending_release_ ? sim::ActionKind::Release : sim::ActionKind::Isolate,
                                                 pending_, reason_);
                if (!result.ok) app.set_status(tr.tr(result.error_key));
            } catch (const store::StoreError& e) {
                app.set_status(e.what());
            }
            pending_.clear();
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button((tr.tr("common.cancel") + "###cancel").c_str()) || escape_pressed()) {
            pending_.clear();
            ImGui::CloseCurrentPopup();
        }
        ImGui::EndPopup();
    }
    ImGui::End();
}

}  // namespace socsim::app
