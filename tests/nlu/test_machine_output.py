"""Program output pasted into the chat is junk; a customer quoting an error is not.

Written from the shapes in ``bot/nlu/machine_output.py`` (not copied from a junk set):
each row is a frame a program writes, and the second table keeps the sentences a
customer types around the same words.
"""
from __future__ import annotations

import pytest

from bot.nlu.junk import is_junk
from bot.nlu.machine_output import is_machine_output

PROGRAM_OUTPUT = [
    "app.ts:4:17: error TS2304: Cannot find name 'foo'.",
    "Widget.java:42: error: ';' expected",
    "error[E0425]: cannot find value `x` in this scope",
    "error LNK2001: unresolved external symbol _main",
    "ld: symbol(s) not found for architecture arm64",
    "undefined reference to `pthread_create'",
    "collect2: error: ld returned 1 exit status",
    "goroutine 7 [select]:",
    "[signal SIGBUS: bus error code=0x2 addr=0x7f]",
    "thread 'main' panicked at src/main.rs:3:5",
    "HTTP/1.1 503 Service Unavailable",
    "HTTP/2 200",
    "Content-Type: application/json",
    "X-Powered-By: Express",
    "curl: (6) Could not resolve host: example.invalid",
    "wget: unable to resolve host address 'mirror.local'",
    "systemd[1]: Stopped Daily apt upgrade.",
    "2023-01-02 03:04:05 WARN pool exhausted",
    "SQLITE_CONSTRAINT: UNIQUE constraint failed: users.email",
    "ORA-12154: TNS:could not resolve the connect identifier specified",
    "connect ETIMEDOUT 10.0.0.1:443",
    "DRIVER_IRQL_NOT_LESS_OR_EQUAL",
    "PAGE_FAULT_IN_NONPAGED_AREA",
    "API_KEY=sk_live_51Habc",
    "Error: ENOENT: no such file or directory, open 'config.json'",
    "** server can't find printer.lan: SERVFAIL",
    "=========== 3 failed, 12 passed in 4.20s ===========",
    "a3f5c9e1b7d24f6a8c0e9b1d3f5a7c9e",
    "123e4567-e89b-12d3-a456-426614174000",
    "QWxhZGRpbjpvcGVuIHNlc2FtZQ==",
    "~/Library/Logs/DiagnosticReports",
    "sku,name,price,qty",
    "laboris nisi ut aliquip ex ea commodo consequat",
    "## Usage",
    "E/AndroidRuntime( 4321): FATAL EXCEPTION: main",
    "@@ -3,4 +3,6 @@ import os",
    "1. d4 d5 2. c4 e6",
    "hello comma how are new paragraph",
    "cái bàn dấu phẩy con mèo dấu chấm",
    "7&* ## 3.1.4 ~~ 0/",
    "def total(items): return sum(i.price for i in items)",
    "#include <stdio.h>",
    "D:\\Backup\\old stuff\\photos (2).zip",
    "← ← → → ↑ ↓ ↑↓↑",
    "G D Em C | G D Em C",
    "kilo lima mike november oscar",
    "chữ mẫu chữ mẫu chữ mẫu",
]

CUSTOMER_WORDS = [
    "payment: failed, what do I do now?",
    "Error: my card was declined, can you help?",
    "I get error 0x80073CF9 when I download the game",
    "lỗi 0x80073CF9 khi tải game thì làm sao",
    "the store page says HTTP Error 500 when I pay, help",
    "ORD-1001, ITM-2, ITM-3, ITM-4",
    "items 1,2,3 please",
    "hủy ORD-1001 giúp mình",
    "my order from 2026-11-20 still says processing",
    "Xbox: cannot sign in, can you help me",
    "bill 19.99 on 10/11 and 19.99 on 12/11???",
    "why was I charged twice this month",
    "ok",
    "my billing period changed, why was the new period charged twice?",
    "$19.99 + $19.99 = $39.98??",
    "#1125 #1126",
    "cancel cancel cancel my order",
    "class of 2026 here, I need help with a refund",
    "A B C plan? which one do I have",
    "hủy đơn hủy đơn hủy đơn giúp mình với",
]


@pytest.mark.parametrize("text", PROGRAM_OUTPUT)
def test_program_output_is_junk(text: str) -> None:
    assert is_junk(text), text


@pytest.mark.parametrize("text", CUSTOMER_WORDS)
def test_customers_quoting_errors_or_listing_values_are_not_machine_output(text: str) -> None:
    assert not is_machine_output(text), text
    assert not is_junk(text), text
