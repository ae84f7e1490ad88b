"""Hand-off to a person: the queue, agent accounts and the rules for "is anybody there".

``rules`` is pure (reasons, opening hours, status transitions); ``store`` keeps the
queue, agents and their audit in ``SUPPORT_DB_URL`` so the action server, every page
backend instance and the agent inbox see the same state.
"""
