"""Text from data files and URLs made inert for where it is shown: Markdown, HTML, a terminal.

Every string that comes from a data folder or a link goes through one of these before it is
shown. Markdown is what Streamlit renders in titles, captions, labels and alerts; HTML is what
the map's tooltips, legend and labels are; a terminal is where `validate` prints.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import quote

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=\"'^&])")
# Control, format (e.g. RLO), private-use, surrogate and unassigned characters.
_HIDDEN = {"Cc", "Cf", "Co", "Cs", "Cn"}
# Where GFM would start a link of its own: after a scheme's colon, between www and its dot,
# before the @ of an address.
_AUTOLINK = re.compile(
    r"(?i)(?<=http:)|(?<=https:)|(?<=ftp:)|(?<=mailto:)|(?<=xmpp:)|(?<=www)(?=\.)|(?=@)"
)
WORD_JOINER = "\u2060"
# What may stay as it is in a link's address; everything else is percent-encoded.
_URL_SAFE = "/:?#@!&+,;=%~-._"


def visible(value: object) -> str:
    """The text with hidden characters (controls, bidi overrides, ...) replaced by '?' and
    line breaks by spaces."""
    text = str(value).replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    if text.isprintable():  # no character of a hidden category (nor any other separator)
        return text
    return "".join("?" if unicodedata.category(ch) in _HIDDEN else ch for ch in text)


def md(value: object) -> str:
    """Plain text made inert for Streamlit's Markdown: no emphasis, HTML, images, links
    (bare addresses included), LaTeX or directives; line breaks become spaces. Links on the
    page come only from sources' validated addresses (`link`).

    Escapes alone do not stop a bare address from becoming a link: Streamlit's GFM turns
    addresses into links after escapes are resolved (http://…, www.…, name@host). A word joiner
    (U+2060, invisible) placed inside each such pattern keeps it text."""
    return _MD_SPECIAL.sub(r"\\\1", _unlinked(visible(value)))


def _unlinked(text: str) -> str:
    """A word joiner inside each pattern GFM would make a link of (_AUTOLINK); text that
    cannot hold one (no colon, '@' or 'www') is returned as it is."""
    if ":" in text or "@" in text or "www" in text.lower():
        return _AUTOLINK.sub(WORD_JOINER, text)
    return text


# What starts inline markup in a document GitHub renders (GFM): escapes, code, emphasis,
# strikethrough, links and images, HTML, entities, math, and a table's cell separator.
_CELL_SPECIAL = re.compile(r"([\\`*_~\[\]<>&$|])")


def md_cell(value: object) -> str:
    """Plain text made inert for a cell of a Markdown table in a document (GFM, as GitHub
    renders it): one line, no emphasis, code, HTML, entity, math, link (bare addresses
    included) and no `|` that would end the cell. A cell holds no block syntax, and a
    document no Streamlit directive, so fewer characters are escaped than by `md` and the
    file stays readable."""
    text = visible(" ".join(str(value).split()))
    return _CELL_SPECIAL.sub(r"\\\1", _unlinked(text))


# A space between a number and the word after it ("16.2 km", "25 %", "1945 年").
_UNIT_SPACE = re.compile(r"(?<=\d) (?=[^\d\s])")


def keep_units(text: str) -> str:
    """Each number kept on one line with the word after it (a no-break space), so that a
    narrow column breaks its lines elsewhere."""
    return _UNIT_SPACE.sub("\u00a0", text)


def href(url: str) -> str:
    """A validated http(s) address made safe as a Markdown link's target: anything that could
    end the target or start markup is percent-encoded."""
    return quote(visible(url).replace(" ", ""), safe=_URL_SAFE)


def link(title_md: str, url: str | None) -> str:
    """'[title](url)' from an escaped title and an address (validated by the records)."""
    return f"[{title_md}]({href(url)})" if url else title_md


def esc(value: object) -> str:
    """Text for HTML: every property that reaches the browser as markup goes through here."""
    return html.escape(str(value), quote=True)


def printable(value: object) -> str:
    """Text for a terminal: control characters (escape sequences among them) shown as
    Python escapes instead of being sent to the terminal."""
    text = str(value)
    return "".join(
        ch.encode("unicode_escape").decode("ascii") if unicodedata.category(ch) in _HIDDEN else ch
        for ch in text
    )
