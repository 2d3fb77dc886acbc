// Tests of the quiz module: the shipped bank loads cleanly, every validation rule reports the
// right file:line:col, and grading gives the documented credit for every kind of response,
// including the malformed ones a UI or a stored attempt can send.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <string_view>

#include "core/quiz/question.h"
#include "core/quiz/text_match.h"

using namespace socsim;
using namespace socsim::quiz;

namespace {

const std::string kTestData = SOCSIM_TEST_DATA;
const std::string kSourceDir = SOCSIM_SOURCE_DIR;

// Builds YAML from lines so that a test's line numbers are the index in the list plus one.
std::string yaml(std::initializer_list<std::string_view> lines) {
    std::string out;
    for (std::string_view l : lines) {
        out += l;
        out += '\n';
    }
    return out;
}

std::string all_errors(const std::vector<Diagnostic>& errors) {
    std::string out;
    for (const Diagnostic& d : errors)
        out += d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message + "\n";
    return out;
}

// True when some error sits at line:column and its message contains every fragment.
bool has_error(const std::vector<Diagnostic>& errors, int line, int column,
               std::initializer_list<std::string_view> fragments) {
    return std::any_of(errors.begin(), errors.end(), [&](const Diagnostic& d) {
        if (d.line != line || d.column != column) return false;
        return std::all_of(fragments.begin(), fragments.end(),
                           [&](std::string_view f) { return d.message.find(f) != std::string::npos; });
    });
}

// Loads a bank expected to fail and checks the one error it must contain.
#define CHECK_BANK_ERROR(text, line, column, ...)                                    \
    do {                                                                             \
        const Loaded<Bank> loaded_ = load_bank_text((text), "bank.yaml");            \
        INFO(all_errors(loaded_.errors));                                            \
        CHECK_FALSE(loaded_.ok());                                                   \
        CHECK_FALSE(loaded_.value.has_value());                                      \
        CHECK(has_error(loaded_.errors, (line), (column), {__VA_ARGS__}));            \
    } while (false)

// A question whose lines 5..10 of the bank can be swapped out by tests.
std::string bank_with_question(std::initializer_list<std::string_view> question_lines) {
    std::string out = yaml({
        "id: test",                           // 1
        "title: {ja: テスト, en: Test}",      // 2
        "questions:",                         // 3
    });
    for (std::string_view l : question_lines) {
        out += l;
        out += '\n';
    }
    return out;
}

// Three lines: a valid choice list for questions whose other parts are under test.
const std::string kGoodChoices =
    "    choices:\n"
    "      - {ja: あ, en: A, correct: true}\n"
    "      - {ja: い, en: B}";

Question make_question(QuestionType type, std::initializer_list<double> weights) {
    Question q;
    q.id = "q";
    q.type = type;
    for (double w : weights) q.choices.push_back(Choice{LocalText{"x", "x"}, w, {}});
    return q;
}

Grade grade_picks(const Question& q, std::initializer_list<int> picks) {
    Response r;
    r.selected = picks;
    return grade(q, r);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The shipped bank
// ---------------------------------------------------------------------------------------------

TEST_CASE("the shipped soc-basics bank loads with no errors", "[quiz]") {
    const Loaded<Bank> loaded = load_bank_file(kSourceDir + "/quizzes/soc-basics.yaml");
    INFO(all_errors(loaded.errors));
    REQUIRE(loaded.ok());
    const Bank& bank = *loaded.value;
    CHECK(bank.id == "soc-basics");
    CHECK_FALSE(bank.title.ja.empty());
    CHECK_FALSE(bank.title.en.empty());
    CHECK(bank.source_path == kSourceDir + "/quizzes/soc-basics.yaml");
    CHECK(bank.questions.size() >= 14);

    std::set<std::string> ids;
    std::set<QuestionType> types;
    bool has_partial_credit = false;
    for (const Question& q : bank.questions) {
        INFO(q.id);
        CHECK(ids.insert(q.id).second);
        types.insert(q.type);
        CHECK_FALSE(q.prompt.ja.empty());
        CHECK_FALSE(q.prompt.en.empty());
        CHECK_FALSE(q.explanation.ja.empty());
        CHECK_FALSE(q.explanation.en.empty());
        const bool choice_type = q.type == QuestionType::SingleChoice || q.type == QuestionType::MultipleAnswer ||
                                 q.type == QuestionType::TrueFalse;
        if (choice_type) CHECK(q.choices.size() >= 2);
        CHECK(q.line > 0);
        for (const Choice& c : q.choices) {
            CHECK_FALSE(c.text.ja.empty());
            CHECK_FALSE(c.text.en.empty());
        }
        // YAML folding turns line breaks into spaces, which would break Japanese sentences.
        CHECK(q.explanation.ja.find(' ') == std::string::npos);
        if (q.type == QuestionType::MultipleAnswer)
            for (const Choice& c : q.choices)
                if (c.weight > 0 && c.weight < 1) has_partial_credit = true;
        // Every choice question can be answered for full credit (the other types: test_quiz_content.cpp).
        if (!choice_type) continue;
        Response best;
        for (size_t i = 0; i < q.choices.size(); ++i)
            if (q.type == QuestionType::MultipleAnswer ? q.choices[i].weight > 0 : q.choices[i].weight == 1)
                best.selected.push_back(static_cast<int>(i));
        CHECK(grade(q, best).correct);
    }
    CHECK(types.size() == 6);  // every question type
    CHECK(has_partial_credit);
}

TEST_CASE("question type names are the words used in bank files", "[quiz]") {
    CHECK(std::string(question_type_name(QuestionType::SingleChoice)) == "single");
    CHECK(std::string(question_type_name(QuestionType::MultipleAnswer)) == "multiple");
    CHECK(std::string(question_type_name(QuestionType::TrueFalse)) == "true_false");
    CHECK(std::string(question_type_name(QuestionType::Numeric)) == "numeric");
    CHECK(std::string(question_type_name(QuestionType::ShortAnswer)) == "short");
    CHECK(std::string(question_type_name(QuestionType::Matching)) == "matching");
}

// ---------------------------------------------------------------------------------------------
// Loading valid banks
// ---------------------------------------------------------------------------------------------

TEST_CASE("a valid bank file loads every field", "[quiz]") {
    const Loaded<Bank> loaded = load_bank_file(kTestData + "/quiz/valid-small.yaml");
    INFO(all_errors(loaded.errors));
    REQUIRE(loaded.ok());
    const Bank& bank = *loaded.value;
    CHECK(bank.id == "test-small");
    CHECK(bank.title.ja == "テスト用バンク");
    CHECK(bank.title.en == "Test bank");
    REQUIRE(bank.questions.size() == 3);

    SECTION("single choice with defaults, feedback and a partial weight") {
        const Question& q = bank.questions[0];
        CHECK(q.id == "pick-one");
        CHECK(q.type == QuestionType::SingleChoice);
        CHECK(q.difficulty == 1);
        CHECK(q.points == 1);
        CHECK(q.tags.empty());
        CHECK(q.line == 6);
        CHECK(q.prompt.ja == "どれが正しい？");
        CHECK(q.prompt.en == "Which one is right?");
        CHECK(q.explanation.en == "B is right.");
        REQUIRE(q.choices.size() == 3);
        CHECK(q.choices[0].weight == 0);
        CHECK(q.choices[1].weight == 1);
        CHECK(q.choices[1].feedback.ja == "正解");
        CHECK(q.choices[1].feedback.en == "Right");
        CHECK(q.choices[0].feedback.empty());
        CHECK(q.choices[2].weight == 0.5);
    }
    SECTION("multiple answer: correct: true choices share the credit, negatives stay") {
        const Question& q = bank.questions[1];
        CHECK(q.type == QuestionType::MultipleAnswer);
        CHECK(q.tags == std::vector<std::string>{"dns", "beaconing"});
        CHECK(q.difficulty == 3);
        CHECK(q.points == 2.5);
        REQUIRE(q.choices.size() == 3);
        CHECK(q.choices[0].weight == Approx(0.5));
        CHECK(q.choices[1].weight == Approx(0.5));
        CHECK(q.choices[2].weight == Approx(-0.5));
    }
    SECTION("true/false written as answer: true gets two labelled choices") {
        const Question& q = bank.questions[2];
        CHECK(q.type == QuestionType::TrueFalse);
        REQUIRE(q.choices.size() == 2);
        CHECK(q.choices[0].text.ja == "正しい");
        CHECK(q.choices[0].text.en == "True");
        CHECK(q.choices[1].text.ja == "誤り");
        CHECK(q.choices[1].text.en == "False");
        CHECK(q.choices[0].weight == 1);
        CHECK(q.choices[1].weight == 0);
    }
}

TEST_CASE("a bank's exam settings: defaults, every key, and what is refused", "[quiz][exam]") {
    // Two questions whose lines do not matter; the exam block is under test.
    const auto bank_with_exam = [](std::initializer_list<std::string_view> exam_lines) {
        std::string out = yaml({"id: test", "title: {ja: テスト, en: Test}"});
        for (std::string_view l : exam_lines) out += std::string(l) + "\n";
        out += yaml({"questions:", "  - id: a", "    prompt: {ja: 問, en: Q}", "    answer: true",
                     "    type: true_false", "    explanation: {ja: 説明, en: Why}", "  - id: b",
                     "    prompt: {ja: 問, en: Q}", "    answer: false", "    type: true_false",
                     "    explanation: {ja: 説明, en: Why}"});
        return out;
    };
    SECTION("no block: 10 questions (or the whole bank), 15 minutes, pass at 60%") {
        const Loaded<Bank> loaded = load_bank_text(bank_with_exam({}), "bank.yaml");
        REQUIRE(loaded.ok());
        CHECK(loaded.value->exam.questions == 10);
        CHECK(loaded.value->exam_questions() == 2);  // the bank has only two
        CHECK(loaded.value->exam.time_limit == 15 * kMinute);
        CHECK(loaded.value->exam.pass_mark == 60);
    }
    SECTION("every key") {
        const Loaded<Bank> loaded =
            load_bank_text(bank_with_exam({"exam: {questions: 1, time_limit: 1h30m, pass_mark: 75.5}"}), "bank.yaml");
        INFO(all_errors(loaded.errors));
        REQUIRE(loaded.ok());
        CHECK(loaded.value->exam.questions == 1);
        CHECK(loaded.value->exam_questions() == 1);
        CHECK(loaded.value->exam.time_limit == 90 * kMinute);
        CHECK(loaded.value->exam.pass_mark == 75.5);
        // The writer keeps what differs from the defaults, and the loader reads it back.
        const std::string written = write_bank_yaml(*loaded.value);
        const Loaded<Bank> back = load_bank_text(written, "written.yaml");
        INFO(written);
        REQUIRE(back.ok());
        CHECK(back.value->exam == loaded.value->exam);
    }
    SECTION("a time limit in seconds, a partial block") {
        const Loaded<Bank> loaded = load_bank_text(bank_with_exam({"exam:", "  time_limit: 90"}), "bank.yaml");
        REQUIRE(loaded.ok());
        CHECK(loaded.value->exam.time_limit == 90 * kSecond);
        CHECK(loaded.value->exam.questions == 10);
        CHECK(write_bank_yaml(*loaded.value).find("time_limit: 90s") != std::string::npos);
    }
    SECTION("refused") {
        CHECK_BANK_ERROR(bank_with_exam({"exam: {questions: 3}"}), 3, 19, "the exam asks 3 questions but the bank has 2");
        CHECK_BANK_ERROR(bank_with_exam({"exam: {questions: 0}"}), 3, 19, "whole number above 0");
        CHECK_BANK_ERROR(bank_with_exam({"exam: {questions: two}"}), 3, 19, "whole number above 0");
        CHECK_BANK_ERROR(bank_with_exam({"exam: {time_limit: soon}"}), 3, 20, "duration above 0", "15m");
        CHECK_BANK_ERROR(bank_with_exam({"exam: {time_limit: 0s}"}), 3, 20, "duration above 0");
        CHECK_BANK_ERROR(bank_with_exam({"exam: {pass_mark: 120}"}), 3, 19, "from 0 to 100");
        CHECK_BANK_ERROR(bank_with_exam({"exam: {limit: 15m}"}), 3, 8, "unknown key 'limit'", "questions, time_limit, pass_mark");
        CHECK_BANK_ERROR(bank_with_exam({"exam: 10"}), 3, 7, "must be a map");
    }
}

TEST_CASE("a question's text_format is kept for GIFT; moodle is the default", "[quiz]") {
    for (const auto& [written, kept] : {std::pair<std::string, std::string>{"markdown", "markdown"},
                                        {"html", "html"}, {"plain", "plain"}, {"moodle", ""}}) {
        const Loaded<Bank> loaded = load_bank_text(
            bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}", kGoodChoices,
                                "    explanation: {ja: 説明, en: Why}", "    text_format: " + written}),
            "bank.yaml");
        INFO(written);
        REQUIRE(loaded.ok());
        CHECK(loaded.value->questions[0].text_format == kept);
    }
    CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}", kGoodChoices,
                                         "    explanation: {ja: 説明, en: Why}", "    text_format: markdwn"}),
                     10, 18, "unknown text_format 'markdwn'", "did you mean 'markdown'");
}

