"""Tab "Sketch -> picture": pix2pix, with its two ablations beside it, on the user's own drawing.

Three generators of the same U-Net, trained for the same steps on the same pairs, that differ
only in their loss: L1 alone, the conditional GAN alone, and both (pix2pix). Under each
picture, the pix2pix discriminator's verdict per 34 px patch: red where it finds it fake.
The models are found by their cards (``translate.pix2pix_families``): one family per data set,
Fluent Emoji's 3-D renders first (where the lesson shows), OpenMoji's flat colours beside it.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import gradio as gr
import numpy as np
from PIL import Image

from demo import share
from demo.common import (
    PRIVATE,
    file_path,
    model,
    note_on_failure,
    parse_choice,
    picture_input,
    refuse,
    shows_errors,
)
from demo.drawing_pad import drawing_pad
from demo.language import PAGE_KEYS, speaking_to, t, tr, tr_in_picture
from ganzoo.image_input import ink_box, read_image
from ganzoo.inference import translate
from ganzoo.inference.pictures import enlarge, with_colour_bar

TITLES = ("L1 only", "cGAN only", "L1 + cGAN (pix2pix)")
PREFERRED = ("fluent", "openmoji")  # the first that ships is the default
# The pictures go to the browser at the model's 128 px, which enlarges them with square pixels (CSS
# class "pixels", demo/ui.py): a blur on screen is the model's, never the browser's. The patch maps
# carry words under them, so they are drawn larger, SHOWN_SCALE times.
SHOWN_SCALE = 3
EXAMPLES = Path(__file__).resolve().parent / "examples" / "sketch"
# Held-out examples of each data set: the sketch in held-out/ (or fluent/held-out/), its truth beside it.
HELD_OUT_FOLDERS = {"openmoji": EXAMPLES, "fluent": EXAMPLES / "fluent"}
DRAWN = sorted((EXAMPLES / "drawn").glob("*.png"))
COMPARISON_FIGURE = EXAMPLES.parent / "pix2pix-fluent-comparison.png"  # the README's figure, in the tab too
VIEW_PICTURES = range(7)  # three pictures, the truth, three patch maps (then the caption)
PATCH_SCALE = [(255, 255, 255), (220, 30, 30)]  # overlay tint from none (real) to red (fake)


def held_out(source: str) -> dict[str, Path]:
    """{file name: its true picture} for the held-out sketches of ``source``."""
    folder = HELD_OUT_FOLDERS.get(source)
    if folder is None:
        return {}
    return {p.name: folder / "truth" / p.name for p in sorted((folder / "held-out").glob("*.png"))}


@functools.lru_cache(maxsize=1)
def families() -> dict[str, translate.Pix2PixFamily]:
    """The shipped pix2pix families that the tab can show (all three generators and D present)."""
    complete = {s: f for s, f in translate.pix2pix_families().items() if all(f.generators) and f.patchgan}
    order = [s for s in PREFERRED if s in complete] + [s for s in complete if s not in PREFERRED]
    return {s: complete[s] for s in order}


def source_choices() -> list[tuple[str, str]]:
    return [(t(f"sketch_source_{s}") if f"sketch_source_{s}" in PAGE_KEYS else s, s) for s in families()] or [
        (t("sketch_source_none"), "fluent")]


def default_source() -> str:
    return next(iter(families()), "fluent")






def truth_for(path: str, source: str) -> Image.Image | None:
    """The true picture when the input is one of ``source``'s held-out examples (matched by file name)."""
    truth = held_out(source).get(Path(path).name)
    return Image.open(truth).convert("RGB") if truth else None


def family_of(value: Any) -> translate.Pix2PixFamily:
    """The chosen data set's models; a missing family is refused with the field's name."""
    choices = list(families())
    if not choices:
        raise refuse("Data", "no pix2pix models are shipped in this copy of ganzoo (checkpoints/ is empty)")
    return families()[parse_choice(value, choices, "Data")]


def translate_views(picture: Any, data: Any = None, field: str = "Sketch") -> tuple[Image.Image | None, ...]:
    """Everything the tab shows for one input: three pictures, the truth (if known), three patch maps,
    and a caption. ``picture`` is a file path, a PIL image or a numpy array."""
    family = family_of(default_source() if data is None else data)
    truth = truth_for(picture, family.source) if isinstance(picture, (str, Path)) else None
    is_held_out = isinstance(picture, (str, Path)) and any(Path(picture).name in held_out(s) for s in families())
    # A held-out sketch is already laid out like the training data; a drawing is fitted.
    sketch = translate.prepare_sketch(picture, fit=not is_held_out, what=field)
    pictures = [translate.translate(model(name), sketch) for name in family.generators]
    discriminator = model(family.patchgan)
    realness = [translate.patch_realness(discriminator, sketch, p) for p in pictures]
    overlays = [with_colour_bar(enlarge(translate.patch_overlay(p, r), SHOWN_SCALE), PATCH_SCALE,
                                tr_in_picture("bar_real"), tr_in_picture("bar_fake"))
                for p, r in zip(pictures, realness, strict=True)]
    truth_realness = translate.patch_realness(discriminator, sketch, truth).mean() if truth else None
    caption = describe(pictures, realness, truth, truth_realness)
    return (*pictures, truth, *overlays, caption)


