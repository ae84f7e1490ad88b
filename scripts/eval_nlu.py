"""Evaluate the NLU model on the held-out split in tests/nlu (``make eval``).

Prints intent accuracy and macro-F1 per typing group (en, vi,
vi_nodiacritics, mixed), accuracy on the domain intents, and per-intent
precision/recall; writes reports/nlu.json and reports/nlu_confusion.png.

Usage: python scripts/eval_nlu.py [--model PATH | --train] [--config config.yml]
Without --model it uses $SUPPORT_MODEL or the newest models/*.tar.gz.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # custom components live in bot.nlu
    sys.path.insert(0, str(ROOT))
TEST_DIR = ROOT / "tests" / "nlu"
# "test" is the blind held-out split; "dev" was used while tuning (not blind).
SPLITS = {"test": "test_{group}.yml", "dev": "dev/dev_{group}.yml",
          # Round 7's blind split, written by a different hand before the new training data.
          "blind2": "blind2/blind2_{group}.yml",
          # Round 10's blind split: a third hand, before round 10's training data.
          "blind3": "blind3/blind3_{group}.yml",
          # Round 11's blind split: a fourth hand, before round 11's changes.
          "blind4": "blind4/blind4_{group}.yml",
          # Round 12's blind split: a fifth hand, before round 12's changes.
          "blind5": "blind5/blind5_{group}.yml",
          # Round 12's second blind split: a sixth hand, measured once with the final round-12 model.
          "blind6": "blind6/blind6_{group}.yml",
          # Round 13's blind split: a seventh hand, before round 13's changes.
          "blind7": "blind7/blind7_{group}.yml",
          # Round 13's second blind split: an eighth hand, measured once with the final round-13 model.
          "blind8": "blind8/blind8_{group}.yml",
          # Round 14's blind split: a ninth hand, before round 14's NLU changes (junk shapes only).
          "blind9": "blind9/blind9_{group}.yml",
          # Round 14's second blind split: a tenth hand, measured once with the final round-14 model.
          "blind10": "blind10/blind10_{group}.yml",
          # Round 15's blind split: a twelfth hand (42 lines of real-word salad in its junk),
          # measured before round 15's changes and once more with the final model.
          "blind12": "blind12/blind12_{group}.yml",
          # Round 16's blind split: a thirteenth hand, measured twice (before and after round 16).
          "blind13": "blind13/blind13_{group}.yml",
          # Round 17's blind split: a fourteenth hand (88 lines of real-word nonsense in its junk).
          "blind14": "blind14/blind14_{group}.yml",
          # Round 17's second blind split: a fifteenth hand, measured once with the final round-17 model.
          "blind15": "blind15/blind15_{group}.yml",
          # A sixteenth hand written at the end of round 17, measured once on round 17's final model.
          "blind16": "blind16/blind16_{group}.yml"}
# Splits that also hold junk lines (gold intent nlu_fallback), scored as group "junk".
JUNK_FILES = {"blind2": "blind2/blind2_junk.yml", "blind3": "blind3/blind3_junk.yml",
              "blind4": "blind4/blind4_junk.yml", "blind5": "blind5/blind5_junk.yml",
              "blind6": "blind6/blind6_junk.yml", "blind7": "blind7/blind7_junk.yml",
              "blind8": "blind8/blind8_junk.yml", "blind9": "blind9/blind9_junk.yml",
              "blind10": "blind10/blind10_junk.yml", "blind12": "blind12/blind12_junk.yml",
              "blind13": "blind13/blind13_junk.yml", "blind14": "blind14/blind14_junk.yml",
              "blind15": "blind15/blind15_junk.yml", "blind16": "blind16/blind16_junk.yml"}
GROUPS = ("en", "vi", "vi_nodiacritics", "mixed")
DOMAIN_INTENTS = (
    "order_status", "cancel_order", "request_store_refund", "request_partner_refund",
    "tax_refund", "why_two_bills", "overdue_balance", "pending_balance",
    "cancel_subscription", "change_payment_method", "subscription_expiry",
    "require_purchase_password", "ask_a_parent",
)
FALLBACK = "nlu_fallback"
EXPECTED_LANGUAGE = {"en": "en", "vi": "vi", "vi_nodiacritics": "vi", "mixed": "vi"}


@dataclass(frozen=True)
class Example:
    """One held-out message with its gold intent and typing group."""

    text: str
    intent: str
    group: str


def load_test_split(split: str = "test", test_dir: Path = TEST_DIR) -> list[Example]:
    """Read one split's four files; the group comes from the file name."""
    from rasa.shared.nlu.training_data.loading import load_data

    examples = []
    for group in GROUPS:
        data = load_data(str(test_dir / SPLITS[split].format(group=group)))
        examples += [Example(m.get("text"), m.get("intent"), group)
                     for m in data.intent_examples]
    if split in JUNK_FILES and (test_dir / JUNK_FILES[split]).exists():
        junk = load_data(str(test_dir / JUNK_FILES[split]))
        examples += [Example(m.get("text"), FALLBACK, "junk") for m in junk.intent_examples]
    return examples


