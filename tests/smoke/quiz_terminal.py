#!/usr/bin/python3
"""Drives `socsim quiz run` through a pseudo-terminal, as a trainee over SSH would.

usage: quiz_terminal.py SOCSIM BANK WORK_DIR
Checks: a bad entry is asked again; feedback and the explanation follow each practice answer;
the result line counts the answers; an exam gives no feedback until the end and cannot be
taken twice.
"""
import os
import pty
import re
import select
import sys
import time

socsim, bank, work = sys.argv[1], sys.argv[2], sys.argv[3]
os.makedirs(work, exist_ok=True)
db = os.path.join(work, "quiz.db")
if os.path.exists(db):
    os.remove(db)


def run(args, answers, timeout=20):
    """Runs socsim in a pty; answers each '> ' prompt in turn; returns (exit code, output)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(socsim, [socsim, "--db", db, "--lang", "en", "--trainee", "pty-tester"] + args)
    out = b""
    pending = list(answers)
    prompts_seen = 0
    deadline = time.time() + timeout
    while time.time() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        prompts = out.count(b"> ")
        while prompts > prompts_seen and pending:
            os.write(fd, (pending.pop(0) + "\n").encode())
            prompts_seen += 1
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")


def expect(cond, what, output):
    if not cond:
        print("FAILED:", what)
        print(output)
        sys.exit(1)


# Practice: 3 questions; the first answer is out of range and must be asked again.
code, out = run(["quiz", "run", bank, "--count", "3"], ["9", "1", "1", "2"])
expect(code == 0, "practice exits 0", out)
expect("Please type numbers from 1 to" in out, "an out-of-range answer is refused and asked again", out)
expect(len(re.findall(r"(Right!|Not quite\.|Partly right)", out)) == 3, "feedback after each of 3 answers", out)
expect(out.count("Why:") == 3, "an explanation after each answer", out)
expect(re.search(r"Result: \d of 3 right", out) is not None, "a result line", out)

# Exam: no feedback before the end, everything at the end, and only once.
code, out = run(["quiz", "run", bank, "--mode", "exam", "--count", "2", "--seed", "7"], ["1", "1"])
expect(code == 0, "exam exits 0", out)
first_feedback = min([m.start() for m in re.finditer(r"(Right!|Not quite\.|Partly right)", out)] or [len(out)])
expect(first_feedback > out.rfind("> "), "no feedback while the exam runs", out)
expect(re.search(r"Result: \d of 2 right", out) is not None, "exam result", out)
code, out = run(["quiz", "run", bank, "--mode", "exam"], [])
expect(code == 1 and "already taken this exam" in out, "an exam cannot be taken twice", out)

# Stopping early with an empty line still records and reports what was answered.
code, out = run(["quiz", "run", bank], ["1", ""])
expect(code == 0 and re.search(r"Result: \d of \d+ right", out), "stopping early", out)
print("quiz terminal: ok")
