"""pix2pix at run time: a sketch (any picture) -> the coloured picture, and where D finds it fake.

    >>> import ganzoo
    >>> g = ganzoo.load("pix2pix-openmoji")
    >>> picture = ganzoo.translate(g, "my_sketch.png")            # PIL image, 128 x 128
    >>> d = ganzoo.load("pix2pix-openmoji-patchgan")
    >>> realness = ganzoo.patch_realness(d, sketch, picture)      # (30, 30) in [0, 1]

Every input goes through ``ganzoo.image_input`` (any format, bounded memory, transparency on
white), then ``prepare_sketch`` places the drawing as the training outlines are placed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image
from torch import nn

from ganzoo import checkpoints
from ganzoo.checkpoints import LoadedModel, network_of
from ganzoo.image_input import (
    ImageSource,
    check_meaningful,
    fit_drawing,
    fit_square,
    read_image,
    to_image,
    to_tensor,
)
from ganzoo.models import PatchDiscriminator, UNetGenerator
from ganzoo.precision import inference_autocast

SKETCH_SIZE = 128
FAKE_TINT = (220, 30, 30)


@dataclass(frozen=True)
class Pix2PixFamily:
    """The shipped pix2pix models of one data set, found by their cards: the full model, its two
    ablations (same network and steps, one loss each), and the full model's discriminator."""

    source: str
    l1_only: str | None = None
    gan_only: str | None = None
    full: str | None = None
    patchgan: str | None = None

    @property
    def generators(self) -> tuple[str | None, str | None, str | None]:
        """L1 only, cGAN only, L1 + cGAN: the order the tab shows them in."""
        return self.l1_only, self.gan_only, self.full


def pix2pix_families() -> dict[str, Pix2PixFamily]:
    """Every data set that has a shipped pix2pix model, with its models (read from the model cards)."""
    found: dict[str, dict[str, str]] = {}
    for card in checkpoints.shipped_cards("pix2pix.PatchDiscriminator", "pix2pix.UNetGenerator"):
        if card.source is None:
            continue
        if card.architecture == "pix2pix.PatchDiscriminator":
            found.setdefault(card.source, {})["patchgan"] = card.name
        else:
            l1, gan = card.weight("l1_weight"), card.weight("gan_weight")
            role = "full" if l1 and gan else "l1_only" if l1 else "gan_only"
            found.setdefault(card.source, {})[role] = card.name
    return {source: Pix2PixFamily(source, **roles) for source, roles in sorted(found.items())}


def prepare_sketch(sketch: ImageSource, fit: bool = True, what: str = "sketch") -> Image.Image:
    """Any picture -> the 128 x 128 RGB sketch the generator takes.

    ``fit=True`` (for drawings): crop to the ink and centre it with a 15% margin, as OpenMoji's
    outlines sit; an empty drawing is refused. ``fit=False`` (for images already laid out like
    the training data): scale the long side to 128 and pad with white.
    """
    image = check_meaningful(read_image(sketch, what), what, refuse_flat=False)  # "no ink" is said below
    return fit_drawing(image, SKETCH_SIZE, what=what) if fit else fit_square(image, SKETCH_SIZE)


@torch.inference_mode()
def translate(model: LoadedModel | nn.Module, sketch: ImageSource, fit: bool = True) -> Image.Image:
    """The generator's picture for ``sketch`` (128 x 128 RGB). Deterministic: eval mode, no dropout."""
    generator = network_of(model, UNetGenerator, "model", family="pix2pix")
    prepared = sketch if _is_prepared(sketch) else prepare_sketch(sketch, fit)
    generator.eval()
    with inference_autocast():
        return to_image(generator(to_tensor(prepared)))


def _is_prepared(sketch: ImageSource) -> bool:
    return isinstance(sketch, Image.Image) and sketch.mode == "RGB" and sketch.size == (SKETCH_SIZE, SKETCH_SIZE)


@torch.inference_mode()
def patch_realness(
    discriminator: LoadedModel | nn.Module, sketch: Image.Image, picture: Image.Image
) -> np.ndarray:
    """D's verdict per patch: (h, w) array of P(real) = sigmoid(logit), 30 x 30 for 128 px images.

    Each value judges one 34 x 34 px patch of ``picture`` *as a colouring of* ``sketch``.
    """
    d = network_of(discriminator, PatchDiscriminator, "discriminator", family="pix2pix")
    d.eval()
    with inference_autocast():
        logits = d(to_tensor(read_image(sketch, "sketch")), to_tensor(read_image(picture, "picture")))
    return torch.sigmoid(logits.float())[0, 0].numpy()


def patch_overlay(picture: Image.Image, realness: np.ndarray, strength: float = 0.6) -> Image.Image:
    """Tint ``picture`` red where D finds it fake (realness near 0), leave it where D finds it real."""
    fakeness = Image.fromarray(((1 - realness) * 255).astype(np.uint8)).resize(picture.size, Image.Resampling.BILINEAR)
    alpha = (np.asarray(fakeness, dtype=np.float32) / 255 * strength)[:, :, None]
    base = np.asarray(picture.convert("RGB"), dtype=np.float32)
    tinted = base * (1 - alpha) + np.array(FAKE_TINT, dtype=np.float32) * alpha
    return Image.fromarray(tinted.round().astype(np.uint8))


