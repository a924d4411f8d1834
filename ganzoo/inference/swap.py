"""CycleGAN at run time: an emoji of one style -> the other style -> back again, and the error of the round trip.

    >>> import ganzoo
    >>> cyc = ganzoo.load("cyclegan-noto-twemoji")
    >>> trip = ganzoo.swap_domain(cyc, "grinning.png", to="twemoji")
    >>> trip.translated, trip.reconstructed, trip.cycle_error      # PIL, PIL, float in [0, 1]
    >>> ganzoo.error_heatmap(trip.error_map).save("where_the_round_trip_fails.png")

Every input goes through ``ganzoo.image_input`` (any format, bounded memory, transparency on
white like the training emoji), then ``prepare_emoji`` scales it into a 64 px white square.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image
from torch import nn

from ganzoo.checkpoints import LoadedModel
from ganzoo.errors import InvalidInputError
from ganzoo.image_input import ImageSource, fit_square, read_image, to_image, to_tensor
from ganzoo.inference.pictures import heat_map
from ganzoo.models import CycleGenerators

EMOJI_SIZE = 64
# The shipped models' domains: A = Noto, B = Twemoji (see ganzoo.data.unpaired).
STYLES = {"twemoji": "b", "noto": "a"}


@dataclass(frozen=True)
class RoundTrip:
    """x, G(x), F(G(x)) as 64 px images, and |F(G(x)) - x| per pixel (mean over RGB, 0..1)."""

    input: Image.Image
    translated: Image.Image
    reconstructed: Image.Image
    error_map: np.ndarray

    @property
    def cycle_error(self) -> float:
        """Mean |F(G(x)) - x| on the 0..1 scale: the cycle-consistency loss of this one image."""
        return float(self.error_map.mean())


def _generators(model: LoadedModel | nn.Module) -> CycleGenerators:
    module = model.model if isinstance(model, LoadedModel) else model
    if not isinstance(module, CycleGenerators):
        raise InvalidInputError(f"model must be a CycleGAN checkpoint (CycleGenerators), got {type(module).__name__}")
    return module


def check_style(style: object) -> str:
    if style not in STYLES:
        raise InvalidInputError(f"style must be one of {tuple(STYLES)}, got {style!r}")
    return str(style)


def prepare_emoji(image: ImageSource, what: str = "picture") -> Image.Image:
    """Any picture -> the 64 x 64 RGB square the generators take: long side 64, padded with white."""
    return fit_square(read_image(image, what), EMOJI_SIZE)


@torch.inference_mode()
def swap_domain(model: LoadedModel | nn.Module, image: ImageSource, to: str = "twemoji") -> RoundTrip:
    """Translate ``image`` into style ``to`` ("twemoji" or "noto") and back again."""
    generators = _generators(model)
    target = STYLES[check_style(to)]
    source = "a" if target == "b" else "b"
    prepared = prepare_emoji(image)
    generators.eval()
    x = to_tensor(prepared)
    translated = generators(x, to=target)
    reconstructed = generators(translated, to=source)
    error = (reconstructed.clamp(-1, 1) - x).abs().mean(1)[0] / 2  # [-1, 1] differences -> 0..1 scale
    return RoundTrip(prepared, to_image(translated), to_image(reconstructed), error.numpy())


def error_heatmap(error_map: np.ndarray, scale: float = 0.5, size: int = 192) -> Image.Image:
    """Per-pixel error (0..1) as a heat map: black = none, through red and yellow to white at ``scale``.

    ``scale`` 0.5 by default, i.e. half the full range: a round trip that loses a shape shows
    it in yellow and white, a faithful one stays black and dark red.
    """
    return heat_map(error_map, scale, size)
