#!/usr/bin/env python3
"""Draw lessons/visuals/route-map.svg, the route map of lesson 4, from real boundary data.

The country shapes are Natural Earth's 1:50m admin-0 countries (public domain), as the npm
package world-atlas ships them: TopoJSON in
``scripts/map/node_modules/world-atlas/countries-50m.json`` (``make scripts/map/node_modules``
installs it from ``package-lock.json``). The script needs nothing but the Python standard
library. It

* decodes the TopoJSON itself (quantized positions, delta-encoded arcs, arcs shared by
  neighbouring countries, ``~i`` for arc ``i`` reversed);
* projects with a **Lambert conformal conic projection** on a sphere of radius 6,371 km,
  standard parallels 20°N and 42°N, central meridian 110°E, origin 30°N. Shapes are true
  in small areas; the scale is exact along 20°N and 42°N, 1.8% small at 30°N and a few
  per cent large at the top and bottom edges;
* simplifies each arc once per view (Douglas-Peucker, so shared borders stay shared),
  drops islands of a few square pixels, and clips everything to the frame: about
  88°E-132°E and 8°N-52°N for the main map, and North Korea's borders for the enlarged
  inset (the same projection at 2.5 times the scale);
* draws the rivers, cities and routes, all typed below as latitude and longitude, and
  checks that no label overlaps another label, a dot, a river, a route or the inset.

The output is byte-for-byte deterministic: coordinates are rounded to 0.1 px and every
loop runs in a fixed order. ``tests/test_route_map.py`` regenerates the map and compares.

Usage: python scripts/map/make_route_map.py [--out PATH]   (default: the committed file)
"""
from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
DATA = HERE / "node_modules" / "world-atlas" / "countries-50m.json"
OUT = PROJECT / "lessons" / "visuals" / "route-map.svg"

Point = tuple[float, float]
Box = tuple[float, float, float, float]          # left, top, right, bottom

# --------------------------------------------------------------------------------------
# Projection: Lambert conformal conic on a sphere.
# --------------------------------------------------------------------------------------
EARTH_RADIUS_KM = 6371.0
STANDARD_PARALLELS = (20.0, 42.0)   # °N: the scale is exact along these two parallels
CENTRAL_MERIDIAN = 110.0            # °E: north is straight up along this meridian
ORIGIN_LATITUDE = 30.0              # °N
SCALE_LATITUDE = 30.0               # the scale bar is drawn for this latitude

_PHI1, _PHI2 = (math.radians(p) for p in STANDARD_PARALLELS)


def _t(phi: float) -> float:
    return math.tan(math.pi / 4 + phi / 2)


CONE = math.log(math.cos(_PHI1) / math.cos(_PHI2)) / math.log(_t(_PHI2) / _t(_PHI1))
_F = math.cos(_PHI1) * _t(_PHI1) ** CONE / CONE
_RHO0 = EARTH_RADIUS_KM * _F / _t(math.radians(ORIGIN_LATITUDE)) ** CONE


def lambert(lat: float, lon: float) -> Point:
    """Kilometres east and north of the origin (30°N 110°E) on the projected plane."""
    rho = EARTH_RADIUS_KM * _F / _t(math.radians(lat)) ** CONE
    theta = CONE * math.radians(lon - CENTRAL_MERIDIAN)
    return rho * math.sin(theta), _RHO0 - rho * math.cos(theta)


def scale_factor(lat: float) -> float:
    """How much the projection stretches distances at ``lat`` (1.0 on the standard parallels)."""
    phi = math.radians(lat)
    rho = EARTH_RADIUS_KM * _F / _t(phi) ** CONE
    return rho * CONE / (EARTH_RADIUS_KM * math.cos(phi))


def meridian_angle(lon: float) -> float:
    """Degrees clockwise from straight up to true north at longitude ``lon``."""
    return -CONE * (lon - CENTRAL_MERIDIAN)


class View:
    """A rectangle of the page showing the projected plane at some scale."""

    def __init__(self, box: Box, centre_km: Point, px_per_km: float) -> None:
        self.box = box
        self.centre_km = centre_km
        self.px_per_km = px_per_km

    def from_km(self, x: float, y: float) -> Point:
        left, top, right, bottom = self.box
        return ((left + right) / 2 + (x - self.centre_km[0]) * self.px_per_km,
                (top + bottom) / 2 - (y - self.centre_km[1]) * self.px_per_km)

    def to_km(self, px: float, py: float) -> Point:
        left, top, right, bottom = self.box
        return (self.centre_km[0] + (px - (left + right) / 2) / self.px_per_km,
                self.centre_km[1] - (py - (top + bottom) / 2) / self.px_per_km)

    def project(self, lat: float, lon: float) -> Point:
        return self.from_km(*lambert(lat, lon))


# --------------------------------------------------------------------------------------
# Page layout (SVG user units, "px").
# --------------------------------------------------------------------------------------
WIDTH = 800
FONT = "'Crossings Sans', 'DejaVu Sans', Arial, sans-serif"
# The main frame in projected kilometres: from 88°E at 20°N to 132°E at 30°N, and from
# below 8°N on the central meridian to above 52°N at 98°E (Mongolia's northern border).
FRAME_KM = (-2250.0, 2150.0, -2420.0, 2560.0)         # west, east, south, north
MAP_LEFT, MAP_TOP, MAP_WIDTH = 10.0, 78.0, 780.0
PX_PER_KM = MAP_WIDTH / (FRAME_KM[1] - FRAME_KM[0])
MAP_HEIGHT = (FRAME_KM[3] - FRAME_KM[2]) * PX_PER_KM
MAP_BOX: Box = (MAP_LEFT, MAP_TOP, MAP_LEFT + MAP_WIDTH, MAP_TOP + MAP_HEIGHT)
MAIN = View(MAP_BOX, ((FRAME_KM[0] + FRAME_KM[1]) / 2, (FRAME_KM[2] + FRAME_KM[3]) / 2), PX_PER_KM)

# The inset: North Korea's borders, enlarged, over the Philippine Sea corner of the map.
INSET_OUTER: Box = (498.0, 688.0, MAP_BOX[2], MAP_BOX[3])   # with its title band
INSET_TITLE_HEIGHT = 24.0
INSET_BOX: Box = (INSET_OUTER[0], INSET_OUTER[1] + INSET_TITLE_HEIGHT, INSET_OUTER[2], INSET_OUTER[3])
# The Yalu's mouth (39.85°N 124.2°E) 16 px from the left edge, leaving room for labels on
# the right; centred between 43.3°N above Yanji and 38.75°N below Pyongyang.
INSET_PX_PER_KM = 0.45
INSET = View(INSET_BOX, (lambert(39.85, 124.2)[0] + ((INSET_BOX[2] - INSET_BOX[0]) / 2 - 16) / INSET_PX_PER_KM,
                         (lambert(43.3, 129.5)[1] + lambert(38.75, 125.75)[1]) / 2), INSET_PX_PER_KM)


def project(lat: float, lon: float) -> Point:
    """Page position (x to the right, y down) on the main map of a point at °N, °E."""
    return MAIN.project(lat, lon)


