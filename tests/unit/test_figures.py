"""Every published figure lies inside the range its panel shows: areas, populations (per
year), distances and strait widths, read from the YAML files themselves, not from the records
the panel is built from."""

from __future__ import annotations

from typing import Any

import pytest

from dashboard import figures
from dashboard import records as r
from dashboard.config import DEFAULT_DATA_DIR
from tests.folders import read_yaml


def _raw(name: str) -> Any:
    return read_yaml(DEFAULT_DATA_DIR / name)


ISLANDS = {i["id"]: i for i in _raw("islands.yaml")["islands"]}
STRAITS = {f["id"]: f for f in _raw("features.yaml")["features"] if f["kind"] == "strait"}


def _inside(value: float, fig: figures.Figure) -> bool:
    lo, hi = fig.span
    return lo <= float(value) <= hi


@pytest.mark.parametrize("place", sorted(ISLANDS))
def test_every_published_area_is_inside_the_range_shown(atlas, place):
    fig = figures.area(atlas, place)
    published = [v["value"] for v in ISLANDS[place].get("area_km2", [])]
    assert published, f"{place} has no published area"
    assert [v for v in published if not _inside(v, fig)] == []
    assert _inside(atlas.area_km2(place), fig)  # and the computed one


@pytest.mark.parametrize("place", sorted(ISLANDS))
def test_every_published_population_is_inside_its_years_range(atlas, place):
    shown = dict(figures.populations(atlas, place))
    outside = [
        (v.get("year"), v["value"])
        for v in ISLANDS[place].get("population", [])
        if not _inside(v["value"], shown[v.get("year")])
    ]
    assert outside == []


@pytest.mark.parametrize("place", sorted(ISLANDS))
def test_every_published_distance_is_inside_the_range_shown(atlas, place):
    shown = {d.target: d for d in figures.distances(atlas, place)}
    stated = [(d["to"], d["value"]) for d in ISLANDS[place].get("distances", [])]
    stated += [
        (other, d["value"])
        for other, isl in ISLANDS.items()
        for d in isl.get("distances", [])
        if d["to"] == place
    ]
    assert [(t, v) for t, v in stated if t not in shown or not _inside(v, shown[t].distance)] == []
    for d in shown.values():
        assert _inside(atlas.distance(place, d.target).km, d.distance)


def test_iturup_distances_name_the_strait_that_disagrees_with_one_source(atlas):
    # Published 19 km to Kunashir and 37 km to Urup (one article and a gazetteer); the map data
    # measures about 22 and 40 km, as the strait table's published widths say.
    shown = {d.target: d for d in figures.distances(atlas, "iturup")}
    assert shown["kunashir"].distance.span[0] == 19
    assert 21.5 < shown["kunashir"].distance.span[1] < 23
    assert [s.strait for s in shown["kunashir"].straits] == ["catherine-strait"]
    assert [s.strait for s in shown["urup"].straits] == ["vries-strait"]


@pytest.mark.parametrize("place", sorted(ISLANDS))
def test_every_published_strait_width_is_inside_the_range_shown(atlas, place):
    for s in figures.straits(atlas, place):
        widths = [v["value"] for v in STRAITS[s.strait].get("width_km", [])]
        assert [w for w in widths if not _inside(w, s.width)] == [], s.strait


def test_a_figure_spans_published_and_computed_values():
    from dashboard.records import Value

    fig = figures.Figure((Value(value=10, source="a"), Value(value=12, source="b")), 15.0)
    assert fig.span == (10.0, 15.0)
    assert figures.Figure().span is None


def test_a_value_known_to_be_wrong_is_listed_but_widens_no_range():
    from dashboard.records import Value

    wrong = Value(value=6307, source="c", erratum="two figures swapped in the source")
    fig = figures.Figure((Value(value=4532, source="a"), wrong), 4497.0)
    assert fig.span == (4497.0, 4532.0) and wrong in fig.published


def test_the_value_most_sources_give():
    v = lambda x, **k: r.Value(value=x, source="s", **k)  # noqa: E731
    assert figures.most_published([v(52000), v(46000), v(52000), v("over 10,000")]) == (52000, 2)
    assert figures.most_published([v(1), v(2)]) == (2, 1)  # a tie: the larger
    assert figures.most_published([v(9, erratum="swapped"), v("text")]) is None
