#!/bin/bash
# Every cron command of the README, run as cron runs it (a new process each) with the clock
# moved forward by 0, 12, 20, 40, 90, 200 and 400 days (Debian's `faketime`), on the database
# of DATABASE_URL (e.g. after `make run` or `flask seed-demo`). Prints one line per run and
# exits 1 if any run exits non-zero or prints a traceback. See docs/operations.md.
set -u
cd "$(dirname "$0")/.."
export FLASK_APP=wsgi.py FAKETIME_DONT_FAKE_MONOTONIC=1  # a faked monotonic clock hangs Python
failed=0
mapfile -t CMDS < <(sed -n '/^```cron$/,/^```$/p' README.md | grep flask | sed 's/.*\.venv\/bin\/flask //')
for d in 0 12 20 40 90 200 400; do
  for c in "${CMDS[@]}"; do
    extra=""; [ "$c" = "backup create" ] && extra="--output ${TMPDIR:-/tmp}/office-cron-check-$d.backup"
    start=$(date +%s)
    out=$(timeout 120 faketime -f "+${d}d" .venv/bin/flask $c $extra 2>&1); rc=$?
    if [ $rc -ne 0 ] || echo "$out" | grep -q Traceback; then failed=1; echo "FAIL +${d}d flask $c rc=$rc: $(echo "$out" | tail -3)"; else echo "ok +${d}d flask $c ($(( $(date +%s) - start ))s): $(echo "$out" | tail -1)"; fi
  done
done
exit $failed
