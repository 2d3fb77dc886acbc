// Exports: a run's records as files that other tools read — Zeek's dns/conn/dhcp logs (TSV and
// JSON lines), ECS NDJSON for Elastic, the devices' own syslog lines — and the ground truth beside
// them (docs/exports.md says what each file holds, field by field).
//
// An Exporter takes the records of a run one at a time in time order (sim/export_run.h feeds it
// from Engine::drain, an hour of simulated time at a time, so a week never sits in memory) and
// writes lines into files it opens from a FileSet: an ExportFolder on disk (every file written as
// NAME.part and renamed only when the export is complete) or memory for tests and the benchmark.
// One format, one file: zeek_export.cpp (TSV and JSON share Zeek's field model), ecs_export.cpp,
// syslog_export.cpp; truth_export.cpp writes the ground truth.
//
// A new kind of record is one case in Renderer (its line, render.cpp) and one case in the switch
// of each format that has a place for it (ecs_export.cpp; zeek_export.cpp only for what Zeek sees).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/i18n/catalog.h"
#include "core/logs/log_store.h"
#include "core/scenario/scenario.h"

namespace socsim::logs {

// [SECTION] formats and errors ------------------------------------------------------------------

enum class ExportFormat : std::uint8_t { Zeek, ZeekJson, Ecs, Syslog };
const char* export_format_name(ExportFormat format);  // "zeek", "zeek-json", "ecs", "syslog"
bool parse_export_format(std::string_view name, ExportFormat& out);
std::vector<std::string> export_format_names();

// Why an export stopped: a catalog key ("export.error_write") and its arguments, so the command
// line says it in the trainer's language. what() is the English text.
class ExportError : public std::runtime_error {
public:
    ExportError(std::string key, TextArgs args);
    const std::string& key() const { return key_; }
    const TextArgs& args() const { return args_; }

private:
    std::string key_;
    TextArgs args_;
};

// [SECTION] files ---------------------------------------------------------------------------------

// Where the bytes of one file go.
class Sink {
public:
    virtual ~Sink() = default;
    virtual void write(const char* data, std::size_t size) = 0;
};

// One file being written. Exporters write whole lines into a large buffer that goes to the sink
// in blocks of about a megabyte; the counts say how far the file has got.
class OutputFile {
public:
    static constexpr std::size_t kMaxLine = 64 * 1024;  // room begin_line() guarantees

