"""``python -m bot.auth token CUSTOMER_ID [--ttl SECONDS]``: print a customer token.

Signed with ``SUPPORT_TOKEN_SECRET``; against the ``make run`` demo, which keeps its
random secret in ``var/``, run it with ``SUPPORT_DEMO=1``.
"""
from __future__ import annotations

import argparse
import sys

from bot import config
from bot.auth.tokens import DEFAULT_TTL_SECONDS, issue_token


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.auth")
    sub = parser.add_subparsers(dest="command", required=True)
    tok = sub.add_parser("token", help="print a token signed with SUPPORT_TOKEN_SECRET")
    tok.add_argument("customer_id")
    tok.add_argument("--ttl", type=int, default=DEFAULT_TTL_SECONDS, help="lifetime in seconds")
    args = parser.parse_args(argv)
    if args.ttl <= 0:
        parser.error("--ttl must be positive")
    try:
        print(issue_token(args.customer_id, args.ttl))
    except config.ConfigError as exc:
        print(f"python -m bot.auth: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
