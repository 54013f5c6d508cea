"""How packs are built: the fetcher that keeps them offline, the paper layout, and the cache."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from webapp.content.loader import load_valid_content
from webapp.packs.builder import build_pack, pack_specs
from webapp.packs.cache import PackCache, content_hash, pack_key
from webapp.packs.documents import PackSpec, UnknownPack, scope_ids
from webapp.packs.fetcher import FetchRefused, project_fetcher
from webapp.packs.pdf import OutsideResource, html_to_pdf
from webapp.packs.worksheet import LETTERS, sheets

PROJECT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def content():
    return load_valid_content()


@pytest.mark.parametrize("url", [
    "http://example.org/logo.png",
    "https://fonts.example.org/font.woff2",
    "ftp://example.org/x.svg",
    "file:///etc/passwd",
    "file://otherhost/share/x.svg",
    (PROJECT / "lessons" / "visuals").as_uri() + "/../../requirements.txt",
    (PROJECT / "lessons" / "01-why-people-leave.md").as_uri(),
])
def test_fetcher_refuses_the_network_and_files_outside_the_project(url):
    with pytest.raises(FetchRefused, match="refused"):
        project_fetcher(PROJECT).fetch(url)


def test_fetcher_reads_the_lesson_visuals_and_static_files():
    fetcher = project_fetcher(PROJECT)
    visual = fetcher.fetch((PROJECT / "lessons" / "visuals" / "route-map.svg").as_uri())
    assert visual.read().startswith(b"<?xml") and visual.content_type == "image/svg+xml"
    css = fetcher.fetch((PROJECT / "webapp" / "static" / "packs" / "print.css").as_uri())
    assert b"@page" in css.read()


@pytest.mark.parametrize("tag", ['<img src="http://example.org/x.png" alt="">',
                                 '<link rel="stylesheet" href="file:///etc/passwd">'])
def test_a_pack_that_reaches_outside_fails_to_build(tag):
    with pytest.raises(OutsideResource, match="refused"):
        html_to_pdf(f"<!doctype html><html><head></head><body>{tag}<p>x</p></body></html>", "a4", PROJECT)


def test_printed_orders_never_give_the_answer_away_and_the_key_matches_the_sheet(content):
    for quiz in content.quizzes.values():
        for sheet in sheets(quiz.questions):
            q = sheet.question
            if q.type_name == "ordering":
                shown = [row.text for row in sheet.rows]
                assert shown != [item.text for item in q.items], f"{q.id} printed already in order"
                positions = [int(n) for n in sheet.key.split(" (")[0].split(", ")]
                by_position = dict(zip(positions, shown))
                assert [by_position[n] for n in range(1, len(shown) + 1)] == [i.text for i in q.items]
            if q.type_name == "matching":
                assert [r.text for r in sheet.right] != [p.right for p in q.pairs], f"{q.id} printed matched"
                right_text = {row.mark: row.text for row in sheet.right}
                for entry, pair in zip(sheet.key.split(", "), q.pairs):
                    assert right_text[entry.split("–")[1]] == pair.right, q.id
            if q.type_name in ("single_choice", "multiple_choice"):
                answer = q.correct_answer() if isinstance(q.correct_answer(), list) else [q.correct_answer()]
                assert sheet.key == ", ".join(LETTERS[[c.id for c in q.choices].index(a)] for a in
                                              sorted(answer, key=[c.id for c in q.choices].index))


def test_each_lesson_of_a_pack_keeps_its_own_ids_and_only_links_that_land():
    html = ('<section aria-labelledby="h-voices x"><h2 id="h-voices">Voices</h2>'
            '<a href="#h-voices">up</a> <a href="#source-vice">(VICE)</a></section>')
    scoped = scope_ids(html, "part-the-route")
    assert 'id="part-the-route-h-voices"' in scoped and 'href="#part-the-route-h-voices"' in scoped
    assert 'aria-labelledby="part-the-route-h-voices part-the-route-x"' in scoped
    assert "<a>(VICE)</a>" in scoped, "a citation with no source list here is kept as text, not a dead link"


def test_pack_specs_name_every_lesson_and_the_unit(content):
    names = {spec.name for spec in pack_specs(content, paper="letter")}
    assert "unit-student-letter" in names and "unit-teacher-letter" in names
    assert len(names) == 2 * (len(content.lessons) + 1)
    assert {s.name for s in pack_specs(content, "the-route")} == {"the-route-student-a4", "the-route-teacher-a4"}
    with pytest.raises(UnknownPack, match="known: why-people-leave"):
        pack_specs(content, "no-such-lesson")
    with pytest.raises(UnknownPack):
        PackSpec("unit", "parent", "a4")
    with pytest.raises(UnknownPack):
        PackSpec("unit", "student", "a3")


@pytest.fixture
def mini(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(MINI, root)
    return root


def test_an_unchanged_pack_comes_from_the_cache_and_a_content_change_rebuilds_it(mini, tmp_path):
    cache = PackCache(tmp_path / "packs")
    spec = PackSpec("mini", "student", "a4")
    first, built = build_pack(load_valid_content(mini), spec, cache)
    assert built and first.read_bytes().startswith(b"%PDF")
    stamp = first.stat().st_mtime_ns
    again, built = build_pack(load_valid_content(mini), spec, cache)
    assert (again, built, cache.builds) == (first, False, 1)
    assert again.stat().st_mtime_ns == stamp, "served, not rewritten"

    old_hash = content_hash(mini)
    quiz = mini / "quizzes" / "mini.yaml"
    quiz.write_text(quiz.read_text().replace("When did the ferry cross?", "At what time did the ferry cross?"))
    assert content_hash(mini) != old_hash
    changed, built = build_pack(load_valid_content(mini), spec, cache)
    assert built and changed != first and cache.builds == 2
    assert not first.exists(), "the stale build is removed"


def test_cache_key_depends_on_pack_name_and_on_file_bytes_not_times(mini):
    assert pack_key(mini, "mini-student-a4") != pack_key(mini, "mini-student-letter")
    assert pack_key(mini, "mini-student-a4") != pack_key(mini, "mini-teacher-a4")
    key = pack_key(mini, "mini-student-a4")
    lesson = mini / "lessons" / "01-mini.md"
    os.utime(lesson, (1, 1))
    assert pack_key(mini, "mini-student-a4") == key
    (mini / "lessons" / "visuals" / "map.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert pack_key(mini, "mini-student-a4") != key, "a changed visual changes the pack"


def test_a_failed_build_leaves_nothing_behind(tmp_path):
    cache = PackCache(tmp_path / "packs")

    def broken(temp: Path) -> None:
        temp.write_bytes(b"half a pdf")
        raise RuntimeError("engine crashed")

    with pytest.raises(RuntimeError):
        cache.get_or_build("x", "0" * 16, ".pdf", broken)
    assert list((tmp_path / "packs").iterdir()) == []
