#!/usr/bin/python3
"""Runs every file of the bad-input corpus through socsim's command line (issue 8).

usage: run_corpus.py SOCSIM CORPUS_DIR WORK_DIR

Each row of CORPUS_DIR/expected.tsv names a file, the exit code socsim must give and a fragment
its message must contain (file name and line:column where the loader knows them). A file must
not crash socsim (no signal, no 134/139), must not hang (10 s), and every file in the corpus
folders must have a row. The big files (a 50 MB line, 6,000 hosts) and named pipes are made in
WORK_DIR at test time instead of being committed. Database files are copied first: opening one may
write to it.
"""
import os
import shutil
import subprocess
import sys

FOLDERS = ("scenario", "quiz", "gift", "rules", "database")


def base_scenario(corpus):
    # The loader tests' smallest scenario, which every generated scenario changes in one place.
    with open(os.path.join(corpus, "..", "data", "scenario", "minimal.yaml"), encoding="utf-8") as f:
        return f.read().split("\n", 1)[1]


def generate(corpus, work):
    """Writes the corpus files too big to commit; returns nothing, the rows name them."""
    gen = os.path.join(work, "generated")
    for folder in ("scenario", "quiz", "gift", "rules"):
        os.makedirs(os.path.join(gen, folder), exist_ok=True)
    base = base_scenario(corpus)
    long_line = "A" * (50 * 1000 * 1000)

    def write(path, text):
        with open(os.path.join(gen, path), "w", encoding="utf-8") as f:
            f.write(text)

    write("scenario/long-line-50mb.yaml", "# A title pasted 50 MB long.\n" + base.replace("en: A small company", "en: " + long_line))
    write("scenario/long-line-1mb.yaml", "# A 1 MB title: under the file limit, over the line limit.\n" +
          base.replace("en: A small company", "en: " + "A" * 1000 * 1000))
    hosts = "".join('  - {hostname: ws-%04d, role: workstation, mac: "3c:52:82:%02x:%02x:01"}\n' % (i, i // 256, i % 256)
                    for i in range(5996))
    write("scenario/hosts-6000.yaml", "# An absurd host count: 6,000 devices.\n" + base.replace("hosts:\n", "hosts:\n" + hosts, 1))
    # 2,000 hosts is within the host limit, 31 days within the duration limit and 10,000 lookups
    # an hour within the rate limit; together they are tens of billions of records.
    budget_hosts = "".join('  - {hostname: pc-%04d, role: workstation, mac: "02:00:00:%02x:%02x:01"}\n' % (i, i // 256, i % 256)
                           for i in range(1996))
    write("scenario/record-budget.yaml", "# Every limit kept, their product absurd: 2,000 hosts x 10,000 lookups an hour x 31 days.\n" +
          base.replace("duration: 9h", "duration: 31d").replace("10.20.0.0/24", "10.20.0.0/16")
          .replace("10.20.0.100-10.20.0.102", "10.20.1.1-10.20.9.254").replace("lookups_per_hour: 40", "lookups_per_hour: 10000")
          .replace("hosts:\n", "hosts:\n" + budget_hosts, 1))
    # A pipe would be read forever (and a device like /dev/zero until memory ran out): a FIFO
    # with no writer shows a loader that opens one without asking as a 10 s timeout, harmlessly.
    for fifo in ("scenario/pipe.yaml", "quiz/pipe.yaml", "gift/pipe.gift", "rules/pipe.yml"):
        path = os.path.join(gen, fifo)
        if os.path.lexists(path):
            os.remove(path)
        os.mkfifo(path)
    write("quiz/long-line-50mb.yaml", "id: big\ntitle: {ja: 大きい, en: " + long_line + "}\nquestions: []\n")
    write("gift/long-line-50mb.gift", "::q1::" + long_line + " {T}\n")
    write("rules/long-line-50mb.yml", "title: " + long_line + "\n")


def command(socsim, folder, path, work):
    if folder == "scenario":
        return [socsim, "validate", path]
    if folder in ("quiz", "gift"):
        return [socsim, "--lang", "en", "quiz", "check", path]
    if folder == "rules":
        return [socsim, "rules", "check", path]
    copy_dir = os.path.join(work, "db")
    shutil.rmtree(copy_dir, ignore_errors=True)
    os.makedirs(copy_dir)
    copy = os.path.join(copy_dir, os.path.basename(path))
    shutil.copyfile(path, copy)
    return [socsim, "--db", copy, "history"]


def main():
    socsim, corpus, work = sys.argv[1:4]
    os.makedirs(work, exist_ok=True)
    generate(corpus, work)
    rows = []
    with open(os.path.join(corpus, "expected.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            path, code, fragment = line.rstrip("\n").split("\t")
            rows.append((path, int(code), fragment))

    failures = []
    listed = {p for p, _, _ in rows}
    for folder in FOLDERS:
        for name in sorted(os.listdir(os.path.join(corpus, folder))):
            if f"{folder}/{name}" not in listed:
                failures.append(f"{folder}/{name}: no row in expected.tsv")

    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8")
    for path, code, fragment in rows:
        generated = path.startswith("generated/")
        full = os.path.join(work if generated else corpus, path)
        folder = path.split("/")[1 if generated else 0]
        try:
            run = subprocess.run(command(socsim, folder, full, work), capture_output=True, timeout=10, env=env)
        except subprocess.TimeoutExpired:
            failures.append(f"{path}: still running after 10 s")
            continue
        out = (run.stderr + run.stdout).decode("utf-8", errors="replace")
        name = os.path.basename(path)
        if run.returncode < 0 or run.returncode in (134, 139):
            failures.append(f"{path}: crashed (exit {run.returncode})")
        elif run.returncode != code:
            failures.append(f"{path}: exit {run.returncode}, expected {code}")
        if fragment not in out:
            failures.append(f"{path}: the message lacks {fragment!r}; it was:\n    " + out.strip().replace("\n", "\n    ")[:2000])
        elif name not in out:
            failures.append(f"{path}: the message does not name the file")

    for f in failures:
        print("FAIL " + f)
    print(f"bad-input corpus: {len(rows)} files, {len(rows) - len(failures)} as expected, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
