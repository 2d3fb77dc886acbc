// The bad-input corpus (tests/bad-input, issue 8) through the core loaders themselves, without the
// command line: every file is refused with at least one message naming it, nothing throws past
// a loader. Beside it, the limits that guard against hostile YAML, checked on both sides of each
// limit so a limit that stopped refusing, or started refusing good files, fails here.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <fstream>
#include <string>
#include <vector>

#include "core/common/time.h"
#include "core/common/yaml_documents.h"
#include "core/detect/rule.h"
#include "core/quiz/gift_codec.h"
#include "core/quiz/question.h"
#include "core/scenario/loader.h"
#include "core/store/database.h"

#if defined(__unix__)
#include <sys/stat.h>
#endif

namespace fs = std::filesystem;
using namespace socsim;

namespace {

const fs::path kCorpus = fs::path(SOCSIM_SOURCE_DIR) / "tests" / "bad-input";

std::vector<fs::path> corpus_files(const char* folder) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(kCorpus / folder)) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

// Every message names a file; the first names the file given or one it includes.
template <class T>
void check_refused(const Loaded<T>& loaded, const fs::path& file) {
    INFO(file.string());
    CHECK_FALSE(loaded.ok());
    REQUIRE_FALSE(loaded.errors.empty());
    for (const Diagnostic& d : loaded.errors) {
        CHECK_FALSE(d.file.empty());
        CHECK_FALSE(d.message.empty());
    }
}

std::string nested_lists(int depth) { return std::string(static_cast<std::size_t>(depth), '[') + std::string(static_cast<std::size_t>(depth), ']'); }

// Nine aliases of nine aliases... `levels` deep: 9^levels values once expanded.
std::string laughs(int levels) {
    std::string text = "l0: &l0 [a, a, a, a, a, a, a, a, a]\n";
    for (int i = 1; i <= levels; ++i) {
        const std::string prev = "*l" + std::to_string(i - 1);
        text += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [" + prev;
        for (int k = 1; k < 9; ++k) text += ", " + prev;
        text += "]\n";
    }
    return text;
}

}  // namespace

TEST_CASE("every corpus scenario is refused by the loader with a message", "[bad-input]") {
    const auto files = corpus_files("scenario");
    REQUIRE(files.size() >= 40);
    for (const auto& f : files)
        check_refused(scenario::is_included_part(f) ? scenario::load_included_part(f) : scenario::load_file(f), f);
}

TEST_CASE("every corpus quiz bank and GIFT file is refused by the loader with a message", "[bad-input]") {
    const auto banks = corpus_files("quiz");
    const auto gifts = corpus_files("gift");
    REQUIRE(banks.size() + gifts.size() >= 25);
    for (const auto& f : banks) check_refused(quiz::load_bank_file(f), f);
    for (const auto& f : gifts) check_refused(quiz::import_gift_file(f, Lang::En), f);
}

TEST_CASE("every corpus rule is refused by the loader with a message", "[bad-input]") {
    const auto files = corpus_files("rules");
    REQUIRE(files.size() >= 15);
    for (const auto& f : files) check_refused(detect::load_rule_file(f), f);
}

TEST_CASE("every corpus database is refused when opened, naming the file", "[bad-input]") {
    const auto files = corpus_files("database");
    REQUIRE(files.size() >= 10);
    const fs::path dir = fs::temp_directory_path() / "socsim-bad-input-db";
    for (const auto& f : files) {
        INFO(f.string());
        fs::remove_all(dir);
        fs::create_directories(dir);
        const fs::path copy = dir / f.filename();  // opening may write: never the committed file
        fs::copy_file(f, copy);
        // Opening succeeds only for damage SQLite finds later (a page past the first); the first
        // read then fails.
        try {
            store::Database db(copy);
            (void)db.list_attempts();
            FAIL("opened and read without an error");
        } catch (const store::StoreError& e) {
            CHECK_THAT(e.what(), Catch::Contains(f.filename().string()));
        }
    }
    fs::remove_all(dir);
}

TEST_CASE("YAML nested up to the limit is read; deeper is refused where it gets too deep", "[bad-input]") {
    CHECK_NOTHROW(count_documents("k: " + nested_lists(kMaxYamlDepth - 1) + "\n"));
    try {
        count_documents("k: " + nested_lists(10000) + "\n");
        FAIL("10,000 levels were not refused");
    } catch (const YamlRefused& e) {
        CHECK(e.mark.line == 0);
        CHECK(e.mark.column == 3 + kMaxYamlDepth - 1);  // the bracket that opens level 65
        CHECK_THAT(e.what(), Catch::Contains("nest more than 64 levels"));
    }
}

