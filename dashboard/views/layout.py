"""How the page fits a phone, a story's column and a desktop: one style sheet, sent once a run.

Streamlit cannot ask the browser's width, so the page adapts in CSS: the map and its panel
(the explorer, a container keyed `explorer`) stack, map first, when their container is
narrower than STACK_BELOW_PX, whatever the window (a collapsed or open sidebar changes it); a
narrow window gets a smaller title and less space above it, so the page opens on the title
and the map. Captions are drawn darker than Streamlit's faded grey (its text colour at 60 %
opacity), which reads at 3.8:1 against white and the sidebar (WCAG asks for 4.5:1). The
panel's section headings are level three, under the island's own (level two), drawn at the
size of the level five they were.
"""

from __future__ import annotations

import streamlit as st

EXPLORER_KEY = "explorer"
STACK_BELOW_PX = 760
NARROW_PX = 800  # a story's column, a tablet standing up
PHONE_PX = 640
CAPTION = "#62646c"  # 5.9:1 on white, 5.5:1 on the sidebar's #f8f8f7

STYLE = f"""<style>
.st-key-{EXPLORER_KEY} {{ container-type: inline-size; }}
@container (max-width: {STACK_BELOW_PX}px) {{
  .st-key-{EXPLORER_KEY} [data-testid="stHorizontalBlock"] {{ flex-direction: column; }}
  .st-key-{EXPLORER_KEY} [data-testid="stHorizontalBlock"] > [data-testid="stColumn"] {{
    width: 100% !important; flex: 1 1 auto !important; min-width: 0;
  }}
}}
@media (max-width: {NARROW_PX}px) {{
  [data-testid="stMainBlockContainer"] {{ padding-top: 3.5rem; }}
  [data-testid="stMain"] h1 {{ font-size: 2rem; line-height: 1.2; padding-bottom: 0.25rem; }}
}}
@media (max-width: {PHONE_PX}px) {{
  [data-testid="stMain"] h1 {{ font-size: 1.6rem; }}
}}
[data-testid="stCaptionContainer"] {{ color: {CAPTION}; opacity: 1; }}
.st-key-{EXPLORER_KEY} [data-testid="stMarkdownContainer"] h3 {{ font-size: 1.125rem; }}
[data-testid="stMarkdownContainer"] td:first-child {{ word-break: keep-all; }}
</style>"""


def render_style() -> None:
    st.html(STYLE)
