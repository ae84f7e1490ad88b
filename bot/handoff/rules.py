"""Pure rules of the hand-off: why it happened, whether anyone can take it, what may follow what.

No database, no Rasa: the action server and the page backend both decide through
these functions, so "is somebody there" and "can this agent close that" are decided once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time
from enum import Enum
from typing import FrozenSet, Tuple
from zoneinfo import ZoneInfo


class Reason(str, Enum):
    """Why the customer is waiting for a person (shown in the inbox)."""

    ASKED = "asked"  # the customer asked for a person
    MISUNDERSTOOD = "misunderstood"  # the assistant failed to understand repeatedly
    VERIFICATION_LOCKED = "verification_locked"  # too many wrong emails for an order
    FORM_STUCK = "form_stuck"  # a question could not be answered twice in a row


class Status(str, Enum):
    WAITING = "waiting"  # in the queue, nobody has claimed it
    CLAIMED = "claimed"  # an agent holds the conversation
    CLOSED = "closed"  # the agent finished; the assistant is back
    RETURNED = "returned"  # the agent gave the customer back to the assistant
    UNATTENDED = "unattended"  # nobody was there; the customer may leave a message
    MESSAGE = "message"  # nobody was there and the customer left an email and a message


ACTIVE: FrozenSet[Status] = frozenset({Status.WAITING, Status.CLAIMED})
TRANSITIONS = {
    "claim": ({Status.WAITING, Status.MESSAGE}, Status.CLAIMED),
    "close": ({Status.CLAIMED, Status.MESSAGE}, Status.CLOSED),
    "return": ({Status.CLAIMED}, Status.RETURNED),
    "leave_message": ({Status.UNATTENDED}, Status.MESSAGE),
}


def next_status(action: str, current: Status) -> Status | None:
    """The status after ``action``, or None when the action is not allowed from ``current``."""
    allowed, target = TRANSITIONS[action]
    return target if current in allowed else None


def reason_from_offer(offer: str | None) -> Reason:
    """A hand-off accepted from an offer keeps the offer's reason; otherwise the customer asked."""
    kind, _, detail = (offer or "").partition(":")
    if kind == "handoff" and detail in Reason._value2member_map_:
        return Reason(detail)
    return Reason.ASKED


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HOURS_RE = re.compile(r"^(?:(?P<d1>[a-z]{3})(?:-(?P<d2>[a-z]{3}))?\s+)?(?P<h1>\d{2}:\d{2})-(?P<h2>\d{2}:\d{2})$")


@dataclass(frozen=True)
class OpeningHours:
    """When agents work, e.g. ``Mon-Fri 08:00-17:30`` in a time zone; empty means always."""

    days: Tuple[int, ...] = tuple(range(7))
    start: time = time(0, 0)
    end: time = time(23, 59, 59)
    zone: str = "UTC"

    def open_at(self, moment: datetime) -> bool:
        local = moment.astimezone(ZoneInfo(self.zone))
        return local.weekday() in self.days and self.start <= local.time() <= self.end


def parse_hours(spec: str, zone: str = "UTC") -> OpeningHours:
    """``"Mon-Fri 08:00-17:30"`` or ``"08:00-20:00"`` (every day); ValueError when malformed."""
    ZoneInfo(zone)  # raises for an unknown zone
    if not spec.strip():
        return OpeningHours(zone=zone)
    match = HOURS_RE.match(spec.strip().lower())
    if not match:
        raise ValueError("expected hours like 'Mon-Fri 08:00-17:30' or '08:00-20:00'")
    first = DAYS.index(match["d1"]) if match["d1"] in DAYS else 0
    last = DAYS.index(match["d2"]) if match["d2"] in DAYS else (first if match["d1"] else 6)
    if (match["d1"] and match["d1"] not in DAYS) or (match["d2"] and match["d2"] not in DAYS):
        raise ValueError("days are Mon, Tue, Wed, Thu, Fri, Sat, Sun")
    days = tuple(range(first, last + 1)) if first <= last else tuple(range(first, 7)) + tuple(range(0, last + 1))
    start, end = time.fromisoformat(match["h1"]), time.fromisoformat(match["h2"])
    if start >= end:
        raise ValueError("the opening time must be before the closing time")
    return OpeningHours(days, start, end, zone)


def someone_there(agents_online: int, hours: OpeningHours, now: datetime) -> bool:
    """A hand-off is promised only when an agent is signed in and it is within opening hours."""
    return agents_online > 0 and hours.open_at(now)
