#include "core/xapi/statements.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "core/common/time.h"

namespace socsim::xapi {

namespace {

using nlohmann::json;

std::string format_uuid(const std::uint8_t* b) {
    char text[37];
    std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                  b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
    return text;
}

bool parse_uuid(const std::string& text, std::array<std::uint8_t, 16>& out) {
    std::size_t k = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '-') continue;
        if (k >= 32) return false;
        const auto nibble = [](char c) -> int {
            if (c >= '0' && c <= '9') return c - '0';
            if (c >= 'a' && c <= 'f') return c - 'a' + 10;
            if (c >= 'A' && c <= 'F') return c - 'A' + 10;
            return -1;
        };
        const int v = nibble(text[i]);
        if (v < 0) return false;
        if (k % 2 == 0)
            out[k / 2] = static_cast<std::uint8_t>(v << 4);
        else
            out[k / 2] |= static_cast<std::uint8_t>(v);
        ++k;
    }
    return k == 32;
}

// Activity ids carry authors' ids: anything outside RFC 3986's unreserved characters is
// percent-encoded so the IRI stays one path segment.
std::string iri_segment(const std::string& text) {
    std::string out;
    for (const unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        }
    }
    return out;
}

json language_map(const LocalText& text, const std::string& fallback) {
    json map = json::object();
    map["en-US"] = text.en.empty() ? (text.ja.empty() ? fallback : text.ja) : text.en;
    map["ja-JP"] = text.ja.empty() ? map["en-US"].get<std::string>() : text.ja;
    return map;
}

struct VerbText {
    const char* verb;
    const char* en;
    const char* ja;
};
constexpr VerbText kVerbs[] = {
    {"attempted", "attempted", "取り組み始めた"}, {"answered", "answered", "回答した"},
    {"completed", "completed", "完了した"},       {"passed", "passed", "合格した"},
    {"failed", "failed", "不合格だった"},
};

json verb_json(const std::string& verb) {
    for (const VerbText& v : kVerbs)
        if (verb == v.verb) return {{"id", verb_iri(verb)}, {"display", {{"en-US", v.en}, {"ja-JP", v.ja}}}};
    throw std::logic_error("unknown xAPI verb " + verb);
}

bool is_quiz(const std::string& activity) { return activity.rfind("quiz:", 0) == 0; }

// Score lines are percentages (score::Score::total is 0..100); xAPI wants scaled in [-1, 1] and
// min <= raw <= max. A stored value outside (a damaged row) is clamped rather than sent invalid.
json score_json(double percent) {
    if (!std::isfinite(percent)) percent = 0;
    percent = std::clamp(percent, 0.0, 100.0);
    const double raw = std::round(percent * 100) / 100;
    return {{"scaled", std::round(raw * 100) / 10000}, {"raw", raw}, {"min", 0}, {"max", 100}};
}

}  // namespace

std::string name_uuid(const std::string& namespace_uuid, const std::string& name) {
    std::array<std::uint8_t, 16> ns{};
    if (!parse_uuid(namespace_uuid, ns)) throw std::invalid_argument("not a UUID: " + namespace_uuid);
    std::string data(reinterpret_cast<const char*>(ns.data()), ns.size());
    data += name;
    std::array<std::uint8_t, SHA_DIGEST_LENGTH> digest{};
    SHA1(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest.data());
    digest[6] = static_cast<std::uint8_t>((digest[6] & 0x0f) | 0x50);  // version 5
    digest[8] = static_cast<std::uint8_t>((digest[8] & 0x3f) | 0x80);  // RFC 4122 variant
    return format_uuid(digest.data());
}

std::string random_uuid() {
    std::array<std::uint8_t, 16> b{};
    if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) throw std::runtime_error("no random source for a UUID");
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
    return format_uuid(b.data());
}

std::string verb_iri(const std::string& verb) { return "http://adlnet.gov/expapi/verbs/" + verb; }

std::string activity_iri(const Profile& profile, const std::string& activity) {
    if (is_quiz(activity)) return profile.activity_base + "quiz/" + iri_segment(activity.substr(5));
    return profile.activity_base + "scenario/" + iri_segment(activity);
}

