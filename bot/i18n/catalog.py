"""Load the bilingual message catalogue and render entries.

An entry holds both languages side by side. An entry that counts something
names the counting parameter under ``plural`` and gives, per language, either
one text (the wording does not change with the number, as in Vietnamese) or a
mapping of CLDR plural categories to texts (``one``/``other`` for English),
optionally with exact-number forms such as ``"=0"``. The category of a number is
taken from CLDR through Babel, never decided by hand::

    balance.overdue_intro:
      plural: count
      en: {one: "You have {count} overdue charge:", other: "You have {count} overdue charges:"}
      vi: "Bạn có {count} khoản phí quá hạn:"

A sentence that counts two things names both, ``plural: [attempts, minutes]``,
and an English mapping then nests: the outer level is chosen by the first
parameter, each inner one by the next (the ICU way: whole sentences, no pasted
fragments)::

    verify.locked:
      plural: [attempts, minutes]
      en:
        one: {one: "... {attempts} attempt ... {minutes} minute ...", other: "..."}
        other: {one: "... {attempts} attempts ... {minutes} minute ...", other: "..."}
      vi: "... {attempts} lần thử ... {minutes} phút ..."

A language whose words do not change with the number (``INFLECTS``) gives one
text, or at most ``other`` plus exact forms (``{"=0": "Mua hôm nay", other:
"Mua cách đây {n} ngày"}``); its CLDR categories are never needed, so the
catalogue does not depend on which ones a CLDR release lists for it (older
releases give Vietnamese only ``other``; the CLDR 49 data of the pinned Babel
2.19.0 also lists ``one``, for 0 and 1).
An inflecting language (English) gives exactly its CLDR categories.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal
from pathlib import Path
from string import Formatter
from typing import Any, Dict, Mapping, Sequence, Set, Tuple, Union

import yaml
from babel import Locale
from babel.numbers import format_decimal

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
CATALOG_DIR = Path(__file__).with_name("catalog")
# The Babel locale each language is written in (Microsoft writes US English).
LOCALES = {"vi": "vi_VN", "en": "en_US"}
# Languages whose words change with the number. Vietnamese nouns do not ("1 ngày",
# "2 ngày"), so a Vietnamese plural entry is one text (or ``other`` plus exact
# forms such as "=0"); an English one gives every CLDR category.
INFLECTS = {"vi": False, "en": True}
# The one category a non-inflecting language may name: CLDR always has it.
OTHER = "other"
PLURAL_KEY = "plural"
EXACT_FORM = re.compile(r"^=(0|[1-9][0-9]*)$")

# One text, or plural forms by category (nested, one level per counted parameter).
Text = Union[str, Mapping[str, Any]]


class CatalogError(ValueError):
    """The catalogue is malformed (missing language, duplicate key, bad placeholder)."""


class Entry(dict):
    """One catalogue entry: ``{lang: text or plural forms}``, plus the names of the
    parameters that choose the plural form, outermost first (``()`` for ordinary
    entries)."""

    def __init__(self, texts: Mapping[str, Text], plural: Sequence[str] = ()):
        super().__init__(texts)
        self.plural: Tuple[str, ...] = tuple(plural)


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that rejects a key repeated in one mapping: plain YAML keeps the
    last one silently, which would let a later edit hide an earlier message."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: Set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise CatalogError(f"duplicate key {key!r} at line {key_node.start_mark.line + 1}")
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def normalise_lang(lang: str | None, fallback: str = DEFAULT_LANGUAGE) -> str:
    """Map any value (None, "EN", "vi-VN", junk) onto a supported language."""
    if isinstance(lang, str):
        code = lang.strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return fallback


@functools.cache
def locale(lang: str | None) -> Locale:
    """The Babel locale of a (normalised) language."""
    return Locale.parse(LOCALES[normalise_lang(lang)])


def plural_categories(lang: str | None) -> Set[str]:
    """CLDR cardinal plural categories of the language, always including ``other``."""
    return set(locale(lang).plural_form.tags) | {OTHER}


def plural_category(number: Any, lang: str | None) -> str:
    """CLDR cardinal plural category of ``number`` in ``lang`` ("one", "other", ...)."""
    return locale(lang).plural_form(_as_number(number))


def _as_number(value: Any) -> Union[int, Decimal]:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal, float)):
        raise TypeError(f"a plural count must be a number, not {value!r}")
    return value if isinstance(value, int) else Decimal(str(value))


def placeholders(template: str) -> Set[str]:
    """Named fields of a ``str.format`` template; positional or malformed ones are
    errors because ``t()`` only passes keyword parameters."""
    try:
        fields = {name for _, name, _, _ in Formatter().parse(template) if name is not None}
    except ValueError as exc:  # a lone "{" or "}": literal braces must be doubled
        raise CatalogError(f"bad braces in {template!r}: {exc}") from exc
    if any(not name or name[0].isdigit() for name in fields):
        raise CatalogError(f"positional placeholder in {template!r}; use named ones")
    return fields


def forms(text: Text, _path: str = "") -> Dict[str, str]:
    """The texts of one language of an entry: ``{"": text}`` for a single text,
    else the plural forms by category (``"one/other"`` for nested forms)."""
    if isinstance(text, str):
        return {_path: text}
    found: Dict[str, str] = {}
    for category, inner in text.items():
        found.update(forms(inner, f"{_path}/{category}" if _path else str(category)))
    return found


def entry_placeholders(entry: Mapping[str, Text], lang: str) -> Set[str]:
    """Every placeholder any form of ``entry`` uses in ``lang``."""
    fields: Set[str] = set()
    for template in forms(entry[lang]).values():
        fields |= placeholders(template)
    return fields


def _check_text(key: str, lang: str, text: Any, plural: Tuple[str, ...]) -> Text:
    """One language of an entry; ``plural`` lists the counted parameters not yet
    chosen by an outer level of forms."""
    if isinstance(text, str):
        if not text.strip():
            raise CatalogError(f"{key!r} needs non-empty text in every language")
        if plural and INFLECTS[lang]:
            raise CatalogError(f"{key!r}: {lang} needs plural forms {sorted(plural_categories(lang))} "
                               f"for {{{plural[0]}}}")
        return text.rstrip("\n")
    if not isinstance(text, dict) or not plural:
        raise CatalogError(f"{key!r} needs non-empty text in every language")
    # A language whose words do not change with the number may only name "other"
    # (plus exact forms): its CLDR categories differ between releases and are unused.
    needed = plural_categories(lang) if INFLECTS[lang] else {OTHER}
    given = {str(k) for k in text}
    exact = {k for k in given if EXACT_FORM.match(k)}
    if given - exact != needed:
        raise CatalogError(f"{key!r}: {lang} plural forms must be exactly {sorted(needed)} (plus optional "
                           f"exact forms like '=0') for {{{plural[0]}}}, not {sorted(given)}")
    return {str(k): _check_text(key, lang, v, plural[1:]) for k, v in text.items()}


def _counted(key: str, entry: Mapping[str, Any]) -> Tuple[str, ...]:
    """The counted parameters an entry names under ``plural`` (one name or a list)."""
    if PLURAL_KEY not in entry:
        return ()
    value = entry[PLURAL_KEY]
    names = [value] if isinstance(value, str) else value
    if not (isinstance(names, list) and names and len(set(map(str, names))) == len(names)
            and all(isinstance(n, str) and n.isidentifier() for n in names)):
        raise CatalogError(f"{key!r}: {PLURAL_KEY} must name the parameter that counts "
                           f"(or a list of distinct ones)")
    return tuple(names)


def _check_entry(key: str, entry: Any) -> Entry:
    if not isinstance(entry, dict) or set(entry) - {PLURAL_KEY} != set(LANGUAGES):
        raise CatalogError(f"{key!r} must have exactly {LANGUAGES}")
    plural = _counted(key, entry)
    texts = Entry({lang: _check_text(key, lang, entry[lang], plural) for lang in LANGUAGES}, plural)
    fields = [entry_placeholders(texts, lang) for lang in LANGUAGES]
    if fields[0] != fields[1]:
        raise CatalogError(f"{key!r} placeholders differ between languages")
    for name in plural:
        if name not in fields[0]:
            raise CatalogError(f"{key!r}: the plural parameter {{{name}}} is not used")
    return texts


def load_file(path: Path) -> Dict[str, Entry]:
    """Read and validate one catalogue file; raise CatalogError naming the file."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader) or {}  # noqa: S506 - SafeLoader subclass
    except (yaml.YAMLError, CatalogError) as exc:
        raise CatalogError(f"{path.name}: {exc}") from exc
    if not isinstance(data, dict):
        raise CatalogError(f"{path.name}: top level must be a mapping of keys to entries")
    loaded: Dict[str, Entry] = {}
    for key, entry in data.items():
        try:
            loaded[str(key)] = _check_entry(str(key), entry)
        except CatalogError as exc:
            raise CatalogError(f"{path.name}: {exc}") from exc
    return loaded