def describe(pictures: list[Image.Image], realness: list[np.ndarray], truth: Image.Image | None,
             truth_realness: float | None = None) -> str:
    """One line per model: how real D finds it, and (for a held-out example) its L1 to the truth; then,
    when the truth is known, how real D finds the truth itself (the scale the three are read against)."""
    lines = []
    for i, (picture, real) in enumerate(zip(pictures, realness, strict=True)):
        line = tr("cap_sketch_line", title=tr(f"sketch_title_{i}"), real=real.mean())
        if truth is not None:
            error = np.abs(np.asarray(picture, np.float32) - np.asarray(truth, np.float32)).mean() / 255
            line += tr("cap_sketch_l1", error=error)
        lines.append(line)
    if truth_realness is not None:
        lines.append(tr("cap_sketch_line", title=tr("sketch_true_picture"), real=truth_realness))
    return "  \n".join(lines)


@shows_errors
def from_drawing(data: Any, evt: gr.EventData) -> tuple[Image.Image | None, ...]:
    """A stroke ended on the drawing pad: ``evt.png`` is the whole canvas as a PNG data: URL."""
    png = getattr(evt, "png", None)
    if not isinstance(png, str):
        raise refuse("Sketch", "the drawing pad sent no picture")
    drawing = read_image(png, "Sketch")
    if ink_box(drawing) is None:
        return cleared()
    return translate_views(drawing, data, "Sketch")


def cleared(request: gr.Request = None) -> tuple[str | None, ...]:
    """The canvas is blank (the bin, or undo back to nothing): the pictures go and the caption says why."""
    with speaking_to(request):
        return (None,) * len(VIEW_PICTURES) + (tr("cap_sketch_empty"),)


@shows_errors
def from_upload(picture: Any, data: Any = None) -> tuple[Image.Image | None, ...]:
    """The public ``/translate_sketch``: a line drawing (PNG, JPEG, ...) and the data set whose models
    draw it (``"fluent"`` or ``"openmoji"``; default the first shipped) -> three pictures and more."""
    if picture is None:
        raise refuse("Picture", "is missing: upload a line drawing")
    return translate_views(file_path(picture, "Picture"), data, "Picture")


def example_files() -> list[str]:
    """Held-out sketches of every shipped data set (the default's first), then the hand drawings."""
    files = [str(HELD_OUT_FOLDERS[s] / "held-out" / name) for s in families() for name in held_out(s)]
    return files + [str(p) for p in DRAWN]


def build_tab(blocks: gr.Blocks) -> None:
    examples = example_files()
    first = examples[0] if examples else None
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=300):
            data = gr.Radio(source_choices(), value=default_source(), label=t("data_models_draw"),
                            elem_id="sketch-data")
            pad = drawing_pad(t("sketch_pad"), elem_id="sketch-pad")
            upload = picture_input(label=t("sketch_upload"), field="Picture", type="filepath",
                                   sources=["upload", "clipboard"], value=first, height=220, elem_id="sketch-upload")
        with gr.Column(scale=3, min_width=300):
            outputs, overlays = [], []
            with gr.Row():
                for i, title in enumerate(TITLES):
                    with gr.Column(min_width=200):
                        gr.Markdown(t(f"sketch_title_{i}"), elem_classes="picture-title")
                        outputs.append(gr.Image(label=title, show_label=False, type="pil", format="png",
                                                interactive=False, elem_id=f"sketch-out-{i}", elem_classes="pixels"))
                        overlays.append(gr.Image(label=t(f"sketch_verdict_{i}"), show_label=False,
                                                 type="pil", format="png", interactive=False,
                                                 elem_id=f"sketch-patches-{i}"))
                with gr.Column(min_width=200):
                    gr.Markdown(t("sketch_true_title"), elem_classes="picture-title")
                    truth = gr.Image(label=t("sketch_true_picture"), show_label=False, type="pil", format="png",
                                     interactive=False, elem_id="sketch-truth", elem_classes="pixels")
                    gr.Markdown(t("sketch_legend"))
            caption = gr.Markdown(elem_id="sketch-caption")
    view = [*outputs, truth, *overlays, caption]
    example_rows = gr.Examples(examples=[[f] for f in examples], inputs=[upload], api_visibility=PRIVATE,
                               elem_id="sketch-examples", examples_per_page=16, label=t("examples"))
    shared = share.register("sketch", {"data": data, "picture": upload}, from_upload, [upload, data], view,
                            picture_folders=sorted({Path(f).parent for f in examples}))
    share.link_row(shared)
    gr.Markdown(t("sketch_explanation"), elem_id="sketch-explanation")
    if COMPARISON_FIGURE.exists():
        with gr.Accordion(t("sketch_figure"), open=False, elem_id="sketch-figure"):
            gr.Image(COMPARISON_FIGURE, type="filepath", show_label=False, interactive=False,
                     buttons=["download", "fullscreen"])
            gr.Markdown(t("sketch_figure_caption"))
    events = dict(outputs=view, preprocess=False, show_progress="minimal")
    # One event per stroke, the canvas inside it; a stroke drawn while one is computed waits, and
    # only the last waiting one runs (the pictures follow the pen, not every stroke it drew).
    stroke = pad.stroke(from_drawing, [data], api_visibility=PRIVATE, trigger_mode="always_last", **events)
    note_on_failure(stroke, view)
    # A picture chosen after a stroke wins: the stroke's pictures, still on their way, are dropped.
    chosen = dict(events, cancels=[stroke])
    note_on_failure(example_rows.load_input_event.then(from_upload, [upload, data], api_visibility=PRIVATE,
                                                        **chosen), view)
    note_on_failure(upload.upload(from_upload, [upload, data], api_name="translate_sketch", **chosen), view)
    note_on_failure(data.input(from_upload, [upload, data], api_visibility=PRIVATE, **events), view)
    pad.empty(cleared, None, view, api_visibility=PRIVATE, queue=False, show_progress="hidden", cancels=[stroke])
    if first:
        blocks.load(share.opening_view(shared), [upload, data], api_visibility=PRIVATE, **events)
