// Text forms of IPv4 and MAC addresses, strict on input so a typo in a scenario is reported.
#include "core/common/net.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cstring>
#include <vector>

namespace socsim {

namespace {

// "0." .. "255." with their lengths: an address is four copies from this table.
struct OctetText {
    char text[4];
    std::uint8_t size;
};
constexpr auto kOctets = [] {
    std::array<OctetText, 256> t{};
    for (unsigned v = 0; v < 256; ++v) {
        auto& o = t[v];
        if (v >= 100) o.text[o.size++] = static_cast<char>('0' + v / 100);
        if (v >= 10) o.text[o.size++] = static_cast<char>('0' + v / 10 % 10);
        o.text[o.size++] = static_cast<char>('0' + v % 10);
        o.text[o.size] = '.';
    }
    return t;
}();

}  // namespace

char* write_ipv4(char* out, Ipv4 ip) {
    for (int shift = 24; shift > 0; shift -= 8) {
        const OctetText& o = kOctets[(ip >> shift) & 0xff];
        std::memcpy(out, o.text, 4);
        out += o.size + 1;
    }
    const OctetText& o = kOctets[ip & 0xff];
    std::memcpy(out, o.text, 3);
    return out + o.size;
}

std::string format_ipv4(Ipv4 ip) {
    char buf[kIpv4TextMax];
    return std::string(buf, write_ipv4(buf, ip));
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

char* write_mac(char* out, Mac mac, char separator, bool upper) {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    for (int shift = 40; shift >= 0; shift -= 8) {
        const unsigned octet = static_cast<unsigned>((mac >> shift) & 0xff);
        *out++ = digits[octet >> 4];
        *out++ = digits[octet & 0xf];
        if (shift) *out++ = separator;
    }
    return out;
}

std::string format_mac(Mac mac) {
    char buf[kMacTextMax];
    return std::string(buf, write_mac(buf, mac));
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

std::string registrable_domain(const std::string& name) {
    std::vector<std::size_t> dots;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (name[i] == '.') dots.push_back(i);
    if (dots.size() < 2) return name;
    const std::string tld = name.substr(dots.back() + 1);
    const std::string second = name.substr(dots[dots.size() - 2] + 1, dots.back() - dots[dots.size() - 2] - 1);
    const bool country_second_level = tld.size() == 2 && (second == "co" || second == "or" || second == "ne" ||
                                                          second == "ac" || second == "go" || second == "com" ||
                                                          second == "net" || second == "org");
    const std::size_t keep = country_second_level ? 3 : 2;
    if (dots.size() < keep) return name;
    return name.substr(dots[dots.size() - keep] + 1);
}

}  // namespace socsim
