// Tests of lessons (src/core/lesson): every shipped lesson loads cleanly, is complete in both
// languages, draws only figures the GUI knows and points at a quiz bank that exists; the
// example in docs/lesson-format.md loads; and every validation rule reports the right
// file:line:col.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/lesson/lesson.h"
#include "core/quiz/question.h"

using namespace socsim;
using namespace socsim::lesson;

namespace {

const std::filesystem::path kSourceDir = SOCSIM_SOURCE_DIR;

std::string all_errors(const std::vector<Diagnostic>& errors) {
    std::string out;
    for (const Diagnostic& d : errors) out += d.to_string() + "\n";
    return out;
}

// A folded YAML line break becomes an ASCII space; between two Japanese characters that is a
// stray space in the sentence. (Spaces next to ASCII, as in "DNS の", are fine.)
bool has_space_between_non_ascii(const std::string& s) {
    for (size_t i = 1; i + 1 < s.size(); ++i)
        if (s[i] == ' ' && (static_cast<unsigned char>(s[i - 1]) & 0x80) &&
            (static_cast<unsigned char>(s[i + 1]) & 0x80))
            return true;
    return false;
}

// Both languages present, and the Japanese free of folded-line spaces.
void check_bilingual(const LocalText& t, const std::string& where) {
    INFO(where << "\n  ja: " << t.ja << "\n  en: " << t.en);
    CHECK_FALSE(t.ja.empty());
    CHECK_FALSE(t.en.empty());
    CHECK_FALSE(has_space_between_non_ascii(t.ja));
}

std::vector<std::filesystem::path> shipped_lessons() {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(kSourceDir / "lessons"))
        if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

// A valid lesson using every block kind, one line per entry: line n of the YAML is valid_lines()[n - 1].
// The error tests replace a line or two so that exactly one thing is wrong.
std::vector<std::string> valid_lines() {
    return {
        "id: test-lesson",                             // 1
        "title: {ja: テスト, en: Test}",               // 2
        "summary: {ja: 概要, en: Summary}",            // 3
        "quiz: quiz.yaml",                             // 4
        "pages:",                                      // 5
        "  - title: {ja: 一, en: One}",                // 6
        "    blocks:",                                 // 7
        "      - heading: {ja: 見出し, en: Heading}",  // 8
        "      - text: {ja: 本文, en: Body}",          // 9
        "      - note: {ja: 注意, en: Note}",          // 10
        "      - list:",                               // 11
        "          - {ja: 項目, en: Item}",            // 12
        "      - figure: soc-watch",                   // 13
        "        caption: {ja: 説明, en: Caption}",    // 14
    };
}

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) out += l + "\n";
    return out;
}

// The valid lesson with line `n` (1-based) replaced by `text`.
std::string with_line(int n, const std::string& text) {
    auto lines = valid_lines();
    lines.at(static_cast<size_t>(n - 1)) = text;
    return join(lines);
}

Loaded<Lesson> load(const std::string& text) { return load_lesson_text(text, "test.yaml"); }

// Exactly one error, at line:column, whose message contains every word in `words`.
void require_one_error(const Loaded<Lesson>& loaded, int line, int column, std::initializer_list<std::string> words) {
    INFO(all_errors(loaded.errors));
    CHECK_FALSE(loaded.ok());
    CHECK_FALSE(loaded.value.has_value());
    REQUIRE(loaded.errors.size() == 1);
    const Diagnostic& d = loaded.errors.front();
    CHECK(d.file == "test.yaml");
    CHECK(d.line == line);
    CHECK(d.column == column);
    for (const auto& w : words) CHECK_THAT(d.message, Catch::Matchers::Contains(w));
}

}  // namespace

// --- The shipped lessons ---------------------------------------------------------------------

