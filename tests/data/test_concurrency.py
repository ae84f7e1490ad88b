"""Real concurrency: several threads, each with its own Store call (own session and
connection), released together by a Barrier. Exactly one may win."""
from __future__ import annotations

import threading
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from bot.data.store import Store

NOW = datetime(2026, 11, 22, 8, 0, tzinfo=timezone.utc)


def run_together(n: int, work):
    barrier = threading.Barrier(n)
    results, errors = [None] * n, []

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = work(index)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


@pytest.mark.parametrize("threads", [2, 8])
def test_concurrent_cancels_of_one_item_have_exactly_one_winner(store: Store, threads):
    results = run_together(threads, lambda i: store.cancel_items(
        "CUST-1001", "ORD-1001", ["ITM-1"], f"conv-{i}", NOW))
    winners = [r for r in results if r.cancelled == ("ITM-1",)]
    losers = [r for r in results if r.already_cancelled == ("ITM-1",)]
    assert len(winners) == 1 and len(losers) == threads - 1
    audit = [a for a in store.audit_log("CUST-1001") if a["action"] == "cancel_item"]
    assert len(audit) == 1 and audit[0]["subject_id"] == "ITM-1"


def test_concurrent_refund_requests_create_exactly_one(store: Store):
    results = run_together(6, lambda i: store.create_refund_request(
        "CUST-2001", "PPB-3001", "partner_benefit", Decimal("475.00"), "USD", f"conv-{i}", NOW))
    assert sum(created for _, created in results) == 1
    assert len({request.id for request, _ in results}) == 1
    assert len(store.list_refund_requests("CUST-2001")) == 1


def test_processes_starting_together_create_the_schema_once(db_url):
    """Action server, page backend and CLI may all start on an empty database."""
    from bot.data.engine import _create, ensure_schema

    engines = [_create(db_url) for _ in range(4)]  # separate pools, as separate processes
    try:
        run_together(4, lambda i: ensure_schema(engines[i]))
    finally:
        for engine in engines:
            engine.dispose()
    assert Store(db_url).get_customer("CUST-1001") is None  # usable, and empty
