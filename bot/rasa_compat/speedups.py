"""Make Rasa validate action-server responses with a validator built once.

Rasa 3.6's ``RemoteAction._validate_action_result`` calls ``jsonschema.validate``
for every custom-action response. With jsonschema 4.17 that re-validates the
response *schema* against the JSON-Schema metaschema on every call: under the
bench load it was ~40 % of the Rasa server's CPU (py-spy, docs/bench.md), the
main reason the project was slower than stock Rasa (which runs no custom
actions). Same schema, same error selection (``best_match``), same message -
only the repeated metaschema check is gone.
"""
from __future__ import annotations

import functools
from typing import Any, Dict

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


@functools.lru_cache(maxsize=1)
def response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, not per message
    return cls(schema)


def validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
    error = best_match(response_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the "
        f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    """Idempotent; called when the Rasa server imports the project's REST channel."""
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


__all__ = ["install", "validate_action_result", "ValidationError"]
