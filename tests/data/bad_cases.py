"""Each class of bad value, as a mutation of the shared example and the exact message.

``tests/fixtures/bad/*.json`` are these cases written out (for the CLI tests and for
anyone trying the loader by hand). Regenerate with ``python -m tests.data.bad_cases``;
a test fails if the files drift from this table.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

BAD_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "bad"
EXAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "example.json"


def _set(path: Tuple[Any, ...], value: Any) -> Callable[[dict], None]:
    def mutate(doc: dict) -> None:
        node = doc
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value
    return mutate


def _delete(path: Tuple[Any, ...]) -> Callable[[dict], None]:
    def mutate(doc: dict) -> None:
        node = doc
        for step in path[:-1]:
            node = node[step]
        del node[path[-1]]
    return mutate


def _both(*mutations: Callable[[dict], None]) -> Callable[[dict], None]:
    def mutate(doc: dict) -> None:
        for m in mutations:
            m(doc)
    return mutate


def _add_refund(subject: str, kind: str) -> Callable[[dict], None]:
    return _set(("refund_requests",), [{
        "id": "RFD-1", "customer_id": "CUST-2001", "subject_id": subject, "kind": kind,
        "amount": "475.00", "currency": "USD", "created_at": "2026-11-22T08:00:00Z",
        "status": "submitted"}])


# (file stem, mutation, expected "<path>: <problem>")
CASES: List[Tuple[str, Callable[[dict], None], str]] = [
    ("unknown_key", _set(("customers", 1, "nickname"), "Johnny"), "customers[1].nickname: unknown key"),
    ("unknown_top_level_key", _set(("coupons",), []), "coupons: unknown key"),
    ("missing_key", _delete(("orders", 0, "items", 1, "cancelled_at")),
     "orders[0].items[1].cancelled_at: required key is missing"),
    ("missing_collection", _delete(("refund_requests",)), "refund_requests: required key is missing"),
    ("instant_not_iso", _set(("orders", 2, "items", 0, "charged_at"), "2026-11-19 18:46"),
     "orders[2].items[0].charged_at: not an ISO 8601 instant"),
    ("instant_without_zone", _set(("orders", 2, "items", 0, "charged_at"), "2026-11-19T18:46:00"),
     "orders[2].items[0].charged_at: not an ISO 8601 instant"),
    ("instant_impossible", _set(("orders", 0, "placed_at"), "2026-11-31T09:30:00Z"),
     "orders[0].placed_at: not an ISO 8601 instant"),
    ("date_impossible", _set(("partner_purchases", 0, "purchased_on"), "2026-02-30"),
     "partner_purchases[0].purchased_on: not an ISO date"),
    ("date_with_time", _set(("subscriptions", 0, "charges", 3, "billed_on"), "2026-04-20T00:00:00Z"),
     "subscriptions[0].charges[3].billed_on: not an ISO date"),
    ("money_as_number", _set(("partner_purchases", 1, "amount"), 1200.0),
     "partner_purchases[1].amount: expected string, got number"),
    ("money_three_decimals", _set(("subscriptions", 0, "price"), "9.999"),
     "subscriptions[0].price: not a decimal string"),
    ("money_negative", _set(("subscriptions", 1, "charges", 0, "amount"), "-19.99"),
     "subscriptions[1].charges[0].amount: not a decimal string"),
    ("currency_lowercase", _set(("orders", 0, "items", 0, "currency"), "usd"),
     "orders[0].items[0].currency: not an ISO 4217 currency code"),
    ("enum_value", _set(("subscriptions", 1, "status"), "paused"),
     'subscriptions[1].status: must be one of "active", "cancelled", "suspended"'),
    ("bool_as_string", _set(("customers", 2, "tax_exempt"), "true"),
     "customers[2].tax_exempt: expected boolean, got string"),
    ("quantity_float", _set(("orders", 0, "items", 1, "quantity"), 2.0),
     "orders[0].items[1].quantity: not an integer"),
    ("quantity_zero", _set(("orders", 0, "items", 1, "quantity"), 0),
     "orders[0].items[1].quantity: minimum 1 not met"),
    ("null_required_value", _set(("customers", 0, "email"), None),
     "customers[0].email: expected string, got null"),
    ("bad_email", _set(("customers", 3, "email"), "ketoan at fabrikam"),
     "customers[3].email: not an email address"),
    ("duplicate_item_id", _set(("orders", 1, "items", 0, "id"), "ITM-1"),
     'orders[1].items[0].id: duplicate id "ITM-1"'),
    ("duplicate_customer_id", _set(("customers", 3, "id"), "CUST-1001"),
     'customers[3].id: duplicate id "CUST-1001"'),
    ("unknown_customer", _set(("subscriptions", 2, "customer_id"), "CUST-9999"),
     "subscriptions[2].customer_id: unknown customer"),
    ("refund_subject_of_other_customer", _add_refund("PPB-3101", "partner_benefit"),
     "refund_requests[0].subject_id: no such partner purchase of this customer"),
    ("refund_subject_wrong_kind", _add_refund("PPB-3001", "store_item"),
     "refund_requests[0].subject_id: no such order item of this customer"),
    ("nul_in_text", _set(("customers", 1, "name"), "John\u0000Carter"),
     "customers[1].name: contains a NUL or unpaired surrogate character"),
    ("empty_items", _set(("orders", 1, "items"), []), "orders[1].items: minItems 1 not met"),
    ("first_error_in_document_order",
     _both(_set(("refund_requests",), "none"), _set(("orders", 2, "kind"), "rental"),
           _set(("customers", 0, "preferred_language"), "fr")),
     'customers[0].preferred_language: must be one of "vi", "en"'),
]

# Files that are not even JSON documents of the right kind: (name, raw bytes, message
# with {file} for the file's path).
RAW_CASES: List[Tuple[str, bytes, str]] = [
    ("not_json", b'{"customers": [', "{file}: invalid JSON at line 1 column 16: Expecting value"),
    ("duplicate_key", b'{"customers": [], "customers": []}', '{file}: invalid JSON: duplicate key "customers"'),
    ("nan_number", b'{"customers": NaN}', "{file}: invalid JSON: NaN is not a JSON number"),
    ("not_utf8", '{"customers": "Nguy\u1ec5n"}'.encode("utf-16"), "{file}: not UTF-8 text (byte 0)"),
    ("top_level_array", b"[]", "$: expected object, got array"),
]


def bad_documents() -> Dict[str, Tuple[dict, str]]:
    base = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    out = {}
    for name, mutate, message in CASES:
        doc = copy.deepcopy(base)
        mutate(doc)
        out[name] = (doc, message)
    return out


def render(doc: Any) -> bytes:
    return (json.dumps(doc, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def expected_files() -> Dict[str, Tuple[bytes, str]]:
    files = {f"{name}.json": (render(doc), msg) for name, (doc, msg) in bad_documents().items()}
    files.update({f"{name}.json": (raw, msg) for name, raw, msg in RAW_CASES})
    return files


if __name__ == "__main__":
    BAD_DIR.mkdir(parents=True, exist_ok=True)
    for file_name, (content, _) in expected_files().items():
        (BAD_DIR / file_name).write_bytes(content)
    print(f"wrote {len(expected_files())} files to {BAD_DIR}")
