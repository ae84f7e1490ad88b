"""Append-only record of thumbs and hand-off clicks (var/feedback.jsonl).

Only a hash of the session id is written - never the cookie, a token or the
message text - so the file can be shared with a support team for review.
"""
from __future__ import annotations

import hashlib
import json
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

_lock = threading.Lock()


def session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()[:16]


def record(path: Path, session_id: str, event: str, **fields: Any) -> dict:
    entry = {"ts": datetime.now(timezone.utc).isoformat(timespec="seconds"),
             "session": session_hash(session_id), "event": event, **fields}
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(entry, ensure_ascii=False)
    with _lock, path.open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    return entry
