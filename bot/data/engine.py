"""Engines and units of work.

One engine per process and URL (engines own connection pools and are thread-safe), one
short-lived session per unit of work (sessions are not thread-safe: the reference demo's
module-level session shared between concurrent requests is exactly the flaw avoided here).

Why no Alembic: the data set is replaced wholesale by ``python -m bot.data load`` and the
schema has a single version, so ``ensure_schema`` (``create_all``, a no-op for existing
tables) is all the migration there is. The first schema change that must preserve live
data (e.g. the audit log) is the moment to add Alembic, with this schema as its baseline.
"""
from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Dict, Iterator, Set, Tuple

from sqlalchemy import MetaData, create_engine, event, func, select
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from bot import config
from bot.data.schema import Base

SQLITE_BUSY_TIMEOUT_MS = 10_000
SCHEMA_LOCK_KEY = 0x5EED_0DA7A  # any constant shared by every process of this project
# Fixed statements chosen by name: never SQL assembled from input.
_SQLITE_BEGIN = {"deferred": "BEGIN", "immediate": "BEGIN IMMEDIATE"}

_engines: Dict[str, Engine] = {}
_ensured: Set[Tuple[int, int]] = set()  # (engine, metadata) pairs whose tables exist
_lock = threading.Lock()


def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for ``url`` (default ``SUPPORT_DB_URL``), schema ensured."""
    url = url or config.db_url()
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _create(url)
            ensure_schema(engine)
            _engines[url] = engine
        return engine


def ensure_tables(engine: Engine, metadata: MetaData) -> None:
    """``ensure_schema`` for another module's tables, once per engine and process.

    The page's sessions and the hand-off queue keep their own ``MetaData``; their stores
    are cheap to build (no cache of store objects to clear) because this runs once.
    """
    key = (id(engine), id(metadata))
    with _lock:
        if key in _ensured:
            return
    ensure_schema(engine, metadata)
    with _lock:
        _ensured.add(key)


def dispose_engine(url: str) -> None:
    """Forget and close the cached engine for ``url`` (tests, and before dropping a DB)."""
    with _lock:
        engine = _engines.pop(url, None)
        if engine is not None:
            _ensured.difference_update({k for k in _ensured if k[0] == id(engine)})
    if engine is not None:
        engine.dispose()


def ensure_schema(engine: Engine, metadata: MetaData | None = None) -> None:
    """Create any missing table. The one place the schema comes into existence.

    Several processes (action server, page backend, CLI) may start together on an
    empty database, so check-and-create runs under a lock: a transaction-scoped advisory
    lock on PostgreSQL, the write lock (``BEGIN IMMEDIATE``) on SQLite.
    """
    with engine.execution_options(sqlite_begin="immediate").begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(SCHEMA_LOCK_KEY)))
        (metadata or Base.metadata).create_all(conn)


def _create(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, future=True, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True, connect_args={"check_same_thread": False})
    _configure_sqlite(engine)
    return engine


def _switch_to_wal(cursor: Any) -> None:
    """``PRAGMA journal_mode=WAL``, retried while another process holds the database.

    Switching the journal mode needs an exclusive lock, and SQLite answers "database
    is locked" at once, without its busy handler, when waiting could deadlock (another
    connection is mid-``BEGIN IMMEDIATE`` on a fresh file). Several processes opening
    an empty database together hit exactly that, so retry for the busy timeout.
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _configure_sqlite(engine: Engine) -> None:
    """WAL (readers never block the writer), a busy timeout instead of instant "database
    is locked" errors, enforced foreign keys, and transactions we begin ourselves so a
    writer can take the write lock up front with ``BEGIN IMMEDIATE``: two concurrent
    cancels then run one after the other instead of both reading "not cancelled"."""

    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let the "begin" hook issue BEGIN
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT_MS)}")
        _switch_to_wal(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "deferred")
        connection.exec_driver_sql(_SQLITE_BEGIN[mode])

    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)


@contextmanager
def session_scope(engine: Engine, *, write: bool = False) -> Iterator[Session]:
    """One session = one transaction: commit on success, roll back on any error.

    ``write=True`` marks a read-modify-write unit: on SQLite it begins with
    ``BEGIN IMMEDIATE`` (take the write lock before reading); on PostgreSQL callers lock
    the rows they will change with ``SELECT ... FOR UPDATE``.
    """
    bind = engine.execution_options(sqlite_begin="immediate") if write else engine
    session = Session(bind=bind, future=True, expire_on_commit=False)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
