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
    has_key,
    load_file,
    placeholders,
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
        assert all(entry[lang].strip() for lang in LANGUAGES), key
        assert placeholders(entry["en"]) == placeholders(entry["vi"]), key


@pytest.mark.parametrize("path", CATALOG_FILES, ids=lambda p: p.name)
def test_every_entry_is_translated(path: Path):
    untranslated = [key for key, entry in load_file(path).items()
                    if entry["vi"].strip() == entry["en"].strip() and key not in ALLOW_IDENTICAL]
    assert not untranslated, f"{path.name}: vi text equals en text for {untranslated}"


@pytest.mark.parametrize("path", CATALOG_FILES, ids=lambda p: p.name)
def test_no_html_or_markdown_links(path: Path):
    """The channel and the page show plain text; markup would appear literally."""
    markup = re.compile(r"<[a-zA-Z/][^>]*>|\[[^\]]+\]\([^)]+\)")
    bad = [key for key, entry in load_file(path).items() if any(markup.search(v) for v in entry.values())]
    assert not bad, f"{path.name}: markup in {bad}"


def test_keys_are_unique_across_files():
    seen: dict = {}
    for path in CATALOG_FILES:
        for key in load_file(path):
            assert key not in seen, f"{key!r} in both {seen.get(key)} and {path.name}"
            seen[key] = path.name


def test_every_entry_renders_in_both_languages():
    for key, entry in entries().items():
        params = {name.split(".")[0].split("[")[0]: "X" for name in placeholders(entry["en"])}
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
