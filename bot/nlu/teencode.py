"""Chat abbreviations spelled out, so "ko dc" and "không được" share features.

Vietnamese customers on phones write "k", "ko", "hk", "khum" for "không",
"dc"/"đc" for "được", "j" for "gì", "z"/"v" for "vậy", "mk"/"mik" for "mình",
"tk" for "tài khoản"; English ones write "u", "pls", "thx". Training data can
show some of these, never every combination with every request. Spelling
them out before the intent model's n-grams (``bot.nlu.linear_intent``) lets a
request learned in full words be recognised in any abbreviation.

Only unambiguous abbreviations are listed: "a"/"e"/"c" (anh/em/chị) are also
English words, "hong" is also "hỏng" (broken), "r" is also English "are", and
"k" after a number is "thousand" ("99 k") and "ty" is the end of
"công ty", so they stay as typed.
"""
from __future__ import annotations

import re
from typing import Dict

# Typed (lower-case, diacritics as typed) -> spelled out.
ABBREVIATIONS: Dict[str, str] = {
    # không
    "ko": "không", "k": "không", "hk": "không", "hok": "không", "khum": "không",
    "khg": "không", "kg": "không", "hem": "không", "hông": "không", "khong": "không",
    # được
    "dc": "được", "đc": "được", "dk": "được", "đk": "được", "dcj": "được", "duoc": "được",
    # gì, vậy, rồi, với
    "j": "gì", "ji": "gì", "z": "vậy", "v": "vậy", "zậy": "vậy", "dzậy": "vậy", "zay": "vậy",
    "rùi": "rồi", "rui": "rồi", "roài": "rồi", "vs": "với", "vois": "với",
    # people
    "mk": "mình", "mik": "mình", "mh": "mình", "mjk": "mình", "bn": "bạn", "mn": "mọi người",
    "ad": "admin", "nv": "nhân viên", "cskh": "chăm sóc khách hàng", "cty": "công ty",
    # things
    "tk": "tài khoản", "tkhoan": "tài khoản", "pttt": "phương thức thanh toán",
    "sdt": "số điện thoại", "đt": "điện thoại",
    # how, when, before, today
    "ntn": "như thế nào", "bh": "bao giờ", "bg": "bao giờ",
    "trc": "trước", "hnay": "hôm nay", "hqua": "hôm qua", "thg": "tháng",
    "nhiu": "nhiêu", "bik": "biết", "bít": "biết", "nhg": "nhưng",
    # English chat
    "u": "you", "ur": "your", "pls": "please", "plz": "please", "thx": "thanks",
    "tks": "thanks", "tnx": "thanks", "oke": "ok", "okie": "ok",
    "oki": "ok", "okela": "ok", "acc": "account", "sub": "subscription", "subs": "subscriptions",
    "np": "no problem", "gm": "good morning", "brb": "be right back",
    # acknowledgements
    "ừa": "ừ", "uhm": "ừm",
}

_TOKEN = re.compile(
    r"(?<![\w.@-])(" + "|".join(sorted(map(re.escape, ABBREVIATIONS), key=len, reverse=True))
    + r")(?![\w@-])"
)
_AFTER_NUMBER = re.compile(r"(?:^|\s)\d[\d.,]*\s*$")


def spell_out(text: str) -> str:
    """``text`` lower-cased with each listed abbreviation written in full.

    A "k" right after a number is kept ("99 k" is an amount).
    """
    lower = (text or "").lower()

    def replace(match: re.Match[str]) -> str:
        word = match.group(1)
        if word == "k" and _AFTER_NUMBER.search(lower[:match.start()]):
            return word
        return ABBREVIATIONS[word]

    return _TOKEN.sub(replace, lower)
