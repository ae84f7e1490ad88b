"""The demo customers offered by the sign-in switcher.

Read from the order database (table ``customers``) so the switcher always
matches the loaded demo data. Before the database exists (fresh checkout, or a
test without one) it falls back to the demo fixture file, so the page still
works; the backend never creates the database itself.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import List, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bot.web.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

FALLBACK_FILES = (PROJECT_ROOT / "data" / "demo" / "orders.json",
                  Path("/work/shared/fixtures/example.json"))


@dataclass(frozen=True)
class DemoCustomer:
    id: str
    name: str
    preferred_language: str

    def public(self) -> dict:
        return {"id": self.id, "name": self.name, "preferred_language": self.preferred_language}


def _sqlite_missing(db_url: str) -> bool:
    url = make_url(db_url)
    return url.get_backend_name() == "sqlite" and bool(url.database) and not Path(url.database).exists()


def from_database(db_url: str) -> List[DemoCustomer]:
    if _sqlite_missing(db_url):
        return []
    engine = sa.create_engine(db_url)
    try:
        table = sa.Table("customers", sa.MetaData(), autoload_with=engine)
        order = table.c.seq if "seq" in table.c else table.c.id  # seq keeps the data file's order
        query = sa.select(table.c.id, table.c.name, table.c.preferred_language).order_by(order)
        with engine.connect() as conn:
            return [DemoCustomer(str(r.id), str(r.name), str(r.preferred_language or "vi")) for r in conn.execute(query)]
    finally:
        engine.dispose()


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
