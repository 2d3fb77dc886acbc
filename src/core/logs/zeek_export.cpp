// Zeek's dns.log, conn.log and dhcp.log, in both of Zeek's forms: TSV as its ASCII writer makes it
// (the header lines, "\xNN" escapes, "-" for unset, "(empty)" for empty, the #close footer) and
// JSON lines (one object per line, unset fields left out, ts as epoch seconds, sets as arrays).
//
// One field model serves both: a Row walks a log's columns in order and writes each value the way
// the chosen form writes its type. What goes where:
// - dns.log: every query in the DNS server's log, as the client -> DNS server exchange Zeek would
//   see on the LAN. The server's own query upstream is a firewall record, so it is in conn.log.
// - conn.log: the firewall's records, the connections a sensor at the Internet edge sees. What the
//   firewall does not log (packets, history) comes from estimate_wire (exporter.h).
// - dhcp.log: one line per exchange (DISCOVER, OFFER, REQUEST, ACK; or a renewal's REQUEST, ACK),
//   gathered from the DHCP server's records with Zeek's own rules: a line is written when the
//   exchange ends, 5 s after its last message, 30 s after its first, or at 50 messages.
// Logons are not in Zeek's logs.
//
// Speed matters (the target: at least 250 MB/s of TSV on one core): rows are written in place into
// the file's buffer, numbers with std::to_chars, addresses and times by the in-place writers of
// common/, and nothing is allocated per record.
#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <span>

#include "core/logs/exporter.h"
#include "core/logs/render.h"

namespace socsim::logs {
namespace {

// [SECTION] the logs' columns, as Zeek declares them ------------------------------------------------

struct Column {
    std::string_view name;
    std::string_view type;
};

constexpr Column kDnsLog[] = {
    {"ts", "time"},         {"uid", "string"},       {"id.orig_h", "addr"},   {"id.orig_p", "port"},
    {"id.resp_h", "addr"},  {"id.resp_p", "port"},   {"proto", "enum"},       {"trans_id", "count"},
    {"rtt", "interval"},    {"query", "string"},     {"qclass", "count"},     {"qclass_name", "string"},
    {"qtype", "count"},     {"qtype_name", "string"}, {"rcode", "count"},     {"rcode_name", "string"},
    {"AA", "bool"},         {"TC", "bool"},          {"RD", "bool"},          {"RA", "bool"},
    {"Z", "count"},         {"answers", "vector[string]"}, {"TTLs", "vector[interval]"}, {"rejected", "bool"}};

constexpr Column kConnLog[] = {
    {"ts", "time"},             {"uid", "string"},        {"id.orig_h", "addr"},     {"id.orig_p", "port"},
    {"id.resp_h", "addr"},      {"id.resp_p", "port"},    {"proto", "enum"},         {"service", "string"},
    {"duration", "interval"},   {"orig_bytes", "count"},  {"resp_bytes", "count"},   {"conn_state", "string"},
    {"local_orig", "bool"},     {"local_resp", "bool"},   {"missed_bytes", "count"}, {"history", "string"},
    {"orig_pkts", "count"},     {"orig_ip_bytes", "count"}, {"resp_pkts", "count"},  {"resp_ip_bytes", "count"},
    {"tunnel_parents", "set[string]"}};

constexpr Column kDhcpLog[] = {
    {"ts", "time"},               {"uids", "set[string]"},     {"client_addr", "addr"},  {"server_addr", "addr"},
    {"mac", "string"},            {"host_name", "string"},     {"client_fqdn", "string"}, {"domain", "string"},
    {"requested_addr", "addr"},   {"assigned_addr", "addr"},   {"lease_time", "interval"},
    {"client_message", "string"}, {"server_message", "string"}, {"msg_types", "vector[string]"},
    {"duration", "interval"}};

// Longer strings are cut here, so a line always fits the room OutputFile::begin_line() gives.
constexpr std::size_t kMaxText = 1024;

// [SECTION] one row in either form ---------------------------------------------------------------

// How the ASCII writer treats each byte: kept, lowered (query names), or written as \xNN —
// non-printable bytes and the backslash always, the set separator inside a set.
enum : std::uint8_t { kKeep = 0, kUpper = 1, kEscape = 2, kComma = 3 };
constexpr auto kByteClass = [] {
    std::array<std::uint8_t, 256> t{};
    for (int c = 0; c < 256; ++c) t[c] = c < 0x20 || c >= 0x7f || c == '\\' ? kEscape : c >= 'A' && c <= 'Z' ? kUpper : kKeep;
    t[','] = kComma;
    return t;
}();

// Zeek's ASCII writer: "(empty)" for an empty string, a value that would read as "-" or "(empty)"
// escaped at its first byte, and the byte rules above.
char* write_tsv_string(char* out, std::string_view s, bool in_set, bool lower) {
    static constexpr char kHex[] = "0123456789abcdef";
    if (s.empty()) {
        std::memcpy(out, "(empty)", 7);
        return out + 7;
    }
    s = s.substr(0, kMaxText);
    std::size_t i = 0;
    if (s == "-" || s == "(empty)") {
        std::memcpy(out, s[0] == '-' ? "\\x2d" : "\\x28", 4);
        out += 4;
        i = 1;
    }
    for (; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        switch (kByteClass[c]) {
            case kKeep: *out++ = static_cast<char>(c); break;
            case kUpper: *out++ = static_cast<char>(lower ? c + ('a' - 'A') : c); break;
            case kComma:
                if (!in_set) {
                    *out++ = ',';
                    break;
                }
                [[fallthrough]];
            case kEscape:
                out[0] = '\\';
                out[1] = 'x';
                out[2] = kHex[c >> 4];
                out[3] = kHex[c & 0xf];
                out += 4;
                break;
        }
    }
    return out;
}

class Row {
public:
    Row(char* out, std::span<const Column> columns, bool json) : p_(out), columns_(columns), json_(json) {
        if (json_) *p_++ = '{';
    }

