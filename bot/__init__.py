"""Support assistant core: rules, data store, identity, language and web page.

Nothing in this package imports Rasa except ``bot.nlu`` (custom NLU components)
and ``bot.rasa_compat.tracker_store``; the business rules in ``bot.rules`` import nothing
but the standard library and python-dateutil.
"""
