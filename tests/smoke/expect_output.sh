#!/usr/bin/env bash
# Runs a command; passes only if it exits 0 and its output matches every pattern given
# (extended regular expressions) and none of the patterns given after --not.
# usage: expect_output.sh PATTERN... [--not PATTERN...] -- COMMAND [ARGS...]
want=()
refuse=()
mode=want
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  if [ "$1" = "--not" ]; then mode=refuse; shift; continue; fi
  if [ $mode = want ]; then want+=("$1"); else refuse+=("$1"); fi
  shift
done
shift
out=$("$@" 2>&1)
code=$?
echo "$out"
if [ "$code" -ne 0 ]; then
  echo "expected exit 0, got $code from: $*" >&2
  exit 1
fi
for p in "${want[@]}"; do
  echo "$out" | grep -Eq -- "$p" || { echo "output does not match: $p" >&2; exit 1; }
done
for p in "${refuse[@]}"; do
  if echo "$out" | grep -Eq -- "$p"; then echo "output should not match: $p" >&2; exit 1; fi
done
