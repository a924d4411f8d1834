"""Style transfer by optimisation (Gatys, Ecker & Bethge, CVPR 2016): any content, any style.

    >>> import ganzoo
    >>> for step in ganzoo.gatys("photo.jpg", "painting.jpg", steps=150, size=256):
    ...     print(step.step, step.content_loss, step.style_loss)     # step.image: PIL, every ``every`` steps
    >>> step.image.save("stylised.png")

The *image itself* is optimised: start from the content photo, and move its pixels (Adam) to
lower  content_weight * L_content + style_weight * L_style + tv_weight * L_tv  (``ganzoo.losses``),
measured by a fixed VGG16. Slow (hundreds of VGG passes per picture) but it needs no training
and takes any style; Johnson's fast networks (``ganzoo.models.johnson``) learn one style once.

Each loss term is divided by the size of its target (the mean square of the content features,
of each style Gram matrix), so the weights say how much each term matters, whatever the layer's
scale: the style weight is the one knob to turn.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import torch
from PIL import Image

from ganzoo.errors import InvalidInputError
from ganzoo.image_input import ImageSource, fit_long_side, read_image, to_image, to_tensor
from ganzoo.inference.pictures import heat_map
from ganzoo.losses import content_loss, gram_matrix, style_loss, total_variation_loss
from ganzoo.models.vgg import VGG16Features, load_vgg16

CONTENT_TAP = "relu4_2"  # Gatys et al.'s content layer
STYLE_TAPS = ("relu1_2", "relu2_2", "relu3_3", "relu4_3")
MAX_SIZE = 1024  # long side, px: bounds memory and time on a CPU
MAX_STEPS = 2000


@dataclass(frozen=True)
class GatysStep:
    """The picture after ``step`` optimisation steps and its (normalised) losses."""

    step: int
    image: Image.Image | None
    content_loss: float
    style_loss: float


def prepare_style_input(source: ImageSource, size: int, what: str) -> torch.Tensor:
    """Any picture -> (1, 3, H, W) in [-1, 1], resized so that its long side is ``size``."""
    return to_tensor(fit_long_side(read_image(source, what), size))


@dataclass(frozen=True)
class GramView:
    """What "style" is to the network at one VGG layer: a picture of each image's Gram matrix, and
    how far each Gram matrix is from the style image's (normalised mean squared difference)."""

    tap: str
    pictures: tuple[Image.Image, ...]
    distances: tuple[float, ...]


@torch.no_grad()
def gram_view(images: list[ImageSource], tap: str = "relu2_2", size: int = 256, work_size: int = 256,
              vgg: VGG16Features | None = None) -> GramView:
    """The Gram matrices of ``tap`` for several pictures, the first being the style image.

    Channels are put in the order of the style's own channel energies (the diagonal of its
    Gram matrix, strongest top-left), and all pictures share one colour scale,
    log10(1 + G / (10^-3 max G_style)) up to the style's maximum, so they can be compared square
    by square. A picture of C x C pixels is averaged down to ``size`` if C is larger (relu4_3 has
    512 channels).
    """
    if tap not in STYLE_TAPS:
        raise InvalidInputError(f"layer must be one of {', '.join(STYLE_TAPS)}, got {tap!r}")
    vgg = vgg or load_vgg16("hed", last="relu4_3")
    grams = [gram_matrix(vgg.features(prepare_style_input(image, work_size, f"picture {i + 1}"), [tap])[tap])[0]
             for i, image in enumerate(images)]
    order = torch.argsort(grams[0].diagonal(), descending=True)
    grams = [g[order][:, order] for g in grams]
    reference = grams[0].pow(2).mean()
    # Shown on a log scale: a few strong channels would leave the rest of a linear picture black.
    floor = 1e-3 * float(grams[0].max()) or 1.0
    shown = [torch.log10(1 + _shrink(g, size).clamp(min=0) / floor) for g in grams]
    scale = float(shown[0].max()) or 1.0
    pictures = tuple(heat_map(g.numpy(), scale, size) for g in shown)
    distances = tuple(float((g - grams[0]).pow(2).mean() / reference) for g in grams)
    return GramView(tap, pictures, distances)


