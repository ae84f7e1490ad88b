"""Guards that keep the held-out evaluation honest and big enough."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from eval_nlu import DOMAIN_INTENTS, GROUPS, load_test_split  # noqa: E402

from bot.language import fold_diacritics  # noqa: E402

CONTRACT_INTENTS = {"greet", "goodbye", "thank", "affirm", "deny", "bot_challenge",
                    "human_handoff", "out_of_scope", "change_language", "inform",
                    *DOMAIN_INTENTS}


def _norm(text: str) -> str:
    return " ".join(fold_diacritics(text).lower().split())


@pytest.mark.parametrize("split", ["test", "dev"])
def test_no_held_out_example_is_trained_on(split: str) -> None:
    """Not even with diacritics or case changed."""
    train = {_norm(m.get("text")) for m in load_data(str(ROOT / "data" / "nlu")).intent_examples}
    leaked = [e.text for e in load_test_split(split) if _norm(e.text) in train]
    assert leaked == []


# The later blind splits were written by other hands without seeing the data,
# so a stock phrase ("cảm ơn bạn", "ko") can be in both by coincidence. What
# must never happen is training data written after a split copying its lines.
WRITTEN_AFTER = {
    "blind2": ["styles_*.yml"],  # round 7's data came after blind2
    "blind3": ["styles_round10.yml"],  # round 10's data came after blind3
    "blind4": ["styles_round11.yml", "contrasts_round11.yml"],  # round 11's data came after blind4
    "blind5": ["styles_round12.yml"],  # round 12's data came after blind5
    "blind7": ["styles_round13.yml"],  # round 13's data came after blind7
    "blind9": ["styles_round14.yml"],  # round 14's data came after blind9's first measurement
    "blind10": ["styles_round14.yml"],  # written at the same time by another hand
}


@pytest.mark.parametrize("split", sorted(WRITTEN_AFTER))
def test_data_written_after_a_blind_split_copies_none_of_it(split: str) -> None:
    held = {_norm(e.text) for e in load_test_split(split)}
    files = [p for pattern in WRITTEN_AFTER[split] for p in (ROOT / "data" / "nlu").glob(pattern)]
    assert files
    copied = [(p.name, m.get("text")) for p in files for m in load_data(str(p)).intent_examples
              if _norm(m.get("text")) in held]
    assert len(copied) == 0, f"{len(copied)} line(s) of {split} in the training data"


def test_blind_split_shares_no_line_with_dev_split() -> None:
    dev = {_norm(e.text) for e in load_test_split("dev")}
    assert [e.text for e in load_test_split("test") if _norm(e.text) in dev] == []


@pytest.mark.parametrize("split", ["test", "dev"])
def test_split_covers_every_intent_and_group(split: str) -> None:
    examples = load_test_split(split)
    assert {e.intent for e in examples} == CONTRACT_INTENTS
    assert {e.group for e in examples} == set(GROUPS)
    per_intent = Counter(e.intent for e in examples)
    assert all(per_intent[i] >= 12 for i in DOMAIN_INTENTS), per_intent
    for group in GROUPS:
        intents = {e.intent for e in examples if e.group == group}
        assert intents == CONTRACT_INTENTS, group


def test_training_data_uses_only_contract_intents() -> None:
    # all of data/, as `rasa train --data data` reads it: a stray NLU file elsewhere under data/
    # (round 15: data/junk/*.yml) would add intents the contract does not have
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_dict(
        {}, str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")])
    intents = {m.get("intent") for m in importer.get_nlu_data().intent_examples}
    assert intents == CONTRACT_INTENTS