TEST_CASE("every shipped lesson loads, is bilingual, uses known figures and an existing quiz", "[lesson][content]") {
    const auto files = shipped_lessons();
    REQUIRE_FALSE(files.empty());
    const auto& names = figure_names();
    std::set<std::string> ids;

    for (const auto& file : files) {
        INFO(file.string());
        const Loaded<Lesson> loaded = load_lesson_file(file);
        INFO(all_errors(loaded.errors));
        REQUIRE(loaded.errors.empty());
        REQUIRE(loaded.ok());
        const Lesson& l = *loaded.value;

        CHECK(ids.insert(l.id).second);
        CHECK(l.id == file.stem().string());  // one lesson per file, named after its id
        CHECK(l.source_path == file.string());
        check_bilingual(l.title, "title");
        check_bilingual(l.summary, "summary");
        REQUIRE_FALSE(l.pages.empty());

        for (size_t p = 0; p < l.pages.size(); ++p) {
            const Page& page = l.pages[p];
            const std::string where = "pages[" + std::to_string(p) + "]";
            check_bilingual(page.title, where + ".title");
            CHECK_FALSE(page.blocks.empty());
            for (size_t b = 0; b < page.blocks.size(); ++b) {
                const Block& block = page.blocks[b];
                const std::string bw = where + ".blocks[" + std::to_string(b) + "]";
                switch (block.kind) {
                case BlockKind::Heading:
                case BlockKind::Paragraph:
                case BlockKind::Note:
                    check_bilingual(block.text, bw);
                    break;
                case BlockKind::List:
                    CHECK_FALSE(block.items.empty());
                    for (size_t i = 0; i < block.items.size(); ++i)
                        check_bilingual(block.items[i], bw + ".list[" + std::to_string(i) + "]");
                    break;
                case BlockKind::Figure:
                    INFO(bw << ": figure '" << block.figure << "'");
                    CHECK(std::find(names.begin(), names.end(), block.figure) != names.end());
                    if (!block.caption.empty()) check_bilingual(block.caption, bw + ".caption");
                    break;
                }
            }
        }

        // The quiz is named relative to the lesson file, and must be a bank that loads.
        if (!l.quiz.empty()) {
            const auto quiz_path = file.parent_path() / l.quiz;
            INFO("quiz: " << quiz_path.string());
            REQUIRE(std::filesystem::is_regular_file(quiz_path));
            const auto bank = quiz::load_bank_file(quiz_path);
            INFO(all_errors(bank.errors));
            CHECK(bank.ok());
        }
    }
}

TEST_CASE("the SOC introduction is 6-8 pages, draws every figure and ends in the SOC basics quiz", "[lesson][content]") {
    const auto file = kSourceDir / "lessons" / "soc-intro.yaml";
    const Loaded<Lesson> loaded = load_lesson_file(file);
    INFO(all_errors(loaded.errors));
    REQUIRE(loaded.ok());
    const Lesson& l = *loaded.value;

    CHECK(l.id == "soc-intro");
    CHECK(l.pages.size() >= 6);
    CHECK(l.pages.size() <= 8);

    std::set<std::string> used;
    for (const Page& page : l.pages)
        for (const Block& block : page.blocks)
            if (block.kind == BlockKind::Figure) {
                used.insert(block.figure);
                CHECK_FALSE(block.caption.empty());  // every figure here is explained in words
            }
    for (const auto& name : figure_names()) {
        INFO("figure never drawn: " << name);
        CHECK(used.count(name) == 1);
    }

    CHECK(l.quiz == "../quizzes/soc-basics.yaml");
    const auto bank = quiz::load_bank_file(file.parent_path() / l.quiz);
    REQUIRE(bank.ok());
    CHECK(bank.value->id == "soc-basics");
}

TEST_CASE("the example in docs/lesson-format.md loads", "[lesson]") {
    std::ifstream in(kSourceDir / "docs" / "lesson-format.md");
    REQUIRE(in);
    std::stringstream doc;
    doc << in.rdbuf();
    const std::string text = doc.str();
    const std::string fence = "```yaml\n";
    const auto start = text.find(fence);
    REQUIRE(start != std::string::npos);
    const auto end = text.find("```", start + fence.size());
    REQUIRE(end != std::string::npos);
    const std::string example = text.substr(start + fence.size(), end - start - fence.size());

    const Loaded<Lesson> loaded = load_lesson_text(example, "lesson-format.md");
    INFO(all_errors(loaded.errors));
    REQUIRE(loaded.ok());
    CHECK_FALSE(loaded.value->pages.empty());
}

// --- The loader ------------------------------------------------------------------------------

TEST_CASE("a lesson with every block kind loads as written", "[lesson]") {
    const Loaded<Lesson> loaded = load(join(valid_lines()));
    INFO(all_errors(loaded.errors));
    REQUIRE(loaded.ok());
    const Lesson& l = *loaded.value;
    CHECK(l.id == "test-lesson");
    CHECK(l.title.ja == "テスト");
    CHECK(l.title.en == "Test");
    CHECK(l.summary.en == "Summary");
    CHECK(l.quiz == "quiz.yaml");
    CHECK(l.source_path == "test.yaml");
    REQUIRE(l.pages.size() == 1);
    CHECK(l.pages[0].title.en == "One");
    const auto& b = l.pages[0].blocks;
    REQUIRE(b.size() == 5);
    CHECK(b[0].kind == BlockKind::Heading);
    CHECK(b[0].text.en == "Heading");
    CHECK(b[1].kind == BlockKind::Paragraph);
    CHECK(b[1].text.ja == "本文");
    CHECK(b[2].kind == BlockKind::Note);
    CHECK(b[2].text.en == "Note");
    CHECK(b[3].kind == BlockKind::List);
    REQUIRE(b[3].items.size() == 1);
    CHECK(b[3].items[0].en == "Item");
    CHECK(b[4].kind == BlockKind::Figure);
    CHECK(b[4].figure == "soc-watch");
    CHECK(b[4].caption.ja == "説明");
}

