#!/usr/bin/env python3
"""Writes a large version of the DNS-beaconing scenario for scale checks (issue 3, item 10):
the shipped file's sites, services and incident, with N desk PCs (default 4,994, so 5,000 hosts
with the infrastructure) on a /18 and a duration of D (default 7d).

    bench/scale_scenario.py > /tmp/scale.yaml
    /usr/bin/time -v build/socsim export /tmp/scale.yaml --format zeek --out /tmp/scale-out

The quiz and checkpoints are left out: the file is for the engine and the exporters.
"""
import re
import sys
from pathlib import Path

hosts = int(sys.argv[1]) if len(sys.argv) > 1 else 4994
duration = sys.argv[2] if len(sys.argv) > 2 else "7d"
source = (Path(__file__).resolve().parent.parent / "scenarios" / "dns-beaconing.yaml").read_text()

def section(name):
    """The text of a top-level YAML key, up to the next one."""
    m = re.search(rf"^{name}:.*?(?=^\S|\Z)", source, re.S | re.M)
    return m.group(0)

out = [
    "id: dns-beaconing-scale",
    "version: 1",
    "title: {ja: 大規模な DNS ビーコン, en: DNS beaconing at scale}",
    "briefing: {ja: 規模の確認用。, en: For scale checks.}",
    "difficulty: hard",
    'start: "2026-03-02T08:00:00+09:00"',
    f"duration: {duration}",
    "techniques: [T1071.004]",
    "network:",
    "  domain: corp.minato-seiki.example",
    "  subnet: 10.20.0.0/18",
    "  gateway: 10.20.0.1",
    "  public_ip: 198.51.100.250",
    "  upstream_dns: 203.0.113.53",
    '  dhcp: {pool: "10.20.1.0-10.20.63.254", lease: 8h, server: dc01}',
    "  dns_server: dc01",
    "  auth_server: dc01",
    "  firewall: fw01",
    "users:",
]
out += [f"  - {{name: u{i:04d}, ja: 社員 {i}, en: Employee {i}, department: Staff}}" for i in range(1, hosts + 1)]
out += [
    "hosts:",
    '  - {hostname: fw01,  role: firewall,          mac: "00:09:0f:c6:bb:25", ip: 10.20.0.1,  value: 5}',
    '  - {hostname: dc01,  role: domain_controller, mac: "d0:94:66:82:f6:0d", ip: 10.20.0.10, value: 5}',
    '  - {hostname: fs01,  role: server,            mac: "d0:94:66:46:1f:28", ip: 10.20.0.11, value: 4}',
    '  - {hostname: app01, role: server,            mac: "d0:94:66:07:08:b4", ip: 10.20.0.12, value: 3}',
    '  - {hostname: prn01, role: printer,           mac: "00:80:77:b1:5c:28", ip: 10.20.0.21, value: 1}',
    '  - {hostname: prn02, role: printer,           mac: "00:80:77:f5:b8:61", ip: 10.20.0.22, value: 1}',
]
for i in range(1, hosts + 1):
    mac = f"3c:52:82:{(i >> 16) & 0xff:02x}:{(i >> 8) & 0xff:02x}:{i & 0xff:02x}"
    out.append(f'  - {{hostname: ws-{i:04d}, role: workstation, owner: u{i:04d}, mac: "{mac}", addressing: dhcp, value: 1}}')
text = "\n".join(out) + "\n" + section("benign") + section("attack").replace("host: ws-17", "host: ws-0017")
print(text, end="")
