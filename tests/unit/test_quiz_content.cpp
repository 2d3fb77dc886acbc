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

// The tag vocabulary. A question carries at least one topic; data sources and ATT&CK technique
// ids are added where they apply. Add a word here (and use it) rather than inventing synonyms.
const std::set<std::string> kTopicTags = {
    "soc-basics", "monitored-assets", "activities", "data-sources", "siem", "services",
    "awareness", "incident", "response", "malware", "log-reading", "nat", "beaconing",
    "benign-traffic", "dga", "dns-tunnelling", "brute-force", "password-spraying",
    "lateral-movement", "rogue-device", "triage", "containment", "scoping", "attack-mapping",
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
                CHECK((topic || kSourceTags.count(tag) > 0 || kTechniqueTags.count(tag) > 0));
            }
            CHECK(topics >= 1);
        }
    }
}
