"""Korean, Arabic and Vietnamese names show as letters in a browser with no font for them.

Debian's chromium here has no Korean font, like many school Chromebooks' guest profiles: the
tours' screenshots showed 박서연 as empty boxes. crossings.css serves the app's own fonts.

A name drawn as boxes draws each letter as a .notdef glyph. Each check draws an element as the
page loaded it, then again with its text put back fresh once the fonts are in (it must look the
same: the bug drew boxes at load that stayed when the font arrived), then with each letter
swapped for the next one of its alphabet (it must look different: two names drawn as boxes look
alike). The pages are the real ones: the student's "Hi, 박서연" heading (bold) and the teacher's
roster links (normal weight), on a phone and on a desktop.
"""
from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import Locator
from test_browser import add_to_demo_class, browser, live_server, pytestmark, sign_in  # noqa: F401 (fixtures, marks)

PASSPHRASE = "maple-river-lantern-42"
NAMES = ("박서연", "김민준", "Nguyễn Thị Ánh", "ليلى حداد")
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1200, "height": 900}}
REWRITE = r"""(e, shift) => {
  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n);
  for (const n of nodes) n.replaceWith(document.createTextNode(
    n.data.replace(/[^\x00-\x7f]/g, c => String.fromCharCode(c.charCodeAt(0) + shift))));
  return document.body.offsetHeight;
}"""


@pytest.fixture(scope="module")
def usernames(live_server):
    app, _ = live_server
    return {name: add_to_demo_class(app, name) for name in NAMES}


@pytest.fixture(params=list(VIEWPORTS))
def page(browser, request):
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    yield context.new_page()
    context.close()


def picture(element) -> Image.Image:
    element.owner_frame().evaluate("document.fonts.ready.then(() => true)")
    return Image.open(BytesIO(element.screenshot(animations="disabled"))).convert("L")


def differ(a: Image.Image, b: Image.Image) -> bool:
    """Pixels a quarter of the way from black to white apart (less is antialiasing), on a
    canvas as big as both (a name drawn wider is different too)."""
    size = (max(a.width, b.width), max(a.height, b.height))
    canvases = [Image.new("L", size, 255), Image.new("L", size, 255)]
    canvases[0].paste(a)
    canvases[1].paste(b)
    return ImageChops.difference(*canvases).point(lambda shade: 255 if shade > 64 else 0).getbbox() is not None


def check_drawn_as_letters(locators: dict[str, Locator]) -> None:
    """Each element looks as it does drawn afresh, and unlike its letters' neighbours.

    All are drawn before any is changed: changing one element's text lays its neighbours out
    again, which would hide a name drawn wrong when the page loaded.
    """
    elements = {what: locator.element_handle() for what, locator in locators.items()}
    as_loaded = {what: picture(element) for what, element in elements.items()}
    for what, element in elements.items():
        element.evaluate(REWRITE, 0)
        afresh = picture(element)
        assert not differ(as_loaded[what], afresh), f"{what} was drawn as empty boxes when the page loaded"
        element.evaluate(REWRITE, 1)
        assert differ(afresh, picture(element)), f"{what}: other letters look the same (empty boxes)"


@pytest.mark.parametrize("name", ["박서연", "Nguyễn Thị Ánh", "ليلى حداد"])
def test_a_student_sees_their_name_in_the_bold_heading(live_server, usernames, page, name):
    _, base = live_server
    sign_in(page, base, usernames[name], PASSPHRASE)
    page.goto(f"{base}/student/")
    heading = page.get_by_role("heading", level=1, name=f"Hi, {name}")
    assert heading.evaluate("e => getComputedStyle(e).fontWeight") == "700"
    check_drawn_as_letters({f"the heading 'Hi, {name}'": heading})


def test_a_teacher_sees_names_in_the_roster_links(live_server, usernames, page):
    _, base = live_server
    sign_in(page, base, "teacher@example.org", "crossings-demo")
    page.get_by_role("link", name="Period 3 World History (demo)").first.click()
    links = {name: page.get_by_role("link", name=name, exact=True) for name in NAMES}
    assert links["박서연"].evaluate("e => getComputedStyle(e).fontWeight") == "400"
    check_drawn_as_letters({f"the roster link {name}": link for name, link in links.items()})