TEST_CASE("answer: false makes the second choice the right one", "[quiz]") {
    const Loaded<Bank> loaded = load_bank_text(bank_with_question({
        "  - id: tf",
        "    type: true_false",
        "    prompt: {ja: 問, en: Q}",
        "    answer: no",
        "    explanation: {ja: 説明, en: Why}",
    }), "bank.yaml");
    INFO(all_errors(loaded.errors));
    REQUIRE(loaded.ok());
    const Question& q = loaded.value->questions[0];
    CHECK(q.choices[0].weight == 0);
    CHECK(q.choices[1].weight == 1);
}

TEST_CASE("explicit weights on a multiple-answer question are kept", "[quiz]") {
    const Loaded<Bank> loaded = load_bank_text(bank_with_question({
        "  - id: m",
        "    type: multiple",
        "    prompt: {ja: 問, en: Q}",
        "    choices:",
        "      - {ja: あ, en: A, weight: 0.7}",
        "      - {ja: い, en: B, weight: 0.3}",
        "      - {ja: う, en: C, weight: -1}",
        "    explanation: {ja: 説明, en: Why}",
    }), "bank.yaml");
    INFO(all_errors(loaded.errors));
    REQUIRE(loaded.ok());
    const Question& q = loaded.value->questions[0];
    CHECK(q.choices[0].weight == Approx(0.7));
    CHECK(q.choices[1].weight == Approx(0.3));
    CHECK(q.choices[2].weight == Approx(-1));
}

// ---------------------------------------------------------------------------------------------
// Files that cannot be read
// ---------------------------------------------------------------------------------------------

TEST_CASE("a missing file is reported at line 0", "[quiz]") {
    const std::string path = kTestData + "/quiz/does-not-exist.yaml";
    const Loaded<Bank> loaded = load_bank_file(path);
    REQUIRE(loaded.errors.size() == 1);
    CHECK_FALSE(loaded.value.has_value());
    CHECK(loaded.errors[0].file == path);
    CHECK(loaded.errors[0].line == 0);
    CHECK(loaded.errors[0].column == 0);
    CHECK(loaded.errors[0].message.find("no such file") != std::string::npos);
}

TEST_CASE("a directory is not a bank", "[quiz]") {
    const Loaded<Bank> loaded = load_bank_file(kTestData + "/quiz");
    REQUIRE(loaded.errors.size() == 1);
    CHECK(loaded.errors[0].line == 0);
    CHECK(loaded.errors[0].message.find("directory") != std::string::npos);
}

