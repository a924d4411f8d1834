"""Pictures of the GAN game (``ganzoo.train.game``): the plane, the curves, and a whole run for the API.

The plane, as GAN Lab draws it: D's opinion of every place as the background (green where D says
"real", purple where it says "fake", white where it cannot tell), the real points in dark green,
G's points in purple, and on each of G's points an arrow: the direction in which D's judgement
pushes it (−∂L_G/∂x). Drawn with Pillow, not a plotting library, so a frame costs milliseconds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image, ImageDraw, ImageFont

from ganzoo.inference.checks import whole_number
from ganzoo.inference.pictures import font_for
from ganzoo.train.game import GameSettings, GanGame, StepReport

EXTENT = 2.5  # the plane shows [-EXTENT, EXTENT]²
SURFACE_RESOLUTION = 64
REAL_COLOUR = (20, 110, 60)
FAKE_COLOUR = (120, 40, 160)
ARROW_COLOUR = (60, 60, 60)
ARROWS = 96  # arrows on the first this-many generated points: enough to see the field, few enough to read
MAX_API_STEPS = 5000


def surface_colours(surface: np.ndarray) -> np.ndarray:
    """D(x) in [0, 1] -> RGB: purple (fake, 0) through white (0.5) to green (real, 1)."""
    t = (surface[..., None] - 0.5) * 2  # -1 .. 1
    white = np.array([255.0, 255.0, 255.0])
    green, purple = np.array([150.0, 215.0, 160.0]), np.array([205.0, 170.0, 225.0])
    colour = np.where(t >= 0, white + t * (green - white), white - t * (purple - white))
    return colour.clip(0, 255).astype(np.uint8)


def to_pixels(points: torch.Tensor, size: int) -> np.ndarray:
    """Plane coordinates -> pixel coordinates (y up on the plane, down in the picture)."""
    p = points.detach().numpy()
    return np.stack([(p[:, 0] + EXTENT) / (2 * EXTENT) * size, (EXTENT - p[:, 1]) / (2 * EXTENT) * size], 1)


def render_plane(game: GanGame, size: int = 420, arrows: bool = True, title: str | None = None) -> Image.Image:
    """The plane: D's surface, real and generated points, and D's pushes on the generated points."""
    surface = game.surface(SURFACE_RESOLUTION, EXTENT).numpy()
    picture = Image.fromarray(surface_colours(surface)).resize((size, size), Image.Resampling.BILINEAR)
    draw = ImageDraw.Draw(picture)
    for x, y in to_pixels(game.view_real[:400], size):
        draw.ellipse((x - 2, y - 2, x + 2, y + 2), fill=REAL_COLOUR)
    generated = game.generated()
    if arrows:
        points, push = game.pushes(generated[:ARROWS])
        lengths = push.norm(dim=1)
        scale = 0.35 / max(float(lengths.max()), 1e-12)  # the strongest push drawn 0.35 plane units long
        _draw_arrows(draw, to_pixels(points, size), to_pixels(points + push * scale, size))
    for x, y in to_pixels(generated, size):
        draw.ellipse((x - 2.5, y - 2.5, x + 2.5, y + 2.5), fill=FAKE_COLOUR)
    for centre in to_pixels(game.modes, size):  # the modes G should reach, as small rings
        x, y = centre
        r = game.radius / (2 * EXTENT) * size
        draw.ellipse((x - r, y - r, x + r, y + r), outline=(90, 90, 90), width=1)
    if title:
        draw.text((8, 6), title, fill=(20, 20, 20), font=font_for(title, max(14, size // 26)))
    return picture


def _draw_arrows(draw: ImageDraw.ImageDraw, starts: np.ndarray, ends: np.ndarray) -> None:
    for (x0, y0), (x1, y1) in zip(starts, ends, strict=True):
        if math.hypot(x1 - x0, y1 - y0) < 2:
            continue  # no visible push: a dot, not an arrow
        draw.line((x0, y0, x1, y1), fill=ARROW_COLOUR, width=2)
        angle = math.atan2(y1 - y0, x1 - x0)
        for side in (-0.5, 0.5):  # the arrow head
            draw.line((x1, y1, x1 - 6 * math.cos(angle + side), y1 - 6 * math.sin(angle + side)),
                      fill=ARROW_COLOUR, width=2)


@dataclass(frozen=True)
class Series:
    label: str
    values: list[float]
    colour: tuple[int, int, int]


def render_curves(panels: list[tuple[str, list[Series], bool]], width: int = 420, height: int = 300) -> Image.Image:
    """Stacked line charts: each panel (title, series, log scale?) over the same step axis."""
    picture = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(picture)
    words = " ".join(title + "".join(s.label for s in series) for title, series, _ in panels)
    font = font_for(words, 13)  # a font that draws Korean when the words are Korean
    panel_height = height // max(len(panels), 1)
    for i, (title, series, log_scale) in enumerate(panels):
        top = i * panel_height
        box = (44, top + 20, width - 10, top + panel_height - 16)
        _draw_panel(draw, box, title, series, log_scale, font)
    return picture


def _draw_panel(draw: ImageDraw.ImageDraw, box: tuple[int, int, int, int], title: str, series: list[Series],
                log_scale: bool, font: ImageFont.ImageFont) -> None:
    left, top, right, bottom = box
    draw.rectangle(box, outline=(180, 180, 180))
    draw.text((left, top - 17), title, fill=(30, 30, 30), font=font)
    values = [v for s in series for v in s.values if math.isfinite(v) and (v > 0 or not log_scale)]
    if not values:
        return
    transform = (lambda v: math.log10(v)) if log_scale else (lambda v: v)
    low, high = transform(min(values)), transform(max(values))
    if high - low < 1e-9:
        low, high = low - 1, high + 1
    for value, anchor in ((high, top), (low, bottom)):
        label = f"{10 ** value:.2g}" if log_scale else f"{value:.2g}"
        draw.text((2, anchor - 7), label, fill=(90, 90, 90), font=font)
    legend_x = left + 6
    for s in series:
        finite = [(i, transform(v)) for i, v in enumerate(s.values) if math.isfinite(v) and (v > 0 or not log_scale)]
        n = max(len(s.values) - 1, 1)
        line = [(left + (right - left) * i / n, bottom - (bottom - top) * (v - low) / (high - low)) for i, v in finite]
        if len(line) > 1:
            draw.line(line, fill=s.colour, width=2)
        draw.text((legend_x, top + 3), s.label, fill=s.colour, font=font)
        legend_x += int(draw.textlength(s.label, font=font)) + 14


# The words drawn in the charts; a caller in another language passes its own.
CURVE_WORDS = {"losses": "losses", "loss_g": "loss G", "loss_d": "loss D", "grad_g": "|grad G|",
               "grad_title": "G's gradient norm (log scale)"}


def game_curves(histories: dict[str, list[StepReport]], width: int = 420, height: int = 300,
                words: dict[str, str] | None = None) -> Image.Image:
    """Losses and G's gradient norm over the steps, for one game or several (compare mode)."""
    words = CURVE_WORDS | (words or {})
    colours = [(200, 80, 40), (40, 90, 200), (30, 140, 70), (150, 60, 160)]
    loss_series, norm_series = [], []
    for (name, history), colour in zip(histories.items(), colours, strict=False):
        prefix = f"{name}: " if len(histories) > 1 else ""
        loss_series.append(Series(f"{prefix}{words['loss_g']}", [r.loss_g for r in history], colour))
        if len(histories) == 1:
            loss_series.append(Series(words["loss_d"], [r.loss_d for r in history], (40, 90, 200)))
        norm_series.append(Series(f"{prefix}{words['grad_g']}", [r.g_grad_norm for r in history], colour))
    return render_curves([(words["losses"], loss_series, False), (words["grad_title"], norm_series, True)],
                         width, height)


def play(preset: str = "ring", steps: int = 500, g_loss: str = "non-saturating", seed: int = 0,
         d_steps: int = 1) -> tuple[Image.Image, dict[str, float]]:
    """Train a fresh game on ``preset`` for ``steps`` steps; return its final plane and figures.

    What the public ``/playground`` endpoint runs: the same game the tab plays, without a browser."""
    steps = whole_number(steps, "Steps:", 1, MAX_API_STEPS)  # the field as the /playground endpoint names it
    game = GanGame(GameSettings(data=preset, g_loss=g_loss, seed=seed, d_steps=d_steps))
    report = game.run(steps)
    assert report is not None
    return render_plane(game), report.as_dict()
