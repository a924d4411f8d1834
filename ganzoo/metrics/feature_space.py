"""A fixed deep feature space for comparing *sets* of colour pictures by a Frechet distance.

VGG16 (HED weights) at relu1_2, relu2_2, relu3_3 and relu4_3: for each channel its mean and
standard deviation over the image (colour and texture statistics, not layout; the shallow taps
see colour, the deep ones shapes and strokes). Each tap is scaled to unit mean norm on the real
images, so no layer drowns the others; the result is projected on the 64 principal axes of the
real images' features: with a few hundred test pictures a covariance in 1,920 dimensions would
be mostly noise, in 64 it is estimated well. Used by the pix2pix and CycleGAN metrics.
"""

from __future__ import annotations

import sys

import torch

from ganzoo.data.pairs import to_unit_range
from ganzoo.errors import DataUnavailableError
from ganzoo.metrics.frechet import frechet_distance
from ganzoo.models.vgg import VGG16Features, load_vgg16

FEATURE_TAPS = ["relu1_2", "relu2_2", "relu3_3", "relu4_3"]
PRINCIPAL_AXES = 64
# Real images that define the space: enough for 64 axes, few enough for minutes on a CPU.
REFERENCE_IMAGES = 800


def vgg_statistics(vgg: VGG16Features, images: torch.Tensor, batch: int = 32) -> dict[str, torch.Tensor]:
    """(N, 3, H, W) in [-1, 1] -> per tap of ``FEATURE_TAPS`` (N, 2C): each channel's mean and std."""
    return vgg.channel_statistics(images, FEATURE_TAPS, batch)


class FeatureSpace:
    """The fixed space of the Frechet distance: VGG statistics, scaled per tap, on the real images' axes."""

    def __init__(self, vgg: VGG16Features, real_images: torch.Tensor) -> None:
        self.vgg = vgg
        stats = vgg_statistics(vgg, real_images)
        self.scale = {t: s.norm(dim=1).mean() for t, s in stats.items()}
        joined = self._join(stats).double()
        self.mean = joined.mean(0)
        # Principal axes of the real features (right singular vectors of the centred data).
        self.axes = torch.linalg.svd(joined - self.mean, full_matrices=False).Vh[:PRINCIPAL_AXES]
        self.real = self.project(joined)

    def _join(self, stats: dict[str, torch.Tensor]) -> torch.Tensor:
        return torch.cat([stats[t] / self.scale[t] for t in FEATURE_TAPS], 1)

    def project(self, joined: torch.Tensor) -> torch.Tensor:
        return (joined.double() - self.mean) @ self.axes.T

    def embed(self, images: torch.Tensor) -> torch.Tensor:
        return self.project(self._join(vgg_statistics(self.vgg, images)))

    def distance_to_real(self, images: torch.Tensor) -> float:
        return frechet_distance(self.embed(images), self.real)


def loss_network_or_none() -> VGG16Features | None:
    """The VGG16 (HED) up to relu4_3, or None (with a note) where its weights are not available."""
    try:
        return load_vgg16("hed", last="relu4_3")
    except DataUnavailableError as exc:
        print(f"note: Frechet distance skipped: {exc}", file=sys.stderr)
        return None


def reference_space(vgg: VGG16Features, real_uint8: torch.Tensor) -> FeatureSpace:
    """The space spanned by a fixed random choice of ``REFERENCE_IMAGES`` of ``real_uint8`` (seed 0)."""
    chosen = torch.randperm(len(real_uint8), generator=torch.Generator().manual_seed(0))[:REFERENCE_IMAGES]
    return FeatureSpace(vgg, to_unit_range(real_uint8[chosen]))