TEST_CASE("a YAML syntax error is reported where the parser stopped", "[quiz]") {
    const std::string path = kTestData + "/quiz/syntax-error.yaml";
    const Loaded<Bank> loaded = load_bank_file(path);
    INFO(all_errors(loaded.errors));
    REQUIRE(loaded.errors.size() == 1);
    CHECK_FALSE(loaded.value.has_value());
    CHECK(loaded.errors[0].file == path);
    CHECK(loaded.errors[0].line == 8);
    CHECK(loaded.errors[0].column == 11);
    CHECK(loaded.errors[0].message.find("YAML syntax error") != std::string::npos);
}

TEST_CASE("a '?' in unquoted text inside braces gets a hint to quote it", "[quiz]") {
    // yaml-cpp 0.7 rejects this although YAML allows it; a question ending in '?' is the usual case.
    const Loaded<Bank> loaded = load_bank_text(yaml({"id: test", "title: {ja: テスト, en: Is it a test?}"}), "bank.yaml");
    INFO(all_errors(loaded.errors));
    REQUIRE(loaded.errors.size() == 1);
    CHECK(loaded.errors[0].line == 2);
    CHECK(loaded.errors[0].column == 34);
    CHECK(loaded.errors[0].message.find("must be quoted") != std::string::npos);
}

TEST_CASE("an empty bank is an error", "[quiz]") {
    SECTION("empty text") {
        const Loaded<Bank> loaded = load_bank_text("", "bank.yaml");
        REQUIRE(loaded.errors.size() == 1);
        CHECK(loaded.errors[0].line == 0);
        CHECK(loaded.errors[0].message.find("empty") != std::string::npos);
    }
    SECTION("only comments") {
        const Loaded<Bank> loaded = load_bank_text("# nothing yet\n", "bank.yaml");
        REQUIRE(loaded.errors.size() == 1);
        CHECK(loaded.errors[0].line == 0);
    }
    SECTION("an empty question list") {
        CHECK_BANK_ERROR(yaml({"id: test", "title: {ja: テスト, en: Test}", "questions: []"}), 3, 12,
                         "no questions");
    }
    SECTION("a questions key with nothing under it") {
        CHECK_BANK_ERROR(yaml({"id: test", "title: {ja: テスト, en: Test}", "questions:"}), 3, 1, "no questions");
    }
}

// ---------------------------------------------------------------------------------------------
// Validation: each rule with its position
// ---------------------------------------------------------------------------------------------

TEST_CASE("every error of a bank is reported at once, in file order", "[quiz]") {
    const std::string path = kTestData + "/quiz/many-errors.yaml";
    const Loaded<Bank> loaded = load_bank_file(path);
    INFO(all_errors(loaded.errors));
    CHECK_FALSE(loaded.value.has_value());
    REQUIRE(loaded.errors.size() == 6);
    CHECK(has_error(loaded.errors, 5, 5, {"missing 'prompt'"}));
    CHECK(has_error(loaded.errors, 6, 5, {"unknown key 'promt'", "did you mean 'prompt'?"}));
    CHECK(has_error(loaded.errors, 15, 7, {"add up to 0.8", "expected 1"}));
    CHECK(has_error(loaded.errors, 18, 9, {"duplicate question id 'q1'", "line 5"}));
    // Column 32 counts あ as one character; yaml-cpp's byte column would be 34.
    CHECK(has_error(loaded.errors, 21, 32, {"'weight'", "1.5", "-1 to 1"}));
    CHECK(has_error(loaded.errors, 23, 18, {"missing 'ja'"}));
    for (size_t i = 1; i < loaded.errors.size(); ++i) CHECK(loaded.errors[i - 1].line <= loaded.errors[i].line);
    for (const Diagnostic& d : loaded.errors) CHECK(d.file == path);
}

TEST_CASE("unknown keys are reported with a suggestion or the list of keys", "[quiz]") {
    SECTION("bank key") {
        CHECK_BANK_ERROR(yaml({"id: test", "titel: {ja: テスト, en: Test}", "questions: []"}), 2, 1,
                         "unknown key 'titel' in the bank", "did you mean 'title'?");
    }
    SECTION("question key, nothing close") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    colour: red", "    prompt: {ja: 問, en: Q}",
                                             "    choices:", "      - {ja: あ, en: A, correct: true}",
                                             "      - {ja: い, en: B}", "    explanation: {ja: 説明, en: Why}"}),
                         5, 5, "unknown key 'colour'", "expected one of: id, type, tags");
    }
    SECTION("choice key") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}", "    choices:",
                                             "      - {ja: あ, en: A, corect: true}",
                                             "      - {ja: い, en: B, correct: true}",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         7, 24, "unknown key 'corect'", "did you mean 'correct'?");
    }
    SECTION("language key in a text") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q, jp: 問}", kGoodChoices,
                                             "    explanation: {ja: 説明, en: Why}"}),
                         5, 28, "unknown key 'jp'", "did you mean 'ja'?");
    }
    SECTION("a comma in unquoted text inside braces") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: First, isolate it.}", kGoodChoices,
                                             "    explanation: {ja: 説明, en: Why}"}),
                         5, 32, "unknown key 'isolate it.'", "put the text in quotes");
    }
    SECTION("a key given twice") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}", kGoodChoices,
                                             "    explanation: {ja: 説明, en: Why}", "    id: q2"}),
                         10, 5, "'id' appears twice", "first on line 4");
    }
}

TEST_CASE("an unknown question type suggests the nearest one", "[quiz]") {
    CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    type: singel", "    prompt: {ja: 問, en: Q}", kGoodChoices,
                                         "    explanation: {ja: 説明, en: Why}"}),
                     5, 11, "unknown type 'singel'", "did you mean 'single'?");
}

TEST_CASE("values of the wrong type are reported with what was expected", "[quiz]") {
    const auto with = [](std::string_view extra) {
        return bank_with_question({"  - id: q", extra, "    prompt: {ja: 問, en: Q}", kGoodChoices,
                                   "    explanation: {ja: 説明, en: Why}"});
    };
    SECTION("difficulty") { CHECK_BANK_ERROR(with("    difficulty: hard"), 5, 17, "'difficulty'", "1, 2 or 3"); }
    SECTION("difficulty out of range") { CHECK_BANK_ERROR(with("    difficulty: 4"), 5, 17, "1, 2 or 3"); }
    SECTION("points") { CHECK_BANK_ERROR(with("    points: many"), 5, 13, "'points'", "must be a number"); }
    SECTION("points not above zero") { CHECK_BANK_ERROR(with("    points: 0"), 5, 13, "above 0"); }
    SECTION("tags") { CHECK_BANK_ERROR(with("    tags: dns"), 5, 11, "'tags'", "must be a list"); }
    SECTION("a tag that is a list") { CHECK_BANK_ERROR(with("    tags: [dns, [a, b]]"), 5, 17, "a tag", "found a list"); }
    SECTION("id with spaces") { CHECK_BANK_ERROR(bank_with_question({"  - id: my question"}), 4, 9, "only letters"); }
    SECTION("prompt as plain text") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: What is a SOC?", kGoodChoices,
                                             "    explanation: {ja: 説明, en: Why}"}),
                         5, 13, "'prompt'", "must be a map {ja: ..., en: ...}");
    }
    SECTION("choices as a map") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}", "    choices: {ja: あ, en: A}",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         6, 14, "'choices'", "must be a list");
    }
    SECTION("a choice that is plain text") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}", "    choices:",
                                             "      - {ja: あ, en: A, correct: true}", "      - B",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         8, 9, "choice 2", "must be a map");
    }
    SECTION("correct is not a boolean") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}", "    choices:",
                                             "      - {ja: あ, en: A, correct: maybe}", "      - {ja: い, en: B}",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         7, 33, "'correct'", "true or false");
    }
    SECTION("weight is not a number") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    type: multiple", "    prompt: {ja: 問, en: Q}",
                                             "    choices:", "      - {ja: あ, en: A, weight: heavy}",
                                             "      - {ja: い, en: B, correct: true}",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         8, 32, "'weight'", "must be a number");
    }
    SECTION("weight is not a finite number") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    type: multiple", "    prompt: {ja: 問, en: Q}",
                                             "    choices:", "      - {ja: あ, en: A, weight: .nan}",
                                             "      - {ja: い, en: B, correct: true}",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         8, 32, "'weight'", "must be a number");
    }
    SECTION("the bank is a list") {
        CHECK_BANK_ERROR(yaml({"- id: test"}), 1, 1, "expected the bank to be a map", "found a list");
    }
}

