"""Which of the listed options a typed answer means.

The assistant lists items, orders or purchases and the customer answers the
way people do: "Surface Pro Keyboard", "bàn phím", "the controller", "the
second one", "cái thứ 2", "ORD-1002", "the one from January", "cả hai". The
options come from the customer's own data, so names are matched against what
is really there rather than a hand-kept product list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Sequence

from rapidfuzz import fuzz

from bot.answers.text import fold, words
from bot.answers.timewords import find_time

ALL = "all"

# Vietnamese (folded) names of common product kinds -> the English word in product names.
GLOSSARY = {
    "ban phim": "keyboard", "tay cam": "controller", "tay game": "controller", "chuot": "mouse",
    "tai nghe": "headset", "may tinh xach tay": "laptop", "may tinh bang": "tablet",
    "may tinh": "laptop", "man hinh": "monitor", "but": "pen", "loa": "speaker", "sac": "charger",
    "dat truoc": "preorder", "tro choi": "game", "goi": "pack", "the qua tang": "gift card",
    "dong ho": "watch", "webcam": "camera", "may choi game": "console",
}
_STOP = frozenset({
    "the", "a", "an", "of", "for", "and", "with", "in", "inch", "x", "my", "one", "microsoft",
    "cai", "mon", "chiec", "con", "don", "hang", "order", "pre", "huy", "cancel", "item", "cho",
    "toi", "minh", "please", "muon", "want", "to", "i", "it", "from", "tu", "trong", "ban",
    "dat", "truoc",  # "đặt" (ordered) and "trước" (before) alone name nothing; "đặt trước" is "preorder"
})
_ALL_PHRASES = ("all", "both", "everything", "all of them", "all items", "tat ca", "ca hai", "ca 2",
                "het", "toan bo", "ca don", "ca hai mon", "huy het")
_EN_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
                "4th": 4, "fifth": 5, "5th": 5}
_VI_ORDINALS = {"nhat": 1, "dau tien": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5}
_ID = re.compile(r"\b([a-z]{2,4})[-_ ]?(\d{1,8})\b")


@dataclass(frozen=True)
class Option:
    """One thing the customer can pick: its id, its names and when it happened."""

    key: str
    names: tuple[str, ...] = ()
    on: date | None = None
    amounts: tuple[Decimal, ...] = ()  # prices shown for it ("cái 579.99", "the 139.99 one")
    kinds: tuple[str, ...] = ()  # what it is, for a description ("the game one", "cái game"): "game"


@dataclass(frozen=True)
class Resolution:
    """What the answer picked: keys, and how they were found ("none" when nothing)."""

    chosen: tuple[str, ...]
    how: str

    @property
    def unique(self) -> str | None:
        """The one key picked, or None when nothing or several were."""
        return self.chosen[0] if len(self.chosen) == 1 and self.how != ALL else None

    @property
    def ambiguous(self) -> bool:
        return len(self.chosen) > 1 and self.how != ALL


NOTHING = Resolution((), "none")


def resolve(text: str, options: Sequence[Option], today: date | None = None,
            allow_all: bool = True, positions: bool = True) -> Resolution:
    """The option(s) ``text`` names, trying ids, price, "all", position, name, then date.

    ``positions=False`` where nothing was listed yet (a first message): "bought on
    the 2nd" is then a date, not the second option.
    """
    if not options or not (text or "").strip():
        return NOTHING
    for step in (_by_id, _by_amount, _by_all if allow_all else None,
                 _by_position if positions else None, _by_name, _by_kind, _by_price_rank if positions else None):
        if step is None:
            continue
        found = step(text, options)
        if found.chosen:
            return found
    if today is not None:
        return _by_date(text, options, today)
    return NOTHING


_DEICTIC = frozenset({"that one", "this one", "that", "this", "it", "the one", "that item", "this item",
                      "cai do", "cai nay", "cai kia", "mon do", "mon nay", "cai ay", "no", "cai do di",
                      "mon hang do", "cai nay di"})


def is_deictic(text: str) -> bool:
    """"that one", "cái đó": picks the option when only one is on offer."""
    phrase = " ".join(w for w in words(text) if w not in ("huy", "cancel", "please", "pls", "di", "nhe", "nha"))
    return phrase in _DEICTIC


def _canonical_key(key: str) -> str:
    m = _ID.fullmatch(key.lower())
    return f"{m.group(1)}-{int(m.group(2))}" if m else key.lower()


def _by_id(text: str, options: Sequence[Option]) -> Resolution:
    keys = {_canonical_key(o.key): o.key for o in options}
    hits = [keys[k] for k in (f"{p}-{int(n)}" for p, n in _ID.findall(fold(text))) if k in keys]
    # A bare number that ends an option id ("1001" for ORD-1001).
    numbers = re.findall(r"\b\d{3,8}\b", fold(text))
    hits += [o.key for o in options for n in numbers if o.key.lower().endswith(f"-{n}")]
    return Resolution(tuple(dict.fromkeys(hits)), "id") if hits else NOTHING


# A price as typed: "579.99", "579,99", "$1,049.99", "1.049,99" (two decimals required,
# so ids, positions and dates are never read as prices).
_PRICE = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,\s]\d{3})*|\d+)[.,](\d{2})(?![\d.,]*\d)")


def prices_in(text: str) -> list[Decimal]:
    """Every two-decimal amount typed in ``text``, whatever the separators."""
    return [Decimal(re.sub(r"\D", "", whole) + "." + cents) for whole, cents in _PRICE.findall(text or "")]


def _by_amount(text: str, options: Sequence[Option]) -> Resolution:
    said = set(prices_in(text))
    hits = tuple(o.key for o in options if said & set(o.amounts))
    # Several prices fit (a story quoting every price): let the names decide.
    return Resolution(hits, "amount") if len(hits) == 1 else NOTHING


def _by_all(text: str, options: Sequence[Option]) -> Resolution:
    phrase = re.sub(r"\b(?:after|at|not at) all\b", " ", " ".join(words(text)))  # "after all" is no choice
    if any(re.search(rf"\b{re.escape(p)}\b", phrase) for p in _ALL_PHRASES):
        return Resolution(tuple(o.key for o in options), ALL)
    return NOTHING


# Only as a choice ("the cheaper one", "cái rẻ hơn"): "I found them cheaper elsewhere" picks nothing.
_CHEAPER = re.compile(r"\b(?:cheaper|cheapest|less expensive) (?:one|item)\b"
                      r"|\b(?:cai|mon|chiec|con) (?:re hon|re nhat|gia thap hon|gia re hon)\b")
_DEARER = re.compile(r"\b(?:more expensive|most expensive|pricier|dearer) (?:one|item)\b"
                     r"|\b(?:cai|mon|chiec|con) (?:dat hon|dat nhat|gia cao hon)\b")


def _by_price_rank(text: str, options: Sequence[Option]) -> Resolution:
    """"the cheaper one", "cái rẻ hơn", "cái đắt nhất": by the prices shown, when they differ."""
    folded = " ".join(words(text))
    priced = [o for o in options if o.amounts]
    if len(priced) < 2:
        return NOTHING
    if _CHEAPER.search(folded):
        pick = min(priced, key=lambda o: min(o.amounts))
    elif _DEARER.search(folded):
        pick = max(priced, key=lambda o: max(o.amounts))
    else:
        return NOTHING
    return Resolution((pick.key,), "price")


def by_price_rank(text: str, options: Sequence[Option]) -> Resolution:
    """"The cheaper one" among options a previous answer listed (not a first message's words)."""
    return _by_price_rank(text, options)


# An ordinal that is a day of a month: "nov 2nd", "the 2nd of november", "bought on the 2nd".
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_DATE_ORDINAL = re.compile(rf"\b{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)\b|\b\d{{1,2}}(?:st|nd|rd|th)\s+of\s+{_MONTHS}\b"
                           r"|\b(?:on|from|since|bought|purchased|paid)\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)\b")


def _position(text: str) -> int | None:
    """1-based position named in the text; -1 for "the last one"; None if none."""
    folded = _DATE_ORDINAL.sub(" ", " ".join(words(text)))  # "bought on nov 2nd": a date, not the 2nd option
    for word, n in _EN_ORDINALS.items():
        if re.search(rf"\b{word}\b", folded):
            return n
    if re.search(r"\b(last|cuoi|cuoi cung|duoi cung|bottom)\b", folded):
        return -1
    if re.search(r"\b(dau tien|tren cung|top)\b", folded):
        return 1  # "món đầu tiên", "cái trên cùng", "the top one"
    m = re.search(r"\b(?:thu|so|cai|mon|number|no|#)\s*(\d{1,2})\b", folded) or \
        re.fullmatch(r"\s*#?(\d{1,2})\s*", folded)
    if m:
        return int(m.group(1))
    for word, n in _VI_ORDINALS.items():
        if re.search(rf"\b(?:thu|cai thu|mon thu) {word}\b", folded) or (n == 1 and word in folded.split()
                                                                         and "dau tien" in folded):
            return n
    return None


def _by_position(text: str, options: Sequence[Option]) -> Resolution:
    pos = _position(text)
    if pos is None:
        return NOTHING
    if pos == -1:
        return Resolution((options[-1].key,), "position")
    if 1 <= pos <= len(options):
        return Resolution((options[pos - 1].key,), "position")
    return NOTHING


def _name_tokens(name: str) -> set[str]:
    folded = fold(name).replace("pre-order", "preorder").replace("pre order", "preorder") \
        .replace("dat truoc", "preorder")
    return {w for w in re.findall(r"[a-z0-9]+", folded) if w not in _STOP}


def _text_tokens(text: str) -> set[str]:
    folded = " ".join(words(text)).replace("pre order", "preorder").replace("dat truoc", "preorder")
    extra = {en for vi, en in GLOSSARY.items() if re.search(rf"\b{vi}\b", folded)}
    tokens = {w for w in folded.split() if w not in _STOP}
    return tokens | {w for phrase in extra for w in phrase.split()}


def _token_hit(token: str, said: set[str]) -> bool:
    if token in said:
        return True
    return len(token) >= 4 and any(len(s) >= 4 and fuzz.ratio(token, s) >= 80 for s in said)


def _by_name(text: str, options: Sequence[Option]) -> Resolution:
    said = _text_tokens(text)
    if not said:
        return NOTHING
    tokens = {o.key: set().union(*(_name_tokens(n) for n in o.names)) if o.names else set() for o in options}
    df: dict[str, int] = {}
    for toks in tokens.values():
        for t in toks:
            df[t] = df.get(t, 0) + 1
    scores = {}
    for o in options:
        hits = [t for t in tokens[o.key] if _token_hit(t, said)]
        # A number alone ("hủy 6 món") names nothing; with a word it helps ("laptop 7").
        if not any(not t.isdigit() for t in hits):
            hits = []
        scores[o.key] = sum((0.5 if t.isdigit() else 1.0) / df[t] for t in hits)
    best = max(scores.values())
    if best < 0.5:
        return NOTHING
    top = tuple(k for k, s in scores.items() if s == best)
    return Resolution(top, "name")


# Kinds a customer describes an item by. "game pass" is a subscription, not a game.
_KINDS = {"game": re.compile(r"\b(?:game|games|tro choi|tro choi dien tu)\b(?! ?pass)")}


def _by_kind(text: str, options: Sequence[Option]) -> Resolution:
    """"The game one", "cái game": the options of that kind (one, or several to choose from)."""
    folded = fold(text)
    for kind, said in _KINDS.items():
        if said.search(folded):
            chosen = tuple(o.key for o in options if kind in o.kinds)
            if chosen:
                return Resolution(chosen, "name")
    return NOTHING


# Clause breaks for "cancel the Elite, keep the headphones" / "chỉ cái keyboard thôi, còn controller thì keep".
_CLAUSE_BREAK = re.compile(r"[.!?;,\n]+|\b(?:but|nhung|con|except|tru|and keep)\b")
_KEEP = re.compile(r"\b(?:keep|giu|giu lai|dont cancel|don't cancel|do not cancel|(?:khong|ko|k) huy(?! (?:duoc|dc|dk))"
                   r"|except|tru"
                   r"|de lai|van lay|van giu)\b")


def named_all(text: str, options: Sequence[Option]) -> tuple[str, ...]:
    """Every option the text clearly names, in the order named ("the keyboard and the Forza
    pre-order"); one named only in a keep clause ("keep the headphones") is left out.

    Clearly named: at least one word of its name that no other option's name has, and a
    score of one full word. "Surface" alone, shared by two products, names neither.
    """
    folded = _folded_with_breaks(text)
    keep_spans = [(a, b) for a, b in _clause_spans(folded) if _KEEP.search(folded[a:b])]
    tokens = {o.key: set().union(*(_name_tokens(n) for n in o.names)) if o.names else set() for o in options}
    df: dict[str, int] = {}
    for toks in tokens.values():
        for t in toks:
            df[t] = df.get(t, 0) + 1
    found: list[tuple[int, str]] = []
    for o in options:
        spots = [(t, _where(t, folded)) for t in tokens[o.key] if not t.isdigit()]
        spots = [(t, at) for t, at in spots if at is not None]
        score = sum(1.0 / df[t] for t, _ in spots)
        if score < 1.0 or not any(df[t] == 1 for t, _ in spots):
            continue
        outside = [at for _, at in spots if not any(a <= at < b for a, b in keep_spans)]
        if outside:
            found.append((min(outside), o.key))
    return tuple(key for _, key in sorted(found))


_ASKS = re.compile(r"\b(?:why|where|when|how|tai sao|vi sao|sao|o dau|bao gio|khi nao)\b")
_CANCEL = re.compile(r"\b(?:cancel\w*|huy)\b")


def kept_all(text: str, options: Sequence[Option], asked: bool = True) -> tuple[str, ...]:
    """The options named in a keep clause ("keep the headphones", "bàn phím giữ lại") or, unless
    ``asked`` is False, only asked about in a clause that does not say cancel ("and why haven't
    my headphones shipped?")."""
    folded = _folded_with_breaks(text)
    kept: list[str] = []
    for a, b in _clause_spans(folded):
        clause = folded[a:b]
        if _KEEP.search(clause) or (asked and _ASKS.search(clause) and not _CANCEL.search(clause)):
            kept += [k for k in named_all(clause.replace("keep", " ").replace("giu lai", " "), options)
                     if k not in kept]
    return tuple(kept)


_NEEDED = re.compile(r"\b(?:only need|just need|still need|still use|only use|chi can|chi dung|chi xai|chi lay"
                     r"|van dung|van can|van xai|van con dung)\b")
_REFUND = re.compile(r"\b(?:refund\w*|hoan\w*|tra lai|return\w*|cancel\w*|huy)\b")


def still_needed(text: str, options: Sequence[Option]) -> tuple[str, ...]:
    """Options named in a clause that says they are still needed and asks nothing back
    ("... nhưng bên mình chỉ cần Core thôi", "we only need the Core one"): not the ones to refund."""
    folded = _folded_with_breaks(text)
    needed: list[str] = []
    for a, b in _clause_spans(folded):
        clause = folded[a:b]
        if _NEEDED.search(clause) and not _REFUND.search(clause):
            needed += [k for k in named_all(clause, options) if k not in needed]
    return tuple(needed)


def without_kept_others(text: str, options: Sequence[Option], chosen: Sequence[str]) -> str:
    """The text without its keep clauses about options other than ``chosen`` (folded):
    "chỉ hủy Forza thôi, bàn phím giữ lại. Mình xác nhận hủy Forza" at Forza's
    confirmation reads as "chỉ hủy Forza thôi. Mình xác nhận hủy Forza" — keeping the
    keyboard takes nothing back about Forza."""
    folded = _folded_with_breaks(text)
    kept: list[str] = []
    dropped = False
    for a, b in _clause_spans(folded):
        clause = folded[a:b]
        others = set(kept_all(clause, options)) - set(chosen)
        if _KEEP.search(clause) and others and not set(named_all(clause, options)) & set(chosen):
            dropped = True
        else:
            kept.append(clause.strip())
    return ". ".join(c for c in kept if c) if dropped else text  # untouched (its "?" and all) otherwise


def _folded_with_breaks(text: str) -> str:
    """Folded text that keeps its punctuation (clause breaks), "pre-order" as one word."""
    return re.sub(r"\s+", " ", fold(text).replace("pre-order", "preorder"))


def _clause_spans(folded: str) -> list[tuple[int, int]]:
    """(start, end) of each clause between breaks."""
    spans, start = [], 0
    for m in _CLAUSE_BREAK.finditer(folded):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(folded):
        spans.append((start, len(folded)))
    return spans


_REVERSE_GLOSSARY: dict[str, list[str]] = {}
for _vi, _en in GLOSSARY.items():
    for _w in _en.split():
        _REVERSE_GLOSSARY.setdefault(_w, []).append(_vi)


def _where(word: str, folded: str) -> int | None:
    """Where ``word`` (a word of a product name) is said in the folded text: the word itself,
    its Vietnamese name ("bàn phím" for keyboard) or a one-letter slip of it."""
    m = re.search(rf"\b{re.escape(word)}\b", folded)
    if m:
        return m.start()
    for vi in _REVERSE_GLOSSARY.get(word, ()):
        m = re.search(rf"\b{re.escape(vi)}\b", folded)
        if m:
            return m.start()
    if word == "preorder":
        m = re.search(r"\bpre ?order\b|\bdat truoc\b", folded)
        if m:
            return m.start()
    if len(word) >= 4:
        for m in re.finditer(r"[a-z0-9]{4,}", folded):
            if fuzz.ratio(word, m.group()) >= 80:
                return m.start()
    return None


def _by_date(text: str, options: Sequence[Option], today: date) -> Resolution:
    ref = find_time(text, today)
    if ref is None:
        return NOTHING
    hits = tuple(o.key for o in options if o.on is not None and ref.contains(o.on))
    return Resolution(hits, "date") if hits else NOTHING
