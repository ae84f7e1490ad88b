"""The fuzzer's own grammar of customer messages, in English and Vietnamese.

Written for the fuzzer from the demo data and the articles (not taken from the training data):
intents with and without the things they name (orders, items, purchases, months), typed answers
(names, parts of names, positions, dates, ids, emails), yes / no / stop words, digressions, junk,
and the ways Vietnamese is typed (with diacritics, without, teencode, Telex slips, mixed with English).
"""
from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Tuple

from bot.language import fold_diacritics

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo" / "orders.json"

STYLES = ("en", "vi", "vi_nodiacritics", "teencode", "mixed")

YES = {
    "en": ["yes", "yep", "sure", "yes please", "ok", "yeah go ahead", "yes, do it", "correct", "sure, go ahead"],
    "vi": ["có", "ừ", "vâng", "đúng rồi", "được", "ok", "có, làm đi", "ừ đúng rồi", "uh"],
    "vi_nodiacritics": ["co", "u", "vang", "dung roi", "duoc", "ok", "co lam di"],
    "teencode": ["oke", "ok luon", "dc", "uk", "co nha", "dung r"],
    "mixed": ["ok luôn", "yes nha", "ok bạn", "yes, làm đi"],
}
# Acceptances of an offer that also name it ("yes please refund the tax then").
YES_OFFER = {
    "en": ["yes please refund the tax then", "ok, request the tax refund", "yes, connect me to a person"],
    "vi": ["ừ hoàn thuế giúp mình", "có, cho mình hoàn thuế", "ừ cho mình gặp nhân viên"],
    "vi_nodiacritics": ["u hoan thue giup minh", "co, cho minh hoan thue"],
    "teencode": ["oke hoan thue di", "dc, cho mk gap nv"],
    "mixed": ["ok refund tax giúp mình", "yes, cho mình gặp agent"],
}
NO = {
    "en": ["no", "nope", "no thanks", "not now", "no, leave it"],
    "vi": ["không", "không cần", "không nhé", "chưa cần"],
    "vi_nodiacritics": ["khong", "khong can", "khong nhe"],
    "teencode": ["ko", "k", "hok", "ko can dau"],
    "mixed": ["no nha", "không, no thanks"],
}
STOP = {
    "en": ["stop", "never mind", "forget it", "cancel that, I changed my mind"],
    "vi": ["thôi", "thôi khỏi", "không hủy nữa", "dừng lại đi"],
    "vi_nodiacritics": ["thoi", "thoi khoi", "khong huy nua"],
    "teencode": ["thoi k can", "thoi ko huy nua"],
    "mixed": ["thôi, never mind", "stop nha"],
}
JUNK = ["", " ", "\n", "😀", "🙂🙂", "🎉🎉🎉", "😂😂😂", "🙏", "<b></b>", "<br/><br/>", "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>", "asdfghjkl", "qwertyuiop", "jkjkjkjkjk", "zxcvbnm,./", "ádsfsdf",
        "'; DROP TABLE orders; --", "' OR 1=1 --", "1; SELECT * FROM customers", "...", "?!?!", "???",
        "{{7*7}}", "${jndi:ldap://x}", "\u200b\u200b", "ḁ̶̢̛͕", "ơơơ ưưư đđđ", "%s%s%s", "null", "[object Object]"]
THANKS = {
    "en": ["thanks", "thank you so much", "cheers, thanks"],
    "vi": ["cảm ơn", "cảm ơn bạn nhiều", "cám ơn nhé"],
    "vi_nodiacritics": ["cam on", "cam on ban nhieu"],
    "teencode": ["tks ad", "thanks nha", "cam on nhiu"],
    "mixed": ["thanks bạn nha", "cảm ơn, thanks"],
}
GREET = {
    "en": ["hello", "hi there", "hey, good morning"],
    "vi": ["xin chào", "chào bạn", "alo"],
    "vi_nodiacritics": ["xin chao", "chao ban"],
    "teencode": ["hi ad", "alo ad oi"],
    "mixed": ["hello bạn", "hi, chào bạn"],
}
BYE = {
    "en": ["bye", "goodbye, that's all"],
    "vi": ["tạm biệt", "chào nhé, hết rồi"],
    "vi_nodiacritics": ["tam biet", "bye nha"],
    "teencode": ["bb ad", "pp nha"],
    "mixed": ["bye bạn", "bye bye nha"],
}
TIME = {
    "en": ["this month", "last month", "in March", "in April", "in August", "on the 5th", "on 31/1", ""],
    "vi": ["tháng này", "tháng trước", "tháng 3", "tháng 4", "tháng 8", "hôm 5", "hôm 31/1", ""],
}