# --------------------------------------------------------------------------------------
# What the map shows. Every position is (latitude °N, longitude °E).
# --------------------------------------------------------------------------------------
SEA = "#e2ecf2"          # the one muted colour: water (sea fill, rivers)
RIVER = "#3f6f8f"
FILLS = {                # country fills; they print as light greys
    "focus": "#fbfaf7",  # the countries the routes cross
    "korea": "#bcbcbc",  # North and South Korea
    "other": "#ddddd9",  # everything else in the frame
}
FOCUS = ("Cambodia", "China", "Hong Kong", "Laos", "Macao", "Mongolia", "Myanmar",
         "Thailand", "Vietnam")
KOREAS = ("North Korea", "South Korea")
MIN_ISLAND_PX2 = 2.5     # rings smaller than this many square px are dropped
SIMPLIFY_PX = 0.4        # Douglas-Peucker tolerance, px

PLACES = {               # lat °N, lon °E
    "Beijing": (39.90, 116.40),
    "Shenyang": (41.80, 123.43),
    "Shanghai": (31.23, 121.47),
    "Kunming": (25.04, 102.71),
    "Hanoi": (21.03, 105.85),
    "Vientiane": (17.97, 102.63),
    "Bangkok": (13.75, 100.50),
    "Chiang Mai": (18.79, 98.98),
    "Ulaanbaatar": (47.92, 106.92),
    "Seoul": (37.57, 126.98),
    "Pyongyang": (39.02, 125.75),
    "Yanji": (42.90, 129.51),
    "Chongjin": (41.80, 129.78),
    "Hyesan": (41.40, 128.18),    # on the Yalu, not the Tumen
    "Mt Paektu": (42.00, 128.06),
    "Golden Triangle": (20.35, 100.08),
}
# City labels: (name, text anchor, dx, dy in px from the dot).
MAIN_CITIES = [
    ("Beijing", "start", 7, 5),
    ("Shenyang", "end", 1, 18),
    ("Shanghai", "end", -7, 5),
    ("Kunming", "end", -7, 5),
    ("Hanoi", "start", 7, 9),
    ("Vientiane", "middle", -8, 18),
    ("Bangkok", "end", -8, 5),
    ("Chiang Mai", "end", -7, 5),
    ("Ulaanbaatar", "middle", 0, -9),
    ("Seoul", "end", -7, 5),
]
INSET_CITIES = [
    ("Yanji", "end", -7, 4),
    ("Chongjin", "start", 7, 5),
    ("Hyesan", "end", -4, 15),
    ("Pyongyang", "start", 6, -3),
]

# Country names: (lines, lat, lon, font size, letter spacing). Lines share a centre.
MAIN_COUNTRIES = [
    (("CHINA",), 32.5, 100.5, 26, 7),
    (("MONGOLIA",), 46.3, 101.2, 17, 3),
    (("RUSSIA",), 50.6, 123.0, 13, 3),
    (("NORTH", "KOREA"), 40.2, 133.1, 10, 0.5),
    (("SOUTH", "KOREA"), 36.15, 128.2, 9.5, 0.5),
    (("JAPAN",), 32.4, 130.4, 11, 1),
    (("MYANMAR",), 22.2, 95.9, 14, 2),
    (("LAOS",), 19.25, 103.35, 13, 2),
    (("VIETNAM",), 21.85, 106.45, 11, 1),
    (("THAILAND",), 15.5, 102.8, 14, 2),
    (("CAMBODIA",), 12.55, 104.1, 10.5, 0.5),
    (("INDIA",), 26.4, 92.6, 12, 2),
]
INSET_COUNTRIES = [
    (("CHINA",), 41.95, 125.45, 15, 4),
    (("NORTH KOREA",), 40.45, 127.3, 13, 2),
]
WATER_LABELS = [         # (text, lat, lon, size) in italics, main map
    ("Yellow Sea", 35.6, 122.5, 12),
    ("South China\nSea", 13.6, 112.1, 12),
    ("Bay of\nBengal", 16.8, 90.6, 12),
]
LAND_LABELS = [          # (text, lat, lon, size) in italics, main map
    ("Gobi Desert", 43.2, 103.8, 12),
    ("Golden\nTriangle", 21.0, 98.85, 10.5),
]

# Rivers, typed from source to mouth: approximate, but on the borders they form.
RIVERS = {
    "Tumen": [                      # north-east border of North Korea: China, then Russia
        (42.00, 128.22),            # source, east of Mt Paektu
        (42.01, 128.43), (42.03, 128.70), (42.05, 128.90), (42.14, 129.08),
        (42.23, 129.20),            # Musan
        (42.35, 129.27), (42.41, 129.34), (42.41, 129.48),
        (42.45, 129.72),            # Hoeryong
        (42.62, 129.76), (42.78, 129.78),
        (42.96, 129.86),            # Namyang, across from Tumen city
        (43.00, 129.92), (42.96, 130.02), (42.92, 130.15), (42.74, 130.25),
        (42.58, 130.45), (42.47, 130.56), (42.37, 130.65),
        (42.29, 130.70),            # mouth, where China, North Korea and Russia meet
    ],
    "Yalu": [                       # north-west border of North Korea with China
        (41.99, 128.06),            # source, on Mt Paektu
        (41.86, 128.07), (41.70, 128.18), (41.56, 128.29),
        (41.40, 128.17),            # Hyesan
        (41.45, 128.00), (41.45, 127.57), (41.52, 127.27), (41.61, 127.13),
        (41.74, 127.01), (41.76, 126.86), (41.72, 126.72), (41.59, 126.58),
        (41.36, 126.47),
        (41.15, 126.29),            # Manpo
        (41.02, 126.09), (40.89, 125.87), (40.78, 125.59), (40.64, 125.32),
        (40.46, 124.94), (40.32, 124.71),
        (40.10, 124.40),            # Sinuiju and Dandong
        (39.85, 124.20),            # mouth
    ],
    "Mekong": [                     # China, then the Myanmar-Laos and Laos-Thailand borders
        (22.95, 100.48),
        (22.00, 100.80),            # Jinghong, Yunnan
        (21.57, 101.14),            # where China, Laos and Myanmar meet
        (21.37, 100.93), (21.25, 100.72), (21.04, 100.57), (20.86, 100.60),
        (20.80, 100.38), (20.59, 100.18),
        (20.35, 100.10),            # Golden Triangle: Myanmar, Laos and Thailand meet
        (20.38, 100.27), (20.22, 100.45),
        (20.00, 100.75), (19.92, 101.13), (19.98, 101.70),
        (19.89, 102.13),            # Luang Prabang, Laos
        (19.40, 102.10), (18.85, 101.80), (18.35, 101.50), (18.00, 101.45),
        (17.90, 101.67),            # back on the Laos-Thailand border
        (18.07, 101.82), (18.20, 102.15),
        (17.97, 102.60),            # Vientiane
        (17.85, 102.67), (18.03, 103.05), (18.31, 103.28), (18.42, 103.49),
        (18.22, 104.05), (17.55, 104.65), (16.65, 104.75), (16.09, 105.15),
        (15.83, 105.40), (15.59, 105.64),
        (15.12, 105.80),            # Pakse, Laos
        (14.45, 105.88), (13.93, 105.95),
        (13.52, 105.97),            # Stung Treng, Cambodia
        (12.49, 106.02),            # Kratie
        (12.00, 105.46),
        (11.57, 104.93),            # Phnom Penh
        (10.78, 105.22), (10.40, 105.70), (10.22, 106.25),
        (10.05, 106.72),            # the delta reaches the sea
    ],
}
# River labels: (view, river, lat, lon, rotation in degrees, anchor)
RIVER_LABELS = [
    ("main", "Mekong", 13.3, 106.45, 0, "middle"),
    ("inset", "Tumen", 42.47, 130.78, 0, "start"),
    ("inset", "Yalu", 40.62, 124.72, 36, "middle"),
]

