"""Start, watch and stop the project's processes (used by ``make run`` and tests).

Each service runs in its own process group so stopping it also stops any
children (Rasa spawns none today, Sanic workers might); nothing is orphaned.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

from bot import config

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


@dataclass
class Service:
    name: str
    argv: List[str]
    health_url: str
    public_url: str
    env: Dict[str, str] = field(default_factory=dict)
    log_path: Path | None = None
    proc: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "PYTHONPATH": str(ROOT), **self.env}
        out = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self.proc = subprocess.Popen(self.argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                     start_new_session=True)

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(self.health_url, timeout=2) as resp:  # noqa: S310 - loopback
                return resp.status == 200
        except OSError:
            return False

    def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with code {self.proc.returncode}; see {self.log_path}")
            if self.healthy():
                return
            time.sleep(0.5)
        raise TimeoutError(f"{self.name} did not answer {self.health_url} within {timeout:.0f}s")

    def stop(self, sig: int = signal.SIGTERM, grace: float = 15) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, sig)
            self.proc.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        except ProcessLookupError:
            pass


# Rasa's aiohttp client keeps idle connections for 15 s; Sanic closes them after 5 s
# by default, so a reused connection could be closing under Rasa's request ("Cannot
# write to closing transport", a lost turn). The server must outlive the client's pool.
ACTION_SERVER_ENV = {"SANIC_HOST": "127.0.0.1", "SANIC_KEEP_ALIVE_TIMEOUT": "75"}


def action_server(port: int = 5055, log_dir: Path = ROOT / "var") -> Service:
    return Service("action server", [str(VENV_BIN / "python"), "-m", "bot.action_server", "--actions", "actions",
                                     "-p", str(port)],
                   f"http://127.0.0.1:{port}/health", f"http://127.0.0.1:{port}/webhook",
                   env=ACTION_SERVER_ENV, log_path=log_dir / "actions.log")


def rasa_server(model: str, port: int = 5005, endpoints: str = "endpoints.yml",
                log_dir: Path = ROOT / "var", extra_env: Dict[str, str] | None = None) -> Service:
    argv = [str(VENV_BIN / "rasa"), "run", "--model", model, "--endpoints", endpoints,
            "--credentials", "credentials.yml", "--interface", "127.0.0.1", "--port", str(port)]
    return Service("rasa server", argv, f"http://127.0.0.1:{port}/webhooks/rest/",
                   f"http://127.0.0.1:{port}/webhooks/rest/webhook", env=extra_env or {},
                   log_path=log_dir / f"rasa-{port}.log")


def page_server(port: int = 8080, rasa_url: str = "http://127.0.0.1:5005", log_dir: Path = ROOT / "var",
                extra_env: Dict[str, str] | None = None) -> Service:
    return Service("support page", [str(VENV_BIN / "python"), "-m", "bot.web"],
                   f"http://127.0.0.1:{port}/healthz", f"http://127.0.0.1:{port}/",
                   env={"SUPPORT_WEB_PORT": str(port), "SUPPORT_RASA_URL": rasa_url, **(extra_env or {})},
                   log_path=log_dir / "web.log")


def latest_model(models_dir: Path = ROOT / "models") -> Path | None:
    """$SUPPORT_MODEL if set (to test a candidate model), else the newest models/*.tar.gz."""
    chosen = config.get("SUPPORT_MODEL")
    if chosen:
        return Path(chosen)
    models = sorted(models_dir.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return models[-1] if models else None
