// The response dialog (see response_dialog.h).
#include "app/response_dialog.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/app.h"
#include "app/text_wrap.h"

namespace socsim::app {

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
