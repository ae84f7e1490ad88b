"""A typed yes or no, in English or Vietnamese, with or without diacritics.

Works on folded text, so "ừ", "u", "uh" and "có"/"co" are the same answer.
Only explicit words count: an emoji, markup or a keyboard mash is neither a
yes nor a no, so junk can never confirm a change.
"""
from __future__ import annotations

import re

from bot.answers.text import words

# Folded forms. Multi-word phrases are matched as word sequences.
YES = frozenset({
    "yes", "y", "yeah", "yep", "yup", "ya", "sure", "ok", "okay", "oke", "okie", "oki",
    "of course", "please", "go ahead", "do it", "correct", "right", "confirm", "confirmed",
    "absolutely", "alright", "all right", "fine", "agreed", "yes please", "cancel it",
    "co", "u", "uh", "um", "uk", "uhm", "vang", "da", "duoc", "dc", "ok luon", "dung", "dung roi", "dung r",
    "chuan", "chinh xac", "dong y", "xac nhan", "roi", "phai", "co nhe", "co a", "da vang",
    "lam di", "tien hanh", "huy di", "huy luon", "huy lun", "ok lun",
})
NO = frozenset({
    "no", "n", "nope", "nah", "not", "never mind", "nevermind", "no thanks", "no thank you",
    "cancel that", "don't", "dont", "stop", "not now", "forget it",
    "khong", "ko", "k", "kh", "hong", "hok", "hk", "khum", "thoi", "thoi khoi", "khoi",
    "khong can", "ko can", "k can", "dung", "dung lai", "khong huy", "khong huy nua",
    "khong dong y", "sai", "sai roi", "khong phai", "ko phai", "thoi khong", "not yet", "chua", "chua can",
    "de sau", "later",
})
# Words that may surround an answer without changing it ("có, hủy đi nhé").
FILLER = frozenset({
    "a", "ah", "oh", "nhe", "nha", "nhen", "ne", "di", "ban", "em", "anh", "chi", "ad", "shop",
    "thanks", "thank", "you", "thx", "tks", "cam", "on", "please", "pls", "plz", "then", "it",
    "that", "thats", "luon", "lun", "vay", "v", "z", "the", "i", "do", "im", "sure", "moi", "vui", "long", "thi", "cung",
})
# A yes often goes on to name the step it agrees to ("vâng, gửi yêu cầu giúp tôi",
# "ok send the request", "ừ hủy giúp mình"): these words never change the answer.
# They are no answer on their own ("gửi yêu cầu giúp tôi" is neither yes nor no),
# and a question, a "but" or any other word still makes the text no answer.
PROCEED = frozenset({
    "gui", "yeu", "cau", "giup", "toi", "minh", "lam", "tiep", "tuc", "hoan", "tien", "huy",
    "cho", "voi", "nay", "nhanh", "send", "submit", "request", "proceed", "go", "ahead",
    "cancel", "refund", "me", "my", "for", "now", "continue", "yes", "and", "va",
    "cai", "mon", "do", "that", "this", "one", "sorry", "lol", "haha", "hihi", "hehe",
    "mk", "mik", "bn", "e",
})
_MAX_WORDS = 12


_WEAK_NO = frozenset({"no", "n", "k", "ko", "kh", "not", "chua"})
_ANSWER_WORDS = frozenset(w for phrase in YES | NO for w in phrase.split())
_THANKS = frozenset({"thank", "thanks", "thx", "tks"})


# "gửi yêu cầu hoàn thuế 120 đô đó giúp mk đi": the amount being confirmed changes nothing.
_AMOUNT_WORD = re.compile(r"\d+|usd|dollars?|do|vnd|k")


def yes_or_no_with(text: str, step_words: frozenset[str]) -> bool | None:
    """:func:`yes_or_no` where a form's own step words may follow the yes ("ok thì submit
    tax refund đi" at the tax-refund confirmation): they never make a yes by themselves."""
    tokens = [t for t in words(text) if t not in step_words and not _AMOUNT_WORD.fullmatch(t)]
    return yes_or_no(" ".join(tokens)) if tokens else None


def has_yes_phrase(text: str) -> bool:
    """A yes word or phrase somewhere and no negation ("rồi, đồng ý hủy forza")."""
    tokens = _without_agreeing_thoi(without_slip(words(text)))
    return bool(_phrases(tokens) & (YES - {"dung"})) and not has_negation(text)


_SEND = re.compile(r"\b(?:gui|nop|send|submit|file)\b")


def says_send_it(text: str, step_words: frozenset[str]) -> bool:
    """A yes that tells the bot to send the request now ("ok, đồng ý gửi đi", "yes submit it"):
    when it accepts an offer, no second confirmation is needed."""
    return yes_or_no_with(text, step_words) is True and _SEND.search(" ".join(words(text))) is not None