# Routes, as waypoints a smooth curve passes through. They are generalised: the sources
# name the border crossings, not the roads.
USUAL_ROUTE = [
    (41.84, 129.26),   # north-east North Korea
    (42.34, 129.53),   # across the Tumen between Musan and Hoeryong
    (42.66, 129.05),   # the Yanji area
    (43.10, 126.20),
    (42.65, 121.00),   # well north of Shenyang: the Mongolia route leaves here
    (41.40, 117.00),   # north of Beijing, not through it
    (39.30, 113.60),
    (36.00, 110.70),
    (31.50, 107.60),
    (26.30, 104.60),   # east of Kunming: the Vietnam route leaves here
    (23.60, 102.40),
    (21.20, 101.62),   # into Laos at the Yunnan-Laos border (Mohan-Boten)
    (20.75, 101.20),   # north-west Laos
    (20.10, 100.25),   # across the Mekong into Thailand, downstream of the Golden Triangle
    (19.50, 99.88),    # Chiang Rai province
    (18.00, 100.05),
    (16.30, 100.30),
    (15.00, 100.15),
    (13.75, 100.50),   # Bangkok
]
POST_ROUTE = [         # the group the Washington Post followed, about 2017
    (26.30, 104.60),   # leaves the usual route
    (24.40, 104.05),
    (22.52, 103.96),   # into Vietnam at Lao Cai
    (21.90, 103.35),
    (21.38, 103.02),   # Dien Bien
    (21.05, 102.50),   # over the mountains into Laos
    (20.69, 101.99),   # Oudomxay
    (20.60, 100.95),   # back on the usual route before the Mekong
]
MONGOLIA_ROUTE = [
    (42.65, 121.00),   # leaves the usual route
    (43.30, 116.00),
    (43.65, 111.98),   # the border at Erenhot
    (45.80, 109.30),   # across the Gobi
    (47.92, 106.92),   # Ulaanbaatar
]
FLIGHT = [             # a smooth arc through these points
    (13.75, 100.50),   # Bangkok
    (15.00, 106.00),
    (21.00, 113.20),   # south of Guangdong, clear of the inset
    (29.00, 123.60),   # east of Shanghai
    (37.57, 126.98),   # Seoul
]

ROUTE_STYLES = {       # (stroke width, dash array or None, round caps)
    "usual": (4.0, None, False),
    "post": (3.2, "10 5", False),
    "mongolia": (2.6, "13 4 2.5 4", False),
    "flight": (3.4, "0.1 7", True),
    "closed": (1.6, None, False),
}
# The short flight refugees cannot take (lesson 4 compares it with the routes over land):
# a thin straight line with a cross on it.
CLOSED_FLIGHT = ("Shenyang", "Seoul")
LEGEND = [
    ("usual", "Direct route: China → Laos → across the Mekong → Thailand"),
    ("post", "The Post group’s new route (c. 2017): China → Vietnam → Laos → Thailand"),
    ("mongolia", "Northern route to Mongolia"),
    ("flight", "Flight to Seoul"),
    ("closed", "Shenyang to Seoul: a flight of under two hours that refugees cannot take"),
]
# Labels along the routes: (view, text, lat, lon, rotation or None to follow the route,
# anchor, font size)
ROUTE_LABELS = [
    ("main", "routes across China vary", 34.6, 111.3, None, "middle", 14),
    ("main", "via Vietnam", 23.5, 104.7, 0, "start", 13),
    ("main", "via Laos", 23.75, 101.85, 0, "end", 13),
    ("main", "to Mongolia", 44.8, 111.2, 0, "start", 13),
    ("main", "flight to Seoul", 25.3, 121.6, None, "middle", 13),
    ("inset", "across the Tumen", 42.43, 129.1, 0, "end", 12),
]

TITLE = "Escape routes from North Korea to South Korea"
SUBTITLE = "Across China to Southeast Asia, or north to Mongolia, and then a flight to Seoul"
MAP_TITLE = ("Map of the escape routes from North Korea to South Korea, across China to "
             "Southeast Asia or Mongolia")
INSET_TITLE = "Enlarged: North Korea’s border rivers"
CAPTION = [
    "Routes are approximate: real routes vary, and escapees rarely know the way in advance.",
    "Thailand has no border with China: Laos and Myanmar lie between them.",
]
CREDIT = [
    "Boundaries: Natural Earth (public domain), via world-atlas. Projection: Lambert conformal",
    "conic, standard parallels 20°N and 42°N, central meridian 110°E. Rivers and routes drawn by hand.",
]
DESC = (
    "A map of East and Southeast Asia drawn from Natural Earth boundary data, showing "
    "the escape routes from North Korea to South Korea. North Korea is near the upper "
    "right, with South Korea and Seoul to its south. China fills the middle of the map, "
    "with Shenyang, Beijing, Shanghai and, in the south-west, Kunming. Mongolia, with its "
    "capital Ulaanbaatar and the Gobi Desert, lies north-west of Beijing; Russia is along "
    "the top edge. South of China are Myanmar, Laos and Vietnam, with Hanoi; Thailand, "
    "with Chiang Mai and Bangkok, and Cambodia lie further south. Thailand does not border "
    "China: Laos and Myanmar lie between them. The Mekong River flows south out of China, "
    "forms the border between Myanmar and Laos, meets Thailand at the Golden Triangle, "
    "forms much of the border between Laos and Thailand past Vientiane, and then crosses "
    "Cambodia to its delta in southern Vietnam. "
    "An enlarged inset shows North Korea's northern border. Two rivers form it: the Yalu "
    "in the north-west, which flows from Mount Paektu past Hyesan to the sea near Sinuiju, "
    "and the Tumen in the north-east, which also rises near Mount Paektu and runs along the "
    "border with China and, for its last few kilometres before the sea, along the border "
    "with Russia. Chongjin is on the north-east coast, Yanji is in China just north of the Tumen, "
    "and Pyongyang is in the west. "
    "The direct route, a thick solid line, starts in north-east North Korea, crosses the "
    "Tumen into China near Yanji and then runs south-west across the whole of China; it is "
    "drawn as a smooth curve that avoids the city dots, because routes across China vary "
    "(people mostly travel by bus and car). In the far south of China it enters Laos "
    "directly, then crosses the Mekong into northern Thailand near the Golden Triangle and "
    "goes on to Bangkok. A dashed line shows the new route of the group the Washington Post "
    "followed in about 2017: it leaves the direct route in southern China, enters Vietnam at "
    "Lao Cai, crosses the mountains west into Laos and rejoins the direct route before the "
    "Mekong. A line of dashes and dots shows the northern route, which leaves the direct "
    "route in north-east China and crosses the Gobi Desert to Ulaanbaatar in Mongolia. A "
    "dotted arc shows the flight from Bangkok to Seoul, out over the South China Sea. A thin "
    "straight line with a cross on it joins Shenyang and Seoul: a flight of under two hours "
    "that refugees cannot take. Routes are approximate: real routes "
    "vary, and escapees rarely know the way in advance. A scale bar shows 0 to 500 "
    "kilometres, true near 30 degrees north, and an arrow points north. Boundaries: Natural "
    "Earth, via world-atlas. Projection: Lambert conformal conic, with standard parallels at "
    "20 and 42 degrees north and the central meridian at 110 degrees east."
)

