"""Unit tests of the custom NLU components, without a trained model."""
from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.folding import FoldingWhitespaceTokenizer
from bot.nlu.language import LanguageDetector, choose_language, requested_language
from bot.nlu.patterns import PatternEntityExtractor, canonical_order_id, extract_patterns


@pytest.mark.parametrize(
    "text,expected",
    [
        ("ORD-1001", [("order_id", "ORD-1001")]),
        ("check ord-1002 please", [("order_id", "ORD-1002")]),
        ("đơn ord1003 của em", [("order_id", "ORD-1003")]),
        ("đơn 1004 đâu rồi", [("order_id", "ORD-1004")]),
        ("don hang 1005", [("order_id", "ORD-1005")]),
        ("order #1006", [("order_id", "ORD-1006")]),
        ("đơn 2 món", []),  # a small count is not an id
        ("tôi mua 1001 cái", []),  # a number without an order word is not an id
        ("email A.Nguyen@Example.COM.", [("email", "a.nguyen@example.com")]),
        ("item itm-2 in ORD-1001", [("item_id", "ITM-2"), ("order_id", "ORD-1001")]),
        ("PPB-3001", [("purchase_id", "PPB-3001")]),
        ("đơn ORD-1001, email a@b.com",
         [("order_id", "ORD-1001"), ("email", "a@b.com")]),
        ("Microsoft 365 tháng 3", []),
        # round 11: the words people put between "order" and the number
        ("order number is 1001", [("order_id", "ORD-1001")]),
        ("my order no. 1001", [("order_id", "ORD-1001")]),
        ("order id: 12345", [("order_id", "ORD-12345")]),
        ("mã đơn hàng là 1002", [("order_id", "ORD-1002")]),
        ("đơn hàng số: 1001", [("order_id", "ORD-1001")]),
        ("don hang cua minh la 1001 nha", [("order_id", "ORD-1001")]),
        ("I ordered 3 things for 1001 reasons", []),
    ],
)
def test_extract_patterns(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.entity, m.value) for m in extract_patterns(text)] == expected


def test_spans_point_at_the_text() -> None:
    text = "mã đơn ORD-1001 nhé"
    (m,) = extract_patterns(text)
    assert text[m.start:m.end] == "ORD-1001"


@pytest.mark.parametrize(
    "value,expected",
    [("ord-1001", "ORD-1001"), ("ORD_1001", "ORD-1001"), ("1001", "ORD-1001"),
     ("ord 1001", "ORD-1001"), ("abc", "abc")],
)
def test_canonical_order_id(value: str, expected: str) -> None:
    assert canonical_order_id(value) == expected


def test_pattern_extractor_canonicalises_and_replaces_learned_guesses() -> None:
    msg = Message(data={"text": "huy don ord1001", "entities": [
        {"entity": "order_id", "value": "ord1001", "start": 7, "end": 14},
        {"entity": "product", "value": "Xbox", "start": 0, "end": 1},
    ]})
    PatternEntityExtractor().process([msg])
    ents = {(e["entity"], e["value"]) for e in msg.get("entities")}
    assert ents == {("order_id", "ORD-1001"), ("product", "Xbox")}


@pytest.mark.parametrize(
    "text,intent,metadata,expected",
    [
        ("please speak English", "change_language", {"language": "vi"}, "en"),
        ("nói tiếng Việt đi", "change_language", None, "vi"),
        ("noi tieng anh di", "change_language", None, "en"),
        # Language follows the person: clear text beats the page it was typed on.
        ("tại sao tôi bị tính phí hai lần", "why_two_bills", {"language": "en"}, "vi"),
        ("why two bills", "why_two_bills", {"language": "vi"}, "en"),
        # Neutral or weak text sets nothing: the conversation keeps its language (round 13);
        # the page's language is only a default before it has one (page_language).
        ("ok", "affirm", {"language": "en"}, None),
        ("ORD-1001", "inform", {"language": "vi"}, None),
        ("tai sao toi bi tru tien 2 lan", "why_two_bills", None, "vi"),
        ("why was I charged twice", "why_two_bills", {}, "en"),
        ("ok", "affirm", None, None),
        ("ORD-1001", "inform", {"language": "fr"}, None),
        ("change language", "change_language", None, None),  # no target named
    ],
)
def test_choose_language(text, intent, metadata, expected) -> None:
    assert choose_language(text, intent, metadata) == expected