def yes_or_no(text: str) -> bool | None:
    """True for a yes, False for a no, None when the text is neither (or unclear).

    Every word must be an answer word or filler, so a sentence that merely
    contains "ok" ("ok but why was I charged twice") is not an answer.
    Folded "dung" is ambiguous ("đúng" = right, "dừng" = stop): it counts only
    in "dung roi" (yes) or "dung lai" (no).
    """
    tokens = _without_agreeing_thoi(_without_also(without_slip(words(text))))
    if not tokens or len(tokens) > _MAX_WORDS:
        return None
    if not all(t in _ANSWER_WORDS or t in FILLER or t in PROCEED for t in tokens):
        return None
    phrases = _phrases(tokens)
    if _thanks_with_only_an_ok(tokens, phrases):
        return None  # "ok cảm ơn nha", "ok thanks": thanks for the answer, not a yes to a question
    if "cancel that" in phrases and _cancels_the_one(tokens):
        phrases = (phrases - {"cancel that"}) | {"cancel it"}  # "yes, cancel that one" is not "scratch that"
    if _THANKS & set(tokens):
        phrases.discard("u")  # "thank u" is thanks, not "ừ"
    yes = bool(phrases & (YES - {"dung"}))
    no = bool(phrases & (NO - {"dung"}))
    if yes and no:
        # "ok never mind then", "ừ thôi": an explicit no phrase wins over a filler "ok".
        # A bare short no ("k", "no") next to a yes is unclear: ask again.
        strong = phrases & (NO - _WEAK_NO - {"dung"})
        return False if strong else None
    return True if yes else (False if no else None)


# An apology for the message before ("à xin lỗi bấm nhầm, đồng ý hủy nhé", "sorry wrong button,
# yes cancel it"): it takes back a stray message, not the answer that follows.
_SLIP = re.compile(r"\b(?:(?:xin loi|sorry|sry|sr|oops|oh|ah|a|ui|uh)\s+)*(?:(?:bam|go|an|nhan|gui|danh) nham"
                   r"(?: (?:phim|nut|tin|tay))?|nham tay|wrong (?:button|key|chat|window|message)|typo|misclick"
                   r"|mis click|fat fingered|fat finger|ignore (?:that|my last message|the last one|that last one"
                   r"|the emojis?|those emojis?))\b")


def without_slip(tokens: list[str]) -> list[str]:
    """The words without an apology for a stray message before them."""
    joined = " ".join(tokens)
    cleaned = _SLIP.sub(" ", joined)
    return cleaned.split() if cleaned != joined else tokens


def _without_agreeing_thoi(tokens: list[str]) -> list[str]:
    """"thôi vậy", "thôi được rồi", "thôi cũng được" give in (a yes); "thôi" alone is a no."""
    return [t for i, t in enumerate(tokens)
            if not (t == "thoi" and i + 1 < len(tokens) and tokens[i + 1] in _THOI_AGREES)]


# "too", "also", "as well" after a yes ("yes, cancel that one as well") add nothing to the answer.
_ALSO = ("too", "also")


def _without_also(tokens: list[str]) -> list[str]:
    out = [t for t in tokens if t not in _ALSO]
    while len(out) >= 2 and out[-2:] == ["as", "well"]:
        out = out[:-2]
    return out if out else tokens


_OK_ONLY = frozenset({"ok", "okay", "oke", "okie", "oki", "ok luon", "u", "uh", "um", "uk", "uhm", "alright",
                      "all right", "fine", "sure"})


def _thanks_with_only_an_ok(tokens: list[str], phrases: set) -> bool:
    thanks = bool(_THANKS & set(tokens)) or any(a == "cam" and b == "on" for a, b in zip(tokens, tokens[1:], strict=False))
    said_yes = phrases & YES
    return thanks and bool(said_yes) and said_yes <= _OK_ONLY


def _cancels_the_one(tokens: list[str]) -> bool:
    """"cancel that one" / "cancel that order": the thing being confirmed, not "scratch that"."""
    for n in range(len(tokens) - 2):
        if tokens[n:n + 2] == ["cancel", "that"] and tokens[n + 2] in ("one", "order", "item", "preorder"):
            return True
    return False


