"""Train the word-salad model the junk filter ships (``bot/nlu/salad_head.json``).

    python scripts/train_salad_head.py [--check]

Positives: ``data/junk/salad.txt`` (600 lines of real-word salad in English, Vietnamese
with and without marks, and mixed). Negatives: ``data/junk/genuine.txt`` (500 genuine
messages, mostly off-topic questions and terse requests) and every NLU training example.
A logistic regression (C=1, classes balanced) reads the e5 embedding (weight 2) and the
form features of :mod:`bot.nlu.word_salad`. The threshold (0.9) was chosen on the
development sets: at 0.9, 91 % of junk11's salad and 76 % of junk10's remaining misses
are caught while 3.7 % of junk11's genuine off-topic controls and 3 of 418 held-out
out-of-scope lines are flagged (docs/nlu.md, round 15).

It runs offline (about two minutes: every line is embedded) and is deterministic; the
model is a few kilobytes, so ``rasa train`` does not pay for it. ``--check`` prints the
development figures without writing the file.
"""
from __future__ import annotations

import argparse
import glob
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

C = 1.0
EMBEDDING_WEIGHT = 2.0
THRESHOLD = 0.9


def lines(path: str | Path) -> list[str]:
    from rasa.shared.nlu.training_data.loading import load_data

    return [m.get("text") for m in load_data(str(path)).intent_examples if m.get("text")]


def text_lines(path: Path) -> list[str]:
    """One message per line; "#" starts a comment. Plain text on purpose: ``rasa train``
    reads every NLU file under data/, and these must not become intents."""
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def training_lines() -> tuple[list[str], list[str]]:
    """(salad, genuine): the junk data and every NLU training example, deduplicated."""
    salad = text_lines(ROOT / "data" / "junk" / "salad.txt")
    genuine = text_lines(ROOT / "data" / "junk" / "genuine.txt")
    for path in sorted(glob.glob(str(ROOT / "data" / "nlu" / "*.yml"))):
        genuine += lines(path)
    salad = list(dict.fromkeys(salad))
    genuine = [t for t in dict.fromkeys(genuine) if t not in set(salad)]
    return salad, genuine


def features(texts: list[str], embeddings: np.ndarray) -> np.ndarray:
    from bot.nlu.word_salad import form_features

    return np.hstack([embeddings * EMBEDDING_WEIGHT, np.vstack([form_features(t) for t in texts])])


def fit(salad: list[str], genuine: list[str]):
    from sklearn.linear_model import LogisticRegression

    from bot.nlu.embeddings import embed
    from bot.nlu.word_salad import SaladHead

    texts = salad + genuine
    x = features(texts, embed(texts))
    y = np.r_[np.ones(len(salad)), np.zeros(len(genuine))]
    weights = np.r_[np.full(len(salad), len(genuine) / len(salad)), np.ones(len(genuine))]
    model = LogisticRegression(C=C, max_iter=5000).fit(x, y, sample_weight=weights)
    return SaladHead(model.coef_[0].astype(np.float32), float(model.intercept_[0]), EMBEDDING_WEIGHT, THRESHOLD)


def report(head) -> None:
    """Development figures: salad caught, genuine off-topic controls flagged."""
    from bot.nlu.embeddings import embed

    for name, path in (("junk10 (salad dev)", "tests/nlu/junk10/junk10_salad.yml"),
                       ("junk11 salad", "tests/nlu/junk11/junk11_salad.yml"),
                       ("junk11 genuine off-topic", "tests/nlu/junk11/oos_control.yml")):
        texts = lines(ROOT / path)
        vectors = embed(texts)
        flagged = sum(head.probability(t, v) >= head.threshold for t, v in zip(texts, vectors, strict=True))
        print(f"{name}: {flagged}/{len(texts)} over the threshold")


def main(argv: list[str] | None = None) -> int:
    import json

    from bot.nlu.word_salad import HEAD_FILE

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="print the figures, write nothing")
    args = parser.parse_args(argv)
    salad, genuine = training_lines()
    head = fit(salad, genuine)
    print(f"trained on {len(salad)} salad and {len(genuine)} genuine lines")
    report(head)
    if not args.check:
        HEAD_FILE.write_text(json.dumps(head.to_json()) + "\n", encoding="utf-8")
        print(f"wrote {HEAD_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
