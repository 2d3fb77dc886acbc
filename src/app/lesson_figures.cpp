// The lessons' figures, drawn with ImDrawList so they follow the language and the window size.
// Each is a plain diagram: boxes, arrows and a few words from the catalog (fig.* keys).
#include <imgui.h>

#include <cmath>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/lesson_panel.h"

namespace socsim::app {
namespace {

constexpr ImU32 kBoxFill = IM_COL32(38, 58, 88, 255);
constexpr ImU32 kBoxEdge = IM_COL32(110, 150, 210, 255);
constexpr ImU32 kAccentFill = IM_COL32(96, 62, 30, 255);
constexpr ImU32 kAccentEdge = IM_COL32(240, 170, 80, 255);
constexpr ImU32 kText = IM_COL32(235, 238, 245, 255);
constexpr ImU32 kLine = IM_COL32(150, 160, 180, 255);
constexpr ImU32 kBad = IM_COL32(255, 110, 95, 255);
constexpr ImU32 kGood = IM_COL32(110, 215, 130, 255);

void box(ImDrawList* dl, ImVec2 a, ImVec2 b, const std::string& label, ImU32 fill = kBoxFill, ImU32 edge = kBoxEdge) {
    dl->AddRectFilled(a, b, fill, 6.0f);
    dl->AddRect(a, b, edge, 6.0f, 0, 1.5f);
    const ImVec2 size = ImGui::CalcTextSize(label.c_str());
    dl->AddText(ImVec2((a.x + b.x - size.x) / 2, (a.y + b.y - size.y) / 2), kText, label.c_str());
}

void arrow(ImDrawList* dl, ImVec2 from, ImVec2 to, ImU32 colour = kLine) {
    dl->AddLine(from, to, colour, 2.0f);
    const float dx = to.x - from.x, dy = to.y - from.y;
    const float len = std::sqrt(dx * dx + dy * dy);
    if (len < 1) return;
    const float ux = dx / len, uy = dy / len;
    dl->AddTriangleFilled(to, ImVec2(to.x - ux * 10 - uy * 5, to.y - uy * 10 + ux * 5),
                          ImVec2(to.x - ux * 10 + uy * 5, to.y - uy * 10 - ux * 5), colour);
}

void soc_watch(App& app, ImDrawList* dl, ImVec2 o, ImVec2 size) {
    const Catalog& tr = app.tr();
    const ImVec2 c(o.x + size.x / 2, o.y + size.y / 2);
    const char* keys[] = {"fig.network", "fig.servers", "fig.databases", "fig.endpoints", "fig.applications", "fig.websites", "fig.external"};
    const float rx = size.x * 0.36f, ry = size.y * 0.38f;
    for (int i = 0; i < 7; ++i) {
        const float angle = -1.5708f + 6.2832f * static_cast<float>(i) / 7.0f;
        const ImVec2 p(c.x + rx * std::cos(angle), c.y + ry * std::sin(angle));
        const std::string label = tr.tr(keys[i]);
        const float w = ImGui::CalcTextSize(label.c_str()).x + 20;
        dl->AddLine(c, p, kLine, 1.5f);
        box(dl, ImVec2(p.x - w / 2, p.y - 16), ImVec2(p.x + w / 2, p.y + 16), label, i == 6 ? IM_COL32(50, 50, 60, 255) : kBoxFill);
    }
    const std::string soc = tr.tr("fig.soc_24_7");
    const float w = ImGui::CalcTextSize(soc.c_str()).x + 30;
    box(dl, ImVec2(c.x - w / 2, c.y - 22), ImVec2(c.x + w / 2, c.y + 22), soc, kAccentFill, kAccentEdge);
}

void data_sources(App& app, ImDrawList* dl, ImVec2 o, ImVec2 size) {
    const Catalog& tr = app.tr();
    const char* keys[] = {"fig.server_logs", "fig.dns_activity", "fig.firewall_logs", "fig.dhcp_logs"};
    const float bw = size.x * 0.26f, bh = size.y / 4 - 10;
    const ImVec2 siem_a(o.x + size.x * 0.42f, o.y + size.y * 0.3f), siem_b(o.x + size.x * 0.62f, o.y + size.y * 0.7f);
    for (int i = 0; i < 4; ++i) {
        const float y = o.y + static_cast<float>(i) * (bh + 10) + 5;
        box(dl, ImVec2(o.x, y), ImVec2(o.x + bw, y + bh), tr.tr(keys[i]));
        arrow(dl, ImVec2(o.x + bw, y + bh / 2), ImVec2(siem_a.x, (siem_a.y + siem_b.y) / 2));
    }
    box(dl, siem_a, siem_b, "SIEM", kAccentFill, kAccentEdge);
    const ImVec2 an_a(o.x + size.x * 0.74f, o.y + size.y * 0.35f), an_b(o.x + size.x, o.y + size.y * 0.65f);
    arrow(dl, ImVec2(siem_b.x, (siem_a.y + siem_b.y) / 2), ImVec2(an_a.x, (an_a.y + an_b.y) / 2));
    box(dl, an_a, an_b, tr.tr("fig.analyst"));
}

void soc_services(App& app, ImDrawList* dl, ImVec2 o, ImVec2 size) {
    const Catalog& tr = app.tr();
    const char* reactive[] = {"fig.monitoring", "fig.vuln_management", "fig.malware_analysis", "fig.intrusion_detection", "fig.reporting"};
    const char* proactive[] = {"fig.network_monitoring", "fig.threat_hunting", "fig.threat_intel", "fig.awareness"};
    const float col_w = size.x * 0.46f, head = 30, row = (size.y - head - 10) / 5;
    box(dl, o, ImVec2(o.x + col_w, o.y + head), tr.tr("fig.reactive"), kAccentFill, kAccentEdge);
    box(dl, ImVec2(o.x + size.x - col_w, o.y), ImVec2(o.x + size.x, o.y + head), tr.tr("fig.proactive"), IM_COL32(30, 80, 50, 255), kGood);
    for (int i = 0; i < 5; ++i) {
        const float y = o.y + head + 8 + static_cast<float>(i) * row;
        box(dl, ImVec2(o.x + 10, y), ImVec2(o.x + col_w - 10, y + row - 6), tr.tr(reactive[i]));
        if (i < 4)
            box(dl, ImVec2(o.x + size.x - col_w + 10, y), ImVec2(o.x + size.x - 10, y + row - 6), tr.tr(proactive[i]));
    }
}

void beacon_rhythm(App& app, ImDrawList* dl, ImVec2 o, ImVec2 size) {
    const Catalog& tr = app.tr();
    const float left = o.x + size.x * 0.22f, right = o.x + size.x - 10;
    const float rows[] = {o.y + size.y * 0.3f, o.y + size.y * 0.7f};
    const char* labels[] = {"fig.beacon_row", "fig.person_row"};
    for (int r = 0; r < 2; ++r) {
        dl->AddText(ImVec2(o.x, rows[r] - 9), kText, tr.tr(labels[r]).c_str());
        dl->AddLine(ImVec2(left, rows[r]), ImVec2(right, rows[r]), kLine, 1.5f);
    }
    // Ten minutes: the implant asks every 60 s; a person's lookups come in bursts and pauses.
    for (int m = 0; m <= 10; ++m) {
        const float x = left + (right - left) * static_cast<float>(m) / 10.0f;
        dl->AddLine(ImVec2(x, rows[0] - 14), ImVec2(x, rows[0] + 14), kBad, 3.0f);
        dl->AddText(ImVec2(x - 8, o.y + size.y - 18), kLine, (std::to_string(m) + tr.tr("fig.min")).c_str());
    }
    const float person[] = {0.3f, 0.45f, 0.5f, 0.52f, 1.9f, 2.05f, 4.4f, 4.45f, 4.6f, 4.62f, 6.8f, 8.1f, 8.15f, 8.3f, 9.7f};
    for (float t : person) {
        const float x = left + (right - left) * t / 10.0f;
        dl->AddLine(ImVec2(x, rows[1] - 10), ImVec2(x, rows[1] + 10), kGood, 2.0f);
    }
}

void incident_response(App& app, ImDrawList* dl, ImVec2 o, ImVec2 size) {
    const Catalog& tr = app.tr();
    const char* steps[] = {"fig.detect", "fig.investigate", "fig.isolate", "fig.clean", "fig.check_spread", "fig.report"};
    const float w = (size.x - 5 * 18) / 6, y0 = o.y + size.y * 0.3f, y1 = o.y + size.y * 0.7f;
    for (int i = 0; i < 6; ++i) {
        const float x = o.x + static_cast<float>(i) * (w + 18);
        box(dl, ImVec2(x, y0), ImVec2(x + w, y1), tr.tr(steps[i]), i == 2 ? kAccentFill : kBoxFill, i == 2 ? kAccentEdge : kBoxEdge);
        if (i < 5) arrow(dl, ImVec2(x + w + 2, (y0 + y1) / 2), ImVec2(x + w + 16, (y0 + y1) / 2));
    }
}

}  // namespace

void draw_figure(App& app, const std::string& name, float height) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const ImVec2 size(ImGui::GetContentRegionAvail().x, height);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (name == "soc-watch") soc_watch(app, dl, origin, size);
    else if (name == "data-sources") data_sources(app, dl, origin, size);
    else if (name == "soc-services") soc_services(app, dl, origin, size);
    else if (name == "beacon-rhythm") beacon_rhythm(app, dl, origin, size);
    else if (name == "incident-response") incident_response(app, dl, origin, size);
    ImGui::Dummy(size);
}

}  // namespace socsim::app
