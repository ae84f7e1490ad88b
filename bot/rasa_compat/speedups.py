"""Two hot spots of Rasa 3.6's message handling, computed once instead of per call.

**Action-response validation.** Rasa 3.6's ``RemoteAction._validate_action_result`` calls ``jsonschema.validate``
for every custom-action response. With jsonschema 4.17 that re-validates the
response *schema* against the JSON-Schema metaschema on every call: under the
bench load it was ~40 % of the Rasa server's CPU (py-spy, docs/bench.md), the
main reason the project was slower than stock Rasa (which runs no custom
actions). Same schema, same error selection (``best_match``), same message -
only the repeated metaschema check is gone.

**Event types.** ``Event.resolve_by_type`` walks every subclass of ``Event``
(``all_subclasses``, recursive, with an ``inspect.isabstract`` check per class)
for *each* event it deserialises. Reading a tracker from the SQL store and
receiving one from the action server deserialise every event of the
conversation, so this walk was ~9 % of the Rasa server's CPU under the bench
load (py-spy, docs/bench.md run 8). The lookup below keeps a ``type_name ->
class`` table built from the same walk in the same order (the first class
wins, as in Rasa) and rebuilds it when a name is missing, so an event class
imported later is still found; unknown names behave exactly as before.

**Rule matching.** ``RulePolicy._is_rule_applicable`` runs for every (rule,
turn) pair of every prediction and reversed the rule's state list each time
(``list(reversed(...))``); the reversed tuple is now cached per rule key, the
logic is Rasa's line for line.
"""
from __future__ import annotations

import functools
from typing import Any, Dict

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.policies.rule_policy import RulePolicy
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.constants import PREVIOUS_ACTION
from rasa.shared.core.events import Event
from rasa.shared.utils.common import all_subclasses

_ORIGINAL_RESOLVE_BY_TYPE = Event.resolve_by_type


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


class _EventTypes:
    """``type_name -> Event subclass``, as Rasa's walk would find it first."""

    def __init__(self) -> None:
        self.table: Dict[str, Any] = {}

    def rebuild(self) -> None:
        table: Dict[str, Any] = {}
        for cls in all_subclasses(Event):
            table.setdefault(cls.type_name, cls)
        self.table = table

    def find(self, type_name: str) -> Any:
        cls = self.table.get(type_name)
        if cls is None:
            self.rebuild()
            cls = self.table.get(type_name)
        return cls


_EVENT_TYPES = _EventTypes()


def resolve_event_type(type_name: str, default: Any = None) -> Any:
    """Drop-in for ``Event.resolve_by_type``: same result, same errors, no walk per event."""
    cls = _EVENT_TYPES.find(type_name)
    if cls is not None:
        return cls
    return _ORIGINAL_RESOLVE_BY_TYPE(type_name, default)


@functools.lru_cache(maxsize=4096)
def _reversed_rule_states(rule_key: str) -> tuple:
    return tuple(reversed(RulePolicy._rule_key_to_state(rule_key)))


def is_rule_applicable(self: RulePolicy, rule_key: str, turn_index: int,
                       conversation_state: Dict[str, Any]) -> bool:
    """Rasa 3.6's ``RulePolicy._is_rule_applicable`` with the reversed states cached."""
    reversed_rule_states = _reversed_rule_states(rule_key)
    if turn_index >= len(reversed_rule_states):
        return True
    current_previous_action = conversation_state.get(PREVIOUS_ACTION)
    rule_previous_action = reversed_rule_states[turn_index].get(PREVIOUS_ACTION)
    if not rule_previous_action and not current_previous_action:
        return True
    if not rule_previous_action or not current_previous_action:
        return False
    return self._does_rule_match_state(reversed_rule_states[turn_index], conversation_state)


_ORIGINAL_IS_RULE_APPLICABLE = RulePolicy._is_rule_applicable


def install() -> None:
    """Idempotent; called when the Rasa server imports the project's REST channel."""
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    Event.resolve_by_type = staticmethod(resolve_event_type)  # type: ignore[method-assign]
    RulePolicy._is_rule_applicable = is_rule_applicable  # type: ignore[method-assign]


__all__ = ["install", "is_rule_applicable", "resolve_event_type", "validate_action_result", "ValidationError"]
