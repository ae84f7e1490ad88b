"""Explainable decisions: every outcome carries the criteria that produced it.

The assistant must be able to say *why* a refund or cancellation is or is not
possible, criterion by criterion and in either language. So a decision is never
a bare boolean: it is a tuple of :class:`Criterion` objects, each with the dates
or amounts behind it, and the language layer phrases them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Tuple


@dataclass(frozen=True)
class Criterion:
    """One rule checked against the facts.

    ``code`` is a stable identifier the response templates key on (for example
    ``"within_30_days"``); ``facts`` holds what the customer needs to hear
    (``{"purchased_on": date, "deadline": date, "days_since": int}``). Facts
    are excluded from hashing so criteria stay hashable despite holding a dict.
    """

    code: str
    passed: bool
    facts: Mapping[str, Any] = field(default_factory=dict, hash=False)


def all_passed(criteria: Iterable[Criterion]) -> bool:
    """A decision is positive only when every criterion passed."""
    return all(c.passed for c in criteria)


class ExplainedMixin:
    """Shared read-side helpers for decisions that hold ``criteria``.

    Every failing criterion is reported (not just the first), because the
    articles ask us to tell the customer everything that blocks a refund.
    """

    criteria: Tuple[Criterion, ...]

    @property
    def failed(self) -> Tuple[Criterion, ...]:
        """All failing criteria, in evaluation order."""
        return tuple(c for c in self.criteria if not c.passed)

    @property
    def failed_codes(self) -> Tuple[str, ...]:
        return tuple(c.code for c in self.failed)

    def criterion(self, code: str) -> Criterion | None:
        """The criterion with ``code``, or None when it was not evaluated."""
        return next((c for c in self.criteria if c.code == code), None)
