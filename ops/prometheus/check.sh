#!/usr/bin/env bash
# Checks the Prometheus files of ops/prometheus (issue 20): the rules and the example config are
# valid, and the rules' unit tests (*.test.yml, series as a real scrape stores them) pass.
# Installs promtool from Debian's `prometheus` package when it is missing. Exits non-zero on any
# failure. Run from anywhere: `bash ops/prometheus/check.sh`.
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v promtool >/dev/null 2>&1; then
  apt-get update -qq
  policy=$(apt-cache policy prometheus)
  grep -q 'Candidate: [0-9]' <<<"$policy" || {
    echo "check.sh: no installable prometheus package (promtool) in apt" >&2
    exit 1
  }
  # Without recommends: promtool needs neither node-exporter nor a running server.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
  # Where the package's service was started (no policy-rc.d), stop it: nothing of ours should
  # listen on 9090. Only the service the package installed, by its own init script.
  if pgrep -x prometheus >/dev/null 2>&1; then
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
      systemctl stop prometheus || true
    else
      invoke-rc.d prometheus stop >/dev/null 2>&1 || service prometheus stop >/dev/null 2>&1 || true
    fi
  fi
fi

promtool --version 2>&1 | sed -n 1p
promtool check rules alerts.yml
# Rule files named in prometheus.yml are read relative to it (alerts.yml, beside it).
promtool check config prometheus.yml
promtool test rules ./*.test.yml
