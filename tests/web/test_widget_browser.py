"""The widget in a real Chromium: the issue's scenario plus widget behaviours.

Fast: these run against the stub Rasa. The same scenario against the real
servers is ``test_widget_e2e.py``.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from bot.web.sessions import SessionStore
from tests.web.scenario import (
    bot_messages,
    check_mobile,
    open_widget,
    panel_box,
    run_scenario,
    say,
    send,
    turn,
    wait_for_answers,
)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN")
    page = context.new_page()
    errors: list = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield page
    context.close()
    # No CSP violation ("Refused to ...") and no script error in any test; HTTP
    # errors the widget handles (422, 503 while Rasa is down) are expected.
    assert [e for e in errors if not e.startswith("Failed to load resource")] == []


def test_full_scenario_against_stub_rasa(page, web, reports_dir):
    run_scenario(page, web, reports_dir)
    assert (reports_dir / "widget-desktop.png").stat().st_size > 10_000


def test_full_screen_below_480px(browser, web, reports_dir):
    check_mobile(browser, web.web_url, reports_dir)
    assert (reports_dir / "widget-mobile.png").stat().st_size > 5_000


def test_panel_is_a_compact_corner_panel_on_desktop(page, web):
    open_widget(page, web.web_url)
    x, y, width, height = panel_box(page)
    assert width < 500 and x > 600 and y > 0


def test_escape_closes_and_focus_returns_to_launcher(page, web):
    open_widget(page, web.web_url)
    launcher = page.locator(".sw-launcher")
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#sw-input")).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#sw-panel")).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")  # keyboard alone reopens it
    expect(page.locator("#sw-panel")).to_be_visible()


def test_accessibility_landmarks(page, web):
    open_widget(page, web.web_url)
    log = page.get_by_role("log")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(page.get_by_label("Nhập câu hỏi của bạn")).to_be_visible()
    expect(page.get_by_role("button", name="Nói chuyện với nhân viên")).to_be_visible()
    expect(page.get_by_role("button", name="Bắt đầu lại")).to_be_visible()


def test_greeting_says_it_is_an_assistant_and_offers_topics(page, web):
    open_widget(page, web.web_url)
    greeting = page.locator(".sw-greeting")
    expect(greeting).to_contain_text("trợ lý ảo")
    expect(greeting.locator(".sw-chip")).to_have_count(4)
    page.locator("#sw-signin").select_option("CUST-1001")
    page.locator(".sw-greeting .sw-chip").first.click()
    expect(wait_for_answers(page, 1, 10_000)).to_contain_text("ngày 20 tháng 3 năm 2026")


def test_language_defaults_from_page_lang(page, web):
    page.goto(web.web_url + "/en")
    expect(page.locator(".sw-root")).to_have_attribute("data-ready", "true")
    expect(page.locator(".sw-launcher")).to_have_attribute("aria-label", "Open the support assistant")
    page.locator(".sw-launcher").click()
    expect(page.locator("#sw-lang")).to_have_value("en")
    send(page, "hello there")
    expect(wait_for_answers(page, 1, 10_000)).to_contain_text("You said: hello there")
    assert web.rasa.received[-1]["metadata"]["language"] == "en"


def test_english_page_opens_in_english_after_chatting_on_the_vietnamese_page(page, web):
    """Same session (cookie), other page: the page's own language wins when the widget opens."""
    open_widget(page, web.web_url)
    expect(page.locator("#sw-lang")).to_have_value("vi")
    send(page, "xin chào")
    wait_for_answers(page, 1, 10_000)
    page.goto(web.web_url + "/en")
    expect(page.locator(".sw-root")).to_have_attribute("data-ready", "true")
    page.locator(".sw-launcher").click()
    expect(page.locator("#sw-lang")).to_have_value("en")
    send(page, "ORD-1001")
    wait_for_answers(page, 2, 10_000)
    assert web.rasa.received[-1]["metadata"]["language"] == "en"


def test_bot_can_switch_the_language_selector(page, web):
    open_widget(page, web.web_url)
    send(page, "/english")
    wait_for_answers(page, 1, 10_000)
    expect(page.locator("#sw-lang")).to_have_value("en")
    expect(page.locator(".sw-human")).to_have_text("Talk to a person")


def test_links_only_to_allow_listed_hosts_in_a_new_tab(page, web):
    open_widget(page, web.web_url)
    page.locator("#sw-lang").select_option("en")
    send(page, "/cancel_subscription")
    answer = wait_for_answers(page, 1, 10_000)
    links = answer.locator("a")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", "https://account.microsoft.com/services")
    expect(links).to_have_attribute("target", "_blank")
    expect(links).to_have_attribute("rel", re.compile("noopener"))
    expect(answer).to_contain_text("[this guide](https://evil.example/x)")


def test_script_payload_is_inert(page, web):
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d), d.dismiss()))
    open_widget(page, web.web_url)
    payload = '<script>alert("x")</script><b onmouseover=alert(2)>bold</b>'
    send(page, payload)
    wait_for_answers(page, 1, 10_000)
    assert page.locator(".sw-log script, .sw-log b").count() == 0
    expect(page.locator(".sw-user").last).to_contain_text(payload)
    assert dialogs == []


def test_human_handoff_and_thumbs_are_recorded(page, web):
    open_widget(page, web.web_url)
    page.locator(".sw-human").click()
    answer = wait_for_answers(page, 1, 10_000)
    assert web.rasa.received[-1]["message"] == "/human_handoff"
    expect(page.locator(".sw-user").last).to_contain_text("Nói chuyện với nhân viên")
    thumb = answer.get_by_role("button", name="Câu trả lời hữu ích")
    thumb.click()
    expect(thumb).to_have_attribute("aria-pressed", "true")
    lines = SessionStore(web.db_url).feedback()
    assert [x["event"] for x in lines] == ["handoff", "rating"] and lines[1]["rating"] == "up"


