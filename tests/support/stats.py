"""One definition of a percentile for every figure the bench and the load test print."""

from __future__ import annotations

import math
from collections.abc import Sequence


def quantile(xs: Sequence[float | None], q: float) -> float | None:
    """Linear interpolation between closest ranks (numpy's default); None for no data (a
    missing sample, None, is left out)."""
    v = sorted(x for x in xs if x is not None)
    if not v:
        return None
    pos = (len(v) - 1) * q
    lo, hi = math.floor(pos), math.ceil(pos)
    return v[lo] + (v[hi] - v[lo]) * (pos - lo)


def median(xs: Sequence[float | None]) -> float | None:
    return quantile(xs, 0.5)


def p95(xs: Sequence[float | None]) -> float | None:
    return quantile(xs, 0.95)
