"""``make run``: start the action server, Rasa and the support page; stop all on Ctrl-C/SIGTERM."""
from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot import config  # noqa: E402
from bot.stack import ROOT, action_server, latest_model, page_server, rasa_server  # noqa: E402


def main() -> int:
    (ROOT / "var").mkdir(exist_ok=True)
    os.environ.setdefault("SUPPORT_DEMO", "1")  # the local demo; a value in the environment wins
    try:
        config.require("SUPPORT_TOKEN_SECRET", "SUPPORT_HOST_SECRET")
    except config.ConfigError as exc:
        print(f"run: {exc}", file=sys.stderr)
        return 2
    if config.demo_mode():
        print("run: DEMO mode: anyone can pick a demo customer on the page; secrets are this "
              "checkout's random ones in var/ (set SUPPORT_DEMO=0 and real secrets for anything else)")
    model = latest_model()
    if model is None:
        print("run: no trained model in models/ (make train)", file=sys.stderr)
        return 1
    services = [action_server(), rasa_server(str(model)), page_server()]
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    try:
        for svc in services:
            svc.start()
        for svc in services:
            svc.wait_healthy(timeout=300)
            print(f"run: {svc.name:15s} ready at {svc.public_url}", flush=True)
        print(f"run: using SUPPORT_DB_URL={config.db_url()} SUPPORT_TODAY={config.today().isoformat()}")
        print("run: press Ctrl-C to stop everything", flush=True)
        while not stop.wait(1):
            dead = [s for s in services if s.proc and s.proc.poll() is not None]
            if dead:
                print(f"run: {dead[0].name} exited unexpectedly; stopping (logs in var/)", file=sys.stderr)
                return 1
        return 0
    except (RuntimeError, TimeoutError) as exc:
        print(f"run: {exc}", file=sys.stderr)
        return 1
    finally:
        for svc in reversed(services):
            svc.stop()
        print("run: stopped", flush=True)


if __name__ == "__main__":
    sys.exit(main())
