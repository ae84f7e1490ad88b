"""The widget's strings, generated from the one catalogue (``widget.*`` and ``greet.intro``).

Served as ``/widget-i18n.js`` (and inside ``/embed.js``) so the page, the widget and
the assistant share one source: a label changed in ``bot/i18n/catalog/widget.yml``
changes everywhere, and the widget's greeting is the assistant's own ``greet.intro``.
Placeholders such as ``{name}`` stay in the text; the widget fills them.
"""
from __future__ import annotations

import json
import re
from typing import Any, Dict

from bot.i18n import LANGUAGES
from bot.i18n.catalog import entries

PREFIX = "widget."
TOPIC = re.compile(r"^widget\.topic\.(\d+)\.(title|message)$")


def widget_strings() -> Dict[str, Dict[str, Any]]:
    catalogue = entries()
    out: Dict[str, Dict[str, Any]] = {}
    for lang in LANGUAGES:
        strings: Dict[str, Any] = {key[len(PREFIX):]: texts[lang] for key, texts in catalogue.items()
                                   if key.startswith(PREFIX) and not TOPIC.match(key)}
        topics: Dict[int, Dict[str, str]] = {}
        for key, texts in catalogue.items():
            match = TOPIC.match(key)
            if match:
                topics.setdefault(int(match[1]), {})[match[2]] = texts[lang]
        strings["topics"] = [topics[n] for n in sorted(topics)]
        strings["greeting"] = catalogue["greet.intro"][lang]
        out[lang] = strings
    return out


def _as_script(global_name: str, strings: Dict[str, Dict[str, Any]]) -> str:
    body = json.dumps(strings, ensure_ascii=False, indent=1, sort_keys=True)
    return "/* Generated from bot/i18n/catalog (bot/web/strings.py): do not edit. */\n" \
           f"window.{global_name} = {body};\n"


def widget_strings_js() -> str:
    return _as_script("SupportWidgetStrings", widget_strings())


AGENT_PREFIX = "agent."


def agent_strings() -> Dict[str, Dict[str, Any]]:
    """The agent inbox's labels per language; dotted keys become nested objects."""
    catalogue = entries()
    out: Dict[str, Dict[str, Any]] = {}
    for lang in LANGUAGES:
        strings: Dict[str, Any] = {}
        for key, texts in catalogue.items():
            if not key.startswith(AGENT_PREFIX):
                continue
            *groups, leaf = key[len(AGENT_PREFIX):].split(".")
            node = strings
            for group in groups:
                node = node.setdefault(group, {})
            node[leaf] = texts[lang]
        out[lang] = strings
    return out


def agent_strings_js() -> str:
    return _as_script("AgentStrings", agent_strings())
