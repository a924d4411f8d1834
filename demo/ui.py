"""The whole app: one tab per idea, each built by its own module."""

from __future__ import annotations

import gradio as gr

from demo import digits, walk

INTRO = """
# ganzoo — see conditional generative models work
Every model here was trained on a 2-core CPU with ganzoo's own training command; its model card
(in `checkpoints/`) says how, for how long, and how good it is.
"""


def build_demo() -> gr.Blocks:
    with gr.Blocks(title="ganzoo") as blocks:
        gr.Markdown(INTRO)
        with gr.Tab("Label → digit"):
            digits.build_tab(blocks)
        with gr.Tab("Latent walk"):
            walk.build_tab(blocks)
    return blocks
