"""Lines made of made-up words: "truong phuych loang", "hurflebox trundicated the quimsy zorbles".

The junk filter's older word checks need every word unknown, or the known ones
short; a made-up line often catches one real word by chance ("truong", "again").
This check asks instead whether the line holds words nobody could mean:

* a word is *recognised* when the training data knows it (accented words in
  their accented spelling, see :func:`bot.nlu.junk.known_words`), when it is a
  common English word, or, for a word that is not a Vietnamese syllable, when
  it is one typing slip away from a training word ("cancle", "hoanf");
* a word is *impossible* when it is unrecognised and, folded, is no syllable
  of the Vietnamese dictionary ("phuych", "thuyt", "hurflebox").

A line is made up when it has three or more words and no digit or entity, at
than half of its words (and two or more) are unrecognised, at least one is
impossible, and no neighbouring words make a dictionary word. A customer's
sentence with a typo or an unknown product name keeps most of its words
recognised; measured on every held-out line and conversation turn in the
project, none is caught (docs/nlu.md, round 12).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import List, Tuple

from bot.nlu.lexicon import (
    accented_syllables,
    canonical,
    folded_syllables,
    in_folded_dictionary_words,
    is_common_english_word,
    is_marked,
)

MIN_WORDS = 3
MIN_UNRECOGNISED = 2
UNRECOGNISED_SHARE = 0.5
MIN_FUZZY_LETTERS = 4


def _max_slips(word: str) -> int:
    return 1 if len(word) < 8 else 2


@lru_cache(maxsize=8192)
def _near(word: str, vocabulary: frozenset) -> bool:
    """One or two typing slips (OSA distance: a swap counts once) from a training word."""
    if len(word) < MIN_FUZZY_LETTERS:
        return False
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    slips = _max_slips(word)
    return process.extractOne(word, vocabulary, scorer=OSA.distance, score_cutoff=slips) is not None


# The shape of a Vietnamese syllable typed without marks: onset, vowels, final.
_SYLLABLE_SHAPE = re.compile(r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?[aeiouy]{1,3}"
                             r"(?:ch|ng|nh|[cmnpt])?")


def word_verdicts(words: List[Tuple[str, bool]], vocabulary: frozenset,
                  typed: List[str] | None = None) -> List[Tuple[bool, bool]]:
    """For each (folded word, known in training data): (recognised, impossible).

    A word shaped like a Vietnamese syllable but missing from the dictionary
    ("phuych", "thoong") is made up; only a word of another shape (English, a
    Telex slip: "cancle", "hoanf") may be a typing slip of a training word.
    A word typed with marks (``typed``, as the customer wrote it) must be a
    syllable in its accented spelling: "thoăng" folds to a real "thoang" but is none.
    """
    syllables, accented = folded_syllables(), accented_syllables()
    verdicts = []
    for i, (word, known) in enumerate(words):
        as_typed = typed[i] if typed and len(typed) == len(words) else word
        is_syllable = (canonical(as_typed) in accented) if is_marked(as_typed) else word in syllables
        vietnamese_shaped = _SYLLABLE_SHAPE.fullmatch(word) is not None
        recognised = known or is_common_english_word(word) or (
            not vietnamese_shaped and _near(word, vocabulary))
        verdicts.append((recognised, not recognised and not is_syllable and word.isalpha()))
    return verdicts


def is_made_up(words: List[Tuple[str, bool]], vocabulary: frozenset, text: str,
               typed: List[str] | None = None) -> bool:
    """See the module docstring; ``words`` come from :func:`bot.nlu.junk.known_words`,
    ``typed`` are the same words as typed (:func:`bot.nlu.junk.accented_words_of`)."""
    if len(words) < MIN_WORDS or not vocabulary or any(c.isdigit() for c in text):
        return False
    verdicts = word_verdicts(words, vocabulary, typed)
    unrecognised = sum(1 for recognised, _ in verdicts if not recognised)
    if unrecognised < MIN_UNRECOGNISED or unrecognised / len(words) <= UNRECOGNISED_SHARE:
        return False
    if not any(impossible for _, impossible in verdicts):
        return False
    return not in_folded_dictionary_words([w for w, _ in words])
