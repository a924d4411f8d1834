"""A fixed deep feature space for comparing *sets* of colour pictures by a Frechet distance.

VGG16 (HED weights) at relu1_2, relu2_2, relu3_3 and relu4_3: for each channel its mean and
standard deviation over the image (colour and texture statistics, not layout; the shallow taps
see colour, the deep ones shapes and strokes). Each tap is scaled to unit mean norm on the real
images, so no layer drowns the others; the result is projected on the 64 principal axes of the
real images' features: with a few hundred test pictures a covariance in 1,920 dimensions would
be mostly noise, in 64 it is estimated well. Used by the pix2pix and CycleGAN metrics.
"""

from __future__ import annotations

import torch

from ganzoo.metrics.frechet import frechet_distance
from ganzoo.models.vgg import VGG16Features

FEATURE_TAPS = ["relu1_2", "relu2_2", "relu3_3", "relu4_3"]
PRINCIPAL_AXES = 64


@torch.inference_mode()
def vgg_statistics(vgg: VGG16Features, images: torch.Tensor, batch: int = 32) -> dict[str, torch.Tensor]:
    """(N, 3, H, W) in [-1, 1] -> per tap (N, 2C): each channel's mean and standard deviation."""
    rows: dict[str, list[torch.Tensor]] = {t: [] for t in FEATURE_TAPS}
    for chunk in images.split(batch):
        maps = vgg.features(chunk, FEATURE_TAPS)
        for t in FEATURE_TAPS:
            rows[t].append(torch.cat([maps[t].mean((2, 3)), maps[t].std((2, 3))], 1))
    return {t: torch.cat(r) for t, r in rows.items()}


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
