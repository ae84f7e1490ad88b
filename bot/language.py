"""Pure language detection for Vietnamese vs English customer messages.

Customers type Vietnamese with diacritics, without them (phones), or mixed with
English billing words ("sao tháng này bị charge 2 lần vậy"). A generic language
identifier gets the last two wrong, so detection is a small explainable scorer:

* any Vietnamese-only letter (ă â đ ê ô ơ ư or a tone mark) is strong evidence;
* otherwise each word is looked up in two function-word lexicons, the Vietnamese
  one written without diacritics so unaccented text matches too.

Short or neutral text ("ok", "ORD-1001", an email, digits, emoji) returns
``None`` so callers keep the conversation's current language.
"""
from __future__ import annotations

import re
import unicodedata

VI, EN = "vi", "en"

# Letters that exist in Vietnamese but not in English (after lower-casing).
_VI_LETTERS = set(
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
)

# Vietnamese syllables, written folded (no diacritics), that are common in
# support requests and rare or absent as English words; the last line is chat
# shorthand ("mk mun huy" = "mình muốn hủy", "ad" = the admin/shop).
_VI_WORDS = frozenset(
    """
    toi minh em anh chi ban bac co chu ho chung ta nguoi cong ty ben
    la cua va voi cho khong ko k hok chua da dang se bi duoc dc roi nua
    gi sao tai vi nao nay kia do day ay dau bao nhieu may lam muon can
    nhe nha a a. ah ha ha? vay the thi ma nhung nen neu hay hoac cung
    xin chao cam on tam biet vang uh um oke dung sai
    don hang mua huy hoan tien tra lai doi the thanh toan phi tru lan
    thang nam ngay tuan hoa no qua han cho xu ly goi dang ky gia han het
    mat khau tre con cha me hoi xem kiem tra giup noi tieng viet chuyen
    nhan vien tu van lien he tinh thue doi tac loi ich hai mot ba bon
    sp hom qua mai nhieu chi tiet thong tin biet tru khoan lan ve giao
    roi oi nhi nhe nha ne luon giup voi nhe dum gium
    di de sau truoc moi lai bang cach khac nhau cung cai chiec mon
    mk mik mn mun ad bn ntn hk khum kh thui ui ak oki vs ng ny
    """.split()
)

_EN_WORDS = frozenset(
    """
    i me my we our you your he she it they them the a an is are was were be
    been am do does did have has had will would can could should may might
    what why when where who how which this that these those there here
    to of in on at for from with by about into and or but not no yes please
    thanks thank hello hi hey bye want need get got cancel refund order
    charged charge twice bill bills billed payment pay card subscription
    password parent child status shipped ship tax partner balance overdue
    pending expire expires expiry change speak english vietnamese help
    human agent talk just still already again my show check where's what's
    i'm don't can't didn't isn't it's hasn't wasn't haven't doesn't
    yet arrived delivered receive received money back return exchange
    purchase bought buy account month monthly year twice two double
    why's going sure okay right wrong correct nope yeah yep mean means
    turn off stop recurring renew renewal kid kids son daughter ask
    anyone someone person real robot bot are you thanks goodbye morning
    i'd i'll i've you're we're let's like good great later update place
    nearby rather leave number sent out off right away anymore never
    much very really also some any all every more most other same than
    too only own so then once over under again further because while
    should've would've could've isn't aren't won't shouldn't
        """.split()
)

# Words shared by both lexicons carry no signal and are removed from both.
_AMBIGUOUS = _VI_WORDS & _EN_WORDS
_VI_ONLY = _VI_WORDS - _AMBIGUOUS
_EN_ONLY = _EN_WORDS - _AMBIGUOUS

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_EMAIL = re.compile(r"\S+@\S+")
_ID = re.compile(r"\b[A-Za-z]{2,4}[-_]?\d+\b")


def fold_diacritics(text: str) -> str:
    """Strip Vietnamese diacritics: ``"Đơn hàng"`` -> ``"Don hang"``.

    NFD decomposition removes tone and vowel marks; đ/Đ is a separate letter
    in Unicode and must be mapped explicitly.
    """
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", stripped)


def _words(text: str) -> list[str]:
    """Lower-cased alphabetic words, ignoring emails and id-like tokens."""
    text = _ID.sub(" ", _EMAIL.sub(" ", text.lower()))
    return _WORD.findall(text)


# Accented interjections count as one unaccented word, not as an accented one:
# "vâng, yes please go ahead" in an English conversation is English with a polite
# Vietnamese "yes" in front. Alone ("vâng", "dạ") they are plainly Vietnamese.
_VI_INTERJECTIONS = frozenset({"vâng", "dạ", "ừ", "ừa", "ừm", "ạ", "ờ", "à", "ạh"})


def language_scores(text: str) -> tuple[float, float]:
    """Return ``(vi_score, en_score)``; exposed for tests and debugging."""
    vi = en = interjections = 0.0
    for word in _words(text):
        if word in _VI_INTERJECTIONS:
            interjections += 1.0
            continue
        if any(c in _VI_LETTERS for c in word):
            vi += 2.0
            continue
        if word in _VI_ONLY:
            vi += 1.0
        elif word in _EN_ONLY:
            en += 1.0
    return (vi + interjections if vi or en else 2.0 * interjections), en


def detect_language(text: str) -> str | None:
    """Return ``"vi"``, ``"en"`` or ``None`` when the text gives too little evidence.

    Vietnamese needs a score of 2 (one accented word or two unaccented
    Vietnamese words) and wins mixed messages unless English clearly dominates,
    because a customer who writes Vietnamese grammar ("bị charge 2 lần vậy")
    expects Vietnamese answers. English needs two English words: one word
    alone ("ok", "refund", "hi") is too weak to switch the conversation.
    """
    vi, en = language_scores(text)
    if vi >= 2 and vi * 2 >= en:
        return VI
    if en >= 2 and en > vi:
        return EN
    return None
