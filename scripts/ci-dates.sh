#!/usr/bin/env bash
# Runs the date-sensitive test files a second time at other dates, so a test that reads today's date
# fails in CI rather than on a calendar day. The main run is at TEST_NOW's default (a fixed date,
# test/helpers/clock.ts); here each date-sensitive file runs once more at one of the dates below, and
# the wall clock of the test processes is moved too (libfaketime), so a spawned process or a CLI that
# reads the wall clock is caught as well. Which file gets which date rotates with the commit count, so
# over three commits every file meets every date; a given commit always runs the same assignment.
#
#   bash scripts/ci-dates.sh            # the rotation of this commit
#   bash scripts/ci-dates.sh --all      # every date-sensitive file at every date (slow)
set -euo pipefail
cd "$(dirname "$0")/.."

# TEST_NOW (Asia/Shanghai) | wall clock of the processes (UTC), both away from the main run's date.
DATES=(
  # The 5th of a month, the first working week of a year: last year's December is still being scored.
  "2027-01-05T09:30:00+08:00|2027-03-20 04:00:00"
  # 31 December in Shanghai while it is still 30 December in UTC: a UTC date is a day behind.
  "2026-12-31T07:30:00+08:00|2026-06-30 23:00:00"
  # The day before Spring Festival (除夕 2027-02-05), the eve of the long holiday.
  "2027-02-05T10:00:00+08:00|2027-01-01 00:30:00"
)
# The tests' fixed date falls behind the database server's clock as the calendar moves on; the sweeps
# that age rows by the database's clock must not care. These run with the app months behind it.
BEHIND_DATABASE=(test/integration/relay.test.ts test/integration/export.test.ts)
BEHIND_NOW="2026-02-16T10:00:00+08:00"

if ! command -v faketime >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null
fi

# Date-sensitive: a test that starts the app or reads or names a date. The browser tests drive Chromium,
# whose clock is its own; they are run once, in the main run.
mapfile -t FILES < <(grep -rlE 'startHarness|new Date|Date\.now|shanghaiDate|monthOf|today|TEST_NOW|clock' \
  test --include='*.test.ts' | grep -v '^test/browser/' | sort)

n=${#DATES[@]}
shift_by=$(( $(git rev-list --count HEAD 2>/dev/null || echo 0) % n ))
status=0
for i in "${!DATES[@]}"; do
  IFS='|' read -r test_now wall <<<"${DATES[$i]}"
  group=()
  for j in "${!FILES[@]}"; do
    if [[ "${1:-}" == "--all" ]] || (( (j + shift_by) % n == i )); then group+=("${FILES[$j]}"); fi
  done
  (( ${#group[@]} )) || continue
  echo "== ${#group[@]} date-sensitive files at TEST_NOW=${test_now}, wall clock ${wall} UTC"
  if ! TEST_NOW="$test_now" faketime "$wall" npx vitest run "${group[@]}"; then status=1; fi
done
echo "== ${#BEHIND_DATABASE[@]} files with the app's clock months behind the database's (TEST_NOW=${BEHIND_NOW})"
if ! TEST_NOW="$BEHIND_NOW" npx vitest run "${BEHIND_DATABASE[@]}"; then status=1; fi
exit $status
