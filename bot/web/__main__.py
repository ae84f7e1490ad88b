"""``python -m bot.web``: serve the support page on SUPPORT_WEB_HOST:SUPPORT_WEB_PORT.

Refuses to start, naming the variable, when a setting is malformed or a secret is
missing outside demo mode (``bot.config``).
"""
from __future__ import annotations

import logging
import sys

from bot import config


def main() -> None:
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
