// ECS NDJSON: every record as an Elastic Common Schema document, one per line, one file per source
// (ecs-dns.ndjson, ecs-firewall.ndjson, ecs-dhcp.ndjson, ecs-auth.ndjson), ready for Filebeat's
// ndjson parser, Elastic Agent's custom logs integration or Kibana's file upload.
//
// Every document carries the categorisation fields (event.kind, category, type, outcome, dataset),
// the device that logged it (observer.* for the firewall, DNS and DHCP servers; host.name), the
// addresses (source/destination, or client/server for DHCP), related.* for pivots, event.id (the
// same id the Zeek export gives the record) and the device's own line as `message`.
// Field names follow ECS 8.11 (docs/exports.md lists the mapping of each source).
#include <algorithm>
#include <cctype>

#include "core/logs/exporter.h"
#include "core/logs/render.h"

namespace socsim::logs {
namespace {

constexpr std::string_view kEcsVersion = "8.11.0";

const char* windows_logon_type(int code) {
    switch (code) {
        case 2: return "Interactive";
        case 3: return "Network";
        case 4: return "Batch";
        case 5: return "Service";
        case 7: return "Unlock";
        case 8: return "NetworkCleartext";
        case 10: return "RemoteInteractive";
        case 11: return "CachedInteractive";
    }
    return "Unknown";
}

class EcsExporter final : public Exporter {
public:
    EcsExporter(const ExportSetup& setup, FileSet& files)
        : setup_(setup), renderer_(setup.scenario, setup.store) {
        for (int s = 0; s < kSourceCount; ++s)
            files_[s] = &files.open(std::string("ecs-") + source_name(static_cast<Source>(s)) + ".ndjson");
    }

    bool add(const Event& e, std::uint64_t number, bool track) override {
        write_uid(uid_, setup_.seed, number);
        const std::string_view uid(uid_, kUidLength);
        JsonLine j(doc_);
        char stamp[kTimeTextMax];
        j.str("@timestamp", std::string_view(stamp, static_cast<std::size_t>(write_iso8601(stamp, e.time, 0) - stamp)));
        j.open("ecs").str("version", kEcsVersion).close();
        switch (e.source) {
            case Source::Dns: dns(j, e, number, uid); break;
            case Source::Firewall: firewall(j, e, number, uid); break;
            case Source::Dhcp: dhcp(j, e, uid); break;
            case Source::Auth: auth(j, e, uid); break;
        }
        line_.clear();
        renderer_.append_line(e, line_);
        j.str("message", line_);
        j.end();
        OutputFile& f = *files_[static_cast<int>(e.source)];
        f.write_line(doc_);
        if (track) placed(number, {f.name(), f.lines(), uid});
        return true;
    }

    void finish() override {}

private:
    bool local(Ipv4 ip) const { return setup_.scenario.network.subnet_of(ip) != nullptr; }

    std::string_view direction(Ipv4 from, Ipv4 to) const {
        const bool a = local(from), b = local(to);
        return a && b ? "internal" : a ? "outbound" : b ? "inbound" : "external";
    }

    void event(JsonLine& j, std::initializer_list<std::string_view> category, std::initializer_list<std::string_view> type,
               std::string_view action, std::string_view outcome, const Event& e, std::string_view uid) {
        j.open("event").str("kind", "event");
        j.list("category");
        for (auto c : category) j.item(c);
        j.end_list().list("type");
        for (auto t : type) j.item(t);
        j.end_list();
        if (!action.empty()) j.str("action", action);
        if (!outcome.empty()) j.str("outcome", outcome);
        j.str("module", "socsim").str("dataset", std::string("socsim.") + source_name(e.source)).str("id", uid);
    }

    // The device that logged the record. For the firewall, its interfaces as in the netfilter line:
    // eth1 faces the LAN, eth0 the Internet.
    void observer(JsonLine& j, std::string_view type, const Event& e) {
        const Origin who = renderer_.origin(e);
        j.open("observer").str("type", type).str("hostname", who.device);
        const scenario::Host* h = device_host(who.device);
        if (h && h->ip) j.list("ip").item_ip(h->ip).end_list();
        if (e.source == Source::Firewall) {
            j.str("vendor", "Netfilter").str("product", "iptables");
            const bool own = h && (e.src_ip == h->ip || e.src_ip == setup_.scenario.network.public_ip);
            const bool from_lan = local(e.src_ip);
            if (!own) j.open("ingress").open("interface").str("name", from_lan ? "eth1" : "eth0").close().close();
            j.open("egress").open("interface").str("name", from_lan || own ? "eth0" : "eth1").close().close();
        }
        j.close();
        j.open("host").str("name", who.device).close();
    }

