"""The trained model must meet the issue's targets on the held-out split.

Uses the model in $SUPPORT_MODEL, else the newest models/*.tar.gz. Without a
model the test is skipped locally but fails in CI (CI=true), so a missing
model can never pass silently there.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from eval_nlu import GROUPS, evaluate, latest_model  # noqa: E402

# Round 7 (docs/nlu.md): the new classifier raised the old split overall from
# 0.954 to 0.971 and the domain intents from 0.968 to 0.974, but "vi" went from
# 57/60 to 56/60 ("thế thôi, chào bạn" is heard as a greeting). The 0.95 target
# per group is not met for vi; this floor (56/60) catches any further loss, and
# the overall floor below keeps the gain. Known and reported, not hidden.
# Round 10 (word n-grams, spelled-out abbreviations, two stages, new data):
# overall 0.983, domain intents 0.981, vi 58/60, every other group >= 0.983.
# The floors now sit one miss under those figures.
GROUP_ACCURACY = 0.95
OVERALL_ACCURACY = 0.975
DOMAIN_ACCURACY = 0.975


@pytest.fixture(scope="module")
def report() -> dict:
    model = latest_model()
    if model is None or not model.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("no trained model (set SUPPORT_MODEL or run make train)")
        pytest.skip("no trained model in models/ and SUPPORT_MODEL unset")
    return evaluate(model)


@pytest.mark.slow
@pytest.mark.parametrize("group", GROUPS)
def test_group_accuracy(report: dict, group: str) -> None:
    row = report["groups"][group]
    misses = [e for e in report["errors"] if e["group"] == group]
    assert row["accuracy"] >= GROUP_ACCURACY, misses


@pytest.mark.slow
def test_domain_intent_accuracy(report: dict) -> None:
    misses = [e for e in report["errors"] if e["gold"] not in {
        "greet", "goodbye", "thank", "affirm", "deny", "bot_challenge",
        "human_handoff", "out_of_scope", "change_language", "inform"}]
    assert report["domain_intents"]["accuracy"] >= DOMAIN_ACCURACY, misses


@pytest.mark.slow
def test_overall_accuracy(report: dict) -> None:
    assert report["overall"]["accuracy"] >= OVERALL_ACCURACY, report["errors"]


def test_entity_rules_on_the_held_out_entity_set():
    """Round 9 measured F1 0.897 overall, 0.815 for products (DIET: 0.541 / 0.641)."""
    from scripts.eval_entities import load_heldout, predict_with_rules, score

    heldout = load_heldout()
    result = score([g for _, g in heldout], predict_with_rules([t for t, _ in heldout]))
    assert result["all"]["f1"] >= 0.88
    assert result["product"]["f1"] >= 0.80
    assert result["date"]["f1"] >= 0.95 and result["amount"]["f1"] >= 0.95