    void time(SimTime t) {
        field();
        p_ = write_epoch_seconds(p_, t);
    }
    void interval(std::int64_t micros) {
        field();
        p_ = write_seconds(p_, micros);
    }
    void count(std::uint64_t v) {
        field();
        if (v < 10)
            *p_++ = static_cast<char>('0' + v);  // most counts are 0 or 1
        else
            p_ = std::to_chars(p_, p_ + 20, v).ptr;
    }
    void addr(Ipv4 ip) {
        field();
        quote();
        p_ = write_ipv4(p_, ip);
        quote();
    }
    void boolean(bool b) {
        field();
        if (json_) {
            std::memcpy(p_, b ? "true" : "false", b ? 4 : 5);
            p_ += b ? 4 : 5;
        } else {
            *p_++ = b ? 'T' : 'F';
        }
    }
    // A string or enum value. `lower`: ASCII letters in lower case (Zeek logs query names so).
    void str(std::string_view s, bool lower = false) {
        field();
        text(s, false, lower);
    }
    // A word socsim makes itself (a uid, "udp", "NOERROR", "ShADadFf"): never empty, nothing to escape.
    void word(std::string_view s) {
        field();
        quote();
        std::memcpy(p_, s.data(), s.size());
        p_ += s.size();
        quote();
    }
    void unset() {
        if (json_) {
            ++column_;
            return;
        }
        field();
        *p_++ = '-';
    }

    // A set or vector: begin_list(), its items, end_list().
    void begin_list() {
        field();
        items_ = 0;
        if (json_) *p_++ = '[';
    }
    void item(std::string_view s) {
        item_separator();
        text(s, true, false);
    }
    void item_addr(Ipv4 ip) {
        item_separator();
        quote();
        p_ = write_ipv4(p_, ip);
        quote();
    }
    void item_interval(std::int64_t micros) {
        item_separator();
        p_ = write_seconds(p_, micros);
    }
    void end_list() {
        if (json_) {
            *p_++ = ']';
        } else if (items_ == 0) {
            std::memcpy(p_, "(empty)", 7);
            p_ += 7;
        }
    }