TEST_CASE("missing prompt, explanation and languages are reported", "[quiz]") {
    SECTION("no prompt") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", kGoodChoices, "    explanation: {ja: 説明, en: Why}"}), 4, 5,
                         "question 'q' is missing 'prompt'");
    }
    SECTION("no explanation") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}", kGoodChoices}), 4, 5,
                         "question 'q' is missing 'explanation'");
    }
    SECTION("no id") {
        CHECK_BANK_ERROR(bank_with_question({"  - prompt: {ja: 問, en: Q}", kGoodChoices,
                                             "    explanation: {ja: 説明, en: Why}"}),
                         4, 5, "question 1 is missing 'id'");
    }
    SECTION("no English prompt") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問}", kGoodChoices,
                                             "    explanation: {ja: 説明, en: Why}"}),
                         5, 13, "missing 'en'");
    }
    SECTION("empty Japanese explanation") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}", kGoodChoices,
                                             "    explanation: {ja: \"\", en: Why}"}),
                         9, 23, "'ja'", "is empty");
    }
    SECTION("a language key with nothing after it is reported at the key") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt:", "      ja: 問", "      en:", kGoodChoices,
                                             "    explanation: {ja: 説明, en: Why}"}),
                         7, 7, "'en'", "is empty");
    }
    SECTION("a choice without English") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}", "    choices:",
                                             "      - {ja: あ, correct: true}", "      - {ja: い, en: B}",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         7, 9, "choice 1 of question 'q' is missing 'en'");
    }
    SECTION("no title") {
        CHECK_BANK_ERROR(yaml({"id: test", "questions: []"}), 1, 1, "the bank is missing 'title'");
    }
    SECTION("no choices") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         4, 5, "missing 'choices'");
    }
}

TEST_CASE("duplicate question ids point at the second one and name the first", "[quiz]") {
    CHECK_BANK_ERROR(bank_with_question({"  - id: same", "    prompt: {ja: 問, en: Q}", kGoodChoices,
                                         "    explanation: {ja: 説明, en: Why}", "  - id: same",
                                         "    prompt: {ja: 問, en: Q}", kGoodChoices,
                                         "    explanation: {ja: 説明, en: Why}"}),
                     10, 9, "duplicate question id 'same'", "first used on line 4");
}

TEST_CASE("a single-choice question needs a right choice; true/false exactly one", "[quiz]") {
    SECTION("none") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}", "    choices:",
                                             "      - {ja: あ, en: A}", "      - {ja: い, en: B, weight: 0.5}",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         7, 7, "needs a right choice", "found 0");
    }
    SECTION("true/false written with choices needs exactly one") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    type: true_false", "    prompt: {ja: 問, en: Q}",
                                             "    choices:", "      - {ja: 正しい, en: True}",
                                             "      - {ja: 誤り, en: False}", "    explanation: {ja: 説明, en: Why}"}),
                         8, 7, "true_false question 'q' needs exactly one right choice");
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    type: true_false", "    prompt: {ja: 問, en: Q}",
                                             "    choices:", "      - {ja: 正しい, en: True, correct: true}",
                                             "      - {ja: 誤り, en: False, correct: true}",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         8, 7, "needs exactly one right choice", "found 2", "lines 8 9");
    }
}

TEST_CASE("a single-choice question may have several right choices, each enough alone", "[quiz]") {
    // Moodle's {=a =b ~c}: one answer only, and either a or b earns full credit.
    const Loaded<Bank> loaded = load_bank_text(
        bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}", "    choices:",
                            "      - {ja: あ, en: A, correct: true}", "      - {ja: い, en: B, correct: true}",
                            "      - {ja: う, en: C, weight: 0.5}", "      - {ja: え, en: D}",
                            "    explanation: {ja: 説明, en: Why}"}),
        "bank.yaml");
    INFO(all_errors(loaded.errors));
    REQUIRE(loaded.ok());
    const Question& q = loaded.value->questions[0];
    CHECK(q.type == QuestionType::SingleChoice);
    CHECK(q.choices[0].weight == 1);
    CHECK(q.choices[1].weight == 1);  // not shared out as in a multiple-answer question
    CHECK(grade_picks(q, {0}).correct);
    CHECK(grade_picks(q, {1}).correct);
    CHECK(grade_picks(q, {2}).fraction == 0.5);
    CHECK_FALSE(grade_picks(q, {0, 1}).correct);  // still one answer only
    CHECK(right_answer_text(q, Lang::En) == "A / B");  // the partly right C is not "the answer"
}

TEST_CASE("multiple-answer weights must give the whole question", "[quiz]") {
    SECTION("positive weights below 1") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    type: multiple", "    prompt: {ja: 問, en: Q}",
                                             "    choices:", "      - {ja: あ, en: A, weight: 0.5}",
                                             "      - {ja: い, en: B, weight: 0.25}",
                                             "      - {ja: う, en: C, weight: -0.5}",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         8, 7, "add up to 0.75", "expected 1");
    }
    SECTION("positive weights above 1") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    type: multiple", "    prompt: {ja: 問, en: Q}",
                                             "    choices:", "      - {ja: あ, en: A, weight: 0.6}",
                                             "      - {ja: い, en: B, weight: 0.6}",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         8, 7, "add up to 1.2");
    }
    SECTION("within the tolerance is accepted") {
        const Loaded<Bank> loaded = load_bank_text(
            bank_with_question({"  - id: q", "    type: multiple", "    prompt: {ja: 問, en: Q}", "    choices:",
                                "      - {ja: あ, en: A, weight: 0.3333333}", "      - {ja: い, en: B, weight: 0.3333333}",
                                "      - {ja: う, en: C, weight: 0.3333334}", "    explanation: {ja: 説明, en: Why}"}),
            "bank.yaml");
        INFO(all_errors(loaded.errors));
        CHECK(loaded.ok());
    }
    SECTION("no right choice") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    type: multiple", "    prompt: {ja: 問, en: Q}",
                                             "    choices:", "      - {ja: あ, en: A, weight: -0.5}",
                                             "      - {ja: い, en: B}", "    explanation: {ja: 説明, en: Why}"}),
                         8, 7, "has no right choice");
    }
    SECTION("correct: true mixed with positive weights") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    type: multiple", "    prompt: {ja: 問, en: Q}",
                                             "    choices:", "      - {ja: あ, en: A, correct: true}",
                                             "      - {ja: い, en: B, weight: 0.5}",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         9, 32, "use one way");
    }
    SECTION("correct and weight on one choice") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    type: multiple", "    prompt: {ja: 問, en: Q}",
                                             "    choices:", "      - {ja: あ, en: A, correct: true, weight: 1}",
                                             "      - {ja: い, en: B}", "    explanation: {ja: 説明, en: Why}"}),
                         8, 39, "both 'correct' and 'weight'");
    }
}

TEST_CASE("weights must lie in -1..1", "[quiz]") {
    SECTION("above") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}", "    choices:",
                                             "      - {ja: あ, en: A, correct: true}",
                                             "      - {ja: い, en: B, weight: 1.01}",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         8, 32, "1.01", "from -1 to 1");
    }
    SECTION("below") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    type: multiple", "    prompt: {ja: 問, en: Q}",
                                             "    choices:", "      - {ja: あ, en: A, correct: true}",
                                             "      - {ja: い, en: B, weight: -2}",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         9, 32, "-2", "from -1 to 1");
    }
}

