"""Tab "Latent walk": slide between two latent points of the DCGAN, lerp or slerp."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import gradio as gr
from PIL import Image

from demo.common import checkpoints_with, model, parse_seed, shows_errors
from ganzoo import inference

STRIP_STEPS = 10
GIF_STEPS = 24

EXPLANATION = """
**How it works.** The generator maps every point z of its 64-dimensional latent space to an
image; walking from one z to another shows how smoothly that map changes. *lerp* walks the
straight line, *slerp* walks the great circle between them. Why slerp suits Gaussian latents:
a 64-d Gaussian sample almost always has length ≈ √64 = 8, so the generator only ever saw points
near that sphere; the straight line cuts inside it (≈ 5.7 long at the midpoint) into territory it
never trained on, and the midpoint images tend to fade. Slerp stays on the sphere.
"""


def _endpoints(seed_a: float, seed_b: float) -> tuple[int, int]:
    return parse_seed(seed_a), parse_seed(seed_b)


@shows_errors
def frame(checkpoint: str, seed_a: float, seed_b: float, t: float, method: str) -> Image.Image:
    """The image at position t of the walk (called while the slider moves)."""
    a, b = _endpoints(seed_a, seed_b)
    return inference.to_pil(inference.walk_frame(model(checkpoint), a, b, t, method), scale=10, padding=0)


@shows_errors
def strip_and_gif(checkpoint: str, seed_a: float, seed_b: float, method: str) -> tuple[Image.Image, str]:
    """A strip of the whole walk and an animated GIF of it (its path, for display and download)."""
    a, b = _endpoints(seed_a, seed_b)
    generator = model(checkpoint)
    strip = inference.to_pil(inference.latent_walk(generator, a, b, STRIP_STEPS, method), scale=3)
    gif = Path(tempfile.mkdtemp(prefix="ganzoo-walk-")) / f"walk_{method}_{a}_{b}.gif"
    inference.save_gif(inference.latent_walk(generator, a, b, GIF_STEPS, method), gif, scale=8)
    return strip, str(gif)


def random_seed() -> int:
    return random.randint(0, 99_999)


def refresh_walk(checkpoint: str, seed_a: float, seed_b: float, method: str) -> tuple[Image.Image, str, str]:
    """Strip, GIF preview and GIF download: one GIF feeds both of the last two."""
    strip_image, gif = strip_and_gif(checkpoint, seed_a, seed_b, method)
    return strip_image, gif, gif


def build_tab(blocks: gr.Blocks) -> None:
    choices = checkpoints_with("dcgan.Generator", "dcgan-mnist")
    with gr.Row():
        with gr.Column(scale=1):
            checkpoint = gr.Dropdown(choices, value=choices[0], label="Model")
            with gr.Row():
                seed_a = gr.Number(value=1, label="Start seed", minimum=0, maximum=inference.MAX_SEED)
                random_a = gr.Button("Random", size="sm")
            with gr.Row():
                seed_b = gr.Number(value=2, label="End seed", minimum=0, maximum=inference.MAX_SEED)
                random_b = gr.Button("Random", size="sm")
            method = gr.Radio(list(inference.INTERPOLATIONS), value="slerp", label="Interpolation")
            t = gr.Slider(0, 1, value=0.5, step=0.01, label="t (0 = start, 1 = end)")
            animate = gr.Button("Animate the walk", variant="primary")
            gr.Markdown(EXPLANATION)
        with gr.Column(scale=2):
            with gr.Row():
                current = gr.Image(label="Image at t", type="pil", format="png", interactive=False)
                animation = gr.Image(label="Animated walk (GIF)", type="filepath", interactive=False)
            strip = gr.Image(label=f"The whole walk in {STRIP_STEPS} steps", type="pil", format="png",
                             interactive=False)
            download = gr.File(label="Download the GIF")

    frame_inputs = [checkpoint, seed_a, seed_b, t, method]
    walk_inputs = [checkpoint, seed_a, seed_b, method]

    walk_outputs = [strip, animation, download]
    # Live while dragging: "always_last" drops stale positions instead of queueing them.
    t.input(frame, frame_inputs, current, show_progress="hidden", trigger_mode="always_last",
            api_name="walk_frame")
    for control in (checkpoint, method):
        control.change(frame, frame_inputs, current, show_progress="hidden")
        control.change(refresh_walk, walk_inputs, walk_outputs, show_progress="minimal")
    for seed_box, button in ((seed_a, random_a), (seed_b, random_b)):
        seed_box.submit(frame, frame_inputs, current, show_progress="hidden")
        seed_box.submit(refresh_walk, walk_inputs, walk_outputs)
        button.click(random_seed, None, seed_box).then(frame, frame_inputs, current).then(
            refresh_walk, walk_inputs, walk_outputs
        )
    gr.Examples(
        examples=[[choices[0], 1, 2, "slerp"], [choices[0], 1, 2, "lerp"], [choices[0], 10, 77, "slerp"]]
        + [[name, 1, 2, "slerp"] for name in choices[1:]],  # the other shipped variants
        inputs=walk_inputs, outputs=walk_outputs, fn=refresh_walk, run_on_click=True, cache_examples=False,
    )
    animate.click(refresh_walk, walk_inputs, walk_outputs, api_name="walk")
    blocks.load(frame, frame_inputs, current)
    blocks.load(refresh_walk, walk_inputs, walk_outputs)
