"""The whole app: one tab per idea, each built by its own module."""

from __future__ import annotations

import gradio as gr

from demo import digits, playground, sketch, style, swap, walk

INTRO = """
# ganzoo — see conditional generative models work
Every model here was trained on a 2-core CPU with ganzoo's own training command; its model card
(in `checkpoints/`) says how, for how long, and how good it is.
Teaching from a projector? Open the [presenter view](?view=presenter) (larger text and pictures).
"""

# Gradio's cache holds every picture sent to a browser: every 5 minutes, delete what is older
# than 15, so a Space that runs for weeks does not fill its disk.
DELETE_CACHE = (300, 900)

# At phone width (390 px) the example tables scroll sideways inside their box instead of
# being cut off, and no picture is wider than the screen.
CSS = """
.gradio-container [id$="-examples"] .table-wrap { overflow-x: auto; max-width: 100%; }
.gradio-container img { max-width: 100%; height: auto; }
.picture-title p { margin: 0; }
/* The style result fills its box whatever its size: a 256 px Gatys picture is not a stamp in a 420 px frame. */
#style-result img { width: 100%; height: 100%; object-fit: contain; }
/* A picture's label sits above it, whole, instead of floating over its top-left corner. */
.gradio-container label[data-testid="block-label"].float { position: static !important; max-width: none !important;
  white-space: normal !important; margin-bottom: 4px; }
/* Every tab reachable on a phone: Gradio moves the tabs that do not fit into a hidden "⋯" menu;
   here that menu's list is always shown, as a second row of tab names under the first. */
.tab-wrapper { flex-wrap: wrap !important; height: auto !important; }
.tab-wrapper .overflow-menu > button { display: none !important; }
.tab-wrapper .overflow-menu { flex-basis: 100%; }
.tab-wrapper .overflow-dropdown, .tab-wrapper .overflow-dropdown.hide {
  display: flex !important; flex-wrap: wrap; position: static !important; box-shadow: none !important;
  border: none !important; background: transparent !important; padding: 0 !important; }
.tab-wrapper .overflow-dropdown button { width: auto !important; }
/* Tables (the walk's judge table) scroll sideways instead of wrapping letter by letter. */
.gradio-container .prose table { display: block; overflow-x: auto; white-space: nowrap; }
/* Presenter view (?view=presenter): text and pictures large enough for the back of a room. */
body.presenter .gradio-container { max-width: 100% !important; padding: 0 12px !important; }
body.presenter .gradio-container, body.presenter .prose, body.presenter .prose *, body.presenter label span,
body.presenter button { font-size: 22px !important; line-height: 1.35 !important; }
body.presenter .gradio-container img { min-height: 400px; object-fit: contain; }
/* ... but not the example thumbnails: a gallery of 400 px cells would push the results off screen. */
body.presenter .gradio-container .gallery img, body.presenter .gradio-container .gallery-item img,
body.presenter .gradio-container [id$="-examples"] img { min-height: 0; }
body.presenter #intro { display: none; }
"""

# Reads ?view=presenter once the page has loaded (a link in the intro toggles it).
JS = """
() => {
  const view = new URLSearchParams(window.location.search).get("view");
  document.body.classList.toggle("presenter", view === "presenter");
}
"""


CREDITS = """
<small>**Credits.** Sketch → picture: *Fluent Emoji © Microsoft Corporation, MIT License* (3-D renders);
*All emojis designed by OpenMoji – the open-source emoji and icon project. License: CC BY-SA 4.0.*
Domain swap: the same Fluent Emoji and OpenMoji; *Noto Emoji, Copyright Google Inc., Apache
License 2.0; Twemoji, Copyright Twitter, Inc and other contributors, CC BY 4.0.* Digits: MNIST
(LeCun, Cortes, Burges). Garments: Fashion-MNIST © Zalando SE (MIT). Style transfer: public-domain
paintings; scikit-image's public-domain / CC0 pictures. Code: MIT.</small>
"""


def build_demo() -> gr.Blocks:
    with gr.Blocks(title="ganzoo", delete_cache=DELETE_CACHE) as blocks:
        gr.Markdown(INTRO, elem_id="intro")
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
        with gr.Tab("GAN playground", id="playground"):
            playground.build_tab(blocks)
        gr.Markdown(CREDITS)
    return blocks