    OutputFile(std::string name, Sink& sink);
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    const std::string& name() const { return name_; }
    // Room for one line of at most kMaxLine bytes; end_line() says where it ended ('\n' included).
    char* begin_line();
    void end_line(const char* end, bool record = true);    // record: a data line, not a header
    void write_line(std::string_view line, bool record = true);  // a line made elsewhere, '\n' included
    std::uint64_t lines() const { return lines_; }      // lines so far, headers too: the last one's number
    std::uint64_t records() const { return records_; }  // data lines so far
    std::uint64_t bytes() const { return bytes_; }
    void flush();

private:
    static constexpr std::size_t kBlock = 1 << 20;
    std::string name_;
    Sink& sink_;
    std::unique_ptr<char[]> buffer_;
    std::size_t used_ = 0;
    std::uint64_t lines_ = 0, records_ = 0, bytes_ = 0;
};

// The files of one export, by name ("dns.log", "truth/truth.ndjson"), in the order first opened.
class FileSet {
public:
    virtual ~FileSet() = default;
    // The file `name`, created on first use.
    OutputFile& open(const std::string& name);
    const std::vector<std::unique_ptr<OutputFile>>& files() const { return files_; }
    void flush_all();

protected:
    virtual Sink& make_sink(const std::string& name) = 0;

private:
    std::vector<std::unique_ptr<OutputFile>> files_;
};

// Files in a folder on disk. Each is written as NAME.part and renamed to NAME by commit(), so an
// export that stops half-way never leaves a file that looks complete.
class ExportFolder final : public FileSet {
public:
    explicit ExportFolder(std::filesystem::path dir);  // creates the folder; throws ExportError
    ~ExportFolder() override;                           // not committed: the .part files are removed
    void commit();                                      // flush, close, rename; throws ExportError
    const std::filesystem::path& dir() const { return dir_; }

protected:
    Sink& make_sink(const std::string& name) override;

private:
    struct FileSink;
    void abandon();
    std::filesystem::path dir_;
    std::vector<std::unique_ptr<FileSink>> sinks_;
    bool committed_ = false;
};

// Files in memory: what tests read back. With keep = false only the bytes are counted (the benchmark).
class MemoryFiles final : public FileSet {
public:
    explicit MemoryFiles(bool keep = true);
    ~MemoryFiles() override;
    // Everything written to `name` so far ("" if it was never opened).
    std::string text(const std::string& name);
    bool has(const std::string& name) const;

protected:
    Sink& make_sink(const std::string& name) override;

private:
    struct StringSink;
    bool keep_;
    std::vector<std::pair<std::string, std::unique_ptr<StringSink>>> sinks_;
};

// [SECTION] exporters ---------------------------------------------------------------------------

// Where a record went: its file and line (1-based, header lines counted, as an editor numbers
// them) and, where the format gives records an id, that id (a Zeek uid, an ECS event.id).
struct Placement {
    std::string_view file;
    std::uint64_t line = 0;
    std::string_view uid;
};

// What every exporter knows about the run.
struct ExportSetup {
    const scenario::Scenario& scenario;
    const LogStore& store;   // the strings records refer to (the records themselves come through drain)
    std::uint64_t seed = 0;
    SimTime open_time = 0;   // when the export's logs open (Zeek's #open): the scenario start
    SimTime close_time = 0;  // when they close (Zeek's #close): the scenario end
};

class Exporter {
public:
    using Placed = std::function<void(std::uint64_t number, const Placement& where)>;
    virtual ~Exporter() = default;

