"""The pure hand-off rules: reasons, allowed transitions, opening hours."""
from __future__ import annotations

from datetime import datetime, time, timezone

import pytest

from bot.handoff.rules import (
    OpeningHours,
    Reason,
    Status,
    next_status,
    parse_hours,
    reason_from_offer,
    someone_there,
)


@pytest.mark.parametrize("offer,reason", [
    (None, Reason.ASKED), ("", Reason.ASKED), ("handoff", Reason.ASKED),
    ("handoff:misunderstood", Reason.MISUNDERSTOOD), ("handoff:verification_locked", Reason.VERIFICATION_LOCKED),
    ("handoff:form_stuck", Reason.FORM_STUCK), ("handoff:nonsense", Reason.ASKED),
    ("tax_refund:PPB-1", Reason.ASKED),
])
def test_reason_comes_from_the_accepted_offer(offer, reason):
    assert reason_from_offer(offer) == reason


@pytest.mark.parametrize("action,current,after", [
    ("claim", Status.WAITING, Status.CLAIMED), ("claim", Status.MESSAGE, Status.CLAIMED),
    ("claim", Status.CLAIMED, None), ("claim", Status.CLOSED, None), ("claim", Status.UNATTENDED, None),
    ("close", Status.CLAIMED, Status.CLOSED), ("close", Status.MESSAGE, Status.CLOSED), ("close", Status.WAITING, None),
    ("return", Status.CLAIMED, Status.RETURNED), ("return", Status.WAITING, None), ("return", Status.MESSAGE, None),
    ("leave_message", Status.UNATTENDED, Status.MESSAGE), ("leave_message", Status.WAITING, None),
])
def test_transitions(action, current, after):
    assert next_status(action, current) == after


@pytest.mark.parametrize("spec,days,start,end", [
    ("", tuple(range(7)), time(0, 0), time(23, 59, 59)),
    ("08:00-17:30", tuple(range(7)), time(8), time(17, 30)),
    ("Mon-Fri 08:00-17:30", (0, 1, 2, 3, 4), time(8), time(17, 30)),
    ("sat 09:00-12:00", (5,), time(9), time(12)),
    ("Fri-Mon 10:00-11:00", (4, 5, 6, 0), time(10), time(11)),
])
def test_opening_hours_parse(spec, days, start, end):
    hours = parse_hours(spec)
    assert (hours.days, hours.start, hours.end) == (days, start, end)


@pytest.mark.parametrize("spec", ["8-17", "Mon-Fri", "Mon-Xyz 08:00-17:00", "17:00-08:00", "25:00-26:00"])
def test_bad_opening_hours_are_refused(spec):
    with pytest.raises(ValueError):
        parse_hours(spec)


def test_opening_hours_use_their_time_zone():
    hours = parse_hours("Mon-Fri 08:00-17:00", "Asia/Ho_Chi_Minh")
    # Monday 2026-11-30 01:30 UTC is 08:30 in Ho Chi Minh City; 10:30 UTC is 17:30 there.
    assert hours.open_at(datetime(2026, 11, 30, 1, 30, tzinfo=timezone.utc))
    assert not hours.open_at(datetime(2026, 11, 30, 10, 30, tzinfo=timezone.utc))
    assert not hours.open_at(datetime(2026, 12, 5, 3, 0, tzinfo=timezone.utc))  # Saturday


def test_a_connection_is_promised_only_with_an_agent_inside_hours():
    now = datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc)
    assert someone_there(1, OpeningHours(), now)
    assert not someone_there(0, OpeningHours(), now)
    assert not someone_there(2, parse_hours("Sat-Sun 08:00-17:00", "UTC"), now)