    // Ends the line; every column must have been given a value (or unset()).
    char* end() {
        if (json_) *p_++ = '}';
        *p_++ = '\n';
        return p_;
    }
    std::size_t columns_written() const { return column_; }

private:
    void field() {
        if (json_) {
            if (any_) *p_++ = ',';
            any_ = true;
            const std::string_view name = columns_[column_].name;
            *p_++ = '"';
            std::memcpy(p_, name.data(), name.size());
            p_ += name.size();
            *p_++ = '"';
            *p_++ = ':';
        } else if (column_) {
            *p_++ = '\t';
        }
        ++column_;
    }
    void item_separator() {
        if (items_++) *p_++ = ',';
    }
    void quote() {
        if (json_) *p_++ = '"';
    }
    void text(std::string_view s, bool in_set, bool lower) {
        if (!json_) {
            p_ = write_tsv_string(p_, s, in_set, lower);
            return;
        }
        s = s.substr(0, kMaxText);
        char* start = p_ + 1;
        p_ = write_json_string(p_, s, true);
        if (lower)
            for (char* c = start; c < p_ - 1; ++c)
                if (*c >= 'A' && *c <= 'Z') *c = static_cast<char>(*c + ('a' - 'A'));
    }

    char* p_;
    std::span<const Column> columns_;
    bool json_;
    std::size_t column_ = 0;
    bool any_ = false;
    int items_ = 0;
};

// [SECTION] the exporter -----------------------------------------------------------------------

constexpr std::uint64_t kNone = ~std::uint64_t(0);

const char* dhcp_type_word(DhcpMessage m) {
    switch (m) {
        case DhcpMessage::Discover: return "DISCOVER";
        case DhcpMessage::Offer: return "OFFER";
        case DhcpMessage::Request: return "REQUEST";
        case DhcpMessage::Ack: return "ACK";
        case DhcpMessage::Nak: return "NAK";
        case DhcpMessage::Release: return "RELEASE";
    }
    return "?";
}

bool from_client(DhcpMessage m) {
    return m == DhcpMessage::Discover || m == DhcpMessage::Request || m == DhcpMessage::Release;
}

// One DHCP exchange being gathered into a dhcp.log line.
struct Exchange {
    std::uint16_t host = kNoHost;
    Ipv4 client_ip_key = 0;           // tells apart clients that are not scenario hosts
    SimTime first = 0, last = 0;
    bool renewal = false;             // began with a REQUEST: unicast from the client's address
    std::uint64_t client_conn = kNone;  // record number of the first client message (its uid)
    std::uint64_t server_conn = kNone;  // ... of the first server reply (DORA replies are another "connection")
    Ipv4 client_addr = 0, server_addr = 0, requested = 0, assigned = 0;
    std::uint32_t lease_s = 0;
    bool has_lease = false, server_replied = false;
    std::uint32_t host_name = 0;      // string id
    std::vector<DhcpMessage> messages;
    std::vector<std::pair<std::uint64_t, bool>> tracked;  // record number, sent by the server
};

class ZeekExporter final : public Exporter {
public:
    ZeekExporter(const ExportSetup& setup, FileSet& files, bool json)
        : setup_(setup),
          json_(json),
          dns_(files.open("dns.log")),
          conn_(files.open("conn.log")),
          dhcp_(files.open("dhcp.log")) {
        if (!json_) {
            header(dns_, "dns", kDnsLog);
            header(conn_, "conn", kConnLog);
            header(dhcp_, "dhcp", kDhcpLog);
        }
        has_subnet_ = !setup_.scenario.network.subnets.empty();
        const std::string& domain = setup_.scenario.network.domain;
        internal_suffix_ = "." + domain;
    }

