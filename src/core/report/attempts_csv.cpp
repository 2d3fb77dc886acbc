// The attempts as CSV, for a trainer's spreadsheet (see attempt_record.h). RFC 4180: a field with
// a comma, a quote or a line break is quoted and its quotes doubled; lines end in CRLF. The
// header names are the fields' identifiers, the same in every language, so a sheet made from a
// Japanese and an English export lines up.
#include <cstdio>

#include "core/report/attempt_record.h"

namespace socsim::report {
namespace {

void field(std::string& out, std::string_view value, bool last = false) {
    // A leading = + - @ would make a spreadsheet run the cell as a formula: a trainee name such
    // as "=HYPERLINK(...)" must stay text.
    const bool formula = !value.empty() && (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@');
    const bool quote = formula || value.find_first_of(",\"\r\n") != std::string_view::npos;
    if (quote) out += '"';
    if (formula) out += '\'';
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    if (quote) out += '"';
    out += last ? "\r\n" : ",";
}

}  // namespace

std::string attempts_csv(const std::vector<store::AttemptSummary>& attempts) {
    std::string out;
    for (const char* name : {"attempt", "trainee", "scenario", "mode", "seed", "started_utc", "finished_utc", "status",
                             "score", "passed", "actions"})
        field(out, name, std::string_view(name) == "actions");
    for (const auto& a : attempts) {
        char score[32];
        std::snprintf(score, sizeof score, "%.1f", a.score);
        const bool finished = a.status == store::AttemptStatus::Finished;
        field(out, std::to_string(a.id));
        field(out, a.trainee);
        field(out, a.scenario_id);
        field(out, a.mode);
        field(out, std::to_string(a.seed));
        field(out, a.started_at);
        field(out, a.finished_at);
        field(out, store::attempt_status_name(a.status));
        field(out, finished ? score : "");
        field(out, finished ? (a.passed ? "yes" : "no") : "");
        field(out, std::to_string(a.actions), true);
    }
    return out;
}

}  // namespace socsim::report
