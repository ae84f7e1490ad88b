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
        params.update({name: 2 for name in entry.plural})
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
    # Vietnamese does not inflect: one text, or "other" plus exact forms, whatever CLDR lists for it
    ("a:\n  plural: n\n  en: {one: '{n} day', other: '{n} days'}\n  vi: {one: '{n} ngày', other: '{n} ngày'}\n",
     "vi plural forms must be exactly \\['other'\\]"),
    ("a:\n  plural: n\n  en: {one: '{n} day', other: '{n} days'}\n  vi: {'=0': 'hôm nay'}\n",
     "vi plural forms must be exactly"),
    # two counted parameters: English nests one level per parameter
    ("a:\n  plural: [n, m]\n  en: {one: '{n} day {m}', other: '{n} days {m}'}\n  vi: '{n} ngày {m}'\n",
     "en needs plural forms .* for {m}"),
    ("a:\n  plural: [n, m]\n  en: {one: {one: '{n} a {m}', other: '{n} a {m}s'}, other: '{n} b {m}'}\n"
     "  vi: '{n} ngày {m}'\n", "for {m}"),
    ("a:\n  plural: [n, m]\n  en: {one: '{n} day', other: '{n} days'}\n  vi: '{n} ngày'\n", "needs plural forms"),
    ("a:\n  plural: [n, n]\n  en: {one: '{n} day', other: '{n} days'}\n  vi: '{n} ngày'\n", "distinct"),
    ("a:\n  plural: []\n  en: {one: '{n} day', other: '{n} days'}\n  vi: '{n} ngày'\n", "must name"),
    ("a:\n  plural: [n, m]\n  en: {one: {one: '{n}', other: '{n}'}, other: {one: '{n}', other: '{n}'}}\n"
     "  vi: '{n}'\n", "{m} is not used"),
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


def _use_catalog(tmp_path, monkeypatch, text: str) -> None:
    """Point the catalogue at one file holding ``text`` (undone by the caller)."""
    (tmp_path / "a.yml").write_text(text, encoding="utf-8")
    monkeypatch.setattr(catalog, "CATALOG_DIR", tmp_path)
    catalog.entries.cache_clear()


def _plural_catalog(tmp_path, monkeypatch) -> None:
    _use_catalog(tmp_path, monkeypatch,
                 "days:\n"
                 "  plural: n\n"
                 "  en: {'=0': 'today', one: '{n} day ago', other: '{n} days ago'}\n"
                 "  vi: '{n} ngày trước'\n")


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


def _two_counts_catalog(tmp_path, monkeypatch) -> None:
    _use_catalog(tmp_path, monkeypatch,
                 "locked:\n"
                 "  plural: [attempts, minutes]\n"
                 "  en:\n"
                 "    one: {one: '{attempts} try, {minutes} minute', other: '{attempts} try, {minutes} minutes'}\n"
                 "    other: {'=0': '{attempts} tries, no wait', one: '{attempts} tries, {minutes} minute',\n"
                 "            other: '{attempts} tries, {minutes} minutes'}\n"
                 "  vi: '{attempts} lần thử, {minutes} phút'\n")


@pytest.mark.parametrize(("attempts", "minutes", "en"), [
    (1, 1, "1 try, 1 minute"),
    (1, 2, "1 try, 2 minutes"),
    (2, 1, "2 tries, 1 minute"),
    (0, 0, "0 tries, no wait"),  # an exact form for the inner count
    (0, 1, "0 tries, 1 minute"),
    (3, 15, "3 tries, 15 minutes"),
])
def test_each_counted_parameter_chooses_its_own_form(tmp_path, monkeypatch, attempts, minutes, en):
    _two_counts_catalog(tmp_path, monkeypatch)
    try:
        assert catalog.entries()["locked"].plural == ("attempts", "minutes")
        assert catalog.t("locked", "en", attempts=attempts, minutes=minutes) == en
        assert catalog.t("locked", "vi", attempts=attempts, minutes=minutes) == f"{attempts} lần thử, {minutes} phút"
        with pytest.raises(KeyError, match="'minutes'"):
            catalog.t("locked", "en", attempts=attempts)
        with pytest.raises(TypeError):
            catalog.t("locked", "vi", attempts=attempts, minutes="15")  # a count is a number in every language
    finally:
        monkeypatch.undo()
        catalog.entries.cache_clear()


