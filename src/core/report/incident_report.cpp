// The incident report's JSON form (see incident_report.h).
#include "core/report/incident_report.h"

#include <nlohmann/json.hpp>

namespace socsim::report {

bool IncidentReport::empty() const {
    return hosts.empty() && indicators.empty() && !first_seen && technique.empty() && data_sources.empty() &&
           actions_taken.empty() && summary.empty() && evidence.empty();
}

std::string to_json(const IncidentReport& r) {
    nlohmann::json j;
    j["hosts"] = r.hosts;
    j["indicators"] = r.indicators;
    j["first_seen"] = r.first_seen ? nlohmann::json(*r.first_seen) : nlohmann::json(nullptr);
    j["technique"] = r.technique;
    j["data_sources"] = r.data_sources;
    j["actions_taken"] = r.actions_taken;
    j["summary"] = r.summary;
    j["evidence"] = r.evidence;
    // Replace, not throw, on bytes that are not UTF-8: a report must never be lost to a typo.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Loaded<IncidentReport> from_json(const std::string& text, const std::string& source) {
    Loaded<IncidentReport> out;
    try {
        const auto j = nlohmann::json::parse(text);
        IncidentReport r;
        r.hosts = j.at("hosts").get<std::vector<std::string>>();
        r.indicators = j.at("indicators").get<std::vector<std::string>>();
        if (!j.at("first_seen").is_null()) r.first_seen = j.at("first_seen").get<SimTime>();
        r.technique = j.at("technique").get<std::string>();
        r.data_sources = j.at("data_sources").get<std::vector<std::string>>();
        r.actions_taken = j.at("actions_taken").get<std::string>();
        r.summary = j.at("summary").get<std::string>();
        r.evidence = j.at("evidence").get<std::vector<std::uint32_t>>();
        out.value = std::move(r);
    } catch (const nlohmann::json::exception& e) {
        out.errors.push_back({source, 0, 0, std::string("the stored incident report is not readable: ") + e.what()});
    }
    return out;
}

std::vector<std::string> split_list(std::string_view text) {
    std::vector<std::string> out;
    std::string item;
    auto flush = [&] {
        const auto b = item.find_first_not_of(" \t\r");
        const auto e = item.find_last_not_of(" \t\r");
        if (b != std::string::npos) out.push_back(item.substr(b, e - b + 1));
        item.clear();
    };
    for (char c : text) {
        if (c == ',' || c == '\n' || c == ';')
            flush();
        else
            item += c;
    }
    flush();
    return out;
}

const std::vector<Technique>& known_techniques() {
    static const std::vector<Technique> list = {
        {"T1071.004", "Application Layer Protocol: DNS"},
        {"T1071.001", "Application Layer Protocol: Web Protocols"},
        {"T1568.002", "Dynamic Resolution: Domain Generation Algorithms"},
        {"T1048.003", "Exfiltration Over Unencrypted Non-C2 Protocol"},
        {"T1572", "Protocol Tunneling"},
        {"T1110.001", "Brute Force: Password Guessing"},
        {"T1110.003", "Brute Force: Password Spraying"},
        {"T1021.001", "Remote Services: Remote Desktop Protocol"},
        {"T1021.004", "Remote Services: SSH"},
        {"T1189", "Drive-by Compromise"},
    };
    return list;
}

}  // namespace socsim::report
