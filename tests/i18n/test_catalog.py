"""The catalogue is the only source of user-facing text, so every entry - in
every file, including ones added later - must exist in both languages, with the
same placeholders, and actually be translated."""
import re
from pathlib import Path

import pytest

from bot.i18n import catalog
from bot.i18n.catalog import (
    CATALOG_DIR,
    LANGUAGES,
    CatalogError,
    entries,
    entry_placeholders,
    forms,
    has_key,
    load_file,
    t,
)

CATALOG_FILES = sorted(CATALOG_DIR.glob("*.yml"))

# Entries whose Vietnamese text may legitimately equal the English one (product
# names, codes). Add a key here only with a reason.
ALLOW_IDENTICAL: set = set()


def test_catalog_directory_has_files_and_loads():
    assert CATALOG_FILES, "no catalogue files found"
    assert len(entries()) >= 19


def test_only_yml_files_are_used():
    """A file saved as .yaml would be silently ignored by the loader."""
    assert not list(CATALOG_DIR.glob("*.yaml"))


@pytest.mark.parametrize("path", CATALOG_FILES, ids=lambda p: p.name)
def test_every_file_is_valid_on_its_own(path: Path):
    loaded = load_file(path)
    assert loaded, f"{path.name} is empty"
    for key, entry in loaded.items():
        assert set(entry) == set(LANGUAGES), key
        assert all(text.strip() for lang in LANGUAGES for text in forms(entry[lang]).values()), key
        assert entry_placeholders(entry, "en") == entry_placeholders(entry, "vi"), key


@pytest.mark.parametrize("path", CATALOG_FILES, ids=lambda p: p.name)
def test_every_entry_is_translated(path: Path):
    untranslated = [key for key, entry in load_file(path).items()
                    if set(forms(entry["vi"]).values()) & set(forms(entry["en"]).values())
                    and key not in ALLOW_IDENTICAL]
    assert not untranslated, f"{path.name}: vi text equals en text for {untranslated}"


@pytest.mark.parametrize("path", CATALOG_FILES, ids=lambda p: p.name)
def test_no_html_or_markdown_links(path: Path):
    """The channel and the page show plain text; markup would appear literally."""
    markup = re.compile(r"<[a-zA-Z/][^>]*>|\[[^\]]+\]\([^)]+\)")
    bad = [key for key, entry in load_file(path).items()
           if any(markup.search(text) for lang in LANGUAGES for text in forms(entry[lang]).values())]
    assert not bad, f"{path.name}: markup in {bad}"


def test_keys_are_unique_across_files():
    seen: dict = {}
    for path in CATALOG_FILES:
        for key in load_file(path):
            assert key not in seen, f"{key!r} in both {seen.get(key)} and {path.name}"
            seen[key] = path.name


def test_every_entry_renders_in_both_languages():
    for key, entry in entries().items():
        params = {name.split(".")[0].split("[")[0]: "X" for name in entry_placeholders(entry, "en")}
        if entry.plural:
            params[entry.plural] = 2
        for lang in LANGUAGES:
            assert t(key, lang, **params).strip(), key


def test_t_picks_the_language_and_normalises_it():
    assert t("guide.more_help", "en").startswith("For more questions")
    assert t("guide.more_help", "EN") == t("guide.more_help", "en")
    assert t("guide.more_help", "vi-VN") == t("guide.more_help", "vi")
    assert t("guide.more_help", None) == t("guide.more_help", "vi")
    assert t("guide.more_help", "fr") == t("guide.more_help", "vi")
    assert has_key("guide.more_help") and not has_key("guide.no_such_key")


def test_t_unknown_key_raises():
    with pytest.raises(KeyError):
        t("guide.no_such_key", "en")


# --- the loader rejects malformed files -----------------------------------------

def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sample.yml"
    path.write_text(text, encoding="utf-8")
    return path


BAD_FILES = [
    ("a:\n  en: Hi\n", "exactly"),
    ("a:\n  en: Hi\n  vi: Chào\n  fr: Salut\n", "exactly"),
    ("a:\n  en: Hi {name}\n  vi: Chào\n", "placeholders differ"),
    ("a:\n  en: Hi {name}\n  vi: Chào {ten}\n", "placeholders differ"),
    ("a:\n  en: Hi\n  vi: Chào\na:\n  en: Bye\n  vi: Tạm biệt\n", "duplicate key"),
    ("a:\n  en: Hi\n  en: Hello\n  vi: Chào\n", "duplicate key"),
    ("a:\n  en: 'Hi {'\n  vi: 'Chào {'\n", "braces"),
    ("a:\n  en: 'Hi {0}'\n  vi: 'Chào {0}'\n", "positional"),
    ("a:\n  en: 'Hi {}'\n  vi: 'Chào {}'\n", "positional"),
    ("a:\n  en: 12\n  vi: 12\n", "non-empty text"),
    ("a:\n  en: ''\n  vi: Chào\n", "non-empty text"),
    ("- en: Hi\n  vi: Chào\n", "mapping"),
    ("a: [unclosed\n", "sample.yml"),
    # plural entries: the counting parameter, CLDR categories, English forms
    ("a:\n  plural: n\n  en: '{n} day'\n  vi: '{n} ngày'\n", "plural forms"),
    ("a:\n  plural: n\n  en: {one: '{n} day'}\n  vi: '{n} ngày'\n", "plural forms must be exactly"),
    ("a:\n  plural: n\n  en: {one: '{n} day', other: '{n} days', few: '{n} x'}\n  vi: '{n} ngày'\n",
     "plural forms must be exactly"),
    ("a:\n  plural: n\n  en: {one: '{n} day', other: '{n} days', '=x': '{n}'}\n  vi: '{n} ngày'\n",
     "plural forms must be exactly"),
    ("a:\n  plural: n\n  en: {one: 'a day', other: 'days'}\n  vi: 'ngày'\n", "is not used"),
    ("a:\n  plural: 2n\n  en: {one: '{n} day', other: '{n} days'}\n  vi: '{n} ngày'\n", "must name"),
    ("a:\n  en: {one: 'a day', other: 'days'}\n  vi: 'ngày'\n", "non-empty text"),
    ("a:\n  plural: n\n  en: {one: '{n} day', other: ''}\n  vi: '{n} ngày'\n", "non-empty text"),
    ("a:\n  plural: n\n  en: {one: '{n} day', other: '{n} days {x}'}\n  vi: '{n} ngày'\n", "placeholders differ"),
]


