"""Offline comparison of intent classifiers on a held-out split (docs/nlu.md, round 7).

Trains ``bot.nlu.linear_intent.LinearIntentModel`` (the scikit-learn part of
the pipeline's intent classifier, same features and embeddings) on data/nlu
in plain Python, optionally parses the same split with a trained Rasa model
for comparison, and prints markdown tables:

* per-group and domain-intent accuracy, with and without the fallback;
* for fallback thresholds 0.20-0.60: wrong confident answers vs unnecessary
  fallbacks (``--thresholds``), also on grouped cross-validation
  out-of-fold probabilities of the training data (``--oof``).

Usage:
  python scripts/compare_intents.py --split dev --thresholds --oof
  python scripts/compare_intents.py --split dev --baseline-model reports/nlu-model/nlu-eval.tar.gz
Tune on ``dev`` only; the ``test`` split is for the final measurement.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "scripts"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from eval_nlu import (  # noqa: E402
    DOMAIN_INTENTS,
    FALLBACK,
    GROUPS,
    classifier_intent,
    load_test_split,
    predict,
    predicted_intent,
)

THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)


def training_examples() -> tuple[list[str], list[str]]:
    """Texts and intents of data/nlu (what `rasa train` sees)."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(ROOT / "data" / "nlu"))
    pairs = [(m.get("text"), m.get("intent")) for m in data.intent_examples
             if m.get("text") and m.get("intent")]
    return [t for t, _ in pairs], [i for _, i in pairs]


def linear_model(**overrides):
    """A LinearIntentModel with the component's defaults (or overrides)."""
    from bot.nlu.linear_intent import LinearIntentClassifier, LinearIntentModel

    config = {**LinearIntentClassifier.get_default_config(), **overrides}
    keys = ("C", "embedding_weight", "raw_char_features", "min_ngram", "max_ngram", "word_ngrams", "spell_out",
            "class_weight", "max_iter", "random_state", "temperature")
    return LinearIntentModel(**{k: config[k] for k in keys})


def with_fallback(probabilities: np.ndarray, classes: list[str], threshold: float,
                  ambiguity: float) -> list[str]:
    """What Rasa's FallbackClassifier would leave: top intent or nlu_fallback."""
    out = []
    for row in probabilities:
        top2 = np.sort(row)[-2:]
        fall = top2[1] < threshold or (top2[1] - top2[0]) < ambiguity
        out.append(FALLBACK if fall else classes[int(row.argmax())])
    return out


def accuracy_table(examples, predicted: list[str]) -> dict[str, float]:
    """Accuracy per group, overall and on the domain intents."""
    gold = np.array([e.intent for e in examples])
    group = np.array([e.group for e in examples])
    ok = gold == np.array(predicted)
    row = {g: float(ok[group == g].mean()) for g in GROUPS}
    row["all"] = float(ok.mean())
    row["domain"] = float(ok[np.isin(gold, DOMAIN_INTENTS)].mean())
    row["fallback"] = float(np.mean([p == FALLBACK for p in predicted]))
    return row


def threshold_rows(gold: list[str], probabilities: np.ndarray, classes: list[str],
                   ambiguity: float) -> list[dict]:
    """Per threshold: wrong confident answers, unnecessary and useful fallbacks."""
    top = [classes[int(i)] for i in probabilities.argmax(axis=1)]
    rows = []
    for t in THRESHOLDS:
        final = with_fallback(probabilities, classes, t, ambiguity)
        right_top = [p == g for p, g in zip(top, gold, strict=True)]
        fell = [f == FALLBACK for f in final]
        rows.append({
            "threshold": t,
            "wrong_confident": sum((not r) and (not f) for r, f in zip(right_top, fell, strict=True)),
            "unnecessary_fallback": sum(r and f for r, f in zip(right_top, fell, strict=True)),
            "useful_fallback": sum((not r) and f for r, f in zip(right_top, fell, strict=True)),
            "accuracy": float(np.mean([f == g for f, g in zip(final, gold, strict=True)])),
            "n": len(gold),
        })
    return rows


def reliability(gold: list[str], probabilities: np.ndarray, classes: list[str],
                bins: tuple[float, ...] = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01)) -> list[dict]:
    """Top-intent confidence vs how often it is right, per confidence bin (+ ECE)."""
    conf = probabilities.max(axis=1)
    right = np.array([classes[int(i)] == g for i, g in
                      zip(probabilities.argmax(axis=1), gold, strict=True)])
    rows = []
    for lo, hi in zip(bins, bins[1:], strict=False):
        mask = (conf >= lo) & (conf < hi)
        if mask.any():
            rows.append({"bin": f"{lo:.1f}-{min(hi, 1.0):.1f}", "n": int(mask.sum()),
                         "confidence": float(conf[mask].mean()), "accuracy": float(right[mask].mean())})
    return rows