@pytest.mark.parametrize("text, expected", [
    ("sorry can you reply in English please? my Vietnamese isn't great", "en"),
    ("btw can you answer in English pls, my Vietnamese is kinda rusty", "en"),
    ("I don't speak Vietnamese", "en"),
    ("mình không rành tiếng Anh, nói tiếng Việt nhé", "vi"),
    ("tiếng anh mình kém lắm", "vi"),
    ("speak vietnamese, my english is bad", "vi"),
    ("reply in Vietnamese pls, not English", "vi"),
    ("chuyển sang tiếng Anh giúp mình", "en"),
    ("tiếng Anh đi", "en"),
])
def test_requested_language_is_the_one_asked_for_not_the_one_struggled_with(text: str, expected: str) -> None:
    assert requested_language(text) == expected


def test_requested_language_last_mention_wins() -> None:
    assert requested_language("I don't understand Vietnamese, speak English") == "en"
    assert requested_language("khong hieu tieng anh, noi tieng viet") == "vi"
    assert requested_language("hello") is None


def _run_detector(text: str, intent: str, metadata=None) -> Message:
    msg = Message(data={"text": text, "metadata": metadata,
                        "intent": {"name": intent, "confidence": 0.9},
                        "intent_ranking": [{"name": intent, "confidence": 0.9}],
                        "entities": []})
    LanguageDetector().process([msg])
    return msg


def test_detector_adds_language_entity_and_output() -> None:
    msg = _run_detector("sao tháng này bị charge 2 lần vậy", "why_two_bills")
    assert msg.get("language") == "vi"
    (ent,) = msg.get("entities")
    assert ent["entity"] == "language" and ent["value"] == "vi"
    assert ent["extractor"] == "LanguageDetector"


def test_detector_adds_nothing_for_neutral_text() -> None:
    msg = _run_detector("ORD-1001", "inform")
    assert msg.get("entities") == [] and msg.get("language") is None


def test_detector_sees_through_nlu_fallback() -> None:
    msg = Message(data={"text": "english please", "entities": [],
                        "intent": {"name": "nlu_fallback", "confidence": 0.6},
                        "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.6},
                                           {"name": "change_language", "confidence": 0.5}]})
    LanguageDetector().process([msg])
    assert msg.get("language") == "en"


def test_folding_tokenizer_folds_lemma_but_keeps_text() -> None:
    tokenizer = FoldingWhitespaceTokenizer(FoldingWhitespaceTokenizer.get_default_config())
    tokens = tokenizer.tokenize(Message(data={"text": "Hủy đơn hàng"}), "text")
    assert [t.text for t in tokens] == ["Hủy", "đơn", "hàng"]
    assert [t.lemma for t in tokens] == ["huy", "don", "hang"]


def test_pattern_extractor_drops_learned_entities_on_a_rule_span() -> None:
    text = "huy mon ITM-2 trong don 1002"
    msg = Message(data={"text": text, "entities": [
        {"entity": "date", "value": "1002", "start": 24, "end": 28},
    ]})
    PatternEntityExtractor().process([msg])
    ents = [(e["entity"], e["value"]) for e in msg.get("entities")]
    assert ents == [("item_id", "ITM-2"), ("order_id", "ORD-1002")]


def test_neutral_text_keeps_the_conversation_language_and_records_the_page_as_a_default() -> None:
    """Round 13: "ha?" on the English page after Vietnamese typing stays Vietnamese (no entity);
    the page's language is recorded for a conversation that has no language yet."""
    from bot.nlu.language import page_language

    msg = Message(data={"text": "ha?", "metadata": {"language": "en"}})
    LanguageDetector().process([msg])
    assert not [e for e in msg.get("entities") or [] if e.get("entity") == "language"]
    assert msg.get("page_language") == "en"
    assert page_language({"language": "fr"}) is None and page_language(None) is None
