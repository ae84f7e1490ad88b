"""The cached action-response validator accepts and rejects exactly what Rasa's own does."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import ValidationError, validate
from rasa.core.actions.action import RemoteAction

from bot.rasa_compat import speedups as rasa_speedups

VALID = [{"events": [], "responses": []},
         {"events": [{"event": "slot", "name": "order_id", "value": "ORD-1"}], "responses": [{"text": "hi"}]},
         {}]
INVALID = [{"events": "nope"}, {"responses": [1, 2]}, {"events": [{"no_event_key": 1}]}, []]


@pytest.mark.parametrize("result", VALID)
def test_accepts_valid_responses(result):
    assert rasa_speedups.validate_action_result(None, result) is True


@pytest.mark.parametrize("result", INVALID)
def test_rejects_what_rasa_rejects_with_the_same_message(result):
    with pytest.raises(ValidationError) as ours:
        rasa_speedups.validate_action_result(None, result)
    with pytest.raises(ValidationError) as theirs:
        validate(result, RemoteAction.action_response_format_spec())
    assert ours.value.message.startswith(theirs.value.message)
    assert "custom-actions" in ours.value.message


def test_installed_by_the_rest_channel():
    import bot.channels  # noqa: F401 - importing the channel installs the speed-up

    assert RemoteAction._validate_action_result is rasa_speedups.validate_action_result
    from rasa.core.policies.rule_policy import RulePolicy

    assert RulePolicy._is_rule_applicable is rasa_speedups.is_rule_applicable


# --- event type lookup -----------------------------------------------------------

def _every_type_name():
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    return sorted({cls.type_name for cls in all_subclasses(Event)})


@pytest.mark.parametrize("type_name", _every_type_name())
def test_event_lookup_finds_the_class_rasa_finds(type_name):
    original = rasa_speedups._ORIGINAL_RESOLVE_BY_TYPE
    assert rasa_speedups.resolve_event_type(type_name) is original(type_name)


def test_unknown_event_names_behave_as_in_rasa():
    from rasa.shared.core.events import UserUttered

    assert rasa_speedups.resolve_event_type("topic") is None
    assert rasa_speedups.resolve_event_type("no_such_event", UserUttered) is UserUttered
    with pytest.raises(ValueError, match="Unknown event name 'no_such_event'"):
        rasa_speedups.resolve_event_type("no_such_event")


def test_event_class_defined_after_the_first_lookup_is_found():
    from rasa.shared.core.events import ActionExecuted

    rasa_speedups.resolve_event_type("action")  # builds the table

    class LateEvent(ActionExecuted):
        type_name = "late_event_for_test"

    assert rasa_speedups.resolve_event_type("late_event_for_test") is LateEvent


def test_events_round_trip_after_install():
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered, deserialise_events

    import bot.channels  # noqa: F401 - installs the speed-ups

    events = [UserUttered("hủy đơn", {"name": "cancel_order", "confidence": 0.9}),
              ActionExecuted("cancel_order_form"), SlotSet("order_id", "ORD-1001")]
    assert deserialise_events([e.as_dict() for e in events]) == events
    assert Event.resolve_by_type("slot") is SlotSet


# --- rule matching ----------------------------------------------------------------

_STATE_PARTS = {
    "prev_action": st.sampled_from([{}, {"action_name": "action_listen"}, {"action_name": "cancel_order_form"}]),
    "user": st.sampled_from([{}, {"intent": "greet"}, {"intent": "affirm"}]),
    "active_loop": st.sampled_from([{}, {"name": "cancel_order_form"}, {"name": "should_not_be_set"}]),
}
_state = st.fixed_dictionaries({}, optional=_STATE_PARTS)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(rule=st.lists(_state, min_size=1, max_size=4), turn=st.integers(0, 5), state=_state)
def test_rule_matching_agrees_with_rasa(rule, turn, state):
    import json

    from rasa.core.policies.rule_policy import RulePolicy

    policy = RulePolicy.__new__(RulePolicy)  # the check reads no instance state
    key = json.dumps(rule, sort_keys=True)
    original = rasa_speedups._ORIGINAL_IS_RULE_APPLICABLE
    assert rasa_speedups.is_rule_applicable(policy, key, turn, state) == original(policy, key, turn, state)
