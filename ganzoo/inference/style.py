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

import copy
import math
from collections.abc import Iterator
from dataclasses import dataclass

import torch
from PIL import Image

from ganzoo.image_input import ImageSource, fit_long_side, read_picture, to_image, to_tensor
from ganzoo.inference.checks import number, one_of, whole_number
from ganzoo.inference.pictures import HEAT_COLOURS, heat_map, with_colour_bar
from ganzoo.losses import STYLE_TAPS, PerceptualLoss, gram_matrix, total_variation_loss
from ganzoo.models.vgg import VGG16Features, load_vgg16

MAX_SIZE = 1024  # long side, px: bounds memory and time on a CPU
MAX_STEPS = 2000


@dataclass(frozen=True)
class GatysStep:
    """The picture after ``step`` optimisation steps and its (normalised) losses."""

    step: int
    image: Image.Image | None
    content_loss: float
    style_loss: float


#: VGG16 halves a picture four times before relu4_3, and a side below 32 px leaves nothing to halve.
MIN_VGG_SIDE = 32


def prepare_style_input(source: ImageSource, size: int, what: str) -> torch.Tensor:
    """Any picture -> (1, 3, H, W) in [-1, 1], resized so that its long side is ``size``.

    A long thin picture (900 x 100 at 64 px would be 64 x 7) is padded with white to a short side
    of ``MIN_VGG_SIDE``, so the loss network can still read it."""
    picture = fit_long_side(read_picture(source, what), size)
    if min(picture.size) < MIN_VGG_SIDE:
        padded = Image.new("RGB", (max(picture.width, MIN_VGG_SIDE), max(picture.height, MIN_VGG_SIDE)), "white")
        padded.paste(picture, ((padded.width - picture.width) // 2, (padded.height - picture.height) // 2))
        picture = padded
    return to_tensor(picture)


SHOWN_CHANNELS = 64  # of a layer's 64-512, those that fire most


@dataclass(frozen=True)
class GramView:
    """What "style" is to the network at one VGG layer: a picture of each image's Gram matrix, and
    how far each Gram matrix is from the style image's (normalised mean squared difference)."""

    tap: str
    pictures: tuple[Image.Image, ...]
    distances: tuple[float, ...]
    channels_shown: int = 0
    channels: int = 0


@torch.no_grad()
def gram_view(images: list[ImageSource], tap: str = "relu2_2", size: int = 256, work_size: int = 256,
              vgg: VGG16Features | None = None,
              scale_labels: tuple[str, str] = ("low (log scale)", "style's max")) -> GramView:
    """The Gram matrices of ``tap`` for several pictures, the first being the style image.

    Channels are put in the order of their energy (the diagonal of the Gram matrices, each picture's
    scaled to its strongest channel, summed; strongest top-left), and at most ``SHOWN_CHANNELS`` of
    them are drawn: in relu2_2 and deeper, most of a painting's channels hardly fire, and drawing
    them all left pictures that were black but for one corner. All pictures share one colour
    scale, log10(1 + G / (10^-3 max G_style)) up to the style's maximum, so they can be compared
    square by square. The distances are those of the whole Gram matrices. ``scale_labels`` name the
    colour scale's two ends (the app passes them in the reader's language).
    """
    one_of(tap, STYLE_TAPS, "layer")
    vgg = vgg or load_vgg16("hed", last="relu4_3")
    fields = ("Style picture", "Content image", "Result")
    grams = [gram_matrix(vgg.features(prepare_style_input(image, work_size, fields[i] if i < 3 else f"picture {i + 1}"),
                                      [tap])[tap])[0] for i, image in enumerate(images)]
    reference = grams[0].pow(2).mean()
    distances = tuple(float((g - grams[0]).pow(2).mean() / reference) for g in grams)
    energy = sum(g.diagonal() / g.diagonal().max().clamp(min=1e-12) for g in grams)
    order = torch.argsort(energy, descending=True)[:SHOWN_CHANNELS]
    grams = [g[order][:, order] for g in grams]
    # Shown on a log scale from the style's 5th percentile above 0 (black) to its maximum (white): a few strong
    # channel pairs, hundreds of times the rest, would leave a linear picture (or a fixed floor) black.
    positive = grams[0][grams[0] > 0]  # a channel that never fires on the style is 0: black, not the scale's end
    low = float(torch.quantile(positive, 0.05)) if positive.numel() else 1e-12
    high = max(float(grams[0].max()), 10 * low)
    shown = [torch.log10(g.clamp(min=low) / low) for g in grams]
    scale = math.log10(high / low)
    # Each with the shared colour scale under it: black = pairs that (almost) never fire together,
    # white = the style's strongest pair.
    pictures = tuple(with_colour_bar(heat_map(g.numpy(), scale, size), HEAT_COLOURS, *scale_labels)
                     for g in shown)
    return GramView(tap, pictures, distances, len(order), len(energy))


def keep_colours(stylised: Image.Image, content: Image.Image) -> Image.Image:
    """Luminance from ``stylised``, colour (Cb, Cr) from ``content``: transfer the style's texture only.

    Gatys et al. (2017, "Controlling perceptual factors") found that matching luminance alone
    keeps the photo's colours while the brush strokes still come from the painting.
    """
    y, _, _ = stylised.convert("YCbCr").split()
    _, cb, cr = content.resize(stylised.size, Image.Resampling.BICUBIC).convert("YCbCr").split()
    return Image.merge("YCbCr", (y, cb, cr)).convert("RGB")


def gatys(
    content: ImageSource, style: ImageSource, steps: int = 150, size: int = 256, style_weight: float = 1e4,
    content_weight: float = 1.0, tv_weight: float = 1.0, lr: float = 0.02, every: int = 10,
    preserve_colour: bool = False, vgg: VGG16Features | None = None, device: str | torch.device | None = None,
) -> Iterator[GatysStep]:
    """Optimise a picture; yield its losses after every step and the picture every ``every`` steps and at the end.

    ``device``: where to optimise (default: CUDA when there is one, as on a ZeroGPU Space, else the CPU).
    The loss network is copied there, so a shared CPU copy stays where other requests use it."""
    steps = whole_number(steps, "steps", 1, MAX_STEPS)
    size = whole_number(size, "size", 32, MAX_SIZE)
    for value, what in ((style_weight, "style weight"), (content_weight, "content weight"), (tv_weight, "tv weight")):
        number(value, what, 0, 1e9)
    vgg = vgg or load_vgg16("hed", last="relu4_3")
    device = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))
    if next(vgg.parameters()).device != device:
        vgg = copy.deepcopy(vgg).to(device)
    x_content = prepare_style_input(content, size, "Content image").to(device)
    perceptual = PerceptualLoss(vgg, prepare_style_input(style, size, "Style picture").to(device))
    target = perceptual.content_features(x_content)
    image = x_content.clone().requires_grad_(True)
    optimiser = torch.optim.Adam([image], lr=lr)
    original = to_image(x_content.cpu())
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
            picture = to_image(image.detach().cpu())
            if preserve_colour:
                picture = keep_colours(picture, original)
        yield GatysStep(step, picture, l_content.item(), l_style.item())
