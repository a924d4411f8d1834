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

import numpy as np
import torch
from PIL import Image
from torch import nn

from ganzoo.checkpoints import LoadedModel
from ganzoo.errors import InvalidInputError
from ganzoo.image_input import ImageSource, fit_drawing, fit_square, read_image, to_image, to_tensor
from ganzoo.models import PatchDiscriminator, UNetGenerator

SKETCH_SIZE = 128
FAKE_TINT = (220, 30, 30)


def _module(model: LoadedModel | nn.Module, kind: type[nn.Module], what: str) -> nn.Module:
    module = model.model if isinstance(model, LoadedModel) else model
    if not isinstance(module, kind):
        raise InvalidInputError(f"{what} must be a {kind.__name__} (a pix2pix checkpoint), got {type(module).__name__}")
    return module


def prepare_sketch(sketch: ImageSource, fit: bool = True, what: str = "sketch") -> Image.Image:
    """Any picture -> the 128 x 128 RGB sketch the generator takes.

    ``fit=True`` (for drawings): crop to the ink and centre it with a 15% margin, as OpenMoji's
    outlines sit; an empty drawing is refused. ``fit=False`` (for images already laid out like
    the training data): scale the long side to 128 and pad with white.
    """
    image = read_image(sketch, what)
    return fit_drawing(image, SKETCH_SIZE, what=what) if fit else fit_square(image, SKETCH_SIZE)


@torch.inference_mode()
def translate(model: LoadedModel | nn.Module, sketch: ImageSource, fit: bool = True) -> Image.Image:
    """The generator's picture for ``sketch`` (128 x 128 RGB). Deterministic: eval mode, no dropout."""
    generator = _module(model, UNetGenerator, "model")
    prepared = sketch if _is_prepared(sketch) else prepare_sketch(sketch, fit)
    generator.eval()
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
    d = _module(discriminator, PatchDiscriminator, "discriminator")
    d.eval()
    logits = d(to_tensor(read_image(sketch, "sketch")), to_tensor(read_image(picture, "picture")))
    return torch.sigmoid(logits)[0, 0].numpy()


def patch_overlay(picture: Image.Image, realness: np.ndarray, strength: float = 0.6) -> Image.Image:
    """Tint ``picture`` red where D finds it fake (realness near 0), leave it where D finds it real."""
    fakeness = Image.fromarray(((1 - realness) * 255).astype(np.uint8)).resize(picture.size, Image.Resampling.BILINEAR)
    alpha = (np.asarray(fakeness, dtype=np.float32) / 255 * strength)[:, :, None]
    base = np.asarray(picture.convert("RGB"), dtype=np.float32)
    tinted = base * (1 - alpha) + np.array(FAKE_TINT, dtype=np.float32) * alpha
    return Image.fromarray(tinted.round().astype(np.uint8))


def enlarge(picture: Image.Image, scale: int = 3) -> Image.Image:
    """Nearest-neighbour enlargement: on a projector the 128 px pixels stay honest."""
    return picture.resize((picture.width * scale, picture.height * scale), Image.Resampling.NEAREST)