TEST_CASE("a question needs at least two choices", "[quiz]") {
    SECTION("one") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}", "    choices:",
                                             "      - {ja: あ, en: A, correct: true}",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         7, 7, "has 1 choice;", "at least 2");
    }
    SECTION("none") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}", "    choices: []",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         6, 14, "has 0 choices", "at least 2");
    }
    SECTION("true/false with three") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    type: true_false", "    prompt: {ja: 問, en: Q}",
                                             "    choices:", "      - {ja: 正しい, en: True, correct: true}",
                                             "      - {ja: 誤り, en: False}", "      - {ja: 不明, en: Unknown}",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         8, 7, "expected exactly 2");
    }
}

TEST_CASE("the answer shortcut is only for true/false questions", "[quiz]") {
    SECTION("on a single-choice question") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}", "    answer: true",
                                             "    explanation: {ja: 説明, en: Why}"}),
                         6, 5, "only for type: true_false");
    }
    SECTION("together with choices") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    type: true_false", "    prompt: {ja: 問, en: Q}",
                                             "    answer: true", kGoodChoices, "    explanation: {ja: 説明, en: Why}"}),
                         7, 5, "both 'answer' and 'choices'");
    }
    SECTION("not a boolean") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    type: true_false", "    prompt: {ja: 問, en: Q}",
                                             "    answer: perhaps", "    explanation: {ja: 説明, en: Why}"}),
                         7, 13, "'answer'", "true or false");
    }
}

TEST_CASE("positions are right for the awkward places", "[quiz]") {
    SECTION("an empty list item is reported on its own line, not the next one") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}", "    choices:",
                                             "      - {ja: あ, en: A, correct: true}", "      -",
                                             "      - {ja: う, en: C}", "    explanation: {ja: 説明, en: Why}"}),
                         8, 7, "choice 2", "found nothing");
    }
    SECTION("a second YAML document") {
        CHECK_BANK_ERROR(bank_with_question({"  - id: q", "    prompt: {ja: 問, en: Q}", kGoodChoices,
                                             "    explanation: {ja: 説明, en: Why}", "---", "id: other"}),
                         11, 1, "second YAML document");
    }
}

TEST_CASE("a bank with one bad question yields no value but keeps reading", "[quiz]") {
    const Loaded<Bank> loaded = load_bank_text(
        bank_with_question({"  - id: good", "    prompt: {ja: 問, en: Q}", kGoodChoices,
                            "    explanation: {ja: 説明, en: Why}", "  - id: bad", "    prompt: {ja: 問}", kGoodChoices,
                            "    explanation: {ja: 説明}"}),
        "bank.yaml");
    INFO(all_errors(loaded.errors));
    CHECK_FALSE(loaded.value.has_value());
    REQUIRE(loaded.errors.size() == 2);
    CHECK(has_error(loaded.errors, 11, 13, {"'prompt' of question 'bad' is missing 'en'"}));
    CHECK(has_error(loaded.errors, 15, 18, {"'explanation' of question 'bad' is missing 'en'"}));
    CHECK(loaded.errors[0].file == "bank.yaml");
}

// ---------------------------------------------------------------------------------------------
// Grading
// ---------------------------------------------------------------------------------------------

TEST_CASE("single choice gets the picked choice's weight", "[quiz]") {
    const Question q = make_question(QuestionType::SingleChoice, {0, 1, 0.5, -0.5});
    CHECK(grade_picks(q, {1}).fraction == 1);
    CHECK(grade_picks(q, {1}).correct);
    CHECK(grade_picks(q, {0}).fraction == 0);
    CHECK_FALSE(grade_picks(q, {0}).correct);
    CHECK(grade_picks(q, {2}).fraction == Approx(0.5));
    CHECK_FALSE(grade_picks(q, {2}).correct);
    CHECK(grade_picks(q, {3}).fraction == 0);  // a negative weight is clamped to 0
    CHECK(grade_picks(q, {}).fraction == 0);
    CHECK_FALSE(grade_picks(q, {}).correct);
}

TEST_CASE("single choice ignores repeated picks but refuses several different ones", "[quiz]") {
    const Question q = make_question(QuestionType::SingleChoice, {0, 1, 0});
    CHECK(grade_picks(q, {1, 1, 1}).correct);
    CHECK(grade_picks(q, {0, 1}).fraction == 0);
    CHECK(grade_picks(q, {0, 1, 2}).fraction == 0);
}

TEST_CASE("out-of-range picks earn nothing and never crash", "[quiz]") {
    const Question single = make_question(QuestionType::SingleChoice, {0, 1});
    CHECK(grade_picks(single, {2}).fraction == 0);
    CHECK(grade_picks(single, {-1}).fraction == 0);
    CHECK(grade_picks(single, {std::numeric_limits<int>::max()}).fraction == 0);
    CHECK(grade_picks(single, {std::numeric_limits<int>::min()}).fraction == 0);
    CHECK(grade_picks(single, {1, 7}).fraction == 0);  // a wrong pick beside the right one

    const Question multiple = make_question(QuestionType::MultipleAnswer, {0.5, 0.5, -0.5});
    CHECK(grade_picks(multiple, {0, 99}).fraction == Approx(0.5));
    CHECK(grade_picks(multiple, {-5}).fraction == 0);

    const Question empty = make_question(QuestionType::SingleChoice, {});
    CHECK(grade_picks(empty, {0}).fraction == 0);
    CHECK(grade_picks(empty, {}).fraction == 0);
}

TEST_CASE("multiple answer sums the picked weights, clamped to 0..1", "[quiz]") {
    const Question q = make_question(QuestionType::MultipleAnswer, {0.5, 0.5, -0.5, 0, -1});
    SECTION("full credit") {
        const Grade g = grade_picks(q, {1, 0});
        CHECK(g.fraction == 1);
        CHECK(g.correct);
    }
    SECTION("partial credit") {
        const Grade g = grade_picks(q, {0});
        CHECK(g.fraction == Approx(0.5));
        CHECK_FALSE(g.correct);
    }
    SECTION("a penalty takes credit away") {
        CHECK(grade_picks(q, {0, 1, 2}).fraction == Approx(0.5));
        CHECK_FALSE(grade_picks(q, {0, 1, 2}).correct);
    }
    SECTION("a zero-weight pick costs nothing") { CHECK(grade_picks(q, {0, 1, 3}).correct); }
    SECTION("negative totals are clamped at 0") {
        CHECK(grade_picks(q, {2, 4}).fraction == 0);
        CHECK(grade_picks(q, {0, 4}).fraction == 0);
    }
    SECTION("every box ticked") { CHECK(grade_picks(q, {0, 1, 2, 3, 4}).fraction == 0); }
    SECTION("duplicates count once") {
        CHECK(grade_picks(q, {0, 0, 0}).fraction == Approx(0.5));
        CHECK(grade_picks(q, {2, 2, 0, 1}).fraction == Approx(0.5));
    }
    SECTION("nothing picked") { CHECK(grade_picks(q, {}).fraction == 0); }
}

TEST_CASE("thirds add up to full credit", "[quiz]") {
    const Question q = make_question(QuestionType::MultipleAnswer, {1.0 / 3, 1.0 / 3, 1.0 / 3, -0.5});
    const Grade g = grade_picks(q, {0, 1, 2});
    CHECK(g.correct);
    CHECK(g.fraction == 1);
    CHECK(grade_picks(q, {0, 1}).fraction == Approx(2.0 / 3));
}

TEST_CASE("weights beyond 1 or not finite cannot give more than full or any credit", "[quiz]") {
    const Question big = make_question(QuestionType::MultipleAnswer, {0.9, 0.9});
    CHECK(grade_picks(big, {0, 1}).fraction == 1);
    const Question nan = make_question(QuestionType::SingleChoice, {std::nan(""), 1});
    CHECK(grade_picks(nan, {0}).fraction == 0);
    const Question inf = make_question(QuestionType::MultipleAnswer, {std::numeric_limits<double>::infinity(), 1});
    CHECK(grade_picks(inf, {0}).fraction == 0);
}

