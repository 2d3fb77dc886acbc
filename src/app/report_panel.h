// The incident report form: affected devices, indicators, when it was first seen, the technique,
// the data sources that showed it, the actions taken, a summary, and the pinned evidence it cites.
// Submitting it ends the scenario. The clock waits while the report is being written.
#pragma once

#include <set>
#include <string>

#include "core/report/incident_report.h"

namespace socsim::app {

class App;

class ReportPanel {
public:
    void draw(App& app);
    void reset();
    // What the form holds now, as it would be submitted (tests read it).
    report::IncidentReport collect(App& app) const;

    std::set<std::string> hosts;          // ticked devices
    std::string indicators;               // one per line or comma-separated
    std::string first_seen;               // local time "09:35" or "2026-03-02 09:35"
    int technique = -1;                   // index into report::known_techniques()
    bool sources[4] = {false, false, false, false};  // dns, firewall, dhcp, auth
    std::string actions;
    std::string summary;
    std::set<std::uint32_t> cited;        // pinned records cited

private:
    bool confirm_ = false;
};

// Reads the report form's time: "HH:MM[:SS]" on the scenario's day, or a full local date-time.
std::optional<SimTime> parse_report_time(const std::string& text, SimTime scenario_start, int utc_offset_minutes);

}  // namespace socsim::app
