"""Run the typed conversations of tests/conversations/*.yml against a live stack.

A conversation file is a YAML list of conversations::

    - id: cancel-vi-item-by-name          # unique over all files
      group: vi                           # en | vi | vi_nodiacritics | mixed
      covers: 'item by product name'      # optional: which issue bullet it shows
      customer: CUST-1001                 # optional: signed in (a token is minted); absent = anonymous
      page_language: vi                   # optional: metadata.language of every turn (the page's language)
      lang: vi                            # optional: language every reply must be in (a turn can override)
      fresh: true                         # it may change data: demo data is reloaded before and after
      known_gap: 'why it fails today'      # optional: a strict xfail until the bot can do it
      turns:
        - user: "tôi muốn hủy đơn hàng ORD-1001"     # free text only, never a "/payload"
          expect_all: [Surface Pro Keyboard]        # every string must appear (case-insensitive)
          expect_any: [xác nhận, confirm]           # at least one must appear; a list of lists is
                                                    # several groups, each needing one match
          expect_none: [mặt hàng nào]               # none may appear
          expect_buttons: [ORD-1001]                # each must be in the title of a choice shown (button)
          lang: vi                                  # vi | en | any: the language of this turn's reply
          page_language: en                         # this turn's metadata.language (null: none)
          new_conversation: true                    # from this turn on, a new sender id (same person)
      db:                                 # checked on ``bot.data export`` after the last turn
        cancelled: [ITM-1]                # cancelled_at is set
        not_cancelled: [ITM-2, ITM-3]     # cancelled_at is still null
        refunds:                          # exactly these refund requests exist (a list; [] = none)
          - {subject: PPB-3001, kind: partner_benefit, amount: "522.50"}
        handoff: true                     # the audit log has (true) / has not (false) a hand-off from it

Checked on every turn besides the turn's own expectations: a non-empty reply; never the
"temporarily unavailable" message or the apology (every component is up); no bubble repeated
within one reply (the "eight identical Sorry bubbles" loop); not the same reply three turns in a
row. Checked once per conversation: no "Circuit breaker tripped" for its senders in the Rasa
log, and a conversation not marked ``fresh`` changed nothing (no cancel or refund in the audit
log from its senders).
"""
from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, Iterable, List, Sequence

import yaml

HERE = Path(__file__).resolve().parent
GROUPS = ("en", "vi", "vi_nodiacritics", "mixed")
LANGS = ("en", "vi", "any")

# Never while every component is up: the channel's "temporarily unavailable" and the apology
# (messages.yml keys ``unavailable`` and ``error.apology``), in both languages.
NEVER = (
    "temporarily unavailable", "tạm thời không khả dụng", "your message was not lost",
    "tin nhắn của bạn không bị mất", "something went wrong on our side", "đang gặp sự cố",
    "circuit breaker",
)
MUTATING_ACTIONS = ("cancel_item", "create_refund_request")

_CONV_KEYS = {"id", "group", "covers", "customer", "page_language", "lang", "fresh", "turns", "db", "note",
              "known_gap"}
_TURN_KEYS = {"user", "expect_any", "expect_all", "expect_none", "expect_buttons", "lang", "page_language",
              "new_conversation"}
_DB_KEYS = {"cancelled", "not_cancelled", "refunds", "handoff"}
_UNSET = object()


@dataclass
class Turn:
    user: str
    expect_any: List[List[str]] = field(default_factory=list)
    expect_all: List[str] = field(default_factory=list)
    expect_none: List[str] = field(default_factory=list)
    expect_buttons: List[str] = field(default_factory=list)
    lang: str | None = None
    page_language: Any = _UNSET  # _UNSET: the conversation's page_language
    new_conversation: bool = False


@dataclass
class Conversation:
    id: str
    group: str
    turns: List[Turn]
    customer: str | None = None
    page_language: str | None = None
    lang: str | None = None
    fresh: bool = False
    db: Dict[str, Any] = field(default_factory=dict)
    covers: List[str] = field(default_factory=list)
    source: str = ""
    known_gap: str = ""  # what the bot cannot do yet: the test is a strict xfail until it can

    @property
    def vietnamese(self) -> bool:
        return self.group in ("vi", "vi_nodiacritics")


