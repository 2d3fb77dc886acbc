// Content checks on every shipped quiz bank (quizzes/*.yaml): each loads with no errors, is big
// enough to practise with, is complete in both languages, uses ids that are unique across all
// banks (answers and review schedules are stored by id) and tags from the vocabulary below.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/quiz/question.h"

using namespace socsim;
using namespace socsim::quiz;

namespace {

// The tag vocabulary (docs/quiz-format.md, "Tags"). Every question carries at least one topic
// other than its bank's own tag; the data source where one applies; and the ATT&CK technique when
// its topic is an attack. Add a word here and in the docs (and use it) rather than a synonym.
const std::set<std::string> kBankTags = {"soc-basics"};
const std::set<std::string> kTopicTags = {
    "soc-role", "monitored-assets", "activities", "data-sources", "siem", "services",
    "awareness", "incident", "response", "malware", "log-reading", "nat", "beaconing",
    "benign-traffic", "dga", "dns-tunnelling", "brute-force", "password-spraying",
    "lateral-movement", "rogue-device", "scanning", "triage", "containment", "scoping", "attack-mapping",
};
const std::set<std::string> kSourceTags = {"dns", "firewall", "dhcp", "auth"};
const std::set<std::string> kTechniqueTags = {
    "T1071.004",  // Application Layer Protocol: DNS (C2 over DNS)
    "T1568.002",  // Dynamic Resolution: Domain Generation Algorithms
    "T1048.003",  // Exfiltration Over Unencrypted Non-C2 Protocol
    "T1572",      // Protocol Tunneling
    "T1110.001",  // Brute Force: Password Guessing
    "T1110.003",  // Brute Force: Password Spraying
    "T1021.001",  // Remote Services: Remote Desktop Protocol
    "T1021.004",  // Remote Services: SSH
    "T1200",      // Hardware Additions (a rogue device on the network)
    "T1595",      // Active Scanning (from outside)
    "T1046",      // Network Service Discovery (from inside)
};
// The topics that are attacks, and the techniques any one of which a question of that topic must
// carry. Where an attack shows in logs, its questions also name the data source.
const std::map<std::string, std::set<std::string>> kAttackTopics = {
    {"beaconing", {"T1071.004"}},
    {"dga", {"T1568.002"}},
    {"dns-tunnelling", {"T1572", "T1048.003"}},
    {"brute-force", {"T1110.001"}},
    {"password-spraying", {"T1110.003"}},
    {"lateral-movement", {"T1021.001", "T1021.004"}},
    {"rogue-device", {"T1200"}},
    {"scanning", {"T1595", "T1046"}},
};

std::string all_errors(const std::vector<Diagnostic>& errors) {
    std::string out;
    for (const Diagnostic& d : errors) out += d.to_string() + "\n";
    return out;
}

// A folded YAML line break becomes an ASCII space; between two Japanese characters that is a
// stray space in the sentence. (Spaces next to ASCII, as in "port 22", are fine.)
bool has_space_between_non_ascii(const std::string& s) {
    for (size_t i = 1; i + 1 < s.size(); ++i)
        if (s[i] == ' ' && (static_cast<unsigned char>(s[i - 1]) & 0x80) &&
            (static_cast<unsigned char>(s[i + 1]) & 0x80))
            return true;
    return false;
}

}  // namespace

TEST_CASE("every shipped quiz bank is complete, bilingual, uniquely identified and tagged", "[quiz][content]") {
    const std::filesystem::path dir = std::filesystem::path(SOCSIM_SOURCE_DIR) / "quizzes";
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir))
        if (entry.is_regular_file() && entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    REQUIRE_FALSE(files.empty());

    std::map<std::string, std::string> id_owner;  // question id -> bank file that declared it first
    std::set<std::string> bank_ids;
    for (const auto& file : files) {
        INFO(file.string());
        const Loaded<Bank> loaded = load_bank_file(file);
        INFO(all_errors(loaded.errors));
        REQUIRE(loaded.errors.empty());
        REQUIRE(loaded.ok());
        const Bank& bank = *loaded.value;
        CHECK(bank_ids.insert(bank.id).second);
        CHECK_FALSE(bank.title.ja.empty());
        CHECK_FALSE(bank.title.en.empty());
        CHECK(bank.questions.size() >= 40);

        for (const Question& q : bank.questions) {
            INFO(q.id);
            CHECK_FALSE(q.prompt.ja.empty());
            CHECK_FALSE(q.prompt.en.empty());
            CHECK_FALSE(q.explanation.ja.empty());
            CHECK_FALSE(q.explanation.en.empty());
            CHECK_FALSE(has_space_between_non_ascii(q.prompt.ja));
            CHECK_FALSE(has_space_between_non_ascii(q.explanation.ja));
            for (const Choice& c : q.choices) {
                CHECK_FALSE(c.text.ja.empty());
                CHECK_FALSE(c.text.en.empty());
            }

            const auto [it, inserted] = id_owner.emplace(q.id, file.filename().string());
            INFO("first declared in " << it->second);
            CHECK(inserted);

            int topics = 0;
            for (const std::string& tag : q.tags) {
                INFO("tag " << tag);
                const bool topic = kTopicTags.count(tag) > 0;
                topics += topic ? 1 : 0;
                CHECK((topic || kBankTags.count(tag) > 0 || kSourceTags.count(tag) > 0 || kTechniqueTags.count(tag) > 0));
            }
            CHECK(topics >= 1);  // a topic beyond the bank's own tag
        }
    }
}