def test_too_long_message_is_explained_and_kept(page, web):
    open_widget(page, web.web_url)
    text = "x" * 1001
    send(page, text)
    expect(page.locator(".sw-notice")).to_contain_text("quá dài")
    expect(page.locator("#sw-input")).to_have_value(text)
    expect(page.locator(".sw-user")).to_have_count(0)
    assert web.rasa.received == []


def test_start_over_clears_the_conversation_and_changes_sender(page, web):
    open_widget(page, web.web_url)
    send(page, "xin chào")
    wait_for_answers(page, 1, 10_000)
    first_sender = web.rasa.received[-1]["sender"]
    page.locator(".sw-restart").click()
    expect(bot_messages(page)).to_have_count(0)
    expect(page.locator(".sw-notice")).to_contain_text("cuộc trò chuyện mới")
    send(page, "xin chào")
    wait_for_answers(page, 1, 10_000)
    assert web.rasa.received[-1]["sender"] != first_sender


def test_error_state_survives_a_reload(page, web):
    open_widget(page, web.web_url)
    web.stop_rasa()
    send(page, "tin nhắn quan trọng")
    expect(page.locator(".sw-error")).to_be_visible()
    page.reload()
    page.locator(".sw-launcher").click()
    expect(page.locator(".sw-error")).to_be_visible()
    expect(page.locator(".sw-failed")).to_contain_text("tin nhắn quan trọng")
    web.start_rasa()
    page.locator(".sw-retry").click()
    expect(wait_for_answers(page, 1, 10_000)).to_contain_text("Bạn đã nói: tin nhắn quan trọng")


def test_reduced_motion_turns_animations_off(browser, web):
    context = browser.new_context(reduced_motion="reduce")
    try:
        page = context.new_page()
        open_widget(page, web.web_url)
        name = page.locator("#sw-panel").evaluate("el => getComputedStyle(el).animationName")
        assert name == "none"
    finally:
        context.close()


CONTRAST_JS = """
(selectors) => {
  const parse = (c) => { const p = c.match(/rgba?\\(([^)]+)\\)/)[1].split(',').map(Number); return p.length === 3 ? [...p, 1] : p; };
  const lin = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const lum = (c) => 0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2]);
  const bg = (el) => { for (; el; el = el.parentElement) { const c = parse(getComputedStyle(el).backgroundColor); if (c[3] > 0) return c; } return [255, 255, 255, 1]; };
  return selectors.map((sel) => {
    const el = document.querySelector(sel);
    if (!el) return [sel, null];
    const a = lum(parse(getComputedStyle(el).color)), b = lum(bg(el));
    return [sel, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
  });
}
"""


def test_text_contrast_meets_wcag_aa(page, web):
    open_widget(page, web.web_url)
    page.locator("#sw-signin").select_option("CUST-1001")
    say(page, "tại sao tôi bị tính phí hai lần")
    turn(page, page.locator(".sw-chip").last.click)  # leaves disabled chips behind
    web.stop_rasa()
    say(page, "hello")
    selectors = [".sw-launcher", ".sw-title", ".sw-subtitle", ".sw-signin-row label", ".sw-link-btn",
                 ".sw-user .sw-text", ".sw-bot:not(.sw-greeting) .sw-text", ".sw-chip:disabled",
                 ".sw-chip.sw-chosen", ".sw-greeting .sw-chip", ".sw-notice", ".sw-human", ".sw-send",
                 ".sw-error-text", ".sw-retry", "#sw-input", ".sw-failed .sw-text"]
    ratios = dict(page.evaluate(CONTRAST_JS, selectors))
    missing = [s for s, r in ratios.items() if r is None]
    low = {s: round(r, 2) for s, r in ratios.items() if r is not None and r < 4.5}
    assert missing == [] and low == {}


def test_everything_is_reachable_by_keyboard(page, web):
    page.goto(web.web_url)
    expect(page.locator(".sw-root")).to_have_attribute("data-ready", "true")
    page.locator(".sw-launcher").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#sw-input")).to_be_focused()
    page.keyboard.type("xin chào")
    turn(page, lambda: page.keyboard.press("Enter"))
    expect(bot_messages(page)).to_have_count(1)
    reached = set()
    for _ in range(60):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("() => document.activeElement.className || document.activeElement.id"))
    wanted = {"sw-lang", "sw-icon-btn sw-close", "sw-signin", "sw-link-btn sw-restart", "sw-log", "sw-chip",
              "sw-thumb sw-thumb-up", "sw-thumb sw-thumb-down", "sw-human", "sw-input", "sw-send", "sw-launcher"}
    assert wanted <= reached
    page.locator(".sw-greeting .sw-chip").first.focus()
    turn(page, lambda: page.keyboard.press("Space"))
    expect(page.locator(".sw-greeting .sw-chip").first).to_be_disabled()


def test_sign_in_switcher_is_hidden_when_disabled(browser, web_settings, make_web):
    web = make_web(web_settings, demo=False)
    context = browser.new_context()
    try:
        page = context.new_page()
        open_widget(page, web.web_url)
        expect(page.locator("#sw-signin")).to_be_hidden()
        expect(page.locator(".sw-restart")).to_be_visible()
        expect(page.locator(".sw-human")).to_be_visible()
    finally:
        context.close()