@functools.lru_cache(maxsize=1)
def entries() -> Dict[str, Entry]:
    """All entries from every ``catalog/*.yml`` file, validated once per process."""
    merged: Dict[str, Entry] = {}
    for path in sorted(CATALOG_DIR.glob("*.yml")):
        for key, entry in load_file(path).items():
            if key in merged:
                raise CatalogError(f"{path.name}: duplicate key {key!r}")
            merged[key] = entry
    return merged


def has_key(key: str) -> bool:
    return key in entries()


def choose_form(text: Text, numbers: Sequence[Any], lang: str | None) -> str:
    """The form of ``text`` for the counted ``numbers`` (outermost first): at each
    level an exact form ("=0") first, then the number's CLDR plural category, and
    ``other`` where a language that does not inflect names no such category."""
    values = [_as_number(n) for n in numbers]  # every count must be a number, in every language
    for value in values:
        if isinstance(text, str):
            break
        exact = f"={int(value)}" if value == int(value) else ""  # "" names no form
        text = text[exact] if exact in text else text.get(plural_category(value, lang), text[OTHER])
    if not isinstance(text, str):
        raise CatalogError("the plural forms nest deeper than the counted parameters")
    return text


def t(key: str, lang: str | None, **params: Any) -> str:
    """Render ``key`` in ``lang`` with ``params`` substituted.

    The template is always formatted, even without parameters, so doubled
    braces render the same way in every entry and a forgotten parameter fails
    loudly instead of showing "{name}" to a customer. For a plural entry the
    form is chosen by the counting parameter(s). Integer parameters are written
    with the language's digit grouping ("1,000" / "1.000").
    """
    lang = normalise_lang(lang)
    entry = entries()[key]
    template = entry[lang]
    if entry.plural:
        for name in entry.plural:
            if name not in params:
                raise KeyError(f"message {key!r} needs parameter {name!r}")
        template = choose_form(template, [params[name] for name in entry.plural], lang)
    params = {name: format_decimal(value, locale=locale(lang))
              if isinstance(value, int) and not isinstance(value, bool) else value
              for name, value in params.items()}
    try:
        return template.format(**params)
    except KeyError as exc:
        raise KeyError(f"message {key!r} needs parameter {exc.args[0]!r}") from exc
