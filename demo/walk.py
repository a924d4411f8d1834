"""Tab "Latent walk": slide between two latent points of the DCGAN, lerp or slerp."""

from __future__ import annotations

import random

import gradio as gr
import torch
from PIL import Image

from demo import share
from demo.common import (
    PRIVATE,
    RecentFiles,
    checkpoints_with,
    model,
    note_on_failure,
    parse_choice,
    parse_model,
    parse_number,
    parse_seed,
    shows_errors,
)
from demo.language import t, tr
from ganzoo import inference
from ganzoo.checkpoints import LoadedModel
from ganzoo.errors import CheckpointError, InvalidInputError
from ganzoo.metrics import judge_for
from ganzoo.metrics.walks import CONFIDENCE  # the walk metric of the model cards uses the same bar

STRIP_STEPS = 10
GIF_STEPS = 24
# Unconditional generators: the plain DCGAN and the one that draws by k-means cluster.
ARCHITECTURE, DEFAULT_MODEL = ("dcgan.Generator", "dcgan.ClusterGenerator"), "dcgan-mnist"
GIFS = RecentFiles("ganzoo-walk-")  # bounded: the newest 16 GIFs, whatever the number of requests

def walk_models() -> list[str]:
    """The Model dropdown's choices: shipped unconditional generators, dcgan-mnist first."""
    return checkpoints_with(ARCHITECTURE, DEFAULT_MODEL)


def _walk_inputs(checkpoint: object, seed_a: object, seed_b: object, method: object) -> tuple[str, int, int, str]:
    return (parse_model(checkpoint, ARCHITECTURE, DEFAULT_MODEL), parse_seed(seed_a, "Start seed"),
            parse_seed(seed_b, "End seed"), parse_choice(method, inference.INTERPOLATIONS, "Interpolation"))


@shows_errors
def frame(checkpoint: str, seed_a: float, seed_b: float, t: float, method: str) -> Image.Image:
    """The image at position t of the walk (the public ``/walk_frame``; called while the slider moves)."""
    name, a, b, how = _walk_inputs(checkpoint, seed_a, seed_b, method)
    position = parse_number(t, "t", 0.0, 1.0)
    return inference.to_pil(inference.walk_frame(model(name), a, b, position, how), scale=10, padding=0)


def judge_readout(generator: LoadedModel, frames: torch.Tensor, latent_cells: torch.Tensor | None = None) -> str:
    """A table under the strip: what the independent classifier reads in each frame, and how surely;
    for a generator that draws by cluster, also the latent cell of each frame (where the walk jumps)."""
    try:
        judge_name = judge_for(generator.dataset)
        classifier = model(judge_name)
    except (CheckpointError, InvalidInputError):
        return ""
    labels, confidences = inference.read_images(classifier, frames)
    names = generator.class_names
    steps = len(frames)
    cells = [f"{names[label]}{'' if conf >= CONFIDENCE else ' ⚠'}" for label, conf in zip(labels.tolist(),
                                                                                   confidences.tolist(), strict=True)]
    sure = int((confidences >= CONFIDENCE).sum())
    header = "| t | " + " | ".join(f"{i / (steps - 1):.2f}" for i in range(steps)) + " |"
    return "\n".join([
        tr("cap_walk_judge", judge=judge_name, sure=sure, steps=steps, confidence=CONFIDENCE),
        "",
        header,
        "|---" * (steps + 1) + "|",
        f"| {tr('cap_walk_reads')} | " + " | ".join(cells) + " |",
        f"| {tr('cap_walk_confidence')} | " + " | ".join(f"{c:.2f}" for c in confidences.tolist()) + " |",
        *([] if latent_cells is None else
          [f"| {tr('cap_walk_cell')} | " + " | ".join(map(str, latent_cells.tolist())) + " |"]),
    ])


@shows_errors
def refresh_walk(checkpoint: str, seed_a: float, seed_b: float, method: str) -> tuple[Image.Image, str, str, str]:
    """The public ``/walk``: a strip of the whole walk, an animated GIF of it (preview and download),
    and what the judge reads in each frame of the strip."""
    name, a, b, how = _walk_inputs(checkpoint, seed_a, seed_b, method)
    generator = model(name)
    latents = inference.walk_latents(generator, a, b, STRIP_STEPS, how)
    frames = inference.generate(generator, latents)
    strip = inference.to_pil(frames, scale=3)
    gif = GIFS.new_path(f"walk_{name}_{how}_{a}_{b}.gif")
    inference.save_gif(inference.latent_walk(generator, a, b, GIF_STEPS, how), gif, scale=8)
    return strip, str(gif), str(gif), judge_readout(generator, frames, inference.latent_cells(generator, latents))


