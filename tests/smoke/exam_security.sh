#!/usr/bin/env bash
# Smoke test of exam security from the command line, as a trainer and a trainee use it
# (docs/exam-security.md): a key is made, a bank sealed, the sealed exam taken (practice refused,
# no right answer printed), the results exported and checked; an edited score, another key and a
# missing key are refused with exit 2 and a message naming the file.
# usage: exam_security.sh SOCSIM BANK OUT_DIR
set -euo pipefail
socsim=$1 bank=$2 out=$3
rm -rf "$out"
mkdir -p "$out"
fail() { echo "exam_security: $*" >&2; exit 1; }
export SOCSIM_INSTRUCTOR_KEY="$out/not-installed.key"

"$socsim" --lang en key new --out "$out/instructor.key" | grep -q "new instructor key" || fail "key new said nothing"
[ "$(stat -c %a "$out/instructor.key")" = 600 ] || fail "the key file is readable by others"
set +e
"$socsim" key new --out "$out/instructor.key" 2> "$out/again.txt"; code=$?
set -e
[ $code = 2 ] && grep -q "already exists" "$out/again.txt" || fail "an existing key was replaced (exit $code)"
digits=$(awk '/^socsim-instructor-key/ {print $3}' "$out/instructor.key")

"$socsim" --lang en quiz seal "$bank" --key "$out/instructor.key" --out "$out/small.exam" > "$out/seal.txt"
grep -q "sealed into" "$out/seal.txt" || fail "quiz seal said nothing"
! grep -q "DHCP log\|explanation\|correct" "$out/small.exam" || fail "the sealed exam shows its answers"
! grep -rq "$digits" "$out/seal.txt" "$out/small.exam" || fail "the key's digits were printed"

# Without the key installed, the sealed exam does not open, and says where the key is looked for.
set +e
"$socsim" --lang en --db "$out/t.db" quiz run "$out/small.exam" --mode exam < /dev/null > /dev/null 2> "$out/nokey.txt"; code=$?
set -e
[ $code = 2 ] && grep -q "sealed" "$out/nokey.txt" && grep -q "not-installed.key" "$out/nokey.txt" || fail "a sealed exam opened without its key (exit $code)"

export SOCSIM_INSTRUCTOR_KEY="$out/instructor.key"
set +e
"$socsim" --lang en --db "$out/t.db" quiz run "$out/small.exam" --mode practice < /dev/null > /dev/null 2> "$out/practice.txt"; code=$?
set -e
[ $code = 2 ] && grep -q "sealed exam" "$out/practice.txt" || fail "practice of a sealed exam was allowed (exit $code)"
# The end of input hands the exam in: grades are shown, right answers are not.
"$socsim" --lang en --trainee sato --db "$out/t.db" quiz run "$out/small.exam" --mode exam < /dev/null > "$out/exam.txt" 2>&1 || true
grep -q "%" "$out/exam.txt" || fail "the exam printed no score"
! grep -q "Right answer\|Why:" "$out/exam.txt" || fail "the sealed exam printed its right answers"

"$socsim" --lang en --trainee sato --db "$out/t.db" results export --out "$out/sato.json" | grep -q "1 finished attempt" || fail "results export"
"$socsim" --lang en results check "$out/sato.json" | grep -q "signature good" || fail "a good results file was refused"
sed 's/"score": [0-9.]*/"score": 100.0/' "$out/sato.json" > "$out/edited.json"
cmp -s "$out/sato.json" "$out/edited.json" && fail "the score could not be edited for the test"
set +e
"$socsim" --lang ja results check "$out/sato.json" "$out/edited.json" > "$out/check.txt" 2> "$out/check-err.txt"; code=$?
set -e
[ $code = 2 ] || fail "an edited score was accepted (exit $code)"
grep -q "edited.json.*signature does not match" "$out/check-err.txt" || fail "the refusal does not name the file"
grep -q "受け付けませんでした" "$out/check-err.txt" || fail "no Japanese summary"
grep -q "署名は正しい" "$out/check.txt" || fail "the good file was not listed"

"$socsim" key new --out "$out/other.key" > /dev/null
set +e
"$socsim" --lang en results check --key "$out/other.key" "$out/sato.json" 2> "$out/other.txt" > /dev/null; code=$?
set -e
[ $code = 2 ] && grep -q "another instructor key" "$out/other.txt" || fail "another key's file was accepted (exit $code)"
echo "exam security: ok"
