"""The whole app: one tab per idea, each built by its own module."""

from __future__ import annotations

import gradio as gr

from demo import digits, sketch, style, swap, walk

INTRO = """
# ganzoo — see conditional generative models work
Every model here was trained on a 2-core CPU with ganzoo's own training command; its model card
(in `checkpoints/`) says how, for how long, and how good it is.
"""

# Gradio's cache holds every picture sent to a browser: every 5 minutes, delete what is older
# than 15, so a Space that runs for weeks does not fill its disk.
DELETE_CACHE = (300, 900)

# At phone width (390 px) the example tables scroll sideways inside their box instead of
# being cut off, and no picture is wider than the screen.
CSS = """
.gradio-container [id$="-examples"] .table-wrap { overflow-x: auto; max-width: 100%; }
.gradio-container img { max-width: 100%; height: auto; }
"""


CREDITS = """
<small>**Credits.** Sketch → picture: *All emojis designed by OpenMoji – the open-source emoji and
icon project. License: CC BY-SA 4.0.* Domain swap: *Noto Emoji, Copyright Google Inc., Apache
License 2.0; Twemoji, Copyright Twitter, Inc and other contributors, CC BY 4.0.* Digits: MNIST
(LeCun, Cortes, Burges). Garments: Fashion-MNIST © Zalando SE (MIT). Style transfer: public-domain
paintings; scikit-image's public-domain / CC0 pictures. Code: MIT.</small>
"""


def build_demo() -> gr.Blocks:
    with gr.Blocks(title="ganzoo", delete_cache=DELETE_CACHE) as blocks:
        gr.Markdown(INTRO)
        with gr.Tab("Label → digit", id="digits"):
            digits.build_tab(blocks)
        with gr.Tab("Latent walk", id="walk"):
            walk.build_tab(blocks)
        with gr.Tab("Sketch → picture", id="sketch"):
            sketch.build_tab(blocks)
        with gr.Tab("Domain swap", id="swap"):
            swap.build_tab(blocks)
        with gr.Tab("Style transfer", id="style"):
            style.build_tab(blocks)
        gr.Markdown(CREDITS)
    return blocks