# --------------------------------------------------------------------------------------
# Measuring text: advance widths of DejaVu Sans and DejaVu Sans Bold (1/2048 em) for the
# characters " " to "~". Other characters count as 0.6 em.
# --------------------------------------------------------------------------------------
_REGULAR = (
    "651 821 942 1716 1303 1946 1597 563 799 799 1024 1716 651 739 651 690 1303 1303 1303 "
    "1303 1303 1303 1303 1303 1303 1303 690 690 1716 1716 1716 1087 2048 1401 1405 1430 "
    "1577 1294 1178 1587 1540 604 604 1343 1141 1767 1532 1612 1235 1612 1423 1300 1251 "
    "1499 1401 2025 1403 1251 1403 799 690 799 1716 1024 1024 1255 1300 1126 1300 1260 721 "
    "1300 1298 569 569 1186 569 1995 1298 1253 1300 1300 842 1067 803 1298 1212 1675 1212 "
    "1212 1075 1303 690 1303 1716")
_BOLD = (
    "713 934 1067 1716 1425 2052 1786 627 936 936 1071 1716 778 850 778 748 1425 1425 1425 "
    "1425 1425 1425 1425 1425 1425 1425 819 819 1716 1716 1716 1188 2048 1585 1561 1503 "
    "1700 1399 1399 1681 1714 762 762 1587 1305 2038 1714 1741 1501 1741 1577 1475 1397 "
    "1663 1585 2259 1579 1483 1485 936 748 936 1716 1024 1024 1382 1466 1214 1466 1389 891 "
    "1466 1458 702 702 1362 702 2134 1458 1407 1466 1466 1010 1219 979 1458 1335 1892 1321 "
    "1335 1192 1458 748 1458 1716")
_WIDTHS = {False: [int(w) for w in _REGULAR.split()], True: [int(w) for w in _BOLD.split()]}


def text_width(text: str, size: float, bold: bool = False, spacing: float = 0.0) -> float:
    units = sum(_WIDTHS[bold][ord(c) - 32] if 32 <= ord(c) < 127 else 1229 for c in text)
    return units / 2048 * size + spacing * len(text)


# --------------------------------------------------------------------------------------
# TopoJSON.
# --------------------------------------------------------------------------------------
def load_topology(path: Path = DATA) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Every arc as a list of (lat, lon): positions are quantized and delta-encoded."""
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for qx, qy in arc:
            x += qx
            y += qy
            points.append((y * ky + dy, x * kx + dx))
        arcs.append(points)
    return arcs


def polygons_of(geometry: dict) -> list[list[list[int]]]:
    """A Polygon or MultiPolygon as a list of polygons, each a list of rings of arc indices."""
    if geometry["type"] == "Polygon":
        return [geometry["arcs"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["arcs"]
    return []


def join_arcs(ring: list[int], arc_points) -> list:
    """A ring's points from its arcs; index ~i (negative) is arc i reversed."""
    points: list = []
    for index in ring:
        arc = arc_points(index) if index >= 0 else arc_points(~index)[::-1]
        points.extend(arc if not points else arc[1:])
    return points


def countries(topology: dict) -> dict[str, dict]:
    return {g["properties"]["name"]: g for g in topology["objects"]["countries"]["geometries"]
            if g.get("arcs")}


def projected_rings(topology: dict, name: str, view: View = MAIN) -> list[list[Point]]:
    """A country's rings in page px, unsimplified and unclipped (for the tests)."""
    arcs = decode_arcs(topology)
    return [[view.project(lat, lon) for lat, lon in join_arcs(ring, arcs.__getitem__)]
            for polygon in polygons_of(countries(topology)[name]) for ring in polygon]


# --------------------------------------------------------------------------------------
# Geometry on the page.
# --------------------------------------------------------------------------------------
def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, keeping both ends."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        best, best_i = -1.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            d = math.hypot(px - ax, py - ay) if length == 0 else abs(dx * (ay - py) - dy * (ax - px)) / length
            if d > best:
                best, best_i = d, i
        if best > tolerance:
            keep[best_i] = True
            stack.append((first, best_i))
            stack.append((best_i, last))
    return [p for p, k in zip(points, keep) if k]


def ring_area(points: list[Point]) -> float:
    return abs(sum(x0 * y1 - x1 * y0
                   for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]))) / 2


def clip_polygon(points: list[Point], box: Box) -> list[Point]:
    """Sutherland-Hodgman against a rectangle."""
    left, top, right, bottom = box

    def at_x(a: Point, b: Point, x: float) -> Point:
        return x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0])

    def at_y(a: Point, b: Point, y: float) -> Point:
        return a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y

    edges = [
        (lambda p: p[0] >= left, lambda a, b: at_x(a, b, left)),
        (lambda p: p[0] <= right, lambda a, b: at_x(a, b, right)),
        (lambda p: p[1] >= top, lambda a, b: at_y(a, b, top)),
        (lambda p: p[1] <= bottom, lambda a, b: at_y(a, b, bottom)),
    ]
    for inside, cross in edges:
        if not points:
            break
        result = []
        previous = points[-1]
        for current in points:
            if inside(current):
                if not inside(previous):
                    result.append(cross(previous, current))
                result.append(current)
            elif inside(previous):
                result.append(cross(previous, current))
            previous = current
        points = result
    return points


def clip_line(points: list[Point], box: Box) -> list[list[Point]]:
    """The pieces of a polyline inside a rectangle (Liang-Barsky on each segment)."""
    left, top, right, bottom = box
    pieces: list[list[Point]] = []
    current: list[Point] = []
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        dx, dy = x1 - x0, y1 - y0
        t0, t1 = 0.0, 1.0
        visible = True
        for p, q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
            if p == 0:
                if q < 0:
                    visible = False
                    break
            elif p < 0:
                t0 = max(t0, q / p)
            else:
                t1 = min(t1, q / p)
        if not visible or t0 > t1:
            if current:
                pieces.append(current)
                current = []
            continue
        if not current or t0 > 0:
            if current:
                pieces.append(current)
            current = [(x0 + t0 * dx, y0 + t0 * dy)]
        current.append((x0 + t1 * dx, y0 + t1 * dy))
        if t1 < 1.0:
            pieces.append(current)
            current = []
    if current:
        pieces.append(current)
    return [p for p in pieces if len(p) > 1]


def catmull_rom(points: list[Point], step: float = 3.0) -> list[Point]:
    """A smooth curve through ``points`` (centripetal Catmull-Rom), sampled every ~step px."""
    if len(points) < 3:
        return list(points)
    ext = ([(2 * points[0][0] - points[1][0], 2 * points[0][1] - points[1][1])] + list(points)
           + [(2 * points[-1][0] - points[-2][0], 2 * points[-1][1] - points[-2][1])])
    out: list[Point] = [points[0]]
    for i in range(1, len(ext) - 2):
        p0, p1, p2, p3 = ext[i - 1], ext[i], ext[i + 1], ext[i + 2]
        t0 = 0.0
        t1 = t0 + math.dist(p0, p1) ** 0.5
        t2 = t1 + math.dist(p1, p2) ** 0.5
        t3 = t2 + math.dist(p2, p3) ** 0.5

        def lerp(a: Point, b: Point, ta: float, tb: float, t: float) -> Point:
            u = (t - ta) / (tb - ta)
            return a[0] + (b[0] - a[0]) * u, a[1] + (b[1] - a[1]) * u

        n = max(2, int(math.dist(p1, p2) / step))
        for k in range(1, n + 1):
            t = t1 + (t2 - t1) * k / n
            a1, a2, a3 = lerp(p0, p1, t0, t1, t), lerp(p1, p2, t1, t2, t), lerp(p2, p3, t2, t3, t)
            b1, b2 = lerp(a1, a2, t0, t2, t), lerp(a2, a3, t1, t3, t)
            out.append(lerp(b1, b2, t1, t2, t))
    return out


