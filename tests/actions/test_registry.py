"""The action server registers exactly the domain's custom actions."""
from __future__ import annotations

from pathlib import Path

import yaml
from rasa_sdk.executor import ActionExecutor

ROOT = Path(__file__).resolve().parents[2]
FORMS = {"cancel_order_form", "partner_refund_form", "tax_refund_form"}


def test_every_domain_action_is_registered_and_nothing_else():
    executor = ActionExecutor()
    executor.register_package("actions")
    registered = set(executor.actions)
    domain = set(yaml.safe_load((ROOT / "domain.yml").read_text())["actions"])
    assert registered == domain - FORMS
    assert "" not in registered
