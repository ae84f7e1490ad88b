"""``make eval``'s dialogue part: the typed-conversation suite and the fuzzer, summarised.

Runs both against a real stack (the pytest suites start it) and prints the pass
rate per language group and every invariant's checked/violated counts from
``reports/conversations.json`` and ``reports/fuzz.json``. Exit status is the
suites' own, so a failing conversation or a broken invariant fails ``make eval``.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "reports"


def run_suites() -> int:
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/conversations", "tests/fuzz"]
    return subprocess.run(cmd, cwd=ROOT).returncode


def summary() -> str:
    out = []
    conv = REPORTS / "conversations.json"
    if conv.exists():
        doc = json.loads(conv.read_text(encoding="utf-8"))
        out.append(f"typed conversations: {doc['passed']}/{doc['total']} pass ({doc['pass_rate']})")
        for name, g in doc["groups"].items():
            out.append(f"  {name:16s} {g['passed']:3d}/{g['total']:<3d} {g['pass_rate']}")
        vi = doc["vietnamese"]
        out.append(f"  {'vietnamese (all)':16s} {vi['passed']:3d}/{vi['total']:<3d} {vi['pass_rate']}")
    fuzz = REPORTS / "fuzz.json"
    if fuzz.exists():
        doc = json.loads(fuzz.read_text(encoding="utf-8"))
        out.append(f"fuzzer: {doc.get('walks_run')} walks, {doc.get('turns', '?')} turns, "
                   f"seed {doc.get('base_seed', '?')}")
        for name, inv in doc.get("invariants", {}).items():
            out.append(f"  {name:40s} violated {inv['violations']} of {inv['checked']}")
    return "\n".join(out)


if __name__ == "__main__":
    status = run_suites() if "--report-only" not in sys.argv else 0
    print(summary())
    sys.exit(status)