def trim(points: list[Point], start: float = 0.0, end: float = 0.0) -> list[Point]:
    """The polyline shortened by ``start`` px at its start and ``end`` px at its end."""
    def cut(pts: list[Point], length: float) -> list[Point]:
        pts = list(pts)
        while len(pts) > 1 and length > 0:
            seg = math.dist(pts[-2], pts[-1])
            if seg > length:
                u = (seg - length) / seg
                pts[-1] = (pts[-2][0] + (pts[-1][0] - pts[-2][0]) * u,
                           pts[-2][1] + (pts[-1][1] - pts[-2][1]) * u)
                return pts
            length -= seg
            pts.pop()
        return pts

    return cut(cut(points, end)[::-1], start)[::-1]


def heading(points: list[Point], back: float = 12.0) -> float:
    """Direction (radians, page axes) of the last ``back`` px of a polyline."""
    end = points[-1]
    for p in reversed(points[:-1]):
        if math.dist(p, end) >= back:
            break
    return math.atan2(end[1] - p[1], end[0] - p[0])


def nearest_on(points: list[Point], target: Point) -> Point:
    """The point of a polyline nearest to ``target``."""
    best, best_d = points[0], math.inf
    for a, b in zip(points, points[1:]):
        dx, dy = b[0] - a[0], b[1] - a[1]
        length2 = dx * dx + dy * dy
        u = 0.0 if not length2 else max(0.0, min(1.0, ((target[0] - a[0]) * dx + (target[1] - a[1]) * dy) / length2))
        p = (a[0] + u * dx, a[1] + u * dy)
        if math.dist(p, target) < best_d:
            best, best_d = p, math.dist(p, target)
    return best


def _axes(polygon: list[Point]) -> list[Point]:
    out = []
    for a, b in zip(polygon, polygon[1:] + polygon[:1]):
        if a != b:
            out.append((a[1] - b[1], b[0] - a[0]))
    return out


def shapes_overlap(p: list[Point], q: list[Point]) -> bool:
    """Separating-axis test for convex shapes (a shape may be a segment: two points)."""
    for ax, ay in _axes(p) + _axes(q):
        pp = [x * ax + y * ay for x, y in p]
        qq = [x * ax + y * ay for x, y in q]
        if max(pp) <= min(qq) or max(qq) <= min(pp):
            return False
    return True


# --------------------------------------------------------------------------------------
# SVG output.
# --------------------------------------------------------------------------------------
def num(value: float) -> str:
    """A coordinate rounded to 0.1 px, without a trailing .0 or a minus zero."""
    tenths = round(value * 10)
    whole, frac = divmod(abs(tenths), 10)
    return ("-" if tenths < 0 else "") + f"{whole}" + (f".{frac}" if frac else "")


def path_data(lines: list[list[Point]], closed: bool = False) -> str:
    parts = []
    for line in lines:
        coords: list[str] = []
        for x, y in line:
            pair = f"{num(x)} {num(y)}"
            if not coords or pair != coords[-1]:
                coords.append(pair)
        if closed and len(coords) > 1 and coords[0] == coords[-1]:
            coords.pop()
        if len(coords) < (3 if closed else 2):
            continue
        parts.append("M" + coords[0] + "L" + " ".join(coords[1:]) + ("Z" if closed else ""))
    return "".join(parts)


def points_attr(points: list[Point]) -> str:
    return " ".join(f"{num(x)},{num(y)}" for x, y in points)


