// What the printed reports about one attempt say, gathered once: the attempt as the database
// keeps it (who, which scenario, when, the score lines), the replayed world (what really
// happened beside what the trainee did), the incident report and the evidence it cites. The
// writers (debrief_html.cpp, incident_markdown.cpp) only format this; attempts_csv.cpp lists
// many attempts from their summaries.
//
//   socsim report 12 --format html > debrief.html
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/attempt/attempt.h"
#include "core/i18n/catalog.h"
#include "core/report/incident_report.h"
#include "core/score/score.h"
#include "core/store/database.h"

namespace socsim::report {

// One record the trainee pinned or cited: where it came from and what it said.
struct EvidenceLine {
    std::uint32_t record = 0;
    std::string source;  // "dns", "firewall", "dhcp", "auth"
    SimTime time = 0;
    std::string line;    // the raw log line, as the log explorer shows it
    std::string note;    // the trainee's note when pinned (empty when only cited)
    bool cited = false;  // cited in the incident report
};

struct AttemptRecord {
    store::AttemptSummary summary;
    LocalText scenario_title;
    int utc_offset_minutes = 0;
    SimTime start = 0;                       // the scenario's start, and where the attempt stopped
    SimTime stopped = 0;
    std::vector<TimelineEntry> timeline;     // truth and actions, in time order
    std::vector<score::ScoreLine> score_lines;
    double total = 0;
    double pass_mark = 60;
    bool passed = false;                     // as stored with the score (a later pass mark changes nothing)
    bool finished = false;                   // scored: lines, total and passed are the stored ones
    std::optional<IncidentReport> incident;  // as submitted
    std::vector<EvidenceLine> evidence;      // pinned first (in order), then cited-only records
};

// "2026-12-02 14:57:07" from the database's "2026-12-02T14:57:07.298Z" (UTC), as reports show it.
std::string utc_text(const std::string& iso);

// Gathers the record of an attempt reopened from `db` (Attempt::reopen) and its summary.
AttemptRecord gather(const Attempt& attempt, const store::AttemptSummary& summary, const store::Database& db);

// What both writers say alike, in `lang`: the score sentence, the technique with its ATT&CK
// name, the data sources by their names.
std::string score_sentence(const AttemptRecord& record, const Catalog& catalog, Lang lang);
std::string technique_text(const IncidentReport& report);
std::vector<std::string> source_names(const IncidentReport& report, const Catalog& catalog, Lang lang);

// The writers, in `lang`. Text from authors and trainees is escaped for the format.
std::string debrief_html(const AttemptRecord& record, const Catalog& catalog, Lang lang);
std::string incident_markdown(const AttemptRecord& record, const Catalog& catalog, Lang lang);
// One row per attempt (RFC 4180: quoted where needed, CRLF line ends), with a header row.
std::string attempts_csv(const std::vector<store::AttemptSummary>& attempts);

}  // namespace socsim::report
