"""Tensors in [-1, 1] -> pictures: PIL grids and animated GIFs."""

from __future__ import annotations

import functools
import io
import math
from pathlib import Path
from typing import Any

import numpy as np
import torch
from PIL import Image

from ganzoo.errors import InvalidInputError
from ganzoo.inference.checks import MAX_SCALE, check_count

# Heat map colours from nothing to the largest shown value: black, red, yellow, white.
HEAT_STOPS = np.array([[0, 0, 0], [200, 30, 30], [255, 210, 0], [255, 255, 255]], dtype=np.float32)
HEAT_COLOURS = [tuple(int(v) for v in stop) for stop in HEAT_STOPS]  # the same, for ``with_colour_bar``


def heat_map(values: np.ndarray, scale: float, size: int) -> Image.Image:
    """A 2-D array as a ``size`` x ``size`` heat map: 0 black, through red and yellow, white at ``scale`` and above.

    Nearest-neighbour enlargement: each value stays a sharp square.
    """
    position = np.clip(np.asarray(values, dtype=np.float32) / scale, 0, 1) * (len(HEAT_STOPS) - 1)
    low = np.floor(position).astype(int).clip(0, len(HEAT_STOPS) - 2)
    fraction = (position - low)[..., None]
    colours = HEAT_STOPS[low] * (1 - fraction) + HEAT_STOPS[low + 1] * fraction
    heat = Image.fromarray(colours.round().astype(np.uint8))
    return heat.resize((size, size), Image.Resampling.NEAREST)


def to_pil(images: torch.Tensor, nrow: int | None = None, scale: int = 4, padding: int = 2) -> Image.Image:
    """Images (N, 1, H, W) in [-1, 1] -> one greyscale PIL grid, ``nrow`` images per row.

    Each pixel becomes a ``scale`` x ``scale`` block (nearest neighbour): on a projector
    the 28x28 digits stay sharp instead of being smoothed into something they are not.
    """
    if images.dim() == 3:
        images = images.unsqueeze(0)
    if images.dim() != 4 or images.size(1) not in (1, 3):
        raise InvalidInputError(f"expected images of shape (N, 1 or 3, H, W), got {tuple(images.shape)}")
    scale = check_count(scale, cap=MAX_SCALE, what="scale")
    n, c, h, w = images.shape
    nrow = min(nrow or n, n)
    rows = math.ceil(n / nrow)
    pixels = ((images.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8)
    canvas = torch.zeros(c, rows * (h + padding) + padding, nrow * (w + padding) + padding, dtype=torch.uint8)
    for i in range(n):
        top, left = padding + (i // nrow) * (h + padding), padding + (i % nrow) * (w + padding)
        canvas[:, top : top + h, left : left + w] = pixels[i]
    array = canvas.permute(1, 2, 0).numpy()
    picture = Image.fromarray(array[:, :, 0] if c == 1 else np.ascontiguousarray(array))
    return picture.resize((picture.width * scale, picture.height * scale), Image.Resampling.NEAREST)


def save_gif(
    frames: torch.Tensor, path: str | Path | io.BytesIO, scale: int = 8,
    frame_ms: int = 80, bounce: bool = True,
) -> None:
    """Write frames (N, 1, H, W) as a looping animated GIF; ``bounce`` plays it there and back."""
    pictures = [to_pil(f, scale=scale, padding=0) for f in frames]
    if bounce and len(pictures) > 2:
        pictures += pictures[-2:0:-1]
    pictures[0].save(path, format="GIF", save_all=True, append_images=pictures[1:], duration=frame_ms, loop=0)


def with_colour_bar(picture: Image.Image, colours: list[tuple[int, int, int]], low: str, high: str,
                    height: int = 30) -> Image.Image:
    """``picture`` with a colour scale under it: a gradient through ``colours`` from the label ``low``
    (left) to ``high`` (right), so a reader can tell what a colour in the picture means."""
    from PIL import ImageDraw

    width = picture.width
    stops = np.array(colours, dtype=np.float32)
    position = np.linspace(0, len(stops) - 1, width)
    index = np.minimum(position.astype(int), len(stops) - 2)
    fraction = (position - index)[:, None]
    row = stops[index] * (1 - fraction) + stops[index + 1] * fraction
    bar = np.repeat(row[None].round().astype(np.uint8), height // 2, axis=0)
    canvas = Image.new("RGB", (width, picture.height + height), "white")
    canvas.paste(picture.convert("RGB"), (0, 0))
    canvas.paste(Image.fromarray(bar), (0, picture.height + height // 2))
    draw = ImageDraw.Draw(canvas)
    font = font_for(low + high, max(11, height // 2 - 2))
    draw.text((2, picture.height), low, fill=(40, 40, 40), font=font)
    draw.text((width - 2 - draw.textlength(high, font=font), picture.height), high, fill=(40, 40, 40), font=font)
    return canvas


# Fonts that draw Hangul, where Debian and Ubuntu put them (``apt install fonts-nanum``; a Hugging Face
# Space installs it from ``packages.txt``). Pillow's own font draws Latin letters only.
HANGUL_FONTS = ("/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
                "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                "/usr/share/fonts/truetype/noto/NotoSansCJK-Regular.ttc")


@functools.cache
def hangul_font_path() -> str | None:
    """The first font of ``HANGUL_FONTS`` on this machine, or None."""
    return next((path for path in HANGUL_FONTS if Path(path).is_file()), None)


def font_for(text: str, size: int) -> Any:
    """A font that draws ``text``: Pillow's own for plain ASCII, a Hangul font for anything else when
    this machine has one (without one, the text would be drawn as boxes: see ``hangul_font_path``)."""
    path = None if text.isascii() else hangul_font_path()
    return _font(path, size)


@functools.cache
def _font(path: str | None, size: int) -> Any:
    """Read once per (file, size): each sketch stroke draws three colour scales."""
    from PIL import ImageFont

    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size=size)


def enlarge(picture: Image.Image, scale: int = 3) -> Image.Image:
    """Nearest-neighbour enlargement: on a projector the 128 px pixels stay honest."""
    return picture.resize((picture.width * scale, picture.height * scale), Image.Resampling.NEAREST)