TEST_CASE("summary, quiz and a figure's caption are optional", "[lesson]") {
    auto lines = valid_lines();
    lines.erase(lines.begin() + 13);  // caption
    lines.erase(lines.begin() + 3);   // quiz
    lines.erase(lines.begin() + 2);   // summary
    const Loaded<Lesson> loaded = load(join(lines));
    INFO(all_errors(loaded.errors));
    REQUIRE(loaded.ok());
    CHECK(loaded.value->summary.empty());
    CHECK(loaded.value->quiz.empty());
    CHECK(loaded.value->pages[0].blocks.back().caption.empty());
}

TEST_CASE("lesson errors: YAML syntax error is reported where the parser stopped", "[lesson]") {
    // The flow map on line 9 is never closed; the parser reads on into line 10 and gives up at
    // the ':' after "note", where a map that is still open cannot take a nested block key.
    const auto loaded = load(with_line(9, "      - text: {ja: 本文, en: Body"));
    require_one_error(loaded, 10, 13, {"YAML syntax", "end of map flow not found"});
}

TEST_CASE("lesson errors: a file that is not a map", "[lesson]") {
    SECTION("a list") { require_one_error(load("- id: x\n- title: y\n"), 1, 1, {"must be a map"}); }
    SECTION("a scalar") { require_one_error(load("just some words\n"), 1, 1, {"must be a map"}); }
    SECTION("an empty file") { require_one_error(load(""), 1, 1, {"must be a map"}); }
}

TEST_CASE("lesson errors: unknown keys are reported at the key", "[lesson]") {
    SECTION("at the top level") {
        require_one_error(load(with_line(4, "quizz: quiz.yaml")), 4, 1,
                          {"lesson: unknown key 'quizz'", "id, title, summary, quiz, pages"});
    }
    SECTION("in a block") {
        require_one_error(load(with_line(14, "        captoin: {ja: 説明, en: Caption}")), 14, 9,
                          {"pages[0].blocks[4]: unknown key 'captoin'", "caption"});
    }
    SECTION("in a page") {
        // The misspelt key also leaves the page without blocks: a second error, at the page.
        const auto loaded = load(with_line(7, "    blocs:"));
        INFO(all_errors(loaded.errors));
        CHECK_FALSE(loaded.ok());
        REQUIRE(loaded.errors.size() == 2);
        CHECK(loaded.errors[0].line == 7);
        CHECK(loaded.errors[0].column == 5);
        CHECK_THAT(loaded.errors[0].message, Catch::Matchers::Contains("pages[0]: unknown key 'blocs'"));
        CHECK(loaded.errors[1].line == 6);
        CHECK(loaded.errors[1].column == 5);
        CHECK_THAT(loaded.errors[1].message, Catch::Matchers::Contains("pages[0].blocks: expected a non-empty list"));
    }
    SECTION("in a text") {
        require_one_error(load(with_line(9, "      - text: {fr: Corps, ja: 本文, en: Body}")), 9, 16,
                          {"pages[0].blocks[1].text: unknown key 'fr'"});
    }
}

TEST_CASE("lesson errors: a missing language is reported at its text", "[lesson]") {
    SECTION("ja missing from a paragraph") {
        require_one_error(load(with_line(9, "      - text: {en: Body}")), 9, 15,
                          {"pages[0].blocks[1].text", "'ja' text is missing or empty"});
    }
    SECTION("en missing from a list item") {
        require_one_error(load(with_line(12, "          - {ja: 項目}")), 12, 13,
                          {"pages[0].blocks[3].list[0]", "'en' text is missing or empty"});
    }
    SECTION("en empty in the title") {
        require_one_error(load(with_line(2, "title: {ja: テスト, en: ''}")), 2, 8,
                          {"title", "'en' text is missing or empty"});
    }
    SECTION("a plain string instead of the two languages") {
        require_one_error(load(with_line(10, "      - note: Note")), 10, 15,
                          {"pages[0].blocks[2].note", "expected a map with 'ja' and 'en'"});
    }
}

