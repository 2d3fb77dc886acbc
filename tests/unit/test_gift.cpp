// Tests of the Moodle GIFT codec: a corpus of the awkward cases (escapes, titles, categories,
// comments, format markers, missing words, every answer form, Windows files), malformed questions
// reported at their own line, and round trips YAML -> GIFT -> bank that must give back exactly
// the same questions in the exported language.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <string_view>

#include "core/quiz/gift_codec.h"
#include "core/quiz/question.h"

using namespace socsim;
using namespace socsim::quiz;

namespace {

const std::string kGiftData = std::string(SOCSIM_TEST_DATA) + "/gift";
const std::string kSourceDir = SOCSIM_SOURCE_DIR;
constexpr double kInf = std::numeric_limits<double>::infinity();

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string all_errors(const std::vector<Diagnostic>& errors) {
    std::string out;
    for (const Diagnostic& d : errors) out += d.to_string() + "\n";
    return out;
}

Bank import_ok(const std::string& text, Lang lang = Lang::En, const std::string& name = "test.gift") {
    const Loaded<Bank> loaded = import_gift(text, name, lang);
    INFO(all_errors(loaded.errors));
    REQUIRE(loaded.ok());
    return *loaded.value;
}

Bank import_file(const std::string& name, Lang lang = Lang::En) {
    return import_ok(read_text(kGiftData + "/" + name), lang, kGiftData + "/" + name);
}

const Question& by_id(const Bank& bank, std::string_view id) {
    const auto it = std::find_if(bank.questions.begin(), bank.questions.end(), [id](const Question& q) { return q.id == id; });
    INFO("question " << id);
    REQUIRE(it != bank.questions.end());
    return *it;
}

// One error of a failed import, checked by line and message fragments.
bool has_error(const std::vector<Diagnostic>& errors, int line, std::initializer_list<std::string_view> fragments) {
    return std::any_of(errors.begin(), errors.end(), [&](const Diagnostic& d) {
        if (d.line != line) return false;
        return std::all_of(fragments.begin(), fragments.end(),
                           [&](std::string_view f) { return d.message.find(f) != std::string::npos; });
    });
}

#define CHECK_GIFT_ERROR(text, line, ...)                                        \
    do {                                                                         \
        const Loaded<Bank> loaded_ = import_gift((text), "bad.gift", Lang::En); \
        INFO(all_errors(loaded_.errors));                                        \
        CHECK_FALSE(loaded_.ok());                                               \
        CHECK(has_error(loaded_.errors, (line), {__VA_ARGS__}));                 \
    } while (false)

const std::string& side(const LocalText& t, Lang lang) { return lang == Lang::Ja ? t.ja : t.en; }

// Everything GIFT carries, compared exactly (weights and bounds as doubles, no tolerance).
void check_same_question(const Question& a, const Question& b, Lang lang) {
    INFO("question " << a.id << " in " << lang_code(lang));
    CHECK(a.id == b.id);
    CHECK(a.type == b.type);
    CHECK(side(a.prompt, lang) == side(b.prompt, lang));
    CHECK(side(a.explanation, lang) == side(b.explanation, lang));
    CHECK(a.tags == b.tags);
    CHECK(a.difficulty == b.difficulty);
    CHECK(a.points == b.points);
    CHECK(a.text_format == b.text_format);
    REQUIRE(a.choices.size() == b.choices.size());
    for (size_t i = 0; i < a.choices.size(); ++i) {
        INFO("choice " << i);
        CHECK(side(a.choices[i].text, lang) == side(b.choices[i].text, lang));
        CHECK(a.choices[i].weight == b.choices[i].weight);
        CHECK(side(a.choices[i].feedback, lang) == side(b.choices[i].feedback, lang));
    }
    REQUIRE(a.numeric.size() == b.numeric.size());
    for (size_t i = 0; i < a.numeric.size(); ++i) {
        INFO("numeric answer " << i);
        CHECK(a.numeric[i].min == b.numeric[i].min);
        CHECK(a.numeric[i].max == b.numeric[i].max);
        CHECK(a.numeric[i].weight == b.numeric[i].weight);
        CHECK(side(a.numeric[i].feedback, lang) == side(b.numeric[i].feedback, lang));
    }
    REQUIRE(a.accepted.size() == b.accepted.size());
    for (size_t i = 0; i < a.accepted.size(); ++i) {
        INFO("accepted answer " << i);
        CHECK(a.accepted[i].text == b.accepted[i].text);
        CHECK(a.accepted[i].weight == b.accepted[i].weight);
        CHECK(side(a.accepted[i].feedback, lang) == side(b.accepted[i].feedback, lang));
    }
    REQUIRE(a.pairs.size() == b.pairs.size());
    for (size_t i = 0; i < a.pairs.size(); ++i) {
        INFO("pair " << i);
        CHECK(side(a.pairs[i].left, lang) == side(b.pairs[i].left, lang));
        CHECK(side(a.pairs[i].right, lang) == side(b.pairs[i].right, lang));
    }
}

void check_round_trip(const Bank& original, Lang lang) {
    const std::string gift = export_gift(original, lang);
    INFO(gift);
    const Loaded<Bank> back = import_gift(gift, "round-trip.gift", lang);
    INFO(all_errors(back.errors));
    REQUIRE(back.ok());
    REQUIRE(back.value->questions.size() == original.questions.size());
    for (size_t i = 0; i < original.questions.size(); ++i)
        check_same_question(original.questions[i], back.value->questions[i], lang);
    // The other language is left empty by an import.
    const Lang other = lang == Lang::Ja ? Lang::En : Lang::Ja;
    for (const Question& q : back.value->questions) {
        CHECK(side(q.prompt, other).empty());
        CHECK(side(q.explanation, other).empty());
    }
}

Bank load_yaml(const std::string& path) {
    const Loaded<Bank> loaded = load_bank_file(path);
    INFO(all_errors(loaded.errors));
    REQUIRE(loaded.ok());
    return *loaded.value;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// The corpus
// ---------------------------------------------------------------------------------------------

TEST_CASE("GIFT corpus: titles, escapes, categories and tags", "[quiz][gift]") {
    const Bank bank = import_file("corpus.gift");
    CHECK(bank.id == "corpus");
    CHECK(bank.title.en == "corpus");
    CHECK(bank.title.ja.empty());
    CHECK(bank.questions.size() == 18);

    const Question& q = by_id(bank, "Q1-DNS-beacon");  // from "Q1\: DNS \{beacon\}"
    CHECK(q.line == 7);
    CHECK(q.type == QuestionType::SingleChoice);
    CHECK(q.prompt.en == "What does a {beacon} do?");
    CHECK(q.prompt.ja.empty());
    REQUIRE(q.choices.size() == 3);
    CHECK(q.choices[0].text.en == "Calls home at regular intervals");
    CHECK(q.choices[0].weight == 1);
    CHECK(q.choices[0].feedback.en == "Right: that is the =pattern=.");
    CHECK(q.choices[1].feedback.en == "No ~ it does not.");
    CHECK(q.choices[1].weight == 0);
    CHECK(q.choices[2].weight == -0.5);
    CHECK(q.choices[2].feedback.en.empty());
    CHECK(q.explanation.en == "Beacons are regular\nconnections.");
    CHECK(q.tags == std::vector<std::string>{"dns", "beacon", "odd]tag", "category:$course$/top/SOC/Basics"});
}

TEST_CASE("GIFT corpus: format markers, difficulty and points comments, multiple answer", "[quiz][gift]") {
    const Bank bank = import_file("corpus.gift");
    const Question& q = by_id(bank, "Weights");
    CHECK(q.type == QuestionType::MultipleAnswer);
    CHECK(q.prompt.en == "Pick **two**.");  // [markdown] taken off the text, kept as its format
    CHECK(q.text_format == "markdown");
    CHECK(q.difficulty == 3);
    CHECK(q.points == 2.5);
    REQUIRE(q.choices.size() == 3);
    CHECK(q.choices[0].weight == 0.5);
    CHECK(q.choices[0].feedback.en == "half");
    CHECK(q.choices[2].weight == -1);
    CHECK(q.explanation.en.empty());  // no ####: allowed for an import
    // "[1]" in the comment is not an item; comments of the first question do not leak into this one.
    CHECK(q.tags == std::vector<std::string>{"weights", "category:$course$/top/SOC/Basics"});

    // Several '=' make "one answer only" in Moodle: each is worth 100%, not a share.
    const Question& eq = by_id(bank, "Multiple-by-equals");
    CHECK(eq.type == QuestionType::SingleChoice);
    REQUIRE(eq.choices.size() == 3);
    CHECK(eq.choices[0].weight == 1);
    CHECK(eq.choices[1].weight == 1);
    CHECK(eq.choices[2].weight == -0.5);
}

TEST_CASE("GIFT corpus: true/false with feedback for the wrong and the right answer", "[quiz][gift]") {
    const Bank bank = import_file("corpus.gift");
    const Question& t = by_id(bank, "TF-true");
    CHECK(t.type == QuestionType::TrueFalse);
    CHECK(t.prompt.en == "<p>Grant is buried in Grant's tomb.</p>");  // [html]: markup kept
    CHECK(t.text_format == "html");
    REQUIRE(t.choices.size() == 2);
    CHECK(t.choices[0].text.en == "True");
    CHECK(t.choices[0].weight == 1);
    CHECK(t.choices[0].feedback.en == "right-fb");
    CHECK(t.choices[1].text.en == "False");
    CHECK(t.choices[1].weight == 0);
    CHECK(t.choices[1].feedback.en == "wrong-fb");
    CHECK(grade(t, Response{{0}, {}, {}}).correct);

    const Question& f = by_id(bank, "TF-false");
    REQUIRE(f.choices.size() == 2);
    CHECK(f.choices[1].weight == 1);  // FALSE is the right answer
    CHECK(f.choices[0].feedback.en == "It is hot");  // shown to whoever says true
    CHECK(f.choices[1].feedback.en.empty());

    const Bank ja = import_file("corpus.gift", Lang::Ja);
    const Question& tj = by_id(ja, "TF-true");
    CHECK(tj.choices[0].text.ja == "正しい");
    CHECK(tj.choices[1].text.ja == "誤り");
    CHECK(tj.choices[0].text.en.empty());
}

TEST_CASE("GIFT corpus: numeric answers in every form", "[quiz][gift]") {
    const Bank bank = import_file("corpus.gift");
    const Question& pi = by_id(bank, "Num1");
    CHECK(pi.type == QuestionType::Numeric);
    REQUIRE(pi.numeric.size() == 1);
    CHECK(pi.numeric[0].min == 3.14 - 0.01);
    CHECK(pi.numeric[0].max == 3.14 + 0.01);
    CHECK(pi.numeric[0].weight == 1);
    CHECK(grade(pi, Response{{}, 3.13, {}}).correct);  // the edge, despite binary fractions
    CHECK(grade(pi, Response{{}, 3.15, {}}).correct);
    CHECK_FALSE(grade(pi, Response{{}, 3.16, {}}).correct);

    const Question& range = by_id(bank, "Num-range");
    REQUIRE(range.numeric.size() == 1);
    CHECK(range.numeric[0].min == 1);
    CHECK(range.numeric[0].max == 5);
    CHECK(range.numeric[0].feedback.en == "in range");

    const Question& multi = by_id(bank, "Num-multi");
    REQUIRE(multi.numeric.size() == 3);
    CHECK(multi.numeric[0].min == 1822);
    CHECK(multi.numeric[0].max == 1822);
    CHECK(multi.numeric[0].feedback.en == "exact");
    CHECK(multi.numeric[1].min == 1820);
    CHECK(multi.numeric[1].max == 1824);
    CHECK(multi.numeric[1].weight == 0.5);
    CHECK(multi.numeric[2].min == -kInf);  // ~#no: any other number, worth nothing
    CHECK(multi.numeric[2].max == kInf);
    CHECK(multi.numeric[2].weight == 0);
    CHECK(multi.numeric[2].feedback.en == "no");
    CHECK(multi.explanation.en == "Born 1822.");
    CHECK(grade(multi, Response{{}, 1823.0, {}}).fraction == 0.5);
    CHECK(grade(multi, Response{{}, 1900.0, {}}).fraction == 0);
}

TEST_CASE("GIFT corpus: matching, short answer, missing word, multi-line", "[quiz][gift]") {
    const Bank bank = import_file("corpus.gift");
    const Question& m = by_id(bank, "Match");
    CHECK(m.type == QuestionType::Matching);
    CHECK(m.prompt.en == "Match the protocols.");
    CHECK(m.text_format == "plain");
    REQUIRE(m.pairs.size() == 3);
    CHECK(m.pairs[0].left.en == "DNS");
    CHECK(m.pairs[0].right.en == "53");
    CHECK(m.pairs[2].left.en == "SSH");  // no spaces around "->"
    CHECK(m.pairs[2].right.en == "22");

    const Question& s = by_id(bank, "Short");
    CHECK(s.type == QuestionType::ShortAnswer);
    REQUIRE(s.accepted.size() == 3);
    CHECK(s.accepted[1].text == "ビーコン");
    CHECK(s.accepted[2].text == "beaconing");
    CHECK(s.accepted[2].weight == 0.5);
    CHECK(s.accepted[2].feedback.en == "close");
    CHECK(grade(s, Response{{}, {}, "ﾋﾞｰｺﾝ"}).correct);

    // Untitled questions are named by position: this is the 10th question of the file.
    const Question& gap = by_id(bank, "q10");
    CHECK(gap.prompt.en == "Grant is _____ in Grant's tomb.");
    CHECK(gap.type == QuestionType::SingleChoice);
    CHECK(gap.choices[1].text.en == "entombed");

    const Question& lines = by_id(bank, "Multi-line");
    CHECK(lines.prompt.en == "A question\nwritten over\nthree lines");  // lines trimmed, as Moodle does
    CHECK(lines.line == 44);

    const Question& end_gap = by_id(bank, "Missing-word-at-the-end");
    CHECK(end_gap.prompt.en == "Fill the gap: _____");
}

TEST_CASE("GIFT corpus: ids from [id:], duplicates, categories on their own line, backslashes", "[quiz][gift]") {
    const Bank bank = import_file("corpus.gift");
    CHECK(by_id(bank, "firewall-ports").prompt.en == "Which port is HTTPS?");
    CHECK(by_id(bank, "Duplicate").prompt.en == "First");
    CHECK(by_id(bank, "Duplicate-2").prompt.en == "Second");

    const Question& dhcp = by_id(bank, "Same-group-as-its-category");
    CHECK(dhcp.line == 49);
    CHECK(dhcp.tags == std::vector<std::string>{"category:$course$/top/SOC/Logs"});

    const Question& b = by_id(bank, "Backslashes");
    CHECK(b.prompt.en == "Path C:\\Windows\\System32 and a \\d kept");
    CHECK(b.choices[0].text.en == "\\\\server\\share");
}

TEST_CASE("GIFT read as Moodle reads it: the cases in moodle-cases.gift", "[quiz][gift]") {
    const Loaded<Bank> loaded =
        import_gift(read_text(kGiftData + "/moodle-cases.gift"), kGiftData + "/moodle-cases.gift", Lang::En);
    INFO(all_errors(loaded.errors));
    REQUIRE(loaded.ok());
    const Bank& bank = *loaded.value;
    const Bank expected = load_yaml(kGiftData + "/moodle-cases.expected.yaml");
    REQUIRE(bank.questions.size() == expected.questions.size());
    for (size_t i = 0; i < expected.questions.size(); ++i)
        check_same_question(expected.questions[i], bank.questions[i], Lang::En);

    // (a), (d): either full-credit answer alone is right; both together are not one answer.
    const Question& two = by_id(bank, "two-right");
    CHECK(grade(two, Response{{0}, {}, {}}).correct);
    CHECK(grade(two, Response{{1}, {}, {}}).correct);
    CHECK_FALSE(grade(two, Response{{2}, {}, {}}).correct);
    CHECK(grade(by_id(bank, "tilde-hundred"), Response{{1}, {}, {}}).correct);
    // (c): the one accepted answer, width- and case-insensitive as usual.
    CHECK(grade(by_id(bank, "bare-word"), Response{{}, {}, "BEACON"}).correct);
    // (e): 5 is right, anything else is worth nothing.
    const Question& num = by_id(bank, "numeric-tilde");
    CHECK(grade(num, Response{{}, 5.0, {}}).correct);
    CHECK(grade(num, Response{{}, 6.0, {}}).fraction == 0);

    // Read as Moodle does, but perhaps not as meant: warned about, at the question's line.
    INFO(all_errors(loaded.warnings));
    REQUIRE(loaded.warnings.size() == 2);
    CHECK(loaded.warnings[0].line == 18);
    CHECK(loaded.warnings[0].message.find("{t} is read as a short answer 't'") != std::string::npos);
    CHECK(loaded.warnings[0].message.find("{T}") != std::string::npos);
    CHECK(loaded.warnings[1].line == 25);
    CHECK(loaded.warnings[1].message.find("'wrong' after '~' in a numeric block is not read") != std::string::npos);
    CHECK(loaded.warnings[1].to_string("warning").find(":25:1: warning: question 'numeric-tilde': ") !=
          std::string::npos);

    // (g) and (b): the export writes the format markers back and no weight after '=', so the
    // text reads back to the same questions and exports again to the same text.
    const std::string gift = export_gift(bank, Lang::En);
    INFO(gift);
    CHECK(gift.find("::markdown::[markdown]Pick **one**. {") != std::string::npos);
    CHECK(gift.find("::html::[html]<p>Pick one.</p> {") != std::string::npos);
    CHECK(gift.find("::moodle::Plain Moodle text. {") != std::string::npos);
    CHECK(gift.find("\t=%50%half\n") != std::string::npos);
    CHECK(gift.find("\t=a\n\t=b\n\t~c\n") != std::string::npos);
    check_round_trip(bank, Lang::En);
    const Bank again = import_ok(gift, Lang::En, kGiftData + "/moodle-cases.gift");
    CHECK(export_gift(again, Lang::En) == gift);
}

TEST_CASE("a text that starts like a format marker survives with and without a text format", "[quiz][gift]") {
    for (const std::string format : {"", "markdown"}) {
        INFO("format '" << format << "'");
        Question q;
        q.id = "marker";
        q.type = QuestionType::SingleChoice;
        q.text_format = format;
        q.prompt.en = "[html] is how Moodle marks HTML";
        q.explanation.en = "E";
        q.choices = {Choice{LocalText{"a", ""}, 1, {}}, Choice{LocalText{"b", ""}, 0, {}}};
        Bank bank;
        bank.id = "m";
        bank.questions.push_back(q);
        check_round_trip(bank, Lang::En);
    }
}

TEST_CASE("GIFT from a Windows editor: byte order mark and CRLF", "[quiz][gift]") {
    const Bank bank = import_file("windows.gift");
    REQUIRE(bank.questions.size() == 3);
    CHECK(bank.questions[0].id == "W1");
    CHECK(bank.questions[0].line == 2);
    CHECK(bank.questions[0].prompt.en == "Is the sky blue?");
    CHECK(bank.questions[1].choices[0].text.en == "a");
    CHECK(bank.questions[1].choices[1].text.en == "b");
    CHECK(bank.questions[2].prompt.en == "Numbers\nover lines");
    CHECK(bank.questions[2].numeric[0].min == 4);
    CHECK(bank.questions[2].line == 9);

    const Loaded<Bank> broken = import_gift(read_text(kGiftData + "/windows-broken.gift"), "w.gift", Lang::En);
    INFO(all_errors(broken.errors));
    CHECK_FALSE(broken.ok());
    REQUIRE(broken.errors.size() == 2);
    CHECK(has_error(broken.errors, 1, {"not closed"}));
    CHECK(has_error(broken.errors, 5, {"'%x%' is not a number", "(on line 6)"}));
    // The column of the first question counts characters after the byte order mark.
    CHECK(broken.errors[0].column == 1);
}

// ---------------------------------------------------------------------------------------------
// Malformed questions
// ---------------------------------------------------------------------------------------------

TEST_CASE("every malformed question of a file is reported at its first line", "[quiz][gift]") {
    const Loaded<Bank> loaded = import_gift(read_text(kGiftData + "/malformed.gift"), "malformed.gift", Lang::En);
    INFO(all_errors(loaded.errors));
    CHECK_FALSE(loaded.ok());
    CHECK_FALSE(loaded.value.has_value());
    const auto& e = loaded.errors;
    CHECK(has_error(e, 3, {"not closed", "expected '}'"}));
    CHECK(has_error(e, 6, {"essay", "not support"}));
    CHECK(has_error(e, 8, {"question 'Bad weight': the weight '%abc%' is not a number", "%50%"}));
    CHECK(has_error(e, 10, {"'b 2' has no '->'"}));
    CHECK(has_error(e, 12, {"'abc'", "not a number"}));
    CHECK(has_error(e, 14, {"accepted answer with no text"}));
    CHECK(has_error(e, 16, {"'}' with no '{'"}));
    CHECK(has_error(e, 18, {"no answer block"}));
    CHECK(has_error(e, 20, {"add up to 70%", "expected 100%"}));
    CHECK(has_error(e, 22, {"'oops' comes before the first answer"}));
    CHECK(has_error(e, 24, {"'%x%' is not a number", "(on line 27)"}));
    CHECK(has_error(e, 32, {"1 answer", "at least 2"}));
    CHECK(has_error(e, 34, {"margin", "negative"}));
    CHECK(has_error(e, 36, {"larger number to a smaller"}));
    CHECK(has_error(e, 38, {"worth 100%"}));
    CHECK(has_error(e, 40, {"1 pair", "at least 2"}));
    CHECK(has_error(e, 42, {"'x' appears twice"}));
    CHECK(has_error(e, 44, {"no left item"}));
    CHECK(has_error(e, 46, {"no text"}));
    CHECK(has_error(e, 49, {"[difficulty:7]", "1, 2 or 3"}));  // the question starts under its comment
    CHECK(has_error(e, 51, {"'%150%' is outside"}));
    CHECK(has_error(e, 53, {"no text"}));
    CHECK(has_error(e, 55, {"no number"}));
    CHECK(has_error(e, 57, {"'#' feedback"}));
    CHECK(has_error(e, 59, {"add up to 110%"}));
    // The good question at line 30 is not reported; nothing else is.
    CHECK_FALSE(std::any_of(e.begin(), e.end(), [](const Diagnostic& d) { return d.line == 30; }));
    CHECK(e.size() == 25);
    for (const Diagnostic& d : e) {
        CHECK(d.file == "malformed.gift");
        CHECK(d.column == 1);
    }
    CHECK(std::is_sorted(e.begin(), e.end(), [](const Diagnostic& a, const Diagnostic& b) { return a.line < b.line; }));
}

TEST_CASE("GIFT errors in small texts", "[quiz][gift]") {
    SECTION("an empty file") {
        const Loaded<Bank> loaded = import_gift("", "empty.gift", Lang::En);
        REQUIRE(loaded.errors.size() == 1);
        CHECK(loaded.errors[0].line == 0);
        CHECK(loaded.errors[0].message.find("no questions") != std::string::npos);
    }
    SECTION("only comments and a category") {
        CHECK_GIFT_ERROR("// nothing\n\n$CATEGORY: x\n", 0, "no questions");
    }
    SECTION("an indented question reports its column") {
        const Loaded<Bank> loaded = import_gift("\n\n    Q{=a ~b\n", "x.gift", Lang::En);
        REQUIRE(loaded.errors.size() == 1);
        CHECK(loaded.errors[0].line == 3);
        CHECK(loaded.errors[0].column == 5);
        CHECK(loaded.errors[0].to_string() == "x.gift:3:5: error: question 1: the answer block opened with '{' is not "
                                               "closed; expected '}' before the next blank line");
    }
    SECTION("a blank line inside a block splits the question") {
        CHECK_GIFT_ERROR("Q{\n=a\n\n~b\n}\n", 1, "not closed");
    }
    SECTION("the block's '{' on a later line is named") {
        CHECK_GIFT_ERROR("::t::A long\nquestion {=a ~b\n", 1, "not closed", "(on line 2)");
    }
    SECTION("a weight with no closing percent") {
        CHECK_GIFT_ERROR("Q{~%50a =b}\n", 1, "no closing '%'");
    }
    SECTION("text before the first answer") {
        CHECK_GIFT_ERROR("Q{oops =a ~b}\n", 1, "'oops' comes before the first answer");
    }
    SECTION("multiple answer with no right answer") {
        CHECK_GIFT_ERROR("Q{~a ~b}\n", 1, "no right answer");
    }
    SECTION("an empty numeric block") {
        CHECK_GIFT_ERROR("Q{#}\n", 1, "no number");
    }
    SECTION("a numeric answer with a bad margin") {
        CHECK_GIFT_ERROR("Q{#5:x}\n", 1, "'x' in the numeric answer '5:x' is not a number");
    }
    SECTION("numeric weights only partial") {
        CHECK_GIFT_ERROR("Q{#=%50%5}\n", 1, "worth 100%");
    }
    SECTION("a numeric answer written with a comma") {
        CHECK_GIFT_ERROR("Q{#3,14}\n", 1, "'3,14'", "not a number");
    }
    SECTION("points that are not a number") {
        CHECK_GIFT_ERROR("// [points:lots]\nQ{=a ~b}\n", 2, "[points:lots]");
    }
}

TEST_CASE("GIFT import never crashes on junk", "[quiz][gift]") {
    const std::string junk[] = {"{",       "}",         "::",       "::::",     "{}{}{}",         "\\",
                                "{\\}",    "{#",        "{#..}",    "{#:}",     "{=->}",          "{~%",
                                "{~%%}",   "{T#",       "Q{=",      "Q{~}",     "\xFF\xFE{=a ~b}", "Q{####}",
                                "Q{#####}", "Q{=a->}", "Q{#inf..nan}", "\r\r\r", "Q{=%-50%a}",   "Q{#1e999}"};
    for (const std::string& text : junk) {
        INFO(text);
        const Loaded<Bank> loaded = import_gift(text, "junk.gift", Lang::En);
        CHECK((loaded.ok() || !loaded.errors.empty()));
    }
}

// ---------------------------------------------------------------------------------------------
// Round trips
// ---------------------------------------------------------------------------------------------

TEST_CASE("the shipped soc-basics bank survives YAML -> GIFT -> bank in both languages", "[quiz][gift]") {
    const Bank bank = load_yaml(kSourceDir + "/quizzes/soc-basics.yaml");
    SECTION("English") { check_round_trip(bank, Lang::En); }
    SECTION("Japanese") { check_round_trip(bank, Lang::Ja); }
}

TEST_CASE("a bank with every type and awkward texts survives YAML -> GIFT -> bank", "[quiz][gift]") {
    const Bank bank = load_yaml(kGiftData + "/every-type.yaml");
    REQUIRE(bank.questions.size() == 10);
    SECTION("English") { check_round_trip(bank, Lang::En); }
    SECTION("Japanese") { check_round_trip(bank, Lang::Ja); }
}

TEST_CASE("YAML -> GIFT -> YAML -> bank keeps the questions and fills both languages", "[quiz][gift]") {
    const Bank soc_basics = load_yaml(kSourceDir + "/quizzes/soc-basics.yaml");
    for (Lang lang : {Lang::En, Lang::Ja}) {
        INFO(lang_code(lang));
        const Bank imported = import_ok(export_gift(soc_basics, lang), lang, "soc-basics.gift");
        const Loaded<Bank> reloaded = load_bank_text(write_bank_yaml(imported), "soc-basics.yaml");
        INFO(all_errors(reloaded.errors));
        REQUIRE(reloaded.ok());
        REQUIRE(reloaded.value->questions.size() == soc_basics.questions.size());
        for (size_t i = 0; i < soc_basics.questions.size(); ++i)
            check_same_question(soc_basics.questions[i], reloaded.value->questions[i], lang);
    }

    const Bank original = load_yaml(kGiftData + "/every-type.yaml");
    for (Lang lang : {Lang::En, Lang::Ja}) {
        INFO(lang_code(lang));
        const Bank imported = import_ok(export_gift(original, lang), lang, "every-type.gift");
        const std::string yaml = write_bank_yaml(imported);
        const Loaded<Bank> reloaded = load_bank_text(yaml, "every-type.yaml");
        INFO(yaml);
        INFO(all_errors(reloaded.errors));
        REQUIRE(reloaded.ok());
        REQUIRE(reloaded.value->questions.size() == original.questions.size());
        CHECK(reloaded.value->id == "every-type");
        for (size_t i = 0; i < original.questions.size(); ++i) {
            const Question& q = reloaded.value->questions[i];
            check_same_question(original.questions[i], q, lang);
            // The language that was not imported holds a copy of the one that was.
            const Lang other = lang == Lang::Ja ? Lang::En : Lang::Ja;
            CHECK(side(q.prompt, other) == side(q.prompt, lang));
        }
        // True/false labels get their real translation, not a copy.
        const Question& tf = by_id(*reloaded.value, "tf-feedback");
        CHECK(tf.choices[0].text.ja == "正しい");
        CHECK(tf.choices[0].text.en == "True");
    }
}

TEST_CASE("the YAML writer round-trips a bank in both languages", "[quiz][gift]") {
    for (const std::string& path : {kGiftData + "/every-type.yaml", kSourceDir + "/quizzes/soc-basics.yaml"}) {
        INFO(path);
        const Bank bank = load_yaml(path);
        const std::string yaml = write_bank_yaml(bank);
        const Loaded<Bank> back = load_bank_text(yaml, "written.yaml");
        INFO(all_errors(back.errors));
        REQUIRE(back.ok());
        CHECK(back.value->id == bank.id);
        CHECK(back.value->title.ja == bank.title.ja);
        CHECK(back.value->title.en == bank.title.en);
        REQUIRE(back.value->questions.size() == bank.questions.size());
        for (size_t i = 0; i < bank.questions.size(); ++i)
            for (Lang lang : {Lang::En, Lang::Ja}) check_same_question(bank.questions[i], back.value->questions[i], lang);
    }
}

TEST_CASE("exported GIFT escapes what GIFT reads as syntax", "[quiz][gift]") {
    const Bank bank = load_yaml(kGiftData + "/every-type.yaml");
    const std::string gift = export_gift(bank, Lang::En);
    CHECK(gift.find("::single-escapes::Which is right? It has \\~ \\= \\# \\{ \\} \\: and a \\\\ backslash {") !=
          std::string::npos);
    CHECK(gift.find("\t~[moodle][html] starts this\n") != std::string::npos);  // a marker kept as text
    CHECK(gift.find("\t~%50%%50 starts this\n") != std::string::npos);        // '%' first: weight written
    CHECK(gift.find("\t~%-25%A line\\nbreak\n") != std::string::npos);
    CHECK(gift.find("\t~%33.33333333333333%A\n") != std::string::npos);
    CHECK(gift.find("\t=60:5#Right\n") != std::string::npos);
    CHECK(gift.find("\t~#Look again\\: \\{count\\}\n") != std::string::npos);
    CHECK(gift.find("::tf-feedback::The sun is cold. {FALSE#No, it is hot#Right\n") != std::string::npos);
    CHECK(gift.find("::missing-word::DNS uses port {") != std::string::npos);
    CHECK(gift.find("} by default.\n") != std::string::npos);
    CHECK(gift.find("$CATEGORY: SOC/Tricky\n") != std::string::npos);
    CHECK(gift.find("// [tag:escapes] [difficulty:2]\n") != std::string::npos);
}

TEST_CASE("weights in percent read back exactly", "[quiz][gift]") {
    // Weights whose percentage is not a short decimal: the export must still give the same double.
    for (double w : {1.0 / 3, 2.0 / 3, 0.1, 0.7, 1.0 / 7, -1.0 / 3, 0.005, 1e-7}) {
        INFO(w);
        Question q;
        q.id = "w";
        q.type = QuestionType::MultipleAnswer;
        q.prompt.en = "P";
        q.explanation.en = "E";
        q.choices = {Choice{LocalText{"a", ""}, w > 0 ? w : 0.5, {}}, Choice{LocalText{"b", ""}, w > 0 ? 1 - w : 0.5, {}},
                     Choice{LocalText{"c", ""}, w < 0 ? w : -0.5, {}}};
        Bank bank;
        bank.id = "w";
        bank.questions.push_back(q);
        const Loaded<Bank> back = import_gift(export_gift(bank, Lang::En), "w.gift", Lang::En);
        INFO(all_errors(back.errors));
        REQUIRE(back.ok());
        for (size_t i = 0; i < 3; ++i) CHECK(back.value->questions[0].choices[i].weight == q.choices[i].weight);
    }
}

TEST_CASE("the YAML writer quotes whatever YAML would misread", "[quiz][gift]") {
    const std::vector<std::string> texts = {"Is it right?", "- a list?", "key: value", "# not a comment", "  lead",
                                            "trail  ",      "null",      "~",          "yes",             "0.5",
                                            "[x]",          "{y}",       "a, b",       "line\nbreak",     "'q'",
                                            "\"d\"",        "@at",       "%p",         "*star",           "&amp",
                                            "!bang",        "|pipe",     ">fold",      "日本語：テスト？", "C:\\new"};
    Bank bank;
    bank.id = "nasty";
    bank.title = LocalText{"Title: nasty?", "題"};
    for (size_t i = 0; i < texts.size(); ++i) {
        Question q;
        q.id = "q" + std::to_string(i);
        q.type = QuestionType::ShortAnswer;
        q.prompt = LocalText{texts[i], texts[(i + 1) % texts.size()]};
        q.explanation = LocalText{texts[(i + 2) % texts.size()], ""};  // Japanese left empty: copied
        q.tags = {texts[i], "category:a/b"};
        q.accepted = {AcceptedAnswer{texts[i], 1, LocalText{texts[i], texts[i]}}};
        bank.questions.push_back(q);
    }
    const std::string yaml = write_bank_yaml(bank);
    const Loaded<Bank> back = load_bank_text(yaml, "nasty.yaml");
    INFO(yaml);
    INFO(all_errors(back.errors));
    REQUIRE(back.ok());
    CHECK(back.value->title.en == "Title: nasty?");
    REQUIRE(back.value->questions.size() == texts.size());
    for (size_t i = 0; i < texts.size(); ++i) {
        const Question& q = back.value->questions[i];
        INFO(texts[i]);
        CHECK(q.prompt.en == bank.questions[i].prompt.en);
        CHECK(q.prompt.ja == bank.questions[i].prompt.ja);
        CHECK(q.explanation.ja == bank.questions[i].explanation.en);
        CHECK(q.tags == bank.questions[i].tags);
        REQUIRE(q.accepted.size() == 1);
        CHECK(q.accepted[0].text == texts[i]);
    }
}
