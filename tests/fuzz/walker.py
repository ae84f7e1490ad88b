"""Seeded random walks through the assistant, with invariants checked on every turn.

A walk is 3-6 turns as one person: a random demo customer (signed in with a token) or anonymous,
typing in one style (English, Vietnamese with or without diacritics, teencode, mixed) that may
switch, on a page whose language may switch. Each message is chosen from the last reply: an
answer when asked (a name, part of a name, position, id, date, email), a yes / no / stop, a
digression, junk, or a new request.

Invariants:
- ``http_ok``: the REST channel answers 200 with a list;
- ``non_empty_reply``: some reply text on every turn;
- ``no_unavailable_or_apology``: never "temporarily unavailable" nor the apology (all is up);
- ``no_circuit_breaker``: no "Circuit breaker tripped" for the walk's sender in the Rasa log;
- ``no_other_customer_data``: a signed-in walk never sees another customer's order, item, purchase
  or subscription id, email, name or product; an anonymous walk sees none of it except the orders
  it verified with the right email (and whatever it typed itself);
- ``no_unconfirmed_change``: the audit log holds a cancel or refund from a walk only if that walk
  answered a confirmation question with a yes (only ~1/3 of walks ever say yes), and every change
  in ``bot.data export`` is in the audit log.

Only the order's real email is ever typed for a real order (wrong emails go with made-up order
numbers), so the walks do not use up the per-order email attempts of the demo orders.
"""
from __future__ import annotations

import json
import random
import re
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Set, Tuple

import requests

from tests.fuzz import grammar as g

INVARIANTS = ("http_ok", "non_empty_reply", "no_unavailable_or_apology", "no_circuit_breaker",
              "no_other_customer_data", "no_unconfirmed_change")
UNAVAILABLE = ("temporarily unavailable", "tạm thời không khả dụng", "your message was not lost",
               "tin nhắn của bạn không bị mất", "something went wrong on our side", "đang gặp sự cố")
CONFIRM_MARKERS = ("confirm", "xác nhận", "shall i", "should i", "would you like", "do you want", "bạn có muốn",
                   "có muốn", "request the tax refund", "yêu cầu hoàn thuế", "get the tax back",
                   "hoàn lại tiền thuế", "talk to a person", "nói chuyện với nhân viên")
EMAIL_MARKERS = ("email",)
ORDER_NUMBER_MARKERS = ("order number", "mã đơn")
EXAMPLE = re.compile(r"(?:for example|e\.g\.|such as|like|ví dụ|vd|chẳng hạn|như)[:\s,(]*ORD-\d+", re.I)
ID = re.compile(r"\b(?:ORD|PPB)-\d+\b")
IDLIKE = re.compile(r"^[a-z]+-\d+$")
MUTATING = ("cancel_item", "create_refund_request")
FAKE_ORDERS = ["ORD-9001", "ORD-9876", "ORD-4242", "ORD-77777"]
WRONG_EMAILS = ["someone@example.com", "nobody@example.org", "test.user@example.net", "abc@xyz.vn"]
TASK_INTENTS = ("cancel", "partner", "tax")


def catalog_text() -> str:
    root = Path(__file__).resolve().parents[2] / "bot" / "i18n" / "catalog"
    return "\n".join(p.read_text(encoding="utf-8") for p in root.glob("*.yml")).casefold()


def base_product(name: str) -> str:
    return re.split(r"\s+[(–-]\s*", name)[0].strip()


