"""data/digressions.yml is generated; it must match its generator and the domain."""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from generate_digression_rules import DIGRESSIONS, FORMS, OUT, render  # noqa: E402


def test_generated_file_is_current() -> None:
    assert OUT.read_text() == render(), "run scripts/generate_digression_rules.py"


def test_every_digression_action_is_the_one_rules_yml_maps_the_intent_to() -> None:
    rules = yaml.safe_load((ROOT / "data" / "rules.yml").read_text())["rules"]
    mapped = {r["steps"][0]["intent"]: r["steps"][1]["action"] for r in rules
              if "condition" not in r and "intent" in r["steps"][0]}
    for intent, action in DIGRESSIONS.items():
        assert mapped.get(intent) == action, intent


def test_forms_and_intents_exist_in_the_domain() -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    assert set(FORMS) <= set(domain["forms"])
    assert set(DIGRESSIONS) - {"nlu_fallback"} <= set(domain["intents"])
