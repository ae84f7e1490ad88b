"""``python -m bot.action_server``: the Rasa SDK action server, after a configuration check.

Why a wrapper instead of ``python -m rasa_sdk``: outside demo mode the action
server must refuse to start without a real ``SUPPORT_TOKEN_SECRET``, with a message
that names it, before it accepts a single request. Arguments are rasa_sdk's own.
"""
from __future__ import annotations

import sys

from bot import config


def main() -> None:
    try:
        config.require("SUPPORT_TOKEN_SECRET")
    except config.ConfigError as exc:
        print(f"action server: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    from rasa_sdk.__main__ import main as rasa_sdk_main

    rasa_sdk_main()


if __name__ == "__main__":
    main()
