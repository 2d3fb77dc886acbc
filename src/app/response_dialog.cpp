// The response dialog (see response_dialog.h).
#include "app/response_dialog.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/app.h"
#include "app/shortcuts.h"
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
    // The words of each action, written out so every catalog key can be found in the source.
    struct Words {
        const char* title;
        const char* question;
        const char* confirm;
        const char* done;
    };
    const Words w = kind_ == sim::ActionKind::BlockDomain
                        ? Words{"response.block_title", "response.block_question", "response.block_confirm", "response.block_done"}
                    : kind_ == sim::ActionKind::DisableAccount
                        ? Words{"response.disable_title", "response.disable_question", "response.disable_confirm",
                                "response.disable_done"}
                        : Words{"response.reset_title", "response.reset_question", "response.reset_confirm", "response.reset_done"};
    ImGui::SetNextWindowSize(ImVec2(560, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal((tr.tr(w.title) + "###response").c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings))
        return;
    if (close_) {
        close_ = false;
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    wrapped_text(tr.format(w.question, {{"target", target_}}).c_str());
    ImGui::Spacing();
    ImGui::TextUnformatted(tr.tr("hosts.reason").c_str());
    ImGui::SetNextItemWidth(-1);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::InputTextWithHint("##reason", tr.tr("hosts.reason_hint").c_str(), &reason_);
    ImGui::Spacing();
    const bool confirmed = ImGui::Button((tr.tr(w.confirm) + "###confirm").c_str());
    confirm_rect_ = {ImGui::GetItemRectMin(), ImGui::GetItemRectMax()};
    if (confirmed) {
        try {
            const auto result = attempt->act(kind_, target_, reason_);
            app.set_status(result.ok ? tr.format(w.done, {{"target", target_}}) : tr.tr(result.error_key));
        } catch (const store::StoreError& e) {
            app.set_status(e.what());
        }
        target_.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::SameLine();
    if (ImGui::Button((tr.tr("common.cancel") + "###cancel").c_str()) || escape_pressed()) {
        target_.clear();
        ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace socsim::app