@shows_errors
def walk_view(
    checkpoint: str, seed_a: float, seed_b: float, t: float, method: str
) -> tuple[Image.Image, Image.Image, str, str, str]:
    """Everything the tab shows, from one request: one message if something is wrong, not two."""
    return frame(checkpoint, seed_a, seed_b, t, method), *refresh_walk(checkpoint, seed_a, seed_b, method)


def random_seed() -> int:
    return random.randint(0, 99_999)


# Endpoints whose every frame the judge reads with confidence (checked on the shipped generators):
# the garment walk from seeds 1 to 2 passes through noise at its midpoint; 8 to 16 goes from an
# ankle boot to a sandal with every one of 10 frames read at >= 0.99.
EXAMPLE_SEEDS = {"dcgan-fashion-mnist": (8, 16)}


def build_tab(blocks: gr.Blocks) -> None:
    choices = walk_models()
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=280):
            checkpoint = gr.Dropdown(choices, value=choices[0], label=t("model"))
            with gr.Row():
                seed_a = gr.Number(value=1, label=t("walk_start_seed"), minimum=0, maximum=inference.MAX_SEED,
                                   precision=0)
                random_a = gr.Button(t("random"), size="sm")
            with gr.Row():
                seed_b = gr.Number(value=2, label=t("walk_end_seed"), minimum=0, maximum=inference.MAX_SEED,
                                   precision=0)
                random_b = gr.Button(t("random"), size="sm")
            method = gr.Radio(list(inference.INTERPOLATIONS), value="slerp", label=t("walk_interpolation"))
            position = gr.Slider(0, 1, value=0.5, step=0.01, label=t("walk_t"), elem_id="walk-t")
            animate = gr.Button(t("walk_animate"), variant="primary")
        with gr.Column(scale=2, min_width=280):
            with gr.Row():
                current = gr.Image(label=t("walk_image_at_t"), type="pil", format="png", interactive=False,
                                   elem_id="walk-frame")
                animation = gr.Image(label=t("walk_gif"), type="filepath", interactive=False)
            strip = gr.Image(label=t("walk_strip"), type="pil", format="png",
                             interactive=False, elem_id="walk-strip")
            readout = gr.Markdown(elem_id="walk-readout")
            download = gr.File(label=t("walk_download"))

    inputs = [checkpoint, seed_a, seed_b, position, method]
    walk_outputs = [strip, animation, download, readout]
    view = [current, *walk_outputs]
    example_rows = gr.Examples(
        examples=[[choices[0], 1, 2, 0.5, "slerp"], [choices[0], 1, 2, 0.5, "lerp"], [choices[0], 10, 77, 0.3, "slerp"]]
        + [[name, *EXAMPLE_SEEDS.get(name, (1, 2)), 0.5, "slerp"] for name in choices[1:]],  # the other variants
        inputs=inputs, api_visibility=PRIVATE, label=t("examples"), elem_id="walk-examples",
    )
    shared = share.register("walk", {"model": checkpoint, "a": seed_a, "b": seed_b, "t": position,
                                     "method": method}, walk_view, inputs, view)
    share.link_row(shared)
    gr.Markdown(t("walk_explanation"), elem_id="walk-explanation")
    events = dict(inputs=inputs, outputs=view, preprocess=False, api_visibility=PRIVATE, show_progress="hidden")
    # .input, not .change: filling the controls from an example must not start runs of its own.
    # "always_last": a quick second example click runs after the first instead of being dropped.
    note_on_failure(example_rows.load_input_event.then(walk_view, **events, trigger_mode="always_last"), view)
    blocks.load(share.opening_view(shared), **events)
    for trigger in (checkpoint.input, method.input, seed_a.submit, seed_b.submit):
        note_on_failure(trigger(walk_view, **events, trigger_mode="always_last"), view)
    for seed_box, button in ((seed_a, random_a), (seed_b, random_b)):
        note_on_failure(button.click(random_seed, None, seed_box, api_visibility=PRIVATE).then(walk_view, **events),
                         view)
    # Live while dragging: "always_last" drops stale positions instead of queueing them.
    note_on_failure(position.input(frame, inputs, current, show_progress="hidden", trigger_mode="always_last",
                             api_name="walk_frame", preprocess=False), view)
    note_on_failure(animate.click(refresh_walk, [checkpoint, seed_a, seed_b, method], walk_outputs, api_name="walk",
                                   preprocess=False), view)
