"""Which words are real words, beyond the training data's own vocabulary.

Accented Vietnamese words: a tone-neutral spelling and the dictionary pyvi ships.

Why: folding diacritics makes made-up but validly spelled syllables look known
("phấp lừng" folds to "phap lung", the folded spelling of real words), so the
junk filter compares accented words in their accented form. Two spellings of
one syllable ("huỷ" and "hủy": the tone mark on a different vowel) must count as
one, hence :func:`canonical`.

Many real words never appear in the training data, and any syllable on its own
is in a full syllable list (even "khượt"), so a syllable also counts as known
when it makes a dictionary word of two to four syllables with its neighbours
("thời tiết", "Hà Nội"): made-up lines rarely do. The dictionary is pyvi's
word list (``pyvi/models/words.txt``), already installed for word segmentation;
this is the only module that reads it. Without it only the training words count.

A single common English word ("hiya", "absolutely") is something a person
means even when the training data lacks it; :func:`is_common_english_word`
asks ``wordfreq`` (its word lists ship inside the wheel; this is the only module
that imports it).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import FrozenSet, List, Sequence

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng
MAX_WORD_SYLLABLES = 4
# Zipf frequency (log10 per billion words) of a common word: "hiya" 3.1, "absolutely" 5.0;
# made-up or Latin filler scores 0 ("blorp", "lorem", "asdf").
COMMON_ZIPF = 3.0
MIN_COMMON_LETTERS = 4
# Any English word at all: "cardigan" 2.9, "kettles" 2.4; Vietnamese syllables typed
# without marks mostly score lower ("tren" 1.6, "nhieu" 0).
ENGLISH_ZIPF = 2.0  # "NaN", "aw", "f" are words too, and junk in a chat box


def is_marked(word: str) -> bool:
    """True when ``word`` carries any mark or letter plain ASCII lacks (ă, ơ, đ, a tone...)."""
    return not word.isascii()


def canonical(word: str) -> str:
    """Lower case, vowel marks composed, tone marks moved to the end ("Huỷ" -> "huy" + hook).

    The result is not NFC (a trailing tone would recombine), which is fine for a key.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = "".join(c for c in decomposed if c in TONE_MARKS)
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
    return base + tones


def _words_file() -> Path | None:
    try:
        import pyvi
    except ImportError:  # pragma: no cover - pyvi is a pinned requirement
        return None
    path = Path(pyvi.__file__).resolve().parent / "models" / "words.txt"
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def dictionary_words() -> FrozenSet[str]:
    """Words of 2-4 syllables from pyvi's dictionary, as space-joined canonical syllables."""
    path = _words_file()
    if path is None:
        return frozenset()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        syllables = line.replace("_", " ").split()
        if 2 <= len(syllables) <= MAX_WORD_SYLLABLES:
            words.add(" ".join(canonical(s) for s in syllables))
    return frozenset(words)


@lru_cache(maxsize=1)
def folded_syllables() -> FrozenSet[str]:
    """Every syllable of pyvi's dictionary, diacritics folded ("truong", "ngach"): what
    Vietnamese typed without marks can be made of. "phuych" or "thuyt" is not."""
    from bot.language import fold_diacritics

    path = _words_file()
    if path is None:
        return frozenset()
    text = fold_diacritics(path.read_text(encoding="utf-8")).lower()
    return frozenset(text.replace("_", " ").split())


@lru_cache(maxsize=1)
def accented_syllables() -> FrozenSet[str]:
    """Every syllable of pyvi's dictionary in :func:`canonical` spelling ("thoăng" is none)."""
    path = _words_file()
    if path is None:
        return frozenset()
    return frozenset(canonical(w) for w in path.read_text(encoding="utf-8").replace("_", " ").split())


@lru_cache(maxsize=1)
def folded_dictionary_words() -> FrozenSet[str]:
    """The dictionary's 2-4-syllable words, folded ("hoan tien", "don hang")."""
    from bot.language import fold_diacritics

    return frozenset(fold_diacritics(w).lower() for w in dictionary_words())


def in_folded_dictionary_words(folded_tokens: Sequence[str]) -> bool:
    """Do any neighbouring folded words make a dictionary word?"""
    dictionary = folded_dictionary_words()
    return any(" ".join(folded_tokens[start:start + size]) in dictionary
               for size in range(2, MAX_WORD_SYLLABLES + 1)
               for start in range(len(folded_tokens) - size + 1))


def in_dictionary_words(tokens: Sequence[str]) -> List[bool]:
    """For each token: is it part of a dictionary word formed with its neighbours?"""
    keys = [canonical(t) for t in tokens]
    dictionary = dictionary_words()
    covered = [False] * len(tokens)
    for size in range(2, MAX_WORD_SYLLABLES + 1):
        for start in range(len(tokens) - size + 1):
            if " ".join(keys[start:start + size]) in dictionary:
                covered[start:start + size] = [True] * size
    return covered


@lru_cache(maxsize=4096)
def is_common_english_word(word: str) -> bool:
    """True for an alphabetic ASCII word of four letters or more in common English use."""
    if not (word.isascii() and word.isalpha() and len(word) >= MIN_COMMON_LETTERS):
        return False
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a pinned requirement
        return False
    return zipf_frequency(word, "en", wordlist="small") >= COMMON_ZIPF


@lru_cache(maxsize=8192)
def is_english_word(word: str, min_zipf: float = ENGLISH_ZIPF) -> bool:
    """True for an ASCII word English uses at all (short ones too: "a", "of", "sky").

    Looser than :func:`is_common_english_word`: it asks whether a line could be English
    ("cardigan", "noodles"), not whether one word on its own is something a person means.
    """
    if not (word.isascii() and word.isalpha()):
        return False
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a pinned requirement
        return False
    return zipf_frequency(word, "en", wordlist="small") >= min_zipf
