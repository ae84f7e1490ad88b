"""Junk must fall back: the share of a junk set the model answers with ``nlu_fallback``.

``tests/nlu/junk3/junk3.yml`` (80 lines) was written in round 9 by a helper session
that saw neither the training data, the junk detector (``bot/nlu/junk.py``) nor
the earlier junk lines, so it measures the detector on kinds it was not tuned to.

    python scripts/eval_junk.py [--model M.tar.gz] [--file F.yml]
    python scripts/eval_junk.py --genuine tests/nlu/genuine_hard/genuine_hard.yml

Prints the rate and every miss; writes ``reports/junk.json``. With ``--genuine``
the file holds real messages typed the hard way (round 12, a helper's set) and
the figure is the other side of the trade: the share the junk filter throws away
(``junk`` in the parse), which should be as near 0 as the junk rate is to 1.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

JUNK3 = ROOT / "tests" / "nlu" / "junk3" / "junk3.yml"


def main(argv: list[str] | None = None) -> int:
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.stack import latest_model
    from scripts.eval_nlu import FALLBACK, predict, predicted_intent

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--file", type=Path, default=JUNK3)
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "junk.json")
    parser.add_argument("--genuine", type=Path, help="real messages: report those the junk filter drops")
    args = parser.parse_args(argv)
    if args.genuine:
        return genuine_report(args)
    texts = [m.get("text") for m in load_data(str(args.file)).intent_examples]
    parses, _ = predict(args.model or latest_model(), texts)
    misses = [{"text": t, "intent": predicted_intent(p)} for t, p in zip(texts, parses, strict=True)
              if predicted_intent(p) != FALLBACK]
    rate = 1 - len(misses) / max(len(texts), 1)
    print(f"junk -> {FALLBACK}: {rate:.3f} ({len(texts) - len(misses)}/{len(texts)}) on {args.file.name}")
    for miss in misses:
        print(f"  miss: {miss['text']!r} -> {miss['intent']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"file": str(args.file), "rate": round(rate, 4), "misses": misses},
                                   indent=2, ensure_ascii=False))
    return 0


def genuine_report(args: argparse.Namespace) -> int:
    """Real messages the junk filter drops (false positives); the classifier's own
    fallbacks on them are counted apart, since those still get a polite rephrase."""
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.stack import latest_model
    from scripts.eval_nlu import FALLBACK, predict, predicted_intent

    texts = [m.get("text") for m in load_data(str(args.genuine)).intent_examples]
    parses, _ = predict(args.model or latest_model(), texts)
    dropped = [t for t, p in zip(texts, parses, strict=True) if p.get("junk")]
    unsure = [t for t, p in zip(texts, parses, strict=True) if not p.get("junk") and predicted_intent(p) == FALLBACK]
    print(f"genuine messages dropped as junk: {len(dropped)}/{len(texts)}; "
          f"other fallbacks (classifier unsure): {len(unsure)}/{len(texts)} on {args.genuine.name}")
    for text in dropped:
        print(f"  dropped: {text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
