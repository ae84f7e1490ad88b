"""Load the bilingual message catalogue and render entries."""
from __future__ import annotations

import functools
from pathlib import Path
from string import Formatter
from typing import Any, Dict, Mapping, Optional

import yaml

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
CATALOG_DIR = Path(__file__).with_name("catalog")


class CatalogError(ValueError):
    """The catalogue is malformed (missing language, duplicate key, bad placeholder)."""


def normalise_lang(lang: Optional[str], fallback: str = DEFAULT_LANGUAGE) -> str:
    """Map any value (None, "EN", "vi-VN", junk) onto a supported language."""
    if isinstance(lang, str):
        code = lang.strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return fallback


@functools.lru_cache(maxsize=1)
def entries() -> Dict[str, Mapping[str, str]]:
    """All entries from every ``catalog/*.yml`` file, validated once per process."""
    merged: Dict[str, Mapping[str, str]] = {}
    for path in sorted(CATALOG_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, entry in data.items():
            if key in merged:
                raise CatalogError(f"{path.name}: duplicate key {key!r}")
            if not isinstance(entry, dict) or set(entry) != set(LANGUAGES):
                raise CatalogError(f"{path.name}: {key!r} must have exactly {LANGUAGES}")
            fields = [{f for _, f, _, _ in Formatter().parse(entry[lang]) if f} for lang in LANGUAGES]
            if fields[0] != fields[1]:
                raise CatalogError(f"{path.name}: {key!r} placeholders differ between languages")
            merged[key] = {lang: str(entry[lang]).rstrip("\n") for lang in LANGUAGES}
    return merged


def has_key(key: str) -> bool:
    return key in entries()


def t(key: str, lang: Optional[str], **params: Any) -> str:
    """Render ``key`` in ``lang`` with ``params`` substituted."""
    template = entries()[key][normalise_lang(lang)]
    return template.format(**params) if params else template
