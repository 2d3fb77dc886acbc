#!/usr/bin/python3
"""socsim's LRS client against a local LRS (lrs_server.py), through the command line.

    xapi_lrs.py SOCSIM NO_NETWORK_SO WORK_DIR

1. Without lrs.yaml, socsim opens no Internet connection (checked with the no_network preload):
   the attempts, `xapi status` and `xapi export` work, `xapi send` says none is configured (exit 2).
2. With the LRS unreachable (nothing listening), answering 503, refusing the credentials, or
   storing a batch and cutting the connection before answering, `xapi send` exits 1 and every
   statement still waits.
3. With the LRS up, every statement arrives once (the ones cut off were resent with the same ids
   and kept once), with xAPI's headers and Basic auth; a second send posts nothing.
4. The secret appears in no output, no export and not in the trainee database.
5. The no_network preload does catch a connection (the check can fail).
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import time

socsim, preload, work = sys.argv[1], sys.argv[2], sys.argv[3]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
db = os.path.join(work, "trainee.db")
secret = "Tr41ning-S3cret-never-shown"
failures = []
outputs = []


def run(*args, env_extra=None, expect=None, no_network=False):
    env = dict(os.environ)
    env["XDG_CONFIG_HOME"] = os.path.join(work, "config")
    env.pop("SOCSIM_LRS_CONFIG", None)
    if no_network:
        env["LD_PRELOAD"] = preload
    env.update(env_extra or {})
    p = subprocess.run([socsim, "--db", db, "--lang", "en", *args], capture_output=True, text=True, env=env, timeout=120)
    outputs.append(p.stdout + p.stderr)
    if expect is not None and p.returncode != expect:
        failures.append("%s: exit %d, expected %d\n%s%s" % (" ".join(args), p.returncode, expect, p.stdout, p.stderr))
    return p


def check(cond, what):
    if not cond:
        failures.append(what)


def status_counts():
    out = run("xapi", "status", expect=0).stdout
    line = [l for l in out.splitlines() if l.startswith("xAPI statements:")]
    check(line, "status prints the counts")
    words = line[0].replace(",", "").split() if line else []
    return int(words[2]), int(words[4])  # waiting, sent


# 1. No LRS: no network at all.
for seed in (1, 2):
    run("drill", "--seed", str(seed), "--actions", "12", expect=0, no_network=True)
run("xapi", "status", expect=0, no_network=True)
p = run("xapi", "export", "--out", os.path.join(work, "statements.json"), expect=0, no_network=True)
exported = json.load(open(os.path.join(work, "statements.json")))
check(len(exported) == 20, "two graded drills make 20 statements (attempted, 7 answered, completed, verdict), got %d" % len(exported))
p = run("xapi", "send", expect=2, no_network=True)
check("No Learning Record Store is configured" in p.stderr, "send without an LRS says so: " + p.stderr)

# The LRS, on a free port.
port_file, mode_file, log = (os.path.join(work, n) for n in ("port", "mode", "lrs-log.json"))
server = subprocess.Popen(["/usr/bin/python3", os.path.join(os.path.dirname(__file__), "lrs_server.py"),
                           "--port-file", port_file, "--mode-file", mode_file, "--log", log,
                           "--user", "socsim-class", "--password", secret])
try:
    for _ in range(100):
        if os.path.exists(port_file):
            break
        time.sleep(0.05)
    port = int(open(port_file).read())
    config_dir = os.path.join(work, "config", "socsim")
    os.makedirs(config_dir)
    with open(os.path.join(config_dir, "lrs.secret"), "w") as f:
        f.write(secret + "\n")
    os.chmod(os.path.join(config_dir, "lrs.secret"), 0o600)

    def configure(endpoint, password_file="lrs.secret"):
        with open(os.path.join(config_dir, "lrs.yaml"), "w") as f:
            f.write("endpoint: %s\nkey: socsim-class\nsecret_file: %s\nactor_home_page: https://lms.example.org\ntimeout: 5s\n"
                    % (endpoint, password_file))

    def set_mode(m):
        with open(mode_file, "w") as f:
            f.write(m)

    # 2. Outages: nothing listening, 503, wrong secret, cut after storing.
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    dead_port = s.getsockname()[1]
    s.close()
    configure("http://127.0.0.1:%d/xapi" % dead_port)
    p = run("xapi", "send", expect=1)
    check("could not take the statements now" in p.stderr, "unreachable LRS explained: " + p.stderr)
    check(status_counts() == (20, 0), "all 20 wait after the LRS was unreachable")

    configure("http://127.0.0.1:%d/xapi" % port)
    set_mode("down")
    p = run("xapi", "send", expect=1)
    check("HTTP 503" in p.stderr, "503 explained: " + p.stderr)
    check(status_counts() == (20, 0), "all 20 wait after a 503")

    with open(os.path.join(config_dir, "wrong.secret"), "w") as f:
        f.write("not-the-secret\n")
    os.chmod(os.path.join(config_dir, "wrong.secret"), 0o600)
    configure("http://127.0.0.1:%d/xapi" % port, "wrong.secret")
    set_mode("up")
    p = run("xapi", "send", expect=1)
    check("check the endpoint, key and secret" in p.stderr and "HTTP 401" in p.stderr, "401 explained: " + p.stderr)
    check(status_counts() == (20, 0), "all 20 wait after a 401")

    configure("http://127.0.0.1:%d/xapi" % port)
    set_mode("cut")
    p = run("xapi", "send", expect=1)
    check(status_counts() == (20, 0), "all 20 wait after the connection was cut")
    stored_before = len(json.load(open(log))["stored"])
    check(stored_before == 20, "the cut LRS stored the batch it got (%d)" % stored_before)

    # 3. Up: everything arrives once.
    set_mode("up")
    p = run("xapi", "send", expect=0)
    check("20 xAPI statement(s) sent" in p.stdout, "send reports 20 sent: " + p.stdout)
    check(status_counts() == (0, 20), "nothing waits once sent")
    seen = json.load(open(log))
    check(not seen["problems"], "the LRS found problems: %s" % seen["problems"])
    check(len(seen["stored"]) == 20, "20 statements stored, got %d" % len(seen["stored"]))
    check(seen["duplicates"] == 20, "the 20 cut off were resent with the same ids (%d)" % seen["duplicates"])
    check(sorted(seen["stored"]) == sorted(s["id"] for s in exported), "the LRS holds exactly the exported statements")
    posts = seen["posts"]
    p = run("xapi", "send", expect=0)
    check("nothing is waiting" in p.stdout, "second send: " + p.stdout)
    check(json.load(open(log))["posts"] == posts, "a second send posts nothing")

    # A new attempt goes out on the next send, alone.
    run("drill", "--seed", "3", "--actions", "12", expect=0)
    new, _ = status_counts()
    check(new >= 3, "a graded drill makes at least attempted, completed and its verdict (%d)" % new)
    p = run("xapi", "send", expect=0)
    check("%d xAPI statement(s) sent" % new in p.stdout, "the new attempt's %d are sent: %s" % (new, p.stdout))
    check(len(json.load(open(log))["stored"]) == 20 + new, "%d stored in all" % (20 + new))

    # 5. The preload catches a real connection.
    run("drill", "--seed", "4", "--actions", "12", expect=0)
    p = run("xapi", "send", no_network=True)
    check(p.returncode == 97, "no_network must stop a connection to the LRS (exit %d)" % p.returncode)
finally:
    server.terminate()
    server.wait()

# 4. The secret is nowhere.
run("xapi", "export", "--out", os.path.join(work, "all.json"), expect=0)
for text in outputs:
    check(secret not in text, "the secret was printed")
for name in ("all.json", "statements.json", "trainee.db", "trainee.db-wal"):
    path = os.path.join(work, name)
    if os.path.exists(path):
        check(secret.encode() not in open(path, "rb").read(), "the secret is in " + name)

if failures:
    print("\n".join("FAIL " + f for f in failures))
    sys.exit(1)
print("xapi LRS: ok (outages kept 20 statements waiting; every statement delivered once; no network without an LRS)")