def latest_model(models_dir: Path = ROOT / "models") -> Path | None:
    """$SUPPORT_MODEL if set, else the newest models/*.tar.gz, else None."""
    env = os.environ.get("SUPPORT_MODEL")
    if env:
        return Path(env)
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None


def train_nlu(config: Path, out: Path, name: str = "nlu-eval") -> tuple[Path, float]:
    """Train an NLU-only model on data/nlu; return its path and seconds taken."""
    from rasa.model_training import train_nlu as rasa_train_nlu

    domain = out / "eval-domain.yml"
    out.mkdir(parents=True, exist_ok=True)
    domain.write_text(_minimal_domain())
    start = time.perf_counter()
    path = rasa_train_nlu(str(config), str(ROOT / "data" / "nlu"), str(out),
                          domain=str(domain), fixed_model_name=name)
    return Path(path), time.perf_counter() - start


def _minimal_domain() -> str:
    """Enough domain for NLU training when the real domain is not needed."""
    intents = ["greet", "goodbye", "thank", "affirm", "deny", "bot_challenge",
               "human_handoff", "out_of_scope", "change_language", "inform",
               *DOMAIN_INTENTS]
    entities = ["order_id", "email", "product", "date", "item_id", "purchase_id",
                "language"]
    return ('version: "3.1"\n' f"intents: [{', '.join(intents)}]\n"
            f"entities: [{', '.join(entities)}]\n")


def predict(model: Path, texts: list[str]) -> tuple[list[dict], float]:
    """Parse every text with the model; return parses and mean seconds/message."""
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # per-message debug logs drown the report
    agent = Agent.load(str(model))

    timings: list[float] = []

    async def run() -> list[dict]:
        out = []
        for t in texts:
            start = time.perf_counter()
            out.append(await agent.parse_message(t))
            timings.append(time.perf_counter() - start)
        return out

    asyncio.run(_warm_up(agent))
    parses = asyncio.run(run())
    predict.timings = timings  # per-message seconds, for the p95 in the report
    return parses, sum(timings) / max(len(texts), 1)


async def _warm_up(agent) -> None:
    await agent.parse_message("hello")


def predicted_intent(parse: dict) -> str:
    """The intent the dialogue sees; an nlu_fallback counts as a miss."""
    return (parse.get("intent") or {}).get("name") or FALLBACK


def classifier_intent(parse: dict) -> str:
    """The classifier's best guess, looking through nlu_fallback (diagnostic only)."""
    for item in parse.get("intent_ranking") or []:
        if item.get("name") != FALLBACK:
            return item["name"]
    return predicted_intent(parse)


def score(examples: list[Example], predicted: list[str]) -> dict:
    """Accuracy and macro-F1 per group, domain-intent accuracy, per-intent P/R."""
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

    def acc_f1(idx: list[int]) -> dict:
        gold = [examples[i].intent for i in idx]
        pred = [predicted[i] for i in idx]
        labels = sorted(set(gold))
        return {"n": len(idx), "accuracy": round(accuracy_score(gold, pred), 4),
                "macro_f1": round(f1_score(gold, pred, labels=labels, average="macro",
                                           zero_division=0), 4)}

    all_idx = list(range(len(examples)))
    present = [*GROUPS, *sorted({e.group for e in examples} - set(GROUPS))]
    groups = {g: acc_f1([i for i in all_idx if examples[i].group == g]) for g in present}
    all_idx = [i for i in all_idx if examples[i].group in GROUPS]  # overall: the four typing groups
    domain = [i for i in all_idx if examples[i].intent in DOMAIN_INTENTS]
    gold = [e.intent for e in examples]
    labels = sorted(set(gold))
    p, r, f, n = precision_recall_fscore_support(gold, predicted, labels=labels,
                                                 zero_division=0)
    per_intent = {lab: {"precision": round(float(p[k]), 4), "recall": round(float(r[k]), 4),
                        "f1": round(float(f[k]), 4), "support": int(n[k])}
                  for k, lab in enumerate(labels)}
    errors = [{"text": e.text, "group": e.group, "gold": e.intent, "predicted": predicted[i]}
              for i, e in enumerate(examples) if predicted[i] != e.intent]
    return {"overall": acc_f1(all_idx), "groups": groups,
            "domain_intents": acc_f1(domain), "per_intent": per_intent, "errors": errors}