TEST_CASE("aliases are read until they expand past the value limit (billion laughs)", "[bad-input]") {
    CHECK_NOTHROW(count_documents(laughs(5)));  // about 670,000 values: big, but allowed
    CHECK_THROWS_WITH(count_documents(laughs(9)), Catch::Contains("billion laughs"));
    // The same through a loader: a message at the alias, not an out-of-memory kill.
    const auto loaded = scenario::load_text(laughs(9), "laughs.yaml");
    REQUIRE_FALSE(loaded.errors.empty());
    CHECK(loaded.errors.front().line == 7);  // l6, the first alias list past the limit
}

TEST_CASE("text that is not UTF-8, holds control characters or overlong lines is refused at its line", "[bad-input]") {
    CHECK_NOTHROW(check_text("\xEF\xBB\xBFtitle: 日本語\r\nok: \"tab\there\"\n"));  // BOM, CRLF, tab, Japanese
    auto line_of = [](const std::string& text) {
        try {
            check_text(text);
        } catch (const YamlRefused& e) {
            return e.mark.line + 1;
        }
        return 0;
    };
    CHECK(line_of("a: 1\nb: caf\xE9\n") == 2);                 // Latin-1
    CHECK(line_of("a: 1\nb: 2\nc: \xED\xA0\x80\n") == 3);      // a UTF-16 surrogate
    CHECK(line_of("a: \xC0\xAF\n") == 1);                      // an overlong form of '/'
    CHECK(line_of(std::string("a: 1\nb: x\0y\n", 12)) == 2);   // a NUL byte
    CHECK(line_of("a: 1\n" + std::string(kMaxLineBytes, 'x') + "\n") == 0);
    CHECK(line_of("a: 1\n" + std::string(kMaxLineBytes + 2, 'x') + "\n") == 2);
}

TEST_CASE("dates that do not exist are not read as the next month", "[bad-input]") {
    CHECK_FALSE(parse_iso8601("2026-02-30T08:00:00+09:00"));
    CHECK_FALSE(parse_iso8601("2026-02-29T08:00:00+09:00"));
    CHECK_FALSE(parse_iso8601("2026-04-31T08:00:00+09:00"));
    CHECK(parse_iso8601("2028-02-29T08:00:00+09:00"));  // a leap year
    CHECK(parse_iso8601("2026-12-31T23:59:59Z"));
}

TEST_CASE("a scenario within every limit but with an absurd product of them is refused", "[bad-input]") {
    const fs::path minimal = fs::path(SOCSIM_SOURCE_DIR) / "tests" / "data" / "scenario" / "minimal.yaml";
    std::ifstream in(minimal);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto set = [&](const std::string& from, const std::string& to) {
        const auto at = text.find(from);
        REQUIRE(at != std::string::npos);
        text.replace(at, from.size(), to);
    };
    set("lookups_per_hour: 40", "lookups_per_hour: 10000");
    set("duration: 9h", "duration: 31d");
    CHECK(scenario::load_text(text, "few-hosts.yaml").ok());  // 4 hosts: a busy month, not absurd
    std::string hosts;
    for (int i = 0; i < 2000; ++i) {
        char line[96];
        std::snprintf(line, sizeof line, "  - {hostname: pc-%04d, role: workstation, mac: \"02:00:00:%02x:%02x:01\"}\n", i,
                      i / 256, i % 256);
        hosts += line;
    }
    set("hosts:\n", "hosts:\n" + hosts);
    set("10.20.0.0/24", "10.20.0.0/16");
    set("10.20.0.100-10.20.0.102", "10.20.1.1-10.20.9.254");
    const auto loaded = scenario::load_text(text, "many-hosts.yaml");
    REQUIRE(loaded.errors.size() == 1);
    CHECK_THAT(loaded.errors[0].message, Catch::Contains("billion records") && Catch::Contains("500 million"));
}

#if defined(__unix__)
TEST_CASE("a named pipe given as a file is refused without being opened", "[bad-input]") {
    // Opening a FIFO with no writer blocks forever: a loader that did would hang this test.
    const fs::path dir = fs::temp_directory_path() / "socsim-bad-input-pipes";
    fs::remove_all(dir);
    fs::create_directories(dir);
    for (const char* name : {"pipe.yaml", "pipe.gift", "pipe.yml"}) REQUIRE(mkfifo((dir / name).c_str(), 0600) == 0);
    for (const auto& errors : {scenario::load_file(dir / "pipe.yaml").errors, quiz::load_bank_file(dir / "pipe.yaml").errors,
                               quiz::import_gift_file(dir / "pipe.gift", Lang::En).errors,
                               detect::load_rule_file(dir / "pipe.yml").errors}) {
        REQUIRE(errors.size() == 1);
        CHECK_THAT(errors[0].message, Catch::Contains("not a regular file"));
    }
    fs::remove_all(dir);
}
#endif
