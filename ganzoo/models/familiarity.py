"""How far a picture is from the pictures a model was trained on: a score, not a network.

A CycleGAN trained on emoji still translates a photo, but what comes out is a guess far outside
anything it learned. To say so with a number, ganzoo measures where a picture lies in a fixed
feature space, VGG16's channel means and standard deviations at four depths (the colour and
texture statistics of ``ganzoo.metrics.feature_space``), relative to the training pictures:

    1. scale each tap's statistics as the training pictures' (``tap_scale``) and join them: f(x);
    2. the training pictures span, in that space, a few main directions (``axes``, the principal
       axes through their ``mean``). What of f(x) - mean those directions do not explain is the
       residual r(x) = (f(x) - mean) - P(f(x) - mean), P the projection on the axes;
    3. score(x) = |r(x)| / the training pictures' mean |r|.

A training picture scores about 1. A picture of a kind the training set never showed has
features in directions no training picture used, and scores higher: measured on held-out emoji
against photographs, the residual separated them better than the distance *along* the axes
(a Mahalanobis distance) or to the nearest training pictures (see the checkpoint's card).
``threshold`` is the line chosen on held-out emoji and photographs; the card records how well
it separates them.
"""

from __future__ import annotations

import torch
from torch import nn

FAMILIARITY_TAPS = ["relu1_2", "relu2_2", "relu3_3", "relu4_3"]
FEATURES = 2 * (64 + 128 + 256 + 512)  # a mean and a standard deviation per channel of the four taps


class FeatureFamiliarity(nn.Module):
    """Joined VGG statistics (N, ``features``) -> (N,) scores, ~1 for the training pictures."""

    def __init__(self, features: int = FEATURES, axes: int = 64, image_size: int = 128) -> None:
        super().__init__()
        self.image_size = image_size  # the pictures are scored at the size the model translates them
        self.register_buffer("tap_scale", torch.ones(len(FAMILIARITY_TAPS)))
        self.register_buffer("mean", torch.zeros(features))
        self.register_buffer("axes", torch.zeros(axes, features))
        self.register_buffer("typical_residual", torch.ones(()))
        self.register_buffer("threshold", torch.full((), 2.0))

    def join(self, statistics: dict[str, torch.Tensor]) -> torch.Tensor:
        """Per-tap statistics -> one row per picture, each tap scaled so no depth drowns the others."""
        return torch.cat([statistics[t].float() / self.tap_scale[i] for i, t in enumerate(FAMILIARITY_TAPS)], 1)

    def fit(self, joined: torch.Tensor) -> None:
        """Set ``mean``, ``axes`` and ``typical_residual`` from the training pictures' joined statistics."""
        self.mean.copy_(joined.mean(0))
        centred = joined - self.mean
        self.axes.copy_(torch.linalg.svd(centred, full_matrices=False).Vh[: len(self.axes)])
        self.typical_residual.copy_(self.residual(joined).mean())

    def residual(self, joined: torch.Tensor) -> torch.Tensor:
        """|r(x)|: the part of f(x) - mean that the training pictures' main directions do not explain."""
        centred = joined.float() - self.mean
        return (centred - (centred @ self.axes.T) @ self.axes).norm(dim=1)

    def forward(self, joined: torch.Tensor) -> torch.Tensor:
        return self.residual(joined) / self.typical_residual