    bool add(const Event& e, std::uint64_t number, bool track) override {
        switch (e.source) {
            case Source::Dns:
                write_dns(e, number);
                if (track) placed(number, {dns_.name(), dns_.lines(), std::string_view(uid_, kUidLength)});
                return true;
            case Source::Firewall:
                write_conn(e, number);
                if (track) placed(number, {conn_.name(), conn_.lines(), std::string_view(uid_, kUidLength)});
                return true;
            case Source::Dhcp:
                add_dhcp(e, number, track);
                return true;
            case Source::Auth:
                return false;  // Zeek sees the connection (conn.log, if it crossed the firewall), not the logon
        }
        return false;
    }

    void finish() override {
        while (!open_.empty()) close_exchange(0);
        if (json_) return;
        const std::string footer = "#close\t" + format_file_stamp(setup_.close_time, setup_.scenario.utc_offset_minutes) + "\n";
        for (OutputFile* f : {&dns_, &conn_, &dhcp_}) f->write_line(footer, false);
    }

private:
    void header(OutputFile& f, std::string_view path, std::span<const Column> columns) {
        std::string h = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t";
        h += path;
        h += "\n#open\t" + format_file_stamp(setup_.open_time, setup_.scenario.utc_offset_minutes) + "\n#fields";
        for (const auto& c : columns) (h += '\t') += c.name;
        h += "\n#types";
        for (const auto& c : columns) (h += '\t') += c.type;
        h += '\n';
        // Written line by line so that line numbers count the header as an editor does.
        std::size_t start = 0;
        while (start < h.size()) {
            const std::size_t end = h.find('\n', start) + 1;
            f.write_line(std::string_view(h).substr(start, end - start), false);
            start = end;
        }
    }

    // Zeek's local_orig/local_resp: inside one of the company's LANs.
    bool is_local(Ipv4 ip) const { return setup_.scenario.network.subnet_of(ip) != nullptr; }

    bool internal_name(std::string_view q) const {
        const std::string_view suffix = internal_suffix_;
        return q.size() > suffix.size() && q.substr(q.size() - suffix.size()) == suffix;
    }

    void write_dns(const Event& e, std::uint64_t number) {
        const std::uint64_t hash = record_hash(setup_.seed, number);
        write_uid_from_hash(uid_, hash);
        const auto type = static_cast<DnsType>(e.kind);
        const auto rcode = static_cast<DnsRcode>(e.code);
        const std::string_view query = setup_.store.text(e);
        char* at = dns_.begin_line();
        Row r(at, kDnsLog, json_);
        r.time(e.time);
        r.word(std::string_view(uid_, kUidLength));
        r.addr(e.src_ip);
        r.count(e.src_port);
        r.addr(e.dst_ip);
        r.count(e.dst_port);
        r.word("udp");
        r.count(hash >> 48);  // the query's 16-bit transaction id
        r.interval(e.value2);
        r.str(query, true);
        r.count(1);
        r.word("C_INTERNET");
        r.count(dns_qtype_number(type));
        r.word(dns_type_name(type));
        r.count(static_cast<std::uint64_t>(rcode));
        r.word(dns_rcode_name(rcode));
        r.boolean(internal_name(query));  // AA: the company's DNS server owns its own names
        r.boolean(false);                 // TC
        r.boolean(true);                  // RD: clients ask for recursion
        r.boolean(true);                  // RA: the server offers it
        r.count(0);                       // Z
        if (e.value && type == DnsType::A) {
            r.begin_list();
            r.item_addr(e.value);
            r.end_list();
            r.begin_list();
            r.item_interval(std::int64_t(e.span) * 1000000);
            r.end_list();
        } else {
            r.unset();
            r.unset();
        }
        r.boolean(rcode == DnsRcode::Refused);  // rejected: the server refused to answer
        dns_.end_line(r.end());
    }

