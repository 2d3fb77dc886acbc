// What the export formats share (see exporter.h): the files they write into, record ids, the
// estimates of what the firewall does not log, protocol names, and JSON text.
#include "core/logs/exporter.h"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>

#include "core/common/hash.h"
#include "core/logs/render.h"

namespace socsim::logs {

// [SECTION] formats and errors ------------------------------------------------------------------

namespace {

constexpr std::pair<ExportFormat, const char*> kFormats[] = {
    {ExportFormat::Zeek, "zeek"}, {ExportFormat::ZeekJson, "zeek-json"}, {ExportFormat::Ecs, "ecs"}, {ExportFormat::Syslog, "syslog"}};

std::string english(const std::string& key, const TextArgs& args) {
    std::string text = key;
    for (const auto& [name, value] : args) text += " " + name + "=" + value;
    return text;
}

}  // namespace

const char* export_format_name(ExportFormat format) {
    for (const auto& [f, name] : kFormats)
        if (f == format) return name;
    return "?";
}

bool parse_export_format(std::string_view name, ExportFormat& out) {
    for (const auto& [f, n] : kFormats)
        if (name == n) {
            out = f;
            return true;
        }
    return false;
}

std::vector<std::string> export_format_names() {
    std::vector<std::string> out;
    for (const auto& [f, name] : kFormats) out.emplace_back(name);
    return out;
}

ExportError::ExportError(std::string key, TextArgs args)
    : std::runtime_error(english(key, args)), key_(std::move(key)), args_(std::move(args)) {}

std::unique_ptr<Exporter> make_exporter(ExportFormat format, const ExportSetup& setup, FileSet& files) {
    switch (format) {
        case ExportFormat::Zeek: return make_zeek_exporter(setup, files, false);
        case ExportFormat::ZeekJson: return make_zeek_exporter(setup, files, true);
        case ExportFormat::Ecs: return make_ecs_exporter(setup, files);
        case ExportFormat::Syslog: return make_syslog_exporter(setup, files);
    }
    return nullptr;
}

// [SECTION] files ---------------------------------------------------------------------------------

OutputFile::OutputFile(std::string name, Sink& sink)
    : name_(std::move(name)), sink_(sink), buffer_(new char[kBlock + kMaxLine]) {}

char* OutputFile::begin_line() {
    if (used_ >= kBlock) flush();
    return buffer_.get() + used_;
}

void OutputFile::end_line(const char* end, bool record) {
    const auto size = static_cast<std::size_t>(end - (buffer_.get() + used_));
    used_ += size;
    bytes_ += size;
    ++lines_;
    records_ += record;
}

void OutputFile::write_line(std::string_view line, bool record) {
    if (line.size() > kMaxLine) {
        flush();
        sink_.write(line.data(), line.size());
        bytes_ += line.size();
        ++lines_;
        records_ += record;
        return;
    }
    char* at = begin_line();
    std::memcpy(at, line.data(), line.size());
    end_line(at + line.size(), record);
}

void OutputFile::flush() {
    if (used_) sink_.write(buffer_.get(), used_);
    used_ = 0;
}

OutputFile& FileSet::open(const std::string& name) {
    for (auto& f : files_)
        if (f->name() == name) return *f;
    Sink& sink = make_sink(name);
    files_.push_back(std::make_unique<OutputFile>(name, sink));
    return *files_.back();
}

void FileSet::flush_all() {
    for (auto& f : files_) f->flush();
}

struct ExportFolder::FileSink final : Sink {
    std::filesystem::path part, final_path;
    std::string name;
    std::FILE* file = nullptr;

