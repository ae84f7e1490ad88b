"""The copy uses the glossary's term for each concept (docs/glossary.md).

Every catalogue entry (both languages, every plural form) and every string of
the page and the widget is checked against the glossary's "avoid" phrases, and
an entry whose English uses a checked term must use the glossary's Vietnamese
term in its Vietnamese text. Each concept has one Vietnamese and one English
term (the English cell lists that term's inflected forms).
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Dict, FrozenSet, Iterator, List, Pattern, Tuple

import pytest

from bot.i18n.catalog import entries, forms

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "docs" / "glossary.md"
STATIC = ROOT / "bot" / "web" / "static"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def _table(heading: str) -> List[Dict[str, str]]:
    """Rows of the Markdown table under ``## heading``, as dicts by column name."""
    text = GLOSSARY.read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split("|")]
    rows = []
    for line in lines[2:]:
        cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line.strip()[1:-1])]
        assert len(cells) == len(header), f"{heading}: wrong number of cells in {line!r}"
        rows.append(dict(zip(header, cells)))
    return rows


def _phrases(cell: str) -> List[str]:
    return [p.strip() for p in cell.split(";") if p.strip()] if cell else []


def _pattern(phrase: str, whole_word: bool = False) -> Pattern[str]:
    """A glossary phrase as a regex: ``/regex/`` as written, else the literal
    phrase, case-sensitive when it has a capital letter."""
    if len(phrase) > 2 and phrase.startswith("/") and phrase.endswith("/"):
        return re.compile(phrase[1:-1])
    body = re.escape(phrase)
    if whole_word:
        body = rf"(?<![\w-]){body}(?![\w-])"
    flags = 0 if any(c.isupper() for c in phrase) else re.IGNORECASE
    return re.compile(body, flags)


TERMS = _table("Terms")
PHRASES = _table("Phrases not to use")


def _texts(lang: str) -> Iterator[Tuple[str, str]]:
    """(where, text) for every catalogue text in ``lang`` (placeholders removed)."""
    for key, entry in entries().items():
        for form, text in forms(entry[lang]).items():
            yield (f"{key}{'[' + form + ']' if form else ''}", PLACEHOLDER.sub(" ", text))


def _static_texts(lang: str) -> Iterator[Tuple[str, str]]:
    """Strings of the page and the widget in ``lang``."""
    page = STATIC / ("index.en.html" if lang == "en" else "index.html")
    yield page.name, re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))
    # The widget's strings are catalogue entries (widget.*), checked with _texts above.


def _all_texts(lang: str) -> List[Tuple[str, str]]:
    return [*_texts(lang), *_static_texts(lang)]


def test_glossary_tables_are_read():
    assert len(TERMS) >= 30 and len(PHRASES) >= 5
    assert all(row["English"] and row["Vietnamese"] for row in TERMS)
    assert {row["Check"] for row in TERMS} <= {"yes", "no"}
    assert {row["Language"] for row in PHRASES} <= {"en", "vi"}


@pytest.mark.parametrize("row", TERMS, ids=[row["Concept"] for row in TERMS])
def test_one_term_per_language_and_concept(row):
    """One Vietnamese term per concept; the English forms are inflections or word
    orders of one term ("refund; refunded; refunds", "charged tax; tax was
    charged"), so they share a word stem."""
    assert len(_phrases(row["Vietnamese"])) == 1, f"{row['Concept']}: one Vietnamese term, not {row['Vietnamese']!r}"
    stems = [{word[:4] for word in re.findall(r"[\w/-]+", form.lower())} for form in _phrases(row["English"])]
    assert set.intersection(*stems), f"{row['Concept']}: {row['English']!r} are not forms of one term"


def test_each_concept_has_its_own_row():
    concepts = [row["Concept"].lower() for row in TERMS]
    assert len(set(concepts)) == len(concepts)
    vietnamese = [row["Vietnamese"] for row in TERMS]
    assert len(set(vietnamese)) == len(vietnamese), {vi for vi in vietnamese if vietnamese.count(vi) > 1}


def test_avoid_patterns_catch_what_they_should():
    """The avoid phrases really match the errors the issue found."""
    samples = {"vi": ["Chương trình Đối tác Microsoft AI Cloud", "Không có gì ạ!", "Xong: tôi đã hủy",
                      "Đây là những gì bạn có thể làm", "cho giai đoạn", "đã được giao", "Hủy mặt hàng",
                      "Chưa yêu cầu hoàn toàn bộ", "(a (b))", "Thanh toán ngay (Pay now)", "Đăng nhập demo"],
               "en": ["1 of the criteria are not met", "One of the criteria aren't met", "1 of the items have shipped",
                      "Bought 1 days ago", "overdue charge(s)", "(1 attempts left)", "for 1 minutes",
                      "cancelled", "organisation", "Talk to a human", "Ask a parent", "billing day",
                      "AI Cloud Partner Program refunds", "Tick the checkbox"]}
    patterns = {lang: [_pattern(p) for _, where, p in AVOID if where == lang] for lang in samples}
    for lang, texts in samples.items():
        caught = [text for text in texts if any(p.search(text) for p in patterns[lang])]
        assert caught == texts, set(texts) - set(caught)
    for fine in ("Microsoft AI Cloud Partner Program", "1 criterion isn't met", "2 criteria aren't met",
                 "1 of the criteria isn't met", "one of these topics", "(1 attempt left)", "for 1 minute"):
        assert not any(p.search(fine) for p in patterns["en"]), fine
    assert not any(p.search("Chương trình Đối tác Đám mây Microsoft AI") for p in patterns["vi"])


