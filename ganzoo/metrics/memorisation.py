"""Does a generator copy its training images? Distances to the nearest training image.

A generator that memorised its data would draw samples that lie much closer to some training
image than a *new* real image does. So the same distance is measured for real test images
(which the generator never saw, and which are real): if the generated samples' nearest-neighbour
distances are no smaller than the test images', the samples are not copies. The distance is
the Euclidean distance between pixel vectors in [-1, 1] (28 x 28 = 784 numbers).
"""

from __future__ import annotations

import torch


def nearest_distances(queries: torch.Tensor, references: torch.Tensor, chunk: int = 500) -> torch.Tensor:
    """For every query image, the pixel-space L2 distance to its nearest reference image."""
    refs = references.flatten(1).double()
    ref_sq = (refs**2).sum(1)
    nearest = []
    for part in queries.flatten(1).double().split(chunk):
        # |q - r|^2 = |q|^2 - 2 q.r + |r|^2, for all pairs at once
        squared = (part**2).sum(1, keepdim=True) - 2 * part @ refs.T + ref_sq
        nearest.append(squared.min(1).values.clamp_min(0).sqrt())
    return torch.cat(nearest).float()


def memorisation_check(generated: torch.Tensor, test: torch.Tensor, train: torch.Tensor) -> dict[str, float]:
    """Nearest-training-image distances of generated and real test images, side by side.

    ``closer_than_test_1pct``: the share of generated samples nearer to a training image than
    99% of the real test images are; about 0.01 if the samples are as new as real test images.
    """
    generated_d, test_d = nearest_distances(generated, train), nearest_distances(test, train)
    first_percentile = torch.quantile(test_d, 0.01)
    return {
        "samples": len(generated),
        "generated_median": round(float(generated_d.median()), 3),
        "test_median": round(float(test_d.median()), 3),
        "generated_min": round(float(generated_d.min()), 3),
        "test_min": round(float(test_d.min()), 3),
        "closer_than_test_1pct": round(float((generated_d < first_percentile).float().mean()), 4),
    }
