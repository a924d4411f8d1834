"""Johnson et al.'s image transformation network: one forward pass per stylised picture.

Johnson, Alahi & Fei-Fei, "Perceptual Losses for Real-Time Style Transfer and Super-Resolution"
(ECCV 2016). Gatys' method optimises every picture from scratch against the VGG losses; Johnson
trains this network *once per style* to minimise the same perceptual losses over many photos,
and then stylises any photo in a single pass (milliseconds instead of minutes).

    c9s1-k, d2k, d4k, R4k x n, u2k, uk, c9s1-3       (notation as in ``ganzoo.models.cyclegan``)

with instance normalisation (Ulyanov et al., 2016: it made fast style transfer as good as
Gatys' by removing each photo's own contrast before the style is painted on) and the residual
blocks of ``ganzoo.models.cyclegan`` (CycleGAN borrowed this generator from Johnson). One change
from the paper, after Odena et al., "Deconvolution and Checkerboard Artifacts" (Distill 2016):
each upsampling is a nearest-neighbour resize followed by a 3x3 convolution, not a transposed
convolution, whose overlapping strides paint a checkerboard on flat areas.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from ganzoo.models.layers import ResidualBlock

MIN_SIDE = 16


def _conv(in_ch: int, out_ch: int, kernel: int, stride: int = 1, norm: bool = True) -> list[nn.Module]:
    layers: list[nn.Module] = [nn.ReflectionPad2d(kernel // 2), nn.Conv2d(in_ch, out_ch, kernel, stride)]
    if norm:
        layers += [nn.InstanceNorm2d(out_ch, affine=True), nn.ReLU(inplace=True)]
    return layers


def _upsample(in_ch: int, out_ch: int) -> list[nn.Module]:
    """u-k: nearest-neighbour x2, then a 3x3 convolution (no checkerboard)."""
    return [nn.Upsample(scale_factor=2, mode="nearest"), *_conv(in_ch, out_ch, 3)]


#: Channels of the first layer when nothing else is asked: the one default of the network and its training.
DEFAULT_WIDTH = 16


class TransformNet(nn.Module):
    """(B, 3, H, W) photo in [-1, 1] -> (B, 3, H, W) stylised picture (about [-1, 1]; clamp to show).

    Any H and W: the input is padded up to a multiple of 4 for the two halvings (and to at least
    16 px, which the 9x9 reflection padding needs), and the output cropped back. ``width`` is the
    paper's k (32); smaller widths are faster on a CPU.
    """

    def __init__(self, width: int = DEFAULT_WIDTH, blocks: int = 5) -> None:
        super().__init__()
        k = width
        self.net = nn.Sequential(
            *_conv(3, k, 9), *_conv(k, 2 * k, 3, stride=2), *_conv(2 * k, 4 * k, 3, stride=2),
            *[ResidualBlock(4 * k) for _ in range(blocks)],
            *_upsample(4 * k, 2 * k), *_upsample(2 * k, k), *_conv(k, 3, 9, norm=False),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h, w = x.shape[-2:]
        return self.net(pad_to_fit(x))[..., :h, :w]


def pad_to_fit(x: torch.Tensor) -> torch.Tensor:
    """Pad the bottom and right of (B, 3, H, W) up to sides that are multiples of 4 and >= 16.

    ``TransformNet.net`` itself takes only such sizes; cropping its output back to H x W undoes this.
    """
    h, w = x.shape[-2:]
    pad_h, pad_w = max(MIN_SIDE - h, -h % 4), max(MIN_SIDE - w, -w % 4)
    if not (pad_h or pad_w):
        return x
    # Reflection needs the pad to be smaller than the side; tiny inputs repeat their edge.
    mode = "reflect" if pad_h < h and pad_w < w else "replicate"
    return F.pad(x, (0, pad_w, 0, pad_h), mode=mode)
