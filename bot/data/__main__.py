"""``python -m bot.data load FILE | export [FILE] | is-empty`` (a contract: keep names).

- ``load`` validates the whole file first, then replaces the data set in ONE
  transaction (delete all, insert all). Any problem exits 2 with ``<path>: <problem>``
  on stderr and leaves the database exactly as it was. The audit log is kept, not
  cleared: it records what the assistant did and must survive a data reload; the load
  itself is logged as ``load_data_set``.
- ``export`` writes the current data set (including refund requests and cancellations)
  in the same format, UTF-8, indent 2; stdout by default.
- ``is-empty`` exits 0 when there are no customers, 1 otherwise (``make run`` loads the
  demo data only into an empty database).
All honour ``SUPPORT_DB_URL``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Dict, List, NoReturn, Tuple

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from bot import config
from bot.data.document import export_data_set, replace_data_set
from bot.data.engine import get_engine, session_scope
from bot.data.schema import CustomerRow
from bot.data.validate import DataFormatError, validate_document

EXIT_BAD_INPUT = 2


class _BadFile(Exception):
    pass


def read_document(path: str) -> Any:
    """Parse ``path`` as strict JSON (UTF-8, no NaN/Infinity, no duplicate keys)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise _BadFile(f"{path}: cannot read file: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _BadFile(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys,
                          parse_constant=_no_constants)
    except json.JSONDecodeError as exc:
        raise _BadFile(f"{path}: invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from exc
    except ValueError as exc:
        raise _BadFile(f"{path}: invalid JSON: {exc}") from exc


def _no_duplicate_keys(pairs: List[Tuple[str, Any]]) -> Dict[str, Any]:
    seen: Dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError(f"duplicate key {json.dumps(key, ensure_ascii=False)}")
        seen[key] = value
    return seen


def _no_constants(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a JSON number")


def cmd_load(args: argparse.Namespace) -> int:
    doc = read_document(args.file)
    validate_document(doc)
    engine = get_engine(args.db)
    with session_scope(engine, write=True) as session:
        counts = replace_data_set(session, doc, datetime.now(timezone.utc))
    print(f"loaded {counts['customers']} customers, {counts['orders']} orders "
          f"({counts['order_items']} items), {counts['partner_purchases']} partner purchases, "
          f"{counts['subscriptions']} subscriptions ({counts['charges']} charges), "
          f"{counts['refund_requests']} refund requests into "
          f"{engine.url.render_as_string(hide_password=True)}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with session_scope(get_engine(args.db)) as session:
        doc = export_data_set(session)
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if args.file in (None, "-"):
        sys.stdout.write(text)
        return 0
    target = Path(args.file)
    fd, tmp = tempfile.mkstemp(dir=target.parent if str(target.parent) else ".", prefix=".export-")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    os.replace(tmp, target)  # readers never see a half-written file
    return 0


def cmd_is_empty(args: argparse.Namespace) -> int:
    with session_scope(get_engine(args.db)) as session:
        has_customer = session.execute(select(CustomerRow.id).limit(1)).first() is not None
    return 1 if has_customer else 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bot.data", description="Order data set tools.")
    p.add_argument("--db", default=None, help="SQLAlchemy URL (default: SUPPORT_DB_URL)")
    sub = p.add_subparsers(dest="command", required=True)
    load = sub.add_parser("load", help="validate FILE and atomically replace the data set")
    load.add_argument("file")
    load.set_defaults(run=cmd_load)
    export = sub.add_parser("export", help="write the data set as JSON (stdout by default)")
    export.add_argument("file", nargs="?")
    export.set_defaults(run=cmd_export)
    empty = sub.add_parser("is-empty", help="exit 0 if there are no customers, else 1")
    empty.set_defaults(run=cmd_is_empty)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.db = args.db or config.db_url()
    try:
        return int(args.run(args))
    except (_BadFile, DataFormatError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BAD_INPUT
    except SQLAlchemyError as exc:
        print(f"database: {type(exc).__name__}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"{getattr(exc, 'filename', None) or 'io'}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