def customer_tokens(customers: Dict[str, g.Customer]) -> Tuple[Dict[str, Set[str]], Dict[str, Set[str]]]:
    """Per customer: strings that identify their data; per order: the order's own strings."""
    owners: Dict[str, Set[str]] = {}
    for c in customers.values():
        names = [base_product(p) for p in c.products] + [s["product"] for s in c.subscriptions]
        names += [p["benefit"] for p in c.purchases]
        for n in names:
            owners.setdefault(n, set()).add(c.id)
    catalog = catalog_text()
    unique = {n for n, who in owners.items() if len(who) == 1 and n.casefold() not in catalog}
    per_customer: Dict[str, Set[str]] = {}
    per_order: Dict[str, Set[str]] = {}
    for c in customers.values():
        tokens = {c.email.casefold(), c.name.casefold()}
        for o in c.orders:
            order_tokens = {o["id"].casefold()} | {i["id"].casefold() for i in o["items"]}
            order_tokens |= {base_product(i["product"]).casefold() for i in o["items"]
                             if base_product(i["product"]) in unique}
            per_order[o["id"]] = order_tokens
            tokens |= order_tokens
        tokens |= {p["id"].casefold() for p in c.purchases} | {s["id"].casefold() for s in c.subscriptions}
        tokens |= {n.casefold() for n in unique if c.id in owners[n]}
        per_customer[c.id] = tokens
    return per_customer, per_order