# Taking a request back, whatever else the message says ("actually never mind, keep it. my son
# says it's the right one after all", "thôi khỏi, giữ lại đi").
# "không hủy được" is "can't be cancelled" (a complaint or a question), never a stop.
_STOP = re.compile(r"\b(?:never ?mind|keep (?:it|them|the order|my order)|(?:dont|don't|do not) (?:cancel|submit|send"
                   r"|file|process|go ahead)|forget (?:it|about it)|giu lai|(?:khong|ko|k) huy(?: nua)?(?! (?:duoc|dc|dk))"
                   r"|thoi khoi|thoi khong|khong can nua|thoi bo qua|(?:khoan|dung|chua|khong|ko) gui"
                   r"|chua huy(?! (?:duoc|dc|dk))|suy nghi (?:them|lai|da)"
                   r"|de (?:toi|minh|em|mk|anh|chi) (?:suy nghi|hoi|xem lai|tinh lai|ban lai)"
                   r"|de (?:mai|sau|hom khac|bua khac|lan khac|khi khac)(?: (?:tinh|xem|lam|hoi|tinh tiep|noi))?"
                   r"|i ?(?:ll|will) (?:do|deal with|think about|sort) (?:it|this|that) (?:later|tomorrow))\b")


def wants_to_stop(text: str) -> bool:
    """True when the message takes the request back, in any clause."""
    return _STOP.search(" ".join(words(text))) is not None or yes_or_no(text) is False


def clause_yes_or_no(text: str) -> bool | None:
    """Yes or no read clause by clause: "ok whatever. yes go ahead and cancel it" is a yes.

    Clauses that are no answer are skipped; a yes and a no together are unclear.
    Only for questions whose yes changes nothing yet (picking the one item on
    offer, which is then confirmed): a confirmation keeps :func:`yes_or_no`.
    """
    if has_correction(text or ""):
        return None  # "yes. no wait": taking it back
    answers = {yes_or_no(clause) for clause in re.split(r"[.!?;,\n]+", text or "")} - {None}
    return answers.pop() if len(answers) == 1 else None


def _phrases(tokens: list[str]) -> set[str]:
    return {" ".join(tokens[i:i + n]) for n in (1, 2, 3) for i in range(len(tokens) - n + 1)}


def _starts(tokens: list[str], lexicon: frozenset[str]) -> bool:
    return any(" ".join(tokens[:n]) in lexicon - {"dung"} for n in (1, 2, 3))


_NEGATIONS = frozenset({"khong", "ko", "k", "dung", "not", "dont", "don't", "no", "never", "chua", "thoi"})


def has_negation(text: str) -> bool:
    """True when any word negates ("không hủy", "don't", "chưa"), whatever else is said.

    "thôi" negates only when it opens a clause and is not "thôi được rồi" (fine then):
    "chỉ hủy Forza thôi" is "only Forza", and "thôi dc r, hủy bàn phím" agrees.
    """
    if (_NEGATIONS - {"thoi"}) & set(words(text)):
        return True
    for clause in re.split(r"[.!?;,\n]+", text or ""):
        tokens = words(clause)
        if tokens[:1] == ["thoi"] and (len(tokens) == 1 or tokens[1] not in _THOI_AGREES):
            return True
    return False


_THOI_AGREES = frozenset({"dc", "duoc", "ok", "oke", "okay", "vay", "thi", "r", "roi", "cung"})


_CORRECTIONS = frozenset({"khoan", "nham", "wait", "actually", "instead", "oops", "hold"})


_OTHER_ONE = re.compile(r"\b(?:not (?:that|this) one|the other one|the other|cai kia|cai con lai|mon kia|mon con lai"
                        r"|khong phai cai (?:do|nay))\b")


def names_the_other_one(text: str) -> bool:
    """"not that one, the other one", "không phải cái đó, cái kia cơ": a switch, not an addition."""
    return _OTHER_ONE.search(" ".join(words(text))) is not None


def has_correction(text: str) -> bool:
    """True for "à khoan, nhầm", "wait, actually…", "not that one, the other one": the customer is
    taking something back."""
    return bool(_CORRECTIONS & set(without_slip(words(text)))) or names_the_other_one(text)


_QUESTION_WORDS = frozenset({"gi", "sao", "nao", "ntn", "bao", "dau", "what", "why", "how", "when", "which",
                             "where", "who", "khong", "ko", "chua", "ha"})


_WH_WORDS = frozenset({"gi", "sao", "nao", "ntn", "what", "why", "how", "when", "which", "where", "who", "ha"})


def asks_something(text: str) -> bool:
    """A real question (a question mark or a wh-word), not a negation that :func:`is_question`
    also counts ("chưa hủy đâu", "không, để tôi suy nghĩ thêm")."""
    return "?" in (text or "") or bool(_WH_WORDS & set(words(text)))


def is_question(text: str) -> bool:
    """A question mark or a question word ("điều kiện là gì", "what are the criteria"): never a yes."""
    return "?" in (text or "") or bool(_QUESTION_WORDS & set(words(text)))
