"""Messages that have the shape of something to fill in, or of grammar with no words in it.

Two kinds of junk that the word-salad model reads poorly, because they are made of the very
words genuine messages are made of (docs/nlu.md, round 17):

* a blank form or template pasted into the chat: "Order ID: ____", "name: email: phone:",
  "Ngày sinh: __/__/____", "Reason: ☐ damaged ☐ other", "Dear ____,", "(your name)".
  Every label has nothing after it but a placeholder; a label with a value ("email:
  an@gmail.com", "name: Nguyen Van An") is an answer and stays one.
* a string of function words only ("the of but if and", "thì là mà nhưng với"): articles,
  prepositions, conjunctions, pronouns and particles, four or more, with at most one word
  that can answer something on its own (yes, no, ok, this, both, được, không…). "no not
  that one", "both of them please" and "vậy thì được rồi" say something and stay genuine.

* a chain of four or more bare nouns joined by "and" / "và" / "với" ("lamp and tiger and invoice
  and cloud"): no verb, no question, nothing given. A comma list is not enough ("apples,
  bananas, yogurt, oats" is a shopping list), and the junk filter lets a chain naming two
  products through ("the keyboard and the controller and forza and the mouse").

All are pure functions of the text (no model, no vocabulary); the first two run with the shape
rules of :func:`bot.nlu.junk.is_junk`.
"""
from __future__ import annotations

import re
import unicodedata

# What stands in for a value that was never written: "____", "....", "…", "xxxx",
# "__/__/____", an empty box, a bare id prefix ("ORD-"), a bare mail domain ("@gmail.com"),
# a currency sign or unit next to nothing.
_PLACEHOLDER = (r"(?:_{2,}|\.{3,}|…|x{3,}|[☐□▢◻]|\[\s?\]|\(\s*\)|[_x]{1,4}(?:/[_x]{1,4}){1,2}"
                r"|[a-z]{2,4}-(?=\s|$)|@[a-z0-9.-]+\.[a-z]{2,}|[$€£₫đ]|vn[dđ]|usd|dong)")
# "Step 1:", "Câu 2:": a number that belongs to the label, not a value.
_NUMBERED_LABEL = re.compile(r"(?<=[^\W\d_]) \d{1,2}\s*:")
_LABEL = r"[^\W\d_][^:\n_]{0,30}?:"
_BLANK_FORM = re.compile(rf"^\W*(?:{_LABEL}[\s,;|/\-]*(?:{_PLACEHOLDER}[\s,;|/\-]*)*)+$", re.IGNORECASE)
# A template's blanks anywhere: a run of three underscores, or two empty boxes.
_TEMPLATE_BLANK = re.compile(r"_{3,}|(?:[☐□▢◻].*){2}")
# "(your name)", "(ký tên)", "<your email>", "[order number]": a hole to write in.
_HOLE = re.compile(r"[(<\[]\s*(?:your|ky ten|ten|tên|ký tên|enter|nhap|nhập|insert)\b[^)>\]]{0,30}[)>\]]",
                   re.IGNORECASE)
# "Insert order number here", "Type your question here...", "Nhập mã đơn hàng tại đây".
_INSTRUCTION = re.compile(
    r"^\W*(?:insert|type|enter|write|fill in|nhap|dien|viet|go)\b.{0,40}\b(?:here|tai day|vao day|o day)\W*$"
    r"|^\W*(?:noi dung|your message|message|tin nhan cua ban|nhap)\b.{0,30}(?:\.{3}|…)\s*$",
    re.IGNORECASE)


