"""The demo customers offered by the sign-in switcher.

Read from the order database (table ``customers``) so the switcher always
matches the loaded demo data. While that table is empty (a database nobody has
loaded yet) it falls back to the project's demo data file, so the page still works.
The switcher exists in demo mode only (``SUPPORT_DEMO=1``, ``make run``).
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence

import sqlalchemy as sa

from bot.config import ROOT as PROJECT_ROOT
from bot.data.engine import get_engine
from bot.data.schema import CustomerRow

log = logging.getLogger(__name__)

FALLBACK_FILES = (PROJECT_ROOT / "data" / "demo" / "orders.json",)


@dataclass(frozen=True)
class DemoCustomer:
    id: str
    name: str
    preferred_language: str

    def public(self) -> dict:
        return {"id": self.id, "name": self.name, "preferred_language": self.preferred_language}


def from_database(db_url: str) -> List[DemoCustomer]:
    """Customers in the data file's order, through the process-wide engine (no reflection)."""
    engine = get_engine(db_url)
    query = sa.select(CustomerRow.id, CustomerRow.name, CustomerRow.preferred_language).order_by(CustomerRow.seq)
    with engine.connect() as conn:
        return [DemoCustomer(str(r.id), str(r.name), str(r.preferred_language or "vi")) for r in conn.execute(query)]


def from_file(paths: Sequence[Path] = FALLBACK_FILES) -> List[DemoCustomer]:
    for path in paths:
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            return [DemoCustomer(c["id"], c["name"], c.get("preferred_language") or "vi")
                    for c in data.get("customers", [])]
    return []


def demo_customers(db_url: str) -> List[DemoCustomer]:
    """Customers from the database, else from the demo fixture file."""
    try:
        found = from_database(db_url)
    except sa.exc.SQLAlchemyError as exc:
        log.info("customers table not readable (%s); using the demo fixture", type(exc).__name__)
        found = []
    return found or from_file()
