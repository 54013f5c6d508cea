"""Every student's name prints as itself, in any script (classroom tour, bug 4).

The print stylesheet named only DejaVu fonts and nothing shipped a Korean font, so on a
server without one, 박서연 printed as three empty boxes and nothing on the card said whose it
was. The app now carries its own fonts (webapp/static/fonts, made by scripts/fonts/build_fonts.py).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops
from pypdf import PdfReader

from webapp.packs.cards import login_cards_html, login_cards_pdf
from webapp.packs.documents import STATIC_DIR
from webapp.rosters.sheets import Card

PROJECT = Path(__file__).resolve().parents[1]
PRINT_CSS = STATIC_DIR / "packs" / "print.css"
NAMES = ["박서연", "Nguyễn Thị Ánh", "ليلى حداد"]
PDFTOPPM = shutil.which("pdftoppm")
ROOM = SimpleNamespace(name="Room 12")


def cards(*names: str) -> bytes:
    students = [Card(name, f"student{i}") for i, name in enumerate(names, 1)]
    return login_cards_pdf(ROOM, students, "http://192.168.1.20:5000/login", "a4", PROJECT)


def picture(pdf: bytes) -> Image.Image:
    """The first page as a grey picture, drawn by poppler (not by the engine that made the PDF)."""
    if PDFTOPPM is None:
        pytest.skip("pdftoppm is not installed (scripts/system-deps.sh installs poppler-utils)")
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "page"
        subprocess.run([PDFTOPPM, "-r", "100", "-gray", "-png", "-singlefile", "-", str(page)],
                       input=pdf, capture_output=True, check=True)
        return Image.open(page.with_suffix(".png")).convert("L")


def font_faces() -> list[tuple[str, Path]]:
    """(family, file) for every @font-face of the print stylesheet."""
    css = PRINT_CSS.read_text(encoding="utf-8")
    faces = re.findall(r"@font-face\s*{([^}]*)}", css)
    found = []
    for face in faces:
        family = re.search(r'font-family:\s*"([^"]+)"', face)
        src = re.search(r'url\("?([^")]+)"?\)', face)
        assert family and src, face
        found.append((family.group(1), (PRINT_CSS.parent / src.group(1)).resolve()))
    return found


def test_two_korean_names_print_as_different_letters_not_the_same_empty_boxes():
    """An empty box looks the same for every letter: with no Korean font, two cards that differ
    only in a three-syllable name came out pixel for pixel the same."""
    first, second = picture(cards("박서연")), picture(cards("김민준"))
    changed = ImageChops.difference(first, second).getbbox()
    assert changed is not None, "two different Korean names printed identically (empty boxes)"
    left, top, right, bottom = changed
    name_area = second.crop((left, top, right, bottom))
    ink = sum(name_area.histogram()[:128])
    assert ink > 0.12 * name_area.width * name_area.height, "the name is drawn as outlines only"


def test_a_card_with_korean_vietnamese_and_arabic_names_carries_them_as_text():
    """Copy-paste and screen readers get the names (pypdf reads the PDF's own text layer)."""
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(cards(*NAMES))).pages)
    for name in NAMES:
        assert name in text


def embedded_fonts(pdf: bytes) -> set[str]:
    """The fonts a PDF carries, as WeasyPrint names them (from the CSS family, e.g. Crossings-Sans-Bold)."""
    return {str(font["/BaseFont"]).split("+")[-1]
            for page in PdfReader(BytesIO(pdf)).pages
            for font in page["/Resources"]["/Font"].values()}


def test_the_card_prints_with_the_shipped_fonts_only():
    embedded = embedded_fonts(cards(*NAMES))
    assert {"Crossings-Hangul-Bold", "Crossings-Arabic-Bold", "Crossings-Sans"} <= embedded
    assert all(name.startswith("Crossings-") for name in embedded), f"a server font was used: {embedded}"


def test_every_letter_of_the_names_is_in_a_font_the_stylesheet_ships():
    faces = font_faces()
    assert faces, "print.css declares no @font-face: PDFs would depend on the server's fonts"
    covered: set[int] = set()
    for _, path in faces:
        assert path.is_file(), path
        covered |= set(TTFont(path).getBestCmap())
    letters = {ord(c) for name in NAMES for c in name if not c.isspace()}
    assert not {chr(c) for c in letters - covered}


def test_every_font_family_the_stylesheet_names_is_shipped_or_generic():
    css = PRINT_CSS.read_text(encoding="utf-8")
    declared = {family for family, _ in font_faces()}
    named = set()
    for value in re.findall(r"font(?:-family)?:\s*([^;}]+)", css):
        named |= set(re.findall(r'"([^"]+)"', value))
    assert named and named <= declared, f"not shipped: {named - declared}"


def test_korean_names_are_kept_whole_on_a_line():
    html = login_cards_html(ROOM, [Card("박서연 & Kim", "s1")], "http://x/login")
    assert '<span class="keep-word">박서연</span> &amp; Kim' in html


def test_a_long_korean_name_wraps_between_words_only():
    word = "가나다라마바사아"
    text = PdfReader(BytesIO(cards(" ".join([word] * 5)))).pages[0].extract_text()
    lines = [line for line in text.splitlines() if "가" in line]
    assert len(lines) > 1, "the name did not need to wrap: make it longer"
    assert all(set(line.split()) == {word} for line in lines), lines
