// The quiz screen (see quiz_panel.h).
#include "app/quiz_panel.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cstdio>

#include "app/app.h"
#include "app/layout.h"
#include "app/text_wrap.h"

namespace socsim::app {
void QuizPanel::reset() {
    index_ = 0;
    selected_.clear();
    number_ = 0;
    number_set_ = false;
    text_.clear();
    checked_ = false;
    session_ = nullptr;
}

void QuizPanel::load_answer(const quiz::SessionItem& item) {
    selected_.clear();
    text_.clear();
    number_set_ = false;
    if (item.question->type == quiz::QuestionType::Matching) selected_.assign(item.question->pairs.size(), -1);
    if (item.response) {
        selected_ = item.response->selected;
        text_ = item.response->text;
        if (item.response->number) {
            number_ = *item.response->number;
            number_set_ = true;
        }
    }
}

void QuizPanel::draw(App& app) {
    quiz::Session* session = app.quiz_session();
    const Catalog& tr = app.tr();
    place_next_window(0.12f, 0.03f, 0.76f, 0.94f);
    ImGui::Begin((tr.tr("quiz.title") + "###quiz").c_str(), nullptr, kFixedWindow);
    if (!session || session->size() == 0) {
        ImGui::TextUnformatted(tr.tr("quiz.none").c_str());
        if (ImGui::Button((tr.tr("quiz.to_results") + "###results").c_str())) app.finish_quiz();
        ImGui::End();
        return;
    }
    if (session_ != session) {
        reset();
        session_ = session;
        // An exam picked up again goes on at its first unanswered question (Previous reaches the rest).
        if (session->mode() == quiz::Mode::Exam)
            while (index_ + 1 < session->size() && session->item(index_).grade) ++index_;
        load_answer(session->item(index_));
        checked_ = session->item(index_).grade && session->feedback_visible();
    }
    if (session->finished())
        draw_results(app, *session);
    else
        draw_question(app, *session);
    ImGui::End();
}

void QuizPanel::draw_answer_input(App& app, const quiz::SessionItem& item) {
    const Lang lang = app.lang();
    const quiz::Question& q = *item.question;
    const Catalog& tr = app.tr();
    switch (q.type) {
        case quiz::QuestionType::SingleChoice:
        case quiz::QuestionType::TrueFalse:
        case quiz::QuestionType::MultipleAnswer:
            if (q.type == quiz::QuestionType::MultipleAnswer) ImGui::TextDisabled("%s", tr.tr("quiz.pick_all").c_str());
            for (int choice : item.order) {
                const auto& c = q.choices[static_cast<std::size_t>(choice)];
                ImGui::PushID(choice);
                const bool picked = std::find(selected_.begin(), selected_.end(), choice) != selected_.end();
                if (q.type == quiz::QuestionType::MultipleAnswer) {
                    bool value = picked;
                    if (ImGui::Checkbox(c.text.get(lang).c_str(), &value)) {
                        if (value)
                            selected_.push_back(choice);
                        else
                            selected_.erase(std::remove(selected_.begin(), selected_.end(), choice), selected_.end());
                    }
                } else if (ImGui::RadioButton(c.text.get(lang).c_str(), picked)) {
                    selected_ = {choice};
                }
                ImGui::PopID();
            }
            break;
        case quiz::QuestionType::Numeric:
            ImGui::SetNextItemWidth(240);
            if (ImGui::InputDouble("##number", &number_, 0, 0, "%g")) number_set_ = true;
            break;
        case quiz::QuestionType::ShortAnswer:
            ImGui::SetNextItemWidth(420);
            ImGui::InputTextWithHint("##text", tr.tr("quiz.type_here").c_str(), &text_);
            break;
        case quiz::QuestionType::Matching:
            for (std::size_t left = 0; left < q.pairs.size(); ++left) {
                ImGui::PushID(static_cast<int>(left));
                ImGui::AlignTextToFramePadding();
                ImGui::TextUnformatted(q.pairs[left].left.get(lang).c_str());
                ImGui::SameLine(ImGui::GetContentRegionAvail().x * 0.45f);
                ImGui::SetNextItemWidth(-1);
                const int current = left < selected_.size() ? selected_[left] : -1;
                const std::string preview = current >= 0 ? q.pairs[static_cast<std::size_t>(current)].right.get(lang)
                                                         : tr.tr("quiz.choose");
                if (ImGui::BeginCombo("##match", preview.c_str())) {
                    for (int right : item.order)
                        if (ImGui::Selectable(q.pairs[static_cast<std::size_t>(right)].right.get(lang).c_str(), current == right))
                            selected_[left] = right;
                    ImGui::EndCombo();
                }
                ImGui::PopID();
            }
            break;
    }
}

void QuizPanel::draw_grade(App& app, const quiz::SessionItem& item) {
    const Catalog& tr = app.tr();
    if (!item.grade) return;
    if (item.grade->correct)
        ImGui::TextColored(colour_good(), "%s", tr.tr("quiz.right").c_str());
    else if (item.grade->fraction > 0)
        ImGui::TextColored(colour_warn(), "%s", tr.format("quiz.partial", {{"percent", std::to_string(static_cast<int>(item.grade->fraction * 100 + 0.5))}}).c_str());
    else
        ImGui::TextColored(colour_bad(), "%s", tr.tr("quiz.wrong").c_str());
}

void QuizPanel::draw_feedback(App& app, const quiz::SessionItem& item) {
    const Catalog& tr = app.tr();
    const Lang lang = app.lang();
    if (!item.grade) return;
    const quiz::Question& q = *item.question;
    draw_grade(app, item);
    // Choice questions: every choice with the right ones marked and the trainee's picks.
    if (!q.choices.empty()) {
        for (int choice : item.order) {
            const auto& c = q.choices[static_cast<std::size_t>(choice)];
            const bool picked = item.response && std::find(item.response->selected.begin(), item.response->selected.end(), choice) !=
                                                     item.response->selected.end();
            // A partly right choice of a single-choice question is not "the right answer".
            const bool right = q.type == quiz::QuestionType::MultipleAnswer ? c.weight > 0 : c.weight >= 1;
            ImGui::TextColored(right ? colour_good() : (picked ? colour_bad() : colour_muted()), "%s %s%s", picked ? "[x]" : "[ ]",
                               c.text.get(lang).c_str(), right ? ("  ← " + tr.tr("quiz.correct_choice")).c_str() : "");
            if (picked && !c.feedback.empty()) ImGui::TextDisabled("      %s", c.feedback.get(lang).c_str());
        }
    } else if (q.type == quiz::QuestionType::Matching) {
        // Each pair in its colour, with what the trainee put there when it was wrong.
        ImGui::TextUnformatted((tr.tr("quiz.correct_choice") + ":").c_str());
        const std::vector<int> none;
        const std::vector<int>& chosen = item.response ? item.response->selected : none;
        for (std::size_t i = 0; i < q.pairs.size(); ++i) {
            const bool right = i < chosen.size() && chosen[i] == static_cast<int>(i);
            ImGui::TextColored(right ? colour_good() : colour_bad(), "%s %s → %s", right ? "[x]" : "[ ]",
                               q.pairs[i].left.get(lang).c_str(), q.pairs[i].right.get(lang).c_str());
            if (!right && i < chosen.size() && chosen[i] >= 0 && static_cast<std::size_t>(chosen[i]) < q.pairs.size())
                ImGui::TextDisabled("      %s", tr.format("quiz.your_answer", {{"answer", q.pairs[static_cast<std::size_t>(chosen[i])].right.get(lang)}}).c_str());
        }
    } else {
        if (item.response) {
            // The trainee's own number or words beside the right ones.
            char number[64] = "";
            if (item.response->number) std::snprintf(number, sizeof number, "%g", *item.response->number);
            const std::string typed = q.type == quiz::QuestionType::Numeric ? std::string(number) : item.response->text;
            if (!typed.empty()) ImGui::TextDisabled("%s", tr.format("quiz.your_answer", {{"answer", typed}}).c_str());
        }
        wrapped_text(tr.tr("quiz.correct_choice") + ": " + quiz::right_answer_text(q, lang));
        if (item.response)
            for (const LocalText& fb : quiz::feedback_for(q, *item.response)) wrapped_text(fb.get(lang));
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(tr.tr("quiz.explanation").c_str());
    wrapped_text(q.explanation.get(lang));
}

void QuizPanel::draw_question(App& app, quiz::Session& session) {
    const Catalog& tr = app.tr();
    const Lang lang = app.lang();
    index_ = std::min(index_, session.size() - 1);
    const quiz::SessionItem& item = session.item(index_);
    const quiz::Question& q = *item.question;

    ImGui::TextDisabled("%s — %s", session.bank().title.get(lang).c_str(),
                        tr.tr(std::string("quiz.mode_") + quiz::mode_name(session.mode())).c_str());
    if (app.in_checkpoint()) ImGui::TextColored(colour_warn(), "%s", tr.tr("quiz.checkpoint_help").c_str());
    if (session.mode() == quiz::Mode::Exam && app.quiz_time_limit() > 0) {
        ImGui::SameLine();
        ImGui::TextColored(colour_warn(), "  %s", tr.format("quiz.time_left", {{"time", format_duration(app.quiz_time_left())}}).c_str());
    }
    ImGui::ProgressBar(static_cast<float>(index_ + 1) / static_cast<float>(session.size()), ImVec2(-1, 0),
                       tr.format("quiz.progress", {{"n", std::to_string(index_ + 1)}, {"total", std::to_string(session.size())}}).c_str());
    ImGui::Spacing();
    wrapped_text(q.prompt.get(lang));
    ImGui::Spacing();

    if (checked_) {
        draw_feedback(app, item);
    } else {
        draw_answer_input(app, item);
    }
    ImGui::Spacing();
    ImGui::Separator();

    const bool last = index_ + 1 >= session.size();
    auto go_next = [&] {
        if (last) {
            app.finish_quiz();
            return;
        }
        ++index_;
        load_answer(session.item(index_));
        checked_ = session.item(index_).grade && session.feedback_visible();
    };
    if (!checked_) {
        bool ready = !selected_.empty();
        if (q.type == quiz::QuestionType::Numeric) ready = number_set_;
        if (q.type == quiz::QuestionType::ShortAnswer) ready = !text_.empty();
        if (q.type == quiz::QuestionType::Matching) ready = std::none_of(selected_.begin(), selected_.end(), [](int v) { return v < 0; });
        const bool exam = session.mode() == quiz::Mode::Exam;
        if (!ready) ImGui::BeginDisabled();
        const std::string label = exam ? tr.tr(last ? "quiz.finish_exam" : "quiz.save_next") : tr.tr("quiz.check");
        if (ImGui::Button((label + "###check").c_str(), ImVec2(260, 0))) {
            quiz::Response response;
            response.selected = selected_;
            if (q.type == quiz::QuestionType::Numeric) response.number = number_;
            response.text = text_;
            app.answer_quiz(index_, response);
            if (exam || !session.feedback_visible())
                go_next();
            else
                checked_ = true;
        }
        if (!ready) ImGui::EndDisabled();
        if (exam && index_ > 0) {
            ImGui::SameLine();
            if (ImGui::Button((tr.tr("quiz.previous") + "###prev").c_str())) {
                --index_;
                load_answer(session.item(index_));
            }
        }
    } else if (ImGui::Button(((last ? tr.tr(app.in_checkpoint() ? "quiz.back_to_workspace" : "quiz.to_results")
                                    : tr.tr("quiz.next")) +
                               "###next")
                                  .c_str(),
                              ImVec2(260, 0))) {
        go_next();
    }
}

void QuizPanel::draw_results(App& app, quiz::Session& session) {
    const Catalog& tr = app.tr();
    const Lang lang = app.lang();
    const quiz::SessionResult r = session.result();
    char percent[32];
    std::snprintf(percent, sizeof percent, "%.0f", r.percent());
    ImGui::TextDisabled("%s", session.bank().title.get(lang).c_str());
    const double pass_mark = app.quiz_pass_mark().value_or(60);
    const bool passed = r.percent() >= pass_mark;
    ImGui::SetWindowFontScale(1.6f);
    ImGui::TextColored(passed ? colour_good() : colour_bad(), "%s",
                       tr.format("quiz.cli_result", {{"correct", std::to_string(r.correct)},
                                                     {"total", std::to_string(r.questions)},
                                                     {"percent", percent}})
                           .c_str());
    ImGui::SetWindowFontScale(1.0f);
    if (session.mode() == quiz::Mode::Exam) {
        char mark[16];
        std::snprintf(mark, sizeof mark, "%g", pass_mark);
        ImGui::TextColored(passed ? colour_good() : colour_bad(), "%s",
                           tr.format(passed ? "quiz.passed" : "quiz.not_passed", {{"mark", mark}}).c_str());
    }
    if (ImGui::Button((tr.tr("debrief.back") + "###back").c_str(), ImVec2(260, 0))) app.close_quiz();
    ImGui::Separator();
    ImGui::BeginChild("answers");
    for (std::size_t i = 0; i < session.size(); ++i) {
        const auto& item = session.item(i);
        ImGui::PushID(static_cast<int>(i));
        ImGui::Text("%zu.", i + 1);
        ImGui::SameLine();
        wrapped_text(item.question->prompt.get(lang));
        ImGui::Indent();
        if (item.grade && session.answer_key_visible())
            draw_feedback(app, item);
        else if (item.grade)
            draw_grade(app, item);
        else
            ImGui::TextColored(colour_muted(), "%s", tr.tr("quiz.unanswered").c_str());
        ImGui::Unindent();
        ImGui::Separator();
        ImGui::PopID();
    }
    ImGui::EndChild();
}

}  // namespace socsim::app
