"""A whitespace tokenizer whose lemmas are diacritic-folded.

Phone users often type Vietnamese without diacritics ("huy don hang"). The
CountVectorsFeaturizer featurizes ``token.lemma`` (``use_lemma: true``), so
folding the lemma lets "hủy đơn hàng" and "huy don hang" share word and
character n-gram features, while ``token.text`` and offsets stay untouched
for entity extraction and lexical features.
"""
from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.language import fold_diacritics


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False
)
class FoldingWhitespaceTokenizer(WhitespaceTokenizer):
    """WhitespaceTokenizer that sets each token's lemma to its folded lower form."""

    def tokenize(self, message: Message, attribute: str) -> List[Token]:
        """Tokenize as usual, then fold the lemma (never the text or offsets)."""
        tokens = super().tokenize(message, attribute)
        for token in tokens:
            token.lemma = fold_diacritics(token.text).lower()
        return tokens
