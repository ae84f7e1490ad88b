"""Start, watch and stop the project's processes (used by ``make run`` and tests).

Each service runs in its own process group so stopping it also stops any
children (Rasa spawns none today, Sanic workers might); nothing is orphaned.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List

import yaml

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


def free_port() -> int:
    """A TCP port nobody listens on right now (loopback)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LocalStack:
    """Action server, Rasa and page on free ports, with their own databases and logs.

    Started the way ``make run`` starts them, in ``workdir``: an SQLite order
    database loaded with ``data`` (if given), an SQLite tracker store, and every
    log file. ``env`` goes to every process (secrets, ``SUPPORT_TODAY``);
    ``page_env`` only to the page. Used by the end-to-end tests and the bench.
    """

    workdir: Path
    model: str
    env: Dict[str, str] = field(default_factory=dict)
    page_env: Dict[str, str] = field(default_factory=dict)
    action_port: int = field(default_factory=free_port)
    rasa_port: int = field(default_factory=free_port)
    web_port: int = field(default_factory=free_port)
    services: Dict[str, Service] = field(default_factory=dict)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def webhook(self) -> str:
        return f"{self.rasa_url}/webhooks/rest/webhook"

    def write_endpoints(self) -> Path:
        path = self.workdir / "endpoints.yml"
        path.write_text(yaml.safe_dump({
            "action_endpoint": {"url": f"http://127.0.0.1:{self.action_port}/webhook"},
            "tracker_store": {"type": "bot.rasa_compat.tracker_store.RedactingSQLTrackerStore",
                              "dialect": "sqlite", "db": str(self.workdir / "tracker.db")},
        }))
        return path

    def start(self, data: Path | None = None) -> LocalStack:
        """Load ``data`` into the order database, start the three processes, wait for health."""
        if data is not None:
            self.load(data)
        endpoints = self.write_endpoints()
        self.services = {
            "actions": action_server(self.action_port, log_dir=self.workdir),
            "rasa": rasa_server(self.model, self.rasa_port, str(endpoints), log_dir=self.workdir),
            "web": page_server(self.web_port, self.rasa_url, log_dir=self.workdir, extra_env=self.page_env),
        }
        for svc in self.services.values():
            svc.env = {**svc.env, **self.env}
            svc.start()
        for svc in self.services.values():
            svc.wait_healthy(timeout=300)
        return self

    def stop(self) -> None:
        for svc in self.services.values():
            svc.stop()

    def cli(self, *args: str, input_text: str | None = None) -> subprocess.CompletedProcess:
        """``python <args>`` with this stack's environment (its database, its secrets)."""
        return subprocess.run([sys.executable, *args], cwd=ROOT, env={**os.environ, **self.env},
                              capture_output=True, text=True, input=input_text, timeout=120)

    def load(self, path: Path) -> None:
        result = self.cli("-m", "bot.data", "load", str(path))
        if result.returncode != 0:
            raise RuntimeError(f"loading {path} failed: {result.stderr}")

    def token(self, customer_id: str, ttl: int = 3600) -> str:
        """A signed customer token, as the host site would issue it."""
        result = self.cli("-m", "bot.auth", "token", customer_id, "--ttl", str(ttl))
        if result.returncode != 0:
            raise RuntimeError(f"signing a token failed: {result.stderr}")
        return result.stdout.strip()