    void write_conn(const Event& e, std::uint64_t number) {
        const std::uint64_t hash = record_hash(setup_.seed, number);
        write_uid_from_hash(uid_, hash);
        const auto proto = static_cast<Protocol>(e.code);
        const auto state = static_cast<ConnState>(e.detail);
        const WireEstimate w = estimate_wire(e, hash);
        char* at = conn_.begin_line();
        Row r(at, kConnLog, json_);
        r.time(e.time);
        r.word(std::string_view(uid_, kUidLength));
        r.addr(e.src_ip);
        // ICMP has no ports: Zeek writes the message type and code there (8, 0: an echo request).
        r.count(proto == Protocol::Icmp && !e.src_port ? 8 : e.src_port);
        r.addr(e.dst_ip);
        r.count(e.dst_port);
        r.word(transport_name(proto));
        // Zeek names a service only once it has parsed some of its payload.
        const std::string_view service = w.measured && e.value ? zeek_service(proto, e.dst_port) : std::string_view();
        if (service.empty())
            r.unset();
        else
            r.word(service);
        if (w.measured) {
            r.interval(w.duration_us);
            r.count(e.value);
            r.count(e.value2);
        } else {
            r.unset();
            r.unset();
            r.unset();
        }
        r.word(conn_state_name(state));
        if (has_subnet_) {
            r.boolean(is_local(e.src_ip));
            r.boolean(is_local(e.dst_ip));
        } else {
            r.unset();
            r.unset();
        }
        r.count(0);  // missed_bytes
        if (w.history.empty())
            r.unset();
        else
            r.word(w.history);
        r.count(w.orig_pkts);
        r.count(w.orig_ip_bytes);
        r.count(w.resp_pkts);
        r.count(w.resp_ip_bytes);
        r.unset();  // tunnel_parents: socsim has no tunnels Zeek would decapsulate
        conn_.end_line(r.end());
    }

    // --- DHCP: gathering exchanges -----------------------------------------------------------
    void add_dhcp(const Event& e, std::uint64_t number, bool track) {
        // Zeek writes an exchange 5 s after its last message or 30 s after its first.
        for (std::size_t i = 0; i < open_.size();) {
            if (e.time - open_[i].last > 5 * kSecond || e.time - open_[i].first > 30 * kSecond)
                close_exchange(i);
            else
                ++i;
        }
        const auto msg = static_cast<DhcpMessage>(e.kind);
        std::size_t at = find_open(e);
        const auto start = [&](bool renewal) {
            if (at != kNoExchange) close_exchange(at);
            Exchange x;
            x.host = e.host;
            x.client_ip_key = e.host == kNoHost ? e.src_ip : 0;
            x.first = e.time;
            x.renewal = renewal;
            open_.push_back(std::move(x));
            at = open_.size() - 1;
        };
        switch (msg) {
            case DhcpMessage::Discover:
            case DhcpMessage::Release: start(false); break;
            case DhcpMessage::Request: {
                const bool joins = at != kNoExchange && !open_[at].renewal && open_[at].messages.back() != DhcpMessage::Ack;
                if (!joins) start(true);
                break;
            }
            case DhcpMessage::Offer:
            case DhcpMessage::Ack:
            case DhcpMessage::Nak:
                if (at == kNoExchange) start(false);
                break;
        }
        Exchange& x = open_[at];
        x.last = e.time;
        x.messages.push_back(msg);
        const bool client = from_client(msg);
        if (client) {
            if (x.client_conn == kNone) x.client_conn = number;
            if (msg != DhcpMessage::Release && e.text) x.host_name = e.text;
            if (msg == DhcpMessage::Request && !x.renewal) x.requested = e.src_ip;  // option 50, sent from 0.0.0.0
            if ((msg == DhcpMessage::Request && x.renewal) || msg == DhcpMessage::Release) x.client_addr = e.src_ip;
        } else {
            // In a DORA exchange the server's replies are another "connection" for Zeek; a renewal's
            // ACK answers the client's unicast REQUEST on the same one.
            if (!x.renewal && x.server_conn == kNone) x.server_conn = number;
            if (msg != DhcpMessage::Nak) {
                x.assigned = e.src_ip;
                x.server_addr = e.dst_ip;
                x.server_replied = true;
            }
            if (msg == DhcpMessage::Ack) {
                x.lease_s = e.value;
                x.has_lease = true;
            }
        }
        if (track) x.tracked.emplace_back(number, !client);
        // Zeek also writes an exchange once it holds 50 message types (DHCP::max_msg_types_per_log_entry).
        if (msg == DhcpMessage::Ack || msg == DhcpMessage::Nak || msg == DhcpMessage::Release || x.messages.size() >= 50)
            close_exchange(at);
    }

