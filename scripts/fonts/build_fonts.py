"""Make the fonts that printed packs and login cards carry: webapp/static/fonts/.

PDFs must never depend on the fonts of the server that prints them (a server with no Korean
font printed Korean names as empty boxes), so the app ships its own open-licensed fonts,
cut down (subset) to the scripts a classroom roster needs:

- DejaVu Sans, Serif and Sans Mono (the packs' look): Latin with Vietnamese, Greek, Cyrillic,
  punctuation and the symbols the lessons use;
- Nanum Gothic, regular and bold (SIL Open Font License): Hangul syllables, Jamo,
  compatibility Jamo and CJK punctuation. "Nanum" and "NanumGothic" are Reserved Font Names
  and a subset is a Modified Version under the OFL, so the cut files are renamed
  "Crossings Hangul" (the license stays the OFL; see LICENSE-NanumGothic.txt);
- Noto Sans Arabic, regular and bold (SIL Open Font License): Arabic.

The fonts come from Debian's packages (fonts-dejavu-core, fonts-dejavu-extra, fonts-nanum,
fonts-noto-core), downloaded with ``apt-get download`` (nothing is installed on the machine),
and are cut with fontTools into WOFF (WeasyPrint and browsers read it; half the size of TTF, and unlike WOFF2 quick to unpack).
Run it again to redo the files:

    .venv/bin/python scripts/fonts/build_fonts.py            # downloads the four packages
    .venv/bin/python scripts/fonts/build_fonts.py --debs DIR # or uses .deb files already in DIR
"""
from __future__ import annotations

import argparse
import shutil
import subprocess  # nosec B404: apt-get and dpkg-deb, with fixed arguments
import tempfile
from pathlib import Path

from fontTools import subset

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "webapp" / "static" / "fonts"
PACKAGES = ("fonts-dejavu-core", "fonts-dejavu-extra", "fonts-nanum", "fonts-noto-core")

LATIN = ("U+0000-024F,U+0250-02FF,U+0300-036F,U+0370-03FF,U+0400-04FF,U+1E00-1EFF,U+2000-206F,"
         "U+20A0-20CF,U+2100-214F,U+2150-218F,U+2190-21FF,U+2200-22FF,U+2300-23FF,U+2460-24FF,"
         "U+2500-257F,U+25A0-25FF,U+2600-26FF,U+2700-27BF,U+27F0-27FF,U+FB00-FB06,U+FFFD")
HANGUL = "U+1100-11FF,U+3000-303F,U+3130-318F,U+AC00-D7A3,U+FF01-FF60"
ARABIC = "U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF,U+200C-200F,U+0020,U+00A0"

# (file in the package, file written, the characters kept, a new family name or None)
FONTS = [
    ("dejavu/DejaVuSans.ttf", "DejaVuSans-Latin.woff", LATIN, None),
    ("dejavu/DejaVuSans-Bold.ttf", "DejaVuSans-Bold-Latin.woff", LATIN, None),
    ("dejavu/DejaVuSans-Oblique.ttf", "DejaVuSans-Oblique-Latin.woff", LATIN, None),
    ("dejavu/DejaVuSerif.ttf", "DejaVuSerif-Latin.woff", LATIN, None),
    ("dejavu/DejaVuSerif-Bold.ttf", "DejaVuSerif-Bold-Latin.woff", LATIN, None),
    ("dejavu/DejaVuSerif-Italic.ttf", "DejaVuSerif-Italic-Latin.woff", LATIN, None),
    ("dejavu/DejaVuSansMono.ttf", "DejaVuSansMono-Latin.woff", LATIN, None),
    ("nanum/NanumGothic.ttf", "CrossingsHangul-Regular.woff", HANGUL, "Crossings Hangul"),
    ("nanum/NanumGothicBold.ttf", "CrossingsHangul-Bold.woff", HANGUL, "Crossings Hangul"),
    ("noto/NotoSansArabic-Regular.ttf", "NotoSansArabic-Regular.woff", ARABIC, None),
    ("noto/NotoSansArabic-Bold.ttf", "NotoSansArabic-Bold.woff", ARABIC, None),
]
LICENSES = {"fonts-dejavu-core": "LICENSE-DejaVu.txt", "fonts-nanum": "LICENSE-NanumGothic.txt",
            "fonts-noto-core": "LICENSE-NotoSansArabic.txt"}


def unpack(debs: Path, into: Path) -> None:
    for deb in sorted(debs.glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(into)], check=True)  # nosec B603 B607


def rename(font, family: str) -> None:
    """A new family name in every name record that carries one (a Reserved Font Name)."""
    style = font["name"].getDebugName(2) or "Regular"
    names = {1: family, 3: f"{family} {style}", 4: f"{family} {style}", 6: f"{family}-{style}".replace(" ", ""),
             16: family, 17: style}
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]


def cut(source: Path, target: Path, unicodes: str, family: str | None) -> None:
    options = subset.Options()
    options.layout_features = ["*"]  # Arabic joining forms, ligatures, marks: keep them all
    options.name_IDs = ["*"]         # the names, including the copyright and license notes
    options.notdef_outline = True
    options.hinting = False          # PDFs and today's screens do not need it; it halves Hangul
    options.flavor = "woff"
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(unicodes))
    subsetter.subset(font)
    if family:
        rename(font, family)
    subset.save_font(font, str(target), options)


def build(debs: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        unpack(debs, root)
        fonts = root / "usr" / "share" / "fonts" / "truetype"
        OUT.mkdir(parents=True, exist_ok=True)
        for source, target, unicodes, family in FONTS:
            cut(fonts / source, OUT / target, unicodes, family)
            print(f"{target}: {(OUT / target).stat().st_size // 1024} KB")
        for package, name in LICENSES.items():
            shutil.copy(root / "usr" / "share" / "doc" / package / "copyright", OUT / name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--debs", type=Path, help="a folder holding the four .deb files")
    args = parser.parse_args()
    if args.debs:
        build(args.debs)
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["apt-get", "download", *PACKAGES], cwd=tmp, check=True)  # nosec B603 B607
        build(Path(tmp))


if __name__ == "__main__":
    main()
