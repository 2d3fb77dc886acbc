// The response dialog (see response_dialog.h).
#include "app/response_dialog.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/app.h"
#include "app/text_wrap.h"

namespace socsim::app {

std::string registrable_domain(const std::string& name) {
    std::vector<std::size_t> dots;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (name[i] == '.') dots.push_back(i);
    if (dots.size() < 2) return name;
    const std::string tld = name.substr(dots.back() + 1);
    const std::string second = name.substr(dots[dots.size() - 2] + 1, dots.back() - dots[dots.size() - 2] - 1);
    const bool country_second_level = tld.size() == 2 && (second == "co" || second == "or" || second == "ne" ||
                                                          second == "ac" || second == "go" || second == "com" ||
                                                          second == "net" || second == "org");
    const std::size_t keep = country_second_level ? 3 : 2;
    if (dots.size() < keep) return name;
    return name.substr(dots[dots.size() - keep] + 1);
}

void ResponseDialog::ask(sim::ActionKind kind, const std::string& target) {
    kind_ = kind;
    target_ = target;
    reason_.clear();
    open_ = true;
}

void ResponseDialog::draw(App& app) {
    Attempt* attempt = app.attempt();
    if (!attempt) return;
    const Catalog& tr = app.tr();
    if (open_) {
        ImGui::OpenPopup("###response");
        open_ = false;
    }
    const char* key = kind_ == sim::ActionKind::BlockDomain      ? "response.block"
                      : kind_ == sim::ActionKind::DisableAccount ? "response.disable"
                                                                 : "response.reset";
    const std::string k(key);
    ImGui::SetNextWindowSize(ImVec2(560, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal((tr.tr(k + "_title") + "###response").c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings))
        return;
    wrapped_text(tr.format(k + "_question", {{"target", target_}}).c_str());
    ImGui::Spacing();
    ImGui::TextUnformatted(tr.tr("hosts.reason").c_str());
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::InputTextWithHint("##reason", tr.tr("hosts.reason_hint").c_str(), &reason_);
    ImGui::Spacing();
    const bool confirmed = ImGui::Button((tr.tr(k + "_confirm") + "###confirm").c_str());
    confirm_rect_ = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    if (confirmed) {
        try {
            const auto result = attempt->act(kind_, target_, reason_);
            app.set_status(result.ok ? tr.format(k + "_done", {{"target", target_}}) : tr.tr(result.error_key));
        } catch (const store::StoreError& e) {
            app.set_status(e.what());
        }
        target_.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button((tr.tr("common.cancel") + "###cancel").c_str())) {
        target_.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace socsim::app
