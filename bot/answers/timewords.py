"""Time words in a message: "this month", "tháng trước", "in March", "hôm 5", "31/1".

Built on ``dateparser`` (it knows Vietnamese and English month names and
relative phrases, and takes an explicit "today"), not on more hand-written
date regexes. What is left here is the part dateparser gets wrong for chat:
Vietnamese typed without diacritics ("thang nay"), "hôm 5" (the 5th), ids
and amounts that look like years or days, and "thứ 2", which in a list means
"the second" rather than Monday.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from bot.answers.text import fold

_SETTINGS = {"PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY", "STRICT_PARSING": False}
_LANGS = ["vi", "en"]

# Folded Vietnamese time phrases -> the spelling dateparser knows.
_REACCENT = [
    (re.compile(r"\bthang nay\b"), "tháng này"),
    (re.compile(r"\bthang truoc\b"), "tháng trước"),
    (re.compile(r"\bthang roi\b"), "tháng trước"),
    (re.compile(r"\bhom nay\b"), "hôm nay"),
    (re.compile(r"\bhom qua\b"), "hôm qua"),
    (re.compile(r"\bthang (\d{1,2})\b"), r"tháng \1"),
    (re.compile(r"\b(?:hom|ngay|bua) (\d{1,2})\b(?![/.-]\d)"), r"ngày \1"),
]
# Things that are not dates: ids, emails, money, weekdays used as ordinals.
_NOT_DATES = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"           # email
    r"|\b[a-z]{2,4}[-_]\d+\b|\b(?:ord|itm|ppb|sub|cust)\d+\b"  # ORD-1001, ITM-2, PPB-7
    r"|[$€£]\s?\d[\d.,]*|\d[\d.,]*\s?(?:k|tr|trieu|d|vnd|usd|\$|đ)\b"  # money
    # a price with cents that no day.month can be: "9.99 in September" is not 1999
    r"|\b\d+[.,](?:1[3-9]|[2-9]\d)\b|\b(?:3[2-9]|[4-9]\d|\d{3,})[.,]\d{2}\b"
    r"|\bthu (?:\d|hai|ba|tu|nam|sau|bay)\b"   # "thứ 2": the second, not Monday
    r"|\b\d{5,}\b|\b\d+ lan\b|\b\d+ (?:times|bills?|charges?)\b"
)


@dataclass(frozen=True)
class TimeRef:
    """A month, or a day when ``day`` is set, named in a message."""

    year: int
    month: int
    day: int | None
    text: str

    def contains(self, when: date) -> bool:
        """True when ``when`` falls in this month (or is this day)."""
        return (when.year, when.month) == (self.year, self.month) and self.day in (None, when.day)


# Folded "mấy"/"máy" is "may": the month only in "in May", "May 5", "5 May" and the like.
_NOT_MAY = re.compile(r"(?<!in )(?<!of )(?<!\d )(?<!since )(?<!from )(?<!until )(?<!last )(?<!this )"
                      r"(?<!next )(?<!early )(?<!late )\bmay\b(?! \d)")


def _prepare(text: str) -> str:
    folded = fold(text)
    out = _NOT_MAY.sub(" ", _NOT_DATES.sub(" ", folded))
    for pattern, repl in _REACCENT:
        out = pattern.sub(repl, out)
    return out


@functools.lru_cache(maxsize=4)
def _parser(today: date):
    """One period parser per "today" (building one loads dateparser's language data)."""
    from dateparser.date import DateDataParser  # slow import: only when needed

    base = datetime(today.year, today.month, today.day)
    return DateDataParser(languages=_LANGS, settings={**_SETTINGS, "RELATIVE_BASE": base})


def find_time(text: str, today: date) -> TimeRef | None:
    """The first month or day the message names, relative to ``today``; None if none.

    A bare number is never a date ("2 lần", "cái 2"); the phrase needs a word
    or a day/month separator. Years alone are ignored.
    """
    return next(iter(find_times(text, today)), None)


def find_times(text: str, today: date) -> list[TimeRef]:
    """Every month or day the message names, in order (see ``find_time``)."""
    from dateparser.search import search_dates

    prepared = _prepare(text)
    if not re.search(r"\d|[a-zà-ỹ]{3,}", prepared):
        return []
    settings = {**_SETTINGS, "RELATIVE_BASE": datetime(today.year, today.month, today.day)}
    found: list = []
    # Both languages first; English alone catches "last month", which the
    # combined search misses when a short message gives it no Vietnamese cue.
    for langs in (_LANGS, ["en"]):
        try:
            found = search_dates(prepared, languages=langs, settings=settings) or []
        except Exception:  # noqa: BLE001 - a parser failure means "no date", never an error
            found = []
        if found:
            break
    refs = []
    for phrase, when in found:
        if not re.search(r"[^\W\d_]|/", phrase):
            continue
        period = _period(phrase, today)
        if period == "month":
            refs.append(TimeRef(when.year, when.month, None, phrase))
        elif period == "day":
            refs.append(TimeRef(when.year, when.month, when.day, phrase))
    return refs


# A relative month and a bare day in one message ("last month, on the 10th",
# "hôm 18 tháng trước"): dateparser's search keeps only one of the two, or
# reads them as one wrong date, so these two shapes are read here.
_RELATIVE_MONTH = [(re.compile(r"\b(?:last|previous) month\b|\bthang (?:truoc|roi)\b"), -1),
                   (re.compile(r"\bthis month\b|\bthang nay\b"), 0)]
_BARE_DAY = re.compile(r"\bthe (\d{1,2})(?:st|nd|rd|th)?\b|\b(\d{1,2})(?:st|nd|rd|th)\b"
                       r"|\b(?:ngay|hom|mung|bua) (\d{1,2})\b(?![/.-]\d)")


def find_day(text: str, today: date) -> TimeRef | None:
    """The time a charge question names: "last month, on the 10th" is 10 October, not 10 November.

    A relative month and a bare day in one message are one date; otherwise the
    first time named, as ``find_time``.
    """
    folded = _NOT_DATES.sub(" ", fold(text))
    day = next((int(next(g for g in m.groups() if g)) for m in _BARE_DAY.finditer(folded)), None)
    for pattern, offset in _RELATIVE_MONTH:
        if pattern.search(folded):
            month = today + relativedelta(months=offset, day=1)
            if day and day <= (month + relativedelta(day=31)).day:
                return TimeRef(month.year, month.month, day, f"{month:%Y-%m}-{day:02d}")
            return TimeRef(month.year, month.month, None, f"{month:%Y-%m}")  # not "mấy" read as May
    return find_time(text, today)


def _period(phrase: str, today: date) -> str | None:
    data = _parser(today).get_date_data(phrase)
    return data.period if data and data.date_obj else None
