"""Every student page and the teacher's main pages on a 390 px phone: nothing scrolls sideways
(wide tables scroll inside their own box), and axe finds nothing serious."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from test_browser import CHROMIUM, add_to_demo_class, browser, check_accessible, html_pages, live_server, sign_in  # noqa: F401

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(),
                                 reason="Debian's chromium is not installed (apt-get install chromium)")]
PHONE = {"width": 390, "height": 844}
LESSON = "resettlement"  # its quiz has every question type
OVERFLOW = """() => [...document.querySelectorAll('body *')].filter(e => {
  const w = document.documentElement.clientWidth + 1, p = e.parentElement.getBoundingClientRect();
  return e.getBoundingClientRect().right > w && p.right <= w && !e.parentElement.closest('.table-scroll');
}).slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


@pytest.fixture(scope="module")
def phone_student(live_server):
    """A student of the demo class with the lesson whose quiz has every type assigned."""
    return add_to_demo_class(live_server[0], "Mia Ortiz", LESSON)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def fits(page):
    page.wait_for_load_state("load")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide: {page.evaluate(OVERFLOW)}"
    check_accessible(page)


def test_every_student_page_fits_a_phone(live_server, phone, phone_student):
    _, base = live_server
    sign_in(phone, base, phone_student, "maple-river-lantern-42")
    fits(phone)
    phone.get_by_role("link", name="Resettlement").first.click()
    fits(phone)
    expect(phone.get_by_role("region", name=re.compile("Table"))).not_to_have_count(0)
    phone.get_by_role("button", name=re.compile("Start the quiz")).click()
    phone.wait_for_url(re.compile(r"/student/attempts/\d+$"))
    phone.wait_for_load_state("load")
    fits(phone)
    types = set(phone.locator("fieldset[data-question]").evaluate_all(
        "fs => fs.map(f => f.querySelector('.hint').textContent)"))
    assert len(types) >= 7, types
    quiz_controls_fit(phone)
    phone.get_by_role("button", name="Review and submit").click()
    fits(phone)
    phone.get_by_role("button", name="Yes, submit my quiz").click()
    expect(phone.get_by_role("heading", name="Your results")).to_be_visible()
    fits(phone)
    for path in ("/student/progress", "/glossary", "/timeline", "/sources", "/lessons/the-route"):
        phone.goto(base + path)
        fits(phone)


def quiz_controls_fit(page):
    """Matching drop-downs full width under their item; ordering text keeps most of the row;
    the save bar is one line and a question jumped to is not under it."""
    bar = page.locator("#save-status")
    assert bar.bounding_box()["height"] <= 40, bar.inner_text()
    for row in page.locator(".match-row").all():
        assert row.locator("select").bounding_box()["width"] >= row.bounding_box()["width"] - 2
    for box in page.locator(".text-answer + input").all():
        fieldset = box.locator("xpath=ancestor::fieldset").bounding_box()
        assert box.bounding_box()["width"] >= fieldset["width"] - 60  # the short-answer box is full width
    for row in page.locator(".order-row").all():
        assert row.locator("label").bounding_box()["width"] >= 0.6 * row.bounding_box()["width"]
    last = page.locator("li.question").last
    page.goto(page.url.split("#")[0] + "#" + last.get_attribute("id"))
    legend = last.locator("legend").bounding_box()
    assert legend["y"] >= bar.bounding_box()["y"] + bar.bounding_box()["height"]
    radios = page.locator("fieldset[data-question]").filter(has=page.locator("input[type=radio]")).first
    radios.locator("input").first.check()
    expect(bar).to_contain_text("All answers saved")
    assert bar.bounding_box()["height"] <= 40, bar.inner_text()
    page.context.set_offline(True)
    radios.locator("input").nth(1).check()
    expect(bar).to_contain_text("kept on this device")
    assert bar.bounding_box()["height"] <= 40, bar.inner_text()
    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(bar).to_contain_text("All answers saved")


