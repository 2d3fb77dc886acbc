// The catalogue (see catalogue_panel.h).
#include "app/catalogue_panel.h"

#include <imgui.h>

#include <cstdio>

#include "app/app.h"
#include "app/layout.h"
#include "app/text_wrap.h"

namespace socsim::app {
namespace {

void draw_errors(App& app, const std::filesystem::path& path, const std::vector<Diagnostic>& errors) {
    ImGui::TextColored(colour_bad(), "%s", app.tr().tr("catalogue.cannot_load").c_str());
    wrapped_text(path.string());
    ImGui::Separator();
    for (const auto& d : errors) wrapped_text(d.to_string());
    if (ImGui::Button(app.tr().tr("catalogue.reload").c_str())) app.reload_catalogue();
}

}  // namespace

void CataloguePanel::draw(App& app) {
    const Catalog& tr = app.tr();
    const Lang lang = app.lang();

    place_next_window(0, 0, 0.3f, 1);
    ImGui::Begin((tr.tr("catalogue.title") + "###catalogue").c_str(), nullptr, kFixedWindow);
    wrapped_text(tr.tr("catalogue.intro"));
    // One list per kind; an entry that failed to load stays visible, in red, with its errors.
    auto section = [&](const char* heading_key, Kind kind, std::size_t count, auto label_of, auto detail_of) {
        ImGui::Spacing();
        ImGui::TextColored(colour_warn(), "%s", tr.tr(heading_key).c_str());
        ImGui::Separator();
        for (int i = 0; i < static_cast<int>(count); ++i) {
            ImGui::PushID(static_cast<int>(kind) * 1000 + i);
            const auto [label, ok] = label_of(i);
            if (!ok) ImGui::PushStyleColor(ImGuiCol_Text, colour_bad());
            if (ImGui::Selectable(label.c_str(), kind_ == kind && selected_ == i)) {
                kind_ = kind;
                selected_ = i;
            }
            if (!ok) ImGui::PopStyleColor();
            const std::string detail = detail_of(i);
            if (!detail.empty()) ImGui::TextDisabled("  %s", detail.c_str());
            ImGui::PopID();
        }
    };
    const auto& lessons = app.lessons();
    section("catalogue.lessons", Kind::Lesson, lessons.size(),
            [&](int i) {
                const auto& e = lessons[static_cast<std::size_t>(i)];
                return std::pair{e.lesson ? e.lesson->title.get(lang) : tr.tr("catalogue.broken") + ": " + e.path.filename().string(),
                                 e.lesson != nullptr};
            },
            [&](int i) {
                const auto& e = lessons[static_cast<std::size_t>(i)];
                return e.lesson ? tr.format("catalogue.pages", {{"count", std::to_string(e.lesson->pages.size())}}) : std::string();
            });
    const auto& scenarios = app.catalogue();
    section("catalogue.scenarios", Kind::Scenario, scenarios.size(),
            [&](int i) {
                const auto& e = scenarios[static_cast<std::size_t>(i)];
                return std::pair{e.scenario ? e.scenario->title.get(lang) : tr.tr("catalogue.broken") + ": " + e.path.filename().string(),
                                 e.scenario != nullptr};
            },
            [&](int i) {
                const auto& e = scenarios[static_cast<std::size_t>(i)];
                return e.scenario ? tr.tr("difficulty." + e.scenario->difficulty) + " · " + format_duration(e.scenario->duration)
                                  : std::string();
            });
    const auto& banks = app.banks();
    section("catalogue.quizzes", Kind::Bank, banks.size(),
            [&](int i) {
                const auto& e = banks[static_cast<std::size_t>(i)];
                return std::pair{e.bank ? e.bank->title.get(lang) : tr.tr("catalogue.broken") + ": " + e.path.filename().string(),
                                 e.bank != nullptr};
            },
            [&](int i) {
                const auto& e = banks[static_cast<std::size_t>(i)];
                return e.bank ? tr.format("catalogue.questions", {{"count", std::to_string(e.bank->questions.size())}}) : std::string();
            });
    ImGui::End();

    place_next_window(0.3f, 0, 0.7f, 0.62f);
    ImGui::Begin((tr.tr("catalogue.details") + "###briefing").c_str(), nullptr, kFixedWindow);
    switch (kind_) {
        case Kind::Lesson: draw_lesson(app, selected_); break;
        case Kind::Scenario: draw_scenario(app, selected_); break;
        case Kind::Bank: draw_bank(app, selected_); break;
    }
    ImGui::End();

    place_next_window(0.3f, 0.62f, 0.7f, 0.38f);
    ImGui::Begin((tr.tr("catalogue.history") + "###history").c_str(), nullptr, kFixedWindow);
    if (!app.db()) {
        ImGui::TextColored(colour_warn(), "%s", tr.tr("catalogue.no_database").c_str());
        wrapped_text(app.db_error());
    } else {
        const auto& attempts = app.past_attempts();
        if (attempts.empty()) {
            ImGui::TextDisabled("%s", tr.tr("catalogue.no_attempts").c_str());
        } else if (ImGui::BeginTable("attempts", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_Borders)) {
            ImGui::TableSetupScrollFreeze(0, 1);
            for (const char* key : {"col.started", "col.trainee", "col.scenario", "col.actions", "col.score", "col.result"})
                ImGui::TableSetupColumn(tr.tr(key).c_str());
            ImGui::TableHeadersRow();
            for (const auto& a : attempts) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                // "2026-03-02T08:15:30.123Z" -> "2026-03-02 08:15": minutes are enough in a list.
                std::string started = a.started_at.substr(0, 16);
                if (started.size() > 10) started[10] = ' ';
                ImGui::TextUnformatted(started.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(a.trainee.c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%s (%s)", a.scenario_id.c_str(), a.mode.c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%d", a.actions);
                ImGui::TableNextColumn();
                if (a.status == store::AttemptStatus::Finished) ImGui::Text("%.1f", a.score);
                ImGui::TableNextColumn();
                if (a.status == store::AttemptStatus::Finished) {
                    ImGui::TextColored(a.passed ? colour_good() : colour_bad(), "%s",
                                       tr.tr(a.passed ? "cli.passed" : "cli.failed").c_str());
                } else if (a.mode == "play" || a.mode == "guided") {
                    // An interrupted scenario: its journal brings it back exactly where it was.
                    ImGui::PushID(static_cast<int>(a.id));
                    if (ImGui::SmallButton((tr.tr("catalogue.resume") + "###resume").c_str())) app.resume(a.id);
                    ImGui::PopID();
                } else {
                    ImGui::TextDisabled("%s", tr.tr("cli.in_progress").c_str());
                }
            }
            ImGui::EndTable();
        }
    }
    ImGui::End();
}

void CataloguePanel::draw_lesson(App& app, int index) {
    const auto& lessons = app.lessons();
    if (index < 0 || index >= static_cast<int>(lessons.size())) return;
    const auto& e = lessons[static_cast<std::size_t>(index)];
    if (!e.lesson) return draw_errors(app, e.path, e.errors);
    const Lang lang = app.lang();
    ImGui::SetWindowFontScale(1.35f);
    wrapped_text(e.lesson->title.get(lang));
    ImGui::SetWindowFontScale(1.0f);
    if (ImGui::Button((app.tr().tr("catalogue.open_lesson") + "###open").c_str(), ImVec2(260, 0))) app.open_lesson(e.lesson);
    ImGui::Separator();
    wrapped_text(e.lesson->summary.get(lang));
    ImGui::Spacing();
    for (const auto& page : e.lesson->pages) {
        ImGui::Bullet();
        ImGui::SameLine();
        wrapped_text(page.title.get(lang));
    }
}

void CataloguePanel::draw_scenario(App& app, int index) {
    const auto& entries = app.catalogue();
    if (index < 0 || index >= static_cast<int>(entries.size())) return;
    const auto& e = entries[static_cast<std::size_t>(index)];
    if (!e.scenario) return draw_errors(app, e.path, e.errors);
    const Catalog& tr = app.tr();
    const Lang lang = app.lang();
    const auto& s = *e.scenario;
    ImGui::SetWindowFontScale(1.35f);
    wrapped_text(s.title.get(lang));
    ImGui::SetWindowFontScale(1.0f);
    ImGui::TextDisabled("%s: %s   %s: %s   %s: %zu", tr.tr("catalogue.difficulty").c_str(),
                        tr.tr("difficulty." + s.difficulty).c_str(), tr.tr("catalogue.duration").c_str(),
                        format_duration(s.duration).c_str(), tr.tr("catalogue.hosts").c_str(), s.network.hosts.size());
    std::string techniques;
    for (const auto& t : s.techniques) techniques += (techniques.empty() ? "" : ", ") + t;
    if (!techniques.empty()) ImGui::TextDisabled("MITRE ATT&CK: %s", techniques.c_str());
    // The button sits above the briefing so it is never below the fold.
    if (ImGui::Button((tr.tr("catalogue.start") + "###start").c_str(), ImVec2(260, 0))) app.start(e.scenario);
    start_guided_at_ = ImVec2(0, 0);
    if (!s.guide.empty()) {
        // Guided mode: the same scenario for staff who are new to security.
        ImGui::SameLine();
        const bool guided = ImGui::Button((tr.tr("catalogue.start_guided") + "###start_guided").c_str(), ImVec2(260, 0));
        start_guided_at_ = ImVec2((ImGui::GetItemRectMin().x + ImGui::GetItemRectMax().x) / 2,
                                  (ImGui::GetItemRectMin().y + ImGui::GetItemRectMax().y) / 2);
        if (guided) app.start_guided(e.scenario);
        wrapped_text(tr.format("catalogue.start_guided_help", {{"count", std::to_string(s.guide.size())}}));
    }
    ImGui::Separator();
    wrapped_text(s.briefing.get(lang));
    ImGui::Spacing();
    ImGui::Separator();
    wrapped_text(tr.tr("catalogue.how_to"));
}

void CataloguePanel::draw_bank(App& app, int index) {
    const auto& banks = app.banks();
    if (index < 0 || index >= static_cast<int>(banks.size())) return;
    const auto& e = banks[static_cast<std::size_t>(index)];
    if (!e.bank) return draw_errors(app, e.path, e.errors);
    const Catalog& tr = app.tr();
    const Lang lang = app.lang();
    ImGui::SetWindowFontScale(1.35f);
    wrapped_text(e.bank->title.get(lang));
    ImGui::SetWindowFontScale(1.0f);
    ImGui::TextDisabled("%s", tr.format("catalogue.questions", {{"count", std::to_string(e.bank->questions.size())}}).c_str());
    // A sealed exam: the exam alone. Practice, review and item statistics would show its answers.
    const bool sealed = e.bank->sealed;
    if (sealed) wrapped_text(tr.tr("catalogue.sealed_help"));
    if (!sealed) {
        if (ImGui::Button((tr.tr("catalogue.practice") + "###practice").c_str(), ImVec2(260, 0)))
            app.start_quiz(e.bank, quiz::Mode::Practice);
        ImGui::SameLine();
        wrapped_text(tr.tr("catalogue.practice_help"));
    }
    const bool resume = app.exam_in_progress(*e.bank);
    if (ImGui::Button((tr.tr(resume ? "catalogue.exam_resume" : "catalogue.exam") + "###exam").c_str(), ImVec2(260, 0)))
        app.start_quiz(e.bank, quiz::Mode::Exam);
    ImGui::SameLine();
    char mark[16];
    std::snprintf(mark, sizeof mark, "%g", e.bank->exam.pass_mark);
    wrapped_text(tr.format("catalogue.exam_help", {{"count", std::to_string(e.bank->exam_questions())},
                                                   {"time", format_duration(e.bank->exam.time_limit)},
                                                   {"mark", mark}}));
    if (sealed) return;
    if (ImGui::Button((tr.tr("catalogue.review") + "###review").c_str(), ImVec2(260, 0)))
        app.start_quiz(e.bank, quiz::Mode::Review);
    ImGui::SameLine();
    wrapped_text(tr.tr("catalogue.review_help"));
    ImGui::Separator();
    if (ImGui::Button((tr.tr("catalogue.statistics") + "###stats").c_str(), ImVec2(260, 0))) app.show_statistics(e.bank);
    ImGui::SameLine();
    wrapped_text(tr.tr("catalogue.statistics_help"));
}

}  // namespace socsim::app
