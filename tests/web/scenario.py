"""The issue's browser scenario, written once and run against any stack.

``stack`` needs ``web_url``, ``stop_rasa()`` and ``start_rasa()``: the stub
stack (fast, every run) and the real ``make run`` stack (``live_stack``) both
have them. Waiting is by completed turns (the widget's ``data-turns``), not by
message counts, because the real bot may answer with several messages.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

from playwright.sync_api import Locator, Page, expect

TWO_BILLS_VI = "tại sao tôi bị tính phí hai lần"
TWO_BILLS_EN = "why was I charged twice?"
VI_DATES = ("ngày 5 tháng 3 năm 2026", "ngày 20 tháng 3 năm 2026")
EN_DATES = ("March 5, 2026", "March 20, 2026")
XSS = "<img src=x onerror=alert(1)>"


def open_widget(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator(".sw-root")).to_have_attribute("data-ready", "true")
    page.get_by_role("button", name=re.compile("trợ lý hỗ trợ|support assistant", re.I)).click()
    expect(page.locator("#sw-panel")).to_be_visible()


def bot_messages(page: Page) -> Locator:
    return page.locator(".sw-log .sw-bot:not(.sw-greeting)")


def turn(page: Page, action: Callable[[], None], timeout: float = 15_000) -> str:
    """Do ``action`` (which sends one message), wait for its answer, return the new bot text."""
    root = page.locator(".sw-root")
    turns = int(root.get_attribute("data-turns") or 0)
    before = bot_messages(page).count()
    action()
    expect(root).to_have_attribute("data-turns", str(turns + 1), timeout=timeout)
    try:  # on a loaded host the turn counter can move a moment before the bubble is drawn
        expect(bot_messages(page)).not_to_have_count(before, timeout=3_000)
    except AssertionError:
        pass  # a turn without a bot bubble (an agent's conversation) returns ""
    return "\n".join(bot_messages(page).all_inner_texts()[before:])


def send(page: Page, text: str) -> None:
    page.locator("#sw-input").fill(text)
    page.locator("#sw-input").press("Enter")


def say(page: Page, text: str, timeout: float = 15_000) -> str:
    return turn(page, lambda: send(page, text), timeout)


def wait_for_answers(page: Page, count: int, timeout: float) -> Locator:
    expect(bot_messages(page)).to_have_count(count, timeout=timeout)
    expect(page.locator(".sw-typing")).to_be_hidden(timeout=timeout)
    return bot_messages(page).nth(count - 1)


def run_scenario(page: Page, stack: Any, reports: Path, timeout: float = 15_000) -> None:
    dialogs: list = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    # 1-2. open the page, sign in as the Vietnamese customer with two bills in March
    open_widget(page, stack.web_url)
    page.locator("#sw-signin").select_option("CUST-1001")
    expect(page.locator(".sw-notice")).to_contain_text("Nguyễn Minh Anh")

    # 3. the personalised answer names both real charge dates
    answer = say(page, TWO_BILLS_VI, timeout)
    for date in VI_DATES:
        assert date in answer, answer
    page.screenshot(path=str(reports / "widget-desktop.png"))

    # 4. a quick reply from the bot's buttons is disabled after use
    chip = bot_messages(page).locator(".sw-quick .sw-chip").first
    expect(chip).to_be_enabled()
    turn(page, chip.click, timeout)
    expect(chip).to_be_disabled()

    # 5. switch to English: the next answer is English
    page.locator("#sw-lang").select_option("en")
    expect(page.locator("#sw-input")).to_have_attribute("placeholder", "Type a message…")
    english = say(page, TWO_BILLS_EN, timeout)
    for date in EN_DATES:
        assert date in english, english
    assert not re.search(r"\bngày\b|\bbạn\b", english, re.I), english

    # 6. reload: the transcript is still there
    before = page.locator(".sw-log .sw-msg").all_inner_texts()
    page.reload()
    expect(page.locator(".sw-root")).to_have_attribute("data-ready", "true")
    page.locator(".sw-launcher").click()
    expect(page.locator(".sw-log .sw-msg")).to_have_count(len(before))
    assert page.locator(".sw-log .sw-msg").all_inner_texts() == before
    expect(page.locator("#sw-lang")).to_have_value("en")
    expect(bot_messages(page).locator(".sw-chip").first).to_be_disabled()

    # 7. an HTML payload stays inert text
    say(page, XSS, timeout)
    expect(page.locator(".sw-log .sw-user").last).to_have_text(re.compile(re.escape(XSS) + "$"))
    assert page.locator(".sw-log img").count() == 0
    assert dialogs == []

    # 8. Rasa down: error state, nothing lost; back up: "try again" works
    stack.stop_rasa()
    turn(page, lambda: send(page, "hello"), timeout)
    expect(page.locator(".sw-error")).to_be_visible()
    expect(page.locator(".sw-log .sw-user.sw-failed")).to_contain_text("hello")
    stack.start_rasa()
    recovered = turn(page, page.locator(".sw-retry").click, timeout)
    assert recovered.strip(), "no answer after try again"
    expect(page.locator(".sw-error")).to_be_hidden()
    expect(page.locator(".sw-failed")).to_have_count(0)
    expect(page.locator(".sw-log .sw-user").last).to_have_text(re.compile("hello$"))


def panel_box(page: Page) -> tuple:
    """The panel's box once the opening animation has settled (polled: the CSP blocks eval)."""
    last = None
    for _ in range(50):
        box = page.locator("#sw-panel").bounding_box()
        current = tuple(round(box[k]) for k in ("x", "y", "width", "height")) if box else None
        if current is not None and current == last:
            return current
        last = current
        page.wait_for_timeout(50)
    return last


def check_mobile(browser: Any, url: str, reports: Path) -> None:
    """9. At 375 px wide the open panel covers the whole viewport."""
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        open_widget(page, url)
        assert panel_box(page) == (0, 0, 375, 740)
        expect(page.locator(".sw-launcher")).to_be_hidden()
        expect(page.locator("#sw-input")).to_be_in_viewport()
        page.screenshot(path=str(reports / "widget-mobile.png"))
    finally:
        context.close()