    static constexpr std::size_t kNoExchange = ~std::size_t(0);

    std::size_t find_open(const Event& e) const {
        for (std::size_t i = 0; i < open_.size(); ++i)
            if (open_[i].host == e.host && (e.host != kNoHost || open_[i].client_ip_key == e.src_ip)) return i;
        return kNoExchange;
    }

    void close_exchange(std::size_t index) {
        Exchange x = std::move(open_[index]);
        open_.erase(open_.begin() + static_cast<std::ptrdiff_t>(index));
        char client_uid[kUidLength] = {}, server_uid[kUidLength] = {};
        if (x.client_conn != kNone) write_uid(client_uid, setup_.seed, x.client_conn);
        if (x.server_conn != kNone) write_uid(server_uid, setup_.seed, x.server_conn);
        const auto& hosts = setup_.scenario.network.hosts;
        char* at = dhcp_.begin_line();
        Row r(at, kDhcpLog, json_);
        r.time(x.first);
        r.begin_list();
        if (x.client_conn != kNone) r.item(std::string_view(client_uid, kUidLength));
        if (x.server_conn != kNone) r.item(std::string_view(server_uid, kUidLength));
        r.end_list();
        const Ipv4 client_addr = x.client_addr ? x.client_addr : x.assigned;
        const auto addr_or_unset = [&](Ipv4 ip) {
            if (ip)
                r.addr(ip);
            else
                r.unset();
        };
        addr_or_unset(client_addr);
        addr_or_unset(x.server_addr);
        if (x.host < hosts.size()) {
            char mac[kMacTextMax];
            r.str(std::string_view(mac, static_cast<std::size_t>(write_mac(mac, hosts[x.host].mac) - mac)));
        } else {
            r.unset();
        }
        if (x.host_name)
            r.str(setup_.store.strings().get(x.host_name));
        else
            r.unset();
        r.unset();  // client_fqdn: the DHCP server's log does not show option 81
        if (x.server_replied)
            r.str(setup_.scenario.network.domain);  // option 15 in the server's replies
        else
            r.unset();
        addr_or_unset(x.requested);
        addr_or_unset(x.assigned);
        if (x.has_lease)
            r.interval(std::int64_t(x.lease_s) * 1000000);
        else
            r.unset();
        r.unset();  // client_message
        r.unset();  // server_message
        r.begin_list();
        for (DhcpMessage m : x.messages) r.item(dhcp_type_word(m));
        r.end_list();
        r.interval((x.last - x.first) * 1000);
        dhcp_.end_line(r.end());
        for (const auto& [number, by_server] : x.tracked) {
            const bool server_side = by_server && x.server_conn != kNone;
            const char* uid = server_side ? server_uid : client_uid;
            const bool has_uid = server_side || x.client_conn != kNone;
            placed(number, {dhcp_.name(), dhcp_.lines(), has_uid ? std::string_view(uid, kUidLength) : std::string_view()});
        }
    }

    const ExportSetup& setup_;
    bool json_;
    OutputFile& dns_;
    OutputFile& conn_;
    OutputFile& dhcp_;
    bool has_subnet_ = false;
    std::string internal_suffix_;
    char uid_[kUidLength] = {};
    std::vector<Exchange> open_;  // a handful at a time: exchanges last milliseconds
};

}  // namespace

std::unique_ptr<Exporter> make_zeek_exporter(const ExportSetup& setup, FileSet& files, bool json) {
    return std::make_unique<ZeekExporter>(setup, files, json);
}

}  // namespace socsim::logs
