"""``python -m bot.web``: serve the support page; ``python -m bot.web agent add NAME``: an agent account.

Serving refuses to start, naming the variable, when a setting is malformed or a
secret is missing outside demo mode (``bot.config``). ``agent add`` asks for the
password twice on a terminal, or reads one line from standard input with
``--password-stdin`` (for scripts); running it again for the same name resets the
password and unlocks the account.
"""
from __future__ import annotations

import logging
import sys

from bot import config


def agent_command(argv: list[str]) -> int:
    import argparse
    import getpass

    from bot.handoff.passwords import hash_password
    from bot.handoff.store import HandoffStore

    parser = argparse.ArgumentParser(prog="python -m bot.web agent")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="create an agent account (or reset its password)")
    add.add_argument("name")
    add.add_argument("--display-name", help="the name customers see (default: NAME)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    args = parser.parse_args(argv)
    name = args.name.strip()
    if not name or len(name) > 64:
        parser.error("NAME must be 1 to 64 characters")
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            print("agent add: the passwords differ", file=sys.stderr)
            return 2
    try:
        hashed = hash_password(password)
    except ValueError as exc:
        print(f"agent add: {exc}", file=sys.stderr)
        return 2
    HandoffStore(config.db_url()).add_agent(name, (args.display_name or name).strip()[:100], hashed)
    print(f"agent add: {name} can now sign in at /agent")
    return 0


def main() -> None:
    if sys.argv[1:2] == ["agent"]:
        raise SystemExit(agent_command(sys.argv[2:]))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        config.require("SUPPORT_TOKEN_SECRET", "SUPPORT_HOST_SECRET")
    except config.ConfigError as exc:
        print(f"support page: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    from bot.web.app import create_app

    if config.demo_mode():
        logging.getLogger("bot.web").warning(
            "DEMO mode: the page lets anyone act as any demo customer. Never expose it.")
    app = create_app()
    app.run(host=config.get("SUPPORT_WEB_HOST"), port=config.get("SUPPORT_WEB_PORT"),
            access_log=False, motd=False, workers=1)


if __name__ == "__main__":
    main()
