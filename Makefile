# The README's commands. Every target runs the idempotent set-up first.
SHELL := /bin/bash
export RASA_TELEMETRY_ENABLED := false
export PYTHONPATH := $(CURDIR)
# Rasa 3.6 and its dependencies print pages of deprecation warnings; hide them.
export PYTHONWARNINGS := ignore
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
PY := .venv/bin/python
RASA := .venv/bin/rasa

.PHONY: setup train run test test-fast shell eval bench demo-data validate lint

setup:
	@scripts/setup.sh

train: setup
	@scripts/train_if_needed.sh

demo-data: setup
	@if $(PY) -m bot.data is-empty; then \
	  echo "run: loading demo data into the empty database"; \
	  $(PY) -m bot.data load data/demo/orders.json; \
	else echo "run: database already has data; leaving it as it is"; fi

validate: setup
	@$(RASA) data validate --domain domain.yml --data data --config config.yml --quiet --fail-on-warnings

run: setup demo-data train
	@$(PY) scripts/run.py

test: setup train validate
	@$(PY) -m pytest

# The unit suites only (under a minute): no model, no servers (tests/web starts HTTP
# servers), no browser, SQLite only. `make test` runs everything.
test-fast: setup
	@$(PY) -m pytest -q -p no:cacheprovider -m "not slow and not e2e and not browser and not postgres" \
	  --ignore=tests/web

shell: setup demo-data train
	@export SUPPORT_DEMO=$${SUPPORT_DEMO:-1}; \
	  SANIC_HOST=127.0.0.1 SANIC_KEEP_ALIVE_TIMEOUT=75 $(PY) -m bot.action_server --actions actions -p 5055 > var/actions.log 2>&1 & pid=$$!; \
	  trap "kill $$pid 2>/dev/null" EXIT INT TERM; \
	  $(RASA) shell --model models --endpoints endpoints.yml -i 127.0.0.1 --quiet 2>var/shell.log

eval: setup train
	@$(PY) scripts/eval_nlu.py
	@$(PY) scripts/eval_nlu.py --split blind2
	@$(PY) scripts/eval_nlu.py --split blind3
	@$(PY) scripts/eval_nlu.py --split blind4
	@$(PY) scripts/eval_nlu.py --split blind5
	@$(PY) scripts/eval_nlu.py --split blind6
	@$(PY) scripts/eval_nlu.py --split blind7
	@$(PY) scripts/eval_nlu.py --split blind8
	@$(PY) scripts/eval_nlu.py --split blind9
	@$(PY) scripts/eval_nlu.py --split blind10
	@$(PY) scripts/eval_nlu.py --split blind12
	@$(PY) scripts/eval_nlu.py --split blind13
	@$(PY) scripts/eval_nlu.py --split blind14
	@$(PY) scripts/eval_nlu.py --split blind15
	@$(PY) scripts/eval_nlu.py --split blind16
	@$(PY) scripts/eval_junk.py
	@$(PY) scripts/eval_junk.py --file tests/nlu/junk6/junk6.yml --out reports/junk6.json
	@$(PY) scripts/eval_junk.py --file tests/nlu/junk7/junk7.yml --out reports/junk7.json
	@$(PY) scripts/eval_junk.py --file tests/nlu/junk8/junk8.yml --out reports/junk8.json
	@$(PY) scripts/eval_junk.py --file tests/nlu/junk9/junk9.yml --out reports/junk9.json
	@$(PY) scripts/eval_junk.py --file tests/nlu/blind11/blind11_junk.yml --out reports/junk_blind11.json
	@$(PY) scripts/eval_junk.py --file tests/nlu/junk10/junk10_salad.yml --out reports/junk10.json
	@$(PY) scripts/eval_junk.py --file tests/nlu/junk11/junk11_salad.yml --out reports/junk11.json
	@$(PY) scripts/eval_junk.py --file tests/nlu/junk12/junk12_salad.yml --out reports/junk12.json
	@$(PY) scripts/eval_junk.py --file tests/nlu/junk13/junk13_salad.yml --out reports/junk13.json
	@$(PY) scripts/eval_junk.py --genuine tests/nlu/junk11/oos_control.yml
	@$(PY) scripts/eval_junk.py --genuine tests/nlu/junk12/controls.yml
	@$(PY) scripts/eval_junk.py --genuine tests/nlu/junk13/controls.yml
	@$(PY) scripts/eval_junk.py --genuine tests/nlu/genuine_hard/genuine_hard.yml
	@$(PY) scripts/eval_entities.py
	@$(RASA) test core --model models/support.tar.gz --stories tests/stories --fail-on-prediction-errors --out reports/core
	@$(PY) scripts/eval_dialogue.py

bench: setup train
	@$(PY) scripts/bench.py

# ruff everywhere; mypy --strict on the pure rules and the data layer (pyproject.toml).
lint: setup
	@.venv/bin/ruff check bot actions tests scripts
	@.venv/bin/mypy
