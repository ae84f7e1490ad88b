"""Pass rate of the typed conversations per language group: ``reports/conversations.json``.

The pytest run (``tests/conversations/test_typed_conversations.py``) writes the report when the
session ends. To run the suite against a stack that is already running (``make run``)::

    python -m tests.conversations.report --url http://127.0.0.1:5005 [--reset-data] [--only ID ...]

The running stack must use the demo data and ``SUPPORT_TODAY=2026-11-22``; this process needs the
same ``SUPPORT_DB_URL`` and ``SUPPORT_TOKEN_SECRET`` (tokens and exports go through the CLIs).
Conversations that change data run only with ``--reset-data``, which reloads the demo data
before and after each of them.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, Iterable, List

import requests

from tests.conversations.runner import (
    Result,
    StackAdapter,
    load_conversations,
    run_conversation,
    summarise,
)

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "reports" / "conversations.json"


def write_report(results: Iterable[Result], path: Path = REPORT, **extra: Any) -> Dict[str, Any]:
    results = list(results)
    doc = {"generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), **extra,
           **summarise(results),
           "failures": {r.conversation.id: r.failures for r in results if not r.passed}}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return doc


class RemoteStack:
    """A stack started elsewhere, reached over REST and through the project's CLIs."""

    def __init__(self, url: str):
        self.url = url.rstrip("/")
        self.env = {k: v for k, v in os.environ.items() if k.startswith("SUPPORT_")}

    def _cli(self, *args: str) -> str:
        out = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=120)
        if out.returncode:
            raise RuntimeError(out.stderr)
        return out.stdout

    def token(self, customer_id: str, ttl: int = 3600) -> str:
        return self._cli("-m", "bot.auth", "token", customer_id, "--ttl", str(ttl)).strip()

    def send(self, sender: str, message: str, token: str | None = None,
             language: str | None = None) -> List[Dict[str, Any]]:
        metadata = {k: v for k, v in {"customer_token": token, "language": language}.items() if v}
        resp = requests.post(f"{self.url}/webhooks/rest/webhook",
                             json={"sender": sender, "message": message, "metadata": metadata}, timeout=60)
        resp.raise_for_status()
        return resp.json()

    def export(self) -> Dict[str, Any]:
        return json.loads(self._cli("-m", "bot.data", "export"))

    def load(self, path: Path) -> None:
        self._cli("-m", "bot.data", "load", str(path))


def main(argv: List[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:5005", help="Rasa server")
    parser.add_argument("--reset-data", action="store_true", help="run data-changing conversations too")
    parser.add_argument("--only", nargs="*", help="conversation ids")
    parser.add_argument("--out", default=str(REPORT))
    args = parser.parse_args(argv)
    adapter = StackAdapter(RemoteStack(args.url))
    results: List[Result] = []
    for conv in load_conversations():
        if args.only and conv.id not in args.only:
            continue
        if conv.fresh and not args.reset_data:
            continue
        if conv.fresh:
            adapter.reload_demo()
        result = run_conversation(adapter, conv)
        results.append(result)
        print(("PASS " if result.passed else "FAIL ") + conv.id, flush=True)
        if not result.passed:
            print(result.transcript(), flush=True)
    doc = write_report(results, Path(args.out), stack=args.url)
    print(json.dumps({k: doc[k] for k in ("total", "passed", "pass_rate")}))
    return 0 if doc["passed"] == doc["total"] else 1


if __name__ == "__main__":
    sys.exit(main())