    // The next record of the run, in time order; `number` is its place in the whole run, as
    // Engine::drain counts. With `track`, where it went is told to on_placed(), at once or later
    // (Zeek's dhcp.log line is written once the exchange is complete). Returns false if the format
    // has no place for this record (logons are not in Zeek's logs).
    virtual bool add(const Event& e, std::uint64_t number, bool track) = 0;
    // No more records: writes what is still pending and the footers.
    virtual void finish() = 0;
    void on_placed(Placed placed) { placed_ = std::move(placed); }

protected:
    void placed(std::uint64_t number, const Placement& where) const {
        if (placed_) placed_(number, where);
    }

private:
    Placed placed_;
};

std::unique_ptr<Exporter> make_exporter(ExportFormat format, const ExportSetup& setup, FileSet& files);
// The formats, each in its own file.
std::unique_ptr<Exporter> make_zeek_exporter(const ExportSetup& setup, FileSet& files, bool json);
std::unique_ptr<Exporter> make_ecs_exporter(const ExportSetup& setup, FileSet& files);
std::unique_ptr<Exporter> make_syslog_exporter(const ExportSetup& setup, FileSet& files);

// The ground truth beside the logs (truth_export.cpp): one line per malicious record saying where
// it went (file, line, uid), when, from which device and host, and which attack step and ATT&CK
// technique made it; then one line per attack step (its host, the hosts it infected and when,
// first and last record, counts). For the trainer, never the trainee: it goes into a folder of
// its own.
inline constexpr const char* kTruthRecordsFile = "truth/truth.ndjson";
inline constexpr const char* kTruthStepsFile = "truth/steps.ndjson";

class TruthWriter {
public:
    TruthWriter(const ExportSetup& setup, FileSet& files);
    ~TruthWriter();
    // A malicious record (step: its attack step index), before the exporter takes it.
    void expect(const Event& e, std::uint64_t number, std::int16_t step);
    // Where it went (an empty file: the format has no place for it). Writes its line.
    void placed(std::uint64_t number, const Placement& where);
    // A host an attack step infected during the run (Engine::infections).
    struct Infected {
        std::string step_id;
        std::string host;
        SimTime at = 0;
    };
    // Writes the summary per step.
    void finish(const std::vector<Infected>& infected);

private:
    struct State;
    std::unique_ptr<State> s_;
};

// [SECTION] shared by the formats ---------------------------------------------------------------

// Zeek's uid form, "C" + 17 base62 digits, derived from the seed and a record's number: a hash,
// not a random draw, so the same run always gives the same ids.
inline constexpr std::size_t kUidLength = 18;
char* write_uid(char* out, std::uint64_t seed, std::uint64_t number);
std::string record_uid(std::uint64_t seed, std::uint64_t number);
// The hash behind the uid, for other per-record numbers too (DNS transaction ids, the digits of
// durations); write_uid_from_hash(out, record_hash(seed, n)) is write_uid(out, seed, n).
std::uint64_t record_hash(std::uint64_t seed, std::uint64_t number);
char* write_uid_from_hash(char* out, std::uint64_t hash);

// What the firewall's record does not say about a connection, estimated from what it does (bytes
// each way, protocol, how it ended), so conn.log and ECS carry plausible packet counts and Zeek's
// history letters. docs/exports.md gives the rules.
struct WireEstimate {
    bool measured = false;           // Zeek saw it last long enough to give duration and bytes
    std::int64_t duration_us = 0;    // meaningful when measured
    std::uint64_t orig_pkts = 0, orig_ip_bytes = 0, resp_pkts = 0, resp_ip_bytes = 0;
    std::string_view history;        // "" for ICMP (Zeek keeps none)
};
WireEstimate estimate_wire(const Event& firewall_record, std::uint64_t hash);

std::string_view transport_name(Protocol proto);  // "tcp", "udp", "icmp"
// The application protocol usually on a port: Zeek's service word ("dns", "ssl", "http") and
// ECS network.protocol ("dns", "tls", "http"); "" when socsim does not know it.
std::string_view zeek_service(Protocol proto, std::uint16_t port);
std::string_view ecs_protocol(Protocol proto, std::uint16_t port);
unsigned dns_qtype_number(DnsType type);  // A = 1, AAAA = 28, TXT = 16...

// JSON text, one object per line, written in place (no DOM: an export writes millions of them).
// Strings are escaped; with zeek_bytes, bytes outside ASCII are written as Zeek writes them
// ("\\xNN"), else passed through as UTF-8. Room needed: 6 x the string + 2.
char* write_json_string(char* out, std::string_view s, bool zeek_bytes);

// A JSON object built into a std::string, for the formats that are not speed-critical (ECS, truth).
class JsonLine {
public:
    explicit JsonLine(std::string& out);  // clears `out` and opens the object
    JsonLine& str(std::string_view key, std::string_view value);
    JsonLine& num(std::string_view key, std::int64_t value);
    JsonLine& seconds(std::string_view key, SimTime t);  // epoch seconds with 6 decimals
    JsonLine& ip(std::string_view key, Ipv4 ip);
    JsonLine& boolean(std::string_view key, bool value);
    JsonLine& null(std::string_view key);
    JsonLine& open(std::string_view key);   // "key":{ ... close()
    JsonLine& close();
    JsonLine& list(std::string_view key);   // "key":[ ... end_list()
    JsonLine& item(std::string_view value);  // a string in the open list
    JsonLine& item_ip(Ipv4 ip);
    JsonLine& item_object();                 // { ... close() inside a list
    JsonLine& end_list();
    void end();  // closes the object and adds '\n'

private:
    void key(std::string_view k);
    void comma();
    std::string& out_;
    std::vector<bool> first_;  // per open level: nothing written in it yet
};

}  // namespace socsim::logs
