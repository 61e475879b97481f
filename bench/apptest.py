"""Python time per rerun, measured with Streamlit's AppTest (no browser, no network).

A click is injected the way streamlit-folium delivers it: our app reads the map's value from
`st.session_state["map"]` (st_folium's on_change copies it there); the baseline and the floor
read st_folium's return value, which AppTest takes from the component's own widget key (the
hash streamlit-folium computes from the map's script), recorded here as the script computes it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import streamlit_folium  # noqa: TID251 (the bench drives Streamlit apps)
from streamlit.testing.v1 import AppTest  # noqa: TID251

from bench.report import RerunTimes

TIMEOUT_S = 120
MIN_SAMPLES = 3

_hashes: list[str] = []
_original_hash = streamlit_folium.generate_js_hash


def _recording_hash(*args, **kwargs) -> str:
    h = _original_hash(*args, **kwargs)
    _hashes.append(h)
    return h


@dataclass
class Click:
    value: dict
    heading: str


def measure(
    app: Path,
    clicks: list[Click],
    toggles: list[str],
    n_clicks: int,
    n_toggles: int,
    session_key: str | None,
    cap_s: float,
    radio: Callable[[AppTest], object] = lambda at: at.sidebar.radio[0],
) -> RerunTimes:
    """Samples of `at.run()` wall time after a click and after a radio change: up to n_clicks
    and n_toggles, each kind within half of `cap_s` (after a warm-up run) but at least
    MIN_SAMPLES.

    `session_key`: where the app reads the click (None: st_folium's own widget key)."""
    streamlit_folium.generate_js_hash = _recording_hash
    out = RerunTimes()
    try:
        at = AppTest.from_file(str(app), default_timeout=TIMEOUT_S)
        at.run()  # warm-up: imports, caches
        if at.exception:
            out.problems.append(f"{app.name}: {at.exception[0].value}")
            return out
        deadline = time.monotonic() + cap_s / 2
        for i in range(n_clicks):
            if i >= MIN_SAMPLES and time.monotonic() > deadline:
                break
            click = clicks[i % len(clicks)]
            key = session_key or _hashes[-1]
            at.session_state[key] = click.value
            t = time.perf_counter()
            at.run()
            out.click_ms.append((time.perf_counter() - t) * 1000)
            shown = [h.value for h in at.header]
            if at.exception or click.heading not in shown:
                out.problems.append(
                    f"{app.name}: after a click on {click.heading!r}, headers {shown}"
                    + (f", exception {at.exception[0].value}" if at.exception else "")
                )
        deadline = time.monotonic() + cap_s / 2
        for i in range(n_toggles):
            if i >= MIN_SAMPLES and time.monotonic() > deadline:
                break
            radio(at).set_value(toggles[i % len(toggles)])
            t = time.perf_counter()
            at.run()
            out.toggle_ms.append((time.perf_counter() - t) * 1000)
            if at.exception:
                out.problems.append(f"{app.name}: toggle: {at.exception[0].value}")
    finally:
        streamlit_folium.generate_js_hash = _original_hash
    return out