@pytest.mark.parametrize(("text", "message"), BAD_FILES)
def test_load_file_rejects(tmp_path, text, message):
    with pytest.raises(CatalogError, match=message):
        load_file(_write(tmp_path, text))


def test_entries_rejects_a_key_defined_in_two_files(tmp_path, monkeypatch):
    (tmp_path / "a.yml").write_text("x:\n  en: Hi\n  vi: Chào\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("x:\n  en: Hello\n  vi: Xin chào\n", encoding="utf-8")
    monkeypatch.setattr(catalog, "CATALOG_DIR", tmp_path)
    catalog.entries.cache_clear()
    try:
        with pytest.raises(CatalogError, match="duplicate key 'x'"):
            catalog.entries()
    finally:
        monkeypatch.undo()
        catalog.entries.cache_clear()


def test_t_renders_params_and_literal_braces(tmp_path, monkeypatch):
    (tmp_path / "a.yml").write_text(
        "x:\n  en: 'Order {order_id} {{ok}}'\n  vi: 'Đơn {order_id} {{ok}}'\n"
        "y:\n  en: 'Set {{braces}}'\n  vi: 'Đặt {{ngoặc}}'\n",
        encoding="utf-8")
    monkeypatch.setattr(catalog, "CATALOG_DIR", tmp_path)
    catalog.entries.cache_clear()
    try:
        assert catalog.t("x", "en", order_id="ORD-1") == "Order ORD-1 {ok}"
        assert catalog.t("x", "vi", order_id="ORD-1") == "Đơn ORD-1 {ok}"
        # Without parameters the doubled braces still render as one brace.
        assert catalog.t("y", "en") == "Set {braces}"
        # A forgotten parameter fails loudly rather than showing "{order_id}".
        with pytest.raises(KeyError, match="order_id"):
            catalog.t("x", "en")
    finally:
        monkeypatch.undo()
        catalog.entries.cache_clear()


def _plural_catalog(tmp_path, monkeypatch) -> None:
    (tmp_path / "a.yml").write_text(
        "days:\n"
        "  plural: n\n"
        "  en: {'=0': 'today', one: '{n} day ago', other: '{n} days ago'}\n"
        "  vi: '{n} ngày trước'\n",
        encoding="utf-8")
    monkeypatch.setattr(catalog, "CATALOG_DIR", tmp_path)
    catalog.entries.cache_clear()


@pytest.mark.parametrize(("n", "en", "vi"), [
    (0, "today", "0 ngày trước"),           # an exact form wins over the category
    (1, "1 day ago", "1 ngày trước"),
    (2, "2 days ago", "2 ngày trước"),
    (21, "21 days ago", "21 ngày trước"),   # English "one" is exactly 1, not "ends in 1"
    (1000, "1,000 days ago", "1.000 ngày trước"),  # the count is grouped per language
])
def test_t_chooses_the_plural_form_by_cldr_rules(tmp_path, monkeypatch, n, en, vi):
    _plural_catalog(tmp_path, monkeypatch)
    try:
        assert catalog.t("days", "en", n=n) == en
        assert catalog.t("days", "vi", n=n) == vi
    finally:
        monkeypatch.undo()
        catalog.entries.cache_clear()


def test_t_plural_needs_a_number(tmp_path, monkeypatch):
    _plural_catalog(tmp_path, monkeypatch)
    try:
        with pytest.raises(KeyError, match="'n'"):
            catalog.t("days", "en")
        with pytest.raises(TypeError):
            catalog.t("days", "en", n="2")
        with pytest.raises(TypeError):
            catalog.t("days", "en", n=True)
    finally:
        monkeypatch.undo()
        catalog.entries.cache_clear()


def test_plural_categories_come_from_babel():
    from babel import Locale

    for lang in LANGUAGES:
        expected = set(Locale.parse(catalog.LOCALES[lang]).plural_form.tags) | {"other"}
        assert catalog.plural_categories(lang) == expected
    assert [catalog.plural_category(n, "en") for n in (0, 1, 2)] == ["other", "one", "other"]
