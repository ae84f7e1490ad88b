"""A list of strings learned at training time, kept in a component's model storage.

``RuleEntityExtractor`` (product names) and ``JunkFilter`` (the vocabulary) learn
nothing but such a list; this is the one place that writes and reads it.
"""
from __future__ import annotations

import json
from typing import Iterable, List

from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage


def write_list(model_storage: ModelStorage, resource: Resource, filename: str,
               values: Iterable[str]) -> None:
    """Persist ``values`` (sorted, UTF-8 JSON) under ``resource``."""
    with model_storage.write_to(resource) as path:
        (path / filename).write_text(json.dumps(sorted(values), ensure_ascii=False), encoding="utf-8")


def read_list(model_storage: ModelStorage, resource: Resource, filename: str) -> List[str]:
    """The persisted list, or ``[]`` when the model holds none (an untrained component)."""
    try:
        with model_storage.read_from(resource) as path:
            return [str(v) for v in json.loads((path / filename).read_text(encoding="utf-8"))]
    except (ValueError, FileNotFoundError):
        return []