TEST_CASE("lesson errors: pages and blocks must not be empty", "[lesson]") {
    SECTION("pages: []") {
        auto lines = valid_lines();
        lines.resize(5);
        lines[4] = "pages: []";
        require_one_error(load(join(lines)), 5, 8, {"pages: expected a non-empty list of pages"});
    }
    SECTION("blocks: []") {
        auto lines = valid_lines();
        lines.resize(7);
        lines[6] = "    blocks: []";
        require_one_error(load(join(lines)), 7, 13, {"pages[0].blocks: expected a non-empty list of blocks"});
    }
    SECTION("an empty list") {
        auto lines = valid_lines();
        lines[10] = "      - list: []";
        lines.erase(lines.begin() + 11);
        require_one_error(load(join(lines)), 11, 15, {"pages[0].blocks[3].list: expected a non-empty list"});
    }
}

TEST_CASE("lesson errors: an unknown figure is reported at its name", "[lesson]") {
    require_one_error(load(with_line(13, "      - figure: soc-wach")), 13, 17,
                      {"pages[0].blocks[4].figure: unknown figure",
                       "soc-watch, data-sources, soc-services, beacon-rhythm, incident-response"});
}

TEST_CASE("lesson errors: a block with none of the kinds", "[lesson]") {
    SECTION("only a caption") {
        auto lines = valid_lines();
        lines[12] = "      - caption: {ja: 説明, en: Caption}";
        lines.erase(lines.begin() + 13);
        require_one_error(load(join(lines)), 13, 9,
                          {"pages[0].blocks[4]: a block needs one of heading, text, note, list, figure"});
    }
    SECTION("an empty map") {
        require_one_error(load(with_line(10, "      - {}")), 10, 9, {"pages[0].blocks[2]: expected a block"});
    }
}

TEST_CASE("lesson errors: every problem is reported at once, in file order", "[lesson]") {
    auto lines = valid_lines();
    lines[3] = "quizz: quiz.yaml";
    lines[12] = "      - figure: soc-wach";
    const auto loaded = load(join(lines));
    INFO(all_errors(loaded.errors));
    CHECK_FALSE(loaded.ok());
    REQUIRE(loaded.errors.size() == 2);
    CHECK(loaded.errors[0].line == 4);
    CHECK(loaded.errors[1].line == 13);
}

TEST_CASE("lesson errors: a missing file is reported on line 0", "[lesson]") {
    const auto path = kSourceDir / "lessons" / "does-not-exist.yaml";
    REQUIRE_FALSE(std::filesystem::exists(path));
    const auto loaded = load_lesson_file(path);
    CHECK_FALSE(loaded.ok());
    REQUIRE(loaded.errors.size() == 1);
    CHECK(loaded.errors[0].file == path.string());
    CHECK(loaded.errors[0].line == 0);
    CHECK(loaded.errors[0].column == 0);
    CHECK_THAT(loaded.errors[0].message, Catch::Matchers::Contains("cannot read"));
}

TEST_CASE("lesson errors: malformed blocks and keys are reported, not thrown", "[lesson]") {
    SECTION("two kinds in one block") {
        auto loaded = socsim::lesson::load_lesson_text(
            "id: x\ntitle: {ja: あ, en: a}\npages:\n  - title: {ja: い, en: b}\n    blocks:\n      - {text: {ja: う, en: c}, note: {ja: え, en: d}}\n",
            "two.yaml");
        REQUIRE(loaded.errors.size() == 1);
        CHECK(loaded.errors[0].line == 6);
        CHECK(loaded.errors[0].message.find("its own block") != std::string::npos);
    }
    SECTION("a caption without a figure") {
        auto loaded = socsim::lesson::load_lesson_text(
            "id: x\ntitle: {ja: あ, en: a}\npages:\n  - title: {ja: い, en: b}\n    blocks:\n      - {text: {ja: う, en: c}, caption: {ja: え, en: d}}\n",
            "caption.yaml");
        REQUIRE(loaded.errors.size() == 1);
        CHECK(loaded.errors[0].message.find("only a figure") != std::string::npos);
    }
    SECTION("a page without a title is reported at the page") {
        auto loaded = socsim::lesson::load_lesson_text(
            "id: x\ntitle: {ja: あ, en: a}\npages:\n  - blocks:\n      - {text: {ja: う, en: c}}\n", "notitle.yaml");
        REQUIRE(loaded.errors.size() == 1);
        CHECK(loaded.errors[0].line == 4);
    }
    SECTION("a key that is a list") {
        auto loaded = socsim::lesson::load_lesson_text("? [a, b]\n: c\nid: x\n", "complex-key.yaml");
        REQUIRE_FALSE(loaded.ok());
        CHECK(loaded.errors[0].message.find("plain word") != std::string::npos);
    }
}
