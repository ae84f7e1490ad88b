"""``python -m bot.web``: serve the support page on SUPPORT_WEB_HOST:SUPPORT_WEB_PORT."""
from __future__ import annotations

import logging
import os

from bot.web.app import create_app


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    host = os.environ.get("SUPPORT_WEB_HOST", "127.0.0.1")
    port = int(os.environ.get("SUPPORT_WEB_PORT", "8080"))
    app = create_app()
    app.run(host=host, port=port, access_log=False, motd=False, workers=1)


if __name__ == "__main__":
    main()
