"""What a form does with a typed answer that is not a clean value.

Shared by the cancel and refund forms: a miss says what did not match and
lists the choices again; the second miss in a row stops the form (nothing
changed) and offers a person, so no question is ever asked three times.
A typed "no"/"stop" ends the form, whatever intent the classifier heard.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any, Dict, Sequence

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.types import DomainDict

from actions.common import Reply, apologise, language
from bot.answers import yes_or_no
from bot.answers.yesno import (
    asks_something,
    has_correction,
    has_negation,
    has_yes_phrase,
    is_question,
    wants_to_stop,
)

MAX_MISSES = 2


def misses(tracker: Tracker) -> int:
    try:
        return int(tracker.get_slot("form_misses") or 0)
    except (TypeError, ValueError):
        return 0


def missed(reply: Reply, tracker: Tracker, slot: str, text: str, labels: Sequence[str],
           message: str = "choice.no_match") -> Dict[str, Any]:
    """Count a miss: say so (``message``) and ask again, or stop and offer a person on the second one."""
    count = misses(tracker) + 1
    if count >= MAX_MISSES:
        reply.say("choice.give_up")
        return {slot: None, "requested_slot": None, "form_misses": 0.0, "offer": "handoff:form_stuck"}
    if labels:
        reply.say(message, text=text[:80], example=labels[0])
    else:  # nothing to choose from (no open orders): no 'for example ""'
        reply.say("choice.no_match_no_options", text=text[:80])
    return {slot: None, "form_misses": float(count)}


def ambiguous(reply: Reply, slot: str, labels: Sequence[str]) -> Dict[str, Any]:
    """Several options fit ("the Surface one"): name them; not a miss."""
    reply.say("choice.which_one", options=", ".join(labels))
    return {slot: None}


def stop(reply: Reply) -> Dict[str, Any]:
    """The customer typed a no / stop at a question: end the form, change nothing."""
    reply.say("form.stopped")
    return {"requested_slot": None, "item_id": None, "purchase_id": None, "confirmed": None,
            "form_misses": 0.0, "queued_items": None}


def is_stop(text: str) -> bool:
    """A no, or a request taken back in any clause ("actually never mind, keep it")."""
    return wants_to_stop(text)


def form_ended_now(tracker: Tracker) -> bool:
    """True when this validation run set requested_slot to None (the form must end).

    rasa_sdk would otherwise pick the next missing slot for forms with dynamic
    required slots and keep asking.
    """
    for event in reversed(tracker.events):
        if event.get("event") == "action":
            return False
        if event.get("event") == "slot" and event.get("name") == "requested_slot" and event.get("value") is None:
            return True
    return False



class TypedFormValidation(FormValidationAction, ABC):
    """FormValidationAction that keeps what ``extract_<slot>`` decided beyond the slot itself.

    rasa_sdk validates extracted values but drops every extracted key that is
    not a required slot, so an extraction could not end the form
    (``requested_slot: None``), count a miss or make an offer. This keeps those
    keys, ends the form when asked to, and turns any failure into the apology.
    """

    @abstractmethod
    def name(self) -> str:
        """Abstract, so rasa_sdk's auto-registration skips this base."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict):
        try:
            extracted = await self.get_extraction_events(dispatcher, tracker, domain)
            tracker.add_slots(extracted)
            validated = await self._extract_validation_events(dispatcher, tracker, domain)
        except Exception:  # noqa: BLE001 - apology instead of a silent failure
            events = apologise(dispatcher, language(tracker), self.name(), tracker.sender_id)
            return events + [SlotSet("requested_slot", None)]
        kept = {e["name"] for e in validated}
        return [e for e in extracted if e["name"] not in kept] + validated

    async def next_requested_slot(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                  domain: DomainDict):
        if form_ended_now(tracker):
            return None
        return await super().next_requested_slot(dispatcher, tracker, domain)

    async def confirmation_by_text(self, tracker: Tracker, text: str) -> Dict[str, Any] | None:
        """A form-specific reading of a non-yes/no answer at the confirmation; None if none."""
        return None

    async def focus(self, tracker: Tracker, text: str) -> str:
        """The part of the answer about what is being confirmed (the form may drop clauses
        about other things, "…, keep the keyboard"); all of it by default."""
        return text

    async def extract_confirmed(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                                domain: DomainDict) -> Dict[str, Any]:
        """A typed yes or no at the confirmation, in any spelling; anything else is not an answer."""
        from actions.typed import DIGRESSION_INTENTS, latest_intent, latest_text, requested

        if not requested(tracker, "confirmed"):
            return {}
        text = latest_text(tracker)
        text = await self.focus(tracker, text) if text else text
        answer = yes_or_no(text)
        if answer is not None:
            return {"confirmed": answer}
        if wants_to_stop(text):
            return {"confirmed": False}  # "actually never mind, keep it. …"
        special = await self.confirmation_by_text(tracker, text) if text else None
        if special is not None:
            return special
        reply = Reply(dispatcher, language(tracker))
        return unclear_confirmation(reply, tracker, text, latest_intent(tracker), DIGRESSION_INTENTS)

    async def validate_confirmed(self, value: Any, dispatcher: CollectingDispatcher,
                                 tracker: Tracker, domain: DomainDict) -> Dict[str, Any]:
        """Only an explicit answer confirms: junk never does, and "không hủy nữa" heard as a task is a no."""
        from actions.typed import DIGRESSION_INTENTS, is_payload, latest_intent, latest_text

        text = latest_text(tracker)
        if text and not is_payload(tracker):
            text = await self.focus(tracker, text)
        intent = latest_intent(tracker)
        # the classifier unsure between a yes and the task ("rồi, đồng ý hủy forza": affirm 0.47,
        # cancel_order 0.51) is a fallback, not a digression, when a yes is said and it is not junk
        unsure_yes = intent == "nlu_fallback" and not tracker.latest_message.get("junk") and has_yes_phrase(text or "")
        if value is True and text and not is_payload(tracker) and yes_or_no(text) is None \
                and (intent not in DIGRESSION_INTENTS or unsure_yes) and not is_question(text) \
                and not has_negation(text) and not has_correction(text):
            # The form's own reading ("the keyboard" at "cancel Surface Pro Keyboard?",
            # "ok thì submit tax refund đi") is as explicit as a yes.
            if await self.confirmation_by_text(tracker, text) == {"confirmed": True}:
                return {"confirmed": True}
        return {"confirmed": confirmed_value(value, tracker, text, intent)}


