"""A drawing pad whose pictures follow the pen: a plain canvas in a ``gr.HTML``.

Gradio's Sketchpad (an image editor with layers) uploads its background, each layer and the
composite as separate files before every event; measured in headless Chromium, a stroke's
pictures arrived 5.5-6.5 s after the pen lifted, while the three pix2pix models need 45 ms.
This pad sends the canvas itself, one PNG of 10-30 kB inside the event, so the round trip is
the model's time plus one request.

Events (``pad.stroke(fn, ...)``, ``pad.empty(fn, ...)``): ``stroke`` when a stroke (or an undo)
leaves ink on the canvas, with ``evt.png``, a ``data:image/png;base64,...`` URL that
``ganzoo.image_input.read_image`` reads; ``empty`` when the bin (or an undo) leaves it blank.
"""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from demo.language import words_for_script

SCRIPT = (Path(__file__).resolve().parent / "drawing_pad.js").read_text(encoding="utf-8")

TEMPLATE = """
<div class="drawing-pad" data-brush-px="{brush_px}" data-eraser-px="{eraser_px}" data-words="{words}">
  <div class="drawing-tools" role="toolbar">
    <button type="button" data-tool="brush" aria-pressed="true" data-word="pad_brush">{pencil}</button>
    <button type="button" data-tool="eraser" aria-pressed="false" data-word="pad_eraser">{eraser}</button>
    <button type="button" data-action="undo" data-word="pad_undo">{undo}</button>
    <button type="button" data-action="clear" data-word="pad_clear">{bin}</button>
  </div>
  <canvas width="{size}" height="{size}" data-word="pad_canvas"></canvas>
</div>
"""
# The tools' names (tooltips and screen-reader labels) in both languages; the script picks the one
# the page's language switch shows when the pointer or the keyboard reaches the pad.
WORDS = ("pad_brush", "pad_eraser", "pad_undo", "pad_clear", "pad_canvas")


def tool_names() -> str:
    """The tools' names in both languages, for the pad's script."""
    return words_for_script(WORDS)


# Line icons drawn here (not emoji, which a machine without an emoji font shows as boxes).
ICONS = {name: f'<svg viewBox="0 0 24 24" width="22" height="22" fill="none" stroke="currentColor" '
               f'stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">{path}</svg>'
         for name, path in {
             "pencil": '<path d="M4 20l4-1 11-11-3-3L5 16z"/><path d="M14 6l3 3"/>',
             "eraser": '<path d="M8 20h12"/><path d="M4 15l9-9 6 6-8 8H8z"/><path d="M9 10l6 6"/>',
             "undo": '<path d="M9 14L4 9l5-5"/><path d="M4 9h10a6 6 0 010 12h-3"/>',
             "bin": '<path d="M4 7h16"/><path d="M10 11v6M14 11v6"/><path d="M6 7l1 13h10l1-13"/>'
                    '<path d="M9 7V4h6v3"/>',
         }.items()}

STYLE = """
.drawing-pad canvas { width: 100%; max-width: {size}px; aspect-ratio: 1; display: block; margin: 0 auto;
  border: 1px solid var(--border-color-primary); border-radius: var(--radius-md); background: #fff;
  touch-action: none; cursor: crosshair; }
.drawing-tools { display: flex; gap: 6px; margin-bottom: 6px; }
.drawing-tools button { display: grid; place-items: center; width: 2.8rem; height: 2.8rem;
  border-radius: var(--radius-md); border: 1px solid var(--border-color-primary);
  background: var(--background-fill-secondary); }
.drawing-tools button[aria-pressed=true] { border-color: var(--color-accent); background: var(--color-accent-soft); }
"""


def drawing_pad(label: str | gr.I18nData, elem_id: str, size: int = 512, brush_px: int = 10,
                eraser_px: int = 24) -> gr.HTML:
    """A white ``size`` px canvas with a black brush of ``brush_px``; its events are ``stroke`` and ``empty``."""
    # The sizes are written into the template here (not passed as gr.HTML props, which did not
    # reach the template in Gradio 6.31); the script reads the brush widths from data- attributes.
    page = TEMPLATE.format(size=size, brush_px=brush_px, eraser_px=eraser_px, words=tool_names(), **ICONS)
    return gr.HTML(label=label, show_label=True, container=True, html_template=page,
                   css_template=STYLE.replace("{size}", str(size)), js_on_load=SCRIPT, elem_id=elem_id)
