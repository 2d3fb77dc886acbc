// The trainee's incident report as Markdown (see attempt_record.h): what a SOC hands on to the
// people who clean up, with the evidence lines quoted as they were in the logs. Text the trainee
// typed is escaped, so a `#` or a `|` in a summary stays text.
#include <algorithm>
#include <cstdio>

#include "core/report/attempt_record.h"

namespace socsim::report {
namespace {

std::string escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (std::string_view("\\`*_[]<>#|!~").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

// A fence longer than any run of backticks in `text`, so a log line cannot close its block.
std::string fence_for(std::string_view text) {
    std::size_t longest = 0, run = 0;
    for (char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

}  // namespace

std::string incident_markdown(const AttemptRecord& r, const Catalog& tr, Lang lang) {
    std::string md;
    const auto& s = r.summary;
    md += "# " + escape(tr.format("report.doc_title", {{"scenario", r.scenario_title.get(lang)}}, lang)) + "\n\n";
    md += escape(tr.format("report.doc_meta", {{"id", std::to_string(s.id)}, {"trainee", s.trainee}, {"mode", s.mode},
                                               {"seed", std::to_string(s.seed)}, {"started", utc_text(s.started_at)}},
                           lang));
    md += "  \n";
    md += escape(r.finished ? tr.format("report.doc_finished", {{"finished", utc_text(s.finished_at)}}, lang) : tr.tr("report.doc_in_progress", lang));
    md += "\n\n";
    if (r.finished) md += "**" + escape(score_sentence(r, tr, lang)) + "**\n\n";

    const auto none = escape(tr.tr("report.doc_none", lang));
    const auto list = [&](const std::vector<std::string>& items) {
        std::string out;
        for (const auto& i : items) out += "- " + escape(i) + "\n";
        return items.empty() ? "- " + none + "\n" : out;
    };
    if (!r.incident) {
        md += escape(tr.tr("report.doc_not_submitted", lang)) + "\n\n";
    } else {
        const IncidentReport& ir = *r.incident;
        md += "## " + escape(tr.tr("report.doc_hosts", lang)) + "\n\n" + list(ir.hosts) + "\n";
        md += "## " + escape(tr.tr("report.doc_indicators", lang)) + "\n\n" + list(ir.indicators) + "\n";
        md += "## " + escape(tr.tr("report.doc_first_seen", lang)) + "\n\n" +
              (ir.first_seen ? escape(format_time(*ir.first_seen, r.utc_offset_minutes)) : none) + "\n\n";
        md += "## " + escape(tr.tr("report.doc_technique", lang)) + "\n\n" + (ir.technique.empty() ? none : escape(technique_text(ir))) + "\n\n";
        md += "## " + escape(tr.tr("report.doc_sources", lang)) + "\n\n" + list(source_names(ir, tr, lang)) + "\n";
        md += "## " + escape(tr.tr("report.doc_actions", lang)) + "\n\n" + (ir.actions_taken.empty() ? none : escape(ir.actions_taken)) + "\n\n";
        md += "## " + escape(tr.tr("report.doc_summary", lang)) + "\n\n" + (ir.summary.empty() ? none : escape(ir.summary)) + "\n\n";
    }
    md += "## " + escape(tr.tr("report.doc_evidence", lang)) + "\n\n";
    if (r.evidence.empty()) md += "- " + none + "\n\n";
    for (const auto& e : r.evidence) {
        md += "- **" + escape(tr.tr("source." + e.source, lang)) + "** " + escape(format_time(e.time, r.utc_offset_minutes));
        if (e.cited) md += " (" + escape(tr.tr("report.doc_cited", lang)) + ")";
        if (!e.note.empty()) md += ": " + escape(e.note);
        const std::string fence = fence_for(e.line);
        md += "\n\n  " + fence + "\n  " + e.line + "\n  " + fence + "\n\n";
    }
    md += "---\n\n" + escape(tr.tr("report.doc_footer", lang)) + "\n";
    return md;
}

}  // namespace socsim::report