std::vector<store::OutboxStatement> statements_for(const store::AttemptSummary& attempt,
                                                   const std::vector<store::AnswerRecord>& answers,
                                                   const std::set<std::string>& already, const Profile& profile,
                                                   const std::string& installation_id, const TitleLookup& titles) {
    std::vector<store::OutboxStatement> out;
    const std::string attempt_name = "attempt/" + std::to_string(attempt.id);
    const std::string registration = name_uuid(installation_id, attempt_name);
    const LocalText title = titles ? titles(attempt.scenario_id) : LocalText{};
    const bool quiz = is_quiz(attempt.scenario_id);
    const std::string shown_id = quiz ? attempt.scenario_id.substr(5) : attempt.scenario_id;

    const json actor = {{"objectType", "Agent"},
                        {"name", attempt.trainee},
                        {"account", {{"homePage", profile.actor_home_page}, {"name", attempt.trainee}}}};
    const json activity = {
        {"objectType", "Activity"},
        {"id", activity_iri(profile, attempt.scenario_id)},
        {"definition",
         {{"type", quiz ? "http://adlnet.gov/expapi/activities/assessment" : "http://adlnet.gov/expapi/activities/simulation"},
          {"name", language_map(title, shown_id)}}}};
    json context = {{"registration", registration},
                    {"platform", "socsim"},
                    {"extensions", {{profile.activity_base + "extension/mode", attempt.mode}}}};
    if (!quiz) context["extensions"][profile.activity_base + "extension/seed"] = attempt.seed;

    const auto add = [&](const std::string& verb, const std::string& suffix, json statement) {
        if (already.count(verb)) return;
        store::OutboxStatement s;
        s.id = name_uuid(installation_id, attempt_name + "/" + verb + suffix);
        s.attempt_id = attempt.id;
        s.verb = verb;
        statement["id"] = s.id;
        s.body = statement.dump(-1, ' ', false, json::error_handler_t::replace);
        out.push_back(std::move(s));
    };

    add("attempted", "",
        {{"actor", actor}, {"verb", verb_json("attempted")}, {"object", activity}, {"context", context},
         {"timestamp", attempt.started_at}});

    if (attempt.status != store::AttemptStatus::Finished || attempt.finished_at.empty()) return out;

    // The answers go out with the grade, not as they are given: until the attempt is graded an
    // answer can still change (an exam is answered in any order and handed in once).
    if (!already.count("answered")) {
        const std::string bank = attempt.bank_id.empty() ? shown_id : attempt.bank_id;
        json parent_context = context;
        parent_context["contextActivities"] = {{"parent", json::array({{{"id", activity["id"]}, {"objectType", "Activity"}}})}};
        std::vector<store::OutboxStatement> answered;
        for (const store::AnswerRecord& a : answers) {
            const double fraction = std::isfinite(a.fraction) ? std::clamp(a.fraction, 0.0, 1.0) : 0.0;
            const json question = {
                {"objectType", "Activity"},
                {"id", profile.activity_base + "quiz/" + iri_segment(bank) + "/question/" + iri_segment(a.question_id)},
                {"definition",
                 {{"type", "http://adlnet.gov/expapi/activities/cmi.interaction"},
                  {"name", {{"en-US", "Question " + a.question_id}, {"ja-JP", "問題 " + a.question_id}}}}}};
            json statement = {{"actor", actor},
                              {"verb", verb_json("answered")},
                              {"object", question},
                              {"result",
                               {{"success", a.correct},
                                {"score", {{"scaled", std::round(fraction * 10000) / 10000}, {"raw", std::round(fraction * 10000) / 10000}, {"min", 0}, {"max", 1}}}}},
                              {"context", parent_context},
                              {"timestamp", a.recorded_at.empty() ? attempt.finished_at : a.recorded_at}};
            store::OutboxStatement s;
            s.id = name_uuid(installation_id, attempt_name + "/answered/" + a.question_id);
            s.attempt_id = attempt.id;
            s.verb = "answered";
            statement["id"] = s.id;
            s.body = statement.dump(-1, ' ', false, json::error_handler_t::replace);
            answered.push_back(std::move(s));
        }
        for (auto& s : answered) out.push_back(std::move(s));
    }

    const auto started = parse_iso8601(attempt.started_at);
    const auto finished = parse_iso8601(attempt.finished_at);
    json result = {{"score", score_json(attempt.score)}, {"completion", true}};
    if (started && finished) result["duration"] = format_iso8601_duration(*finished - *started);
    json completed_result = result;
    add("completed", "",
        {{"actor", actor}, {"verb", verb_json("completed")}, {"object", activity}, {"result", completed_result},
         {"context", context}, {"timestamp", attempt.finished_at}});
    result["success"] = attempt.passed;
    const std::string verdict = attempt.passed ? "passed" : "failed";
    if (!already.count("passed") && !already.count("failed"))
        add(verdict, "",
            {{"actor", actor}, {"verb", verb_json(verdict)}, {"object", activity}, {"result", result},
             {"context", context}, {"timestamp", attempt.finished_at}});
    return out;
}

}  // namespace socsim::xapi
