#!/usr/bin/env python3
"""Writes a large version of the DNS-beaconing scenario for the benchmarks (issue 7's workloads):
Minato Seiki's sites, servers, printers, ordinary day and incident, with N desk PCs instead of
the 22 shipped ones, in an office LAN big enough for them, over a duration D.

    bench/scale_scenario.py HOSTS DURATION > workload.yaml
    bench/scale_scenario.py 50 8h     # S: 50 hosts over 8 hours
    bench/scale_scenario.py 500 24h   # M
    bench/scale_scenario.py 5000 24h  # L

HOSTS counts every device (servers, printers, the firewall...), so the file has HOSTS - 11 desk PCs.
The quiz and checkpoints are left out: the file is for the engine, the store and the exporters.
"""
import re
import sys
from pathlib import Path

hosts = int(sys.argv[1]) if len(sys.argv) > 1 else 500
duration = sys.argv[2] if len(sys.argv) > 2 else "24h"
root = Path(__file__).resolve().parent.parent / "scenarios"
company = (root / "company" / "minato-seiki.yaml").read_text()
incident = (root / "dns-beaconing.yaml").read_text()


def section(source, name):
    """The text of a top-level YAML key, up to the next top-level key."""
    m = re.search(rf"^{name}:.*?(?=^\S|\Z)", source, re.S | re.M)
    if not m:
        sys.exit(f"scale_scenario.py: no '{name}:' section found")
    return m.group(0)


# The company's devices that are not desk PCs or laptops keep their place and their roles.
infrastructure = [line for line in section(company, "hosts").splitlines()
                  if line.strip().startswith("- {hostname:") and "role: workstation" not in line
                  and "role: laptop" not in line]
# The admin's SSH job runs from lt-10: keep that laptop and its owner.
infrastructure.append('  - {hostname: lt-10, role: laptop, owner: kondo, mac: "8c:16:45:0d:c1:27", addressing: dhcp, value: 1}')
desks = max(hosts - len(infrastructure), 1)
if desks > 16000:
    sys.exit("scale_scenario.py: at most 16,000 desk PCs fit the office LAN")

out = [
    "id: dns-beaconing-scale",
    "version: 1",
    "title: {ja: 大規模な DNS ビーコン, en: DNS beaconing at scale}",
    "briefing: {ja: 性能測定用のシナリオです。, en: A scenario for the benchmarks.}",
    "difficulty: hard",
    'start: "2026-03-02T08:00:00+09:00"',
    f"duration: {duration}",
    "techniques: [T1071.004]",
    "network:",
    "  domain: corp.minato-seiki.example",
    "  subnets:",
    '    - {name: office,  cidr: 10.20.0.0/18,  gateway: 10.20.0.1,  dhcp_pool: "10.20.1.0-10.20.63.254"}',
    "    - {name: servers, cidr: 10.20.64.0/24, gateway: 10.20.64.1}",
    "    - {name: management, cidr: 10.20.65.0/24, gateway: 10.20.65.1}",
    "  public_ip: 198.51.100.250",
    "  upstream_dns: 203.0.113.53",
    "  dhcp: {lease: 8h, server: dc01}",
    "  dns_server: dc01",
    "  auth_server: dc01",
    "  firewall: fw01",
    "users:",
    # The admin of the morning SSH checks, from the company's own list.
    next(line for line in section(company, "users").splitlines() if "name: kondo" in line),
]
out += [f"  - {{name: u{i:05d}, ja: 社員 {i}, en: Employee {i}, department: Staff}}" for i in range(1, desks + 1)]
out.append("hosts:")
for line in infrastructure:
    # The servers' and the scanner's LANs move to make room for the big office LAN.
    out.append(line.replace("10.20.10.", "10.20.64.").replace("10.20.20.", "10.20.65."))
for i in range(1, desks + 1):
    mac = f"3c:52:82:{(i >> 16) & 0xff:02x}:{(i >> 8) & 0xff:02x}:{i & 0xff:02x}"
    out.append(f'  - {{hostname: ws-{i:05d}, role: workstation, owner: u{i:05d}, mac: "{mac}", addressing: dhcp, value: 1}}')
victim = "ws-00017" if desks >= 17 else "ws-00001"
text = ("\n".join(out) + "\n" + section(company, "benign")
        + section(incident, "attack").replace("host: ws-17", f"host: {victim}"))
print(text, end="")
