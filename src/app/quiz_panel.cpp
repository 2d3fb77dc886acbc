// The end-of-scenario quiz (see quiz_panel.h).
#include "app/quiz_panel.h"

#include <imgui.h>

#include <algorithm>

#include "app/app.h"
#include "app/layout.h"
#include "app/text_wrap.h"

namespace socsim::app {

void QuizPanel::reset() {
    index_ = 0;
    selected_.clear();
    checked_ = false;
}

void QuizPanel::draw(App& app) {
    Attempt* attempt = app.attempt();
    if (!attempt) return;
    const quiz::Bank* bank = attempt->quiz();
    const Catalog& tr = app.tr();
    const Lang lang = app.lang();

    place_next_window(0.12f, 0.04f, 0.76f, 0.92f);
    ImGui::Begin((tr.tr("quiz.title") + "###quiz").c_str(), nullptr, kFixedWindow);
    if (!bank || bank->questions.empty()) {
        ImGui::TextUnformatted(tr.tr("quiz.none").c_str());
        if (ImGui::Button((tr.tr("quiz.to_results") + "###results").c_str())) app.finish();
        ImGui::End();
        return;
    }
    index_ = std::min(index_, bank->questions.size() - 1);
    const quiz::Question& q = bank->questions[index_];

    ImGui::TextDisabled("%s", bank->title.get(lang).c_str());
    ImGui::ProgressBar(static_cast<float>(index_ + (checked_ ? 1 : 0)) / static_cast<float>(bank->questions.size()),
                       ImVec2(-1, 0),
                       tr.format("quiz.progress", {{"n", std::to_string(index_ + 1)},
                                                   {"total", std::to_string(bank->questions.size())}})
                           .c_str());
    ImGui::Spacing();
    wrapped_text(q.prompt.get(lang));
    if (q.type == quiz::QuestionType::MultipleAnswer) ImGui::TextDisabled("%s", tr.tr("quiz.pick_all").c_str());
    ImGui::Spacing();

    const auto grade = attempt->grade_of(q.id);
    if (grade && !checked_) {
        // Answered before (coming back to the quiz, or the demo's screenshot): show it graded.
        selected_ = attempt->response_of(q.id)->selected;
        checked_ = true;
    }
    for (int i = 0; i < static_cast<int>(q.choices.size()); ++i) {
        const auto& choice = q.choices[static_cast<std::size_t>(i)];
        ImGui::PushID(i);
        const bool picked = std::find(selected_.begin(), selected_.end(), i) != selected_.end();
        if (checked_) {
            // After grading: right answers in green, wrong picks in red.
            const bool right = choice.weight > 0;
            const ImVec4 colour = right ? colour_good() : (picked ? colour_bad() : colour_muted());
            ImGui::TextColored(colour, "%s %s", picked ? "[x]" : "[ ]", choice.text.get(lang).c_str());
            if (right) {
                ImGui::SameLine();
                ImGui::TextColored(colour_good(), "← %s", tr.tr("quiz.correct_choice").c_str());
            }
            if (!choice.feedback.empty() && picked) ImGui::TextDisabled("    %s", choice.feedback.get(lang).c_str());
        } else if (q.type == quiz::QuestionType::MultipleAnswer) {
            bool value = picked;
            if (ImGui::Checkbox(choice.text.get(lang).c_str(), &value)) {
                if (value)
                    selected_.push_back(i);
                else
                    selected_.erase(std::remove(selected_.begin(), selected_.end(), i), selected_.end());
            }
        } else if (ImGui::RadioButton(choice.text.get(lang).c_str(), picked)) {
            selected_ = {i};
        }
        ImGui::PopID();
    }
    ImGui::Spacing();
    ImGui::Separator();
    if (!checked_) {
        if (selected_.empty()) ImGui::BeginDisabled();
        if (ImGui::Button((tr.tr("quiz.check") + "###check").c_str(), ImVec2(220, 0))) {
            try {
                quiz::Response response;
                response.selected = selected_;
                attempt->answer(q.id, response);
            } catch (const store::StoreError& e) {
                app.set_status(e.what());
            }
            checked_ = true;
        }
        if (selected_.empty()) ImGui::EndDisabled();
    } else {
        if (grade) {
            if (grade->correct)
                ImGui::TextColored(colour_good(), "%s", tr.tr("quiz.right").c_str());
            else if (grade->fraction > 0)
                ImGui::TextColored(colour_warn(), "%s", tr.format("quiz.partial", {{"percent", std::to_string(static_cast<int>(grade->fraction * 100 + 0.5))}}).c_str());
            else
                ImGui::TextColored(colour_bad(), "%s", tr.tr("quiz.wrong").c_str());
        }
        ImGui::Spacing();
        ImGui::TextUnformatted(tr.tr("quiz.explanation").c_str());
        wrapped_text(q.explanation.get(lang));
        ImGui::Spacing();
        const bool last = index_ + 1 >= bank->questions.size();
        if (ImGui::Button(last ? (tr.tr("quiz.to_results") + "###results").c_str() : (tr.tr("quiz.next") + "###next").c_str(),
                          ImVec2(220, 0))) {
            if (last) {
                app.finish();
            } else {
                ++index_;
                selected_.clear();
                checked_ = false;
            }
        }
    }
    ImGui::End();
}

}  // namespace socsim::app
