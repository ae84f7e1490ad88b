"""Customer identity: signed HS256 tokens (PyJWT).

Identity is only ever derived from a verified token; see ``tokens.verify_token``.
"""
from bot.auth.tokens import issue_token, token_fingerprint, verify_token

__all__ = ["issue_token", "verify_token", "token_fingerprint"]
