"""Entity extraction on the held-out entity set: precision, recall and F1 per type.

``tests/nlu/entities/heldout_entities.yml`` was written by a helper session that
never saw the training data or the extractor. A predicted entity counts as right
when its type and its span (start, end in the message) equal an annotation.

    python scripts/eval_entities.py                  # the trained model (models/)
    python scripts/eval_entities.py --model M.tar.gz # another model, e.g. one with DIET
    python scripts/eval_entities.py --rules-only     # bot.nlu.entity_rules alone

Output: a table on stdout and ``reports/entities.json``.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HELDOUT = ROOT / "tests" / "nlu" / "entities" / "heldout_entities.yml"
TYPES = ("product", "date", "amount")


def load_heldout(path: Path = HELDOUT) -> list[tuple[str, set[tuple[str, int, int]]]]:
    """(text, {(entity, start, end)}) for every held-out message."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [(ex.get("text"), {(e["entity"], e["start"], e["end"]) for e in ex.get("entities", [])})
            for ex in data.training_examples]


def spans(entities: list[dict]) -> set[tuple[str, int, int]]:
    return {(e["entity"], e["start"], e["end"]) for e in entities
            if e.get("entity") in TYPES and e.get("start") is not None}


def score(gold: list[set], predicted: list[set]) -> dict:
    """Micro precision/recall/F1 per entity type and overall."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, predicted, strict=True):
        for ent in p & g:
            tp[ent[0]] += 1
        for ent in p - g:
            fp[ent[0]] += 1
        for ent in g - p:
            fn[ent[0]] += 1
    out = {}
    for name in (*TYPES, "all"):
        t = sum(tp.values()) if name == "all" else tp[name]
        f_p = sum(fp.values()) if name == "all" else fp[name]
        f_n = sum(fn.values()) if name == "all" else fn[name]
        precision = t / (t + f_p) if t + f_p else 0.0
        recall = t / (t + f_n) if t + f_n else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[name] = {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
                     "gold": t + f_n}
    return out


def predict_with_model(model: Path, texts: list[str]) -> list[set]:
    from scripts.eval_nlu import predict

    parses, _ = predict(model, texts)
    return [spans(p.get("entities") or []) for p in parses]


def predict_with_rules(texts: list[str]) -> list[set]:
    """The rules with product names from the project's training data."""
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.nlu.entity_rules import EntityRules, training_products

    rules = EntityRules(training_products(load_data(str(ROOT / "data" / "nlu"))))
    return [{(f.entity, f.start, f.end) for f in rules.find(t) if f.entity in TYPES} for t in texts]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--rules-only", action="store_true")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "entities.json")
    args = parser.parse_args(argv)
    heldout = load_heldout()
    texts, gold = [t for t, _ in heldout], [g for _, g in heldout]
    if args.rules_only:
        name, predicted = "rules", predict_with_rules(texts)
    else:
        from bot.stack import latest_model

        model = args.model or latest_model()
        name, predicted = str(model), predict_with_model(model, texts)
    result = score(gold, predicted)
    print(f"entities on {HELDOUT.relative_to(ROOT)} ({len(texts)} messages), {name}")
    print(f"{'type':<10}{'gold':>6}{'precision':>11}{'recall':>8}{'F1':>7}")
    for entity, s in result.items():
        print(f"{entity:<10}{s['gold']:>6}{s['precision']:>11.3f}{s['recall']:>8.3f}{s['f1']:>7.3f}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"extractor": name, "scores": result}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
