"""NLU parse time per message with a loaded model (docs/nlu.md, round 7).

Loads the model once (rasa.core.agent.Agent), warms it up, then parses every
line of a split one at a time and prints p50 / p95 / max milliseconds, plus
the machine's load average so a number from a shared machine can be judged.

Usage: python scripts/parse_latency.py [--model PATH] [--split dev] [--repeat 2]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "scripts"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from eval_nlu import latest_model, load_test_split  # noqa: E402


def measure(model: Path, texts: list[str], repeat: int = 1) -> dict:
    """Milliseconds per parse_message call, one message at a time."""
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    agent = Agent.load(str(model))

    async def run() -> list[float]:
        for text in ("hello", "xin chào", "huy don ORD-1001"):
            await agent.parse_message(text)
        times = []
        for _ in range(repeat):
            for text in texts:
                start = time.perf_counter()
                await agent.parse_message(text)
                times.append((time.perf_counter() - start) * 1000)
        return times

    times = np.array(asyncio.run(run()))
    return {"n": len(times), "p50_ms": float(np.percentile(times, 50)),
            "p95_ms": float(np.percentile(times, 95)), "max_ms": float(times.max()),
            "mean_ms": float(times.mean()), "load_average": os.getloadavg()}


def main(argv: list[str] | None = None) -> int:
    """CLI entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--split", choices=["dev", "test"], default="dev")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    model = args.model or latest_model()
    if model is None or not model.exists():
        print("no model: run `make train` or pass --model", file=sys.stderr)
        return 1
    result = measure(model, [e.text for e in load_test_split(args.split)], args.repeat)
    load = ", ".join(f"{x:.1f}" for x in result["load_average"])
    print(f"model: {model}  split: {args.split}  parses: {result['n']}")
    print(f"parse ms: p50 {result['p50_ms']:.1f}  p95 {result['p95_ms']:.1f}  "
          f"max {result['max_ms']:.1f}  mean {result['mean_ms']:.1f}  (load average {load})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
