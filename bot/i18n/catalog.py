"""Load the bilingual message catalogue and render entries."""
from __future__ import annotations

import functools
from pathlib import Path
from string import Formatter
from typing import Any, Dict, Mapping, Set

import yaml

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
CATALOG_DIR = Path(__file__).with_name("catalog")


class CatalogError(ValueError):
    """The catalogue is malformed (missing language, duplicate key, bad placeholder)."""


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


def load_file(path: Path) -> Dict[str, Dict[str, str]]:
    """Read and validate one catalogue file; raise CatalogError naming the file."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_StrictLoader) or {}  # noqa: S506 - SafeLoader subclass
    except (yaml.YAMLError, CatalogError) as exc:
        raise CatalogError(f"{path.name}: {exc}") from exc
    if not isinstance(data, dict):
        raise CatalogError(f"{path.name}: top level must be a mapping of keys to entries")
    loaded: Dict[str, Dict[str, str]] = {}
    for key, entry in data.items():
        if not isinstance(entry, dict) or set(entry) != set(LANGUAGES):
            raise CatalogError(f"{path.name}: {key!r} must have exactly {LANGUAGES}")
        if not all(isinstance(entry[lang], str) and entry[lang].strip() for lang in LANGUAGES):
            raise CatalogError(f"{path.name}: {key!r} needs non-empty text in every language")
        try:
            fields = [placeholders(entry[lang]) for lang in LANGUAGES]
        except CatalogError as exc:
            raise CatalogError(f"{path.name}: {key!r}: {exc}") from exc
        if fields[0] != fields[1]:
            raise CatalogError(f"{path.name}: {key!r} placeholders differ between languages")
        loaded[str(key)] = {lang: entry[lang].rstrip("\n") for lang in LANGUAGES}
    return loaded


@functools.lru_cache(maxsize=1)
def entries() -> Dict[str, Mapping[str, str]]:
    """All entries from every ``catalog/*.yml`` file, validated once per process."""
    merged: Dict[str, Mapping[str, str]] = {}
    for path in sorted(CATALOG_DIR.glob("*.yml")):
        for key, entry in load_file(path).items():
            if key in merged:
                raise CatalogError(f"{path.name}: duplicate key {key!r}")
            merged[key] = entry
    return merged


def has_key(key: str) -> bool:
    return key in entries()


def t(key: str, lang: str | None, **params: Any) -> str:
    """Render ``key`` in ``lang`` with ``params`` substituted.

    The template is always formatted, even without parameters, so doubled
    braces render the same way in every entry and a forgotten parameter fails
    loudly instead of showing "{name}" to a customer.
    """
    template = entries()[key][normalise_lang(lang)]
    try:
        return template.format(**params)
    except KeyError as exc:
        raise KeyError(f"message {key!r} needs parameter {exc.args[0]!r}") from exc