def _fold(text: str) -> str:
    """Lower-cased, without marks ("Nhập" -> "nhap", "đ" -> "d")."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def is_blank_form(text: str) -> bool:
    """A form, template or input hint with nothing filled in (see the module docstring).

    Digits or an email address filled in make it an answer: "Order ID: ORD-1002"."""
    stripped = text.strip()
    if not stripped or re.search(r"\d|[\w.+-]+@[\w-]+\.", _NUMBERED_LABEL.sub(":", stripped)):
        return False
    if _TEMPLATE_BLANK.search(stripped) or _HOLE.search(stripped):
        return True
    folded = _fold(stripped)
    if _INSTRUCTION.search(folded):
        return True
    return ":" in stripped and _BLANK_FORM.match(folded) is not None and _only_labels(folded)


def _only_labels(folded: str) -> bool:
    """Every colon closes a label of at most four words ("order number:", "ho va ten:"):
    a sentence with a colon in it ("note: i want to cancel") has a value after it."""
    parts = [p.strip(" ,;|/") for p in re.sub(r"\b(\w+) \d{1,2}\s*:", r"\1:", folded).split(":")]
    labels, tail = parts[:-1], parts[-1]
    if re.sub(_PLACEHOLDER, "", tail, flags=re.IGNORECASE).strip(" ,;|/-."):
        return False
    return all(len(re.sub(_PLACEHOLDER, " ", p, flags=re.IGNORECASE).split()) <= 4 for p in labels)


# Grammar words with no meaning of their own.
_EMPTY_EN = frozenset("""
the a an of to in on at by for from with without into onto upon within among about over under
and or but so if then than because since until while though although as nor yet unless whether
i me my mine myself we us our you your he him his she her it its they them their who whom whose which
is are was were be been being am will would shall should may might must could can do does did
um uh er hmm like just also
""".split())
_EMPTY_VI = frozenset("""
thi la ma nhung voi va vay cai hay hoac nen vi neu de rang cua tu den tai trong ngoai
nhe nha a ah ak ha hu nhi ne ma
toi minh tui ban no ho chung ta em anh chi
cung deu van con lai da dang se bi
o u uh
""".split())
_EMPTY_WORDS = _EMPTY_EN | _EMPTY_VI
# Words that answer something on their own, even among grammar words.
_ANSWERING = frozenset("""
yes yeah yep no nope not dont ok okay sure please thanks this that these those all both each every
either neither none some any here there one
co khong ko k duoc dc roi chua u vang da ok oke thoi di het ca nay kia ay
""".split())
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_EMPTY_WORDS = 4


def is_function_words_only(text: str) -> bool:
    """Four or more grammar words and nothing else; of five or more, one may be a word that
    answers ("ok the of it so", but not "thế là hết à"); see the module docstring."""
    if re.search(r"\d|@|\?", text):
        return False
    words = [w.replace("'", "") for w in _WORD.findall(_fold(text))]
    if len(words) < MIN_EMPTY_WORDS:
        return False
    answering = sum(w in _ANSWERING for w in words)
    empty = sum(w in _EMPTY_WORDS and w not in _ANSWERING for w in words)
    return answering <= (1 if len(words) > MIN_EMPTY_WORDS else 0) and empty + answering == len(words)


_JOINT = r"and|va|voi|or|hoac|with"
_LIST_SEPARATOR = re.compile(rf"\s*(?:,|;|&|\+|/|\b(?:{_JOINT})\b)\s*")
MIN_CHAIN_PARTS = 4
# A request among the parts makes it a sentence: "cancel the keyboard and the pen and … please".
_ASKING_WORDS = re.compile(r"\b(?:cancel|refund|return|exchange|check|please|pls|plz|want|need|help|huy|hoan|tra lai"
                           r"|doi|xem|kiem tra|giup|muon|can|cho (?:minh|em|toi|tui|mk)|i|we|my|our)\b")


def is_and_chain(text: str) -> bool:
    """Four or more parts of one to three words, every one joined to the next, at least two of the
    joints words ("and", "và", "với"): see the module docstring."""
    if re.search(r"\d|@|\?", text):
        return False
    folded = _fold(text)
    parts = [p for p in _LIST_SEPARATOR.split(folded) if p.strip()]
    joints = len(re.findall(rf",|;|&|\+|/|\b(?:{_JOINT})\b", folded))
    word_joints = len(re.findall(rf"\b(?:{_JOINT})\b", folded))
    return len(parts) >= MIN_CHAIN_PARTS and joints >= len(parts) - 1 and word_joints >= 2 \
        and all(1 <= len(_WORD.findall(p)) <= 3 for p in parts) and _ASKING_WORDS.search(folded) is None
