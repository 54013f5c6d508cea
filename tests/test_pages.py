"""What anyone sees without signing in: the lessons, glossary, timeline and sources."""
from __future__ import annotations

import pytest
from markupsafe import escape

from webapp.content_store import get_content


def test_home_page_lists_every_lesson(client):
    html = client.get("/").get_data(as_text=True)
    for lesson in get_content().lessons:
        assert escape(lesson.title) in html


def test_lesson_page_shows_reading_sources_and_content_note_but_not_teacher_notes(client):
    lesson = get_content().lesson("why-people-leave")
    html = client.get("/lessons/why-people-leave").get_data(as_text=True)
    assert escape(lesson.title) in html and "Content note" in html
    assert "Comparing the sources" in html and "Voices" in html
    assert 'href="#source-crisis"' in html and 'id="source-crisis"' in html
    assert "Teacher notes" not in html
    assert '<img src="/lessons/visuals/famine-estimates.svg"' in html


def test_lesson_visuals_are_served_as_svg(client):
    with client.get("/lessons/visuals/route-map.svg") as response:
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    with client.get("/lessons/visuals/../../seed_data.py") as response:
        assert response.status_code == 404


def test_glossary_lists_each_term_once_with_its_lessons(client):
    html = client.get("/glossary").get_data(as_text=True)
    assert html.count("<dt") == len(get_content().glossary)
    assert ">repatriation</dt>" in html or ">Repatriation</dt>" in html


def test_timeline_page_and_svg(client):
    html = client.get("/timeline").get_data(as_text=True)
    assert "December 2008" in html
    svg = client.get("/timeline.svg")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data


def test_unknown_pages_get_a_friendly_404(client):
    response = client.get("/lessons/no-such-lesson")
    assert response.status_code == 404
    assert escape("We couldn't find that page") in response.get_data(as_text=True)


def test_pages_load_nothing_from_the_internet(client):
    for url in ("/", "/lessons/the-route", "/glossary", "/timeline", "/sources", "/login"):
        html = client.get(url).get_data(as_text=True)
        assert "http://" not in html.replace("http://localhost", "") and "https://" not in html, url


def test_security_headers_on_every_page(client):
    response = client.get("/")
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "object-src 'none'" in response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_an_unexpected_error_shows_a_friendly_page_without_a_traceback(app, client, monkeypatch):
    from webapp.views import main

    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(main, "get_content", broken)
    response = client.get("/glossary")
    html = response.get_data(as_text=True)
    assert response.status_code == 500 and "Something went wrong on our side" in html
    assert "secret internals" not in html and "Traceback" not in html


def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(app):
    from webapp.extensions import db

    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite settings; this run is on another database")
    with db.engine.connect() as connection:
        pragma = lambda name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert (pragma("journal_mode"), pragma("foreign_keys"), pragma("busy_timeout")) == ("wal", 1, 15000)


def test_every_page_names_the_content_release_and_links_to_what_changed(client):
    unit = get_content().unit
    html = client.get("/lessons").get_data(as_text=True)
    assert f"Content release {unit.version}" in html and 'href="/changes"' in html
    changes = client.get("/changes").get_data(as_text=True)
    assert f"content release {unit.version}" in changes and "<h2>Lesson 2: Brokers and trafficking</h2>" in changes


def test_a_lesson_lists_the_background_references_it_cites(client):
    html = client.get("/lessons/china-repatriation").get_data(as_text=True)
    assert "Background beyond the four sources" in html and 'id="source-bg-coi"' in html
    assert '<a href="#source-bg-coi">(background: UN Commission of Inquiry, 2014)</a>' in html
