"""Tab "Domain swap": CycleGAN between two emoji styles, the round trip, and the model without its cycle loss.

Two checkpoints of the same networks, trained for the same steps on the same unpaired emoji,
differ only in their loss: the full CycleGAN objective, and the GAN losses alone. For one
emoji, each row shows G(x), the true counterpart (for held-out examples), F(G(x)) and where the
round trip fails, as a heat map with its colour scale. The data sets and their models come from
the model cards (``swap.cyclegan_families``); each data set's held-out examples live in the two
folders of ``EXAMPLE_FOLDERS``.
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
from demo.language import t, tr, tr_in_picture
from ganzoo.inference import familiarity, swap
from ganzoo.inference.pictures import HEAT_COLOURS, with_colour_bar

EXAMPLES = Path(__file__).resolve().parent / "examples" / "swap"
# Held-out examples of each data set: one folder per domain (A, B), the same file names in both.
EXAMPLE_FOLDERS = {"fluent-openmoji": ("fluent", "openmoji"), "noto-twemoji": ("noto", "twemoji")}
ROLES = {"full": "CycleGAN (GAN + cycle + identity loss)", "nocycle": "GAN loss only (no cycle loss)"}
# The pictures go to the browser at the model's size (64 or 128 px), which enlarges them to their box
# with square pixels (CSS class "pixels", demo/ui.py): sharp on a projector, and a quarter of the bytes
# to encode and send. The heat map carries words under it, so it is drawn larger, at HEAT_SHOWN px.
HEAT_SHOWN = 256
ERROR_SCALE = 0.5  # the heat map is white at half the full 0..1 range
VIEW_PICTURES = 9  # the input, four per model (then the caption)
# Swaps computed at once, all swap events together (every other event runs one at a time, app.py).
SWAPS_AT_ONCE = 2




@functools.cache
def families() -> dict[str, swap.CycleGanFamily]:
    """The shipped CycleGANs by data set, read from the cards once per process."""
    return swap.cyclegan_families()


def data_label(family: swap.CycleGanFamily) -> str:
    return f"{family.domains[0]} ↔ {family.domains[1]}"


def data_choices() -> list[str]:
    return [data_label(f) for f in families().values()]


def family_of(label: Any) -> swap.CycleGanFamily:
    choices = {data_label(f): f for f in families().values()}
    if not choices:
        raise refuse("Data", "no CycleGAN models are shipped in this copy of ganzoo (checkpoints/ is empty)")
    return choices[parse_choice(label if label is not None else next(iter(choices)), list(choices), "Data")]


def directions(family: swap.CycleGanFamily) -> dict[str, str]:
    """Direction labels -> target letter: "A → B" translates into B."""
    a, b = family.domains
    return {f"{a} → {b}": "b", f"{b} → {a}": "a"}


@functools.cache
def example_pictures() -> dict[tuple[str, str, str], Image.Image]:
    """The held-out examples by (data set, domain letter, name), read once: every input is compared with them."""
    pictures = {}
    for source, folders in EXAMPLE_FOLDERS.items():
        for letter, folder in zip("ab", folders, strict=True):
            for path in sorted((EXAMPLES / folder).glob("*.png")):
                pictures[(source, letter, path.stem)] = Image.open(path).convert("RGB")
    return pictures


def example_files() -> list[str]:
    """Every shipped data set's held-out examples (the default data set first), A then B."""
    files = []
    for source in families():
        for folder in EXAMPLE_FOLDERS.get(source, ()):
            files += [str(p) for p in sorted((EXAMPLES / folder).glob("*.png"))]
    return files


def held_out_match(picture: Image.Image) -> tuple[str, str, str] | None:
    """(data set, domain letter, name) when ``picture`` is a held-out example, pixel for pixel; else None."""
    return next((key for key, example in example_pictures().items()
                 if example.size == picture.size and example.tobytes() == picture.tobytes()), None)


