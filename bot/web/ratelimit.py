"""Per-key sliding-window rate limit.

The clock is injected so the rule is testable without sleeping; the backend
keys it by the session so one noisy tab cannot flood Rasa for everybody.
"""
from __future__ import annotations

import time
from collections import deque
from typing import Callable, Deque, Dict


class SlidingWindowLimiter:
    def __init__(self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 10_000):
        self.limit = limit
        self.max_keys = max_keys
        self.window_s = window_s
        self._clock = clock
        self._hits: Dict[str, Deque[float]] = {}

    def allow(self, key: str) -> bool:
        """Record a hit for ``key`` and say whether it is within the limit."""
        now = self._clock()
        if len(self._hits) > self.max_keys:
            self._forget_idle(now)
        hits = self._hits.setdefault(key, deque())
        while hits and now - hits[0] >= self.window_s:
            hits.popleft()
        if len(hits) >= self.limit:
            return False
        hits.append(now)
        return True

    def _forget_idle(self, now: float) -> None:
        """Drop keys with no hit inside the window, so memory stays bounded."""
        self._hits = {k: h for k, h in self._hits.items() if h and now - h[-1] < self.window_s}
