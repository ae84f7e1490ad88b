"""Seeded random conversations against the real stack (issue 11, "How it is shown").

At least 500 walks of 3-6 turns (FUZZ_WALKS), four at a time, within a time budget
(FUZZ_BUDGET_S, default 180 s); the base seed is fixed (FUZZ_SEED overrides). Every turn is
checked against the invariants in walker.py; reports/fuzz.json gets the counts. A failing walk
prints its seed and transcript; ``FUZZ_SEED=<seed> FUZZ_WALKS=1`` replays it (on fresh demo data).
"""
from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

from tests.fuzz.walker import Fuzzer, write_report
from tests.stack import DEMO_DATA

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

ROOT = Path(__file__).resolve().parents[2]
BASE_SEED = int(os.environ.get("FUZZ_SEED", "20261122"))
WALKS = int(os.environ.get("FUZZ_WALKS", "500"))
BUDGET_S = float(os.environ.get("FUZZ_BUDGET_S", "180"))
CONCURRENCY = int(os.environ.get("FUZZ_CONCURRENCY", "4"))
SHOWN = 8  # transcripts printed in full; every failing seed is listed


def test_random_walks_keep_every_invariant(fresh_stack):
    tokens = {cid: fresh_stack.token(cid, ttl=3600) for cid in
              ("CUST-1001", "CUST-1002", "CUST-1003", "CUST-1004", "CUST-1005", "CUST-1006",
               "CUST-2001", "CUST-2002", "CUST-2003", "CUST-2004")}
    fuzzer = Fuzzer(fresh_stack, BASE_SEED, WALKS, concurrency=CONCURRENCY, budget_s=BUDGET_S, tokens=tokens)
    try:
        doc = fuzzer.run()
    finally:
        fresh_stack.load(DEMO_DATA)  # later tests expect the demo data
    write_report(doc, ROOT / "reports" / "fuzz.json")
    if doc["walks_run"] < WALKS:
        warnings.warn(f"fuzzer: only {doc['walks_run']} of {WALKS} walks ran within {BUDGET_S:.0f} s", stacklevel=1)
    failing = [w for w in fuzzer.results if w.violations]
    summary = ", ".join(f"{k}={v['violations']}/{v['checked']}" for k, v in doc["invariants"].items())
    details = "\n\n".join(w.transcript() for w in failing[:SHOWN])
    kept_every_invariant = not failing and not fuzzer.global_violations
    assert kept_every_invariant, (
        f"\n{len(failing)} of {doc['walks_run']} walks broke an invariant ({summary}); seeds "
        f"{doc['failing_seeds']}\n{doc['global_violations']}\n\n{details}")
