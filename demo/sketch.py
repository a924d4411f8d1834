"""Tab "Sketch -> picture": pix2pix, with its two ablations beside it, on the user's own drawing.

Three generators of the same U-Net, trained for the same steps on the same pairs, that differ
only in their loss: L1 alone, the conditional GAN alone, and both (pix2pix). Under each
picture, the pix2pix discriminator's verdict per 34 px patch: red where it finds it fake.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import gradio as gr
import numpy as np
from PIL import Image

from demo.common import PRIVATE, clear_on_failure, file_path, model, refuse, shows_errors
from ganzoo.data.pairs import OPENMOJI_CREDIT
from ganzoo.image_input import ink_box, read_image
from ganzoo.inference import translate

VARIANTS = ("pix2pix-openmoji-l1", "pix2pix-openmoji-gan", "pix2pix-openmoji")
TITLES = ("L1 only", "cGAN only", "L1 + cGAN (pix2pix)")
PATCHGAN = "pix2pix-openmoji-patchgan"
SHOWN_SCALE = 3  # 128 px shown at 384 px, pixels kept sharp
EXAMPLES = Path(__file__).resolve().parent / "examples" / "sketch"
HELD_OUT = {p.name: EXAMPLES / "truth" / p.name for p in sorted((EXAMPLES / "held-out").glob("*.png"))}
DRAWN = sorted((EXAMPLES / "drawn").glob("*.png"))
VIEW_PICTURES = range(7)  # three pictures, the truth, three patch maps (then the caption)

EXPLANATION = f"""
**Why three pictures.** Trained with the L1 loss alone, ‖y − G(x)‖₁, the network is a regression:
where a sketch allows several colourings it paints their per-pixel median, a safe, washed-out
blur. pix2pix adds a conditional GAN loss, −log D(x, G(x)), from a discriminator that has learned
that real pictures are sharp, so blur no longer pays: G* = arg min_G max_D L_cGAN(G, D) + λ·L1(G),
with λ = 100. The GAN loss alone makes crisp pictures that need not match the true colours; L1
keeps them close.

Draw with the black brush (the eraser and the bin are in the toolbar); the pictures update when a
stroke ends. Or upload a line drawing: it is cropped to its ink and centred, as the training
outlines are. *{OPENMOJI_CREDIT}.*
"""


LEGEND = """Below each picture: the pix2pix discriminator's verdict per 34 × 34 px patch, **red where it
finds the picture fake**. The true colouring is shown for the held-out examples (outlines no
model trained on)."""


def composite_path(editor_value: Any) -> str | None:
    """The path of the sketchpad's flattened picture (background + strokes, on white)."""
    if editor_value is None:
        return None
    if not isinstance(editor_value, dict):
        raise refuse("Sketch", f"expected the sketchpad's value, got {type(editor_value).__name__}")
    composite = editor_value.get("composite")
    return file_path(composite, "Sketch") if composite else None


def truth_for(path: str) -> Image.Image | None:
    """The true colouring when the input is one of the held-out examples (matched by file name)."""
    truth = HELD_OUT.get(Path(path).name)
    return Image.open(truth).convert("RGB") if truth else None


def translate_views(source: Any, field: str = "Sketch") -> tuple[Image.Image | None, ...]:
    """Everything the tab shows for one input: three pictures, the truth (if known), three patch maps,
    and a caption. ``source`` is a file path, a PIL image or a numpy array."""
    truth = truth_for(source) if isinstance(source, (str, Path)) else None
    # A held-out outline is already laid out like the training data; a drawing is fitted.
    sketch = translate.prepare_sketch(source, fit=truth is None, what=field)
    pictures = [translate.translate(model(name), sketch) for name in VARIANTS]
    discriminator = model(PATCHGAN)
    realness = [translate.patch_realness(discriminator, sketch, p) for p in pictures]
    overlays = [translate.enlarge(translate.patch_overlay(p, r), SHOWN_SCALE) for p, r in zip(pictures, realness,
                                                                                              strict=True)]
    shown = [translate.enlarge(p, SHOWN_SCALE) for p in pictures]
    caption = describe(pictures, realness, truth)
    return (*shown, translate.enlarge(truth, SHOWN_SCALE) if truth else None, *overlays, caption)


