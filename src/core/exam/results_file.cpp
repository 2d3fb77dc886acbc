#include "core/exam/results_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace socsim::exam {

namespace {

using nlohmann::json;

constexpr const char* kFormat = "socsim-results";
constexpr int kVersion = 1;

json to_json(const Results& r) {
    json attempts = json::array();
    for (const ResultAttempt& a : r.attempts) {
        json lines = json::array();
        for (const ResultLine& l : a.lines) {
            json args = json::array();
            for (const auto& [k, v] : l.args) args.push_back({k, v});
            lines.push_back({{"key", l.key}, {"args", args}, {"points", l.points}, {"max", l.max_points}});
        }
        json answers = json::array();
        for (const ResultAnswer& q : a.answers)
            answers.push_back({{"question", q.question}, {"fraction", q.fraction}, {"correct", q.correct}});
        attempts.push_back({{"attempt", a.attempt},
                            {"activity", a.activity},
                            {"activity_hash", a.activity_hash},
                            {"mode", a.mode},
                            {"seed", a.seed},
                            {"started_at", a.started_at},
                            {"finished_at", a.finished_at},
                            {"score", a.score},
                            {"passed", a.passed},
                            {"lines", lines},
                            {"answers", answers}});
    }
    return {{"format", kFormat}, {"version", kVersion}, {"trainee", r.trainee}, {"exported_at", r.exported_at}, {"attempts", attempts}};
}

// The bytes the signature covers: compact, keys sorted (nlohmann's objects are ordered maps).
std::string signed_text(const json& body) { return body.dump(); }

// Reads one member with a message that says where and what was expected.
struct Reader {
    std::vector<Diagnostic>& errors;
    const std::string& file;
    template <class T>
    bool get(const json& object, const char* name, const std::string& where, const char* expected, T& out) {
        const auto it = object.find(name);
        bool ok = it != object.end();
        if (ok) {
            if constexpr (std::is_same_v<T, std::string>) ok = it->is_string();
            else if constexpr (std::is_same_v<T, bool>) ok = it->is_boolean();
            else if constexpr (std::is_integral_v<T>) ok = it->is_number_integer();
            else ok = it->is_number();
        }
        if (!ok) {
            errors.push_back({file, 0, 0, where + "." + name + ": expected " + expected});
            return false;
        }
        out = it->template get<T>();
        return true;
    }
};

// "line 3, column 7" of a byte offset, for JSON that does not parse.
void position_of(const std::string& text, std::size_t byte, int& line, int& column) {
    line = 1;
    column = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
}

}  // namespace

Results collect_results(const store::Database& db, const std::string& trainee, SimTime exported_at) {
    Results r;
    r.trainee = trainee;
    r.exported_at = format_iso8601(exported_at, 0);
    auto all = db.list_attempts();  // newest first
    std::reverse(all.begin(), all.end());
    for (const store::AttemptSummary& s : all) {
        if (s.trainee != trainee || s.status != store::AttemptStatus::Finished) continue;
        ResultAttempt a;
        a.attempt = s.id;
        a.activity = s.scenario_id;
        a.activity_hash = s.scenario_hash;
        a.mode = s.mode;
        a.seed = s.seed;
        a.started_at = s.started_at;
        a.finished_at = s.finished_at;
        a.score = s.score;
        a.passed = s.passed;
        for (const score::ScoreLine& l : db.score_lines(s.id)) a.lines.push_back({l.key, l.args, l.points, l.max_points});
        for (const store::AnswerRecord& q : db.answers(s.id)) a.answers.push_back({q.question_id, q.fraction, q.correct});
        r.attempts.push_back(std::move(a));
    }
    return r;
}

std::string results_file_text(const Results& results, const InstructorKey& key) {
    json body = to_json(results);
    const std::string signature = key.sign(signed_text(body));
    body["signature"] = {{"algorithm", "HMAC-SHA256"}, {"key", key.id()}, {"value", signature}};
    return body.dump(2) + "\n";
}

