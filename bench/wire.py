"""What the server sent over the websocket, by kind: Streamlit's ForwardMsg protobufs."""

from __future__ import annotations

import json
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


class WireSession:
    """A session without a browser: the websocket the page opens, speaking Streamlit's
    protobuf messages. It runs the page, then clicks islands and switches scenarios the way the
    page does (the map component's value, the radio's index, the map's fragment), and reads
    what the server answers."""

    MAP = "streamlit_folium.st_folium"
    RADIO_LABEL = "Who holds what"

    def __init__(self, url: str):
        self.url = url
        self.ws = None
        self.map_id = self.map_fragment = self.radio_id = ""
        self.radio_options: list[str] = []
        self.radio_value: str | None = None
        self.map_value: str | None = None
        self.clicks = 0

    async def open(self, timeout_s: float) -> list:
        import websockets

        self.ws = await websockets.connect(
            self.url.replace("http://", "ws://") + "/_stcore/stream",
            subprotocols=["streamlit"],
            origin=self.url,
            max_size=None,
        )
        out = await self.rerun([], "", timeout_s)
        # The map, once drawn, reports its view (streamlit-folium's first value); that rerun
        # draws the sections below the map.
        self.map_value = json.dumps({"last_clicked": None, "last_object_clicked_count": 0})
        return out + await self.rerun(self._states(), self.map_fragment, timeout_s)

    async def rerun(self, widgets: list, fragment_id: str, timeout_s: float) -> list:
        """Send a rerun with these widget states; the ForwardMsgs up to script_finished (of
        the rerun it asks for, if it asks for one)."""
        import asyncio

        from streamlit.proto.BackMsg_pb2 import BackMsg  # noqa: TID251 (wire format only)
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg  # noqa: TID251

        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_script_hash = ""
        msg.rerun_script.fragment_id = fragment_id
        msg.rerun_script.widget_states.widgets.extend(widgets)
        await self.ws.send(msg.SerializeToString())
        out = []
        async with asyncio.timeout(timeout_s):
            while True:
                reply = ForwardMsg()
                reply.ParseFromString(await self.ws.recv())
                out.append(reply)
                self._learn(reply)
                if (
                    reply.WhichOneof("type") == "script_finished"
                    and reply.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
                ):
                    return out

    def _learn(self, msg) -> None:
        if msg.WhichOneof("type") != "delta" or msg.delta.WhichOneof("type") != "new_element":
            return
        el = msg.delta.new_element
        kind = el.WhichOneof("type")
        if kind == "component_instance" and el.component_instance.component_name == self.MAP:
            self.map_id, self.map_fragment = el.component_instance.id, msg.delta.fragment_id
        elif kind == "radio" and el.radio.label == self.RADIO_LABEL:
            self.radio_id, self.radio_options = el.radio.id, list(el.radio.options)

    def _states(self) -> list:
        from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: TID251

        states = []
        if self.radio_value is not None:  # the option's label, as the page sends it
            states.append(WidgetState(id=self.radio_id, string_value=self.radio_value))
        if self.map_value is not None:
            states.append(WidgetState(id=self.map_id, json_value=self.map_value))
        return states

    async def click(self, lon: float, lat: float, timeout_s: float) -> list:
        """A click on the map at lon/lat, as streamlit-folium reports it; reruns the map's
        fragment."""
        self.clicks += 1
        self.map_value = json.dumps(
            {"last_clicked": {"lat": lat, "lng": lon}, "last_object_clicked_count": self.clicks}
        )
        return await self.rerun(self._states(), self.map_fragment, timeout_s)

    async def choose(self, label: str, timeout_s: float) -> list:
        """The scenario radio set to the option with this label; reruns the page. The radio's
        options are the labels as the page writes them, made inert for Markdown."""
        from dashboard.text import md

        option = md(label)
        if option not in self.radio_options:
            raise ValueError(f"no scenario option {option!r} in {self.radio_options}")
        self.radio_value = option
        return await self.rerun(self._states(), "", timeout_s)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


def headings(msgs: Iterable) -> list[str]:
    return [
        m.delta.new_element.heading.body
        for m in msgs
        if m.WhichOneof("type") == "delta"
        and m.delta.WhichOneof("type") == "new_element"
        and m.delta.new_element.WhichOneof("type") == "heading"
    ]


def component_args(msgs: Iterable) -> str:
    return " ".join(
        m.delta.new_element.component_instance.json_args
        for m in msgs
        if m.WhichOneof("type") == "delta"
        and m.delta.WhichOneof("type") == "new_element"
        and m.delta.new_element.WhichOneof("type") == "component_instance"
    )