def describe(pictures: list[Image.Image], realness: list[np.ndarray], truth: Image.Image | None) -> str:
    """One line per model: how real D finds it, and (for a held-out example) its L1 to the truth."""
    lines = []
    for title, picture, real in zip(TITLES, pictures, realness, strict=True):
        line = f"**{title}**: D finds {real.mean():.0%} of it real"
        if truth is not None:
            error = np.abs(np.asarray(picture, np.float32) - np.asarray(truth, np.float32)).mean() / 255
            line += f"; L1 to the true picture {error:.3f}"
        lines.append(line)
    return "  \n".join(lines)


EMPTY_SKETCH = "*The sketch is empty: pick the brush and draw something with dark lines.*"


@shows_errors
def from_sketchpad(editor_value: Any) -> tuple[Image.Image | None, ...]:
    """A stroke ended (or the canvas was cleared). An empty canvas is said in the caption, not as an
    error box: picking the brush or clearing the canvas is not a mistake."""
    path = composite_path(editor_value)
    drawing = None if path is None else read_image(path, "Sketch")
    if drawing is None or ink_box(drawing) is None:
        return (None,) * (len(VIEW_PICTURES)) + (EMPTY_SKETCH,)
    return translate_views(drawing, "Sketch")


@shows_errors
def from_upload(picture: Any) -> tuple[Image.Image | None, ...]:
    """The public ``/translate_sketch``: a line drawing (PNG, JPEG, ...) -> the three colourings and more."""
    if picture is None:
        raise refuse("Picture", "is missing: upload a line drawing")
    return translate_views(file_path(picture, "Picture"), "Picture")


def build_tab(blocks: gr.Blocks) -> None:
    first = next(iter(HELD_OUT), None)
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=300):
            sketchpad = gr.Sketchpad(
                label="Sketch", type="filepath", image_mode="RGB", canvas_size=(512, 512), fixed_canvas=True,
                brush=gr.Brush(default_size=10, colors=["#000000"], color_mode="fixed"),
                eraser=gr.Eraser(default_size=24), layers=False, elem_id="sketch-pad",
            )
            upload = gr.Image(label="… or upload a line drawing", type="filepath", sources=["upload", "clipboard"],
                              value=str(EXAMPLES / "held-out" / first) if first else None, height=220,
                              elem_id="sketch-upload")
        with gr.Column(scale=2, min_width=300):
            outputs, overlays = [], []
            with gr.Row():
                for i, title in enumerate(TITLES):
                    with gr.Column(min_width=140):
                        outputs.append(gr.Image(label=title, type="pil", format="png", interactive=False,
                                                elem_id=f"sketch-out-{i}"))
                        overlays.append(gr.Image(label="D: fake patches in red", type="pil", format="png",
                                                 interactive=False, elem_id=f"sketch-patches-{i}"))
                with gr.Column(min_width=140):
                    truth = gr.Image(label="True colouring", type="pil", format="png", interactive=False,
                                     elem_id="sketch-truth")
                    gr.Markdown(LEGEND)
            caption = gr.Markdown(elem_id="sketch-caption")
    view = [*outputs, truth, *overlays, caption]
    example_rows = gr.Examples(
        examples=[[str(EXAMPLES / "held-out" / n)] for n in HELD_OUT] + [[str(p)] for p in DRAWN],
        inputs=[upload], api_visibility=PRIVATE, elem_id="sketch-examples", examples_per_page=12,
    )
    gr.Markdown(EXPLANATION)
    events = dict(outputs=view, preprocess=False, show_progress="minimal")
    clear_on_failure(example_rows.load_input_event.then(from_upload, [upload], api_visibility=PRIVATE, **events),
                     view)
    clear_on_failure(upload.upload(from_upload, [upload], api_name="translate_sketch", **events), view)
    # .input: the person drew (a stroke ended, or the canvas was cleared), not a programmatic change.
    # This one event keeps Gradio's preprocessing: the page sends the strokes by reference to
    # what it uploaded, and the editor's preprocess resolves them into one picture file.
    clear_on_failure(sketchpad.input(from_sketchpad, [sketchpad], api_visibility=PRIVATE,
                                     trigger_mode="always_last", **(events | {"preprocess": True})), view)
    if first:
        blocks.load(from_upload, [upload], api_visibility=PRIVATE, **events)
