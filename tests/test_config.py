"""The one settings module: strict parsing, secrets never made up outside demo mode,
and the README's table generated from the same definitions."""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot import config

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def clean_env(monkeypatch):
    for name in config.VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize("name,raw,value", [
    ("SUPPORT_WEB_PORT", " 8081 ", 8081), ("SUPPORT_DEMO", "yes", True), ("SUPPORT_DEMO", "OFF", False),
    ("SUPPORT_TODAY", "2026-02-28", date(2026, 2, 28)), ("SUPPORT_RASA_URL", "http://rasa:5005/", "http://rasa:5005"),
    ("SUPPORT_ALLOWED_ORIGINS", "https://A.example.com, http://localhost:3000",
     ("https://a.example.com", "http://localhost:3000")),
    ("SUPPORT_WEB_PORT", "", 8080),  # blank is unset
])
def test_values_parse(name, raw, value):
    assert config.get(name, {name: raw}) == value


@pytest.mark.parametrize("name,raw", [
    ("SUPPORT_WEB_PORT", "80a"), ("SUPPORT_WEB_PORT", "0"), ("SUPPORT_WEB_PORT", "70000"),
    ("SUPPORT_DEMO", "maybe"), ("SUPPORT_TODAY", "01/12/2026"), ("SUPPORT_RASA_URL", "rasa:5005"),
    ("SUPPORT_ALLOWED_ORIGINS", "https://a.example.com/path"), ("SUPPORT_TRUSTED_PROXIES", "10.0.0.300"),
    ("SUPPORT_TOKEN_SECRET", "too-short"), ("SUPPORT_RASA_TIMEOUT", "-1"),
])
def test_a_bad_value_is_an_error_that_names_the_variable(name, raw):
    with pytest.raises(config.ConfigError, match=f"^{name}: "):
        config.get(name, {name: raw})


def test_a_bad_secret_is_not_echoed():
    with pytest.raises(config.ConfigError) as err:
        config.get("SUPPORT_TOKEN_SECRET", {"SUPPORT_TOKEN_SECRET": "hunter2"})
    assert "hunter2" not in str(err.value)


def test_no_secret_outside_demo_mode(clean_env):
    with pytest.raises(config.ConfigError, match="SUPPORT_TOKEN_SECRET is not set"):
        config.token_secret()
    with pytest.raises(config.ConfigError, match="SUPPORT_HOST_SECRET is not set"):
        config.require("SUPPORT_HOST_SECRET")


def test_the_environment_wins_over_demo_mode(clean_env):
    clean_env.setenv("SUPPORT_DEMO", "1")
    clean_env.setenv("SUPPORT_TOKEN_SECRET", "s" * 40)
    assert config.token_secret() == "s" * 40


def test_demo_secret_is_random_per_checkout_private_and_stable(tmp_path):
    config.demo_secret.cache_clear()
    first = config.demo_secret("token_secret", tmp_path)
    config.demo_secret.cache_clear()
    assert config.demo_secret("token_secret", tmp_path) == first and len(first) >= config.MIN_SECRET_CHARS
    assert config.demo_secret("host_secret", tmp_path) != first
    assert stat.S_IMODE((tmp_path / "demo_token_secret").stat().st_mode) == 0o600
    config.demo_secret.cache_clear()


def test_processes_started_together_agree_on_the_demo_secret(tmp_path):
    code = ("import sys; from pathlib import Path; from bot import config; "
            "print(config.demo_secret('token_secret', Path(sys.argv[1])))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True,
                              env=env) for _ in range(6)]
    assert len({p.communicate(timeout=60)[0].strip() for p in procs}) == 1


def test_token_cli_says_what_is_missing(clean_env):
    env = {k: v for k, v in os.environ.items() if k not in config.VARIABLES}
    done = subprocess.run([sys.executable, "-m", "bot.auth", "token", "CUST-1001"], cwd=ROOT, text=True,
                          capture_output=True, env={**env, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2 and "SUPPORT_TOKEN_SECRET is not set" in done.stderr
    assert "Traceback" not in done.stderr


def test_readme_table_is_generated_from_the_variables():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert config.markdown_table() in readme


def test_every_variable_read_in_code_is_declared():
    """No process reads a SUPPORT_* variable behind the settings module's back."""
    import re

    found = set()
    for folder in ("bot", "actions", "scripts"):
        for path in (ROOT / folder).rglob("*.py"):
            found |= set(re.findall(r"environ(?:\.get)?[\[(]\s*\"(SUPPORT_[A-Z0-9_]+)", path.read_text()))
    internal = {"SUPPORT_E5_THREADS", "SUPPORT_E5_BATCH_THREADS"}  # NLU tuning knobs, read where used
    assert found - internal <= set(config.VARIABLES)
