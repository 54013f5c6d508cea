"""People's names as pasted or imported: given and family parts, and readable username stems.

A name is split once, the way a teacher would read it: "Surname, Given" (a comma), a
spreadsheet row ``given<TAB>family<TAB>class``, Korean or Chinese written in its own script
(family name first, one syllable), Vietnamese (family name first), or "Given … Family".
Usernames are made from the parts, romanised with ``anyascii`` (Revised Romanization for
Hangul, pinyin for Chinese, plain Latin for Vietnamese, Cyrillic, Greek, Arabic…), with the
usual spelling of common Korean family names, so 박서연 is ``seoyeon.p``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from anyascii import anyascii

MAX_NAME = 120
MAX_STEM = 20
# Scripts written family name first, with no space, one character to the syllable.
_FAMILY_FIRST = re.compile(r"^[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\u3400-\u4dbf\u4e00-\u9fff]+$")


# The usual Latin spelling of common Korean family names (a transliteration gives "Bag", "Gim", "I").
KOREAN_FAMILY = {"김": "kim", "이": "lee", "박": "park", "최": "choi", "정": "jung", "강": "kang", "조": "cho",
                 "윤": "yoon", "장": "jang", "임": "lim", "한": "han", "오": "oh", "서": "seo", "신": "shin",
                 "권": "kwon", "황": "hwang", "안": "ahn", "송": "song", "류": "ryu", "유": "yoo", "전": "jeon",
                 "홍": "hong", "고": "ko", "문": "moon", "양": "yang", "손": "son", "배": "bae", "백": "baek",
                 "노": "noh", "하": "ha", "곽": "kwak", "성": "sung", "차": "cha", "주": "joo", "우": "woo",
                 "구": "koo", "민": "min", "나": "na", "진": "jin", "지": "ji", "엄": "eom", "채": "chae",
                 "원": "won", "천": "cheon", "방": "bang", "공": "kong", "현": "hyun", "변": "byun", "염": "yeom"}
# Vietnamese names are written family name first; these family names (with their marks) say so.
VIETNAMESE_FAMILY = {"nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "võ", "vũ", "đặng", "bùi", "đỗ", "hồ",
                     "ngô", "dương", "lý", "trương", "đinh", "lâm", "mai", "trịnh", "đoàn", "lương"}


# Header cells of a pasted spreadsheet: which column holds the given and the family name.
GIVEN_HEADERS = {"name", "first name", "first", "given name", "given", "forename", "student name"}
FAMILY_HEADERS = {"surname", "last name", "last", "family name", "family"}


@dataclass(frozen=True)
class PersonName:
    given: str
    family: str = ""
    display: str = ""  # as the teacher wrote it ("Surname, Given" is shown "Given Surname")

    def __post_init__(self) -> None:
        if not self.display:
            object.__setattr__(self, "display", " ".join(p for p in (self.given, self.family) if p))
        object.__setattr__(self, "display", self.display[:MAX_NAME])


def tidy(text: str) -> str:
    """One line of text with runs of spaces made one and control characters gone."""
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch == "\t")
    return " ".join(text.split())


def split_name(text: str) -> PersonName:
    """Given and family parts of a name typed on one line."""
    text = tidy(text.replace("\t", " "))
    if "," in text:
        family, _, given = (p.strip() for p in text.partition(","))
        if family and given:
            return PersonName(given=given, family=family)
        text = family or given
    words = text.split(" ")
    if len(words) == 1 and _FAMILY_FIRST.match(text) and len(text) >= 2:
        return PersonName(given=text[1:], family=text[0], display=text)
    if len(words) >= 2 and (_FAMILY_FIRST.match("".join(words)) or words[0].lower() in VIETNAMESE_FAMILY):
        given = " ".join(words[1:]) if _FAMILY_FIRST.match(words[1]) else words[-1]
        return PersonName(given=given, family=words[0], display=text)
    if len(words) == 1:
        return PersonName(given=text)
    return PersonName(given=words[0], family=words[-1], display=text)


def from_parts(given: str, family: str) -> PersonName:
    """A name given in two fields; Korean or Chinese is shown family name first (박서연)."""
    given, family = tidy(given), tidy(family)
    if not (given and family):
        return split_name(given or family)
    if _FAMILY_FIRST.match(family + given.replace(" ", "")):
        return PersonName(given=given, family=family, display=family + given)
    return PersonName(given=given, family=family)


def from_row(cells: list[str]) -> PersonName:
    """A spreadsheet row pasted as tab-separated cells: given name, family name, class (ignored)."""
    given, family = (cells + ["", ""])[:2]
    return from_parts(given, family)


def romanised(text: str) -> str:
    """Lower-case letters and digits only: "Min-jun" → ``minjun``, "서연" → ``seoyeon``."""
    return re.sub(r"[^a-z0-9]+", "", anyascii(text).lower())


def username_stems(name: PersonName) -> list[str]:
    """Usernames to try, shortest first: ``maya.b``, ``maya.br``, … ``maya.brown`` (a digit is the
    caller's last resort). A name with no letters that romanise gets ``student``."""
    given = romanised(name.given.split(" ")[0])[:MAX_STEM]
    family = (KOREAN_FAMILY.get(name.family) or romanised(name.family))[:MAX_STEM]
    if not given:
        given, family = family, ""
    if not given:
        return ["student"]
    if not family:
        return [given]
    return [f"{given}.{family[:n]}" for n in range(1, len(family) + 1)]


def parse_names(text: str) -> list[PersonName]:
    """One student per line: "Given Family", "Family, Given", or a spreadsheet row pasted as
    tab-separated cells (given name, family name, class; a header row names the columns). The
    class column is ignored: students go into the class the teacher pasted them into. Blank
    lines and repeats of the same name are dropped."""
    lines = [line for line in text.splitlines() if tidy(line)]
    columns = (0, 1)
    if lines and "\t" in lines[0]:
        header = [tidy(cell).casefold() for cell in lines[0].split("\t")]
        given = next((i for i, cell in enumerate(header) if cell in GIVEN_HEADERS), None)
        family = next((i for i, cell in enumerate(header) if cell in FAMILY_HEADERS), None)
        if given is not None or family is not None:
            lines = lines[1:]
            columns = (given if given is not None else -1, family if family is not None else -1)
    seen, names = set(), []
    for line in lines:
        if "\t" in line:
            cells = line.split("\t") + [""]
            name = from_row([cells[i] if i >= 0 else "" for i in columns])
        else:
            name = split_name(line)
        if name.display and name.display.casefold() not in seen:
            seen.add(name.display.casefold())
            names.append(name)
    return names