# Intent templates. {order} {product} {part} {purchase} {benefit} {time} are filled from the data.
INTENTS: Dict[str, Dict[str, List[str]]] = {
    "cancel": {
        "en": ["I want to cancel my order", "cancel order {order}", "please cancel the {product} from order {order}",
               "how do I cancel a pre-order?", "can you cancel {part} in {order} for me"],
        "vi": ["tôi muốn hủy đơn hàng", "hủy đơn {order} giúp mình", "hủy {product} trong đơn {order}",
               "làm sao để hủy đơn đặt trước?", "mình muốn hủy {part} trong đơn {order}"],
        "mixed": ["cancel giúp mình order {order}", "hủy order {order} đi bạn", "mình muốn cancel {product}"],
    },
    "status": {
        "en": ["where is my order?", "where is my order {order}?", "has my order {order} shipped yet",
               "what's the status of my order"],
        "vi": ["đơn hàng của mình giao chưa?", "trạng thái đơn hàng {order}", "đơn {order} của mình tới đâu rồi",
               "kiểm tra giúp mình đơn hàng"],
        "mixed": ["check status đơn {order} giúp mình", "order {order} ship chưa vậy"],
    },
    "store_refund": {
        "en": ["can I return the {product} for a refund?", "I want a refund for my order",
               "my item already shipped, can I exchange it?"],
        "vi": ["mình muốn trả hàng {product} để hoàn tiền", "hàng đã giao rồi, đổi trả thế nào",
               "làm sao để được hoàn tiền đơn hàng"],
        "mixed": ["refund {product} được không bạn", "mình muốn return hàng"],
    },
    "partner": {
        "en": ["I'd like a refund for a partner benefit", "refund for partner purchase {purchase}",
               "can we get a refund for the {benefit} benefit?", "refund our AI Cloud Partner Program purchase"],
        "vi": ["công ty mình muốn hoàn tiền gói đối tác", "hoàn tiền giao dịch {purchase}",
               "xin hoàn tiền gói {benefit}", "hoàn tiền lợi ích đối tác giúp mình"],
        "mixed": ["refund gói {benefit} được không", "partner benefit {purchase} refund được ko"],
    },
    "tax": {
        "en": ["can we get the tax back on {purchase}?", "tax refund for the {benefit} purchase",
               "we're tax exempt, can we get the tax refunded?"],
        "vi": ["công ty mình được miễn thuế, xin hoàn thuế", "hoàn thuế cho gói {benefit}",
               "cho mình xin lại tiền thuế của {purchase}"],
        "mixed": ["refund tax cho {purchase} được không", "company mình tax exempt, hoàn thuế sao"],
    },
    "bills": {
        "en": ["why was I charged twice {time}?", "why did I get two bills {time}", "I see two charges {time}, why?"],
        "vi": ["tại sao {time} tôi bị trừ tiền hai lần", "sao {time} mình bị tính phí 2 lần vậy",
               "{time} có hai hóa đơn là sao"],
        "mixed": ["sao {time} bị charge 2 lần vậy", "{time} mình bị bill hai lần"],
    },
    "overdue": {
        "en": ["my balance is overdue, how do I pay?", "what does overdue mean on my subscription?"],
        "vi": ["số dư quá hạn là sao, thanh toán thế nào?", "gói của mình bị quá hạn thanh toán"],
        "mixed": ["balance overdue là sao vậy", "thanh toán overdue kiểu gì"],
    },
    "pending": {
        "en": ["what does a pending charge mean?", "why is a charge pending?"],
        "vi": ["khoản phí đang chờ xử lý nghĩa là gì?", "số dư đang chờ xử lý là sao"],
        "mixed": ["pending charge là gì vậy", "sao có khoản pending"],
    },
}
DIGRESSIONS = {
    "en": ["how do I turn off recurring billing?", "how do I change my payment method?",
           "how can I make my kid ask before buying?", "when does my Office 365 subscription expire?",
           "how do I require a password for purchases?", "are you a bot?", "wait, why was I charged twice?",
           "what does a pending charge mean?"],
    "vi": ["làm sao để tắt gia hạn tự động?", "đổi thẻ thanh toán thế nào?",
           "làm sao để con mình phải hỏi trước khi mua?", "khi nào gói Office 365 hết hạn?",
           "bạn là người hay máy vậy?", "mà khoan, sao mình bị trừ tiền hai lần?", "số dư quá hạn là gì?"],
    "mixed": ["à mà cancel subscription thì sao?", "khoan, payment method đổi sao?"],
}
SMALLTALK_OTHER = {
    "en": ["I want to talk to a human", "what's the weather like today?", "can we speak Vietnamese?",
           "tell me a joke"],
    "vi": ["cho mình gặp nhân viên", "thời tiết hôm nay thế nào?", "nói tiếng Anh được không?",
           "kể chuyện cười đi"],
    "mixed": ["cho mình nói chuyện với agent", "speak English được không"],
}
EN_PARTS = {"keyboard": "the keyboard", "controller": "the controller", "laptop": "the laptop",
            "mouse": "the mouse", "headphones": "the headphones", "forza": "the Forza pre-order",
            "minecraft": "the Minecraft game", "surface go": "the Surface Go", "xbox series": "the Xbox"}
