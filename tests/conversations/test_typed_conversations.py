"""Conversations as people type them (issue 11): free text only, both languages, checked on the
replies and on the database. One test per conversation in tests/conversations/*.yml; the format is
described in runner.py. A failure prints the whole transcript."""
from __future__ import annotations

from collections import Counter

import pytest

from tests.conversations.runner import StackAdapter, load_conversations, run_conversation

CONVERSATIONS = load_conversations()


def test_the_suite_is_big_and_vietnamese_enough():
    groups = Counter(c.group for c in CONVERSATIONS)
    vietnamese = groups["vi"] + groups["vi_nodiacritics"]
    assert len(CONVERSATIONS) >= 80, groups
    assert vietnamese * 2 >= len(CONVERSATIONS), groups
    assert groups["vi_nodiacritics"] * 4 >= vietnamese, groups
    for conv in CONVERSATIONS:
        for turn in conv.turns:
            assert not turn.user.lstrip().startswith("/"), (conv.id, turn.user)


@pytest.fixture(scope="module")
def adapter(live_stack):
    return StackAdapter(live_stack)


def _param(conv):
    """A conversation the bot cannot hold yet is a strict xfail: it fails the suite once it passes."""
    marks = [pytest.mark.xfail(reason=conv.known_gap, strict=True)] if conv.known_gap else []
    return pytest.param(conv, id=conv.id, marks=marks)


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.parametrize("conv", [_param(c) for c in CONVERSATIONS])
def test_typed_conversation(conv, adapter, conversation_results):
    if conv.fresh:
        adapter.reload_demo()
    result = run_conversation(adapter, conv)
    conversation_results.append(result)
    assert result.passed, "\n" + result.transcript()
