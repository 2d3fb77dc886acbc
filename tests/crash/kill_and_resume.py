#!/usr/bin/python3
"""Crash safety of socsim, tested the hard way: kill -9 at random moments of attempts.

Usage: kill_and_resume.py SOCSIM WORKDIR [--kills N] [--seed S]

1. Reference: `socsim drill` plays each campaign's attempt (a seed) to its end without a kill,
   printing after every step the step's kind and a digest of the attempt's state.
2. Kills: the same attempts are played again in other database files, and each run is killed
   with SIGKILL after a random delay (a seeded RNG: a failure is reproducible with --seed). After
   every kill, on a copy of the file as the kill left it: PRAGMA integrity_check is ok; the
   journal and the answers hold every step acknowledged ("done N") before the kill, and are the
   reference's, row for row; a finished attempt has the reference's score lines. The next run
   resumes: the state it resumes to is the reference's at that step, and so is every state after.
3. A second program holding the file: the drill waits for it, then goes on.
4. Damaged files (garbage over the header, truncated, a page overwritten): the program says so in
   the trainee's language, keeps the file unchanged under the name it reports, starts a new one.

Prints `figure:` lines (kills survived, time taken) for docs/reliability.md.
"""

import argparse
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time

STEPS = 40          # steps of each attempt's script (drill --actions)
CAMPAIGN_SEEDS = [1, 2, 3, 4, 5, 6]
PACE_MS = 1         # a pause before each step (drill --pace-ms), so kills land between steps too

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message, flush=True)


def drill_command(socsim, db, seed, lang="en"):
    return [socsim, "--db", db, "--lang", lang, "drill", "--seed", str(seed), "--actions", str(STEPS),
            "--pace-ms", str(PACE_MS)]


def parse_lines(text):
    """'at N D', 'done N KIND D [score=X]', 'finished N score=X' -> list of tuples."""
    out = []
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "at" and len(parts) == 3:
            out.append(("at", int(parts[1]), None, parts[2], None))
        elif parts[0] == "done" and len(parts) in (4, 5):
            out.append(("done", int(parts[1]), parts[2], parts[3], parts[4] if len(parts) == 5 else None))
        elif parts[0] == "finished" and len(parts) == 3:
            out.append(("finished", int(parts[1]), None, None, parts[2]))
        else:
            fail("unexpected drill output: %r" % line)
    return out


def attempt_rows(db, seed):
    """The drill attempt with `seed` in `db`: (status, score, actions, answers, score lines)."""
    con = sqlite3.connect(db)
    try:
        # A kill before the first schema step committed leaves a file with no tables: no attempt.
        if con.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'attempt'").fetchone()[0] == 0:
            return None
        row = con.execute("SELECT a.id, a.status, a.score FROM attempt a JOIN trainee t ON t.id = a.trainee_id "
                          "WHERE t.name = 'drill' AND a.seed = ? ORDER BY a.id DESC LIMIT 1", (seed,)).fetchone()
        if row is None:
            return None
        aid = row[0]
        actions = con.execute("SELECT seq, sim_time, kind, target, note, verdict FROM action "
                              "WHERE attempt_id = ? ORDER BY seq", (aid,)).fetchall()
        answers = con.execute("SELECT question_id, selected, fraction, correct, number, text FROM answer "
                              "WHERE attempt_id = ? ORDER BY rowid", (aid,)).fetchall()
        lines = con.execute("SELECT seq, key, args, points, max_points FROM score_line "
                            "WHERE attempt_id = ? ORDER BY seq", (aid,)).fetchall()
        return row[1], row[2], actions, answers, lines
    finally:
        con.close()


