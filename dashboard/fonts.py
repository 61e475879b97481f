"""Fonts that can write a picture's text, found among the fonts installed on this machine.

A data folder declares the scripts of its names (Latin, Cyrillic, Japanese...); the picture
needs a font with a glyph for every character it draws, or a name comes out as empty boxes.
Fonts are checked by their character maps, not by their names, and matplotlib's font fallback
takes each missing glyph from the next font of the list.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

from dashboard.records import SCRIPTS

# Tried first when fonts cover the same characters: one family for every script where it can.
PREFERRED = ("Noto Sans CJK JP", "Noto Sans", "DejaVu Sans", "Liberation Sans")
# Fonts whose character map claims glyphs they draw as placeholders or symbols.
NOT_TEXT = ("Last Resort", "STIX", "cm", "DejaVu Math")
INSTALL_HINT = (
    "On Debian or Ubuntu: apt-get install fonts-noto-cjk (it covers Latin and Cyrillic too)."
)


class FontMissing(Exception):
    """No installed font has a glyph for some characters; the message says which and the fix."""


def script_of(ch: str) -> str:
    """The writing system of a character, as a data folder names it (or its code point)."""
    return next((s for s, pattern in SCRIPTS.items() if pattern.match(ch)), f"U+{ord(ch):04X}")


def _text_fonts() -> dict[str, font_manager.FontEntry]:
    """The upright regular face of each installed family, by family name."""
    out: dict[str, font_manager.FontEntry] = {}
    for f in sorted(font_manager.fontManager.ttflist, key=lambda f: (f.name, f.fname, f.index)):
        if f.style == "normal" and f.weight == 400 and not f.name.startswith(NOT_TEXT):
            out.setdefault(f.name, f)
    return out


@lru_cache(maxsize=256)
def _charmap(fname: str, index: int) -> frozenset[int]:
    return frozenset(FT2Font(fname, face_index=index).get_charmap())


def coverage(family: str) -> frozenset[int]:
    """The code points an installed family has glyphs for (empty if it is not installed)."""
    f = _text_fonts().get(family)
    return _charmap(f.fname, f.index) if f else frozenset()


def find_fonts(texts: Iterable[str]) -> list[str]:
    """Families that together have a glyph for every character of `texts`, the one covering
    most first; raises FontMissing, naming the scripts no installed font has."""
    need = {ord(ch) for text in texts for ch in text if ch.isprintable() and not ch.isspace()}
    rank = {name: i for i, name in enumerate(PREFERRED)}
    families = sorted(_text_fonts(), key=lambda n: (rank.get(n, len(rank)), n))
    chosen: list[str] = []
    while need:
        best = max(families, key=lambda n: len(need & coverage(n)), default=None)
        if best is None or not need & coverage(best):
            break
        chosen.append(best)
        need -= coverage(best)
    if need:
        scripts = sorted({script_of(chr(c)) for c in need})
        raise FontMissing(
            f"No installed font has the {', '.join(scripts)} letters of this folder's names "
            f"(e.g. {''.join(chr(c) for c in sorted(need)[:5])!r}). {INSTALL_HINT}"
        )
    return chosen