class Layer:
    """The labels of one view, measured, with what they must stay clear of."""

    def __init__(self, name: str, box: Box) -> None:
        self.name = name
        self.box = box
        self.labels: list[tuple[str, list[Point]]] = []
        self.svg: list[str] = []
        self.lines: list[tuple[str, list[Point]]] = []
        self.dots: list[tuple[str, Point, float]] = []

    def text(self, text: str, x: float, y: float, *, size: float, anchor: str = "start",
             bold: bool = False, italic: bool = False, spacing: float = 0.0, rotate: float = 0.0,
             fill: str = "#000000", halo: bool = True, name: str = "") -> None:
        if "\n" in text:  # several lines, centred on y
            lines = text.split("\n")
            for k, line in enumerate(lines):
                self.text(line, x, y + (k - (len(lines) - 1) / 2) * size * 1.1, size=size, anchor=anchor,
                          bold=bold, italic=italic, spacing=spacing, rotate=rotate, fill=fill, halo=halo,
                          name=f"{name or text} {k + 1}")
            return
        width = text_width(text, size, bold, spacing) - spacing  # no spacing after the last letter
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        attrs = [f'x="{num(x)}"', f'y="{num(y)}"', f'font-size="{num(size)}"']
        if anchor != "start":
            attrs.append(f'text-anchor="{anchor}"')
        if bold:
            attrs.append('font-weight="bold"')
        if italic:
            attrs.append('font-style="italic"')
        if spacing:
            attrs.append(f'letter-spacing="{num(spacing)}"')
        if rotate:
            attrs.append(f'transform="rotate({num(rotate)} {num(x)} {num(y)})"')
        attributes = " ".join(attrs)
        if halo:
            self.svg.append(f'<text {attributes} fill="#ffffff" stroke="#ffffff" stroke-width="3.5" '
                            f'stroke-linejoin="round" opacity="0.85">{escape(text)}</text>')
        self.svg.append(f'<text {attributes} fill="{fill}">{escape(text)}</text>')
        corners = [(left, y - 0.74 * size), (left + width, y - 0.74 * size),
                   (left + width, y + 0.2 * size), (left, y + 0.2 * size)]
        if rotate:
            r = math.radians(rotate)
            corners = [(x + (cx - x) * math.cos(r) - (cy - y) * math.sin(r),
                        y + (cx - x) * math.sin(r) + (cy - y) * math.cos(r)) for cx, cy in corners]
        self.labels.append((name or text, corners))

    def problems(self, keep_out: list[tuple[str, list[Point]]] = ()) -> list[str]:
        found = []
        inside = rect_polygon(self.box)
        for i, (name, shape) in enumerate(self.labels):
            if any(not (inside[0][0] <= x <= inside[2][0] and inside[0][1] <= y <= inside[2][1])
                   for x, y in shape):
                found.append(f"{self.name}: label {name!r} runs off the edge")
            for other, shape2 in self.labels[i + 1:]:
                if shapes_overlap(shape, shape2):
                    found.append(f"{self.name}: label {name!r} overlaps label {other!r}")
            for dot, (x, y), r in self.dots:
                if shapes_overlap(shape, [(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]):
                    found.append(f"{self.name}: label {name!r} covers the dot of {dot}")
            for line, points in self.lines:
                if line == name:
                    continue
                if any(shapes_overlap(shape, [a, b]) for a, b in zip(points, points[1:])):
                    found.append(f"{self.name}: label {name!r} crosses {line}")
            for area, polygon in keep_out:
                if shapes_overlap(shape, polygon):
                    found.append(f"{self.name}: label {name!r} is under {area}")
        for line, points in self.lines:
            for area, polygon in keep_out:
                if any(shapes_overlap(polygon, [a, b]) for a, b in zip(points, points[1:])):
                    found.append(f"{self.name}: {line} runs under {area}")
        return found


def arrowhead(tip: Point, angle: float, length: float = 15.0, width: float = 11.0) -> str:
    x, y = tip
    c, s = math.cos(angle), math.sin(angle)
    bx, by = x - c * length, y - s * length
    return (f'<path d="M{num(x)} {num(y)}L{num(bx - s * width / 2)} {num(by + c * width / 2)}'
            f'L{num(bx + s * width / 2)} {num(by - c * width / 2)}Z"/>')


def cross(x: float, y: float, angle: float, size: float = 5.0) -> str:
    """An X centred on (x, y), turned with the line it marks."""
    parts = []
    for turn in (math.pi / 4, -math.pi / 4):
        dx, dy = math.cos(angle + turn) * size, math.sin(angle + turn) * size
        parts.append(f"M{num(x - dx)} {num(y - dy)}L{num(x + dx)} {num(y + dy)}")
    d = "".join(parts)
    return (f'<path d="{d}" stroke="#ffffff" stroke-width="5.5" stroke-linecap="round"/>'
            f'<path d="{d}" stroke="#000000" stroke-width="2.4" stroke-linecap="round"/>')


def route_svg(points: list[Point], key: str, casing: bool = True) -> list[str]:
    width, dash, round_caps = ROUTE_STYLES[key]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    out = []
    if casing:
        out.append(f'<polyline points="{points_attr(points)}" stroke="#ffffff" '
                   f'stroke-width="{num(width + 3.5)}" stroke-linecap="round" opacity="0.8"/>')
    out.append(f'<polyline points="{points_attr(points)}" stroke="#000000" stroke-width="{num(width)}"'
               f'{dash_attr} stroke-linecap="{"round" if round_caps else "butt"}"/>')
    return out


class Land:
    """Country fills, coastlines and borders from the topology, for any view."""

    def __init__(self, topology: dict) -> None:
        self.arcs = decode_arcs(topology)
        self.geometries = countries(topology)
        self.usage: dict[int, int] = {}
        for name in sorted(self.geometries):
            for polygon in polygons_of(self.geometries[name]):
                for ring in polygon:
                    for index in ring:
                        key = index if index >= 0 else ~index
                        self.usage[key] = self.usage.get(key, 0) + 1

    def draw(self, view: View) -> list[str]:
        box = view.box
        cache: dict[int, list[Point]] = {}

        def arc_px(index: int) -> list[Point]:
            if index not in cache:
                cache[index] = simplify([view.project(lat, lon) for lat, lon in self.arcs[index]],
                                        SIMPLIFY_PX)
            return cache[index]

        fills: dict[str, list[str]] = {"other": [], "focus": [], "korea": []}
        drawn: set[int] = set()
        for name in sorted(self.geometries):
            rings = []
            for polygon in polygons_of(self.geometries[name]):
                for ring in polygon:
                    raw = [view.project(lat, lon) for lat, lon in join_arcs(ring, self.arcs.__getitem__)]
                    if (max(p[0] for p in raw) < box[0] or min(p[0] for p in raw) > box[2]
                            or max(p[1] for p in raw) < box[1] or min(p[1] for p in raw) > box[3]):
                        continue
                    points = join_arcs(ring, arc_px)
                    if points[0] == points[-1]:
                        points = points[:-1]
                    if len(points) < 3 or ring_area(points) < MIN_ISLAND_PX2:
                        continue
                    clipped = clip_polygon(points, box)
                    if len(clipped) < 3 or ring_area(clipped) < MIN_ISLAND_PX2:
                        continue
                    rings.append(clipped)
                    drawn.update(i if i >= 0 else ~i for i in ring)
            if rings:
                group = "korea" if name in KOREAS else "focus" if name in FOCUS else "other"
                fills[group].append(f'<path d="{path_data(rings, closed=True)}"/>')
        coast: list[list[Point]] = []
        borders: list[list[Point]] = []
        for index in sorted(drawn):
            (borders if self.usage.get(index, 0) > 1 else coast).extend(clip_line(arc_px(index), box))
        out = [f'<rect x="{num(box[0])}" y="{num(box[1])}" width="{num(box[2] - box[0])}" '
               f'height="{num(box[3] - box[1])}" fill="{SEA}"/>']
        for group in ("other", "focus", "korea"):
            out.append(f'<g fill="{FILLS[group]}" fill-rule="evenodd">')
            out.extend(fills[group])
            out.append("</g>")
        grid: list[list[Point]] = []
        step = 10 if view is MAIN else 2
        for lat in range(0, 70, step):
            grid.extend(clip_line([view.project(lat, lon / 4) for lon in range(320, 560)], box))
        for lon in range(80, 150, step):
            grid.extend(clip_line([view.project(lat / 4, lon) for lat in range(0, 241)], box))
        out.append(f'<path d="{path_data(grid)}" fill="none" stroke="#000000" stroke-opacity="0.12" '
                   f'stroke-width="0.6"/>')
        out.append(f'<path d="{path_data(coast)}" fill="none" stroke="#7a8a94" stroke-width="0.7" '
                   f'stroke-linejoin="round"/>')
        out.append(f'<path d="{path_data(borders)}" fill="none" stroke="#5f5f5f" stroke-width="1.1" '
                   f'stroke-linejoin="round"/>')
        return out


def rect_polygon(box: Box) -> list[Point]:
    return [(box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3])]


def follow_angle(track: list[Point], x: float, y: float) -> float:
    """The direction of ``track`` near (x, y), in degrees, turned to read left to right."""
    i = min(range(len(track)), key=lambda k: math.dist(track[k], (x, y)))
    a, b = track[max(0, i - 4)], track[min(len(track) - 1, i + 4)]
    angle = math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
    return angle - 180 if angle > 90 else angle + 180 if angle < -90 else angle