Loaded<Results> read_results(const std::string& text, const std::string& file_name, const InstructorKey& key) {
    Loaded<Results> out;
    json body;
    try {
        body = json::parse(text);
    } catch (const json::parse_error& e) {
        int line = 0, column = 0;
        position_of(text, e.byte > 0 ? e.byte - 1 : 0, line, column);
        out.errors.push_back({file_name, line, column, "not a results file: the JSON does not parse"});
        return out;
    }
    if (!body.is_object() || body.value("format", json()) != kFormat) {
        out.errors.push_back({file_name, 1, 1, "not a results file: expected \"format\": \"socsim-results\" (made by 'socsim results export')"});
        return out;
    }
    if (!body["version"].is_number_integer() || body["version"].get<int>() != kVersion) {
        out.errors.push_back({file_name, 0, 0, "a results file of another version (this socsim reads version 1)"});
        return out;
    }
    const auto sig = body.find("signature");
    if (sig == body.end() || !sig->is_object() || !(*sig)["value"].is_string() || !(*sig)["key"].is_string()) {
        out.errors.push_back({file_name, 0, 0, "the file is not signed: its results cannot be trusted"});
        return out;
    }
    const std::string key_id = (*sig)["key"].get<std::string>();
    const std::string value = (*sig)["value"].get<std::string>();
    if (key_id != key.id()) {
        out.errors.push_back({file_name, 0, 0, "signed with another instructor key (id " + key_id + "; the key given has id " + key.id() + ")"});
        return out;
    }
    json unsigned_body = body;
    unsigned_body.erase("signature");
    if (!equal_in_constant_time(key.sign(signed_text(unsigned_body)), value)) {
        out.errors.push_back({file_name, 0, 0,
                              "the signature does not match: the file was changed after it was exported (a score, an answer or an "
                              "attempt edited, added or removed); its results are not taken"});
        return out;
    }
    // Signed by this key, so written by socsim: the checks below catch only a socsim bug.
    Results r;
    r.key_id = key_id;
    Reader read{out.errors, file_name};
    read.get(body, "trainee", "results", "a text", r.trainee);
    read.get(body, "exported_at", "results", "a time", r.exported_at);
    const auto attempts = body.find("attempts");
    if (attempts == body.end() || !attempts->is_array()) {
        out.errors.push_back({file_name, 0, 0, "results.attempts: expected a list"});
        return out;
    }
    for (std::size_t i = 0; i < attempts->size(); ++i) {
        const json& a = (*attempts)[i];
        const std::string where = "attempts[" + std::to_string(i) + "]";
        if (!a.is_object()) {
            out.errors.push_back({file_name, 0, 0, where + ": expected an object"});
            continue;
        }
        ResultAttempt x;
        read.get(a, "attempt", where, "a whole number", x.attempt);
        read.get(a, "activity", where, "a text", x.activity);
        read.get(a, "activity_hash", where, "a text", x.activity_hash);
        read.get(a, "mode", where, "a text", x.mode);
        read.get(a, "seed", where, "a whole number", x.seed);
        read.get(a, "started_at", where, "a time", x.started_at);
        read.get(a, "finished_at", where, "a time", x.finished_at);
        read.get(a, "score", where, "a number", x.score);
        read.get(a, "passed", where, "true or false", x.passed);
        for (const json& l : a.value("lines", json::array())) {
            ResultLine line;
            if (!l.is_object()) continue;
            read.get(l, "key", where + ".lines", "a text", line.key);
            read.get(l, "points", where + ".lines", "a number", line.points);
            read.get(l, "max", where + ".lines", "a number", line.max_points);
            for (const json& arg : l.value("args", json::array()))
                if (arg.is_array() && arg.size() == 2 && arg[0].is_string() && arg[1].is_string())
                    line.args.emplace_back(arg[0].get<std::string>(), arg[1].get<std::string>());
            x.lines.push_back(std::move(line));
        }
        for (const json& q : a.value("answers", json::array())) {
            ResultAnswer answer;
            if (!q.is_object()) continue;
            read.get(q, "question", where + ".answers", "a text", answer.question);
            read.get(q, "fraction", where + ".answers", "a number", answer.fraction);
            read.get(q, "correct", where + ".answers", "true or false", answer.correct);
            x.answers.push_back(std::move(answer));
        }
        r.attempts.push_back(std::move(x));
    }
    if (out.errors.empty()) out.value = std::move(r);
    return out;
}

}  // namespace socsim::exam