TEST_CASE("every shipped question has a topic, and attack topics carry their technique and data source",
          "[quiz][content][tags]") {
    const std::filesystem::path dir = std::filesystem::path(SOCSIM_SOURCE_DIR) / "quizzes";
    int attack_questions = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".yaml") continue;
        INFO(entry.path().string());
        const Loaded<Bank> loaded = load_bank_file(entry.path());
        REQUIRE(loaded.ok());
        for (const Question& q : loaded.value->questions) {
            INFO(q.id);
            const std::set<std::string> tags(q.tags.begin(), q.tags.end());
            CHECK(std::any_of(tags.begin(), tags.end(), [](const std::string& t) { return kTopicTags.count(t) > 0; }));
            bool attack = false;
            for (const auto& [topic, techniques] : kAttackTopics) {
                if (!tags.count(topic)) continue;
                attack = true;
                INFO("attack topic " << topic);
                CHECK(std::any_of(techniques.begin(), techniques.end(), [&](const std::string& t) { return tags.count(t) > 0; }));
            }
            if (attack || tags.count("log-reading")) {
                ++attack_questions;
                CHECK(std::any_of(tags.begin(), tags.end(), [](const std::string& t) { return kSourceTags.count(t) > 0; }));
            }
            // Technique ids come from the vocabulary, like every other tag.
            for (const std::string& t : tags) {
                if (!t.starts_with("T1")) continue;
                INFO("technique " << t);
                CHECK(kTechniqueTags.count(t) > 0);
            }
        }
    }
    CHECK(attack_questions > 40);
}

TEST_CASE("the shipped banks hold numeric, short-answer and matching questions that can be answered",
          "[quiz][content]") {
    const std::filesystem::path dir = std::filesystem::path(SOCSIM_SOURCE_DIR) / "quizzes";
    std::map<QuestionType, int> count;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
        if (entry.path().extension() != ".yaml") continue;
        const Loaded<Bank> loaded = load_bank_file(entry.path());
        REQUIRE(loaded.ok());
        for (const Question& q : loaded.value->questions) {
            INFO(q.id);
            count[q.type] += 1;
            Response best;
            switch (q.type) {
                case QuestionType::Numeric:
                    REQUIRE_FALSE(q.numeric.empty());
                    best.number = (q.numeric[0].min + q.numeric[0].max) / 2;
                    CHECK(q.numeric[0].weight == 1);
                    CHECK_FALSE(grade(q, Response{{}, -12345.0, {}}).correct);
                    break;
                case QuestionType::ShortAnswer:
                    REQUIRE_FALSE(q.accepted.empty());
                    best.text = q.accepted[0].text;
                    CHECK(q.accepted[0].weight == 1);
                    CHECK_FALSE(grade(q, Response{{}, {}, "something else"}).correct);
                    break;
                case QuestionType::Matching:
                    CHECK(q.pairs.size() >= 3);
                    for (std::size_t i = 0; i < q.pairs.size(); ++i) best.selected.push_back(static_cast<int>(i));
                    CHECK(grade(q, Response{{}, {}, {}}).fraction == 0);
                    break;
                default: continue;
            }
            CHECK(grade(q, best).correct);
        }
    }
    CHECK(count[QuestionType::Numeric] >= 4);
    CHECK(count[QuestionType::ShortAnswer] >= 4);
    CHECK(count[QuestionType::Matching] >= 4);
}

TEST_CASE("the DHCP log short answer accepts what a Japanese or English keyboard types", "[quiz][content]") {
    const Loaded<Bank> loaded = load_bank_file(std::filesystem::path(SOCSIM_SOURCE_DIR) / "quizzes/soc-basics.yaml");
    REQUIRE(loaded.ok());
    const auto& qs = loaded.value->questions;
    const auto it = std::find_if(qs.begin(), qs.end(), [](const Question& q) { return q.id == "data-dhcp-log-name"; });
    REQUIRE(it != qs.end());
    for (const char* typed : {"DHCP", "dhcp", "ＤＨＣＰ", "ｄｈｃｐ", " DHCP ", "DHCPログ", "ＤＨＣＰログ", "DHCPﾛｸﾞ",
                              "ＤＨＣＰﾛｸﾞ", "dhcp log", "DHCP　logs", "DHCPのログ"}) {
        INFO(typed);
        CHECK(grade(*it, Response{{}, {}, typed}).correct);
    }
    CHECK_FALSE(grade(*it, Response{{}, {}, "DNS"}).correct);
    CHECK_FALSE(grade(*it, Response{{}, {}, "DHC"}).correct);
}