def oof_probabilities(texts: list[str], intents: list[str], embeddings: np.ndarray,
                      folds: int = 5) -> tuple[np.ndarray, list[str]]:
    """Grouped k-fold out-of-fold probabilities on the training data.

    Groups are the folded, punctuation-free texts, so a sentence and its
    diacritic-free twin never sit on both sides of a split.
    """
    from sklearn.model_selection import GroupKFold

    from bot.nlu.linear_intent import folded

    groups = [re.sub(r"\W+", " ", folded(t)).strip() for t in texts]
    classes = sorted(set(intents))
    out = np.zeros((len(texts), len(classes)))
    arr = np.array(texts, dtype=object)
    gold = np.array(intents)
    for train, test in GroupKFold(n_splits=folds).split(arr, gold, groups):
        model = linear_model().fit(list(arr[train]), list(gold[train]), embeddings[train])
        cols = [classes.index(c) for c in model.classes]
        out[np.ix_(test, cols)] = model.predict_proba(list(arr[test]), embeddings[test])
    return out, classes


def _fmt_row(name: str, row: dict) -> str:
    cells = [f"{row[g]:.3f}" for g in GROUPS] + [f"{row['all']:.3f}", f"{row['domain']:.3f}",
                                                 f"{row['fallback']:.3f}"]
    return f"| {name} | " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    from bot.nlu.embeddings import embed

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "test"], default="dev")
    parser.add_argument("--baseline-model", type=Path)
    parser.add_argument("--threshold", type=float, default=0.4)
    parser.add_argument("--ambiguity", type=float, default=0.1)
    parser.add_argument("--thresholds", action="store_true", help="print the threshold sweep")
    parser.add_argument("--oof", action="store_true", help="sweep on cross-validated training data")
    args = parser.parse_args(argv)

    texts, intents = training_examples()
    train_emb = embed(texts)
    examples = load_test_split(args.split)
    held_texts = [e.text for e in examples]
    model = linear_model().fit(texts, intents, train_emb)
    probabilities = model.predict_proba(held_texts, embed(held_texts))
    classes = model.classes
    top = [classes[int(i)] for i in probabilities.argmax(axis=1)]

    header = "| pipeline | " + " | ".join(GROUPS) + " | all | domain intents | fallback rate |"
    print(f"split: {args.split} ({len(examples)} lines); accuracy, nlu_fallback counts as a miss\n")
    print(header)
    print("|" + " --- |" * (len(GROUPS) + 4))
    if args.baseline_model:
        parses, _ = predict(args.baseline_model, held_texts)
        print(_fmt_row("baseline, with fallback", accuracy_table(examples, [predicted_intent(p) for p in parses])))
        print(_fmt_row("baseline, top intent (no fallback)",
                       accuracy_table(examples, [classifier_intent(p) for p in parses])))
    final = with_fallback(probabilities, classes, args.threshold, args.ambiguity)
    print(_fmt_row(f"linear, fallback {args.threshold}/{args.ambiguity}", accuracy_table(examples, final)))
    print(_fmt_row("linear, top intent (no fallback)", accuracy_table(examples, top)))

    errors = [(e.group, e.text, e.intent, p, float(probabilities[i].max()))
              for i, (e, p) in enumerate(zip(examples, top, strict=True)) if p != e.intent]
    if errors:
        print("\nlinear top-intent errors:")
        for group, text, gold, pred, conf in errors:
            print(f"  [{group}] {text!r}: {gold} -> {pred} ({conf:.2f})")

    sweeps = []
    if args.thresholds:
        gold = [e.intent for e in examples]
        sweeps.append((f"{args.split} split", threshold_rows(gold, probabilities, classes, args.ambiguity)))
    if args.oof:
        oof, oof_classes = oof_probabilities(texts, intents, train_emb)
        sweeps.append(("training data, grouped 5-fold out-of-fold",
                       threshold_rows(intents, oof, oof_classes, args.ambiguity)))
    if args.oof:
        rows = reliability(intents, oof, oof_classes)
        ece = sum(r["n"] * abs(r["confidence"] - r["accuracy"]) for r in rows) / len(intents)
        print(f"\ncalibration, out-of-fold top-intent confidence (ECE {ece:.3f}):\n")
        print("| confidence | n | mean confidence | accuracy |")
        print("| --- | --- | --- | --- |")
        for r in rows:
            print(f"| {r['bin']} | {r['n']} | {r['confidence']:.3f} | {r['accuracy']:.3f} |")
    for title, rows in sweeps:
        print(f"\nthreshold sweep, {title} (ambiguity {args.ambiguity}, n={rows[0]['n']}):\n")
        print("| threshold | wrong confident answers | unnecessary fallbacks | useful fallbacks | accuracy |")
        print("| --- | --- | --- | --- | --- |")
        for r in rows:
            print(f"| {r['threshold']:.2f} | {r['wrong_confident']} | {r['unnecessary_fallback']} | "
                  f"{r['useful_fallback']} | {r['accuracy']:.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
