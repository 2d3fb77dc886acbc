// Text forms of IPv4 and MAC addresses, strict on input so a typo in a scenario is reported.
#include "core/common/net.h"

#include <cctype>
#include <charconv>
#include <cstdio>

namespace socsim {

std::string format_ipv4(Ipv4 ip) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", (ip >> 24) & 0xff, (ip >> 16) & 0xff, (ip >> 8) & 0xff, ip & 0xff);
    return buf;
}

std::optional<Ipv4> parse_ipv4(std::string_view s) {
    Ipv4 ip = 0;
    std::size_t pos = 0;
    for (int part = 0; part < 4; ++part) {
        std::size_t start = pos;
        while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) ++pos;
        if (pos == start || pos - start > 3) return std::nullopt;
        if (pos - start > 1 && s[start] == '0') return std::nullopt;  // "010" is octal to some tools
        unsigned v = 0;
        std::from_chars(s.data() + start, s.data() + pos, v);
        if (v > 255) return std::nullopt;
        ip = (ip << 8) | v;
        if (part < 3) {
            if (pos >= s.size() || s[pos] != '.') return std::nullopt;
            ++pos;
        }
    }
    if (pos != s.size()) return std::nullopt;
    return ip;
}

std::string format_mac(Mac mac) {
    char buf[18];
    std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", static_cast<unsigned>((mac >> 40) & 0xff),
                  static_cast<unsigned>((mac >> 32) & 0xff), static_cast<unsigned>((mac >> 24) & 0xff),
                  static_cast<unsigned>((mac >> 16) & 0xff), static_cast<unsigned>((mac >> 8) & 0xff),
                  static_cast<unsigned>(mac & 0xff));
    return buf;
}

std::optional<Mac> parse_mac(std::string_view s) {
    if (s.size() != 17) return std::nullopt;
    const char sep = s[2];
    if (sep != ':' && sep != '-') return std::nullopt;
    Mac mac = 0;
    for (int i = 0; i < 6; ++i) {
        const std::size_t p = static_cast<std::size_t>(i) * 3;
        if (i < 5 && s[p + 2] != sep) return std::nullopt;
        unsigned v = 0;
        auto [ptr, ec] = std::from_chars(s.data() + p, s.data() + p + 2, v, 16);
        if (ec != std::errc() || ptr != s.data() + p + 2) return std::nullopt;
        mac = (mac << 8) | v;
    }
    return mac;
}

Ipv4 Cidr::mask() const { return prefix == 0 ? 0 : ~Ipv4(0) << (32 - prefix); }

bool Cidr::contains(Ipv4 ip) const { return (ip & mask()) == (network & mask()); }

std::optional<Cidr> parse_cidr(std::string_view s) {
    const auto slash = s.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    auto ip = parse_ipv4(s.substr(0, slash));
    if (!ip) return std::nullopt;
    int prefix = -1;
    auto rest = s.substr(slash + 1);
    auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), prefix);
    if (ec != std::errc() || ptr != rest.data() + rest.size() || prefix < 0 || prefix > 32) return std::nullopt;
    Cidr c{*ip, prefix};
    if ((c.network & c.mask()) != c.network) return std::nullopt;  // host bits set: likely a typo
    return c;
}

}  // namespace socsim
