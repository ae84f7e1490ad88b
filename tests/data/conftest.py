"""Fixtures for the order data store: one suite, two backends.

``db_url`` is parametrised over SQLite (a fresh file per test) and PostgreSQL (a fresh
schema per test on 127.0.0.1:5432, database ``test``, selected with ``search_path``
and dropped afterwards). Locally an unreachable PostgreSQL skips with the reason;
with ``CI=true`` it fails instead, so CI cannot silently test only SQLite.
"""
from __future__ import annotations

import copy
import json
import os
import shutil
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.data.document import replace_data_set
from bot.data.engine import dispose_engine, get_engine, session_scope
from bot.data.store import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "fixtures" / "example.json"
SHARED_EXAMPLE = Path("/work/shared/fixtures/example.json")
PG_HOST = os.environ.get("SUPPORT_TEST_PG_HOST", "127.0.0.1:5432")
PG_USERS = ("postgres", "root")


def example_path() -> Path:
    if not EXAMPLE.exists() and SHARED_EXAMPLE.exists():
        EXAMPLE.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(SHARED_EXAMPLE, EXAMPLE)
    return EXAMPLE


@pytest.fixture(scope="session")
def example_doc_session() -> dict:
    return json.loads(example_path().read_text(encoding="utf-8"))


@pytest.fixture
def example_doc(example_doc_session) -> dict:
    return copy.deepcopy(example_doc_session)


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    """A URL that reaches the test PostgreSQL, or skip (fail under CI=true)."""
    problems = []
    for user in PG_USERS:
        url = f"postgresql://{user}@{PG_HOST}/test"
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        try:
            with engine.connect() as conn:
                conn.execute(text("select 1"))
            return url
        except Exception as exc:  # noqa: BLE001 - any failure means "unreachable"
            problems.append(f"{user}: {str(exc).splitlines()[0]}")
        finally:
            engine.dispose()
    reason = f"PostgreSQL at {PG_HOST}/test unreachable ({'; '.join(problems)})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason + " - required when CI=true")
    pytest.skip(reason)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/var/support.db"
        yield url
        dispose_engine(url)
        return
    admin_url = request.getfixturevalue("pg_admin_url")
    schema = f"test_data_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{admin_url}?options=-csearch_path%3D{schema}"
    try:
        yield url
    finally:
        dispose_engine(url)
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def load(url: str, doc: dict) -> None:
    with session_scope(get_engine(url), write=True) as session:
        replace_data_set(session, doc, datetime.now(timezone.utc))


@pytest.fixture
def store(db_url, example_doc) -> Store:
    """A store holding the shared example data set."""
    load(db_url, example_doc)
    return Store(db_url)