TEST_CASE("true/false grades one pick of two", "[quiz]") {
    const Loaded<Bank> loaded = load_bank_file(kTestData + "/quiz/valid-small.yaml");
    REQUIRE(loaded.ok());
    const Question& q = loaded.value->questions[2];
    REQUIRE(q.type == QuestionType::TrueFalse);
    CHECK(grade_picks(q, {0}).correct);
    CHECK(grade_picks(q, {0}).fraction == 1);
    CHECK(grade_picks(q, {1}).fraction == 0);
    CHECK_FALSE(grade_picks(q, {1}).correct);
    CHECK(grade_picks(q, {0, 1}).fraction == 0);
    CHECK(grade_picks(q, {2}).fraction == 0);
}

TEST_CASE("the shipped bank grades partial credit on its multiple-answer questions", "[quiz]") {
    const Loaded<Bank> loaded = load_bank_file(kSourceDir + "/quizzes/soc-basics.yaml");
    REQUIRE(loaded.ok());
    const auto& qs = loaded.value->questions;
    const auto it = std::find_if(qs.begin(), qs.end(), [](const Question& q) { return q.id == "incident-response-steps"; });
    REQUIRE(it != qs.end());
    // Choices: isolate (right), switch off firewall (penalty), clean up (right), delete logs
    // (penalty), check other systems (right).
    CHECK(grade_picks(*it, {0, 2, 4}).correct);
    CHECK(grade_picks(*it, {0, 2}).fraction == Approx(2.0 / 3));
    CHECK(grade_picks(*it, {0, 1}).fraction == 0);
}

// ---------------------------------------------------------------------------------------------
// Numeric, short-answer and matching questions in YAML
// ---------------------------------------------------------------------------------------------

namespace {

// A question of `type` whose answer lines start at line 8 of the bank.
std::string typed_question(std::string_view type, std::initializer_list<std::string_view> answer_lines) {
    std::string out = bank_with_question({
        "  - id: q",                              // 4
        "    type: " + std::string(type),         // 5
        "    prompt: {ja: 問, en: Q}",            // 6
        "    explanation: {ja: 説明, en: Why}",  // 7
    });
    for (std::string_view l : answer_lines) {
        out += l;
        out += '\n';
    }
    return out;
}

Response number_response(double x) {
    Response r;
    r.number = x;
    return r;
}

Response text_response(std::string text) {
    Response r;
    r.text = std::move(text);
    return r;
}

Response pairs_response(std::initializer_list<int> selected) {
    Response r;
    r.selected = selected;
    return r;
}

}  // namespace

TEST_CASE("numeric, short-answer and matching questions load every field", "[quiz]") {
    const std::string text = yaml({
        "id: t",
        "title: {ja: テスト, en: Test}",
        "questions:",
        "  - id: num",                                                          // 4
        "    type: numeric",
        "    prompt: {ja: 何秒, en: How many seconds}",
        "    explanation: {ja: 説明, en: Why}",
        "    answers:",
        "      - {value: 60, tolerance: 5, feedback: {ja: 正解, en: Right}}",  // 9
        "      - {min: 50, max: 70, weight: 0.5}",
        "      - {min: -.inf, max: 0, weight: 0, feedback: {ja: 正の数, en: Positive}}",
        "      - {value: 7}",
        "  - id: short",                                                        // 13
        "    type: short",
        "    prompt: {ja: 手口, en: Technique}",
        "    explanation: {ja: 説明, en: Why}",
        "    accept:",
        "      - {text: ビーコン}",
        "      - {text: beacon}",
        "      - {text: beaconing, weight: 0.5, feedback: {ja: 惜しい, en: Close}}",
        "  - id: match",                                                        // 21
        "    type: matching",
        "    prompt: {ja: 対応, en: Match}",
        "    explanation: {ja: 説明, en: Why}",
        "    pairs:",
        "      - {left: {ja: DNS, en: DNS}, right: {ja: 53番, en: '53'}}",
        "      - left: {ja: SSH, en: SSH}",
        "        right: {ja: 22番, en: '22'}",
    });
    const Loaded<Bank> loaded = load_bank_text(text, "bank.yaml");
    INFO(all_errors(loaded.errors));
    REQUIRE(loaded.ok());
    const auto& qs = loaded.value->questions;
    REQUIRE(qs.size() == 3);

    const Question& num = qs[0];
    CHECK(num.type == QuestionType::Numeric);
    REQUIRE(num.numeric.size() == 4);
    CHECK(num.numeric[0].min == 55);
    CHECK(num.numeric[0].max == 65);
    CHECK(num.numeric[0].weight == 1);
    CHECK(num.numeric[0].feedback.en == "Right");
    CHECK(num.numeric[1].min == 50);
    CHECK(num.numeric[1].max == 70);
    CHECK(num.numeric[1].weight == 0.5);
    CHECK(num.numeric[2].min == -std::numeric_limits<double>::infinity());
    CHECK(num.numeric[2].max == 0);
    CHECK(num.numeric[2].weight == 0);
    CHECK(num.numeric[3].min == 7);
    CHECK(num.numeric[3].max == 7);
    CHECK(num.choices.empty());

    const Question& s = qs[1];
    CHECK(s.type == QuestionType::ShortAnswer);
    REQUIRE(s.accepted.size() == 3);
    CHECK(s.accepted[0].text == "ビーコン");
    CHECK(s.accepted[0].weight == 1);
    CHECK(s.accepted[2].weight == 0.5);
    CHECK(s.accepted[2].feedback.ja == "惜しい");

    const Question& m = qs[2];
    CHECK(m.type == QuestionType::Matching);
    CHECK(m.line == 21);
    REQUIRE(m.pairs.size() == 2);
    CHECK(m.pairs[0].left.en == "DNS");
    CHECK(m.pairs[0].right.ja == "53番");
    CHECK(m.pairs[1].right.en == "22");
}

TEST_CASE("numeric answers are checked", "[quiz]") {
    SECTION("no value") {
        CHECK_BANK_ERROR(typed_question("numeric", {"    answers:", "      - {tolerance: 5}"}), 9, 9,
                         "answer 1 of question 'q' is missing 'value'");
    }
    SECTION("value and a range") {
        CHECK_BANK_ERROR(typed_question("numeric", {"    answers:", "      - {value: 5, min: 1, max: 9}"}), 9, 20,
                         "both 'value' and a range");
    }
    SECTION("negative tolerance") {
        CHECK_BANK_ERROR(typed_question("numeric", {"    answers:", "      - {value: 5, tolerance: -1}"}), 9, 31,
                         "'tolerance'", "expected 0 or more");
    }
    SECTION("tolerance with a range") {
        CHECK_BANK_ERROR(typed_question("numeric", {"    answers:", "      - {min: 1, max: 9, tolerance: 1}"}), 9, 26,
                         "'tolerance'", "goes with 'value'");
    }
    SECTION("min above max") {
        CHECK_BANK_ERROR(typed_question("numeric", {"    answers:", "      - {min: 9, max: 1}"}), 9, 23,
                         "'max'", "below 'min' 9");
    }
    SECTION("a range with one side") {
        CHECK_BANK_ERROR(typed_question("numeric", {"    answers:", "      - {min: 1}"}), 9, 9, "missing 'max'", ".inf");
    }
    SECTION("a bound that is not a number") {
        CHECK_BANK_ERROR(typed_question("numeric", {"    answers:", "      - {min: .nan, max: 1}"}), 9, 15,
                         "'min'", "(or .inf / -.inf");
    }
    SECTION("an infinite value") {
        CHECK_BANK_ERROR(typed_question("numeric", {"    answers:", "      - {value: .inf}"}), 9, 17, "'value'",
                         "must be a number");
    }
    SECTION("a weight above 1") {
        CHECK_BANK_ERROR(typed_question("numeric", {"    answers:", "      - {value: 5, weight: 1.5}"}), 9, 28,
                         "from 0 to 1");
    }
    SECTION("no answer worth full credit") {
        CHECK_BANK_ERROR(typed_question("numeric", {"    answers:", "      - {value: 5, weight: 0.5}"}), 9, 7,
                         "no answer worth full credit");
    }
    SECTION("answers not a list") {
        CHECK_BANK_ERROR(typed_question("numeric", {"    answers: 5"}), 8, 14, "'answers'", "non-empty list");
    }
    SECTION("an empty list") {
        CHECK_BANK_ERROR(typed_question("numeric", {"    answers: []"}), 8, 14, "found an empty list");
    }
    SECTION("no answers") { CHECK_BANK_ERROR(typed_question("numeric", {}), 4, 5, "missing 'answers'"); }
    SECTION("an answer that is not a map") {
        CHECK_BANK_ERROR(typed_question("numeric", {"    answers:", "      - 60"}), 9, 9, "must be a map {value: 60");
    }
}

