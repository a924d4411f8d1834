"""Tab "Domain swap": CycleGAN between Noto and Twemoji emoji, the round trip, and the model without its cycle loss.

Two checkpoints of the same networks, trained for the same steps on the same unpaired emoji,
differ only in their loss: the full CycleGAN objective, and the GAN losses alone. For one
emoji, each row shows x -> G(x) -> F(G(x)) and where the round trip fails, as a heat map.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import gradio as gr
import numpy as np
from PIL import Image

from demo.common import PRIVATE, clear_on_failure, file_path, model, parse_choice, refuse, shows_errors
from ganzoo.data.unpaired import NOTO_CREDIT, TWEMOJI_CREDIT
from ganzoo.inference import swap
from ganzoo.inference.translate import enlarge

MODELS = ("cyclegan-noto-twemoji", "cyclegan-noto-twemoji-nocycle")
TITLES = ("CycleGAN (GAN + cycle + identity loss)", "GAN loss only (no cycle loss)")
DIRECTIONS = {"Noto → Twemoji": "twemoji", "Twemoji → Noto": "noto"}
STYLE_NAMES = {"noto": "Noto", "twemoji": "Twemoji"}
SHOWN_SCALE = 3  # 64 px shown at 192 px, pixels kept sharp
EXAMPLES = Path(__file__).resolve().parent / "examples" / "swap"
HELD_OUT = sorted(p.stem for p in (EXAMPLES / "noto").glob("*.png"))
VIEW_PICTURES = 8  # input, 3 per model, the truth (then the caption)

EXPLANATION = """
**The cycle loss.** CycleGAN learns from two *unpaired* sets: nobody told it which Twemoji goes
with which Noto emoji. Two generators, G: Noto → Twemoji and F: Twemoji → Noto, each fool a
discriminator of their target style, and the cycle-consistency loss
L_cyc = ‖F(G(x)) − x‖₁ + ‖G(F(y)) − y‖₁ (weighted λ = 10, plus an identity loss 0.5·λ·‖G(y) − y‖₁)
asks that a round trip gives the input back. The heat map is that round trip's error per pixel:
dark where F(G(x)) restores x, yellow and white where it does not.

