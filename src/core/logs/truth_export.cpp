// The ground truth beside exported logs (see exporter.h): truth/truth.ndjson, one line per
// malicious record with where the export put it; truth/steps.ndjson, one line per attack step.
// Only the trainer reads these; they sit in their own folder so that handing out the logs (or
// pointing an ingest at *.log / *.ndjson) does not hand out the answers.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "core/logs/exporter.h"
#include "core/logs/render.h"

namespace socsim::logs {

struct TruthWriter::State {
    const ExportSetup& setup;
    Renderer renderer;
    OutputFile& records;
    OutputFile& steps;
    struct Waiting {
        Event event;
        std::int16_t step;
    };
    std::unordered_map<std::uint64_t, Waiting> waiting;  // expected, not yet placed (a DHCP exchange still open)
    struct Step {
        std::uint64_t count = 0;
        SimTime first = 0, last = 0;
        std::set<std::string> hosts;
        std::map<std::string, std::uint64_t> by_source;
    };
    std::vector<Step> summary;
    std::string doc, line;

    State(const ExportSetup& s, FileSet& files)
        : setup(s),
          renderer(s.scenario, s.store),
          records(files.open(kTruthRecordsFile)),
          steps(files.open(kTruthStepsFile)),
          summary(s.scenario.attack.size()) {}

    void write(std::uint64_t number, const Event& e, std::int16_t step, const Placement& where) {
        const auto& attack = setup.scenario.attack;
        const bool known = step >= 0 && static_cast<std::size_t>(step) < attack.size();
        JsonLine j(doc);
        j.num("record", static_cast<std::int64_t>(number));
        j.seconds("ts", e.time);
        char stamp[kTimeTextMax];
        j.str("time", std::string_view(stamp, static_cast<std::size_t>(write_iso8601(stamp, e.time, setup.scenario.utc_offset_minutes) - stamp)));
        j.str("source", source_name(e.source));
        j.str("device", renderer.origin(e).device);
        const std::string& host = renderer.hostname(e.host);
        if (host.empty())
            j.null("host");
        else
            j.str("host", host);
        j.str("step", known ? std::string_view(attack[static_cast<std::size_t>(step)].id) : std::string_view("?"));
        j.str("technique", known ? std::string_view(attack[static_cast<std::size_t>(step)].technique) : std::string_view(""));
        if (where.file.empty()) {
            j.null("file").null("line");  // this format has no place for the record (logons in Zeek's logs)
        } else {
            j.str("file", where.file).num("line", static_cast<std::int64_t>(where.line));
        }
        if (!where.uid.empty()) j.str("uid", where.uid);
        line.clear();
        renderer.append_line(e, line);
        j.str("message", line);
        j.end();
        records.write_line(doc);

        if (!known) return;
        Step& s = summary[static_cast<std::size_t>(step)];
        if (s.count == 0) s.first = e.time;
        s.first = std::min(s.first, e.time);
        s.last = std::max(s.last, e.time);
        ++s.count;
        if (!host.empty()) s.hosts.insert(host);
        ++s.by_source[source_name(e.source)];
    }
};

TruthWriter::TruthWriter(const ExportSetup& setup, FileSet& files) : s_(std::make_unique<State>(setup, files)) {}

TruthWriter::~TruthWriter() = default;

void TruthWriter::expect(const Event& e, std::uint64_t number, std::int16_t step) { s_->waiting[number] = {e, step}; }

void TruthWriter::placed(std::uint64_t number, const Placement& where) {
    const auto it = s_->waiting.find(number);
    if (it == s_->waiting.end()) return;
    s_->write(number, it->second.event, it->second.step, where);
    s_->waiting.erase(it);
}

void TruthWriter::finish(const std::vector<Infected>& infected) {
    // Whatever an exporter never placed (it should not happen) still belongs in the truth.
    std::vector<std::uint64_t> left;
    for (const auto& [number, w] : s_->waiting) left.push_back(number);
    std::sort(left.begin(), left.end());
    for (std::uint64_t n : left) placed(n, {});

    const auto& attack = s_->setup.scenario.attack;
    const int offset = s_->setup.scenario.utc_offset_minutes;
    for (std::size_t i = 0; i < attack.size(); ++i) {
        const auto& step = attack[i];
        const State::Step& s = s_->summary[i];
        JsonLine j(s_->doc);
        j.str("step", step.id).str("kind", scenario::attack_kind_name(step.kind)).str("technique", step.technique);
        j.str("host", step.host);
        j.list("infected");
        for (const auto& x : infected) {
            if (x.step_id != step.id) continue;
            j.item_object().str("host", x.host).seconds("ts", x.at).str("time", format_iso8601(x.at, offset)).close();
        }
        j.end_list();
        // Every device the step's records are about: its victims, and servers acting for them (the
        // DNS server forwarding the victim's lookups).
        j.list("record_hosts");
        for (const auto& h : s.hosts) j.item(h);
        j.end_list();
        j.num("records", static_cast<std::int64_t>(s.count));
        if (s.count) {
            j.seconds("first_ts", s.first).str("first", format_iso8601(s.first, offset));
            j.seconds("last_ts", s.last).str("last", format_iso8601(s.last, offset));
        } else {
            j.null("first_ts").null("first").null("last_ts").null("last");
        }
        j.open("by_source");
        for (const auto& [source, count] : s.by_source) j.num(source, static_cast<std::int64_t>(count));
        j.close();
        j.end();
        s_->steps.write_line(s_->doc);
    }
}

}  // namespace socsim::logs
