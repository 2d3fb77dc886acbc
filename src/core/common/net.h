// IPv4 and MAC addresses as the simulation stores them, and their text forms.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace socsim {

using Ipv4 = std::uint32_t;  // host byte order; 0 means "none"
using Mac = std::uint64_t;   // low 48 bits

std::string format_ipv4(Ipv4 ip);
std::optional<Ipv4> parse_ipv4(std::string_view text);
std::string format_mac(Mac mac);  // "3c:52:82:1a:0f:7e"
std::optional<Mac> parse_mac(std::string_view text);

// The same text forms written in place, for exports: each writes at `out` and returns the end.
constexpr std::size_t kIpv4TextMax = 15;  // "255.255.255.255"
constexpr std::size_t kMacTextMax = 17;   // "3c:52:82:1a:0f:7e"
char* write_ipv4(char* out, Ipv4 ip);
char* write_mac(char* out, Mac mac, char separator = ':', bool upper = false);  // ECS: '-', upper case

// "10.20.0.0/24" -> network and prefix length.
struct Cidr {
    Ipv4 network = 0;
    int prefix = 0;
    bool contains(Ipv4 ip) const;
    Ipv4 mask() const;
};
std::optional<Cidr> parse_cidr(std::string_view text);

// The domain a block should cover: a DNS name's last two labels ("x.t.cdn-metrics.net" ->
// "cdn-metrics.net"), or three under a country domain with a second level such as co.jp
// ("www.example.co.jp" -> "example.co.jp").
std::string registrable_domain(const std::string& name);

}  // namespace socsim
