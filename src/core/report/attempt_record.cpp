// Gathering an attempt's record for the printed reports (see attempt_record.h).
#include "core/report/attempt_record.h"

#include <algorithm>
#include <cstdio>

#include "core/logs/render.h"

namespace socsim::report {

std::string utc_text(const std::string& iso) {
    const auto t = parse_iso8601(iso);
    if (!t) return iso;
    return format_time(*t, 0).substr(0, 19);
}

std::string score_sentence(const AttemptRecord& r, const Catalog& tr, Lang lang) {
    char total[32], pass[32];
    std::snprintf(total, sizeof total, "%.1f", r.total);
    std::snprintf(pass, sizeof pass, "%.0f", r.pass_mark);
    return tr.format("report.doc_score", {{"total", total}, {"result", tr.tr(r.passed ? "cli.passed" : "cli.failed", lang)}, {"pass", pass}},
                     lang);
}

std::string technique_text(const IncidentReport& ir) {
    std::string text = ir.technique;
    for (const auto& t : known_techniques())
        if (ir.technique == t.id) text += std::string(" ") + t.name;
    return text;
}

std::vector<std::string> source_names(const IncidentReport& ir, const Catalog& tr, Lang lang) {
    std::vector<std::string> names;
    for (const auto& src : ir.data_sources) names.push_back(tr.tr("source." + src, lang));
    return names;
}

AttemptRecord gather(const Attempt& attempt, const store::AttemptSummary& summary, const store::Database& db) {
    AttemptRecord r;
    r.summary = summary;
    const scenario::Scenario& s = attempt.scenario();
    r.scenario_title = s.title;
    r.utc_offset_minutes = s.utc_offset_minutes;
    r.start = attempt.clock().start();
    r.stopped = attempt.clock().now();
    r.timeline = attempt.timeline();
    r.pass_mark = s.scoring.pass_mark;
    r.finished = summary.status == store::AttemptStatus::Finished;
    if (r.finished) {
        // The score as it was given, not computed again: a later program must not change a grade.
        r.score_lines = db.score_lines(summary.id);
        r.total = summary.score;
        r.passed = summary.passed;
    }
    r.incident = attempt.report();

    const auto& store = attempt.engine().logs();
    const logs::Renderer renderer(s, store);
    const auto line_of = [&](std::uint32_t record, const std::string& note) {
        EvidenceLine e;
        e.record = record;
        if (record < store.size()) {
            const logs::Event& ev = store.at(record);
            e.source = logs::source_name(ev.source);
            e.time = ev.time;
            e.line = renderer.line(ev);
        }
        e.note = note;
        return e;
    };
    const std::vector<std::uint32_t> cited = r.incident ? r.incident->evidence : std::vector<std::uint32_t>{};
    const auto is_cited = [&](std::uint32_t record) { return std::find(cited.begin(), cited.end(), record) != cited.end(); };
    for (const auto& p : attempt.pins()) {
        r.evidence.push_back(line_of(p.record, p.note));
        r.evidence.back().cited = is_cited(p.record);
    }
    for (const auto record : cited) {
        if (attempt.is_pinned(record)) continue;
        r.evidence.push_back(line_of(record, {}));
        r.evidence.back().cited = true;
    }
    return r;
}

}  // namespace socsim::report