# Intents whose own slot mappings answer the confirmation (affirm/deny, "yes, cancel it").
CONFIRMING_INTENTS = frozenset({"affirm", "deny", "cancel_order", "request_partner_refund", "tax_refund"})


def unclear_confirmation(reply: Reply, tracker: Tracker, text: str, intent: str | None,
                         digressions: frozenset) -> Dict[str, Any]:
    """Something that is neither a yes, a no nor another question, at "Please confirm": a miss."""
    if not text or intent in CONFIRMING_INTENTS or intent in digressions:
        return {}
    return missed(reply, tracker, "confirmed", text, [reply.t("confirm.yes"), reply.t("confirm.no")])


def confirmed_value(value: Any, tracker: Tracker, text: str, intent: str | None) -> bool | None:
    """The confirmation's value, trusting only explicit answers.

    A button press (no text) keeps the mapped value. Typed text counts when it
    is a yes or no in the lexicon; otherwise a yes heard by the classifier
    (``affirm``) counts only for a real phrase ("go for it"), never for emoji,
    markup or punctuation, so junk can never confirm a change. The task's own
    intent heard at the confirmation ("điều kiện hoàn tiền là gì?", "à khoan,
    hủy cái kia cơ") is never a yes by itself, nor is a question or a correction.
    """
    from actions.typed import is_payload

    if is_payload(tracker):
        return value if isinstance(value, bool) else None
    answer = yes_or_no(text)
    if answer is not None:
        return answer
    if value is True and intent == "affirm" and _real_phrase(text) and not has_negation(text) \
            and not has_correction(text) and not is_question(text):
        return True  # "sounds good, go for it": a yes the lexicon lacks; a task intent never is one
    if value is False and asks_something(text) and not wants_to_stop(text):
        return None  # "khoan, cái này chưa bị charge đúng ko?" heard as deny: a question, not a no
    return None if value is True else (value if isinstance(value, bool) else None)


def _real_phrase(text: str) -> bool:
    import re

    return bool(re.search(r"[^\W\d_]{2,}", text)) and not re.search(r"[<>{};=]|--", text)

