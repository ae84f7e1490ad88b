"""Real words that make no sentence: "window river cheese grandmother violin",
"sky the under dancing potato my", "bánh mì xe đạp ngôi sao nồi cơm".

Why a module of its own: the junk filter's other checks look for words nobody could
mean (mash, made-up syllables) or for a program's frame. Word salad is made of
dictionary words, so the classifier files it under ``out_of_scope`` and a customer
whose phone dictated nonsense gets a list of topics instead of "could you rephrase?".

What separates salad from a genuine off-topic message is partly *what* it is about and
partly its *form*. The sentence embedding alone learns the topic: trained on salad
against genuine messages it flags recipes, weather and poems, because salad is made of
food, weather and nature words (docs/nlu.md, round 15). So a small logistic model reads
both: the multilingual-e5 embedding, which words of the closed classes the message uses
(pronouns, articles, prepositions, question words, particles, request verbs: "how to",
"cách", "cho mình", "?") and shape facts (share of those words, a phrase said twice, an
English article followed by what cannot follow it, pairs of closed-class words no genuine
message has — "of and", "của và" —, items chained by and/và, a form's "label: value").
It is trained by ``scripts/train_salad_head.py`` on ``data/junk/*.txt`` (salad and hard
genuine lines by hands that saw no test set) plus the NLU training data, and shipped as
``salad_head.json``; the thresholds were chosen on development sets (junk10-12).

Out-of-scope readings are checked at the model's threshold. Other readings are checked
only when the classifier was unsure and the message is embedded anyway or looks like
salad by its form alone (see ``is_word_salad``): a parse pays at most one embedding. A
message shaped as a question, or with a digit, an id, an email or a link, is never salad.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import AbstractSet, Callable, FrozenSet, List, Sequence, Tuple

import numpy as np

from bot.language import fold_diacritics
from bot.nlu.lexicon import is_english_word

HEAD_FILE = Path(__file__).with_name("salad_head.json")
SHAPE_SCALE = 2.0  # weight of the shape facts beside the 0/1 marker words
FALLBACK = "nlu_fallback"
# Readings checked with the full model whatever the classifier's confidence. Salad read as
# another intent ("đơn hàng con cá heo ngủ trên mái nhà" as order status) is checked under
# the conditions of ``is_word_salad``: embedding every such reading put the intent parse
# p95 over the 30 ms target (docs/nlu.md, rounds 15 and 16).
SALAD_PRONE = frozenset({"out_of_scope"})
MIN_WORDS = 3

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
nor unless whether whereas therefore thus hence however upon within onto toward towards across along
behind beyond despite except inside outside via per around above below among against
having doing done being such same other another own more most less few several many much
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
về ve từ tu đến den tới toi trong trên tren dưới duoi ngoài ngoai sau trước truoc giữa giua bởi boi tại tai
cũng cung đều deu vẫn van còn con lại lai ra vào vao lên len xuống xuong vài vai nhiều ít it rất rat
quá qua lắm lam hơn hon nhất nhat chỉ chi mỗi moi cả ca tất tat
""".split())
# Words of a request or a question that are not function words: "how to", "cách nấu",
# "công thức", "write me", "gợi ý", "near me", "gần đây".
_REQUEST_WORDS = frozenset("""
cach cong thuc recipe near gan day nhi write tell give show make find suggest recommend goi y review dich
translate ke
""".split())
FUNCTION_WORDS = _EN_FUNCTION | _VI_FUNCTION
# Vietnamese words typed without marks that are also English spellings ("a" for "ạ").
_VI_ONLY = frozenset("a ad ak oi roi nha nhe ko dc k hk j bn mik mk shop".split())

# After an article or a possessive a noun or an adjective comes, never these.
_DETERMINERS = frozenset("the a an my your our their his her".split())
_NOT_AFTER_DETERMINER = frozenset("""
the a an my your our their his its of to in on at by for from with under into over
and or but is are was were am be can could will would should i you he she we they me him us them
""".split())

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_DISQUALIFIERS = re.compile(r"\d|@|https?://|www\.", re.UNICODE)


def words_of(text: str) -> List[str]:
    """Lower-cased words: letters only (apostrophes dropped: "don't" -> "dont")."""
    return [w.replace("'", "") for w in _WORD.findall(text.lower())]


def is_english(words: Sequence[str]) -> bool:
    """Every word an English word and none only Vietnamese: the grammar check knows English
    only ("a" ends many Vietnamese lines typed without marks: "ạ")."""
    return bool(words) and all(w.isascii() and w not in _VI_ONLY and is_english_word(w) for w in words)


def has_broken_english(words: Sequence[str]) -> bool:
    """An article or possessive followed by what cannot follow it, or ending the line."""
    for i, word in enumerate(words):
        if word not in _DETERMINERS:
            continue
        following = words[i + 1] if i + 1 < len(words) else None
        if following is None or following in _NOT_AFTER_DETERMINER:
            return True
    return False


