// The catalogs: both languages have every key, and every key the code uses exists.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/i18n/catalog.h"

using namespace socsim;

TEST_CASE("English and Japanese catalogs have the same keys", "[i18n]") {
    Catalog c;
    const auto errors = c.load(std::string(SOCSIM_SOURCE_DIR) + "/assets/i18n");
    for (const auto& e : errors) FAIL(e.to_string());
    const auto en = c.keys(Lang::En);
    const auto ja = c.keys(Lang::Ja);
    CHECK(en.size() > 100);
    for (const auto& k : en) {
        INFO(k);
        CHECK(c.has(k, Lang::Ja));
    }
    for (const auto& k : ja) {
        INFO(k);
        CHECK(c.has(k, Lang::En));
    }
}

TEST_CASE("every catalog key named in the source exists", "[i18n]") {
    Catalog c;
    c.load(std::string(SOCSIM_SOURCE_DIR) + "/assets/i18n");
    const std::regex key_re(R"re("((?:menu|shortcut|help|tip|export|response|catalogue|difficulty|workspace|common|explorer|source|hosts|col|role|quiz|debrief|demo|cli|score|timeline|action|filter|lesson|fig|stats|evidence|report|hostview|query|rule|alerts|verdict|sql|guide)\.[a-z_]+)")re");
    std::set<std::string> used;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(std::string(SOCSIM_SOURCE_DIR) + "/src")) {
        if (entry.path().extension() != ".cpp") continue;
        // Other tools' field names ("source.ip") are not catalog keys.
        if (entry.path().filename() == "fields.cpp") continue;
        std::ifstream in(entry.path());
        std::stringstream text;
        text << in.rdbuf();
        const std::string s = text.str();
        for (std::sregex_iterator it(s.begin(), s.end(), key_re), end; it != end; ++it) {
            const std::string key = (*it)[1];
            if (key.back() != '_') used.insert(key);  // "quiz.mode_" + name: a prefix, checked below
        }
    }
    CHECK(used.size() > 80);
    for (const char* mode : {"practice", "exam", "review", "checkpoint"}) used.insert(std::string("quiz.mode_") + mode);
    for (const char* d : {"easy", "medium", "hard"}) used.insert(std::string("difficulty.") + d);
    for (const char* l : {"informational", "low", "medium", "high", "critical"}) used.insert(std::string("rule.level_") + l);
    for (const auto& k : used) {
        INFO(k);
        CHECK(c.has(k, Lang::En));
    }
}

TEST_CASE("a missing key shows as the key, and Japanese falls back to English", "[i18n]") {
    Catalog c;
    c.load(std::string(SOCSIM_SOURCE_DIR) + "/assets/i18n");
    CHECK(c.tr("no.such.key") == "no.such.key");
    c.set_lang(Lang::Ja);
    CHECK(c.tr("hosts.isolate") == "隔離");
    CHECK(c.format("hosts.isolate_question", {{"host", "ws-07"}}).find("ws-07") != std::string::npos);
}

TEST_CASE("a broken catalog is reported with its line", "[i18n]") {
    const auto dir = std::filesystem::temp_directory_path() / "socsim-i18n-broken";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "en.yaml") << "a: ok\nb: [not, text]\n";
    std::ofstream(dir / "ja.yaml") << "a: [1, 2\n";
    Catalog c;
    const auto errors = c.load(dir);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].line == 2);
    CHECK(errors[0].message.find("'b'") != std::string::npos);
    CHECK(errors[1].file.find("ja.yaml") != std::string::npos);
    CHECK(c.tr("a") == "ok");
    std::filesystem::remove_all(dir);
}
