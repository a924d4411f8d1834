"""Johnson's fast style networks at run time: one forward pass per stylised picture.

    >>> import ganzoo
    >>> net = ganzoo.load("style-starry-night")
    >>> picture = ganzoo.stylise(net, "photo.jpg", size=512, strength=0.8)    # PIL image

Each shipped network learnt one painting (its model card names it, with the loss weights and
the measured losses). ``strength`` blends the stylised picture with the content photo, pixel by
pixel; ``preserve_colour`` keeps the photo's colours and takes only the luminance from the network,
as ``ganzoo.gatys`` does.
"""

from __future__ import annotations

import torch
from PIL import Image
from torch import nn

from ganzoo import checkpoints
from ganzoo.checkpoints import LoadedModel, network_of
from ganzoo.image_input import ImageSource, to_image
from ganzoo.inference.checks import number, one_of, whole_number
from ganzoo.inference.onnx_runtime import onnx_runtime_available, run_transform_net
from ganzoo.inference.style import keep_colours, prepare_style_input
from ganzoo.models.johnson import TransformNet


def fast_styles() -> dict[str, str]:
    """Painting name -> the shipped fast network trained on it, found by the cards (``dataset.style``)."""
    found = {}
    for card in checkpoints.shipped_cards("johnson.TransformNet"):
        style = card.dataset.get("style") or card.training.get("style")
        if style:
            found.setdefault(str(style), card.name)
    return found


# The built-in styles with a shipped fast network (read once, at import): painting -> checkpoint.
FAST_STYLES = fast_styles()
MIN_SIZE, MAX_SIZE = 64, 1024  # long side, px


def check_strength(strength: object) -> float:
    return number(strength, "strength", 0, 1)


def check_size(size: object, low: int = MIN_SIZE, high: int = MAX_SIZE) -> int:
    """The long side in pixels (NaN and infinity are refused like any other non-number)."""
    return whole_number(size, "size", low, high)


BACKENDS = ("auto", "onnxruntime", "torch")


@torch.inference_mode()
def stylise_tensor(network: TransformNet, photo: torch.Tensor, backend: str = "auto") -> torch.Tensor:
    """(1, 3, H, W) in [-1, 1] -> the network's picture, clamped to [-1, 1].

    ``backend``: "auto" runs ONNX Runtime when it is installed (1.35x faster at 1024 px on 2 CPU cores, see
    ``ganzoo.inference.onnx_runtime``), else PyTorch; "torch" or "onnxruntime" force one. In
    PyTorch, channels-last memory suits the CPU's convolution kernels (about 1.3x faster here).
    """
    if backend not in BACKENDS:
        one_of(backend, BACKENDS, "backend")
    if photo.device.type == "cpu" and (backend == "onnxruntime" or (backend == "auto" and onnx_runtime_available())):
        return run_transform_net(network, photo).clamp(-1, 1)
    network.eval()
    x = photo.contiguous(memory_format=torch.channels_last)
    return network.to(memory_format=torch.channels_last)(x).clamp(-1, 1).contiguous()


def stylise(model: LoadedModel | nn.Module, content: ImageSource, size: int = 512, strength: float = 1.0,
            preserve_colour: bool = False, backend: str = "auto") -> Image.Image:
    """The content picture, resized to a long side of ``size`` px, painted in the network's style."""
    network = network_of(model, TransformNet, family="fast style network")
    size, strength = check_size(size), check_strength(strength)
    photo = prepare_style_input(content, size, "Content image")
    styled = stylise_tensor(network, photo, backend)
    picture = to_image(strength * styled + (1 - strength) * photo)
    return keep_colours(picture, to_image(photo)) if preserve_colour else picture
