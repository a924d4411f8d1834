"""Building blocks that several papers share: the DCGAN initialisation, the norm choice, the residual block.

They live here, not in whichever paper used them first: DCGAN's initialisation is also pix2pix's
and CycleGAN's; CycleGAN's residual block is also Johnson's.
"""

from __future__ import annotations

import torch
from torch import nn


def init_normal_weights(module: nn.Module) -> None:
    """The DCGAN paper's initialisation, which pix2pix and CycleGAN keep: weights of convolutions,
    linear layers and embeddings ~ N(0, 0.02), their biases 0; the scale (gamma) of a batch or
    (affine) instance norm ~ N(1, 0.02), its shift 0. Small random weights keep the first
    forward passes of a deep stack from exploding or vanishing before training adjusts them."""
    for m in module.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, 0.0, 0.02)
            if getattr(m, "bias", None) is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, (nn.BatchNorm2d, nn.InstanceNorm2d)) and m.weight is not None:
            nn.init.normal_(m.weight, 1.0, 0.02)
            nn.init.zeros_(m.bias)


NORMS: dict[str, type[nn.Module]] = {"batch": nn.BatchNorm2d, "instance": nn.InstanceNorm2d}


def norm_layer(kind: str, channels: int) -> nn.Module:
    """BatchNorm (pix2pix) or InstanceNorm (CycleGAN: each image normalised on its own, with a
    learned scale and shift, so the statistics do not depend on what else is in the batch)."""
    if kind == "instance":
        return nn.InstanceNorm2d(channels, affine=True)
    return NORMS[kind](channels)


class ResidualBlock(nn.Module):
    """Rk: y = x + conv(relu(norm(conv(x)))) (He et al., 2016), as CycleGAN and Johnson use it.

    The block only has to learn the *change* to its input. A translation that changes style
    but keeps content is mostly "leave it as it is", and an identity is what a residual block
    does with small weights, so deep stacks of them start near the right answer.
    """

    def __init__(self, channels: int) -> None:
        super().__init__()
        self.body = nn.Sequential(
            nn.ReflectionPad2d(1), nn.Conv2d(channels, channels, 3, bias=False),
            nn.InstanceNorm2d(channels, affine=True), nn.ReLU(inplace=True),
            nn.ReflectionPad2d(1), nn.Conv2d(channels, channels, 3, bias=False),
            nn.InstanceNorm2d(channels, affine=True),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)