VI_PARTS = {"keyboard": "cái bàn phím", "controller": "tay cầm", "laptop": "cái laptop", "mouse": "con chuột",
            "headphones": "tai nghe", "forza": "game Forza", "minecraft": "game Minecraft",
            "surface go": "máy Surface Go", "xbox series": "máy Xbox"}
POSITIONS = {"en": ["the first one", "the second one", "the third one", "the last one", "all of them"],
             "vi": ["cái thứ nhất", "cái thứ 2", "cái thứ ba", "cái cuối", "tất cả"]}
TEENCODE = [(r"\bkhong\b", "ko"), (r"\bduoc\b", "dc"), (r"\bminh\b", "mk"), (r"\bban\b", "bn"), (r"\broi\b", "r"),
            (r"\bvay\b", "z"), (r"\bthe nao\b", "ntn"), (r"\bgi\b", "j"), (r"\bcam on\b", "tks"),
            (r"\bnhan vien\b", "nv"), (r"\bcho minh\b", "cho mk")]
TELEX = {"hủy": "huyr", "đơn": "ddon", "giúp": "giups", "hàng": "hangf", "tiền": "tieenf", "hoàn": "hoanf",
         "thuế": "thues", "của": "cuar", "mình": "minhf"}


@dataclass
class Customer:
    id: str
    name: str
    email: str
    orders: List[dict] = field(default_factory=list)
    purchases: List[dict] = field(default_factory=list)
    subscriptions: List[dict] = field(default_factory=list)

    @property
    def products(self) -> List[str]:
        return [i["product"] for o in self.orders for i in o["items"]]


def load_customers(path: Path = DEMO) -> Dict[str, Customer]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    customers = {c["id"]: Customer(c["id"], c["name"], c["email"]) for c in doc["customers"]}
    for o in doc["orders"]:
        customers[o["customer_id"]].orders.append(o)
    for p in doc["partner_purchases"]:
        customers[p["customer_id"]].purchases.append(p)
    for s in doc["subscriptions"]:
        customers[s["customer_id"]].subscriptions.append(s)
    return customers


def vi_style(text: str, style: str, rng: random.Random) -> str:
    """Vietnamese as typed: with diacritics, without, teencode, or with Telex slips."""
    if style == "vi":
        if rng.random() < 0.15:  # Telex slips: the IME was off for a word or two
            for word, slip in TELEX.items():
                if word in text and rng.random() < 0.6:
                    text = text.replace(word, slip, 1)
        return text
    folded = fold_diacritics(text)
    if style == "teencode":
        low = folded.lower()
        for pattern, short in TEENCODE:
            low = re.sub(pattern, short, low)
        return low
    return folded if rng.random() < 0.7 else folded.lower()


