"""The GAN of Goodfellow et al. (2014) at its smallest: two multilayer perceptrons on 2-D points.

With points instead of pictures, everything the GAN game does can be drawn on one plane: the
real points, the generator's points, the discriminator's opinion of every place (its "surface"),
and the direction in which D's judgement pushes each generated point. The paper's own first
figure is this picture in one dimension.

* ``PointGenerator`` G: noise z ~ N(0, I) in ``z_dim`` dimensions -> a point (x, y).
* ``PointDiscriminator`` D: a point -> a logit; D(x) = sigmoid(logit) is "how real x looks".

Both are plain MLPs with LeakyReLU (no batch norm: one point must not depend on the others in
its batch, or the surface drawn for a single place would be meaningless).
"""

from __future__ import annotations

import itertools

import torch
from torch import nn


def mlp(sizes: list[int]) -> nn.Sequential:
    """Linear layers of the given sizes with LeakyReLU(0.2) between them (none after the last)."""
    layers: list[nn.Module] = []
    for i, (a, b) in enumerate(itertools.pairwise(sizes)):
        layers.append(nn.Linear(a, b))
        if i < len(sizes) - 2:
            layers.append(nn.LeakyReLU(0.2))
    return nn.Sequential(*layers)


class PointGenerator(nn.Module):
    """G: z (B, z_dim) -> points (B, 2)."""

    def __init__(self, z_dim: int = 2, hidden: int = 64, layers: int = 3) -> None:
        super().__init__()
        self.z_dim = z_dim
        self.net = mlp([z_dim, *[hidden] * layers, 2])

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z)


class PointDiscriminator(nn.Module):
    """D: points (B, 2) -> logits (B,); D(x) = sigmoid(logit)."""

    def __init__(self, hidden: int = 64, layers: int = 3) -> None:
        super().__init__()
        self.net = mlp([2, *[hidden] * layers, 1])

    def forward(self, points: torch.Tensor) -> torch.Tensor:
        return self.net(points).squeeze(-1)