def test_matching_drop_downs_are_wider_than_11rem_on_a_desktop(live_server, browser, phone_student):
    _, base = live_server
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    sign_in(page, base, phone_student, "maple-river-lantern-42")
    page.get_by_role("link", name="Resettlement").first.click()
    page.get_by_role("button", name=re.compile("Start the quiz|Continue the quiz|Try again")).click()
    page.wait_for_url(re.compile(r"/student/attempts/\d+"))
    widths = [box["width"] for box in page.locator(".match-row select").evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().toJSON())")]
    assert widths and min(widths) > 11 * 17, widths
    context.close()


def test_the_header_takes_one_row_on_a_phone(live_server, phone, phone_student):
    _, base = live_server
    sign_in(phone, base, phone_student, "maple-river-lantern-42")
    phone.wait_for_url(re.compile("/student/$"))
    menu = phone.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    assert phone.locator(".site-header").bounding_box()["height"] <= 64
    expect(phone.get_by_role("link", name="My progress")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    phone.get_by_role("link", name="My progress").click()
    expect(phone.get_by_role("heading", name="My progress")).to_be_visible()


def test_the_teachers_main_pages_fit_a_phone(live_server, phone):
    app, base = live_server
    sign_in(phone, base, "teacher@example.org", "crossings-demo")
    for path in html_pages(app, "teacher"):
        assert phone.goto(base + path).status == 200, path
        fits(phone)


CLIPPED = """() => [...document.querySelectorAll('.table-scroll')].filter(b => b.scrollWidth > b.clientWidth + 1)
  .map(b => b.getAttribute('aria-label') + ' ' + b.scrollWidth)"""


def test_the_class_pages_actions_are_reachable_on_a_phone_without_scrolling_sideways(live_server, phone):
    app, base = live_server
    sign_in(phone, base, "teacher@example.org", "crossings-demo")
    phone.goto(base + html_pages(app, "teacher")[1])
    fits(phone)
    assert phone.evaluate(CLIPPED) == []
    for role, name in (("button", "New passphrase"), ("link", "Remove…"), ("link", "Change…")):
        action = phone.get_by_role(role, name=re.compile(name)).first
        assert action.bounding_box()["x"] + action.bounding_box()["width"] <= PHONE["width"], name
    expect(phone.get_by_text("After submitting").first).to_be_visible()
    assert phone.get_by_role("columnheader", name="Username").count() == 1  # still a table to a screen reader
    assert phone.get_by_role("cell").count() > 4
    phone.get_by_role("link", name=re.compile("Extra time or attempts")).first.click()
    fits(phone)


def test_the_import_preview_and_the_lms_admin_page_fit_a_phone(live_server, phone, tmp_path):
    app, base = live_server
    roster = tmp_path / "roster.csv"
    roster.write_text("first_name,last_name,student_id,username\nAlexandria,Montgomery-Fitzgerald,2024000123456,"
                      "alexandria.montgomery\nRosa,Diaz,9001,\n")
    sign_in(phone, base, "teacher@example.org", "crossings-demo")
    phone.goto(base + html_pages(app, "teacher")[1].rstrip("/") + "/import")
    phone.get_by_label(re.compile("Roster file")).set_input_files(str(roster))
    phone.get_by_role("button", name="Preview the import").click()
    expect(phone.get_by_text("2 new students")).to_be_visible()
    fits(phone)
    from factories import make_platform

    from webapp.lti import keys
    with app.app_context():
        keys.current_key()  # a signing key id is a 43-letter word
        make_platform()
    app.config["CROSSINGS_ADMINS"] = "teacher@example.org"
    try:
        assert phone.goto(base + "/lti/admin").status == 200
        fits(phone)
        assert phone.locator(".facts code").evaluate_all(  # the key id wraps inside its panel, not cut off
            "cs => cs.filter(c => c.getBoundingClientRect().right > c.closest('dd').getBoundingClientRect().right)"
            ".map(c => c.textContent)") == []
    finally:
        app.config["CROSSINGS_ADMINS"] = ""
