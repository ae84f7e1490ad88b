"""The cached action-response validator accepts and rejects exactly what Rasa's own does."""
from __future__ import annotations

import pytest
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