**Without it** (second row), nothing ties G(x) to x: the discriminator only asks for *some*
convincing image of the target style. Trained for the same steps, that generator collapsed: from
Noto to Twemoji it keeps little more than each emoji's silhouette and fills every one with the same
red texture, F cannot bring the input back (a round-trip error about 4× the full model's), and on
the 350 held-out emoji the nearest true Twemoji is the right one 5% of the time instead of 33%.
"""

CREDITS = f"*{NOTO_CREDIT}. {TWEMOJI_CREDIT}.*"


@functools.cache
def example_pictures() -> dict[tuple[str, str], Image.Image]:
    """The held-out examples by (style, name), read once: every click compares its input with them."""
    return {(style, name): Image.open(EXAMPLES / style / f"{name}.png").convert("RGB")
            for style in STYLE_NAMES for name in HELD_OUT}


def held_out_match(picture: Image.Image) -> tuple[str, str] | None:
    """(style, name) when ``picture`` is one of the held-out examples, pixel for pixel; else None."""
    return next((key for key, example in example_pictures().items() if example.tobytes() == picture.tobytes()
                 and example.size == picture.size), None)


def truth_for(picture: Image.Image, target: str) -> Image.Image | None:
    """The same emoji in the target style, when the input is a held-out example of the other style."""
    match = held_out_match(picture)
    if match is None or match[0] == target:
        return None
    return example_pictures()[(target, match[1])]


def swap_views(source: Any, direction: str, field: str = "Emoji") -> tuple[Any, ...]:
    """Everything the tab shows for one input: the input, three pictures per model, the truth (if known),
    and a caption. ``source`` is a file path, a PIL image or a numpy array; ``direction`` a key of DIRECTIONS."""
    target = DIRECTIONS[direction]
    prepared = swap.prepare_emoji(source, what=field)
    truth = truth_for(prepared, target)
    shown: list[Image.Image] = [enlarge(prepared, SHOWN_SCALE)]
    lines = []
    for name, title in zip(MODELS, TITLES, strict=True):
        trip = swap.swap_domain(model(name), prepared, to=target)
        shown += [enlarge(trip.translated, SHOWN_SCALE), enlarge(trip.reconstructed, SHOWN_SCALE),
                  swap.error_heatmap(trip.error_map, size=64 * SHOWN_SCALE)]
        lines.append(describe(title, trip, truth, target))
    return (*shown, enlarge(truth, SHOWN_SCALE) if truth else None, "  \n".join(lines))


def describe(title: str, trip: swap.RoundTrip, truth: Image.Image | None, target: str) -> str:
    line = f"**{title}**: round-trip error {trip.cycle_error:.3f}"
    if truth is not None:
        error = np.abs(np.asarray(trip.translated, np.float32) - np.asarray(truth, np.float32)).mean() / 255
        line += f"; L1 to the true {STYLE_NAMES[target]} {error:.3f}"
    return line + " (mean absolute difference, 0–1 scale)"


@shows_errors
def from_upload(picture: Any, direction: Any) -> tuple[Any, ...]:
    """The public ``/swap_domain``: an emoji picture and a direction -> the round trip of both models."""
    direction = parse_choice(direction, list(DIRECTIONS), "Direction")
    if picture is None:
        raise refuse("Emoji", "is missing: upload a picture or pick an example")
    return swap_views(file_path(picture, "Emoji"), direction, "Emoji")


@shows_errors
def from_example(picture: Any) -> tuple[Any, ...]:
    """An example was clicked: translate it out of its own style (a Twemoji example -> Noto)."""
    path = file_path(picture, "Emoji")
    match = held_out_match(swap.prepare_emoji(path, what="Emoji"))
    direction = "Twemoji → Noto" if match and match[0] == "twemoji" else "Noto → Twemoji"
    return (direction, *swap_views(path, direction, "Emoji"))


def build_tab(blocks: gr.Blocks) -> None:
    first = HELD_OUT[0] if HELD_OUT else None
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=260):
            upload = gr.Image(label="Emoji", type="filepath", sources=["upload", "clipboard"], height=220,
                              value=str(EXAMPLES / "noto" / f"{first}.png") if first else None,
                              elem_id="swap-upload")
            direction = gr.Radio(list(DIRECTIONS), value=next(iter(DIRECTIONS)), label="Direction",
                                 elem_id="swap-direction")
            with gr.Row():
                # No buttons on the two small pictures: they would cover the labels.
                shown_input = gr.Image(label="x (64 px)", type="pil", format="png", interactive=False,
                                       min_width=100, buttons=[], elem_id="swap-input")
                truth = gr.Image(label="True y", type="pil", format="png", interactive=False, min_width=100,
                                 buttons=[], elem_id="swap-truth")
            gr.Markdown("*x*: the input as the models see it. *True y*: the same emoji in the target "
                        "style, known for the held-out examples only. In each row: G(x), the translation; "
                        "F(G(x)), translated back; |F(G(x)) − x|, the round trip's error per pixel.")
        with gr.Column(scale=3, min_width=300):
            rows = []
            for i, title in enumerate(TITLES):
                gr.Markdown(f"**{title}**")
                with gr.Row():
                    # Short labels and two buttons: on a phone three pictures share a row.
                    picture = dict(type="pil", format="png", interactive=False, min_width=100,
                                   buttons=["download", "fullscreen"])
                    rows += [gr.Image(label="G(x)", elem_id=f"swap-translated-{i}", **picture),
                             gr.Image(label="F(G(x))", elem_id=f"swap-back-{i}", **picture),
                             gr.Image(label="|F(G(x)) − x|", elem_id=f"swap-error-{i}", **picture)]
            caption = gr.Markdown(elem_id="swap-caption")
    view = [shown_input, *rows, truth, caption]
    example_rows = gr.Examples(
        examples=[[str(EXAMPLES / style / f"{n}.png")] for style in STYLE_NAMES for n in HELD_OUT],
        inputs=[upload], api_visibility=PRIVATE, elem_id="swap-examples", examples_per_page=16,
        label="Held-out emoji (no model trained on them): Noto first, then Twemoji",
    )
    gr.Markdown(EXPLANATION)
    gr.Markdown(CREDITS)
    events = dict(outputs=view, preprocess=False, show_progress="minimal")
    clear_on_failure(example_rows.load_input_event.then(from_example, [upload], api_visibility=PRIVATE,
                                                        **(events | {"outputs": [direction, *view]})), view)
    clear_on_failure(upload.upload(from_upload, [upload, direction], api_name="swap_domain", **events), view)
    clear_on_failure(direction.input(from_upload, [upload, direction], api_visibility=PRIVATE, **events), view)
    if first:
        blocks.load(from_upload, [upload, direction], api_visibility=PRIVATE, **events)