    // The scenario host of a logging device; a handful of devices log, so a short list remembers them.
    const scenario::Host* device_host(std::string_view device) {
        for (const auto& [name, host] : devices_)
            if (name == device) return host;
        devices_.emplace_back(std::string(device), setup_.scenario.find_host(std::string(device)));
        return devices_.back().second;
    }

    static void related_ips(JsonLine& j, std::initializer_list<Ipv4> ips) {
        j.list("ip");
        std::vector<Ipv4> seen;
        for (Ipv4 ip : ips) {
            if (!ip || std::find(seen.begin(), seen.end(), ip) != seen.end()) continue;
            seen.push_back(ip);
            j.item_ip(ip);
        }
        j.end_list();
    }

    void dns(JsonLine& j, const Event& e, std::uint64_t number, std::string_view uid) {
        const auto type = static_cast<DnsType>(e.kind);
        const auto rcode = static_cast<DnsRcode>(e.code);
        const std::string_view query = setup_.store.text(e);
        event(j, {"network"}, {"protocol", "info"}, "query", rcode == DnsRcode::NoError ? "success" : "failure", e, uid);
        j.num("duration", std::int64_t(e.value2) * 1000).close();  // the round trip, in nanoseconds
        observer(j, "dns", e);
        j.open("source").ip("ip", e.src_ip).num("port", e.src_port).close();
        j.open("destination").ip("ip", e.dst_ip).num("port", e.dst_port).close();
        j.open("network")
            .str("transport", "udp")
            .str("protocol", "dns")
            .str("type", "ipv4")
            .str("iana_number", "17")
            .str("direction", direction(e.src_ip, e.dst_ip))
            .close();
        j.open("dns")
            .str("type", "answer")
            .str("id", std::to_string(record_hash(setup_.seed, number) >> 48))
            .str("op_code", "QUERY");
        j.open("question").str("name", query).str("type", dns_type_name(type)).str("class", "IN").close();
        j.str("response_code", dns_rcode_name(rcode));
        j.list("header_flags").item("RD").item("RA").end_list();
        if (e.value && type == DnsType::A) {
            char ip[kIpv4TextMax];
            const std::string_view data(ip, static_cast<std::size_t>(write_ipv4(ip, e.value) - ip));
            j.list("answers")
                .item_object()
                .str("name", query)
                .str("type", "A")
                .str("class", "IN")
                .num("ttl", e.span)
                .str("data", data)
                .close()
                .end_list();
            j.list("resolved_ip").item_ip(e.value).end_list();
        }
        j.close();
        j.open("related");
        related_ips(j, {e.src_ip, e.dst_ip, type == DnsType::A ? e.value : 0});
        j.close();
    }

    void firewall(JsonLine& j, const Event& e, std::uint64_t number, std::string_view uid) {
        const bool allow = static_cast<FirewallAction>(e.kind) == FirewallAction::Allow;
        const auto proto = static_cast<Protocol>(e.code);
        const WireEstimate w = estimate_wire(e, record_hash(setup_.seed, number));
        // ECS: a firewall that blocked a connection did what it meant to; the deny is in event.type.
        if (allow)
            event(j, {"network"}, {"connection", "allowed", "end"}, "accept", "success", e, uid);
        else
            event(j, {"network"}, {"connection", "denied"}, "drop", "success", e, uid);
        char stamp[kTimeTextMax];
        j.str("start", std::string_view(stamp, static_cast<std::size_t>(write_iso8601(stamp, e.time, 0) - stamp)));
        if (w.measured) {
            j.num("duration", w.duration_us * 1000);
            const SimTime end = e.time + w.duration_us / 1000;
            j.str("end", std::string_view(stamp, static_cast<std::size_t>(write_iso8601(stamp, end, 0) - stamp)));
        }
        j.close();
        const bool from_lan = local(e.src_ip);
        observer(j, "firewall", e);
        const auto& hosts = setup_.scenario.network.hosts;
        j.open("source").ip("ip", e.src_ip).num("port", e.src_port);
        if (from_lan && e.host < hosts.size() && renderer_.origin(e).device != hosts[e.host].hostname) {
            char mac[kMacTextMax];
            j.str("mac", std::string_view(mac, static_cast<std::size_t>(write_mac(mac, hosts[e.host].mac, '-', true) - mac)));
        }
        j.num("bytes", static_cast<std::int64_t>(w.orig_ip_bytes)).num("packets", static_cast<std::int64_t>(w.orig_pkts)).close();
        j.open("destination")
            .ip("ip", e.dst_ip)
            .num("port", e.dst_port)
            .num("bytes", static_cast<std::int64_t>(w.resp_ip_bytes))
            .num("packets", static_cast<std::int64_t>(w.resp_pkts))
            .close();
        j.open("network").str("transport", transport_name(proto));
        const std::string_view protocol = w.measured && e.value ? ecs_protocol(proto, e.dst_port) : std::string_view();
        if (!protocol.empty()) j.str("protocol", protocol);
        j.str("type", "ipv4")
            .str("iana_number", std::to_string(static_cast<int>(proto)))
            .str("direction", direction(e.src_ip, e.dst_ip))
            .num("bytes", static_cast<std::int64_t>(w.orig_ip_bytes + w.resp_ip_bytes))
            .num("packets", static_cast<std::int64_t>(w.orig_pkts + w.resp_pkts))
            .close();
        j.open("related");
        related_ips(j, {e.src_ip, e.dst_ip});
        j.close();
    }

