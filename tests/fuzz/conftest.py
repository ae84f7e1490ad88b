"""The fuzzer runs on the same model choice as the typed conversations (SUPPORT_TEST_MODEL)."""
from tests.conversations.model import trained_model  # noqa: F401