AVOID = [(row["Concept"], "en", p) for row in TERMS for p in _phrases(row["Avoid (en)"])] + \
        [(row["Concept"], "vi", p) for row in TERMS for p in _phrases(row["Avoid (vi)"])] + \
        [(row["Why"], row["Language"], row["Phrase"]) for row in PHRASES]


@pytest.mark.parametrize(("concept", "lang", "phrase"), AVOID, ids=[f"{a[1]}:{a[2]}" for a in AVOID])
def test_no_wrong_variant(concept, lang, phrase):
    pattern = _pattern(phrase)
    bad = [where for where, text in _all_texts(lang) if pattern.search(text)]
    assert not bad, f"{phrase!r} ({concept}) used in {bad}"


CHECKED = [row for row in TERMS if row["Check"] == "yes"]
ENGLISH_FORMS = [[_pattern(p, whole_word=True) for p in _phrases(row["English"])] for row in TERMS]
VIETNAMESE_TERM = [_pattern(row["Vietnamese"]) for row in TERMS]


@functools.cache
def _spans(english: str) -> Tuple[FrozenSet[Tuple[int, int]], ...]:
    """Where each row's English forms occur in ``english``, by row."""
    return tuple(frozenset(m.span() for p in patterns for m in p.finditer(english)) for patterns in ENGLISH_FORMS)


def _accepted_terms(row: Dict[str, str], english: str) -> List[List[int]]:
    """For each use of the row's English term in ``english``, the rows whose
    Vietnamese term may translate it: the row itself, plus any row whose English
    form is the very same word (a homograph: "charges", verb or noun). A match
    inside a longer match of another row ("refund" in "tax refund", "item" in
    "Cancel item") belongs to that other concept and is skipped."""
    index = TERMS.index(row)
    spans = _spans(english)
    uses = []
    for start, end in sorted(spans[index]):
        if any(a <= start and end <= b and b - a > end - start
               for i, other in enumerate(spans) if i != index for a, b in other):
            continue
        uses.append([index] + [i for i, other in enumerate(spans) if i != index and (start, end) in other])
    return uses


def _untranslated(row: Dict[str, str], english: str, vietnamese: str) -> bool:
    """Whether some use of the row's term in ``english`` has none of its accepted
    Vietnamese terms in ``vietnamese``."""
    return any(not any(VIETNAMESE_TERM[i].search(vietnamese) for i in rows)
               for rows in _accepted_terms(row, english))


def test_a_term_inside_a_longer_term_belongs_to_the_longer_one():
    rows = {row["Concept"]: row for row in TERMS}
    refund = rows["Refund (money back for a purchase or a benefit)"]
    assert not _accepted_terms(refund, "Request the tax refund")
    assert not _untranslated(refund, "Request the tax refund", "Yêu cầu hoàn thuế")
    assert _untranslated(refund, "Check refunds and tax refunds", "Kiểm tra hoàn thuế")
    assert not _untranslated(refund, "Check refunds and tax refunds", "Kiểm tra hoàn tiền, hoàn thuế")
    assert _untranslated(rows["Tax refund"], "Request the tax refund", "Yêu cầu hoàn tiền")
    item = rows["Item (in an order)"]
    assert not _accepted_terms(item, "Cancel item no longer appears")
    assert _untranslated(item, "Select Cancel item next to the item", "Chọn Hủy mục bên cạnh mục đó")
    verb, noun = rows["Charge (verb: bill the customer for something)"], rows["Charge (noun: one amount billed)"]
    assert not _accepted_terms(verb, "Tax was charged")
    assert not _untranslated(noun, "Microsoft charges you", "Microsoft tính phí")  # a homograph
    assert _untranslated(verb, "You were charged", "Bạn có một khoản phí")  # "charged" is only the verb


@pytest.mark.parametrize("row", CHECKED, ids=[row["English"] for row in CHECKED])
def test_catalogue_uses_the_glossary_term(row):
    missing = []
    for key, entry in entries().items():
        en = " ".join(PLACEHOLDER.sub(" ", t) for t in forms(entry["en"]).values())
        vi = " ".join(PLACEHOLDER.sub(" ", t) for t in forms(entry["vi"]).values())
        if _untranslated(row, en, vi):
            missing.append(key)
    assert not missing, f"{row['Vietnamese']!r} missing in the Vietnamese of {missing}"


@pytest.mark.parametrize(("english", "vietnamese"), [
    ("Microsoft AI Cloud Partner Program", "Chương trình Đối tác Đám mây Microsoft AI"),
    ("Cancel item", "Hủy mục"),
    ("shipped", "đã được gửi đi"),
])
def test_key_terms_are_in_the_copy(english, vietnamese):
    """The terms the issue named are really used, in the catalogue and on the page."""
    assert any(english in text for _, text in _all_texts("en"))
    assert any(vietnamese in text for _, text in _all_texts("vi"))
    page = (STATIC / "index.html").read_text(encoding="utf-8")
    if vietnamese != "đã được gửi đi":
        assert vietnamese in page


def test_the_program_has_one_name_everywhere():
    for lang, name, other in (("vi", "Chương trình Đối tác Đám mây Microsoft AI", "Microsoft AI Cloud"),
                              ("en", "Microsoft AI Cloud Partner Program", None)):
        uses = [where for where, text in _all_texts(lang) if "Đối tác" in text or "Partner Program" in text]
        assert uses
        for where, text in _all_texts(lang):
            if other:
                assert other not in text, where
            for match in re.finditer(r"AI Cloud Partner Program|Đối tác Đám mây", text):
                window = text[max(0, match.start() - 30):match.end() + 20]
                assert name in window, (where, window)
