// The lesson screen (see lesson_panel.h).
#include "app/lesson_panel.h"

#include <imgui.h>

#include <filesystem>

#include "app/app.h"
#include "app/layout.h"
#include "app/text_wrap.h"

namespace socsim::app {

void LessonPanel::draw(App& app) {
    const lesson::Lesson* l = app.current_lesson();
    const Catalog& tr = app.tr();
    const Lang lang = app.lang();
    place_next_window(0.1f, 0.02f, 0.8f, 0.96f);
    ImGui::Begin((tr.tr("lesson.title") + "###lesson").c_str(), nullptr, kFixedWindow);
    if (!l || l->pages.empty()) {
        if (ImGui::Button((tr.tr("debrief.back") + "###back").c_str())) app.set_screen(Screen::Catalogue);
        ImGui::End();
        return;
    }
    page_ = std::min(page_, l->pages.size() - 1);
    const lesson::Page& page = l->pages[page_];
    ImGui::TextDisabled("%s", l->title.get(lang).c_str());
    ImGui::ProgressBar(static_cast<float>(page_ + 1) / static_cast<float>(l->pages.size()), ImVec2(-1, 0),
                       tr.format("lesson.page", {{"n", std::to_string(page_ + 1)}, {"total", std::to_string(l->pages.size())}}).c_str());
    ImGui::Spacing();
    ImGui::SetWindowFontScale(1.4f);
    wrapped_text(page.title.get(lang));
    ImGui::SetWindowFontScale(1.0f);
    ImGui::Separator();

    const float footer = ImGui::GetFrameHeightWithSpacing() * 1.6f;
    ImGui::BeginChild("page", ImVec2(0, -footer));
    for (const auto& b : page.blocks) {
        switch (b.kind) {
            case lesson::BlockKind::Heading:
                ImGui::Spacing();
                ImGui::PushStyleColor(ImGuiCol_Text, colour_warn());
                wrapped_text(b.text.get(lang));
                ImGui::PopStyleColor();
                break;
            case lesson::BlockKind::Paragraph:
                wrapped_text(b.text.get(lang));
                ImGui::Spacing();
                break;
            case lesson::BlockKind::Note:
                ImGui::PushStyleColor(ImGuiCol_Text, colour_good());
                wrapped_text("★ " + b.text.get(lang));
                ImGui::PopStyleColor();
                ImGui::Spacing();
                break;
            case lesson::BlockKind::List:
                for (const auto& item : b.items) {
                    ImGui::Bullet();
                    ImGui::SameLine();
                    wrapped_text(item.get(lang));
                }
                ImGui::Spacing();
                break;
            case lesson::BlockKind::Figure:
                draw_figure(app, b.figure, 260.0f);
                if (!b.caption.empty()) {
                    ImGui::PushStyleColor(ImGuiCol_Text, colour_muted());
                    wrapped_text(b.caption.get(lang));
                    ImGui::PopStyleColor();
                }
                ImGui::Spacing();
                break;
        }
    }
    ImGui::EndChild();

    ImGui::Separator();
    if (page_ > 0) {
        if (ImGui::Button((tr.tr("lesson.previous") + "###prev").c_str(), ImVec2(200, 0))) --page_;
        ImGui::SameLine();
    }
    if (page_ + 1 < l->pages.size()) {
        if (ImGui::Button((tr.tr("lesson.next") + "###next").c_str(), ImVec2(200, 0))) ++page_;
    } else if (!l->quiz.empty()) {
        // The lesson's quiz: the bank named by the lesson, as a practice run.
        if (ImGui::Button((tr.tr("lesson.take_quiz") + "###quiz").c_str(), ImVec2(260, 0))) {
            const auto path = std::filesystem::path(l->source_path).parent_path() / l->quiz;
            auto loaded = quiz::load_bank_file(path);
            if (loaded.ok())
                app.start_quiz(std::make_shared<const quiz::Bank>(std::move(*loaded.value)), quiz::Mode::Practice);
            else if (!loaded.errors.empty())
                app.set_status(loaded.errors.front().to_string());
        }
    }
    ImGui::SameLine();
    if (ImGui::Button((tr.tr("lesson.close") + "###close").c_str())) app.set_screen(Screen::Catalogue);
    ImGui::End();
}

}  // namespace socsim::app
