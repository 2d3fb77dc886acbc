#!/usr/bin/env bash
# Runs a command and passes only if it exits with the expected code and prints a message on
# stderr (bad input must say what is wrong, not just fail).
# usage: expect_exit.sh CODE COMMAND [ARGS...]
expected=$1
shift
err=$("$@" 2>&1 >/dev/null)
code=$?
if [ "$code" -ne "$expected" ]; then
  echo "expected exit $expected, got $code from: $*" >&2
  exit 1
fi
if [ -z "$err" ]; then
  echo "no message on stderr from: $*" >&2
  exit 1
fi
echo "$err"