TEST_CASE("short answers are checked", "[quiz]") {
    SECTION("no text") {
        CHECK_BANK_ERROR(typed_question("short", {"    accept:", "      - {weight: 1}"}), 9, 9, "missing 'text'");
    }
    SECTION("only full-width spaces") {
        CHECK_BANK_ERROR(typed_question("short", {"    accept:", "      - {text: \"　\"}"}), 9, 16, "only spaces");
    }
    SECTION("no answer worth full credit") {
        CHECK_BANK_ERROR(typed_question("short", {"    accept:", "      - {text: a, weight: 0.5}"}), 9, 7,
                         "no answer worth full credit");
    }
    SECTION("a negative weight") {
        CHECK_BANK_ERROR(typed_question("short", {"    accept:", "      - {text: a}", "      - {text: b, weight: -0.5}"}),
                         10, 27, "from 0 to 1");
    }
    SECTION("an unknown key with a suggestion") {
        CHECK_BANK_ERROR(typed_question("short", {"    accept:", "      - {txt: a}"}), 9, 10, "did you mean 'text'?");
    }
}

TEST_CASE("matching pairs are checked", "[quiz]") {
    SECTION("one pair") {
        CHECK_BANK_ERROR(typed_question("matching", {"    pairs:", "      - {left: {ja: あ, en: A}, right: {ja: い, en: B}}"}),
                         9, 7, "has 1 pair", "at least 2");
    }
    SECTION("the same right item twice") {
        CHECK_BANK_ERROR(typed_question("matching", {"    pairs:", "      - {left: {ja: あ, en: A}, right: {ja: い, en: B}}",
                                                     "      - {left: {ja: う, en: C}, right: {ja: い, en: D}}"}),
                         10, 39, "pair 2", "('い') is the same as pair 1's");
    }
    SECTION("a pair without its right item") {
        CHECK_BANK_ERROR(typed_question("matching", {"    pairs:", "      - {left: {ja: あ, en: A}}",
                                                     "      - {left: {ja: う, en: C}, right: {ja: い, en: D}}"}),
                         9, 9, "pair 1", "missing 'right'");
    }
    SECTION("a right item in one language only") {
        CHECK_BANK_ERROR(typed_question("matching", {"    pairs:", "      - {left: {ja: あ, en: A}, right: {en: B}}",
                                                     "      - {left: {ja: う, en: C}, right: {ja: い, en: D}}"}),
                         9, 39, "missing 'ja'");
    }
}

TEST_CASE("answer keys of another type are reported", "[quiz]") {
    SECTION("choices on a numeric question") {
        CHECK_BANK_ERROR(typed_question("numeric", {"    answers: [{value: 1}]", kGoodChoices}), 9, 5,
                         "'choices' in question 'q' is only for type: single, multiple or true_false",
                         "under 'answers'");
    }
    SECTION("answers on a single-choice question") {
        CHECK_BANK_ERROR(typed_question("single", {kGoodChoices, "    answers: [{value: 1}]"}), 11, 5,
                         "'answers' in question 'q' is only for type: numeric", "under 'choices'");
    }
    SECTION("answer on a short-answer question") {
        CHECK_BANK_ERROR(typed_question("short", {"    accept: [{text: a}]", "    answer: true"}), 9, 5,
                         "'answer'", "only for type: true_false");
    }
    SECTION("pairs on a numeric question") {
        CHECK_BANK_ERROR(typed_question("numeric", {"    answers: [{value: 1}]", "    pairs: []"}), 9, 5,
                         "only for type: matching");
    }
    SECTION("a misspelt new type") {
        CHECK_BANK_ERROR(typed_question("numerc", {"    answers: [{value: 1}]"}), 5, 11, "did you mean 'numeric'?");
    }
}

// ---------------------------------------------------------------------------------------------
// Grading the new types
// ---------------------------------------------------------------------------------------------

TEST_CASE("numeric grading: tolerance edges, ranges and the best weight", "[quiz]") {
    Question q;
    q.type = QuestionType::Numeric;
    q.numeric = {NumericAnswer{55, 65, 1, {}}, NumericAnswer{50, 70, 0.5, {}}};
    CHECK(grade(q, number_response(60)).correct);
    CHECK(grade(q, number_response(55)).correct);  // both edges are inside
    CHECK(grade(q, number_response(65)).correct);
    CHECK(grade(q, number_response(65.001)).fraction == 0.5);
    CHECK(grade(q, number_response(54.999)).fraction == 0.5);
    CHECK(grade(q, number_response(70)).fraction == 0.5);
    CHECK(grade(q, number_response(70.001)).fraction == 0);
    CHECK(grade(q, number_response(-60)).fraction == 0);
    CHECK(grade(q, Response{}).fraction == 0);  // no number typed
    CHECK(grade(q, number_response(std::nan(""))).fraction == 0);
    CHECK(grade(q, number_response(std::numeric_limits<double>::infinity())).fraction == 0);

    SECTION("the best weight wins whatever the order") {
        Question r = q;
        std::swap(r.numeric[0], r.numeric[1]);
        CHECK(grade(r, number_response(60)).correct);
    }
    SECTION("a margin written in decimals holds its edges") {
        const Loaded<Bank> loaded =
            load_bank_text(typed_question("numeric", {"    answers: [{value: 3.14, tolerance: 0.01}]"}), "b.yaml");
        REQUIRE(loaded.ok());
        const Question& pi = loaded.value->questions[0];
        CHECK(grade(pi, number_response(3.13)).correct);
        CHECK(grade(pi, number_response(3.15)).correct);
        CHECK_FALSE(grade(pi, number_response(3.1299)).correct);
        CHECK_FALSE(grade(pi, number_response(3.1501)).correct);
    }
    SECTION("an open range") {
        Question open;
        open.type = QuestionType::Numeric;
        open.numeric = {NumericAnswer{100, std::numeric_limits<double>::infinity(), 1, {}}};
        CHECK(grade(open, number_response(1e300)).correct);
        CHECK(grade(open, number_response(99.9)).fraction == 0);
    }
    SECTION("broken answers earn nothing and do not crash") {
        Question bad;
        bad.type = QuestionType::Numeric;
        bad.numeric = {NumericAnswer{std::nan(""), 10, 1, {}}, NumericAnswer{0, 10, std::nan(""), {}},
                       NumericAnswer{0, 10, 7, {}}};
        CHECK(grade(bad, number_response(5)).fraction == 1);  // weight 7 is clamped to full credit
        bad.numeric.pop_back();
        CHECK(grade(bad, number_response(5)).fraction == 0);
        Question none;
        none.type = QuestionType::Numeric;
        CHECK(grade(none, number_response(5)).fraction == 0);
    }
}

TEST_CASE("short-answer grading ignores case, width and spacing", "[quiz]") {
    Question q;
    q.type = QuestionType::ShortAnswer;
    q.accepted = {AcceptedAnswer{"ビーコン", 1, {}}, AcceptedAnswer{"beacon", 1, {}},
                  AcceptedAnswer{"beaconing", 0.5, {}}, AcceptedAnswer{"DNS トンネル", 1, {}},
                  AcceptedAnswer{"パケット", 1, {}}};
    for (const char* typed : {"ビーコン", "ﾋﾞｰｺﾝ", "beacon", "BEACON", "ｂｅａｃｏｎ", "ＢＥＡＣＯＮ", "  Beacon  ",
                              "ＤＮＳ　トンネル", "dns  トンネル", "ｄｎｓ\tﾄﾝﾈﾙ", "ﾊﾟｹｯﾄ"}) {
        INFO(typed);
        CHECK(grade(q, text_response(typed)).correct);
    }
    CHECK(grade(q, text_response("Beaconing")).fraction == 0.5);
    CHECK_FALSE(grade(q, text_response("Beaconing")).correct);
    for (const char* typed : {"", "　", "   ", "beaco", "beacons", "ビーコン通信", "DNSトンネル", "ハケット"}) {
        INFO(typed);
        CHECK(grade(q, text_response(typed)).fraction == 0);
    }
}

