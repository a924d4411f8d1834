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

SCRIPT = (Path(__file__).resolve().parent / "drawing_pad.js").read_text(encoding="utf-8")

TEMPLATE = """
<div class="drawing-pad" data-brush-px="{brush_px}" data-eraser-px="{eraser_px}">
  <div class="drawing-tools" role="toolbar">
    <button type="button" data-tool="brush" aria-pressed="true" aria-label="Brush" title="Brush">✏️</button>
    <button type="button" data-tool="eraser" aria-pressed="false" aria-label="Eraser" title="Eraser">🧽</button>
    <button type="button" data-action="undo" aria-label="Undo" title="Undo">↶</button>
    <button type="button" data-action="clear" aria-label="Clear canvas" title="Clear canvas">🗑️</button>
  </div>
  <canvas width="{size}" height="{size}" aria-label="drawing canvas"></canvas>
</div>
"""

STYLE = """
.drawing-pad canvas { width: 100%; max-width: {size}px; aspect-ratio: 1; display: block; margin: 0 auto;
  border: 1px solid var(--border-color-primary); border-radius: var(--radius-md); background: #fff;
  touch-action: none; cursor: crosshair; }
.drawing-tools { display: flex; gap: 6px; margin-bottom: 6px; }
.drawing-tools button { font-size: 1.3rem; min-width: 2.6rem; min-height: 2.6rem; border-radius: var(--radius-md);
  border: 1px solid var(--border-color-primary); background: var(--background-fill-secondary); }
.drawing-tools button[aria-pressed=true] { border-color: var(--color-accent); background: var(--color-accent-soft); }
"""


def drawing_pad(label: str | gr.I18nData, elem_id: str, size: int = 512, brush_px: int = 10,
                eraser_px: int = 24) -> gr.HTML:
    """A white ``size`` px canvas with a black brush of ``brush_px``; its events are ``stroke`` and ``empty``."""
    # The sizes are written into the template here (not passed as gr.HTML props, which did not
    # reach the template in Gradio 6.31); the script reads the brush widths from data- attributes.
    html = TEMPLATE.format(size=size, brush_px=brush_px, eraser_px=eraser_px)
    return gr.HTML(label=label, show_label=True, container=True, html_template=html,
                   css_template=STYLE.replace("{size}", str(size)), js_on_load=SCRIPT, elem_id=elem_id)
