"""Junk input is never read as a real intent.

A linear classifier always answers *something*, and an emoji, a keyboard mash
or a pasted attack string can land on a real intent with a confident score.
:func:`is_junk` is a pure rule set for text that carries no request at all;
:class:`JunkFilter` (placed after ``FallbackClassifier``) turns such messages
into ``nlu_fallback`` with confidence 1.0, so the dialogue asks to rephrase.

Junk:

* empty or whitespace only, or no letter or digit at all (emoji, punctuation,
  symbols, zero-width characters);
* HTML / markup or script (``<script>``, ``<b>...</b>``, ``javascript:``,
  ``{{...}}`` templates);
* SQL injection (``' OR 1=1 --``, ``DROP TABLE orders``, ``UNION SELECT``);
* mojibake (UTF-8 read as Windows-1252: "Ã¡Ã ", "â€™") and a bare URL or file path;
  zero-width characters are removed before any check;
* a blank form or template ("Order ID: ____", "name: email: phone:") or grammar words only
  ("the of but if and"), :mod:`bot.nlu.empty_shapes` (round 17);
* keyboard mash: every word is mash-like ("asdfgh", "jjjjjjj", "zxcvbnm",
  "qưeqwe") and there is no digit.

Unknown words (round 9): a message none of whose words occurs anywhere in the
training data ("lorem ipsum", "aw aw aw", a hex string, a URL, another script)
and that holds no entity (id, email, product, date, amount) and no number a
customer could be answering with. ``JunkFilter`` learns the vocabulary when the
model is trained (diacritic-folded words of every training example), so it
grows with the data; :func:`is_unknown_words` is the pure check.

Accented words (round 11): a word typed with Vietnamese marks is known only
in its accented spelling (tone placement aside) or when it makes a dictionary
word with its neighbours (:mod:`bot.nlu.lexicon`); folded, a made-up but validly
spelled line ("ngoéo khượt phấp lừng") looked like real words. A single common
English word ("hiya", "absolutely") is never unknown: the classifier judges it.

Never junk: real short answers, which are a large part of a form dialogue
("k", "ko", "ok", "ừ", "dc", "đc", "1", "thx", "bn", "mk", "vâng", "yes"), ids
("ORD-1001", "#1001"), emails and amounts ("99k", "2tr"). Words shorter than
four letters are never mash (except "qw..."), and anything with a digit is
not mash.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Dict, List, Tuple

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_NAME_KEY,
    PREDICTED_CONFIDENCE_KEY,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language import fold_diacritics
from bot.nlu.empty_shapes import is_and_chain, is_blank_form, is_function_words_only
from bot.nlu.lexicon import (
    canonical,
    dictionary_words,
    folded_syllables,
    in_dictionary_words,
    is_common_english_word,
    is_marked,
)
from bot.nlu.machine_output import is_machine_output
from bot.nlu.made_up import is_made_up
from bot.nlu.off_domain import domain_vocabulary, is_off_domain_task
from bot.nlu.stored_list import read_list, write_list
from bot.nlu.word_salad import is_word_salad, worth_checking

FALLBACK = "nlu_fallback"
INTENT_RANKING = "intent_ranking"

_HTML_TAGS = (
    "a|abbr|b|body|br|button|code|div|em|embed|form|h[1-6]|head|hr|html|i|iframe|img|"
    "input|label|li|link|meta|object|ol|option|p|pre|script|select|span|strong|style|"
    "svg|table|tbody|td|textarea|th|title|tr|u|ul|video|audio|source|base|frame|frameset|"
    "marquee|math|xml|xss"
)
_MARKUP = re.compile(
    r"</?(?:" + _HTML_TAGS + r")\b[^<>]*>"  # a known HTML tag, opening or closing
    r"|<[a-z][\w:-]*\s+[\w:-]+\s*=[^<>]*>"  # any tag with an attribute
    r"|<!--|<!\[CDATA\[|<!doctype|<\?xml|<\?php"
    r"|\bjavascript\s*:|\bvbscript\s*:|\bdata\s*:\s*text/html"
    r"|\bon(?:error|load|click|mouseover|focus)\s*="
    r"|\{\{.*\}\}|\$\{.*\}|\{%.*%\}"
    r"|&(?:nbsp|lt|gt|amp|quot|#\d+|#x[0-9a-f]+);",
    re.IGNORECASE | re.DOTALL,
)
_TABLE = r"[\w.`\"\[\]]+"
_SQL = re.compile(
    r"\b(?:drop|truncate|alter)\s+(?:table|database|schema|view|index|user)\b"
    r"|\bunion\s+(?:all\s+)?select\b"
    r"|\bselect\s+\*\s*from\b"
    r"|\bselect\s+[\w\s,()*]+?\s+from\s+" + _TABLE + r"\s*(?:where\b|;|--)"
    r"|\binsert\s+into\s+" + _TABLE + r"\s*(?:\([\w\s,`\"]*\)\s*)?values\b"
    r"|\bdelete\s+from\s+" + _TABLE + r"\s*(?:where\b|;|--)"
    r"|\bupdate\s+" + _TABLE + r"\s+set\s+\w+\s*=\s*['\"\d]"
    r"|['\"`]\s*(?:or|and)\s+['\"`]?\w+['\"`]?\s*=\s*['\"`]?\w+"  # ' OR '1'='1
    r"|['\"`]\s*(?:or|and)\s+['\"`]{1,2}\s*=\s*['\"`]"  # " OR ""="
    r"|\b(?:or|and)\s+(\d+)\s*=\s*\1\b"  # OR 1=1
    r"|['\"`)]\s*;?\s*--\s*$|;\s*--"  # admin'--, '; --
    r"|/\*.*?\*/"
    r"|\b(?:xp_cmdshell|information_schema|sysobjects|pg_sleep|waitfor\s+delay)\b"
    r"|\b(?:sleep|benchmark)\s*\(\s*\d",
    re.IGNORECASE | re.DOTALL,
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

# Rows of a QWERTY keyboard: mashing rolls along a row.
_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY = {c: (r, i) for r, row in enumerate(_ROWS) for i, c in enumerate(row)}
_VOWELS = set("aeiouy")
MIN_MASH_LETTERS = 4
# Laughs and fillers people type as repeated syllables: not mash.
_LAUGHS = frozenset({"ha", "he", "hi", "ho", "hu", "hj", "k", "ke", "ka", "ki", "lol", "ah", "eh", "oh", "uh",
                     "um", "hm", "hihi", "haha", "hehe", "huhu", "ya", "ye", "no", "ok"})


def _has_letter_or_digit(text: str) -> bool:
    return any(unicodedata.category(c)[0] in "LN" for c in text)


def _step(a: str, b: str) -> int:
    """+1 / -1 when ``b`` is the right / left neighbour of ``a`` on its row, else 0."""
    ka, kb = _KEY.get(a), _KEY.get(b)
    if ka is None or kb is None or ka[0] != kb[0] or abs(ka[1] - kb[1]) != 1:
        return 0
    return kb[1] - ka[1]


def key_runs(word: str) -> List[int]:
    """Lengths of the non-overlapping runs along a keyboard row, in one direction.

    "asdfgh" -> [6]; "asdasd" -> [3, 3]; "were" -> [3] (w-e-r, then back).
    """
    runs, i = [], 0
    while i < len(word):
        j, direction = i, 0
        while j + 1 < len(word):
            step = _step(word[j], word[j + 1])
            if step == 0 or (direction and step != direction):
                break
            direction, j = step, j + 1
        runs.append(j - i + 1)
        i = j + 1
    return runs


def is_mash_word(word: str) -> bool:
    """A word of 4+ letters that no language has: typed by rolling over keys.

    Rules, on the diacritic-folded lower-case word (a Telex keyboard turns a
    "w" into "ư", so "qưeqwe" is folded to "queqwe"):

    * one letter repeated ("jjjjjjj");
    * a run of 5+ neighbouring keys in one direction ("asdfgh", "zxcvbnm"),
      or the whole word is such a run ("asdf", "hjkl");
    * two runs of 3+ ("asdasd", "sdfsdf");
    * "qw", at any length (English and Vietnamese write "qu": "qwe", "queqwe");
    * 6+ letters without a vowel ("bcdfgh"); shorter vowel-less
      abbreviations ("thx", "tks", "sdt", "cskh") are real.
    """
    w = fold_diacritics(word).lower()
    if "qw" in w or (len(w) >= MIN_MASH_LETTERS and re.search(r"q(?!u)", w)):
        return True  # both languages write "qu"; Telex mash "ưqưeqe" folds to "uqueqe"
    if len(w) >= 5 and w.isascii() and not set(w) - _VOWELS:
        return True  # "ăâêôơư" folded to vowels only: no word is all vowels
    if len(w) < MIN_MASH_LETTERS or not w.isascii():
        return False
    if len(set(w)) == 1:
        return True
    unit = re.fullmatch(r"(.{1,3}?)\1{2,}", w)
    if unit and unit.group(1) not in _LAUGHS:
        return True  # "nanananana", "bibibibi"; not "hahaha", "hihihi"
    if len(w) >= 6 and re.fullmatch(r"(?:(\w)\1+){2,}", w):
        return True  # every letter held down: "wwwaaaa", "xxxjjjrrr"
    if len(w) >= 6 and not set(w) & _VOWELS:
        return True
    runs = key_runs(w)
    return max(runs) >= 5 or runs == [len(w)] or sum(r >= 3 for r in runs) >= 2


_NUMBER = re.compile(r"\s*[\d.,\s]+\s*")
# A bare number that could be an order number ("1001", as the ids' own digits).
ID_DIGITS = range(3, 9)


def is_bare_number(text: str) -> bool:
    """Only digits (and separators), and not something an order number could be.

    "1001", "2" or "69.99" answer a question; "123456789", "0000000" and "3.14159" don't.
    """
    if not _NUMBER.fullmatch(text):
        return False
    digits = re.sub(r"\D", "", text)
    if not digits:
        return False
    if re.fullmatch(r"\d{1,2}", text.strip()):
        return False  # a position or a count: "2", "cái 2"
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})*[.,]\d{2}|\d{1,7}[.,]\d{2}", text.strip()):
        return False  # a price answering "which charge?": "69.99", "1.299,00"
    if re.fullmatch(r"\d+", text.strip()) and (len(digits) <= 4 or (
            len(digits) in ID_DIGITS and len(set(digits)) > 1)):
        return False
    return True


def is_markup(text: str) -> bool:
    """HTML/XML tags, script URLs, event handlers or template expressions."""
    return bool(_MARKUP.search(text))


def is_sql_injection(text: str) -> bool:
    """Typical SQL-injection fragments ("' OR 1=1 --", "DROP TABLE orders")."""
    return bool(_SQL.search(text))


# Text pasted from a terminal, a log, a program or a protocol: the shapes of code,
# not of a sentence. Each pattern alone is rare in what customers type; a
# message is code when it shows one of the strong shapes, or two weak ones.
_CODE_STRONG = re.compile(
    r"\$\(|`[^`]*`|&&|\|\||==|!=|:=|\+=|;\s*$"                  # shell / program syntax
    r"|\b[a-z_]\w*(?:\.[a-z_]\w*)+\s*\("                     # obj.method(
    r"|^\s*=[a-z]+\("                                         # a spreadsheet formula
    r"|\\[nrt0](?:\\|\s|$)|\\x[0-9a-f]{2}|\\u[0-9a-f]{4}"   # escapes typed out
    r"|\^\[|\^[A-Z@\[\\\]^_](?:\^|\s|$)"                       # terminal control keys
    r"|(?:%[0-9a-f]{2}){2,}"                                  # URL-encoded bytes
    r"|=\?[\w-]+\?[bq]\?"                                      # MIME encoded-word
    r"|\bdata:[\w.+-]+/[\w.+-]+;base64,"                         # data URI
    r"|%[0-9]*[nsdxp](?:%[0-9]*[nsdxp])+"                     # format-string probes
    r"|\(\?[:=!<]|\[\^?[a-z0-9]-[a-z0-9]"                       # regular expressions
    r"|^\s*\{\s*\"[^\"]*\"\s*:|^\s*\[\s*\{"                           # JSON
    r"|^\s*(?:GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH)\s+\S+\s+HTTP/\d"  # HTTP request line
    r"|\b\d{4}-\d\d-\d\dT\d\d:\d\d"                                # ISO timestamp of a log
    r"|(?:^|\s):(?:q!?|wq!?|x)(?=\s|$)"                           # editor commands
    r"|(?:^|\s)--[a-z][\w-]+"                                   # long command-line options
    r"|\b(?:null|undefined|nan)\s*,\s*(?:null|undefined|nan)\b|\[object \w+\]"
    r"|\w\^\d"                                                 # a formula: x^2
    r"|^\s*(?:sent from my \w+|get outlook for \w+|gửi từ (?:iphone|điện thoại) của tôi)\W*$"  # mail footers
    r"|\|\s*(?:bash|sh|zsh|grep|awk|sed|xargs|sort|uniq|head|tail|less|wc|tee|jq)\b"  # a shell pipe
    r"|^\s*(?:find|ls|cd|cat|rm|cp|mv|chmod|chown|mkdir|tar|curl|wget|ssh|scp|grep|sed|awk)\s+[-/~.\"']"
    r"|\blorem ipsum\b|\bapiVersion:|^\s*---\s*\w+:\s"        # filler text, YAML documents
    r"|\b\w+,\w+,\w+,\w+\b"                                    # a CSV row
    r"|\(\w+\(|\b(?:sin|cos|tan|sqrt|exp)\(|[∫∑∏∂∞√≈≠≤≥]"          # nested calls, formulas
    r"|^(?=.*\d\.\d{3,})[\d\s.,+\-*/^()]+=[\d\s.,+\-*/^()]+$",  # float arithmetic: 0.1 + 0.2 = 0.30000000000000004
    re.IGNORECASE | re.MULTILINE,
)
# Error names, crash lines, log stamps, dumps and spreadsheet pastes; cased, so
# "terror:" or "may 12 10:00" typed by a person are not read as code.
_CODE_STRONG_CASED = re.compile(
    r"\b[A-Z][A-Za-z0-9]*(?:Error|Exception):"                # TypeError:, SQLException:
    r"|\b(?:[a-z]\w*\.){2,}[A-Z]\w*(?:Error|Exception)\b"       # java.lang.NullPointerException
    r"|^Exception in thread "
    r"|^Caused by: |^fatal: |Segmentation fault|\(core dumped\)|Traceback \(most recent"
    r"|\bmake(?:\[\d+\])?: \*\*\*"                            # make: *** [all] Error 2
    r"|\[\d{1,2}/[A-Z][a-z]{2}/\d{4}:\d\d:\d\d:\d\d"          # web server access log
    r"|^[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d \S+ \w+"        # syslog: "Jan 12 03:14:07 host kernel"
    r"|\[\s*\d+\.\d{6}\]"                                     # kernel timestamp [  123.456789]
    r"|^[0-9a-f]{8}:?\s+(?:[0-9a-f]{2,4}\s){3}"                 # hex dump offset and bytes
    r"|#(?:REF!|N/A\b|VALUE!|DIV/0!|NAME\?|NULL!|NUM!)|=[A-Z]{2,}\([A-Z]+\d"  # spreadsheet
    r"|(?:[^|\n]*\|){4,}"                                      # a table row pasted with pipes
    r"|(?:\S+ {3,}){3,}\S"                                     # columns padded with spaces
    r"|^[dlc-][rwxsStT-]{9}[.+@]?\s+\d"                           # a file listing: drwxr-xr-x 2 root
    r"|^ERROR \d{3,5} \(\w{5}\)"                                  # a database error line
    r"|\b(?:nginx|apache|Apache|IIS|Microsoft-IIS|openresty)/\d"  # a server's error page
    r"|\bPID\s+TTY\b|\bMounted on\b|\bload average:|^On branch \S+|\bworking tree clean\b"  # ps, df, top, git
    r"|\bYour branch is (?:up to date|ahead|behind)\b|^Successfully (?:built|tagged|installed) \S"  # git, docker, pip
    r"|^[EW]: [A-Z][a-z]+"                                             # apt: "E: Unable to locate package"
    r"|^panic: |\bpanicked at \S"                                      # Go and Rust crashes
    r"|\"(?:GET|POST|PUT|DELETE|HEAD|OPTIONS|PATCH) /\S* HTTP/\d"         # an access-log request
    r"|(?:\b(?:kind|image|replicas|namespace|metadata|spec|containers|apiVersion):\s*\S+.*){2,}",  # manifests
    re.MULTILINE,
)
# l33t handles and mash: "h4x0r", "D4rK_L0rD" (a digit between letters, twice or more).
_LEET = re.compile(r"[^\W\d_]+(?:\d+[^\W\d_]+)+")
MIN_LEET_TOKENS = 2


def is_leet(text: str) -> bool:
    tokens = [t for t in re.findall(r"[^\W_]+", text) if not t.isdigit()]
    leet = [t for t in tokens if _LEET.fullmatch(t)]
    return len(leet) >= MIN_LEET_TOKENS and len(leet) * 2 >= len(tokens)


_CODE_WEAK = re.compile(
    r"\b[a-z_]\w*\s*=\s*[\w\"'{\[(-]"          # assignment: x = 1, seq=8812
    r"|[{}]|\[[^\]]*\]|[<>]"                   # braces, brackets, angle brackets
    r"|;|=>|->"                                # separators, arrows (customers use arrows too)
    r"|(?:^|\s)-[a-zA-Z]{1,3}(?=\s|$)"         # short options: -rf, -X
    r"|\b(?:[A-Z]\w*Exception|Traceback|segmentation fault|core dumped)\b"
    r"|\b(?:sudo|rm|chmod|curl|wget|echo|cat|ls|cd|grep|kill|ping|ssh|bash|cmd|powershell)\s"
    r"|^\s*(?:git|npm|npx|yarn|pnpm|pip3?|docker|kubectl|brew|apt(?:-get)?|node|python3?)\s+(?=\S)"  # dev tools
    r"|\b[A-Z]{2,5}!(?:\s|$)"                   # log prefixes: "npm ERR!"
    r"|\b(?:DEBUG|INFO|WARN|WARNING|ERROR|FATAL|TRACE)\b"
    r"|\b[A-Z][a-z]+(?:\.[A-Z][A-Za-z]+){2,}"    # Dotted.Qualified.Names
    r"|[\\/]\w+[\\/]\w+[\\/]"                 # paths
    r"|\w\(\s*\d|\w\([^)\s]*\)"                   # calls: f(1), console.log(1)
    r"|\b[\w/-]+\.(?:tsx?|jsx?|py|java|php|rb|go|cs|cpp|json|ya?ml|xml|sh|lock)\b"  # source files
    r"|^(?:warning|error|hint|fatal): ",            # tool messages
)
_IP_OR_HEX = re.compile(
    r"\s*(?:\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?"                   # 0.0.0.0:8080
    r"|0x[0-9a-f]+"                                           # 0xDEADBEEF
    r"|(?:[0-9a-f]{2}[:-]){5}[0-9a-f]{2}"                        # a MAC address
    r"|[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:%\w+)?"             # an IPv6 address
    r"|(?:[0-9a-f]{2,8}\s+){3,}[0-9a-f]{2,8}"                    # hex dump
    r")\s*",
    re.IGNORECASE,
)
_EMOTICON = re.compile(
    r"(?:[:;=8xX][-'^]?[DPpvVoO3)(\]\[|/\\*]+|[oO0][._][oO0]|\^[_.-]?\^|-_+-|T_T|[:;]{2,})",
)


def is_code(text: str) -> bool:
    """Pasted code, shell commands, log lines, escapes and encodings.

    One strong shape ("$(", "&&", "obj.method(", "%E1%BA", "GET / HTTP/1.1", a
    log timestamp) or two weak ones (an assignment, braces, ";", "-rf",
    "sudo ", "ERROR", a path) and no order id, email or amount, which a
    customer may quote next to a symbol.
    """
    if _IP_OR_HEX.fullmatch(text) and not text.strip().isdigit():
        return any(c.isalpha() for c in text) or text.count(".") == 3
    if _CODE_STRONG.search(text) or _CODE_STRONG_CASED.search(text) or is_machine_output(text):
        return True
    return len(_CODE_WEAK.findall(text)) >= 2


def is_emoticons(text: str) -> bool:
    """Only text emoticons (":v", "o.O", "xD", "^^", ";;"): a mood, not a request."""
    tokens = text.split()
    return bool(tokens) and all(_EMOTICON.fullmatch(t) for t in tokens)


def is_letter_mash(words: List[str]) -> bool:
    """Single letters and one-letter runs: "ẫẫẫẫ ợợợ", "ậ ộ ự ặ ễ", "ddddd đ đ dddđ".

    One letter, however often ("ừ ừ ừ", "k"), is an answer; two or more
    different letters none of which make a word are not.
    """
    folded = [fold_diacritics(w).lower() for w in words]
    if not folded or any(len(set(w)) != 1 for w in folded):
        return False
    letters = {w[0] for w in folded}
    if len(letters) >= 2 and (len(folded) >= 3 or any(len(w) >= 3 for w in folded)):
        return True
    return len(letters) == 1 and any(len(w) >= MIN_MASH_LETTERS for w in folded) and len(folded) >= 2


_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
_URLS_ONLY = re.compile(r"\s*(?:(?:https?|ftp)://\S+|www\.\S+|(?:\.{1,2}[/\\])+\S*|[a-z]:\\\S*)\s*",
                        re.IGNORECASE)


def is_mojibake(text: str) -> bool:
    """UTF-8 bytes shown as Latin-1/Windows-1252 ("Ã¡", "â€™", "ï¿½"): they decode back."""
    if not re.search("[\u00c0-\u00ff][\u0080-\u00ff\u0152-\u2122]", text):
        return False
    for codec in ("cp1252", "latin-1"):
        try:
            repaired = text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if repaired != text:
            return True
    if "ï¿½" in text or "Ã" in text and "Â" in text:
        return True
    # Several mis-decoded pairs even where the whole text no longer decodes.
    return len(re.findall("[ÃÄÅÆá»][\u0080-\u00bf\u0152-\u2122]", text)) >= 2


def is_junk(text: str | None) -> bool:
    """True when ``text`` carries no request at all (see the module docstring)."""
    if text is None:
        return True
    text = _INVISIBLE.sub("", text)  # zero-width characters hide nothing meaningful
    if not text.strip():
        return True
    if is_mojibake(text) or _URLS_ONLY.fullmatch(text):
        return True
    if not _has_letter_or_digit(text):
        return True
    if is_markup(text) or is_sql_injection(text) or is_code(text) or is_emoticons(text):
        return True
    if is_bare_number(text) or is_leet(text):
        return True
    if is_blank_form(text) or is_function_words_only(text):
        return True
    words = _WORD.findall(text)
    if any(c.isdigit() for c in text):
        # digits may be an order number or an amount; next to nothing but mash ("dfgdfg hjkhjk 4545") they are not
        return bool(words) and not _ID_LIKE.search(text) and all(is_mash_word(w) for w in words)
    return bool(words) and (all(is_mash_word(w) for w in words) or is_letter_mash(words))


_ID_LIKE = re.compile(r"\b[a-z]{2,4}[-_ ]?\d{3,}\b|@", re.IGNORECASE)


_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
# Plain numbers up to this many digits may answer a question (a position, an order number).
MAX_ANSWER_DIGITS = 8


_ELONGATED = re.compile(r"(.)\1{2,}")


def words_of(text: str) -> List[str]:
    """Diacritic-folded lower-case words and numbers; a letter typed 3+ times counts once
    ("hiii" -> "hi", "okkkk" -> "ok"), in the vocabulary and in messages alike."""
    folded = _ELONGATED.sub(r"\1", fold_diacritics(text or "").lower())
    return _TOKEN.findall(folded)


def accented_words_of(text: str) -> List[str]:
    """Lower-case words as typed (NFC), a letter typed 3+ times counted once."""
    text = unicodedata.normalize("NFC", text or "").lower()
    return _TOKEN.findall(_ELONGATED.sub(r"\1", text))


MAX_RUN_TOGETHER = 4
MIN_RUN_TOGETHER_LETTERS = 8


def splits_into_known(word: str, vocabulary: frozenset) -> bool:
    """"cancelmyorder", "huydonhang": two to four training words typed without spaces.

    The pieces must all be common English words or all Vietnamese syllables (and
    training words), and the word eight letters or more: Latin filler or a
    made-up word ("cupidatat") splits into short words of mixed kinds by chance.
    """
    if len(word) < MIN_RUN_TOGETHER_LETTERS or not word.isalpha():
        return False
    syllables = folded_syllables()
    kinds = (lambda piece: piece in syllables,
             lambda piece: len(piece) >= 2 and (is_common_english_word(piece) or piece in _SHORT_ENGLISH))
    return any(_splits(word, lambda piece, ok=ok: piece in vocabulary and ok(piece)) for ok in kinds)


_SHORT_ENGLISH = frozenset({"my", "me", "it", "to", "an", "of", "on", "in", "up", "do", "is", "pls", "now",
                            "for", "the", "and", "all", "not", "can", "get", "you", "new", "buy", "pay", "app"})


def _splits(word: str, usable) -> bool:
    best: Dict[int, int] = {0: 0}  # end position -> fewest pieces reaching it
    for end in range(2, len(word) + 1):
        counts = [best[start] + 1 for start in range(max(0, end - 20), end - 1)
                  if start in best and usable(word[start:end])]
        if counts:
            best[end] = min(counts)
    pieces = best.get(len(word))
    return pieces is not None and 2 <= pieces <= MAX_RUN_TOGETHER


def known_words(text: str | None, vocabulary: frozenset,
                accented: frozenset | None = None) -> List[Tuple[str, bool]]:
    """Each word of ``text`` (folded) and whether the training data knows it.

    Without ``accented`` every word is compared folded. With it (the accented
    spellings of the training words, see :func:`accented_vocabulary`), a word
    typed with Vietnamese marks must be known in that spelling, tone placement
    aside ("phấp" is not "pháp"), or make a dictionary word with its neighbours
    ("thời tiết"): a validly spelled made-up line ("ngoéo khượt phấp lừng")
    then has no known word, while the same line typed without marks is judged
    on folded words as before.
    """
    tokens = accented_words_of(text or "")
    folded = ["".join(words_of(t)) for t in tokens]
    if accented is None:
        return [(f, f in vocabulary or splits_into_known(f, vocabulary)) for f in folded]
    in_words = in_dictionary_words(tokens)
    result = []
    for i, token in enumerate(tokens):
        if is_marked(token):
            result.append((folded[i], canonical(token) in accented or in_words[i]))
        else:
            result.append((folded[i], folded[i] in vocabulary or splits_into_known(folded[i], vocabulary)))
    return result


def is_unknown_words(text: str | None, vocabulary: frozenset, has_entities: bool = False,
                     accented: frozenset | None = None) -> bool:
    """True when no word of ``text`` is known (:func:`known_words`) and nothing in it
    could be an answer.

    An empty vocabulary (an untrained filter) decides nothing.
    """
    if not vocabulary or has_entities or not text:
        return False
    words = known_words(text, vocabulary, accented)
    if not words:
        return False
    if len(words) == 1 and is_common_english_word(words[0][0]):
        return False  # one real word ("hiya"): the classifier and the threshold judge it
    for word, known in words:
        if known or (word.isdigit() and len(word) <= MAX_ANSWER_DIGITS):
            return False
    return True


MOSTLY_UNKNOWN_WORDS = 3
MOSTLY_UNKNOWN_SHARE = 0.6


def is_mostly_unknown(text: str | None, vocabulary: frozenset, has_entities: bool = False,
                      accented: frozenset | None = None) -> bool:
    """Three or more words, at least 60 % unknown, and the known ones are short.

    Lorem ipsum and made-up words catch a short known word by chance ("sed do
    eiusmod tempor", "blorp zikka mun"); a customer's sentence with a typo or a
    new product name still has a known word of four letters or more. No digits
    (an order number makes it an answer) and no entity.
    """
    if not vocabulary or has_entities or not text or any(c.isdigit() for c in text):
        return False
    words = known_words(text, vocabulary, accented)
    if len(words) < MOSTLY_UNKNOWN_WORDS:
        return False
    known = [word for word, is_known in words if is_known]
    return (len(words) - len(known)) / len(words) >= MOSTLY_UNKNOWN_SHARE and all(
        len(w) <= 3 for w in known)


def is_made_up_line(text: str | None, vocabulary: frozenset, has_entities: bool = False,
                    accented: frozenset | None = None) -> bool:
    """Made-up words with a real one caught by chance ("truong phuych loang"): :mod:`bot.nlu.made_up`."""
    if not vocabulary or has_entities or not text:
        return False
    return is_made_up(known_words(text, vocabulary, accented), vocabulary, text, accented_words_of(text))


def training_vocabulary(training_data: TrainingData) -> frozenset:
    """Every folded word of the training examples, of entity synonyms and of the
    chat abbreviations the intent model spells out ("khum", "dc": real words)."""
    from bot.nlu.teencode import ABBREVIATIONS

    words: set = set()
    for abbreviation in ABBREVIATIONS:
        words.update(words_of(abbreviation))
    for example in training_data.training_examples:
        words.update(words_of(example.get("text") or ""))
    for synonym, value in training_data.entity_synonyms.items():
        words.update(words_of(synonym))
        words.update(words_of(value))
    return frozenset(words)


def accented_vocabulary(training_data: TrainingData) -> frozenset:
    """The training words typed with Vietnamese marks, in :func:`canonical` spelling."""
    from bot.nlu.teencode import ABBREVIATIONS

    words: set = set()
    texts = [example.get("text") or "" for example in training_data.training_examples]
    texts += list(ABBREVIATIONS)  # "ừa", "hông", "đc": chat words, typed with their marks
    texts += [text for pair in training_data.entity_synonyms.items() for text in pair]
    for text in texts:
        words.update(canonical(w) for w in accented_words_of(text) if is_marked(w))
    return frozenset(words)


def junk_fallback(message: Message) -> None:
    """Make ``message`` an ``nlu_fallback`` with confidence 1.0, ranked first."""
    fallback = {INTENT_NAME_KEY: FALLBACK, PREDICTED_CONFIDENCE_KEY: 1.0}
    ranking = [r for r in message.get(INTENT_RANKING) or []
               if r.get(INTENT_NAME_KEY) != FALLBACK]
    message.set(INTENT, dict(fallback), add_to_output=True)
    message.set(INTENT_RANKING, [dict(fallback), *ranking], add_to_output=True)
    # Nothing in junk is a value the customer meant to give.
    message.set(ENTITIES, [], add_to_output=True)
    message.set("junk", True, add_to_output=True)


# Entities that are a value the customer gives: never part of word salad.
GIVEN_VALUES = frozenset({"order_id", "purchase_id", "email", "item_id"})
VOCABULARY_FILE = "vocabulary.json"
DOMAIN_FILE = "domain_vocabulary.json"  # absent in models trained before round 17
ACCENTED_FILE = "accented_vocabulary.json"  # absent in models trained before round 11


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True
)
class JunkFilter(GraphComponent):
    """After FallbackClassifier: junk messages become ``nlu_fallback`` (1.0)."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        """``unknown_words``: also treat messages without one known word as junk;
        ``word_salad``: also real words that make no sentence, read as out of scope."""
        return {"unknown_words": True, "word_salad": True}

    def __init__(self, config: Dict[str, Any] | None = None, model_storage: ModelStorage | None = None,
                 resource: Resource | None = None, vocabulary: frozenset = frozenset(),
                 accented: frozenset | None = None, domain: frozenset = frozenset()) -> None:
        """Without a vocabulary (not trained, or switched off) only the shape rules apply;
        without ``accented`` (an older model) words are compared diacritic-folded only."""
        self.config = {**self.get_default_config(), **(config or {})}
        self._model_storage, self._resource = model_storage, resource
        self.vocabulary = vocabulary if self.config["unknown_words"] else frozenset()
        self.accented = accented or None
        self.domain = domain if self.config["word_salad"] else frozenset()

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> JunkFilter:
        """An untrained filter (shape rules only)."""
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> JunkFilter:
        """Read the vocabularies written by :meth:`train`; load the word lists now, not
        on the first customer's message."""
        loaded = cls(config, model_storage, resource,
                     frozenset(read_list(model_storage, resource, VOCABULARY_FILE)),
                     frozenset(read_list(model_storage, resource, ACCENTED_FILE)),
                     frozenset(read_list(model_storage, resource, DOMAIN_FILE)))
        if loaded.accented:
            dictionary_words()
            is_common_english_word("warm")
        return loaded

    def train(self, training_data: TrainingData) -> Resource:
        """Learn the vocabulary of the training data, folded and as typed with marks."""
        vocabulary = training_vocabulary(training_data)
        accented = accented_vocabulary(training_data)
        self.vocabulary = vocabulary if self.config["unknown_words"] else frozenset()
        self.accented = accented or None
        write_list(self._model_storage, self._resource, VOCABULARY_FILE, vocabulary)
        write_list(self._model_storage, self._resource, ACCENTED_FILE, accented)
        self.domain = domain_vocabulary((e.get("text") or "", e.get(INTENT) or "")
                                        for e in training_data.training_examples)
        write_list(self._model_storage, self._resource, DOMAIN_FILE, self.domain)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Nothing to change in the training data."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        """Override the intent of every junk message."""
        for message in messages:
            text = message.get("text")
            if text and text.startswith("/"):
                continue  # button payloads: Rasa's RegexMessageHandler gives their meaning
            text = _INVISIBLE.sub("", text or "")  # "x\u200dy\u200dz": the words are "xyz"
            entities = [e for e in message.get(ENTITIES, []) if e.get("entity") != "language"]
            has_entities = bool(entities)
            if is_junk(text) or is_unknown_words(text, self.vocabulary, has_entities, self.accented) \
                    or is_mostly_unknown(text, self.vocabulary, has_entities, self.accented) \
                    or is_made_up_line(text, self.vocabulary, has_entities, self.accented) \
                    or (is_and_chain(text) and sum(e.get("entity") == "product" for e in entities) < 2) \
                    or self._is_off_domain(text, message, entities) \
                    or self._is_salad(text, message, entities):
                junk_fallback(message)
        return messages

    def _is_off_domain(self, text: str, message: Message, entities: List[Dict[str, Any]]) -> bool:
        """A confident task reading made of words no support message has (``bot.nlu.off_domain``)."""
        if any(e.get("entity") in GIVEN_VALUES or e.get("entity") == "product" for e in entities):
            return False
        intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        return is_off_domain_task(text, intent, self.domain)

    def _is_salad(self, text: str, message: Message, entities: List[Dict[str, Any]]) -> bool:
        """Real words that make no sentence (``bot.nlu.word_salad``).

        A product or a date found in it proves nothing ("con mèo bàn phím mưa xanh" has a
        keyboard in it); an order number, a purchase id or an email is something given."""
        if not self.config["word_salad"] or any(e.get("entity") in GIVEN_VALUES for e in entities):
            return False
        reading = message.get(INTENT) or {}
        intent = reading.get(INTENT_NAME_KEY)
        if not worth_checking(text, intent):
            return False
        from bot.nlu.embeddings import embed_one, recent_embedding

        return is_word_salad(text, intent, embed_one, confidence=float(reading.get(PREDICTED_CONFIDENCE_KEY) or 0.0),
                             recent=recent_embedding)