def base_lang(style: str) -> str:
    return "en" if style == "en" else "mixed" if style == "mixed" else "vi"


def pick(rng: random.Random, table: Dict[str, List[str]], style: str) -> str:
    options = table.get(style) or table.get(base_lang(style)) or table["vi"]
    text = rng.choice(options)
    if style in ("vi_nodiacritics", "teencode") and style not in table:
        text = vi_style(text, style, rng)
    elif style == "vi" and "vi" in table:
        text = vi_style(text, "vi", rng)
    return text


def part_of(product: str, lang: str) -> str | None:
    low = product.lower()
    for key, en in EN_PARTS.items():
        if key in low:
            return en if lang == "en" else VI_PARTS[key]
    return None


@dataclass
class Slots:
    """Values a template can name: the walker's own data, or any data for an anonymous walker."""

    orders: List[str]
    products: List[str]
    purchases: List[Tuple[str, str, str]]  # (id, benefit, purchased_on)


def fill(template: str, style: str, slots: Slots, rng: random.Random, fake_orders: List[str]) -> str:
    lang = "en" if style == "en" else "vi"
    order = rng.choice(slots.orders) if slots.orders and rng.random() < 0.85 else rng.choice(fake_orders)
    product = rng.choice(slots.products) if slots.products else "Surface Pro Keyboard"
    if rng.random() < 0.5:  # people leave out "(pre-order)", "(1 năm)", "– Phiên bản Galaxy"
        product = re.split(r"\s+[(–]", product)[0].strip()
    part = part_of(product, lang) or product
    purchase = rng.choice(slots.purchases) if slots.purchases else ("PPB-3001", "Partner Success Core", "2026-11-02")
    time = rng.choice(TIME["en" if lang == "en" else "vi"])
    text = template.format(order=order, product=product, part=part, purchase=purchase[0], benefit=purchase[1],
                           time=time)
    text = re.sub(r"\b(the|The) The\b", "The", text)
    return re.sub(r"\s+", " ", text).strip()


def intent_message(rng: random.Random, style: str, slots: Slots, fake_orders: List[str]) -> Tuple[str, str]:
    name = rng.choice(list(INTENTS))
    table = INTENTS[name]
    options = table["mixed"] if style == "mixed" else table["en"] if style == "en" else table["vi"]
    text = fill(rng.choice(options), style, slots, rng, fake_orders)
    if style in ("vi", "vi_nodiacritics", "teencode"):
        text = vi_style(text, style, rng)
    return name, text


def typed_answer(rng: random.Random, style: str, slots: Slots, fake_orders: List[str]) -> str:
    """An answer to "which item / order / purchase?": a name, part of a name, a position, an id, a date."""
    lang = "en" if style == "en" else "vi"
    kind = rng.choice(["product", "part", "position", "order", "purchase", "benefit", "date"])
    if kind == "product" and slots.products:
        text = rng.choice(slots.products)
        if rng.random() < 0.3:
            text = ("just the " if lang == "en" else "hủy ") + text
    elif kind == "part" and slots.products:
        text = part_of(rng.choice(slots.products), lang) or rng.choice(slots.products)
    elif kind == "order" and slots.orders:
        order = rng.choice(slots.orders + fake_orders[:1])
        text = rng.choice([order, f"it's {order}" if lang == "en" else f"đơn {order} đó"])
    elif kind == "purchase" and slots.purchases:
        text = rng.choice(slots.purchases)[0]
        text = rng.choice([text, f"I think it's {text}" if lang == "en" else f"giao dịch {text} nhé"])
    elif kind == "benefit" and slots.purchases:
        text = rng.choice(slots.purchases)[1]
        text = f"the {text} one" if lang == "en" else f"gói {text}"
    elif kind == "date" and slots.purchases:
        y, m, d = rng.choice(slots.purchases)[2].split("-")
        text = f"the one bought on {int(d)}/{int(m)}" if lang == "en" else f"gói mua hôm {int(d)}/{int(m)}"
    else:
        text = rng.choice(POSITIONS[lang])
    if style in ("vi_nodiacritics", "teencode"):
        text = vi_style(text, style, rng)
    return text
