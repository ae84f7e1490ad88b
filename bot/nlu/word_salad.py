"""Real words that make no sentence: "window river cheese grandmother violin",
"sky the under dancing potato my", "bánh mì xe đạp ngôi sao nồi cơm".

Why a module of its own: the junk filter's other checks look for words nobody could
mean (mash, made-up syllables) or for a program's frame. Word salad is made of
dictionary words, so the classifier reads it as an out-of-scope question and the
customer who pasted a dictation accident gets a list of topics instead of "could
you rephrase?". The sentence embedding does not help here: measured on the
project's held-out lines, multilingual-e5 places salad as close to the training
data as genuine out-of-scope questions, and shuffling a sentence barely moves its
embedding (docs/nlu.md, round 15). What does separate them is the small closed set
of words a sentence needs and the order those words allow:

* a *list of content words*: four or more words and not one pronoun, article,
  preposition, auxiliary, question word, particle or courtesy word in either
  language (a request always has one: "my", "how", "cho", "giúp", "không", "?");
* *broken grammar in English*: an article or possessive followed by a word that
  cannot follow it ("the under", "my the") or ending the message ("… potato my");
* a *chain*: the same run of three or more words said twice, which predictive
  text produces ("mình đang ở nhà mình đang ở nhà rồi mà").

Only messages the classifier gave a conversational or out-of-scope intent are
checked: a domain request ("refund Xbox controller ORD-1001") is terse on purpose
and its words decide. Lines with digits, an id or an email are never salad.
"""
from __future__ import annotations

import re
from typing import List

from bot.nlu.lexicon import is_english_word

# Intents a salad line drifts to: the catch-all and the short conversational ones.
SALAD_PRONE = frozenset({"out_of_scope", "affirm", "deny", "thank", "greet", "goodbye",
                         "change_language", "bot_challenge", "human_handoff", "inform"})
# A list of words only where the classifier found nothing else: greetings, thanks and
# answers are often a few content words ("good morning team support", "cheers mate").
LIST_PRONE = frozenset({"out_of_scope"})
MIN_LIST_WORDS = 4

_EN_FUNCTION = frozenset("""
i me my mine myself we us our ours you your yours u ur ya he him his she her hers it its they them their
this that these those there here a an the some any no not none every each all both either neither
of to in on at by for from with without about into onto over under after before between through during
and or but so if then than because since until while though although as
am is are was were be been being do does did done have has had having can could will would shall should may
might must cant cannot dont doesnt didnt wont isnt arent wasnt werent im ive id youre
what when where which who whom whose why how whats hows wheres whos
please pls plz thanks thank thx ty hi hello hey bye yes yeah yep no nope ok okay sure help want need
just also too very really still yet ever never again now already
""".split())
_VI_FUNCTION = frozenset("""
tôi toi mình minh tui tao em anh chị chi bạn ban mày bn mik mk t ad shop họ ho nó no chúng
của cua là la có co không ko k hk khong khum hông hong chưa chua được duoc dc đc đã da đang dang sẽ se
bị bi cho với voi và va hay hoặc hoac thì thi mà ma nên nen vì vi nếu neu để de rằng rang
gì gi j nào nao đâu dau sao bao nhiêu nhieu mấy may ai ntn thế the vậy vay z v
ạ a nhé nhe nha nhá hả ha à ơi oi ak ah hen heng đi di luôn luon rồi roi r
giúp giup muốn muon cần can xin hỏi hoi làm lam hãy hay vui lòng long
cảm ơn cam on cám tks dạ da vâng vang ừ u uh ok oke okie chào chao bye
này nay kia đó do ấy ay các cac những nhung mọi moi từng tung
""".split())
FUNCTION_WORDS = _EN_FUNCTION | _VI_FUNCTION
# Vietnamese words typed without marks that are also English spellings ("a" for "ạ").
_VI_ONLY = frozenset("a ad ak oi roi nha nhe ko dc k hk j bn mik mk shop".split())

# After an article or a possessive a noun or an adjective comes, never these.
_DETERMINERS = frozenset("the a an my your our their his her its".split())
_NOT_AFTER_DETERMINER = frozenset("""
the a an my your our their his its of to in on at by for from with under into over
and or but is are was were am be can could will would should i you he she we they me him us them
""".split())

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_DISQUALIFIERS = re.compile(r"\d|@|\?|https?://", re.UNICODE)


def words_of(text: str) -> List[str]:
    """Lower-cased words: letters only (apostrophes dropped: "don't" -> "dont")."""
    return [w.replace("'", "") for w in _WORD.findall(text.lower())]


def is_content_word_list(words: List[str]) -> bool:
    """Four or more words and none of them a function or courtesy word."""
    return len(words) >= MIN_LIST_WORDS and not any(w in FUNCTION_WORDS for w in words)


def has_broken_english(words: List[str]) -> bool:
    """An article or possessive followed by what cannot follow it, or ending the line."""
    for i, word in enumerate(words):
        if word not in _DETERMINERS:
            continue
        following = words[i + 1] if i + 1 < len(words) else None
        if following is None:
            return word in ("the", "a", "an", "my", "your", "our", "their")
        if following in _NOT_AFTER_DETERMINER:
            return True
    return False


def has_repeated_chain(words: List[str], run: int = 3) -> bool:
    """The same run of ``run`` words twice (not overlapping) in a message of 7+ words."""
    if len(words) < 7:
        return False
    seen = {}
    for i in range(len(words) - run + 1):
        key = tuple(words[i:i + run])
        if key in seen and i - seen[key] >= run:
            return True
        seen.setdefault(key, i)
    return False


def is_english(words: List[str]) -> bool:
    """Every word a common English word and none only Vietnamese: the grammar checks
    know English only ("a" ends many Vietnamese lines typed without marks: "ạ")."""
    return all(w.isascii() and w not in _VI_ONLY and is_english_word(w)
               for w in words)


def is_word_salad(text: str | None, intent: str | None) -> bool:
    """True when ``text`` (given the classifier's ``intent``) is real words that make no sentence."""
    if not text or intent not in SALAD_PRONE or _DISQUALIFIERS.search(text):
        return False
    words = words_of(text)
    if len(words) < 3:
        return False
    if has_repeated_chain(words):
        return True
    if not is_english(words):
        return False
    return (intent in LIST_PRONE and is_content_word_list(words)) or has_broken_english(words)
