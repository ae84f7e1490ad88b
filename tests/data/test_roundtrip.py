"""load -> export gives back the same document; rejected loads change nothing."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.data.__main__ import main
from bot.data.document import export_data_set
from bot.data.engine import get_engine, session_scope
from bot.data.store import Store
from bot.data.validate import validate_document
from tests.data.bad_cases import BAD_DIR, expected_files
from tests.data.conftest import ROOT, example_path, load

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=timezone.utc)


def export(url: str) -> dict:
    with session_scope(get_engine(url)) as session:
        return export_data_set(session)


def cli(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "SUPPORT_DB_URL": url}
    return subprocess.run([sys.executable, "-m", "bot.data", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_example_round_trips(db_url, example_doc):
    load(db_url, example_doc)
    assert export(db_url) == example_doc


def test_export_shows_the_assistants_changes(store: Store, db_url, example_doc):
    store.cancel_items("CUST-1001", "ORD-1001", ["ITM-1"], "conv-1", NOW)
    request, _ = store.create_refund_request("CUST-2001", "PPB-3001", "partner_benefit",
                                             Decimal("475.00"), "USD", "conv-2", NOW)
    doc = export(db_url)
    assert doc["orders"][0]["items"][0]["cancelled_at"] == "2026-11-22T08:00:00Z"
    assert doc["refund_requests"] == [{
        "id": request.id, "customer_id": "CUST-2001", "subject_id": "PPB-3001",
        "kind": "partner_benefit", "amount": "475.00", "currency": "USD",
        "created_at": "2026-11-22T08:00:00Z", "status": "submitted"}]
    validate_document(doc)  # what we write, we can read back
    load(db_url, doc)
    assert export(db_url) == doc


def test_cli_load_export_is_empty(db_url, tmp_path):
    assert cli(db_url, "is-empty").returncode == 0
    loaded = cli(db_url, "load", str(example_path()))
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout.startswith("loaded 4 customers, 3 orders (5 items), 6 partner purchases")
    assert cli(db_url, "is-empty").returncode == 1
    out = tmp_path / "out.json"
    assert cli(db_url, "export", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert json.loads(text) == json.loads(example_path().read_text(encoding="utf-8"))
    assert "Nguyễn Minh Anh" in text and text.startswith('{\n  "customers": [\n    {')
    stdout = cli(db_url, "export")
    assert stdout.returncode == 0 and stdout.stdout == text


def test_rejected_cli_load_leaves_previous_data(db_url, example_doc):
    load(db_url, example_doc)
    store = Store(db_url)
    store.cancel_items("CUST-1001", "ORD-1001", ["ITM-1"], "conv-1", NOW)
    before = export(db_url)
    bad = BAD_DIR / "refund_subject_of_other_customer.json"  # fails late: cross-record check
    result = cli(db_url, "load", str(bad))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.strip() == expected_files()[bad.name][1]
    assert export(db_url) == before


def test_every_bad_fixture_file_is_refused_and_changes_nothing(tmp_path, example_doc, capsys):
    url = f"sqlite:///{tmp_path}/db.sqlite"
    load(url, example_doc)
    for file_name, (_, message) in sorted(expected_files().items()):
        path = BAD_DIR / file_name
        code = main(["--db", url, "load", str(path)])
        assert (code, capsys.readouterr().err.strip()) == (2, message.format(file=path)), file_name
    assert export(url) == example_doc


@pytest.mark.parametrize("file_name", ["not_json.json", "unknown_key.json", "instant_without_zone.json"])
def test_cli_process_exits_2_with_the_path(tmp_path, example_doc, file_name):
    url = f"sqlite:///{tmp_path}/db.sqlite"
    load(url, example_doc)
    path = BAD_DIR / file_name
    result = cli(url, "load", str(path))
    assert (result.returncode, result.stderr.strip()) == (2, expected_files()[file_name][1].format(file=path))
    assert export(url) == example_doc


def test_failure_inside_the_load_transaction_rolls_back(db_url, example_doc, monkeypatch):
    """Validation passed but the database refused mid-way: nothing may change."""
    load(db_url, example_doc)
    import bot.data.document as document

    original = document._rows

    def rows_with_a_broken_tail(doc):
        rows = original(doc)
        table, values = rows[-1]
        return rows[:-1] + [(table, values + [dict(values[0]) if values else {"id": None}])]

    monkeypatch.setattr(document, "_rows", rows_with_a_broken_tail)
    other = json.loads(json.dumps(example_doc))
    other["customers"][0]["name"] = "Someone Else"
    with pytest.raises(Exception):  # noqa: B017 - any database error will do
        load(db_url, other)
    assert export(db_url) == example_doc


# --- generated data sets ----------------------------------------------------------------

ZONES = ["Z", "+07:00", "-05:30", "+14:00", "-00:00", "+00:00"]
TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=12)
IDS = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=12)
DATES = st.dates(min_value=datetime(2000, 1, 1).date(), max_value=datetime(2099, 12, 31).date())
MONEY = st.decimals(min_value=0, max_value=Decimal("9999999999.99"), places=2).map(lambda d: f"{d:f}")


@st.composite
def instants(draw) -> str:
    zone = draw(st.sampled_from(ZONES))
    local = draw(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))
    if draw(st.booleans()):
        local = local.replace(microsecond=0)
    return local.isoformat() + zone


def maybe(strategy):
    return st.one_of(st.none(), strategy)


@st.composite
def documents(draw) -> dict:
    all_ids = iter(draw(st.lists(IDS, min_size=40, max_size=40, unique=True)))
    customers = [{
        "id": next(all_ids), "name": draw(TEXT), "email": draw(st.emails()),
        "preferred_language": draw(st.sampled_from(["vi", "en"])),
        "first_purchase_on": draw(DATES).isoformat(), "partner_id": draw(maybe(IDS)),
        "tax_exempt": draw(st.booleans())} for _ in range(draw(st.integers(1, 3)))]
    owner = st.sampled_from([c["id"] for c in customers])
    orders = [{
        "id": next(all_ids), "customer_id": draw(owner), "placed_at": draw(instants()),
        "kind": draw(st.sampled_from(["order", "preorder"])),
        "items": [{"id": next(all_ids), "product": draw(TEXT), "quantity": draw(st.integers(1, 99)),
                   "unit_price": draw(MONEY), "currency": draw(st.sampled_from(["USD", "VND", "EUR"])),
                   "digital": draw(st.booleans()), "charged_at": draw(maybe(instants())),
                   "shipped_at": draw(maybe(instants())), "cancelled_at": draw(maybe(instants()))}
                  for _ in range(draw(st.integers(1, 3)))]} for _ in range(draw(st.integers(0, 3)))]
    purchases = [{
        "id": next(all_ids), "customer_id": draw(owner), "benefit": draw(TEXT),
        "purchased_on": draw(DATES).isoformat(), "amount": draw(MONEY), "tax_amount": draw(MONEY),
        "currency": "USD", "benefits_activated": draw(st.booleans()),
        "product_keys_viewed": draw(st.booleans())} for _ in range(draw(st.integers(0, 3)))]
    subscriptions = [{
        "id": next(all_ids), "customer_id": draw(owner), "product": draw(TEXT),
        "billing_period": draw(st.sampled_from(["monthly", "yearly"])),
        "started_on": draw(DATES).isoformat(), "price": draw(MONEY), "currency": "USD",
        "status": draw(st.sampled_from(["active", "cancelled", "suspended"])),
        "new_billing_since": draw(maybe(DATES.map(lambda d: d.isoformat()))),
        "charges": [{"id": next(all_ids), "billed_on": draw(DATES).isoformat(),
                     "service_from": draw(DATES).isoformat(), "service_to": draw(DATES).isoformat(),
                     "amount": draw(MONEY), "status": draw(st.sampled_from(["paid", "overdue", "pending"]))}
                    for _ in range(draw(st.integers(0, 3)))]} for _ in range(draw(st.integers(0, 2)))]
    subjects = [(p["customer_id"], p["id"], "partner_tax") for p in purchases]
    subjects += [(o["customer_id"], i["id"], "store_item") for o in orders for i in o["items"]]
    refunds = []
    for customer_id, subject_id, kind in draw(st.lists(st.sampled_from(subjects), max_size=3)) if subjects else []:
        refunds.append({"id": next(all_ids), "customer_id": customer_id, "subject_id": subject_id,
                        "kind": kind, "amount": draw(MONEY), "currency": "USD",
                        "created_at": draw(instants()),
                        "status": draw(st.sampled_from(["submitted", "approved", "rejected"]))})
    return {"customers": customers, "orders": orders, "partner_purchases": purchases,
            "subscriptions": subscriptions, "refund_requests": refunds}


@settings(max_examples=25, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(doc=documents())
def test_generated_documents_round_trip(db_url, doc):
    validate_document(doc)
    load(db_url, doc)  # replaces everything, so examples do not leak into each other
    assert export(db_url) == doc


def test_instants_come_back_in_their_own_zone(db_url, example_doc):
    example_doc["orders"][0]["placed_at"] = "2026-11-20T16:30:00+07:00"
    load(db_url, example_doc)
    placed_at = Store(db_url).get_order("CUST-1001", "ORD-1001").placed_at
    assert placed_at == datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc)
    assert placed_at.utcoffset() == timedelta(hours=7)
    assert export(db_url)["orders"][0]["placed_at"] == "2026-11-20T16:30:00+07:00"


def test_demo_data_set_is_valid():
    validate_document(json.loads((Path(ROOT) / "data" / "demo" / "orders.json").read_text(encoding="utf-8")))