def has_repeated_chain(words: Sequence[str], run: int = 3) -> bool:
    """The same run of ``run`` words twice (not overlapping) in a message of 7+ words:
    predictive text ("mình đang ở nhà mình đang ở nhà rồi mà")."""
    if len(words) < 7:
        return False
    seen: dict = {}
    for i in range(len(words) - run + 1):
        key = tuple(words[i:i + run])
        if key in seen and i - seen[key] >= run:
            return True
        seen.setdefault(key, i)
    return False


def _fold(word: str) -> str:
    return fold_diacritics(word).lower()


@lru_cache(maxsize=1)
def marker_vocabulary() -> tuple:
    """The closed-class and request words the model reads, folded, in a fixed order."""
    return tuple(sorted({_fold(w) for w in FUNCTION_WORDS} | _REQUEST_WORDS))


@lru_cache(maxsize=1)
def _marker_index() -> dict:
    return {w: i for i, w in enumerate(marker_vocabulary())}


def closed_class_share(text: str) -> float:
    """The share of the words that are closed-class or request words."""
    folded = [_fold(w) for w in words_of(text)]
    return sum(w in _marker_index() for w in folded) / max(len(folded), 1)


# Words that join the items of a list: "chair and kite and sea", "cái ghế và con diều".
_JOINTS = frozenset("and or with plus va voi hoac".split())
# "key: value", "ho_ten: ...", "{{user_name}}": a form's labels, not a message.
_LABEL = re.compile(r"[^\W\d]\s*[:=|]\s*\S|[^\W\d]_[^\W\d]|\{\{|\}\}", re.UNICODE)
SHAPE_FACTS = 13  # the shape facts after the marker words (see form_features)


def closed_class_pairs(text: str) -> List[Tuple[str, str]]:
    """Adjacent pairs of closed-class words, folded: ("of", "and") in "the of and a"."""
    index = _marker_index()
    folded = [_fold(w) for w in words_of(text)]
    return [(a, b) for a, b in zip(folded, folded[1:], strict=False) if a in index and b in index]


def _pair_facts(text: str, seen_pairs: AbstractSet[Tuple[str, str]]) -> List[float]:
    """How many adjacent closed-class pairs were never seen in a genuine message: people
    write "of the" and "cho mình", never "of and" or "của và". A tiny language model
    that needs no embedding (strings of function words were salad the embedding missed)."""
    pairs = closed_class_pairs(text)
    unseen = sum(pair not in seen_pairs for pair in pairs)
    return [unseen / len(pairs) if pairs else 0.0, float(unseen >= 2), min(unseen, 5) / 5]


def _list_facts(text: str, words: Sequence[str]) -> List[float]:
    """Items joined by and/và/với/commas: lists of things that go together are common in
    genuine messages too, so these are facts for the model, not a rule."""
    joints = sum(_fold(w) in _JOINTS for w in words) + sum(text.count(c) for c in ",/;")
    return [joints / max(len(words), 1), float(joints >= 2), float(bool(_LABEL.search(text)))]


def form_features(text: str, seen_pairs: AbstractSet[Tuple[str, str]] = frozenset()) -> np.ndarray:
    """Which marker words the text uses (0/1 each), then thirteen shape facts."""
    index = _marker_index()
    words = words_of(text)
    bag = np.zeros(len(index), dtype=np.float32)
    for w in words:
        position = index.get(_fold(w))
        if position is not None:
            bag[position] = 1.0
    share = closed_class_share(text)
    shape = [float("?" in text), share, min(max(len(words), 1), 20) / 20, float(bool(re.search(r"\d", text))),
             float(has_repeated_chain(words)), float(is_english(words) and has_broken_english(words)),
             float(share == 0), *_pair_facts(text, seen_pairs), *_list_facts(text, words)]
    return np.concatenate([bag, np.asarray(shape, dtype=np.float32) * SHAPE_SCALE])


def _sigmoid(z: float) -> float:
    return float(1.0 / (1.0 + np.exp(-z)))


@dataclass(frozen=True)
class SaladHead:
    """Two logistic models and where to cut them.

    ``probability`` reads the embedding and the form; ``form_probability`` reads the form
    alone and decides whether a message not yet embedded is worth an embedding (the
    parse-time budget). ``seen_pairs`` are the closed-class pairs of the genuine training
    messages."""

    weights: np.ndarray
    bias: float
    embedding_weight: float
    threshold: float  # an out-of-scope reading is salad from here
    other_threshold: float  # another reading is salad from here ...
    confident: float  # ... unless the classifier was at least this sure of it
    form_weights: np.ndarray
    form_bias: float
    gate: float  # a message not embedded yet is embedded only from this form probability
    seen_pairs: FrozenSet[Tuple[str, str]]

    def probability(self, text: str, embedding: np.ndarray) -> float:
        x = np.concatenate([np.asarray(embedding, dtype=np.float32).reshape(-1) * self.embedding_weight,
                            form_features(text, self.seen_pairs)])
        return _sigmoid(float(x @ self.weights + self.bias))

    def form_probability(self, text: str) -> float:
        return _sigmoid(float(form_features(text, self.seen_pairs) @ self.form_weights + self.form_bias))

    def to_json(self) -> dict:
        def rounded(values: np.ndarray) -> list:
            return [round(float(w), 6) for w in values]

        return {"vocabulary": list(marker_vocabulary()), "shape_facts": SHAPE_FACTS,
                "weights": rounded(self.weights), "bias": round(self.bias, 6),
                "embedding_weight": self.embedding_weight, "threshold": self.threshold,
                "other_threshold": self.other_threshold, "confident": self.confident,
                "form_weights": rounded(self.form_weights), "form_bias": round(self.form_bias, 6),
                "gate": self.gate, "seen_pairs": sorted(" ".join(p) for p in self.seen_pairs)}


