"""The route map, lessons/visuals/route-map.svg, is drawn by scripts/map/make_route_map.py
from Natural Earth boundaries (the npm package world-atlas).

It must be what the script draws today, say in text what it shows, print in black and white
(line styles, not colours, tell the routes apart), and be right about geography: the review
that replaced the hand-drawn map found Thailand touching China and Hyesan on the wrong river.
"""
from __future__ import annotations

import importlib.util
import math
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from factories import SOURCES_DIR, requires_sources

from webapp.content.budget import measure

PROJECT = Path(__file__).resolve().parents[1]
SCRIPT = PROJECT / "scripts" / "map" / "make_route_map.py"
SVG = PROJECT / "lessons" / "visuals" / "route-map.svg"
SVG_NS = "{http://www.w3.org/2000/svg}"


def _load_script():
    spec = importlib.util.spec_from_file_location("make_route_map", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


route_map = _load_script()


@pytest.fixture(scope="module")
def topology() -> dict:
    if not route_map.DATA.is_file():
        pytest.skip("world-atlas is not installed: run make scripts/map/node_modules "
                    "(needs npm) to check the map against its boundary data")
    return route_map.load_topology()


@pytest.fixture(scope="module")
def svg() -> ET.Element:
    return ET.parse(SVG).getroot()


def _texts(root: ET.Element) -> set[str]:
    return {"".join(t.itertext()).strip() for t in root.iter(f"{SVG_NS}text")}


# --- the committed file is current ------------------------------------------------------

def test_committed_map_is_what_the_script_draws(topology, tmp_path):
    out = tmp_path / "route-map.svg"
    run = subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr  # also fails when labels collide
    assert out.read_bytes() == SVG.read_bytes(), (
        "lessons/visuals/route-map.svg is out of date: run  make map  and commit the result")


# --- what the SVG says (no boundary data needed) -----------------------------------------

def test_map_has_a_title_and_a_full_description(svg):
    title = svg.find(f"{SVG_NS}title")
    desc = svg.find(f"{SVG_NS}desc")
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "route-title route-desc"
    assert title is not None and title.get("id") == "route-title" and "North Korea" in title.text
    assert desc is not None and desc.get("id") == "route-desc"
    for fact in ("Thailand does not border China", "Laos and Myanmar lie between them", "Tumen",
                 "Yalu", "Mekong", "Vietnam", "Mongolia", "flight from Bangkok to Seoul",
                 "joins Shenyang and Seoul",
                 "Natural Earth", "Lambert conformal conic"):
        assert fact in desc.text, fact


def test_map_names_the_countries_rivers_and_cities(svg):
    texts = _texts(svg)
    for label in ("CHINA", "MONGOLIA", "NORTH KOREA", "SOUTH", "KOREA", "MYANMAR", "LAOS",
                  "VIETNAM", "THAILAND", "CAMBODIA"):
        assert label in texts, label
    for river in ("Tumen", "Yalu", "Mekong"):
        assert river in texts, river
    for city in ("Chongjin", "Hyesan", "Pyongyang", "Yanji", "Shenyang", "Beijing", "Shanghai",
                 "Kunming", "Hanoi", "Vientiane", "Bangkok", "Chiang Mai", "Ulaanbaatar", "Seoul"):
        assert city in texts, city


def test_legend_labels_every_route_and_styles_tell_them_apart(svg):
    texts = _texts(svg)
    legend = ["Direct route: China → Laos → across the Mekong → Thailand",
              "The Post group’s new route (c. 2017): China → Vietnam → Laos → Thailand",
              "Northern route to Mongolia", "Flight to Seoul",
              "Shenyang to Seoul: a flight of under two hours that refugees cannot take"]
    for entry in legend:
        assert entry in texts, entry
    assert "routes across China vary" in texts
    # The legend's line samples are black and differ in dash pattern, not in colour.
    samples = [line for line in svg.iter(f"{SVG_NS}line") if line.get("x1") == "22"][:4]
    assert {line.get("stroke") for line in samples} == {"#000000"}
    assert len({line.get("stroke-dasharray") for line in samples}) == 4


def test_map_has_a_caption_scale_north_arrow_and_credit(svg):
    texts = _texts(svg)
    assert any(t.startswith("Routes are approximate") for t in texts)
    assert "500 km" in texts and "scale true near 30°N" in texts and "N" in texts
    assert any("Natural Earth (public domain), via world-atlas" in t for t in texts)
    assert svg.get("font-family") == "'Crossings Sans', 'DejaVu Sans', Arial, sans-serif"
    assert SVG.stat().st_size < 250_000


@requires_sources()
def test_map_text_copies_no_run_of_eight_words_from_a_source():
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(SOURCES_DIR.glob("*.txt"))}
    assert [(c.source, c.reproduced) for c in measure(texts, [SVG])] == [(name, 0) for name in sorted(texts)]