def truth_for(picture: Image.Image, source: str, target: str) -> Image.Image | None:
    """The same emoji in the target style, when the input is a held-out example of the other style."""
    match = held_out_match(picture)
    if match is None or match[0] != source or match[1] == target:
        return None
    return example_pictures()[(source, target, match[2])]


def swap_views(source: Any, data: Any, direction: Any, field: str = "Emoji") -> tuple[Any, ...]:
    """Everything the tab shows for one input: the input, four pictures per model (G(x), the truth if known,
    F(G(x)), the error map), and a caption. ``source`` is a file path, a PIL image or a numpy array."""
    family = family_of(data)
    target = directions(family)[parse_choice(direction, list(directions(family)), "Direction")]
    prepared = swap.prepare_emoji(source, what=field, size=family.image_size)
    truth = truth_for(prepared, family.source, target)
    pictures: list[Image.Image | None] = [prepared]
    lines = []
    for role in ("full", "nocycle"):
        name = getattr(family, role)
        if name is None:
            pictures += [None] * 4
            continue
        trip = swap.swap_domain(model(name), prepared, to=target, what=field)
        heat = swap.error_heatmap(trip.error_map, scale=ERROR_SCALE, size=HEAT_SHOWN)
        pictures += [trip.translated, truth, trip.reconstructed,
                     with_colour_bar(heat, HEAT_COLOURS, tr_in_picture("bar_returned"),
                                     tr_in_picture("bar_lost", scale=ERROR_SCALE))]
        lines.append(describe(tr(f"swap_role_{role}").lstrip("# "), trip, truth, family.domains["ab".index(target)]))
    lines.append(familiarity_line(family, prepared, field))
    return (*pictures, "  \n".join(line for line in lines if line))


def describe(title: str, trip: swap.RoundTrip, truth: Image.Image | None, target_name: str) -> str:
    line = tr("cap_swap_line", title=title, error=trip.cycle_error)
    if truth is not None:
        error = np.abs(np.asarray(trip.translated, np.float32) - np.asarray(truth, np.float32)).mean() / 255
        line += tr("cap_swap_l1", target=target_name, error=error)
    return line + tr("cap_swap_scale")


def familiarity_line(family: swap.CycleGanFamily, prepared: Image.Image, field: str) -> str:
    """One line on how far the input is from the training emoji, by the measured score (if shipped)."""
    if family.familiarity is None:
        return ""
    score = model(family.familiarity)
    measured = familiarity.familiarity(score, prepared, what=field)
    medians = score.model_card.metrics.get("median_score", {})
    typical = tr("cap_swap_typical", emoji=medians["held_out_emoji"], photos=medians["photographs"]) \
        if {"held_out_emoji", "photographs"} <= medians.keys() else ""
    key = "cap_swap_far" if measured.far else "cap_swap_near"
    return tr(key, score=measured.score, line=measured.threshold, typical=typical)


@shows_errors
def from_upload(picture: Any, data: Any = None, direction: Any = None) -> tuple[Any, ...]:
    """The public ``/swap_domain``: an emoji picture, the data set (``"Fluent 3-D ↔ OpenMoji"``, ...) and a
    direction (``"Fluent 3-D → OpenMoji"``, ...; default A → B) -> the round trip of both models."""
    if data is None:  # no data set named: the one whose directions include the direction given, if any
        data = next((data_label(f) for f in families().values() if direction in directions(f)), None)
    family = family_of(data)
    direction = direction if direction is not None else next(iter(directions(family)))
    if picture is None:
        raise refuse("Emoji", "is missing: upload a picture or pick an example")
    return swap_views(file_path(picture, "Emoji"), data_label(family), direction, "Emoji")


@shows_errors
def from_data(picture: Any, data: Any) -> tuple[Any, ...]:
    """Another data set was chosen: its directions, and the picture translated by its models."""
    family = family_of(data)
    first = next(iter(directions(family)))
    radio = gr.Radio(choices=list(directions(family)), value=first)
    if picture is None:
        return (radio, *[None] * VIEW_PICTURES, "")
    return (radio, *swap_views(file_path(picture, "Emoji"), data, first, "Emoji"))