TEST_CASE("matching grading counts the left items paired with their own right item", "[quiz]") {
    Question q;
    q.type = QuestionType::Matching;
    q.pairs.resize(3);
    CHECK(grade(q, pairs_response({0, 1, 2})).correct);
    CHECK(grade(q, pairs_response({0, 2, 1})).fraction == Approx(1.0 / 3));
    CHECK(grade(q, pairs_response({1, 2, 0})).fraction == 0);
    CHECK(grade(q, pairs_response({0, 0, 0})).fraction == Approx(1.0 / 3));  // one right item used three times
    CHECK(grade(q, pairs_response({-1, 1, 99})).fraction == Approx(1.0 / 3));
    CHECK(grade(q, pairs_response({std::numeric_limits<int>::min(), std::numeric_limits<int>::max(), 2})).fraction ==
          Approx(1.0 / 3));
    CHECK(grade(q, pairs_response({0})).fraction == Approx(1.0 / 3));  // the rest unanswered
    CHECK(grade(q, pairs_response({})).fraction == 0);
    CHECK(grade(q, pairs_response({0, 1, 2, 3, 4})).correct);  // entries past the last left item are ignored
    Question empty;
    empty.type = QuestionType::Matching;
    CHECK(grade(empty, pairs_response({0})).fraction == 0);
}

TEST_CASE("the new types ignore the members of a response they do not use", "[quiz]") {
    Question num;
    num.type = QuestionType::Numeric;
    num.numeric = {NumericAnswer{1, 1, 1, {}}};
    Response r;
    r.selected = {0};
    r.text = "1";
    CHECK(grade(num, r).fraction == 0);
    Question single = make_question(QuestionType::SingleChoice, {1, 0});
    r.number = 0;
    r.selected = {};
    CHECK(grade(single, r).fraction == 0);
}

TEST_CASE("short-answer normalisation folds widths, voiced marks, case and spaces", "[quiz]") {
    CHECK(normalise_answer("Ａ　Ｂ") == "a b");
    CHECK(normalise_answer("  x\t\n y  ") == "x y");
    CHECK(normalise_answer("！＂＃～") == "!\"#~");
    CHECK(normalise_answer("ｶﾞｷﾞｸﾞｹﾞｺﾞ") == "ガギグゲゴ");
    CHECK(normalise_answer("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ") == "パピプペポ");
    CHECK(normalise_answer("ﾊﾞﾂﾞﾄﾞ") == "バヅド");
    CHECK(normalise_answer("ｳﾞｧ") == "ヴァ");
    CHECK(normalise_answer("か\u3099は\u309A") == "がぱ");  // combining marks join too
    CHECK(normalise_answer("ｱﾞ") == "ア\u3099");             // ア takes no mark: it stays apart
    CHECK(normalise_answer("ﾞ") == "\u3099");
    CHECK(normalise_answer("｡｢｣､･ｰ") == "。「」、・ー");
    CHECK(normalise_answer("ÄB") == "Äb");                   // only ASCII is lower-cased
    CHECK(normalise_answer("a\xFF" "b") == "a\xFF" "b");     // invalid UTF-8 is kept, not dropped
    CHECK(normalise_answer("\xE3\x81") == "\xE3\x81");       // a cut-off character
    CHECK(normalise_answer("") == "");
    CHECK(same_answer("ＤＮＳ", "dns"));
    CHECK_FALSE(same_answer("DNS", "DNZ"));
}

TEST_CASE("malformed input that makes yaml-cpp's LoadAll loop forever is refused at once", "[quiz]") {
    // A lone ',' sends yaml-cpp 0.7 into an endless run of empty documents under LoadAll.
    for (const char* text : {",", ",\n,\n", "- a\n,\n"}) {
        const auto loaded = socsim::quiz::load_bank_text(text, "comma.yaml");
        CHECK_FALSE(loaded.ok());
        CHECK_FALSE(loaded.errors.empty());
    }
}

TEST_CASE("the feedback shown after grading is the one the response earned", "[quiz][feedback]") {
    Question num;
    num.type = QuestionType::Numeric;
    num.numeric = {NumericAnswer{14, 16, 1, LocalText{"Right.", "正解"}},
                   NumericAnswer{900, 900, 0, LocalText{"Those are seconds.", "秒です"}},
                   NumericAnswer{10, 20, 0.5, LocalText{"Close.", "惜しい"}}};
    CHECK(feedback_for(num, Response{{}, 15.0, {}}).front().en == "Right.");  // the best weight wins
    CHECK(feedback_for(num, Response{{}, 900.0, {}}).front().en == "Those are seconds.");
    CHECK(feedback_for(num, Response{{}, 11.0, {}}).front().en == "Close.");
    CHECK(feedback_for(num, Response{{}, 5.0, {}}).empty());
    CHECK(feedback_for(num, Response{}).empty());

    Question s;
    s.type = QuestionType::ShortAnswer;
    s.accepted = {AcceptedAnswer{"隔離", 1, {}}, AcceptedAnswer{"isolation", 1, {}},
                  AcceptedAnswer{"quarantine", 0.5, LocalText{"Close.", "惜しい"}}};
    CHECK(feedback_for(s, Response{{}, {}, "ＱＵＡＲＡＮＴＩＮＥ"}).front().ja == "惜しい");
    CHECK(feedback_for(s, Response{{}, {}, "隔離"}).empty());  // no feedback written for it
    // One spelling as the right answer, in the trainee's script where there is one.
    CHECK(right_answer_text(s, Lang::Ja) == "隔離");
    CHECK(right_answer_text(s, Lang::En) == "isolation");

    Question c = make_question(QuestionType::MultipleAnswer, {0.5, 0.5, -0.5});
    c.choices[0].feedback = LocalText{"A fb", "あ"};
    c.choices[2].feedback = LocalText{"C fb", "う"};
    const auto fb = feedback_for(c, Response{{2, 0, 0, 9}, {}, {}});
    REQUIRE(fb.size() == 2);
    CHECK(fb[0].en == "A fb");  // in choice order, each once, out-of-range picks ignored
    CHECK(fb[1].en == "C fb");
}

TEST_CASE("a bank file read twice parses once, and an edited file is read again", "[quiz][bank-file]") {
    const auto dir = std::filesystem::temp_directory_path() / "socsim-bank-memo";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto path = dir / "bank.yaml";
    std::string text;
    {
        std::ifstream in(std::string(SOCSIM_SOURCE_DIR) + "/tests/data/quiz/valid-small.yaml", std::ios::binary);
        text.assign(std::istreambuf_iterator<char>(in), {});
    }
    std::ofstream(path, std::ios::binary) << text;
    const auto first = quiz::load_bank_file(path);
    REQUIRE(first.ok());
    const auto again = quiz::load_bank_file(path);
    REQUIRE(again.ok());
    CHECK(again.value->questions.size() == first.value->questions.size());
    CHECK(again.value->title.en == "Test bank");

    // The same path with other bytes: the new title, not the remembered one.
    const auto at = text.find("en: Test bank");
    REQUIRE(at != std::string::npos);
    text.replace(at, std::string("en: Test bank").size(), "en: Edited bank");
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    const auto edited = quiz::load_bank_file(path);
    REQUIRE(edited.ok());
    CHECK(edited.value->title.en == "Edited bank");
    // And a file broken since is reported, not served from memory.
    std::ofstream(path, std::ios::binary | std::ios::trunc) << "id: [unclosed\n";
    CHECK_FALSE(quiz::load_bank_file(path).ok());
    std::filesystem::remove_all(dir);
}
