"""What the data folder the bench is pointed at ($DASHBOARD_DATA, or geodata/) gives it to do:
which islands to click, where, what heading each click must bring, and which scenario toggle to
time on which island, with the colours it must take. Read with `load_dataset` and its records
only, so the bench measures any dispute folder the app can serve.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyproj import Geod

from dashboard.config import ELLIPSOID, data_dir
from dashboard.data import Dataset, load_dataset
from dashboard.records import Scenario
from tests.support.mapping import point_on

GEOD = Geod(ellps=ELLIPSOID)


@dataclass(frozen=True)
class Toggle:
    sid: str
    label: str  # the scenario's name, as the sidebar's radio shows it
    colour: str  # the fill the toggled island takes under it


@dataclass
class Folder:
    path: Path
    ds: Dataset
    islands: list[str]  # land feature ids to click, in islands.yaml's order
    toggle_feature: str  # a clicked island that changes holder between the two toggles
    toggles: list[Toggle]  # in click order: the other scenario, then the default

    @classmethod
    def load(cls, path: Path | None = None) -> Folder:
        path = Path(path or data_dir())
        ds = load_dataset(path)
        islands = clicked_islands(ds)
        default = default_scenario(ds)
        other, feature = toggled(ds, default, islands)
        toggles = [toggle(ds, s, feature) for s in (other, default)]
        return cls(path, ds, islands, feature, toggles)

    def point(self, fid: str) -> tuple[float, float]:
        return point_on(fid, self.path)

    def our_heading(self, fid: str) -> str:
        """The island panel's heading after a click on `fid`: its disputed group's name when
        it is one of a group's features (a Habomai islet opens the Habomai islands)."""
        group = group_of(self.ds, fid)
        facts = self.ds.islands.get(group)
        names = facts.names if facts is not None and facts.names else None
        names = names or self.ds.catalogue[fid].names
        return names.get(self.language) or fid

    def plain_heading(self, fid: str) -> str:
        """The baseline's and the floor's heading: the feature's name in the first language."""
        land = self.ds.land.set_index("id")
        return str(land.loc[fid, f"name_{self.language}"])

    @property
    def language(self) -> str:
        return self.ds.view.languages[0].code


def group_of(ds: Dataset, fid: str) -> str:
    groups = dict(zip(ds.land["id"], ds.land["group"], strict=True))
    return groups.get(fid, fid)


def clicked_islands(ds: Dataset) -> list[str]:
    """Each disputed island or group of islands.yaml that is a land feature itself, and one
    feature (the largest) of a disputed group that is not."""
    geoms = dict(zip(ds.land["id"], ds.land.geometry, strict=True))
    out = []
    for place in ds.islands:
        members = [fid for fid in geoms if group_of(ds, fid) == place]
        if place in geoms:
            out.append(place)
        elif members:
            out.append(
                max(members, key=lambda fid: abs(GEOD.geometry_area_perimeter(geoms[fid])[0]))
            )
    return out


def default_scenario(ds: Dataset) -> Scenario:
    """The scenario the page opens on (view.yaml's default, else the first in the page's
    order), as the app picks it."""
    wanted = ds.view.default_scenario
    if wanted in ds.scenarios:
        return ds.scenarios[wanted]
    return ordered(ds)[0]


def ordered(ds: Dataset) -> list[Scenario]:
    return sorted(ds.scenarios.values(), key=lambda s: (s.order, s.year or 0))


def holder(ds: Dataset, sc: Scenario, fid: str) -> str:
    return sc.holders.get(fid) or sc.holders.get(group_of(ds, fid)) or ds.view.unheld


def colour(ds: Dataset, holder_id: str) -> str:
    """The fill of land held by a party, or by one of view.yaml's holders (joint, none...)."""
    if holder_id in ds.parties:
        return ds.parties[holder_id].colour
    kinds = {h.id: h.colour for h in ds.view.holders}
    return kinds.get(holder_id, kinds.get(ds.view.unheld, ""))


def toggled(ds: Dataset, default: Scenario, islands: list[str]) -> tuple[Scenario, str]:
    """The scenario to toggle to, and the island whose colour is watched: of the scenarios
    that hand a clicked island to another holder (and split none, so its fill is one
    colour), the one that changes the fewest of them (ties: the page's order); on the Kuril
    folder the 1956 declaration and Shikotan, the toggle timed since the first bench."""
    best: tuple[int, Scenario, str] | None = None
    for sc in ordered(ds):
        if sc.id == default.id or sc.split is not None:
            continue
        moved = [f for f in islands if holder(ds, sc, f) != holder(ds, default, f)]
        if moved and (best is None or len(moved) < best[0]):
            best = (len(moved), sc, moved[0])
    if best is None:
        raise ValueError(
            f"{ds.folder}: no scenario hands a disputed island to another holder than the "
            f"default ({default.id}); the bench has no toggle to time."
        )
    return best[1], best[2]


def toggle(ds: Dataset, sc: Scenario, fid: str) -> Toggle:
    return Toggle(sc.id, sc.name, colour(ds, holder(ds, sc, fid)))
