"""Links that reopen a tab with the same inputs: "this exact walk", "this example in Starry Night".

Each tab registers its shareable inputs under short URL parameter names (``register``) and gets a
"Link to this view" button with a box that shows the link (``link_row``). The link is the page's
address with ``?tab=walk&a=10&b=77&t=0.3...``: nothing is stored on the server, so it never
expires. Opening it selects the tab, fills the inputs and runs the tab once (``restore_on_load``).
A picture can be shared only if it is one of the app's examples (by its file name); an upload or a
drawing is not in the link, and the box says so.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gradio as gr

from demo.common import PRIVATE
from demo.language import speaking_to, t, tr


@dataclass
class SharedTab:
    """One tab's shareable inputs: URL parameter -> component; pictures only from ``picture_folders``."""

    tab: str
    fields: dict[str, Any]
    refresh: Callable[..., Any]
    inputs: Sequence[Any]
    outputs: Sequence[Any]
    picture_folders: Sequence[Path] = field(default_factory=tuple)
    # What the tab chains after its own runs (the Style tab's Gram matrices of the new result), chained
    # after the link's run as well.
    and_then: Callable[[Any], Any] | None = None


TABS: list[SharedTab] = []
# A drawn icon, not the 🔗 emoji: a machine without an emoji font shows that as a box.
LINK_ICON = str(Path(__file__).resolve().parent / "icons" / "link.svg")


def register(tab: str, fields: dict[str, Any], refresh: Callable[..., Any], inputs: Sequence[Any],
             outputs: Sequence[Any], picture_folders: Sequence[Path] = (),
             and_then: Callable[[Any], Any] | None = None) -> SharedTab:
    shared = SharedTab(tab, fields, refresh, list(inputs), list(outputs), tuple(picture_folders), and_then)
    TABS[:] = [t for t in TABS if t.tab != tab] + [shared]
    return shared


def link_row(shared: SharedTab) -> None:
    """The button and the box with the link, under the tab's controls."""
    with gr.Row():
        button = gr.Button(t("share_button"), icon=LINK_ICON, size="sm", scale=0, min_width=160,
                           elem_id=f"{shared.tab}-share")
        box = gr.Textbox(show_label=False, interactive=False, buttons=["copy"], scale=3, container=False,
                         placeholder=t("share_placeholder"), elem_id=f"{shared.tab}-share-link")

    # The request first: Gradio passes it only to a parameter before *values.
    def make_link(request: gr.Request, *values: Any) -> str:
        return link_to(shared, values, request)

    button.click(make_link, list(shared.fields.values()), [box], api_visibility=PRIVATE, queue=False,
                 show_progress="hidden")


def link_to(shared: SharedTab, values: Sequence[Any], request: Any) -> str:
    """The page's address with this tab's inputs as parameters (an upload is left out, and said)."""
    params: dict[str, str] = {"tab": shared.tab}
    left_out = []
    for (name, component), value in zip(shared.fields.items(), values, strict=True):
        encoded = _encode(component, value, shared.picture_folders)
        if encoded is None:
            left_out.append(name)
        else:
            params[name] = encoded
    lang = (getattr(request, "query_params", None) or {}).get("lang")
    if lang:
        params["lang"] = lang
    referer = (getattr(request, "headers", None) or {}).get("referer", "")
    base = urllib.parse.urlsplit(referer)
    address = urllib.parse.urlunsplit((base.scheme, base.netloc, base.path, urllib.parse.urlencode(params), ""))
    if not left_out:
        return address
    with speaking_to(request):
        return f"{address}   {tr('share_left_out')}"


def _encode(component: Any, value: Any, folders: Sequence[Path]) -> str | None:
    if isinstance(component, gr.Image):
        path = value.get("path") if isinstance(value, dict) else value
        if not isinstance(path, str):
            return None
        resolved = Path(path).resolve()
        return resolved.name if any(resolved.parent == f.resolve() for f in folders) else None
    if isinstance(component, gr.Checkbox):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None if value is None else str(value)


def _decode(component: Any, text: str, folders: Sequence[Path]) -> Any:
    """A parameter back into the input's value; one that cannot be is skipped (the input keeps its own)."""
    if isinstance(component, gr.Image):
        name = Path(text).name  # a file name only: no way out of the example folders
        found = next((f / name for f in folders if (f / name).is_file()), None)
        return str(found) if found else gr.skip()
    if isinstance(component, gr.Checkbox):
        return text == "1"
    if isinstance(component, (gr.Number, gr.Slider)):
        try:
            number = float(text)
        except ValueError:
            return gr.skip()
        return int(number) if number.is_integer() else number
    return text


def restore_on_load(blocks: gr.Blocks, tabs: gr.Tabs) -> None:
    """Opening a link: select its tab, fill its inputs, then run that tab once with them."""
    components = [c for shared in TABS for c in shared.fields.values()]

    def restore(request: gr.Request) -> list[Any]:
        params = getattr(request, "query_params", None) or {}
        shared = next((s for s in TABS if s.tab == params.get("tab")), None)
        updates: list[Any] = [gr.Tabs(selected=shared.tab) if shared else gr.skip()]
        for each in TABS:
            for name, component in each.fields.items():
                text = params.get(name) if each is shared else None
                updates.append(_decode(component, text, each.picture_folders) if text is not None else gr.skip())
        return updates

    restored = blocks.load(restore, None, [tabs, *components], api_visibility=PRIVATE, queue=False,
                           show_progress="hidden")
    for shared in TABS:
        linked = restored.then(_run_if(shared, linked=True), list(shared.inputs), list(shared.outputs),
                               api_visibility=PRIVATE, preprocess=False, show_progress="hidden")
        if shared.and_then is not None:
            shared.and_then(linked)


def opening_view(shared: SharedTab) -> Callable[..., Any]:
    """The tab's view when the page opens, skipped when the address is a link to this very tab.

    The link's own run (``restore_on_load``) shows that view with the link's inputs; running the
    default inputs as well would race it, and the default pictures could arrive last.
    """
    return _run_if(shared, linked=False)


def _run_if(shared: SharedTab, linked: bool) -> Callable[..., Any]:
    def run(request: gr.Request, *values: Any) -> Any:
        if ((getattr(request, "query_params", None) or {}).get("tab") == shared.tab) != linked:
            skipped = tuple(gr.skip() for _ in shared.outputs)
            return skipped if len(skipped) > 1 else skipped[0]
        return shared.refresh(*values, request=request)

    run.__name__ = f"{'run_linked' if linked else 'open'}_{shared.tab}"
    return run
