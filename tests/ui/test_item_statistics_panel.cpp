// UI test without GL for the instructor's item statistics: the window opened on a bank whose
// answers are in the database shows, per question, how many attempts asked and answered it, its
// facility and discrimination indices and the share of each choice, in English and in Japanese.
#include <catch2/catch.hpp>

#include <imgui.h>

#include <filesystem>

#include "app/app.h"
#include "core/attempt/quiz_run.h"
#include "core/store/database.h"
#include "imgui_harness.h"

using namespace socsim;

namespace {

constexpr SimTime kNow = 1'780'000'000'000;

app::App::Options options(const std::filesystem::path& db) {
    const std::filesystem::path root(SOCSIM_SOURCE_DIR);
    app::App::Options o;
    o.scenarios_dir = root / "scenarios";
    o.lessons_dir = root / "lessons";
    o.quizzes_dir = root / "quizzes";
    o.trainee = "instructor";
    o.db = db;
    o.calendar_now = [] { return kNow; };
    return o;
}

// Three trainees answer the first question of soc-basics (choices 2, 2, 0: two right of three);
// the first two also answer the second question (right, wrong). A fourth practice run asks only
// the second and third questions and is not finished: it does not count.
void record_answers(const std::filesystem::path& db_path, const quiz::Bank& bank) {
    store::Database db(db_path);
    const int first[] = {2, 2, 0};
    for (int t = 0; t < 3; ++t) {
        quiz::SessionOptions o;
        o.trainee = "trainee-" + std::to_string(t);
        o.count = t < 2 ? 2 : 1;
        QuizRun run(bank, o, &db, kNow);
        run.answer(0, quiz::Response{{first[t]}, {}, {}});
        if (t < 2) run.answer(1, quiz::Response{{t == 0 ? 1 : 0}, {}, {}});
        run.finish();
    }
    quiz::SessionOptions o;
    o.only = {bank.questions[1].id, bank.questions[2].id};
    QuizRun unfinished(bank, o, &db, kNow);
    unfinished.answer(0, quiz::Response{{1}, {}, {}});
}

// The first `n` characters (not bytes) of a text: the start of a prompt that the window wraps.
std::string head(const std::string& text, std::size_t n) {
    std::size_t i = 0;
    for (std::size_t chars = 0; i < text.size() && chars < n; ++chars) {
        ++i;
        while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
    }
    return text.substr(0, i);
}

}  // namespace

TEST_CASE("the item statistics window shows what the answers say, in both languages", "[ui][stats]") {
    const auto dir = std::filesystem::temp_directory_path() / "socsim-ui-item-statistics";
    std::filesystem::remove_all(dir);
    ImGuiHarness ui;
    std::shared_ptr<const quiz::Bank> bank;
    {
        app::App probe(options(dir / "socsim.db"));
        for (const auto& b : probe.banks())
            if (b.bank && b.bank->id == "soc-basics") bank = b.bank;
    }
    REQUIRE(bank);
    const quiz::Question& q1 = bank->questions[0];
    const quiz::Question& q2 = bank->questions[1];
    REQUIRE(q1.type == quiz::QuestionType::SingleChoice);
    REQUIRE(q1.choices.size() >= 3);
    REQUIRE(q1.choices[2].weight == 1);  // the first question's right answer is its third choice
    record_answers(dir / "socsim.db", *bank);

    app::App app(options(dir / "socsim.db"));
    app.show_statistics(bank);
    REQUIRE(app.statistics_panel().is_open());
    ui.frame(app);  // drawn once with the catalogue, as the trainer sees it

    const std::string en = ui.capture([&] { app.statistics_panel().draw(app); });
    INFO(en);
    CHECK(en.find("Item statistics of '" + bank->title.en + "' over 3 finished attempt(s)") != std::string::npos);
    CHECK(en.find("| Question | Asked | Answered | Facility | Discrimination | Choices picked |") != std::string::npos);
    // The first question: asked 3 times, answered 3 times, 2 of 3 right -> facility 67; the right
    // choice picked by 67%, the first choice by 33%.
    // Each row: the question (wrapped), its id, then the numbers.
    CHECK(en.find(head(q1.prompt.en, 24)) != std::string::npos);
    CHECK(en.find(head(q2.prompt.en, 24)) != std::string::npos);
    const std::size_t row1 = en.find(q1.id + " |");
    REQUIRE(row1 != std::string::npos);
    const std::string r1 = en.substr(row1, en.find(q2.id + " |") - row1);
    CHECK(r1.find(q1.id + " | 3 | 3 | 67 |") != std::string::npos);
    CHECK(r1.find(" 67%  " + q1.choices[2].text.en) != std::string::npos);
    CHECK(r1.find(" 33%  " + q1.choices[0].text.en) != std::string::npos);
    CHECK(r1.find("  0%  " + q1.choices[1].text.en) != std::string::npos);
    // The second: asked by two finished attempts (the third run asked one question, the fourth is
    // not finished), one right -> 50.
    CHECK(en.find(q2.id + " | 2 | 2 | 50 |") != std::string::npos);
    // The third: asked by no finished attempt: no index, not a 0.
    CHECK(en.find(bank->questions[2].id + " | 0 | 0 | - | - |") != std::string::npos);

    app.set_lang(Lang::Ja);
    const std::string ja = ui.capture([&] { app.statistics_panel().draw(app); });
    INFO(ja);
    CHECK(ja.find("「" + bank->title.ja + "」の設問統計 (完了した受講 3 件)") != std::string::npos);
    CHECK(ja.find("| 問題 | 出題数 | 回答数 | 正答率 | 識別力 | 選択肢ごとの選択率 |") != std::string::npos);
    CHECK(ja.find(head(q1.prompt.ja, 10)) != std::string::npos);
    CHECK(ja.find(q1.id + " | 3 | 3 | 67 |") != std::string::npos);
    CHECK(ja.find(" 67%  " + q1.choices[2].text.ja) != std::string::npos);
    ui.frame(app);
    std::filesystem::remove_all(dir);
}