    void write(const char* data, std::size_t size) override {
        if (std::fwrite(data, 1, size, file) != size)
            throw ExportError("export.error_write", {{"file", final_path.string()}, {"reason", std::strerror(errno)}});
    }
};

ExportFolder::ExportFolder(std::filesystem::path dir) : dir_(std::move(dir)) {
    std::error_code ec;
    if (std::filesystem::exists(dir_, ec) && !std::filesystem::is_directory(dir_, ec))
        throw ExportError("export.error_dir", {{"dir", dir_.string()}, {"reason", "not a folder"}});
    std::filesystem::create_directories(dir_, ec);
    if (ec) throw ExportError("export.error_dir", {{"dir", dir_.string()}, {"reason", ec.message()}});
}

ExportFolder::~ExportFolder() {
    if (!committed_) abandon();
}

Sink& ExportFolder::make_sink(const std::string& name) {
    auto sink = std::make_unique<FileSink>();
    sink->name = name;
    sink->final_path = dir_ / name;
    sink->part = dir_ / (name + ".part");
    std::error_code ec;
    std::filesystem::create_directories(sink->part.parent_path(), ec);
    if (ec)
        throw ExportError("export.error_dir", {{"dir", sink->part.parent_path().string()}, {"reason", ec.message()}});
    sink->file = std::fopen(sink->part.c_str(), "wb");
    if (!sink->file)
        throw ExportError("export.error_write", {{"file", sink->part.string()}, {"reason", std::strerror(errno)}});
    sinks_.push_back(std::move(sink));
    return *sinks_.back();
}

void ExportFolder::commit() {
    flush_all();
    for (auto& s : sinks_) {
        const bool failed = std::ferror(s->file) != 0;
        const bool closed = std::fclose(s->file) == 0;
        s->file = nullptr;
        if (failed || !closed)
            throw ExportError("export.error_write", {{"file", s->final_path.string()}, {"reason", std::strerror(errno)}});
    }
    // Only now, with every file complete, do the names without .part appear.
    for (auto& s : sinks_) {
        std::error_code ec;
        std::filesystem::rename(s->part, s->final_path, ec);
        if (ec) throw ExportError("export.error_write", {{"file", s->final_path.string()}, {"reason", ec.message()}});
    }
    committed_ = true;
}

void ExportFolder::abandon() {
    for (auto& s : sinks_) {
        if (s->file) std::fclose(s->file);
        s->file = nullptr;
        std::error_code ec;
        std::filesystem::remove(s->part, ec);
    }
}

struct MemoryFiles::StringSink final : Sink {
    bool keep = true;
    std::string data;
    void write(const char* bytes, std::size_t size) override {
        if (keep) data.append(bytes, size);
    }
};

MemoryFiles::MemoryFiles(bool keep) : keep_(keep) {}

MemoryFiles::~MemoryFiles() = default;

Sink& MemoryFiles::make_sink(const std::string& name) {
    auto sink = std::make_unique<StringSink>();
    sink->keep = keep_;
    sinks_.emplace_back(name, std::move(sink));
    return *sinks_.back().second;
}

std::string MemoryFiles::text(const std::string& name) {
    for (auto& f : files())
        if (f->name() == name) f->flush();
    for (auto& [n, sink] : sinks_)
        if (n == name) return sink->data;
    return {};
}

bool MemoryFiles::has(const std::string& name) const {
    for (const auto& [n, sink] : sinks_)
        if (n == name) return true;
    return false;
}

// [SECTION] shared by the formats ---------------------------------------------------------------

std::uint64_t record_hash(std::uint64_t seed, std::uint64_t number) {
    return mix64(mix64(seed ^ 0x5ec5'1a7e'0000'0000ULL) ^ (number * 0x9e3779b97f4a7c15ULL + 1));
}

char* write_uid_from_hash(char* out, std::uint64_t hash) {
    // Six bits a digit (shifts, no division): the 64 values map onto the 62 digits, two of them
    // twice, which no reader of a uid can tell from Zeek's own base 62.
    static constexpr char kDigits[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ7K";
    std::uint64_t a = hash;
    std::uint64_t b = mix64(hash ^ 0xc2b2ae3d27d4eb4fULL);
    *out++ = 'C';
    for (int i = 0; i < 10; ++i, a >>= 6) *out++ = kDigits[a & 63];
    for (int i = 0; i < 7; ++i, b >>= 6) *out++ = kDigits[b & 63];
    return out;
}

char* write_uid(char* out, std::uint64_t seed, std::uint64_t number) {
    return write_uid_from_hash(out, record_hash(seed, number));
}

std::string record_uid(std::uint64_t seed, std::uint64_t number) {
    char buf[kUidLength];
    return std::string(buf, write_uid(buf, seed, number));
}

WireEstimate estimate_wire(const Event& e, std::uint64_t hash) {
    // TCP segments carry up to 1460 bytes (a 1500-byte MTU) and 40 bytes of headers; the SYN and
    // SYN-ACK 12 more of options. The receiver acknowledges every second segment. UDP and ICMP
    // datagrams carry up to 1472 bytes and 28 of headers.
    constexpr std::uint64_t kMss = 1460, kTcpHeader = 40, kSynOptions = 12, kDatagram = 1472, kUdpHeader = 28;
    const std::uint64_t ob = e.value, rb = e.value2;
    const auto proto = static_cast<Protocol>(e.code);
    const auto state = static_cast<ConnState>(e.detail);
    WireEstimate w;
    // The record keeps tenths of a second; the digits below a tenth come from the record's hash,
    // so durations read as measured ones do and stay within the record's tenth.
    w.duration_us = std::int64_t(e.span) * 100000 + (e.span ? std::int64_t(hash % 100000) : 300 + std::int64_t(hash % 99700));
    if (proto == Protocol::Tcp) {
        const std::uint64_t od = (ob + kMss - 1) / kMss, rd = (rb + kMss - 1) / kMss;
        const auto data_history = [&](std::string_view both, std::string_view orig_only, std::string_view resp_only,
                                      std::string_view none) { return ob && rb ? both : ob ? orig_only : rb ? resp_only : none; };
        switch (state) {
            case ConnState::SF:
                w.orig_pkts = 3 + od + (rd + 1) / 2;
                w.resp_pkts = 2 + rd + (od + 1) / 2;
                w.history = data_history("ShADadFf", "ShADaFf", "ShAadFf", "ShAaFf");
                break;
            case ConnState::RSTO:
                w.orig_pkts = 3 + od + (rd + 1) / 2;
                w.resp_pkts = 1 + rd + (od + 1) / 2;
                w.history = data_history("ShADadR", "ShADaR", "ShAadR", "ShAaR");
                break;
            case ConnState::RSTR:
                w.orig_pkts = 2 + od + (rd + 1) / 2;
                w.resp_pkts = 2 + rd + (od + 1) / 2;
                w.history = data_history("ShADadr", "ShADar", "ShAadr", "ShAar");
                break;
            case ConnState::REJ:
                w.orig_pkts = 1;
                w.resp_pkts = 1;
                w.history = "Sr";
                break;
            case ConnState::S0:
                w.orig_pkts = 1;
                w.history = "S";
                break;
            case ConnState::OTH:
                w.orig_pkts = std::max<std::uint64_t>(od, 1);
                w.resp_pkts = rd;
                w.history = rd ? "Dd" : "D";
                break;
        }
        const bool handshake = state == ConnState::SF || state == ConnState::RSTO || state == ConnState::RSTR;
        const bool syn = state != ConnState::OTH;
        w.orig_ip_bytes = ob + kTcpHeader * w.orig_pkts + (syn ? kSynOptions : 0);
        w.resp_ip_bytes = w.resp_pkts ? rb + kTcpHeader * w.resp_pkts + (handshake ? kSynOptions : 0) : 0;
        // A lone SYN has no duration and Zeek leaves duration and bytes unset.
        w.measured = state != ConnState::S0;
    } else {
        w.orig_pkts = std::max<std::uint64_t>((ob + kDatagram - 1) / kDatagram, 1);
        w.resp_pkts = state == ConnState::S0 ? 0 : (rb + kDatagram - 1) / kDatagram;
        w.orig_ip_bytes = ob + kUdpHeader * w.orig_pkts;
        w.resp_ip_bytes = w.resp_pkts ? rb + kUdpHeader * w.resp_pkts : 0;
        if (proto == Protocol::Udp) w.history = w.resp_pkts ? "Dd" : "D";
        w.measured = w.resp_pkts > 0 || w.orig_pkts > 1;
    }
    return w;
}

std::string_view transport_name(Protocol proto) {
    switch (proto) {
        case Protocol::Tcp: return "tcp";
        case Protocol::Udp: return "udp";
        case Protocol::Icmp: return "icmp";
    }
    return "unknown_transport";
}

namespace {

struct KnownPort {
    Protocol proto;
    std::uint16_t port;
    std::string_view zeek, ecs;
};
constexpr KnownPort kKnownPorts[] = {
    {Protocol::Udp, 53, "dns", "dns"},       {Protocol::Tcp, 53, "dns", "dns"},      {Protocol::Udp, 123, "ntp", "ntp"},
    {Protocol::Udp, 67, "dhcp", "dhcp"},     {Protocol::Udp, 68, "dhcp", "dhcp"},    {Protocol::Tcp, 80, "http", "http"},
    {Protocol::Tcp, 8080, "http", "http"},   {Protocol::Tcp, 443, "ssl", "tls"},     {Protocol::Tcp, 8443, "ssl", "tls"},
    {Protocol::Tcp, 22, "ssh", "ssh"},       {Protocol::Tcp, 3389, "rdp", "rdp"},    {Protocol::Tcp, 445, "smb", "smb"},
    {Protocol::Tcp, 25, "smtp", "smtp"},     {Protocol::Tcp, 587, "smtp", "smtp"},   {Protocol::Tcp, 21, "ftp", "ftp"},
    {Protocol::Tcp, 389, "ldap", "ldap"},    {Protocol::Udp, 161, "snmp", "snmp"},   {Protocol::Udp, 514, "syslog", "syslog"},
    {Protocol::Tcp, 3306, "mysql", "mysql"},
};

const KnownPort* known_port(Protocol proto, std::uint16_t port) {
    for (const auto& k : kKnownPorts)
        if (k.proto == proto && k.port == port) return &k;
    return nullptr;
}

}  // namespace

std::string_view zeek_service(Protocol proto, std::uint16_t port) {
    const KnownPort* k = known_port(proto, port);
    return k ? k->zeek : std::string_view();
}

std::string_view ecs_protocol(Protocol proto, std::uint16_t port) {
    const KnownPort* k = known_port(proto, port);
    return k ? k->ecs : std::string_view();
}

unsigned dns_qtype_number(DnsType type) {
    switch (type) {
        case DnsType::A: return 1;
        case DnsType::AAAA: return 28;
        case DnsType::TXT: return 16;
        case DnsType::CNAME: return 5;
        case DnsType::MX: return 15;
        case DnsType::NULL_: return 10;
        case DnsType::PTR: return 12;
        case DnsType::SRV: return 33;
    }
    return 0;
}

char* write_json_string(char* out, std::string_view s, bool zeek_bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    *out++ = '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            *out++ = '\\';
            *out++ = ch;
        } else if (c < 0x20 || c == 0x7f) {
            std::memcpy(out, "\\u00", 4);
            out[4] = kHex[c >> 4];
            out[5] = kHex[c & 0xf];
            out += 6;
        } else if (c >= 0x80 && zeek_bytes) {
            std::memcpy(out, "\\\\x", 3);  // the JSON text \\x: a backslash, then x and the hex digits
            out[3] = kHex[c >> 4];
            out[4] = kHex[c & 0xf];
            out += 5;
        } else {
            *out++ = ch;
        }
    }
    *out++ = '"';
    return out;
}

JsonLine::JsonLine(std::string& out) : out_(out) {
    out_.clear();
    out_ += '{';
    first_.push_back(true);
}

void JsonLine::comma() {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
}

void JsonLine::key(std::string_view k) {
    comma();
    out_ += '"';
    out_ += k;
    out_ += "\":";
}

JsonLine& JsonLine::str(std::string_view k, std::string_view value) {
    key(k);
    const std::size_t at = out_.size();
    out_.resize(at + value.size() * 6 + 2);
    out_.resize(static_cast<std::size_t>(write_json_string(out_.data() + at, value, false) - out_.data()));
    return *this;
}

JsonLine& JsonLine::num(std::string_view k, std::int64_t value) {
    key(k);
    char b[24];
    out_.append(b, std::to_chars(b, b + sizeof b, value).ptr);
    return *this;
}

JsonLine& JsonLine::seconds(std::string_view k, SimTime t) {
    key(k);
    char b[kTimeTextMax];
    out_.append(b, write_epoch_seconds(b, t));
    return *this;
}

JsonLine& JsonLine::ip(std::string_view k, Ipv4 ip) {
    key(k);
    char b[kIpv4TextMax + 2];
    b[0] = '"';
    char* end = write_ipv4(b + 1, ip);
    *end++ = '"';
    out_.append(b, end);
    return *this;
}

JsonLine& JsonLine::boolean(std::string_view k, bool value) {
    key(k);
    out_ += value ? "true" : "false";
    return *this;
}

JsonLine& JsonLine::null(std::string_view k) {
    key(k);
    out_ += "null";
    return *this;
}

JsonLine& JsonLine::open(std::string_view k) {
    key(k);
    out_ += '{';
    first_.push_back(true);
    return *this;
}

JsonLine& JsonLine::close() {
    out_ += '}';
    first_.pop_back();
    return *this;
}

JsonLine& JsonLine::list(std::string_view k) {
    key(k);
    out_ += '[';
    first_.push_back(true);
    return *this;
}

JsonLine& JsonLine::item(std::string_view value) {
    comma();
    const std::size_t at = out_.size();
    out_.resize(at + value.size() * 6 + 2);
    out_.resize(static_cast<std::size_t>(write_json_string(out_.data() + at, value, false) - out_.data()));
    return *this;
}

JsonLine& JsonLine::item_ip(Ipv4 ip) {
    comma();
    char b[kIpv4TextMax + 2];
    b[0] = '"';
    char* end = write_ipv4(b + 1, ip);
    *end++ = '"';
    out_.append(b, end);
    return *this;
}

JsonLine& JsonLine::item_object() {
    comma();
    out_ += '{';
    first_.push_back(true);
    return *this;
}

JsonLine& JsonLine::end_list() {
    out_ += ']';
    first_.pop_back();
    return *this;
}

void JsonLine::end() {
    out_ += "}\n";
    first_.clear();
}

}  // namespace socsim::logs
