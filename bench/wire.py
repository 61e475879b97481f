"""What the server sent over the websocket, by kind: Streamlit's ForwardMsg protobufs."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable


def kind_of(frame: bytes) -> str:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: TID251

    msg = ForwardMsg()
    try:
        msg.ParseFromString(frame)
    except Exception:  # not a ForwardMsg: count it apart
        return "unparsed"
    kind = msg.WhichOneof("type") or "empty"
    if kind != "delta":
        return kind
    delta = msg.delta
    dkind = delta.WhichOneof("type")
    if dkind == "new_element":
        return delta.new_element.WhichOneof("type") or "element"
    return dkind or "delta"


def breakdown(frames: Iterable[bytes]) -> tuple[Counter[str], Counter[str]]:
    """(bytes by kind, messages by kind)."""
    size: Counter[str] = Counter()
    count: Counter[str] = Counter()
    for f in frames:
        k = kind_of(f)
        size[k] += len(f)
        count[k] += 1
    return size, count


def describe(samples: list[list[bytes]], top: int = 6) -> str:
    """Mean bytes per action by kind, largest first: 'markdown 50.3 KB (x129), ...'."""
    if not samples:
        return "-"
    size, count = breakdown(f for frames in samples for f in frames)
    n = len(samples)
    parts = [f"{k} {v / n / 1024:.1f} KB (x{count[k] / n:.3g})" for k, v in size.most_common(top)]
    rest = sum(size.values()) - sum(v for _, v in size.most_common(top))
    if rest > 0:
        parts.append(f"other {rest / n / 1024:.1f} KB")
    return ", ".join(parts)
