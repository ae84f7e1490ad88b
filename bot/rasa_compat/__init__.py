"""Everything that reaches into Rasa 3.6's internals, in one place.

Rasa is pinned to 3.6.21; these modules subclass or patch parts of it that are not a
public API, so each Rasa upgrade must re-check them. Importing this package checks the
installed version and says so loudly (a warning, not a crash: the page backend and the
CLIs never import it) when it differs.

What to re-check on upgrade, per module:

- ``speedups``: ``RemoteAction._validate_action_result`` and
  ``RemoteAction.action_response_format_spec`` (the cached validator replaces the
  former), ``Event.resolve_by_type`` and ``RulePolicy._is_rule_applicable`` (both
  replaced by equivalents); ``tests/reliability/test_rasa_speedups.py`` compares
  each with Rasa's own.
- ``tracker_store``: ``SQLTrackerStore.save``, ``_retrieve``, ``_additional_events``
  (both overridden), ``_event_query``, ``SQLEvent``, ``session_scope`` and
  ``TrackerStore._stream_new_events`` (redaction happens in both the database write
  and the event-broker stream); ``tests/security/test_redaction.py`` compares reads
  and saves with Rasa's own store.
- ``lock_store``: ``RedisLockStore`` (``issue_ticket``, ``get_lock``, ``save_lock``,
  the key prefix) - see ``tests/reliability/test_lock_store.py``.
- ``bot/channels.py`` (not here: a documented extension point, ``RestInput``).
"""
from __future__ import annotations

import warnings

RASA_VERSION = "3.6.21"


def check_rasa_version() -> bool:
    """True when the installed Rasa is the one these overrides were written for."""
    from rasa.version import __version__

    if __version__ != RASA_VERSION:
        warnings.warn(f"bot.rasa_compat was written for Rasa {RASA_VERSION}, found {__version__}: "
                      "re-check the overrides listed in bot/rasa_compat/__init__.py", RuntimeWarning, stacklevel=2)
        return False
    return True


check_rasa_version()
