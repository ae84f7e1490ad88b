"""The support page and its chat widget backend (``python -m bot.web``)."""
from bot.web.app import create_app

__all__ = ["create_app"]