@dataclass
class Step:
    user: str
    kind: str
    page_language: str | None
    replies: List[Dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def text(self) -> str:
        return "\n".join(m.get("text") or "" for m in self.replies)


@dataclass
class Walk:
    seed: int
    sender: str
    customer: str | None
    style: str
    allow_yes: bool
    steps: List[Step] = field(default_factory=list)
    violations: List[Tuple[str, str]] = field(default_factory=list)
    verified_orders: Set[str] = field(default_factory=set)
    confirmed: bool = False
    current_order: str | None = None

    def transcript(self) -> str:
        out = [f"walk seed={self.seed} sender={self.sender} customer={self.customer or 'anonymous'} "
               f"style={self.style} says_yes={self.allow_yes} (rerun: FUZZ_SEED={self.seed} FUZZ_WALKS=1)"]
        for n, s in enumerate(self.steps, 1):
            page = f" [page {s.page_language}]" if s.page_language else ""
            out.append(f"  {n}. user ({s.kind}){page}: {s.user!r}")
            for m in s.replies:
                out.append("     bot: " + (m.get("text") or "").replace("\n", "\n          "))
                for b in m.get("buttons") or []:
                    out.append(f"          [{b.get('title')}] -> {b.get('payload')}")
        out += [f"  VIOLATION {name}: {msg}" for name, msg in self.violations]
        return "\n".join(out)


class Fuzzer:
    def __init__(self, stack: Any, base_seed: int, walks: int, concurrency: int = 4, budget_s: float = 180,
                 tokens: Dict[str, str] | None = None):
        self.stack = stack
        self.base_seed = base_seed
        self.walks = walks
        self.concurrency = concurrency
        self.budget_s = budget_s
        self.customers = g.load_customers()
        self.tokens = tokens or {}
        self.per_customer, self.per_order = customer_tokens(self.customers)
        self.order_owner = {o["id"]: c for c in self.customers.values() for o in c.orders}
        self.results: List[Walk] = []
        self.global_violations: List[Tuple[str, str]] = []
        self.checked = {name: 0 for name in INVARIANTS}
        self._lock = threading.Lock()
        self.started = 0.0
        self.duration = 0.0

    # --- messages ---------------------------------------------------------------------
    def slots_for(self, rng: random.Random, customer: str | None) -> g.Slots:
        c = self.customers[customer] if customer else rng.choice(
            [c for c in self.customers.values() if c.orders or c.purchases])
        slots = g.Slots(orders=[o["id"] for o in c.orders], products=c.products,
                        purchases=[(p["id"], p["benefit"], p["purchased_on"]) for p in c.purchases])
        if customer and rng.random() < 0.15:  # a signed-in customer probing someone else's ids
            other = rng.choice([o for o in self.customers.values() if o.id != customer and (o.orders or o.purchases)])
            slots.orders += [o["id"] for o in other.orders[:1]]
            slots.purchases += [(p["id"], p["benefit"], p["purchased_on"]) for p in other.purchases[:1]]
        return slots

    def email_answer(self, rng: random.Random, walk: Walk, last: str) -> Tuple[str, str]:
        mentioned = [i for i in ID.findall(EXAMPLE.sub(" ", last)) if i.startswith("ORD-")]
        order = mentioned[-1] if mentioned else walk.current_order
        if walk.customer:
            return "email", self.customers[walk.customer].email
        if order in self.order_owner:
            walk.verified_orders.add(order)
            email = self.order_owner[order].email
            return "email", email if rng.random() < 0.7 else f"my email is {email}"
        if order:  # a made-up order number: a wrong email costs nothing real
            return "wrong_email", rng.choice(WRONG_EMAILS)
        return "junk", rng.choice(g.JUNK)

    def next_message(self, rng: random.Random, walk: Walk, turn: int, style: str, slots: g.Slots,
                     last: str) -> Tuple[str, str]:
        low = last.casefold()
        asked_confirm = any(m in low for m in CONFIRM_MARKERS)
        asked_email = any(m in low[-200:] for m in EMAIL_MARKERS)
        asked_order = any(m in low for m in ORDER_NUMBER_MARKERS)
        r = rng.random()
        if turn == 0:
            if r < 0.1:
                return "junk", rng.choice(g.JUNK)
            if r < 0.15:
                return "greet", g.pick(rng, g.GREET, style)
            name, text = g.intent_message(rng, style, slots, FAKE_ORDERS)
            return f"intent:{name}", text
        if asked_email and r < 0.6:
            return self.email_answer(rng, walk, last)
        if asked_order and r < 0.6:
            return "order", rng.choice(slots.orders + FAKE_ORDERS[:1]) if slots.orders else FAKE_ORDERS[0]
        if asked_confirm:
            choices = [("yes", 0.35), ("no", 0.2), ("stop", 0.15), ("junk", 0.15), ("digression", 0.1),
                       ("answer", 0.05)]
        elif "?" in last:
            choices = [("answer", 0.35), ("digression", 0.15), ("junk", 0.15), ("no", 0.1), ("stop", 0.1),
                       ("yes", 0.05), ("yes_offer", 0.05), ("intent", 0.05)]
        else:
            choices = [("intent", 0.35), ("digression", 0.15), ("junk", 0.15), ("thanks", 0.1), ("greet", 0.05),
                       ("bye", 0.05), ("smalltalk", 0.1), ("no", 0.05)]
        kind = rng.choices([k for k, _ in choices], [w for _, w in choices])[0]
        if kind in ("yes", "yes_offer") and not walk.allow_yes:
            kind = "no"
        if kind == "yes":
            return "yes", g.pick(rng, g.YES, style)
        if kind == "yes_offer":
            return "yes_offer", g.pick(rng, g.YES_OFFER, style)
        if kind == "no":
            return "no", g.pick(rng, g.NO, style)
        if kind == "stop":
            return "stop", g.pick(rng, g.STOP, style)
        if kind == "junk":
            return "junk", rng.choice(g.JUNK)
        if kind == "digression":
            return "digression", g.pick(rng, g.DIGRESSIONS, style)
        if kind == "answer":
            return "answer", g.typed_answer(rng, style, slots, FAKE_ORDERS)
        if kind == "thanks":
            return "thanks", g.pick(rng, g.THANKS, style)
        if kind == "greet":
            return "greet", g.pick(rng, g.GREET, style)
        if kind == "bye":
            return "bye", g.pick(rng, g.BYE, style)
        if kind == "smalltalk":
            return "smalltalk", g.pick(rng, g.SMALLTALK_OTHER, style)
        name, text = g.intent_message(rng, style, slots, FAKE_ORDERS)
        return f"intent:{name}", text

    # --- one walk -----------------------------------------------------------------------
    def run_walk(self, index: int) -> Walk | None:
        if time.monotonic() - self.started > self.budget_s:
            return None
        seed = self.base_seed + index
        rng = random.Random(seed)
        customer = rng.choice([None, None, None] + sorted(self.customers))
        style = rng.choices(g.STYLES, [0.3, 0.25, 0.15, 0.12, 0.18])[0]
        walk = Walk(seed=seed, sender=f"fuzz-{self.base_seed}-{index}", customer=customer, style=style,
                    allow_yes=rng.random() < 0.35)
        page = rng.choice([None, None, "vi", "en"])
        slots = self.slots_for(rng, customer)
        token = self.tokens.get(customer) if customer else None
        last = ""
        for turn in range(rng.randint(3, 6)):
            if turn and rng.random() < 0.12:
                style = rng.choice(g.STYLES)
            if turn and rng.random() < 0.1:
                page = rng.choice([None, "vi", "en"])
            asked_confirm = any(m in last.casefold() for m in CONFIRM_MARKERS)
            kind, text = self.next_message(rng, walk, turn, style, slots, last)
            if asked_confirm and (kind in ("yes", "yes_offer") or kind.split(":")[-1] in TASK_INTENTS):
                walk.confirmed = True
            found = ID.findall(text)
            if found:
                walk.current_order = next((i for i in reversed(found) if i.startswith("ORD-")), walk.current_order)
            step = Step(user=text, kind=kind, page_language=page)
            walk.steps.append(step)
            self.send(walk, step, token)
            last = step.text
        return walk

    def send(self, walk: Walk, step: Step, token: str | None) -> None:
        metadata = {k: v for k, v in {"customer_token": token, "language": step.page_language}.items() if v}
        started = time.monotonic()
        self.count("http_ok")
        try:
            resp = requests.post(self.stack.webhook, json={"sender": walk.sender, "message": step.user,
                                                            "metadata": metadata}, timeout=90)
            step.seconds = time.monotonic() - started
            if resp.status_code != 200 or not isinstance(resp.json(), list):
                walk.violations.append(("http_ok", f"turn {len(walk.steps)}: HTTP {resp.status_code} {resp.text[:200]}"))
                return
            step.replies = resp.json()
        except (requests.RequestException, ValueError) as exc:
            step.seconds = time.monotonic() - started
            walk.violations.append(("http_ok", f"turn {len(walk.steps)}: {exc}"))
            return
        self.check_turn(walk, step)

    def count(self, name: str) -> None:
        with self._lock:
            self.checked[name] += 1

    def check_turn(self, walk: Walk, step: Step) -> None:
        n = len(walk.steps)
        text = step.text
        self.count("non_empty_reply")
        if not text.strip():
            walk.violations.append(("non_empty_reply", f"turn {n}: empty reply"))
        self.count("no_unavailable_or_apology")
        low = text.casefold()
        for bad in UNAVAILABLE:
            if bad in low:
                walk.violations.append(("no_unavailable_or_apology", f"turn {n}: {bad!r}"))
                break
        self.count("no_other_customer_data")
        leaked = self.leaks(walk, text)
        if leaked:
            walk.violations.append(("no_other_customer_data", f"turn {n}: {sorted(leaked)}"))

    def leaks(self, walk: Walk, text: str) -> Set[str]:
        low = EXAMPLE.sub(" ", text).casefold()
        typed = "\n".join(s.user for s in walk.steps).casefold()
        allowed: Set[str] = set(self.per_customer.get(walk.customer, set())) if walk.customer else set()
        for order in walk.verified_orders:
            allowed |= self.per_order.get(order, set())
        found = set()
        for tokens in self.per_customer.values():
            for tok in tokens - allowed:
                if tok in typed:
                    continue
                if (re.search(rf"\b{re.escape(tok)}\b", low) if IDLIKE.match(tok) else tok in low):
                    found.add(tok)
        return found

    # --- the whole run ------------------------------------------------------------------
    def run(self) -> Dict[str, Any]:
        before = self.stack.export()
        self.started = time.monotonic()
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            walks = list(pool.map(self.run_walk, range(self.walks)))
        self.duration = time.monotonic() - self.started
        self.results = [w for w in walks if w is not None]
        self.check_circuit_breaker()
        self.check_changes(before, self.stack.export())
        return self.report()

    def rasa_log(self) -> str:
        svc = (getattr(self.stack, "services", None) or {}).get("rasa")
        path = getattr(svc, "log_path", None)
        return Path(path).read_text(encoding="utf-8", errors="replace") if path and Path(path).exists() else ""

    def check_circuit_breaker(self) -> None:
        by_sender = {w.sender: w for w in self.results}
        for w in self.results:
            self.checked["no_circuit_breaker"] += 1
        for line in self.rasa_log().splitlines():
            if "Circuit breaker tripped" not in line:
                continue
            m = re.search(r"for sender '([^']+)'", line)
            walk = by_sender.get(m.group(1)) if m else None
            if walk is not None:
                walk.violations.append(("no_circuit_breaker", line.strip()[:200]))

    def audit_rows(self) -> List[Dict[str, Any]]:
        from bot.data.store import Store

        url = (getattr(self.stack, "env", None) or {}).get("SUPPORT_DB_URL")
        return Store(url).audit_log() if url else []

    def check_changes(self, before: Dict[str, Any], after: Dict[str, Any]) -> None:
        by_sender = {w.sender: w for w in self.results}
        rows = [r for r in self.audit_rows() if r.get("action") in MUTATING and r.get("conversation_id") in by_sender]
        for w in self.results:
            self.checked["no_unconfirmed_change"] += 1
        for r in rows:
            walk = by_sender[r["conversation_id"]]
            if not walk.confirmed:
                walk.violations.append(("no_unconfirmed_change",
                                        f"{r['action']} {r['subject_id']} without a yes to a confirmation"))
        audited = {r["subject_id"] for r in rows}
        items_before = {i["id"]: i["cancelled_at"] for o in before["orders"] for i in o["items"]}
        for o in after["orders"]:
            for i in o["items"]:
                if items_before.get(i["id"]) is None and i["cancelled_at"] is not None and i["id"] not in audited:
                    self.global_violations.append(("no_unconfirmed_change", f"{i['id']} cancelled, not audited"))
        refunds_before = {r["id"] for r in before.get("refund_requests") or []}
        for r in after.get("refund_requests") or []:
            if r["id"] not in refunds_before and r["subject_id"] not in audited:
                self.global_violations.append(("no_unconfirmed_change", f"refund {r['id']} not audited"))

    def report(self) -> Dict[str, Any]:
        violations = {name: 0 for name in INVARIANTS}
        failing = []
        for w in self.results:
            for name, _ in w.violations:
                violations[name] += 1
            if w.violations:
                failing.append(w)
        for name, _ in self.global_violations:
            violations[name] += 1
        latencies = sorted(s.seconds for w in self.results for s in w.steps)
        turns = len(latencies)
        return {
            "base_seed": self.base_seed,
            "walks_requested": self.walks,
            "walks_run": len(self.results),
            "turns": turns,
            "concurrency": self.concurrency,
            "budget_s": self.budget_s,
            "duration_s": round(self.duration, 1),
            "latency_s": {"p50": round(statistics.median(latencies), 3) if latencies else None,
                          "p95": round(latencies[int(0.95 * (turns - 1))], 3) if latencies else None},
            "walks_by_identity": {"signed_in": sum(1 for w in self.results if w.customer),
                                  "anonymous": sum(1 for w in self.results if not w.customer)},
            "walks_saying_yes": sum(1 for w in self.results if w.allow_yes),
            "invariants": {name: {"checked": self.checked[name], "violations": violations[name]}
                           for name in INVARIANTS},
            "failing_walks": len(failing),
            "failing_seeds": [w.seed for w in failing],
            "examples": [{"seed": w.seed, "violations": [f"{n}: {m}" for n, m in w.violations]}
                         for w in failing[:25]],
            "global_violations": [f"{n}: {m}" for n, m in self.global_violations],
        }


def write_report(doc: Dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