def integrity(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchall()
    finally:
        con.close()


def copy_as_left(db, to):
    """The file as the kill left it (with its write-ahead log), so checking it changes nothing
    the next run will find."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(to + suffix):
            os.remove(to + suffix)
    for suffix in ("", "-wal"):
        if os.path.exists(db + suffix):
            shutil.copyfile(db + suffix, to + suffix)


class Reference:
    def __init__(self, socsim, work, seed):
        os.makedirs(work, exist_ok=True)
        db = os.path.join(work, "reference.db")
        begin = time.monotonic()
        proc = subprocess.Popen(drill_command(socsim, db, seed), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        first = proc.stdout.readline()
        self.startup = time.monotonic() - begin  # to "at 0": loading the scenario, its rules and quiz
        rest = proc.stdout.read()  # not communicate(): it would skip what readline buffered
        err = proc.stderr.read()
        proc.wait()
        self.steps_time = time.monotonic() - begin - self.startup
        if proc.returncode != 0:
            raise SystemExit("reference run of seed %d failed: %s" % (seed, err))
        lines = parse_lines(first + rest)
        self.digest = {}
        self.kind = {}
        self.score = None
        for what, n, kind, digest, score in lines:
            self.digest[n] = digest
            if what == "done":
                self.kind[n] = kind
            if score:
                self.score = score
        if sorted(self.kind) != list(range(1, STEPS + 1)):
            raise SystemExit("reference run of seed %d did not take %d steps" % (seed, STEPS))
        # How many journal rows and answers the first n steps wrote.
        self.actions_after = [0]
        self.answers_after = [0]
        for n in range(1, STEPS + 1):
            k = self.kind[n]
            self.actions_after.append(self.actions_after[-1] + (k not in ("answer", "finish")))
            self.answers_after.append(self.answers_after[-1] + (k == "answer"))
        status, score, self.actions, self.answers, self.lines = attempt_rows(db, seed)
        if status != "finished":
            raise SystemExit("reference attempt of seed %d is %s" % (seed, status))


def check_database(db, scratch, seed, ref, acked, where):
    """After a kill: the file passes integrity_check and holds every acknowledged step."""
    copy_as_left(db, scratch)
    result = integrity(scratch)
    if result != [("ok",)]:
        fail("%s: integrity_check says %r" % (where, result[:5]))
    rows = attempt_rows(scratch, seed)
    if rows is None:
        if acked > 0:
            fail("%s: %d steps acknowledged, but no attempt in the file" % (where, acked))
        return
    status, score, actions, answers, lines = rows
    lo_act, hi_act = ref.actions_after[acked], ref.actions_after[min(acked + 1, STEPS)]
    lo_ans, hi_ans = ref.answers_after[acked], ref.answers_after[min(acked + 1, STEPS)]
    if not lo_act <= len(actions) <= hi_act:
        fail("%s: %d steps acknowledged (%d actions), the journal has %d" % (where, acked, lo_act, len(actions)))
    if actions != ref.actions[:len(actions)]:
        fail("%s: the journal differs from the uninterrupted run's" % where)
    if not lo_ans <= len(answers) <= hi_ans:
        fail("%s: %d steps acknowledged (%d answers), the file has %d" % (where, acked, lo_ans, len(answers)))
    if answers != ref.answers[:len(answers)]:
        fail("%s: the answers differ from the uninterrupted run's" % where)
    if status == "finished":
        if lines != ref.lines:
            fail("%s: the score lines differ from the uninterrupted run's" % where)
    elif lines:
        fail("%s: an attempt in progress has score lines" % where)
    elif acked >= STEPS:
        fail("%s: the grading was acknowledged, but the attempt is %s" % (where, status))


def check_output(lines, ref, acked, where):
    """A run's output: it resumed where the last one stopped, in the reference's state."""
    first = True
    for what, n, kind, digest, score in lines:
        if first:
            first = False
            if what == "done":
                fail("%s: a run must first say where it resumed" % where)
            elif not acked <= n <= acked + 1:
                fail("%s: resumed at step %d after %d acknowledged" % (where, n, acked))
        if what == "finished":
            if n != STEPS or score != ref.score:
                fail("%s: finished at %d with %s; the reference: %d with %s" % (where, n, score, STEPS, ref.score))
            continue
        if digest != ref.digest.get(n):
            fail("%s: the state at step %d is not the uninterrupted run's" % (where, n))
        if what == "done" and kind != ref.kind[n]:
            fail("%s: step %d was %s, in the reference %s" % (where, n, kind, ref.kind[n]))
        if score is not None and score != ref.score:
            fail("%s: the score is %s, in the reference %s" % (where, score, ref.score))


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.kills = 0
        self.in_flight = 0      # kills after a step was committed but before it was acknowledged
        self.before_start = 0   # runs killed before they said where they resumed
        self.checked = 0        # runs whose resumed state was compared with the reference


def campaign(socsim, work, ref, round_no, seed, rng, tally):
    """Plays one attempt to its end in its own file, killing run after run of it."""
    db = os.path.join(work, "kill-%d-%d.db" % (round_no, seed))
    scratch = os.path.join(work, "as-left-%d-%d.db" % (round_no, seed))
    acked = 0
    run_no = 0
    while not failures:
        run_no += 1
        where = "round %d seed %d run %d" % (round_no, seed, run_no)
        # A fifth of the kills land while the program starts and replays the journal; the rest
        # while it takes steps (each committed, then acknowledged), timed from its "at" line, as
        # the time to start varies with the machine's load.
        during_start = rng.random() < 0.2
        delay = rng.uniform(0.0, ref.startup if during_start else ref.steps_time)
        proc = subprocess.Popen(drill_command(socsim, db, seed), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        first = "" if during_start else proc.stdout.readline()
        try:
            proc.wait(timeout=delay)
            killed = False
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            killed = True
        out = first + proc.stdout.read()
        err = proc.stderr.read()
        proc.stdout.close()
        proc.stderr.close()
        lines = parse_lines(out)
        if not killed and proc.returncode != 0:
            fail("%s: exit %d: %s" % (where, proc.returncode, err.strip()))
            return
        with tally.lock:
            if lines:
                tally.checked += 1
                tally.in_flight += lines[0][1] == acked + 1
            else:
                tally.before_start += 1
            tally.kills += killed
        check_output(lines, ref, acked, where)
        for _, n, _, _, _ in lines:
            acked = max(acked, n)
        state = "killed %.0f ms after %s" % (delay * 1000, "its start" if during_start else "it resumed") if killed else "ran to its end"
        check_database(db, scratch, seed, ref, acked, "%s (%s)" % (where, state))
        if not killed:
            if acked < STEPS:
                fail("%s: exited after %d of %d steps" % (where, acked, STEPS))
            return


def kill_campaigns(socsim, work, refs, kills_wanted, seed, workers):
    """Campaigns (round, seed) on `workers` threads until enough kills; each campaign's delays
    come from its own seeded RNG, so which moments are tried does not depend on the threads."""
    tally = Tally()
    next_campaign = [0]

    def worker():
        while not failures:
            with tally.lock:
                if tally.kills >= kills_wanted:
                    return
                k = next_campaign[0]
                next_campaign[0] += 1
            round_no, s = k // len(CAMPAIGN_SEEDS) + 1, CAMPAIGN_SEEDS[k % len(CAMPAIGN_SEEDS)]
            campaign(socsim, work, refs[s], round_no, s, random.Random("%d/%d/%d" % (seed, round_no, s)), tally)

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return tally


def second_instance(socsim, work, startup):
    """Another program holds the write lock: the drill waits (busy timeout), then goes on. The
    lock is held for three times a run's start-up, so the drill meets it and has to wait."""
    db = os.path.join(work, "shared.db")
    subprocess.run(drill_command(socsim, db, 11), capture_output=True, timeout=60, check=True)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    proc = subprocess.Popen(drill_command(socsim, db, 12), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    hold = max(1.0, 3 * startup)
    time.sleep(hold)
    if proc.poll() is not None:
        fail("second instance: the drill did not wait for the lock: exit %d: %s" % (proc.returncode, proc.stderr.read()))
        holder.close()
        return
    holder.execute("COMMIT")
    holder.close()
    out, err = proc.communicate(timeout=60)
    if proc.returncode != 0 or "done %d finish" % STEPS not in out:
        fail("second instance: after the lock was released the drill failed: exit %d: %s" % (proc.returncode, err))
    else:
        print("figure: a second program held the file for %.1f s: the drill waited, then played its attempt" % hold,
              flush=True)


def damaged_files(socsim, work, ref_db):
    """Garbage, truncation, one overwritten page: reported, kept aside, a new file started."""
    con = sqlite3.connect(ref_db)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_schema WHERE name = 'action'").fetchone()[0]
    con.close()
    rng = random.Random(7)

    def garbage(data):
        return bytes(rng.randrange(256) for _ in range(100)) + data[100:]

    def truncated(data):
        return data[:len(data) // 3]

    def page_overwritten(data):
        at = (root - 1) * page_size
        return data[:at] + bytes(rng.randrange(256) for _ in range(page_size)) + data[at + page_size:]

    with open(ref_db, "rb") as f:
        sound = f.read()
    for name, damage in (("garbage", garbage), ("truncated", truncated), ("page", page_overwritten)):
        for lang, says in (("en", "is damaged"), ("ja", "壊れていました")):
            folder = os.path.join(work, "damaged-%s-%s" % (name, lang))
            shutil.rmtree(folder, ignore_errors=True)
            os.makedirs(folder)
            db = os.path.join(folder, "socsim.db")
            bad = damage(sound)
            with open(db, "wb") as f:
                f.write(bad)
            run = subprocess.run(drill_command(socsim, db, 1, lang), capture_output=True, text=True, timeout=60)
            where = "damaged file (%s, %s)" % (name, lang)
            kept = [p for p in os.listdir(folder) if re.fullmatch(r"socsim\.db\.corrupt-\d{8}-\d{6}", p)]
            if run.returncode != 0:
                fail("%s: exit %d: %s" % (where, run.returncode, run.stderr))
            if says not in run.stderr:
                fail("%s: the message does not say the file is damaged: %r" % (where, run.stderr))
            if len(kept) != 1:
                fail("%s: the damaged file was not kept aside: %r" % (where, os.listdir(folder)))
                continue
            if os.path.join(folder, kept[0]) not in run.stderr:
                fail("%s: the message does not name the kept file %s: %r" % (where, kept[0], run.stderr))
            with open(os.path.join(folder, kept[0]), "rb") as f:
                if f.read() != bad:
                    fail("%s: the kept file is not the damaged file, unchanged" % where)
            if not run.stdout.startswith("at 0 "):
                fail("%s: the new database did not start empty: %r" % (where, run.stdout[:80]))
            if integrity(db) != [("ok",)]:
                fail("%s: the new database fails integrity_check" % where)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("socsim")
    parser.add_argument("work")
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=20261202)
    parser.add_argument("--workers", type=int, default=2, help="campaigns played at once")
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    start = time.monotonic()

    # Measured with as many programs at once as the kills will run, so the delays fit the load.
    refs = {}

    def reference(seeds):
        for s in seeds:
            refs[s] = Reference(args.socsim, os.path.join(args.work, "reference-%d" % s), s)

    threads = [threading.Thread(target=reference, args=(CAMPAIGN_SEEDS[i::args.workers],)) for i in range(args.workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if len(refs) != len(CAMPAIGN_SEEDS):
        return 1
    startup = sorted(r.startup for r in refs.values())[len(refs) // 2]
    steps_time = sorted(r.steps_time for r in refs.values())[len(refs) // 2]
    print("uninterrupted run: %.0f ms to start, %.0f ms for %d steps" % (startup * 1000, steps_time * 1000, STEPS),
          flush=True)
    tally = kill_campaigns(args.socsim, args.work, refs, args.kills, args.seed, args.workers)
    kills = tally.kills
    print("figure: kills survived: %d (of %d wanted), restarts whose resumed state was checked: %d, "
          "kills between a step's commit and its acknowledgement: %d, runs killed before they resumed: %d, "
          "time: %.1f s" % (kills, args.kills, tally.checked, tally.in_flight, tally.before_start,
                            time.monotonic() - start), flush=True)
    if not failures:
        second_instance(args.socsim, args.work, startup)
    if not failures:
        damaged_files(args.socsim, args.work, os.path.join(args.work, "reference-1", "reference.db"))
    print("figure: crash-safety test total time: %.1f s" % (time.monotonic() - start), flush=True)
    if kills < args.kills and not failures:
        fail("only %d kills" % kills)
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
