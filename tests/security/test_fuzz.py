"""Random Unicode through the REST channel: never a 5xx, never a traceback in a reply."""
from __future__ import annotations

import itertools

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.slow, pytest.mark.e2e]

SENDERS = itertools.cycle([f"fuzz-{i}" for i in range(8)])
MESSAGES = st.one_of(
    st.text(max_size=200),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=1200),
    st.builds(lambda intent, junk: f"/{intent}{junk}",
              st.sampled_from(["inform", "cancel_order", "request_partner_refund", "affirm", "restart", "nlu_fallback"]),
              st.text(max_size=80)),
)
LANGS = st.sampled_from([None, "vi", "en", "fr", ""])


@settings(max_examples=200, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(message=MESSAGES, lang=LANGS)
def test_random_unicode_never_breaks_the_rest_channel(live_stack, message, lang):
    metadata = {"language": lang} if lang is not None else {}
    resp = requests.post(live_stack.webhook, json={"sender": next(SENDERS), "message": message, "metadata": metadata},
                         timeout=120)
    assert resp.status_code < 500, (message, resp.status_code, resp.text[:300])
    assert "Traceback" not in resp.text
    if resp.status_code == 200:
        assert isinstance(resp.json(), list)