@dataclass
class TurnRecord:
    user: str
    sender: str
    page_language: str | None
    replies: List[Dict[str, Any]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(m.get("text") or "" for m in self.replies)


@dataclass
class Result:
    conversation: Conversation
    turns: List[TurnRecord] = field(default_factory=list)
    failures: List[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures

    def transcript(self) -> str:
        c = self.conversation
        head = (f"conversation {c.id} [{c.group}] ({c.source}) customer={c.customer or 'anonymous'} "
                f"page_language={c.page_language or '-'} fresh={c.fresh}")
        out = [head]
        for n, rec in enumerate(self.turns, 1):
            page = f" [page {rec.page_language}]" if rec.page_language else ""
            out.append(f"  {n}. user{page} ({rec.sender}): {rec.user!r}")
            if not rec.replies:
                out.append("     bot: <no reply>")
            for m in rec.replies:
                text = (m.get("text") or "").replace("\n", "\n          ")
                out.append(f"     bot: {text}")
                for b in m.get("buttons") or []:
                    out.append(f"          [{b.get('title')}] -> {b.get('payload')}")
                if m.get("custom"):
                    out.append(f"          custom: {m['custom']}")
        if self.failures:
            out.append("  failures:")
            out.extend(f"    - {f}" for f in self.failures)
        return "\n".join(out)


# --- loading ------------------------------------------------------------------------

def _strings(value: Any, where: str) -> List[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    raise ValueError(f"{where}: expected a string or a list of strings")


def _groups(value: Any, where: str) -> List[List[str]]:
    if value is None:
        return []
    if isinstance(value, str):
        return [[value]]
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected a list")
    if all(isinstance(v, str) for v in value):
        return [list(value)]
    return [_strings(v, where) for v in value]


def _turn(raw: Dict[str, Any], where: str) -> Turn:
    unknown = set(raw) - _TURN_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    if "user" not in raw or not isinstance(raw["user"], str):
        raise ValueError(f"{where}: 'user' must be a string")
    if raw["user"].lstrip().startswith("/"):
        raise ValueError(f"{where}: free text only, no button payloads ({raw['user']!r})")
    lang = raw.get("lang")
    if lang is not None and lang not in LANGS:
        raise ValueError(f"{where}: lang must be one of {LANGS}")
    turn = Turn(user=raw["user"], expect_any=_groups(raw.get("expect_any"), where),
                expect_all=_strings(raw.get("expect_all"), where),
                expect_none=_strings(raw.get("expect_none"), where),
                expect_buttons=_strings(raw.get("expect_buttons"), where), lang=lang,
                new_conversation=bool(raw.get("new_conversation", False)))
    if "page_language" in raw:
        turn.page_language = raw["page_language"]
    return turn


def _conversation(raw: Dict[str, Any], source: str) -> Conversation:
    where = f"{source}:{raw.get('id', '?')}"
    unknown = set(raw) - _CONV_KEYS
    if unknown:
        raise ValueError(f"{where}: unknown keys {sorted(unknown)}")
    if raw.get("group") not in GROUPS:
        raise ValueError(f"{where}: group must be one of {GROUPS}")
    if raw.get("lang") not in (None, "en", "vi"):
        raise ValueError(f"{where}: lang must be en or vi")
    db = raw.get("db") or {}
    if set(db) - _DB_KEYS:
        raise ValueError(f"{where}: unknown db keys {sorted(set(db) - _DB_KEYS)}")
    turns = [_turn(t, f"{where} turn {i}") for i, t in enumerate(raw.get("turns") or [], 1)]
    if not turns:
        raise ValueError(f"{where}: no turns")
    return Conversation(id=str(raw["id"]), group=raw["group"], turns=turns, customer=raw.get("customer"),
                        page_language=raw.get("page_language"), lang=raw.get("lang"),
                        fresh=bool(raw.get("fresh", False)) or bool(set(db) - {"handoff"}), db=db,
                        covers=_strings(raw.get("covers"), where), source=source,
                        known_gap=str(raw.get("known_gap") or ""))


def load_conversations(directory: Path = HERE) -> List[Conversation]:
    conversations: List[Conversation] = []
    seen: Dict[str, str] = {}
    for path in sorted(directory.rglob("*.yml")):
        docs = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(docs, list):
            raise ValueError(f"{path.name}: expected a list of conversations")
        for raw in docs:
            conv = _conversation(raw, path.name)
            if conv.id in seen:
                raise ValueError(f"{path.name}: duplicate id {conv.id} (also in {seen[conv.id]})")
            seen[conv.id] = path.name
            conversations.append(conv)
    return conversations


# --- checks -------------------------------------------------------------------------

def norm(text: str) -> str:
    """NFC, one space, case-folded, and British/American spelling alike ("cancelled" = "canceled")."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).casefold()
    return text.replace("cancell", "cancel")


def _data_names() -> List[str]:
    """Names from the demo data, removed before judging the language of a reply."""
    import json

    from tests.stack import DEMO_DATA

    doc = json.loads(DEMO_DATA.read_text(encoding="utf-8"))
    names = [c["name"] for c in doc["customers"]]
    names += [i["product"] for o in doc["orders"] for i in o["items"]]
    names += [p["benefit"] for p in doc["partner_purchases"]]
    names += [s["product"] for s in doc["subscriptions"]]
    return sorted(set(names), key=len, reverse=True)


_NAMES: List[str] = []
_VI_MARKERS = ("bạn", "của", "không", "đơn hàng", "tôi", "được", "và", "cho", "hoặc", "này", "đã", "vui lòng")
_EN_MARKERS = ("you", "your", "the", "order", "i'm", "please", "and", "for", "with", "can", "here")


def reply_language(text: str) -> str | None:
    """The language a reply is written in ("vi" / "en"), ignoring names from the data."""
    from bot.language import language_scores

    global _NAMES
    if not _NAMES:
        _NAMES = _data_names()
    cleaned = unicodedata.normalize("NFC", text or "")
    for name in _NAMES:
        cleaned = cleaned.replace(name, " ")
    cleaned = re.sub(r"\([^)]*\)", " ", cleaned)  # Vietnamese replies quote English UI labels in brackets
    vi, en = language_scores(cleaned)
    low = f" {norm(cleaned)} "
    vi += sum(low.count(f" {m} ") for m in _VI_MARKERS)
    en += sum(low.count(f" {m} ") for m in _EN_MARKERS)
    if vi == en == 0:
        return None
    return "vi" if vi > en else "en"


def check_turn(turn: Turn, rec: TurnRecord, expected_lang: str | None) -> List[str]:
    failures: List[str] = []
    text = rec.text
    low = norm(text)
    label = f"turn {rec.user!r}"
    if not text.strip():
        failures.append(f"{label}: empty reply")
    for bad in NEVER:
        if norm(bad) in low:
            failures.append(f"{label}: reply contains {bad!r}")
    bubbles = [norm(m.get("text") or "") for m in rec.replies if (m.get("text") or "").strip()]
    repeated = {b for b in bubbles if bubbles.count(b) > 1}
    if repeated:
        failures.append(f"{label}: the same bubble repeated in one reply: {sorted(repeated)[0][:80]!r}")
    for s in turn.expect_all:
        if norm(s) not in low:
            failures.append(f"{label}: expected {s!r}")
    for group in turn.expect_any:
        if not any(norm(s) in low for s in group):
            failures.append(f"{label}: expected one of {group}")
    for s in turn.expect_none:
        if norm(s) in low:
            failures.append(f"{label}: must not contain {s!r}")
    titles = [norm(b.get("title") or "") for m in rec.replies for b in m.get("buttons") or []]
    for s in turn.expect_buttons:
        if not any(norm(s) in t for t in titles):
            failures.append(f"{label}: expected a choice (button) {s!r}")
    if expected_lang in ("en", "vi") and text.strip():
        got = reply_language(text)
        if got != expected_lang:
            failures.append(f"{label}: reply should be in {expected_lang}, looks like {got}")
    return failures


def check_no_three_in_a_row(records: Sequence[TurnRecord]) -> List[str]:
    texts = [norm(r.text) for r in records]
    for i in range(2, len(texts)):
        if texts[i] and texts[i] == texts[i - 1] == texts[i - 2]:
            return [f"the same reply three turns in a row (turns {i - 1}-{i + 1}): {records[i].text[:100]!r}"]
    return []


def find_item(doc: Dict[str, Any], item_id: str) -> Dict[str, Any] | None:
    return next((i for o in doc["orders"] for i in o["items"] if i["id"] == item_id), None)


def check_db(spec: Dict[str, Any], doc: Dict[str, Any]) -> List[str]:
    failures: List[str] = []
    for item_id in spec.get("cancelled") or []:
        item = find_item(doc, item_id)
        if item is None or item["cancelled_at"] is None:
            failures.append(f"db: {item_id} should be cancelled, cancelled_at is null")
    for item_id in spec.get("not_cancelled") or []:
        item = find_item(doc, item_id)
        if item is None or item["cancelled_at"] is not None:
            failures.append(f"db: {item_id} should not be cancelled, cancelled_at={item and item['cancelled_at']}")
    if "refunds" in spec:
        want = spec["refunds"] or []
        got = doc.get("refund_requests") or []
        got_keys = sorted((r["subject_id"], r["kind"]) for r in got)
        want_keys = sorted((w["subject"], w["kind"]) for w in want)
        if got_keys != want_keys:
            failures.append(f"db: refund requests {got_keys}, expected {want_keys}")
        for w in want:
            if "amount" in w:
                match = [r for r in got if r["subject_id"] == w["subject"] and r["kind"] == w["kind"]]
                if match and match[0]["amount"] != str(w["amount"]):
                    failures.append(f"db: refund for {w['subject']} is {match[0]['amount']}, expected {w['amount']}")
    return failures


# --- running ------------------------------------------------------------------------

class StackAdapter:
    """What the runner needs from a stack: tests.stack.LiveStack, or a remote one (report.py)."""

    def __init__(self, stack: Any):
        self.stack = stack
        self._tokens: Dict[str, str] = {}

    def token(self, customer_id: str) -> str:
        if customer_id not in self._tokens:
            self._tokens[customer_id] = self.stack.token(customer_id, ttl=4 * 3600)
        return self._tokens[customer_id]

    def send(self, sender: str, text: str, token: str | None, language: str | None) -> List[Dict[str, Any]]:
        return self.stack.send(sender, text, token=token, language=language)

    def export(self) -> Dict[str, Any]:
        return self.stack.export()

    def reload_demo(self) -> None:
        from tests.stack import DEMO_DATA

        self.stack.load(DEMO_DATA)

    def audit_rows(self) -> List[Dict[str, Any]]:
        from bot.data.store import Store

        url = (getattr(self.stack, "env", None) or {}).get("SUPPORT_DB_URL")
        return Store(url).audit_log() if url else []

    def rasa_log(self) -> str:
        services = getattr(self.stack, "services", None) or {}
        svc = services.get("rasa")
        path = getattr(svc, "log_path", None)
        if path and Path(path).exists():
            return Path(path).read_text(encoding="utf-8", errors="replace")
        return ""


def run_conversation(adapter: StackAdapter, conv: Conversation) -> Result:
    result = Result(conversation=conv)
    token = adapter.token(conv.customer) if conv.customer else None
    base = f"conv-{conv.id}-{uuid.uuid4().hex[:8]}"
    sender = base
    senders = [sender]
    try:
        for n, turn in enumerate(conv.turns, 1):
            if turn.new_conversation:
                sender = f"{base}-{n}"
                senders.append(sender)
            page = conv.page_language if turn.page_language is _UNSET else turn.page_language
            rec = TurnRecord(user=turn.user, sender=sender, page_language=page)
            result.turns.append(rec)
            try:
                rec.replies = adapter.send(sender, turn.user, token, page)
            except Exception as exc:  # noqa: BLE001 - recorded as a failure with the transcript
                result.failures.append(f"turn {turn.user!r}: request failed: {exc}")
                break
            lang = turn.lang if turn.lang is not None else conv.lang
            result.failures.extend(check_turn(turn, rec, lang))
        result.failures.extend(check_no_three_in_a_row(result.turns))
        log = adapter.rasa_log()
        for line in log.splitlines():
            if "Circuit breaker tripped" in line and any(f"'{s}'" in line for s in senders):
                result.failures.append(f"Rasa log: {line.strip()[:200]}")
                break
        changes = [r for r in adapter.audit_rows()
                   if r.get("conversation_id") in senders and r.get("action") in MUTATING_ACTIONS]
        if changes and not conv.fresh:
            result.failures.append("data changed in a conversation that should change nothing: "
                                   + ", ".join(f"{r['action']} {r['subject_id']}" for r in changes))
        if "handoff" in conv.db:
            handed = any(r.get("conversation_id") in senders and r.get("action") == "human_handoff"
                         for r in adapter.audit_rows())
            if handed != bool(conv.db["handoff"]):
                result.failures.append(f"db: hand-off recorded={handed}, expected {bool(conv.db['handoff'])}")
        if set(conv.db) - {"handoff"}:
            result.failures.extend(check_db(conv.db, adapter.export()))
    finally:
        if conv.fresh or any(r.get("conversation_id") in senders and r.get("action") in MUTATING_ACTIONS
                             for r in adapter.audit_rows()):
            adapter.reload_demo()
    return result


# --- summary ------------------------------------------------------------------------

def summarise(results: Iterable[Result]) -> Dict[str, Any]:
    """Pass rate per language group (and overall), with the failing ids."""
    groups: Dict[str, Dict[str, Any]] = {g: {"total": 0, "passed": 0, "failed": []} for g in GROUPS}
    for r in results:
        g = groups[r.conversation.group]
        g["total"] += 1
        if r.passed:
            g["passed"] += 1
        else:
            g["failed"].append(r.conversation.id)
    total = sum(g["total"] for g in groups.values())
    passed = sum(g["passed"] for g in groups.values())
    for g in groups.values():
        g["pass_rate"] = round(g["passed"] / g["total"], 3) if g["total"] else None
    vi_total = groups["vi"]["total"] + groups["vi_nodiacritics"]["total"]
    vi_passed = groups["vi"]["passed"] + groups["vi_nodiacritics"]["passed"]
    return {
        "total": total,
        "passed": passed,
        "pass_rate": round(passed / total, 3) if total else None,
        "vietnamese": {"total": vi_total, "passed": vi_passed,
                       "pass_rate": round(vi_passed / vi_total, 3) if vi_total else None},
        "groups": groups,
    }
