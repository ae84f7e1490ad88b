#!/usr/bin/env bash
# Train only when training data, domain or config changed (or FORCE=1).
# The fingerprint covers everything rasa train reads plus the custom NLU code.
set -euo pipefail
cd "$(dirname "$0")/.."
export RASA_TELEMETRY_ENABLED=false
.venv/bin/python scripts/generate_folded_variants.py >/dev/null
.venv/bin/python scripts/generate_digression_rules.py
fp=$(cat config.yml domain.yml $(find data bot/nlu -type f \( -name '*.yml' -o -name '*.py' \) -not -path 'data/demo/*' 2>/dev/null | sort) | sha256sum | cut -d' ' -f1)
stamp=models/.fingerprint
latest=$(ls -t models/*.tar.gz 2>/dev/null | head -n1 || true)
if [ "${FORCE:-0}" != 1 ] && [ -n "$latest" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$fp" ]; then
  echo "train: up to date ($latest)"
  exit 0
fi
echo "train: training (config, domain or data changed)"
start=$(date +%s)
# Rasa and TensorFlow print pages of warnings; keep them in var/train.log and
# show them only when training fails.
mkdir -p var
if ! .venv/bin/rasa train --config config.yml --domain domain.yml --data data --out models \
     --fixed-model-name support --quiet > var/train.log 2>&1; then
  tail -n 60 var/train.log >&2
  echo "train: failed (full log: var/train.log)" >&2
  exit 1
fi
echo "$fp" > "$stamp"
echo "train: done in $(( $(date +%s) - start ))s"