def _shrink(matrix: torch.Tensor, size: int) -> torch.Tensor:
    factor = max(1, matrix.shape[-1] // size)
    return torch.nn.functional.avg_pool2d(matrix[None, None], factor)[0, 0] if factor > 1 else matrix


def keep_colours(stylised: Image.Image, content: Image.Image) -> Image.Image:
    """Luminance from ``stylised``, colour (Cb, Cr) from ``content``: transfer the style's texture only.

    Gatys et al. (2017, "Controlling perceptual factors") found that matching luminance alone
    keeps the photo's colours while the brush strokes still come from the painting.
    """
    y, _, _ = stylised.convert("YCbCr").split()
    _, cb, cr = content.resize(stylised.size, Image.Resampling.BICUBIC).convert("YCbCr").split()
    return Image.merge("YCbCr", (y, cb, cr)).convert("RGB")


def _check(value: object, what: str, low: float, high: float, whole: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high \
            or (whole and int(value) != value):
        kind = "a whole number" if whole else "a number"
        raise InvalidInputError(f"{what} must be {kind} from {low} to {high}, got {value!r}")
    return value


class PerceptualLoss:
    """The normalised content and style terms against one style image, shared by Gatys and Johnson.

    ``terms(images, content_features)`` -> (L_content / ||F_c||^2, L_style / ||G_s||^2): each term
    divided by the mean square of its target, so the weights are scale-free.
    """

    def __init__(self, vgg: VGG16Features, style: torch.Tensor, content_tap: str = CONTENT_TAP,
                 style_taps: tuple[str, ...] = STYLE_TAPS) -> None:
        self.vgg, self.content_tap, self.style_taps = vgg, content_tap, style_taps
        with torch.no_grad():
            self.style_grams = {t: gram_matrix(f) for t, f in vgg.features(style, list(style_taps)).items()}
            self.style_scale = sum(g.pow(2).mean() for g in self.style_grams.values()) / len(style_taps)

    def to(self, device: torch.device) -> PerceptualLoss:
        self.vgg.to(device)
        self.style_grams = {t: g.to(device) for t, g in self.style_grams.items()}
        self.style_scale = self.style_scale.to(device)
        return self

    @torch.no_grad()
    def content_features(self, images: torch.Tensor) -> torch.Tensor:
        return self.vgg.features(images, [self.content_tap])[self.content_tap]

    def terms(self, images: torch.Tensor, content_features: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        features = self.vgg.features(images, [self.content_tap, *self.style_taps])
        l_content = content_loss(features[self.content_tap], content_features) / content_features.pow(2).mean()
        grams = {t: gram_matrix(features[t]) for t in self.style_taps}
        return l_content, style_loss(grams, self.style_grams) / self.style_scale


def gatys(
    content: ImageSource, style: ImageSource, steps: int = 150, size: int = 256, style_weight: float = 1e4,
    content_weight: float = 1.0, tv_weight: float = 1.0, lr: float = 0.02, every: int = 10,
    preserve_colour: bool = False, vgg: VGG16Features | None = None,
) -> Iterator[GatysStep]:
    """Optimise a picture; yield its losses after every step and the picture every ``every`` steps and at the end."""
    steps = int(_check(steps, "steps", 1, MAX_STEPS, whole=True))
    size = int(_check(size, "size", 32, MAX_SIZE, whole=True))
    for value, what in ((style_weight, "style weight"), (content_weight, "content weight"), (tv_weight, "tv weight")):
        _check(value, what, 0, 1e9)
    vgg = vgg or load_vgg16("hed", last="relu4_3")
    x_content = prepare_style_input(content, size, "content image")
    perceptual = PerceptualLoss(vgg, prepare_style_input(style, size, "style image"))
    target = perceptual.content_features(x_content)
    image = x_content.clone().requires_grad_(True)
    optimiser = torch.optim.Adam([image], lr=lr)
    original = to_image(x_content)
    for step in range(1, steps + 1):
        l_content, l_style = perceptual.terms(image, target)
        loss = content_weight * l_content + style_weight * l_style + tv_weight * total_variation_loss(image)
        optimiser.zero_grad(set_to_none=True)
        loss.backward()
        optimiser.step()
        with torch.no_grad():
            image.clamp_(-1, 1)
        picture = None
        if step % every == 0 or step == steps:
            picture = to_image(image.detach())
            if preserve_colour:
                picture = keep_colours(picture, original)
        yield GatysStep(step, picture, l_content.item(), l_style.item())
