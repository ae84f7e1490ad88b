"""The order data store: schema, engine, strict import/export and the scoped
repository the actions call (``Store``). See issue 4 and ``../shared/fixtures/FORMAT.md``.
"""
from bot.data.store import CancelResult, NotFound, Store
from bot.data.validate import DataFormatError, validate_document

__all__ = ["CancelResult", "DataFormatError", "NotFound", "Store", "validate_document"]