    void dhcp(JsonLine& j, const Event& e, std::string_view uid) {
        const auto msg = static_cast<DhcpMessage>(e.kind);
        std::string action = dhcp_message_name(msg);
        for (char& c : action) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        const std::string_view outcome = msg == DhcpMessage::Ack ? "success" : msg == DhcpMessage::Nak ? "failure" : "";
        event(j, {"network"}, {"protocol", "info"}, action, outcome, e, uid);
        j.close();
        observer(j, "dhcp", e);
        const auto& hosts = setup_.scenario.network.hosts;
        const std::string_view name = setup_.store.text(e);
        j.open("client");
        if (e.src_ip) j.ip("ip", e.src_ip);
        if (e.host < hosts.size()) {
            char mac[kMacTextMax];
            j.str("mac", std::string_view(mac, static_cast<std::size_t>(write_mac(mac, hosts[e.host].mac, '-', true) - mac)));
        }
        if (!name.empty()) j.str("domain", name);
        j.num("port", 68).close();
        j.open("server").ip("ip", e.dst_ip).num("port", 67).close();
        j.open("network").str("transport", "udp").str("protocol", "dhcp").str("type", "ipv4").str("iana_number", "17").close();
        j.open("related");
        related_ips(j, {e.src_ip, e.dst_ip});
        if (!name.empty()) j.list("hosts").item(name).end_list();
        j.close();
    }

    void auth(JsonLine& j, const Event& e, std::string_view uid) {
        const auto outcome = static_cast<AuthOutcome>(e.kind);
        const std::string_view user = setup_.store.text(e);
        const bool ok = outcome == AuthOutcome::Success || outcome == AuthOutcome::Logoff;
        const bool logoff = outcome == AuthOutcome::Logoff;
        const Origin who = renderer_.origin(e);
        const bool sshd = static_cast<AuthService>(e.detail) == AuthService::Sshd;
        const std::string_view action = sshd ? "ssh_login" : logoff ? "logged-out" : ok ? "logged-in" : "logon-failed";
        event(j, {"authentication"}, {logoff ? "end" : "start"}, action, ok ? "success" : "failure", e, uid);
        if (!sshd) j.str("code", outcome == AuthOutcome::Success ? "4624" : logoff ? "4634" : "4625").str("provider", who.program);
        j.close();
        j.open("host").str("name", who.device).close();
        j.open("user").str("name", user).close();
        j.open("source").ip("ip", e.src_ip);
        if (sshd) j.num("port", e.src_port);
        std::string workstation = renderer_.hostname(e.host);
        for (char& c : workstation) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (!sshd && !workstation.empty()) j.str("domain", workstation);
        j.close();
        if (sshd) {
            j.open("process").str("name", "sshd").close();
        } else {
            // Winlogbeat's layout, so Elastic's Windows dashboards and rules find the fields.
            j.open("winlog")
                .str("channel", "Security")
                .str("provider_name", who.program)
                .str("event_id", outcome == AuthOutcome::Success ? "4624" : logoff ? "4634" : "4625");
            j.open("logon").str("type", windows_logon_type(e.code)).close();
            j.open("event_data").str("TargetUserName", user).str("LogonType", std::to_string(e.code));
            if (!logoff) {
                char ip[kIpv4TextMax];
                j.str("IpAddress", std::string_view(ip, static_cast<std::size_t>(write_ipv4(ip, e.src_ip) - ip)));
                if (!workstation.empty()) j.str("WorkstationName", workstation);
            }
            j.close().close();
        }
        j.open("related");
        related_ips(j, {e.src_ip, e.dst_ip});
        j.list("user").item(user).end_list();
        j.close();
    }

    const ExportSetup& setup_;
    Renderer renderer_;
    OutputFile* files_[kSourceCount] = {};
    char uid_[kUidLength] = {};
    std::string doc_, line_;
    std::vector<std::pair<std::string, const scenario::Host*>> devices_;
};

}  // namespace

std::unique_ptr<Exporter> make_ecs_exporter(const ExportSetup& setup, FileSet& files) {
    return std::make_unique<EcsExporter>(setup, files);
}

}  // namespace socsim::logs
