"""Hand-off in Chromium with two browser contexts: a customer on the page, an agent in /agent.

Against the real backend (restarted in the middle of the conversation) and the stub
Rasa, which queues hand-offs through the same store and rules as ``action_handoff``.
Screenshots go to reports/ and are the ones in docs/handoff.md.
"""
from __future__ import annotations

import re
from dataclasses import replace

import pytest
from playwright.sync_api import expect

from bot.handoff.passwords import hash_password
from bot.handoff.store import HandoffStore
from bot.web.app import create_app
from tests.web.scenario import open_widget, say
from tests.web.stubs import AppThread, free_port

PASSWORD = "correct horse battery"


@pytest.fixture
def contexts(browser):
    made = []

    def make(locale: str):
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale=locale)
        made.append(context)
        return context.new_page()

    yield make
    for context in made:
        context.close()


def sign_in_agent(page, url: str) -> None:
    page.goto(f"{url}/agent")
    page.get_by_label("Tên đăng nhập").fill("lan")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_label("Mật khẩu").press("Enter")
    expect(page.locator("#inbox")).to_be_visible()


def test_customer_and_agent_in_vietnamese_with_a_restart(contexts, web_settings, stub_rasa, reports_dir):
    settings = replace(web_settings)
    stub_rasa.db_url = settings.db_url
    HandoffStore(settings.db_url).add_agent("lan", "Lan", hash_password(PASSWORD))
    port = free_port()
    server = AppThread(create_app(settings=settings), port).start()
    url = server.url
    try:
        agent = contexts("vi-VN")
        sign_in_agent(agent, url)
        customer = contexts("vi-VN")
        open_widget(customer, url)
        say(customer, "xin chào")
        customer.locator(".sw-human").click()
        expect(customer.locator(".sw-handoff")).to_contain_text("Đang chờ nhân viên hỗ trợ", timeout=10_000)
        expect(customer.locator(".sw-bot").last).to_contain_text("Tôi đã chuyển cuộc trò chuyện này")

        item = agent.locator("#queue button").first
        expect(item).to_contain_text("Khách yêu cầu gặp nhân viên", timeout=5_000)
        expect(item).to_contain_text("Tiếng Việt")
        item.click()
        expect(agent.locator("#transcript")).to_contain_text("xin chào")
        expect(agent.locator("#context")).to_contain_text("human_handoff")
        agent.get_by_role("button", name="Nhận xử lý").click()
        expect(customer.locator(".sw-handoff")).to_contain_text("Lan (nhân viên hỗ trợ)", timeout=5_000)

        server.stop()  # the page backend restarts in the middle of the conversation
        server = AppThread(create_app(settings=settings), port).start()

        agent.get_by_label("Trả lời khách hàng").fill("Chào bạn, tôi là Lan. Tôi xem đơn hàng giúp bạn nhé.")
        agent.get_by_label("Trả lời khách hàng").press("Enter")
        expect(customer.locator(".sw-agent").last).to_contain_text("tôi là Lan", timeout=8_000)
        expect(customer.locator(".sw-agent .sw-agent-name").last).to_have_text("Nhân viên Lan: ")
        customer.screenshot(path=str(reports_dir / "handoff-customer.png"))

        received = len(stub_rasa.received)
        customer.locator("#sw-input").fill("Tôi muốn hủy đơn ORD-1001")
        customer.locator("#sw-input").press("Enter")
        expect(agent.locator("#transcript")).to_contain_text("Tôi muốn hủy đơn ORD-1001", timeout=10_000)
        assert len(stub_rasa.received) == received  # the agent's conversation, not Rasa's
        agent.screenshot(path=str(reports_dir / "handoff-agent.png"), full_page=True)

        agent.get_by_role("button", name="Trả lại cho trợ lý ảo").click()
        expect(customer.locator(".sw-bot").last).to_contain_text("đã chuyển bạn lại cho tôi", timeout=10_000)
        expect(customer.locator(".sw-handoff")).to_be_hidden()
        assert "Xin chào! Tôi là trợ lý ảo." in say(customer, "xin chào")
    finally:
        server.stop()


def test_nobody_there_leaves_a_message_the_inbox_shows(contexts, web):
    customer = contexts("vi-VN")
    open_widget(customer, web.web_url)
    customer.locator(".sw-human").click()
    expect(customer.locator(".sw-bot").last).to_contain_text("Hiện chưa có nhân viên hỗ trợ nào trực tuyến",
                                                            timeout=10_000)
    form = customer.locator(".sw-contact")
    expect(form).to_be_visible()
    form.get_by_label("Email của bạn").fill("anh@example.com")
    form.get_by_label("Lời nhắn").fill("Tôi cần hủy đơn ORD-1001 gấp.")
    form.get_by_role("button", name="Gửi lời nhắn").click()
    expect(customer.locator(".sw-bot").last).to_contain_text("anh@example.com")
    expect(form).to_be_hidden()

    HandoffStore(web.db_url).add_agent("lan", "Lan", hash_password(PASSWORD))
    agent = contexts("en-US")
    sign_in_agent(agent, web.web_url)
    agent.locator("#lang").select_option("en")
    item = agent.locator("#queue button").first
    expect(item).to_contain_text(re.compile("Message"))
    item.click()
    expect(agent.locator("#context")).to_contain_text("anh@example.com: Tôi cần hủy đơn ORD-1001 gấp.")
    expect(agent.get_by_role("button", name="Claim")).to_be_enabled()


def test_inbox_is_keyboard_usable_and_shows_nothing_signed_out(contexts, web):
    page = contexts("vi-VN")
    page.goto(f"{web.web_url}/agent")
    expect(page.locator("#login")).to_be_visible()
    expect(page.locator("#inbox")).to_be_hidden()
    HandoffStore(web.db_url).add_agent("lan", "Lan", hash_password(PASSWORD))
    expect(page.locator("#name")).to_be_focused()  # the sign-in form takes focus
    page.keyboard.type("lan")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.locator("#inbox")).to_be_visible()
    expect(page.locator("#who")).to_contain_text("Lan")
