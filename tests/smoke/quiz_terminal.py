#!/usr/bin/python3
"""Drives `socsim quiz run` through a pseudo-terminal, as a trainee over SSH would.

usage: quiz_terminal.py SOCSIM BANK EXAM_BANK WORK_DIR
Checks: a bad entry and an empty line are asked again; feedback and the explanation follow each
practice answer; the result line counts the answers; an exam takes its settings from the bank and
refuses the trainee's own; it gives no feedback until the end; an exam whose terminal is hung up
(SIGHUP) is picked up again by the same command, at the next question, and one whose time ran out
meanwhile is closed with its answers; :q asks before handing an exam in; an exam cannot be taken
twice.
"""
import os
import pty
import re
import select
import signal
import sys
import time

socsim, bank, exam_bank, work = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
os.makedirs(work, exist_ok=True)
db = os.path.join(work, "quiz.db")
if os.path.exists(db):
    os.remove(db)

# The same exam with a time limit short enough to run out while the test waits.
short_bank = os.path.join(work, "exam-short.yaml")
with open(exam_bank, encoding="utf-8") as f:
    text = f.read()
assert "time_limit: 10m" in text
with open(short_bank, "w", encoding="utf-8") as f:
    f.write(text.replace("time_limit: 10m", "time_limit: 4s"))


def auto_answer(out):
    """A valid answer to the question on screen, whatever its kind (the draw depends on the seed)."""
    asked = out[out.rfind("Question "):]
    if "type a letter" in asked:
        return "A"
    if "Type a number" in asked:
        return "15"
    if "Type your answer" in asked:
        return "beacon"
    return "1"


def run(args, answers, trainee="pty-tester", timeout=20):
    """Runs socsim in a pty and answers each '> ' prompt in turn: `answers` is a list of lines (or
    of functions of the output so far that give one), or one such function for every prompt; a
    line None hangs the terminal up (SIGHUP). Past the deadline the program is killed. Returns
    (exit code, output)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(socsim, [socsim, "--db", db, "--lang", "en", "--trainee", trainee] + args)
    out = b""
    pending = [] if callable(answers) else list(answers)
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
        while out.count(b"> ") > prompts_seen:
            prompts_seen += 1
            text = out.decode("utf-8", "replace")
            if callable(answers):
                line = answers(text)
            elif pending:
                line = pending.pop(0)
                line = line(text) if callable(line) else line
            else:
                break  # nothing more planned: wait for the program to end
            if line is None:
                os.kill(pid, signal.SIGHUP)
                break
            os.write(fd, (line + "\n").encode())
    else:
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), out.decode("utf-8", "replace")


def expect(cond, what, output):
    if not cond:
        print("FAILED:", what)
        print(output)
        sys.exit(1)


FEEDBACK = r"(Right!|Not quite\.|Partly right|Not answered)"

# Practice: 3 questions; an out-of-range answer and an empty line are both asked again.
code, out = run(["quiz", "run", bank, "--count", "3"], ["9", "", "1", "1", "2"])
expect(code == 0, "practice exits 0", out)
expect("Please type numbers from 1 to" in out, "an out-of-range answer is refused and asked again", out)
expect("(Type :q to stop.)" in out, "an empty line is asked again, with how to stop", out)
expect(len(re.findall(FEEDBACK, out)) == 3, "feedback after each of 3 answers", out)
expect(out.count("Why:") == 3, "an explanation after each answer", out)
expect(re.search(r"Result: \d of 3 right", out) is not None, "a result line", out)

# Stopping a practice early with :q still records and reports what was answered.
code, out = run(["quiz", "run", bank], ["1", ":q"])
expect(code == 0 and re.search(r"Result: \d of \d+ right", out), "stopping early", out)
expect("You answered 1 of the" in out, "how many were answered", out)

# An exam is set by the bank: a trainee cannot choose the count or the time.
code, out = run(["quiz", "run", exam_bank, "--mode", "exam", "--count", "2"], [])
expect(code == 2 and "--count and --time-limit are only for practice" in out, "exam settings are the bank's", out)

# An exam: question 1 answered, then an empty line at question 2 (asked again, not the end), then
# the terminal hangs up.
def first_then_hang_up(out):
    if "Question 2 of 3" not in out:
        return auto_answer(out)
    return None if "(Type :q to hand the exam in.)" in out else ""


code, out = run(["quiz", "run", exam_bank, "--mode", "exam"], first_then_hang_up)
expect(code == -signal.SIGHUP, "the exam dies with its terminal", out)
expect("Exam: 3 questions, 10m 00s from the start, pass mark 50%" in out, "the bank's exam settings", out)
expect("(Type :q to hand the exam in.)" in out, "an empty line does not end the exam", out)
expect(re.search(FEEDBACK, out) is None and "Result:" not in out, "no feedback or result while it runs", out)
question_2 = out[out.find("Question 2 of 3"):].splitlines()[1]

# The same command goes on with the same exam, at question 2.
code, out = run(["quiz", "run", exam_bank, "--mode", "exam"], auto_answer)
expect(code == 0, "the resumed exam exits 0", out)
expect("Going on with your exam: 1 of 3 answered" in out, "the exam is resumed", out)
expect("Question 1 of 3" not in out and out.find("Question 2 of 3") >= 0, "it goes on at question 2", out)
expect(out[out.find("Question 2 of 3"):].splitlines()[1] == question_2, "the same question 2", out)
first_feedback = min([m.start() for m in re.finditer(FEEDBACK, out)] or [len(out)])
expect(first_feedback > out.rfind("> "), "no feedback while the exam runs", out)
expect(len(re.findall(r"^\d\. ", out, re.M)) == 3, "every question with its answer at the end", out)
expect(re.search(r"Result: \d of 3 right", out) is not None, "exam result", out)
expect(re.search(r"(Passed|Not passed) \(pass mark 50%\)", out) is not None, "passed or not", out)
code, out = run(["quiz", "run", exam_bank, "--mode", "exam"], [])
expect(code == 1 and "already taken this exam" in out and "You handed it in on" in out,
       "an exam cannot be taken twice", out)

# Hung up, and the time runs out before the trainee is back: closed with the answer given.
def one_then_hang_up(out):
    return auto_answer(out) if "Question 2 of 3" not in out else None


code, out = run(["quiz", "run", short_bank, "--mode", "exam"], one_then_hang_up, trainee="late")
expect(code == -signal.SIGHUP, "the short exam dies with its terminal", out)
time.sleep(4.5)
code, out = run(["quiz", "run", short_bank, "--mode", "exam"], [], trainee="late")
expect(code == 0 and "time ran out while it was interrupted" in out, "closed when its time ran out", out)
expect(re.search(r"Result: \d of 3 right", out) and out.count("Not answered") == 2, "the answer given counts", out)
code, out = run(["quiz", "run", short_bank, "--mode", "exam"], [], trainee="late")
expect(code == 1 and "already taken this exam" in out, "a closed exam cannot be taken again", out)

# :q asks first: "no" goes back to the question, "yes" hands the exam in.
code, out = run(["quiz", "run", exam_bank, "--mode", "exam"], [":q", "no", ":q", "yes"], trainee="quitter")
expect(code == 0 and out.count("Hand in the exam now?") == 2, "a confirmation each time", out)
expect(out.count("Question 1 of 3") == 2, "after 'no', the same question again", out)
expect("The exam is handed in." in out and re.search(r"Result: 0 of 3 right", out), "handed in", out)
print("quiz terminal: ok")