def score_language(examples: list[Example]) -> dict:
    """bot.language.detect_language per group: wrong answers vs undetermined (None)."""
    from bot.language import detect_language

    out = {}
    for group in GROUPS:
        got = [detect_language(e.text) for e in examples if e.group == group]
        want = EXPECTED_LANGUAGE[group]
        out[group] = {"n": len(got), "correct": sum(g == want for g in got),
                      "undetermined": sum(g is None for g in got),
                      "wrong": sum(g not in (None, want) for g in got)}
    return out


def evaluate(model: Path, split: str = "test") -> dict:
    """Evaluate ``model`` on a split; the report also holds timings."""
    examples = load_test_split(split)
    parses, per_message = predict(model, [e.text for e in examples])
    report = score(examples, [predicted_intent(p) for p in parses])
    raw = [classifier_intent(p) for p in parses]
    report["accuracy_ignoring_fallback"] = round(
        sum(r == e.intent for r, e in zip(raw, examples, strict=True)) / max(len(examples), 1), 4)
    report["fallback_rate"] = round(
        sum(predicted_intent(p) == FALLBACK for p in parses) / max(len(parses), 1), 4)
    report["language_detection"] = score_language(examples)
    report["model"] = str(model)
    report["split"] = split
    report["parse_seconds_per_message"] = round(per_message, 4)
    timings = sorted(getattr(predict, "timings", []) or [per_message])
    report["parse_seconds_p95"] = round(timings[min(len(timings) - 1, int(0.95 * len(timings)))], 4)
    report["_gold"] = [e.intent for e in examples]
    report["_predicted"] = [predicted_intent(p) for p in parses]
    return report


def plot_confusion(report: dict, path: Path) -> None:
    """Save the intent confusion matrix (rows gold, columns predicted)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import confusion_matrix

    labels = sorted(set(report["_gold"]) | set(report["_predicted"]))
    matrix = confusion_matrix(report["_gold"], report["_predicted"], labels=labels)
    fig, ax = plt.subplots(figsize=(11, 10))
    ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(len(labels)), labels, rotation=90, fontsize=8)
    ax.set_yticks(range(len(labels)), labels, fontsize=8)
    for (i, j), v in __import__("numpy").ndenumerate(matrix):
        if v:
            ax.text(j, i, str(v), ha="center", va="center", fontsize=7,
                    color="white" if v > matrix.max() / 2 else "black")
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    ax.set_title("NLU intent confusion (held-out split)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def print_report(report: dict) -> None:
    """Human-readable summary for `make eval`."""
    print(f"model: {report['model']}  split: {report['split']}")
    print(f"{'group':<18}{'n':>5}{'accuracy':>10}{'macro-F1':>10}")
    for name, row in [*report["groups"].items(), ("ALL", report["overall"]),
                      ("domain intents", report["domain_intents"])]:
        print(f"{name:<18}{row['n']:>5}{row['accuracy']:>10.3f}{row['macro_f1']:>10.3f}")
    print(f"\n{'intent':<28}{'precision':>10}{'recall':>8}{'n':>5}")
    for intent, row in report["per_intent"].items():
        print(f"{intent:<28}{row['precision']:>10.3f}{row['recall']:>8.3f}{row['support']:>5}")
    if report["errors"]:
        print("\nerrors:")
        for e in report["errors"]:
            print(f"  [{e['group']}] {e['text']!r}: {e['gold']} -> {e['predicted']}")
    print(f"\nfallback rate: {report['fallback_rate']:.3f}; accuracy if fallbacks "
          f"took the classifier's top intent: {report['accuracy_ignoring_fallback']:.3f}")
    print("language detection (correct / undetermined / wrong): " + ", ".join(
        f"{g} {r['correct']}/{r['undetermined']}/{r['wrong']}"
        for g, r in report["language_detection"].items()))
    print(f"parse time: {report['parse_seconds_per_message'] * 1000:.1f} ms/message mean, "
          f"{report.get('parse_seconds_p95', 0) * 1000:.1f} ms p95")


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; exit 1 when no model is available."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--train", action="store_true", help="train an NLU model first")
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    parser.add_argument("--reports", type=Path, default=ROOT / "reports")
    parser.add_argument("--split", choices=sorted(SPLITS), default="test")
    args = parser.parse_args(argv)
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

    train_seconds = None
    model = args.model
    if args.train:
        model, train_seconds = train_nlu(args.config, args.reports / "nlu-model")
    model = model or latest_model()
    if model is None or not model.exists():
        print("no model: run `make train` or pass --model/--train", file=sys.stderr)
        return 1
    report = evaluate(model, args.split)
    report["train_seconds"] = round(train_seconds, 1) if train_seconds else None
    report["config"] = str(args.config) if args.train else None
    suffix = "" if args.split == "test" else f"_{args.split}"
    plot_confusion(report, args.reports / f"nlu_confusion{suffix}.png")
    public = {k: v for k, v in report.items() if not k.startswith("_")}
    (args.reports / f"nlu{suffix}.json").write_text(json.dumps(public, indent=2, ensure_ascii=False))
    print_report(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