@lru_cache(maxsize=1)
def load_head(path: Path = HEAD_FILE) -> SaladHead | None:
    """The shipped model, or None when it is missing or was trained on other features."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if tuple(raw.get("vocabulary", ())) != marker_vocabulary() or raw.get("shape_facts") != SHAPE_FACTS:
        return None  # the word lists or features changed since training: retrain (scripts/train_salad_head.py)
    return SaladHead(np.asarray(raw["weights"], dtype=np.float32), float(raw["bias"]),
                     float(raw["embedding_weight"]), float(raw["threshold"]), float(raw["other_threshold"]),
                     float(raw["confident"]), np.asarray(raw["form_weights"], dtype=np.float32),
                     float(raw["form_bias"]), float(raw["gate"]),
                     frozenset(tuple(p.split(" ")) for p in raw["seen_pairs"]))


# A message shaped as a question or a request is a sentence, whatever it is about:
# "what is the weather in hanoi tomorrow" (weather is a favourite word of salad).
_EN_OPENERS = frozenset("what how who where when why which is are can could do does will would should tell give "
                        "show write help please whats hows wheres whos".split())
_VI_OPENERS = re.compile(r"^(?:sao|tai sao|vi sao|lam sao|lam the nao|cho (?:minh|em|toi|tui|anh|chi)|giup|ai"
                         r"|bao gio|khi nao|o dau|cach)\b")


# English asks with a wh-word anywhere ("ok but which one is the extra one").
_EN_ASKING = frozenset("what which why how where who when whats hows".split())
# Vietnamese asks at the end of the line: "ship tới được không", "dc hong", "xong chưa".
_VI_ASKING_ENDS = frozenset("khong ko hong hok hk khum chua ha nhi vay ta".split())


def is_question_shaped(text: str) -> bool:
    """Ends with "?" or a Vietnamese question particle, or opens with a question word or a
    request ("cho mình hỏi", "how")."""
    words = words_of(text)
    return text.rstrip().endswith("?") or (bool(words) and words[0] in _EN_OPENERS) \
        or (is_english(words) and bool(_EN_ASKING & set(words))) \
        or (bool(words) and _fold(words[-1]) in _VI_ASKING_ENDS and not is_english(words)) \
        or _VI_OPENERS.search(_fold(text.strip())) is not None


def worth_checking(text: str | None, intent: str | None) -> bool:
    """A reading (not already a fallback) of three or more words, not shaped as a question,
    without digits, ids, emails or links, and with no clause that is a plain yes or no ("ok
    back to it, yes cancel" answers a question, whatever the rest says)."""
    return bool(text) and intent not in (None, FALLBACK) and not _DISQUALIFIERS.search(text) \
        and len(words_of(text)) >= MIN_WORDS and not is_question_shaped(text) and not _answers_yes_or_no(text) \
        and _ADDS_ONE_MORE.search(text.lower()) is None


# "oh and the two controllers too while you're at it": one more thing for the task at hand.
_ADDS_ONE_MORE = re.compile(r"\b(?:too|also|as well)\W*(?:while you(?:'re| are) at it)?\W*$|while you(?:'re| are) at it")


def _answers_yes_or_no(text: str) -> bool:
    from bot.answers.yesno import yes_or_no

    return any(yes_or_no(clause) is not None for clause in re.split(r"[.!?;,\n]+", text))


def is_word_salad(text: str | None, intent: str | None, embed_one: Callable[[str], np.ndarray],
                  confidence: float = 0.0, recent: Callable[[str], np.ndarray | None] | None = None,
                  head: SaladHead | None = None) -> bool:
    """True when ``text``, which the classifier read as ``intent`` with ``confidence``, is
    words that make no sentence.

    An out-of-scope reading is checked with the full model. Another reading is checked only
    when the classifier was unsure of it (salad that names an order or a refund still reads
    as that intent, but rarely with confidence); and it is embedded for the check only when
    the classifier already did (``recent`` gives that vector) or its form alone looks like
    salad, so a parse pays at most one embedding (docs/nlu.md, round 16)."""
    if not worth_checking(text, intent):
        return False
    head = head or load_head()
    if head is None:
        return False
    if intent in SALAD_PRONE:
        return head.probability(text, embed_one(text)) >= head.threshold
    if confidence >= head.confident:
        return False
    vector = recent(text) if recent is not None else None
    if vector is None:
        if head.form_probability(text) < head.gate:
            return False
        vector = embed_one(text)
    return head.probability(text, vector) >= head.other_threshold