@shows_errors
def from_example(picture: Any) -> tuple[Any, ...]:
    """An example was clicked: its data set, and a translation out of its own style."""
    path = file_path(picture, "Emoji")
    matches = (held_out_match(swap.prepare_emoji(path, "Emoji", f.image_size)) for f in families().values())
    match = next((m for m in matches if m), None)
    family = families()[match[0]] if match else family_of(None)
    choices = list(directions(family))
    direction = choices[1] if match and match[1] == "b" else choices[0]
    return (data_label(family), gr.Radio(choices=choices, value=direction),
            *swap_views(path, data_label(family), direction, "Emoji"))


def build_tab(blocks: gr.Blocks) -> None:
    examples = example_files()
    first_family = next(iter(families().values()), None)
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=260):
            upload = picture_input(label=t("swap_emoji"), field="Emoji", type="filepath",
                                   sources=["upload", "clipboard"], height=220,
                                   value=examples[0] if examples else None, elem_id="swap-upload")
            data = gr.Radio(data_choices(), value=data_label(first_family) if first_family else None,
                            label=t("data_models_translate"), elem_id="swap-data")
            direction = gr.Radio(list(directions(first_family)) if first_family else [], label=t("swap_direction"),
                                 value=next(iter(directions(first_family))) if first_family else None,
                                 elem_id="swap-direction")
        with gr.Column(scale=1, min_width=200):
            shown_input = gr.Image(label=t("swap_input"), type="pil", format="png", interactive=False,
                                   buttons=[], elem_id="swap-input", elem_classes="pixels")
        with gr.Column(scale=2, min_width=260):
            # Beside the input: each model's errors, and how far the picture is from the training emoji.
            caption = gr.Markdown(elem_id="swap-caption")
    rows = []
    picture = dict(type="pil", format="png", interactive=False, min_width=160, buttons=["download", "fullscreen"])
    pixels = dict(picture, elem_classes="pixels")  # sent at the model's size, enlarged by the browser
    for i, role in enumerate(ROLES):
        gr.Markdown(t(f"swap_role_{role}"))
        with gr.Row():
            rows += [gr.Image(label=t("swap_translated"), elem_id=f"swap-translated-{i}", **pixels),
                     gr.Image(label=t("swap_truth"), elem_id=f"swap-truth-{i}", **pixels),
                     gr.Image(label=t("swap_back"), elem_id=f"swap-back-{i}", **pixels),
                     gr.Image(label=t("swap_error"), elem_id=f"swap-error-{i}", elem_classes="fill", **picture)]
    view = [shown_input, *rows, caption]
    example_rows = gr.Examples(
        examples=[[f] for f in examples], inputs=[upload], api_visibility=PRIVATE, elem_id="swap-examples",
        examples_per_page=48, label=t("swap_examples"),
    )
    shared = share.register("swap", {"data": data, "direction": direction, "emoji": upload}, from_upload,
                            [upload, data, direction], view,
                            picture_folders=sorted({Path(f).parent for f in examples}))
    share.link_row(shared)
    gr.Markdown(t("swap_explanation"), elem_id="swap-explanation")
    gr.Markdown(t("swap_credits"))
    events = dict(outputs=view, preprocess=False, show_progress="minimal", concurrency_limit=SWAPS_AT_ONCE,
                  concurrency_id="swap")
    note_on_failure(example_rows.load_input_event.then(
        from_example, [upload], api_visibility=PRIVATE, **(events | {"outputs": [data, direction, *view]})), view)
    note_on_failure(upload.upload(from_upload, [upload, data, direction], api_name="swap_domain", **events), view)
    note_on_failure(data.input(from_data, [upload, data], api_visibility=PRIVATE,
                               **(events | {"outputs": [direction, *view]})), view)
    note_on_failure(direction.input(from_upload, [upload, data, direction], api_visibility=PRIVATE, **events), view)
    if examples:
        blocks.load(share.opening_view(shared), [upload, data, direction], api_visibility=PRIVATE, **events)
