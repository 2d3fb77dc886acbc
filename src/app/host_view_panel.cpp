// The host view (see host_view_panel.h).
#include "app/host_view_panel.h"

#include <imgui.h>

#include "app/app.h"
#include "app/layout.h"
#include "app/text_wrap.h"
#include "core/logs/render.h"

namespace socsim::app {
namespace {

void heading(const char* text) {
    ImGui::Spacing();
    ImGui::TextColored(colour_warn(), "%s", text);
    ImGui::Separator();
}

}  // namespace

void HostViewPanel::draw(App& app) {
    Attempt* attempt = app.attempt();
    if (!attempt || host_.empty()) return;
    const int index = attempt->scenario().host_index(host_);
    if (index < 0) return close();
    const Catalog& tr = app.tr();
    const auto& s = attempt->scenario();
    const auto& h = s.network.hosts[static_cast<std::size_t>(index)];
    const auto& store = attempt->engine().logs();
    const logs::Renderer renderer(s, store);

    place_next_window(0.2f, 0.08f, 0.6f, 0.84f);
    bool open = true;
    ImGui::Begin((tr.format("hostview.title", {{"host", h.hostname}}) + "###hostview").c_str(), &open,
                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings);
    app.note_panel("host");
    const sim::HostState& st = attempt->engine().host_state(index);
    ImGui::Text("%s: %s   %s: %s   %s: %s", tr.tr("col.role").c_str(), tr.tr(std::string("role.") + scenario::role_name(h.role)).c_str(),
                tr.tr("col.owner").c_str(), h.owner.empty() ? "-" : h.owner.c_str(), tr.tr("col.mac").c_str(), format_mac(h.mac).c_str());
    ImGui::TextColored(st.isolated ? colour_bad() : (st.online ? colour_good() : colour_muted()), "%s",
                       tr.tr(st.isolated ? "hosts.isolated" : (st.online ? "hosts.online" : "hosts.offline")).c_str());
    // The device's own Isolate / Reconnect: the device list's confirmation, which asks for a reason.
    ImGui::SameLine();
    ImGui::BeginDisabled(attempt->ended());
    const char* action = st.isolated ? "hosts.release" : "hosts.isolate";
    if (ImGui::SmallButton((tr.tr(action) + "###hostview_action").c_str())) app.host_list().ask(h.hostname, st.isolated);
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("%s", tr.tr(st.isolated ? "tip.release" : "tip.isolate").c_str());
    app.note_item("hostview/action");
    ImGui::EndDisabled();

    // Address history: what DHCP acknowledged to this device, oldest first.
    heading(tr.tr("hostview.addresses").c_str());
    bool any = false;
    for (auto i : store.of(logs::Source::Dhcp)) {
        const logs::Event& e = store.at(i);
        if (e.host != static_cast<std::uint16_t>(index) || static_cast<logs::DhcpMessage>(e.kind) != logs::DhcpMessage::Ack) continue;
        ImGui::Text("%s  %s", format_clock(e.time, s.utc_offset_minutes).c_str(), format_ipv4(e.src_ip).c_str());
        any = true;
    }
    if (h.addressing == scenario::Addressing::Static) ImGui::Text("%s  %s", format_ipv4(h.ip).c_str(), tr.tr("hosts.static").c_str());
    else if (!any) ImGui::TextDisabled("%s", tr.tr("hostview.no_lease").c_str());

    // What the trainee did to it.
    heading(tr.tr("hostview.actions").c_str());
    bool acted = false;
    for (const auto& a : attempt->journal()) {
        if (a.target != h.hostname) continue;
        acted = true;
        const TimelineEntry said = attempt->describe(a);
        wrapped_text(format_clock(a.time, s.utc_offset_minutes) + "  " + tr.format(said.key, said.args) +
                     (a.note.empty() ? "" : ": " + a.note));
    }
    if (!acted) ImGui::TextDisabled("%s", tr.tr("hostview.no_actions").c_str());

    // Its records, newest first: everything sent from its address while it held it.
    heading(tr.tr("hostview.timeline").c_str());
    if (ImGui::BeginTable("timeline", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerV)) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(tr.tr("col.time").c_str(), ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("00:00:00").x);
        ImGui::TableSetupColumn(tr.tr("col.source").c_str(), ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("MMMMMMMMMM").x);
        ImGui::TableSetupColumn(tr.tr("col.what").c_str(), ImGuiTableColumnFlags_WidthStretch);
        ImGui::TableHeadersRow();
        int shown = 0;
        const auto& events = store.events();
        // The newest 500 are enough to read a rhythm; the log explorer has the rest.
        for (std::size_t k = events.size(); k-- > 0 && shown < 500;) {
            const logs::Event& e = events[k];
            if (e.host != static_cast<std::uint16_t>(index)) continue;
            ++shown;
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(format_clock(e.time, s.utc_offset_minutes).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(tr.tr(std::string("source.") + logs::source_name(e.source)).c_str());
            ImGui::TableNextColumn();
            const std::string line = renderer.line(e);
            // The line without its timestamp (one word, ISO 8601): the time is in column 1.
            const std::size_t after_time = line.find(' ');
            ImGui::TextUnformatted(line.c_str() + (after_time == std::string::npos ? 0 : after_time + 1));
        }
        ImGui::EndTable();
    }
    ImGui::End();
    if (!open) close();
}

}  // namespace socsim::app