def test_a_form_may_be_exact_for_one_count_and_general_for_the_other(tmp_path, monkeypatch):
    _use_catalog(
        tmp_path, monkeypatch,
        "a:\n  plural: [n, m]\n"
        "  en: {'=0': {one: 'none, {m} minute {n}', other: 'none, {m} minutes {n}'},\n"
        "       one: {one: '{n} try, {m} minute', other: '{n} try, {m} minutes'},\n"
        "       other: {'=5': '{n} tries, five', one: '{n} tries, {m} minute', other: '{n} tries, {m} minutes'}}\n"
        "  vi: {'=0': 'chưa lần nào {n}, {m} phút', other: '{n} lần, {m} phút'}\n")
    try:
        assert catalog.t("a", "en", n=0, m=1) == "none, 1 minute 0"
        assert catalog.t("a", "en", n=2, m=5) == "2 tries, five"
        assert catalog.t("a", "vi", n=0, m=1) == "chưa lần nào 0, 1 phút"
        assert catalog.t("a", "vi", n=1, m=1) == "1 lần, 1 phút"
        assert catalog.forms(catalog.entries()["a"]["en"])["other/=5"] == "{n} tries, five"
    finally:
        monkeypatch.undo()
        catalog.entries.cache_clear()


def test_plural_categories_come_from_babel():
    from babel import Locale

    for lang in LANGUAGES:
        expected = set(Locale.parse(catalog.LOCALES[lang]).plural_form.tags) | {"other"}
        assert catalog.plural_categories(lang) == expected
    assert [catalog.plural_category(n, "en") for n in (0, 1, 2)] == ["other", "one", "other"]


# --- the CLDR data the catalogue is written against -------------------------------

REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements.txt"


def test_babel_is_pinned_to_the_installed_version():
    """Plural categories, number grouping and date patterns all come from Babel's
    CLDR data, so Babel is pinned in requirements.txt (it would otherwise only
    arrive through aiogram's ``Babel>=2.8.0``), and the pin is what is installed."""
    from importlib.metadata import version

    pins = {name.lower(): pinned for name, pinned in
            re.findall(r"^([A-Za-z0-9_.-]+)(?:\[[^\]]*\])?==(\S+)", REQUIREMENTS.read_text(), re.M)}
    assert pins.get("babel") == version("babel")


def test_the_pinned_cldr_rules_the_catalogue_relies_on():
    """Babel 2.19.0 ships CLDR 49. English has one/other with 1 alone in "one";
    Vietnamese lists a "one" category here (older CLDR gives it only "other"),
    which the catalogue never uses: Vietnamese words do not change with the number."""
    from babel.core import get_cldr_version

    assert get_cldr_version() == "49"
    assert catalog.plural_categories("en") == {"one", "other"}
    assert [catalog.plural_category(n, "en") for n in (0, 1, 2, 21, 1.5)] == ["other", "one", "other", "other", "other"]
    assert catalog.plural_categories("vi") <= {"one", "other"}
    for key, entry in entries().items():
        for path in forms(entry["vi"]):  # "", "other", "=0", "other/=5", ...: never a CLDR category but "other"
            assert path == "" or all(p == "other" or p.startswith("=") for p in path.split("/")), (key, path)


@pytest.mark.parametrize("vietnamese_rule", [{}, {"one": "n is 1"}, {"one": "i = 0 or n = 1"},
                                             {"one": "n = 1", "few": "n = 2..4"}],
                         ids=["other-only", "one-is-1", "cldr-49", "made-up"])
def test_the_catalogue_does_not_depend_on_the_vietnamese_cldr_categories(monkeypatch, vietnamese_rule):
    """Load and render the real catalogue as if CLDR gave Vietnamese other plural
    categories (only "other", as older releases do, or more): nothing breaks and
    every Vietnamese plural text is unchanged."""
    from babel.plural import PluralRule

    rule = PluralRule(vietnamese_rule)
    samples = {key: entry for key, entry in entries().items() if entry.plural}
    assert samples

    def params(entry, n):
        values = {name: "X" for name in entry_placeholders(entry, "en")}
        values.update({name: n for name in entry.plural})
        return values

    before = {(key, n): t(key, "vi", **params(entry, n)) for key, entry in samples.items() for n in (0, 1, 2, 5)}
    real_categories, real_category = catalog.plural_categories, catalog.plural_category
    monkeypatch.setattr(catalog, "plural_categories",
                        lambda lang: set(rule.tags) | {"other"} if catalog.normalise_lang(lang) == "vi"
                        else real_categories(lang))
    monkeypatch.setattr(catalog, "plural_category",
                        lambda number, lang: rule(number) if catalog.normalise_lang(lang) == "vi"
                        else real_category(number, lang))
    catalog.entries.cache_clear()
    try:
        after = {(key, n): t(key, "vi", **params(entries()[key], n)) for key, n in before}
        assert after == before
    finally:
        monkeypatch.undo()
        catalog.entries.cache_clear()
