// The debrief as one self-contained HTML page (see attempt_record.h): the score and every line of
// it, a bar per line, the true timeline beside the trainee's actions drawn on one time axis, the
// incident report and its evidence. No script, no external file, no web font: it opens offline,
// prints on A4 and can be attached to a training record as it is.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/report/attempt_record.h"

namespace socsim::report {
namespace {

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string number(double v, const char* format = "%.1f") {
    char buf[32];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

constexpr const char* kStyle = R"css(
body { font-family: "Noto Sans CJK JP", "Noto Sans", sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #1d232a; line-height: 1.5; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; border-bottom: 1px solid #c8ced6; padding-bottom: 0.2em; margin-top: 1.6em; }
.meta { color: #5a6470; }
.score { font-size: 1.25em; font-weight: bold; margin: 0.8em 0; }
.passed { color: #1f7a3a; } .failed { color: #b3261e; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; padding: 0.25em 0.5em; border-bottom: 1px solid #e3e7ec; vertical-align: top; }
td.points { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.truth { color: #b3261e; } .action { color: #1f7a3a; } td.who { white-space: nowrap; }
pre { background: #f3f5f8; padding: 0.4em 0.6em; white-space: pre-wrap; word-break: break-all; font-size: 0.85em; margin: 0.2em 0 0.8em; }
svg text { font-family: inherit; font-size: 11px; }
footer { margin-top: 2.5em; color: #5a6470; font-size: 0.85em; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr, pre, svg { break-inside: avoid; } }
)css";

// One bar per score line: what it earned out of what it could (a penalty draws to the left).
std::string score_chart(const AttemptRecord& r, const Catalog& tr, Lang lang) {
    if (r.score_lines.empty()) return {};
    double most = 1;
    for (const auto& l : r.score_lines) most = std::max({most, l.max_points, std::abs(l.points)});
    const int row = 22, label_w = 360, bar_w = 300, height = row * static_cast<int>(r.score_lines.size()) + 10;
    std::string svg = "<svg role=\"img\" aria-label=\"" + escape(tr.tr("report.doc_points", lang)) + "\" width=\"" +
                      std::to_string(label_w + bar_w + 80) + "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " +
                      std::to_string(label_w + bar_w + 80) + " " + std::to_string(height) + "\">";
    int y = 5;
    for (const auto& l : r.score_lines) {
        std::string label = l.describe(tr, lang);
        if (label.size() > 70) {
            std::size_t cut = 66;
            while (cut > 0 && (static_cast<unsigned char>(label[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
            label = label.substr(0, cut) + "…";
        }
        const double frac = std::abs(l.points) / most, max_frac = l.max_points / most;
        svg += "<g><title>" + escape(l.describe(tr, lang)) + "</title>";
        svg += "<text x=\"0\" y=\"" + std::to_string(y + 15) + "\">" + escape(label) + "</text>";
        if (l.max_points > 0)
            svg += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 3) + "\" width=\"" + number(max_frac * bar_w, "%.1f") +
                   "\" height=\"14\" fill=\"#e3e7ec\"/>";
        svg += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 3) + "\" width=\"" + number(frac * bar_w, "%.1f") +
               "\" height=\"14\" fill=\"" + (l.points < 0 ? "#b3261e" : "#2f7de1") + "\"/>";
        svg += "<text x=\"" + std::to_string(label_w + bar_w + 8) + "\" y=\"" + std::to_string(y + 15) + "\">" +
               escape(number(l.points, "%+.1f")) + "</text></g>";
        y += row;
    }
    return svg + "</svg>";
}

// The timeline on one axis: what really happened above, what the trainee did below.
std::string timeline_chart(const AttemptRecord& r, const Catalog& tr, Lang lang) {
    if (r.timeline.empty()) return {};
    SimTime from = r.start, to = std::max(r.stopped, r.start + kMinute);
    for (const auto& e : r.timeline) to = std::max(to, e.time);
    const int width = 760, left = 80, right = 20, height = 120;
    const double span = static_cast<double>(to - from);
    const auto x_of = [&](SimTime t) { return left + (static_cast<double>(t - from) / span) * (width - left - right); };
    std::string svg = "<svg role=\"img\" aria-label=\"" + escape(tr.tr("debrief.timeline", lang)) + "\" width=\"" + std::to_string(width) +
                      "\" height=\"" + std::to_string(height) + "\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) + "\">";
    svg += "<text x=\"0\" y=\"34\" class=\"truth\" fill=\"#b3261e\">" + escape(tr.tr("debrief.attacker", lang)) + "</text>";
    svg += "<text x=\"0\" y=\"74\" fill=\"#1f7a3a\">" + escape(tr.tr("debrief.you", lang)) + "</text>";
    svg += "<line x1=\"" + std::to_string(left) + "\" y1=\"90\" x2=\"" + std::to_string(width - right) + "\" y2=\"90\" stroke=\"#8a939e\"/>";
    // Ticks at whole hours (or every 10 minutes on a short run), in the company's local time.
    const Millis step = span > 3.0 * kHour ? kHour : 10 * kMinute;
    for (SimTime t = from - (from % step) + step; t <= to; t += step) {
        const std::string x = number(x_of(t), "%.1f");
        svg += "<line x1=\"" + x + "\" y1=\"88\" x2=\"" + x + "\" y2=\"94\" stroke=\"#8a939e\"/>";
        svg += "<text x=\"" + x + "\" y=\"110\" text-anchor=\"middle\">" + escape(format_clock(t, r.utc_offset_minutes).substr(0, 5)) + "</text>";
    }
    for (const auto& e : r.timeline) {
        const std::string x = number(x_of(e.time), "%.1f");
        const int y = e.truth ? 30 : 70;
        svg += "<circle cx=\"" + x + "\" cy=\"" + std::to_string(y) + "\" r=\"5\" fill=\"" + (e.truth ? "#b3261e" : "#1f7a3a") + "\"><title>" +
               escape(format_clock(e.time, r.utc_offset_minutes) + "  " + tr.format(e.key, e.args, lang)) + "</title></circle>";
    }
    return svg + "</svg>";
}

}  // namespace

std::string debrief_html(const AttemptRecord& r, const Catalog& tr, Lang lang) {
    const auto& s = r.summary;
    const std::string title = tr.format("report.doc_debrief_title", {{"scenario", r.scenario_title.get(lang)}}, lang);
    std::string h = "<!DOCTYPE html>\n<html lang=\"" + std::string(lang_code(lang)) + "\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                    escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
    h += "<h1>" + escape(title) + "</h1>\n";
    h += "<p class=\"meta\">" +
         escape(tr.format("report.doc_meta", {{"id", std::to_string(s.id)}, {"trainee", s.trainee}, {"mode", s.mode},
                                              {"seed", std::to_string(s.seed)}, {"started", utc_text(s.started_at)}},
                          lang)) +
         "<br>" + escape(r.finished ? tr.format("report.doc_finished", {{"finished", utc_text(s.finished_at)}}, lang) : tr.tr("report.doc_in_progress", lang)) +
         "</p>\n";

    if (r.finished) {
        h += "<p class=\"score " + std::string(r.passed ? "passed" : "failed") + "\">" + escape(score_sentence(r, tr, lang)) + "</p>\n";
        h += "<h2>" + escape(tr.tr("debrief.breakdown", lang)) + "</h2>\n<table>\n";
        for (const auto& l : r.score_lines)
            h += "<tr><td class=\"points\">" + escape(number(l.points, "%+.1f")) + "</td><td>" + escape(l.describe(tr, lang)) + "</td></tr>\n";
        h += "</table>\n<h2>" + escape(tr.tr("report.doc_points", lang)) + "</h2>\n" + score_chart(r, tr, lang) + "\n";
    }

    h += "<h2>" + escape(tr.tr("debrief.timeline", lang)) + "</h2>\n<p class=\"meta\">" + escape(tr.tr("debrief.timeline_help", lang)) +
         "</p>\n" + timeline_chart(r, tr, lang) + "\n<table>\n";
    for (const auto& e : r.timeline)
        h += "<tr class=\"" + std::string(e.truth ? "truth" : "action") + "\"><td class=\"points\">" +
             escape(format_clock(e.time, r.utc_offset_minutes)) + "</td><td class=\"who\">" + escape(tr.tr(e.truth ? "debrief.attacker" : "debrief.you", lang)) +
             "</td><td>" + escape(tr.format(e.key, e.args, lang)) + "</td></tr>\n";
    h += "</table>\n";

    h += "<h2>" + escape(tr.tr("report.title", lang)) + "</h2>\n";
    if (!r.incident) {
        h += "<p>" + escape(tr.tr("report.doc_not_submitted", lang)) + "</p>\n";
    } else {
        const IncidentReport& ir = *r.incident;
        const std::string none = escape(tr.tr("report.doc_none", lang));
        const auto joined = [&](const std::vector<std::string>& items) {
            std::string out;
            for (const auto& i : items) out += (out.empty() ? "" : ", ") + escape(i);
            return out.empty() ? none : out;
        };
        const std::string technique = technique_text(ir);
        h += "<table>\n";
        const auto row = [&](const char* key, const std::string& html) {
            h += "<tr><th>" + escape(tr.tr(key, lang)) + "</th><td>" + html + "</td></tr>\n";
        };
        row("report.doc_hosts", joined(ir.hosts));
        row("report.doc_indicators", joined(ir.indicators));
        row("report.doc_first_seen", ir.first_seen ? escape(format_time(*ir.first_seen, r.utc_offset_minutes)) : none);
        row("report.doc_technique", technique.empty() ? none : escape(technique));
        row("report.doc_sources", joined(source_names(ir, tr, lang)));
        row("report.doc_actions", ir.actions_taken.empty() ? none : escape(ir.actions_taken));
        row("report.doc_summary", ir.summary.empty() ? none : escape(ir.summary));
        h += "</table>\n";
    }
    h += "<h2>" + escape(tr.tr("report.doc_evidence", lang)) + "</h2>\n";
    if (r.evidence.empty()) h += "<p>" + escape(tr.tr("report.doc_none", lang)) + "</p>\n";
    for (const auto& e : r.evidence) {
        h += "<p><b>" + escape(tr.tr("source." + e.source, lang)) + "</b> " + escape(format_time(e.time, r.utc_offset_minutes));
        if (e.cited) h += " (" + escape(tr.tr("report.doc_cited", lang)) + ")";
        if (!e.note.empty()) h += " — " + escape(e.note);
        h += "</p>\n<pre>" + escape(e.line) + "</pre>\n";
    }
    h += "<footer>" + escape(tr.tr("report.doc_footer", lang)) + "</footer>\n</body>\n</html>\n";
    return h;
}

}  // namespace socsim::report