# --- geography ---------------------------------------------------------------------------

def _at(place: str) -> tuple[float, float]:
    return route_map.project(*route_map.PLACES[place])


def test_projection_puts_places_where_they_are():
    (bkk_x, bkk_y), (vte_x, vte_y) = _at("Bangkok"), _at("Vientiane")
    assert bkk_x < vte_x and bkk_y > vte_y                      # Bangkok is south-west of Vientiane
    assert _at("Hyesan")[0] < _at("Chongjin")[0]                  # Hyesan is west of Chongjin
    assert _at("Seoul")[1] > _at("Pyongyang")[1]                  # Seoul is south of Pyongyang
    assert _at("Ulaanbaatar")[1] < _at("Beijing")[1]              # Ulaanbaatar is north of Beijing
    assert _at("Kunming")[0] < _at("Hanoi")[0] and _at("Kunming")[1] < _at("Hanoi")[1]
    assert _at("Shanghai")[0] > _at("Beijing")[0]
    # North is straight up on the central meridian; meridians converge towards the pole.
    assert route_map.project(20, 110)[0] == pytest.approx(route_map.project(50, 110)[0])
    assert route_map.project(50, 130)[0] < route_map.project(20, 130)[0]


def test_projection_scale_is_true_on_the_standard_parallels():
    for lat in route_map.STANDARD_PARALLELS:
        assert route_map.scale_factor(lat) == pytest.approx(1.0, abs=1e-12)
    # A short north-south distance at 30°N (0.1° of latitude) as the projection draws it.
    (x0, y0), (x1, y1) = route_map.lambert(29.95, 115), route_map.lambert(30.05, 115)
    true_km = route_map.EARTH_RADIUS_KM * math.radians(0.1)
    assert math.hypot(x1 - x0, y1 - y0) == pytest.approx(true_km * route_map.scale_factor(30), rel=1e-4)


def test_hyesan_is_on_the_yalu_not_the_tumen():
    def distance(place: str, river: str) -> float:
        points = [route_map.project(lat, lon) for lat, lon in route_map.RIVERS[river]]
        return math.dist(route_map.nearest_on(points, _at(place)), _at(place))

    assert distance("Hyesan", "Yalu") < 1.0 < 10.0 < distance("Hyesan", "Tumen")


def test_usual_route_keeps_clear_of_the_beijing_and_shenyang_dots():
    curve = route_map.catmull_rom([route_map.project(lat, lon) for lat, lon in route_map.USUAL_ROUTE])
    for city in ("Beijing", "Shenyang"):
        assert math.dist(route_map.nearest_on(curve, _at(city)), _at(city)) > 12, city


def test_thailand_does_not_touch_china_in_the_data(topology):
    thailand = [p for ring in route_map.projected_rings(topology, "Thailand") for p in ring]
    left, right = min(x for x, _ in thailand) - 50, max(x for x, _ in thailand) + 50
    top, bottom = min(y for _, y in thailand) - 50, max(y for _, y in thailand) + 50
    china = [(x, y) for ring in route_map.projected_rings(topology, "China") for x, y in ring
             if left < x < right and top < y < bottom]
    assert china, "China should lie within 50 px of Thailand's frame on this map"
    gap = min(math.dist(a, b) for a in thailand for b in china)
    assert gap > 15, f"Thailand comes within {gap:.1f} px of China"  # about 120 km in fact

    def arcs(name: str) -> set[int]:
        found: set[int] = set()
        for polygon in route_map.polygons_of(route_map.countries(topology)[name]):
            for ring in polygon:
                found.update(i if i >= 0 else ~i for i in ring)
        return found

    assert not arcs("Thailand") & arcs("China")
    assert arcs("Laos") & arcs("China") and arcs("Laos") & arcs("Thailand")
    assert arcs("Myanmar") & arcs("China") and arcs("Myanmar") & arcs("Thailand")


def test_typed_border_rivers_follow_north_koreas_border(topology):
    border = [p for ring in route_map.projected_rings(topology, "North Korea") for p in ring]
    for river in ("Tumen", "Yalu"):
        for lat, lon in route_map.RIVERS[river][:-1]:  # the mouth may lie a little offshore
            p = route_map.project(lat, lon)
            assert min(math.dist(p, q) for q in border) < 2.0, (river, lat, lon)
