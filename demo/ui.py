"""The whole app: one tab per idea, each built by its own module."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from demo import digits, playground, share, sketch, style, swap, walk
from demo.common import PRIVATE, write_pictures_atomically
from demo.language import LANGUAGES, choice_keys_of, choose, language_of, page_in, t, translatable, words_for_script

# Gradio's cache holds every picture sent to a browser: every 5 minutes, delete what is older
# than 15, so a Space that runs for weeks does not fill its disk.
DELETE_CACHE = (300, 900)

# At phone width (390 px) the example tables scroll sideways inside their box instead of
# being cut off, and no picture is wider than the screen.
CSS = """
.gradio-container [id$="-examples"] .table-wrap { overflow-x: auto; max-width: 100%; }
.gradio-container img { max-width: 100%; height: auto; }
.picture-title p { margin: 0; }
/* Pictures sent at a model's size (64 or 128 px) fill their box with square pixels: smoothing them
   would add a blur of the screen's own to pictures whose blur is the lesson. */
.pixels .image-frame, .fill .image-frame, .pixels img, .fill img { width: 100% !important; }
.pixels img, .fill img { height: auto !important; object-fit: contain !important; }  /* not scale-down: enlarge */
.pixels img { image-rendering: pixelated; }
/* The style result fills its box whatever its size: a 256 px Gatys picture is not a stamp in a 420 px frame. */
#style-result img { width: 100%; height: 100%; object-fit: contain; }
/* ... within its box: the label above it takes a line, so the picture gets the rest, not the full height
   (its bottom was cut off by the label's 33 px). */
#style-result { display: flex; flex-direction: column; }
#style-result .image-container { flex: 1 1 0; min-height: 0; height: auto !important; }
body.presenter #style-result { height: 440px !important; }  /* 400 px of picture under its label */
/* A picture's label sits above it, whole, instead of floating over its top-left corner. */
.gradio-container label[data-testid="block-label"].float { position: static !important; max-width: none !important;
  white-space: normal !important; margin-bottom: 4px; }
/* Every tab reachable on a phone: Gradio moves the tabs that do not fit into a hidden "⋯" menu;
   here that menu's list is always shown, as a second row of tab names under the first. */
.tab-wrapper { flex-wrap: wrap !important; height: auto !important; }
.tab-wrapper .overflow-menu > button { display: none !important; }
.tab-wrapper .overflow-menu { flex-basis: 100%; min-width: 0; max-width: 100%; }
.tab-wrapper .overflow-dropdown, .tab-wrapper .overflow-dropdown.hide {
  display: flex !important; flex-wrap: wrap; width: 100% !important; max-width: 100%;
  position: static !important; box-shadow: none !important;
  border: none !important; background: transparent !important; padding: 0 !important; }
.tab-wrapper .overflow-dropdown button { width: auto !important; }
/* On a phone the first tab's picture must start within a screen of the top: the intro keeps its
   title (the language switch beside it), not its paragraph. */
@media (max-width: 640px) { #intro p { display: none; } #intro h1 { font-size: 1.4em; } }
/* Tables (the walk's judge table) scroll sideways instead of wrapping letter by letter. */
.gradio-container .prose table { display: block; overflow-x: auto; white-space: nowrap; }
/* Presenter view (?view=presenter): text and pictures large enough for the back of a room. */
body.presenter .gradio-container { max-width: 100% !important; padding: 0 12px !important; }
body.presenter .gradio-container, body.presenter .prose, body.presenter .prose *, body.presenter label span,
body.presenter button { font-size: 22px !important; line-height: 1.35 !important; }
body.presenter .gradio-container img { min-height: 400px; object-fit: contain; }
/* ... but not the example thumbnails (a gallery of 400 px cells would push the results off screen),
   nor the share button's icon (the button grew 400 px tall; a result picture sits in a button too),
   nor an upload box's picture (its box stays short, so the picture was cut off at the bottom). */
body.presenter .gradio-container .gallery img, body.presenter .gradio-container .gallery-item img,
body.presenter .gradio-container [id$="-examples"] img, body.presenter [id$="-share"] img,
body.presenter .gradio-container .block:has(input[type=file]) img { min-height: 0; }
body.presenter #intro, body.presenter #language { display: none; }
/* The link icon is a dark grey drawing: on a dark page it is drawn light. */
.dark [id$="-share"] img { filter: invert(1); }
"""

# Reads ?view=presenter once the page has loaded (a link in the intro toggles it).
JS = """
() => {
  const view = new URLSearchParams(window.location.search).get("view");
  document.body.classList.toggle("presenter", view === "presenter");
}
"""



CHOICE_WORDS_SCRIPT = (Path(__file__).resolve().parent / "choice_words.js").read_text(encoding="utf-8")

# The tabs in their order: id (also the ?tab= of a shared link) -> the module that builds it.
TABS = {"digits": digits, "walk": walk, "sketch": sketch, "swap": swap, "style": style, "playground": playground}


def build_demo() -> gr.Blocks:
    write_pictures_atomically()  # a class clicking the same example at once gets whole pictures
    with gr.Blocks(title="ganzoo", delete_cache=DELETE_CACHE) as blocks:
        with gr.Row(equal_height=False):
            gr.Markdown(t("intro"), elem_id="intro")
            switch = gr.Radio([("English", "en"), ("한국어", "ko")], value="en", label="Language · 언어", scale=0,
                              min_width=150, elem_id="language")
        with gr.Tabs() as tabs:
            for tab_id, tab in TABS.items():
                with gr.Tab(t(f"tab_{tab_id}"), id=tab_id):
                    tab.build_tab(blocks)
        share.restore_on_load(blocks, tabs)
        gr.Markdown(t("credits"), elem_id="credits")
        add_language_switch(blocks, switch)
    return blocks


def add_language_switch(blocks: gr.Blocks, switch: gr.Radio) -> None:
    """The switch rewrites every translated part of the page for this session; so does ``?lang=`` on
    opening. Without either, the browser's own language chose (through gr.I18n)."""
    parts = translatable(blocks)
    components = [component for component, _, _ in parts]
    # The example tables show a translated choice ("all") as Gradio's raw marker: a script writes it out.
    gr.HTML(f'<div class="choice-words" data-words="{words_for_script(choice_keys_of(parts))}"></div>',
            js_on_load=CHOICE_WORDS_SCRIPT, container=False, padding=False, elem_id="choice-words")

    def switched(code: str, request: gr.Request) -> list:
        code = code if code in LANGUAGES else "en"
        choose(request, code)
        return page_in(code, parts)

    def opened(request: gr.Request) -> list:
        code = language_of(request)
        asked = (getattr(request, "query_params", None) or {}).get("lang") in LANGUAGES
        if asked:
            choose(request, code)
        return [code, *(page_in(code, parts) if asked else [gr.skip()] * len(parts))]

    switch.input(switched, [switch], components, api_visibility=PRIVATE, queue=False, show_progress="hidden")
    blocks.load(opened, None, [switch, *components], api_visibility=PRIVATE, queue=False, show_progress="hidden")
