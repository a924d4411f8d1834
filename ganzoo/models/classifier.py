"""A small CNN digit classifier, used as the *judge* of generated digits.

It is trained on real digits only, independently of every generator, and its penultimate
layer is the feature space in which ganzoo measures a Frechet distance (FID-style, but
with a digit classifier instead of Inception, as is usual for MNIST).
"""

from __future__ import annotations

import torch
from torch import nn


class DigitClassifier(nn.Module):
    """28x28 greyscale image in [-1, 1] -> 10 class logits; ``features`` gives the embedding."""

    def __init__(self, width: int = 32, feature_dim: int = 128, num_classes: int = 10, mirror: bool = False) -> None:
        super().__init__()
        self.mirror = mirror
        self.body = nn.Sequential(
            nn.Conv2d(1, width, 3, padding=1),
            nn.BatchNorm2d(width),
            nn.ReLU(inplace=True),
            nn.Conv2d(width, width, 3, padding=1),
            nn.BatchNorm2d(width),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2),  # 14x14
            nn.Conv2d(width, width * 2, 3, padding=1),
            nn.BatchNorm2d(width * 2),
            nn.ReLU(inplace=True),
            nn.Conv2d(width * 2, width * 2, 3, padding=1),
            nn.BatchNorm2d(width * 2),
            nn.ReLU(inplace=True),
            nn.MaxPool2d(2),  # 7x7
            nn.Flatten(),
            nn.Dropout(0.3),
            nn.Linear(width * 2 * 7 * 7, feature_dim),
            nn.ReLU(inplace=True),
        )
        self.dropout = nn.Dropout(0.3)
        self.head = nn.Linear(feature_dim, num_classes)

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """The 128-d embedding. With ``mirror`` (garments: a mirrored shirt is still a shirt) a
        judging network averages the embeddings of the picture and its mirror image, a test-time
        augmentation that reads a garment the same whichever way it faces; training sees single
        pictures (random mirroring is part of its data augmentation)."""
        if self.mirror and not self.training:
            return (self.body(x) + self.body(x.flip(-1))) / 2
        return self.body(x)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.dropout(self.features(x)))