def draw_view(view: View, layer: Layer, land: Land, which: str) -> list[str]:
    """Land, rivers, routes and labels of one view (``which`` is "main" or "inset")."""
    box = view.box
    out = land.draw(view)
    P = view.project

    # Rivers.
    out.append(f'<g fill="none" stroke="{RIVER}" stroke-linejoin="round" stroke-linecap="round">')
    for river, points in sorted(RIVERS.items()):
        pts = [P(lat, lon) for lat, lon in points]
        for piece in clip_line(pts, box):
            out.append(f'<polyline points="{points_attr(piece)}" stroke-width="{2.6 if which == "inset" else 2}"/>')
            layer.lines.append((f"river {river}", piece))
    out.append("</g>")

    # Routes.
    usual = catmull_rom([P(lat, lon) for lat, lon in USUAL_ROUTE])
    post = [P(lat, lon) for lat, lon in POST_ROUTE]
    post = catmull_rom([nearest_on(usual, post[0])] + post[1:-1] + [nearest_on(usual, post[-1])])
    mongolia = [P(lat, lon) for lat, lon in MONGOLIA_ROUTE]
    mongolia = catmull_rom([nearest_on(usual, mongolia[0])] + mongolia[1:])
    flight = catmull_rom([P(lat, lon) for lat, lon in FLIGHT])
    tracks = {"flight": trim(flight, 7, 7), "mongolia": trim(mongolia, 0, 5),
              "post": post, "usual": trim(usual, 0, 5)}
    arrows = {"flight": tracks["flight"], "mongolia": tracks["mongolia"], "usual": tracks["usual"]}
    out.append('<g fill="none" stroke-linejoin="round">')
    for key in ("flight", "mongolia", "post", "usual"):
        line = trim(tracks[key], 0, 11) if key in arrows else tracks[key]
        for piece in clip_line(line, box):
            out.extend(route_svg(piece, key, casing=key != "flight"))
        for piece in clip_line(tracks[key], box):
            layer.lines.append((f"{key} route", piece))
    if which == "main":  # the flight refugees cannot take: straight, thin, crossed out
        a, b = P(*PLACES[CLOSED_FLIGHT[0]]), P(*PLACES[CLOSED_FLIGHT[1]])
        closed = trim([a, b], 6, 6)
        out.extend(route_svg(closed, "closed"))
        angle = math.atan2(b[1] - a[1], b[0] - a[0])
        out.append(cross((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, angle))
        layer.lines.append(("closed flight", closed))
    out.append("</g>")
    out.append('<g fill="#000000">')
    for key in sorted(arrows):
        tip = arrows[key][-1]
        if box[0] < tip[0] < box[2] and box[1] < tip[1] < box[3]:
            out.append(arrowhead(tip, heading(arrows[key])))
    out.append("</g>")
    start = P(*USUAL_ROUTE[0])
    layer.dots.append(("the start of the route", start, 3.5))
    out.append(f'<circle cx="{num(start[0])}" cy="{num(start[1])}" r="{3.5 if which == "inset" else 2.5}" '
               f'fill="#ffffff" stroke="#000000" stroke-width="2"/>')

    # Labels.
    for lines, lat, lon, size, spacing in (MAIN_COUNTRIES if which == "main" else INSET_COUNTRIES):
        x, y = P(lat, lon)
        top = y - (len(lines) - 1) * size * 1.1 / 2 + size * 0.36
        for k, line in enumerate(lines):
            layer.text(line, x, top + k * size * 1.1, size=size, anchor="middle", bold=True,
                       spacing=spacing, fill="#444444", halo=False)
    if which == "main":
        for text, lat, lon, size in WATER_LABELS:
            layer.text(text, *P(lat, lon), size=size, anchor="middle", italic=True, fill=RIVER, halo=False)
        for text, lat, lon, size in LAND_LABELS:
            layer.text(text, *P(lat, lon), size=size, anchor="middle", italic=True, fill="#4d4d4d", halo=False)
    for view_name, river, lat, lon, rotate, anchor in RIVER_LABELS:
        if view_name == which:
            layer.text(river, *P(lat, lon), size=13, anchor=anchor, italic=True, bold=True,
                       fill=RIVER, rotate=rotate, name=f"river {river}")
    for view_name, text, lat, lon, rotate, anchor, size in ROUTE_LABELS:
        if view_name != which:
            continue
        x, y = P(lat, lon)
        if rotate is None:
            rotate = follow_angle(flight if text.startswith("flight") else usual, x, y)
        layer.text(text, x, y, size=size, anchor=anchor, italic=True, rotate=rotate)

    dots = []
    for name, anchor, dx, dy in (MAIN_CITIES if which == "main" else INSET_CITIES):
        x, y = P(*PLACES[name])
        dots.append((x, y, 3.6))
        layer.dots.append((name, (x, y), 3.6))
        layer.text(name, x + dx, y + dy, size=14.5 if which == "main" else 13.5, anchor=anchor)
    if which == "inset":
        x, y = P(*PLACES["Mt Paektu"])
        out.append(f'<path d="M{num(x)} {num(y - 6)}L{num(x + 6)} {num(y + 4)}L{num(x - 6)} {num(y + 4)}Z" '
                   f'fill="#000000" stroke="#ffffff" stroke-width="1"/>')
        layer.dots.append(("Mt Paektu", (x, y), 5))
        layer.text("Mt Paektu", x - 4, y - 9, size=11, anchor="end", fill="#222222")
    else:
        x, y = P(*PLACES["Golden Triangle"])
        layer.dots.append(("Golden Triangle", (x, y), 2))

    out.extend(layer.svg)
    out.append('<g fill="#000000" stroke="#ffffff" stroke-width="1.5">')
    for x, y, r in dots:
        out.append(f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}"/>')
    out.append("</g>")
    return out


def build_svg(topology: dict) -> tuple[str, list[str]]:
    """The map, and a list of layout problems (empty when the labels are clear)."""
    land = Land(topology)
    body: list[str] = []

    # The main map.
    main_layer = Layer("main map", MAP_BOX)
    body.extend(draw_view(MAIN, main_layer, land, "main"))

    # Where the inset is, on the main map.
    corners = [MAIN.from_km(*INSET.to_km(INSET_BOX[0], INSET_BOX[1])),
               MAIN.from_km(*INSET.to_km(INSET_BOX[2], INSET_BOX[3]))]
    (lx0, ly0), (lx1, ly1) = corners
    body.append(f'<rect x="{num(lx0)}" y="{num(ly0)}" width="{num(lx1 - lx0)}" height="{num(ly1 - ly0)}" '
                f'fill="none" stroke="#000000" stroke-width="1.2"/>')
    main_layer.lines.append(("the inset's outline", [(lx0, ly0), (lx1, ly0), (lx1, ly1), (lx0, ly1), (lx0, ly0)]))
    # North arrow, on the meridian through it, and the scale bar: bottom left of the map.
    nlat, nlon = 13.6, 91.2
    nx, ny = MAIN.project(nlat, nlon)
    body.append(f'<g transform="rotate({num(meridian_angle(nlon))} {num(nx)} {num(ny)})">'
                f'<path d="M{num(nx)} {num(ny - 18)}L{num(nx + 7)} {num(ny + 8)}L{num(nx)} {num(ny + 3)}Z" '
                f'fill="#000000"/>'
                f'<path d="M{num(nx)} {num(ny - 18)}L{num(nx - 7)} {num(ny + 8)}L{num(nx)} {num(ny + 3)}Z" '
                f'fill="#ffffff" stroke="#000000" stroke-width="1"/>'
                f'<text x="{num(nx)}" y="{num(ny - 22)}" font-size="14" font-weight="bold" '
                f'text-anchor="middle">N</text></g>')
    main_layer.dots.append(("north arrow", (nx, ny - 8), 16))
    km = PX_PER_KM * scale_factor(SCALE_LATITUDE)          # px per km at 30°N
    bar = 500 * km
    sx, sy = MAP_BOX[0] + 14, MAP_BOX[3] - 26
    body.append('<g font-size="11" text-anchor="middle">')
    body.append(f'<rect x="{num(sx - 8)}" y="{num(sy - 19)}" width="{num(bar + 28)}" height="41" '
                f'fill="#ffffff" fill-opacity="0.85"/>')
    body.append(f'<rect x="{num(sx)}" y="{num(sy)}" width="{num(bar / 2)}" height="5" fill="#000000"/>')
    body.append(f'<rect x="{num(sx)}" y="{num(sy)}" width="{num(bar)}" height="5" fill="none" '
                f'stroke="#000000" stroke-width="1"/>')
    for k in (0, 250, 500):
        body.append(f'<text x="{num(sx + k * km)}" y="{num(sy - 5)}">{k}{" km" if k == 500 else ""}</text>')
    body.append(f'<text x="{num(sx + bar / 2 + 6)}" y="{num(sy + 17)}" font-style="italic">'
                f'scale true near {SCALE_LATITUDE:.0f}°N</text>')
    body.append("</g>")
    scale_area = rect_polygon((sx - 8, sy - 19, sx + bar + 20, sy + 22))

    # The inset.
    inset_layer = Layer("inset", INSET_BOX)
    body.append(f'<rect x="{num(INSET_OUTER[0])}" y="{num(INSET_OUTER[1])}" '
                f'width="{num(INSET_OUTER[2] - INSET_OUTER[0])}" '
                f'height="{num(INSET_OUTER[3] - INSET_OUTER[1])}" fill="#ffffff"/>')
    body.extend(draw_view(INSET, inset_layer, land, "inset"))
    body.append(f'<text x="{num(INSET_OUTER[0] + 8)}" y="{num(INSET_OUTER[1] + 17)}" font-size="13" '
                f'font-weight="bold">{escape(INSET_TITLE)}</text>')
    body.append(f'<path d="M{num(INSET_BOX[0])} {num(INSET_BOX[1])}H{num(INSET_BOX[2])}" stroke="#000000" '
                f'stroke-width="1"/>')
    body.append(f'<rect x="{num(INSET_OUTER[0])}" y="{num(INSET_OUTER[1])}" '
                f'width="{num(INSET_OUTER[2] - INSET_OUTER[0])}" '
                f'height="{num(INSET_OUTER[3] - INSET_OUTER[1])}" fill="none" stroke="#000000" '
                f'stroke-width="1.5"/>')
    ib = 500 * INSET.px_per_km * scale_factor(41.0) / 5     # 100 km at 41°N
    ix, iy = INSET_BOX[2] - ib - 44, INSET_BOX[3] - 14
    body.append(f'<g font-size="10.5"><rect x="{num(ix - 5)}" y="{num(iy - 14)}" width="{num(ib + 46)}" '
                f'height="22" fill="#ffffff" fill-opacity="0.85"/>'
                f'<rect x="{num(ix)}" y="{num(iy)}" width="{num(ib)}" height="4" fill="#000000"/>'
                f'<text x="{num(ix)}" y="{num(iy - 4)}">0</text>'
                f'<text x="{num(ix + ib)}" y="{num(iy - 4)}" text-anchor="middle">100 km</text></g>')
    inset_scale = rect_polygon((ix - 5, iy - 14, ix + ib + 41, iy + 8))

    body.append(f'<rect x="{num(MAP_BOX[0])}" y="{num(MAP_BOX[1])}" width="{num(MAP_WIDTH)}" '
                f'height="{num(MAP_HEIGHT)}" fill="none" stroke="#000000" stroke-width="1.5"/>')

    problems = main_layer.problems([("the inset", rect_polygon(INSET_OUTER)),
                                    ("the scale bar", scale_area)])
    problems += inset_layer.problems([("the scale bar", inset_scale)])

    # Legend, caption and credit, under the map.
    y = MAP_BOX[3] + 32
    for key, text in LEGEND:
        width, dash, round_caps = ROUTE_STYLES[key]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        body.append(f'<line x1="22" y1="{num(y - 5)}" x2="82" y2="{num(y - 5)}" stroke="#000000" '
                    f'stroke-width="{num(width)}"{dash_attr} '
                    f'stroke-linecap="{"round" if round_caps else "butt"}"/>')
        if key == "closed":
            body.append(cross(52, y - 5, 0.0))
        body.append(f'<text x="96" y="{num(y)}" font-size="15">{escape(text)}</text>')
        y += 27
    # The other symbols, on one line.
    x = 22.0
    symbols = [
        ("circle-open", "start of the route"), ("circle", "city"), ("river", "river"),
        ("border", "border"), ("box", "area enlarged in the inset"),
    ]
    for kind, text in symbols:
        cy = y - 5
        if kind == "circle-open":
            body.append(f'<circle cx="{num(x + 5)}" cy="{num(cy)}" r="4" fill="#ffffff" stroke="#000000" '
                        f'stroke-width="2"/>')
            x += 14
        elif kind == "circle":
            body.append(f'<circle cx="{num(x + 4)}" cy="{num(cy)}" r="3.6"/>')
            x += 12
        elif kind == "box":
            body.append(f'<rect x="{num(x)}" y="{num(cy - 6)}" width="16" height="12" fill="none" '
                        f'stroke="#000000" stroke-width="1.2"/>')
            x += 22
        else:
            colour, width = (RIVER, 2.2) if kind == "river" else ("#5f5f5f", 1.1)
            body.append(f'<line x1="{num(x)}" y1="{num(cy)}" x2="{num(x + 26)}" y2="{num(cy)}" '
                        f'stroke="{colour}" stroke-width="{num(width)}"/>')
            x += 32
        body.append(f'<text x="{num(x)}" y="{num(y)}" font-size="14">{escape(text)}</text>')
        x += text_width(text, 14) + 20
    y += 33
    for line in CAPTION:
        body.append(f'<text x="22" y="{num(y)}" font-size="14.5" font-style="italic">{escape(line)}</text>')
        y += 21
    y += 3
    for line in CREDIT:
        body.append(f'<text x="22" y="{num(y)}" font-size="11.5" fill="#444444">{escape(line)}</text>')
        y += 16
    height = math.ceil(y)

    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{WIDTH}" height="{num(height)}" '
        f'viewBox="0 0 {WIDTH} {num(height)}"',
        '     role="img" aria-labelledby="route-title route-desc"',
        f'     font-family="{FONT}" fill="#000000">',
        f'  <title id="route-title">{escape(MAP_TITLE)}</title>',
        f'  <desc id="route-desc">{escape(DESC)}</desc>',
        "  <!-- Generated by scripts/map/make_route_map.py from Natural Earth data: "
        "edit the script, not this file. -->",
        f'<rect x="0" y="0" width="{WIDTH}" height="{num(height)}" fill="#ffffff"/>',
        f'<text x="{num(MAP_LEFT + 4)}" y="32" font-size="23" font-weight="bold">{escape(TITLE)}</text>',
        f'<text x="{num(MAP_LEFT + 4)}" y="58" font-size="15">{escape(SUBTITLE)}</text>',
    ]
    return "\n".join(head + body + ["</svg>", ""]), problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write the SVG (default: {OUT})")
    parser.add_argument("--data", type=Path, default=DATA, help="countries-50m.json from world-atlas")
    parser.add_argument("--force", action="store_true", help="write the map even if labels collide")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"{args.data} is missing: run  make scripts/map/node_modules", file=sys.stderr)
        return 2
    svg, problems = build_svg(load_topology(args.data))
    if problems:  # move the labels: the offsets and positions in the tables above
        print("the layout has problems:\n  " + "\n  ".join(problems), file=sys.stderr)
        if not args.force:
            return 1
    args.out.write_text(svg, encoding="utf-8", newline="\n")
    print(f"wrote {args.out} ({len(svg.encode('utf-8')) / 1024:.0f} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
