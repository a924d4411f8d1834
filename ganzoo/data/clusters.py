"""k-means on pixels: pseudo-labels for an unconditional GAN, found without any human labels.

Why a GAN that is given no labels wants clusters: real digits lie on ten (or more) separate
pieces of image space, but the generator's input z is one connected Gaussian, and a network
is a continuous function. Somewhere between the z of a 3 and the z of a 7 it *must* draw
things that are neither, and it keeps drawing them as samples. Class labels remove the
problem (a conditional GAN draws each piece from its own label), and clusters found by the
data itself do nearly as well: Lucic et al., "High-Fidelity Image Generation With Fewer
Labels" (2019) and Liu et al., "Diverse Image Generation via Self-Conditioned GANs" (2020)
condition an unconditional GAN on k-means clusters of image features. For 28x28 digits and
garments the pixels themselves are a good enough feature, so plain k-means on them is used.

Lloyd's algorithm: start from k-means++ seeds (Arthur & Vassilvitskii, 2007: each new centre
is drawn with probability proportional to its squared distance from the nearest chosen one,
so the seeds spread over the data), then alternate "assign each image to its nearest centre"
and "move each centre to the mean of its images" until the assignment stops changing.
"""

from __future__ import annotations

import torch

CHUNK = 4096  # images per distance computation: (CHUNK x k) floats, not (N x k)


def squared_distances(points: torch.Tensor, centres: torch.Tensor) -> torch.Tensor:
    """||p - c||^2 for every point and centre, as ||p||^2 - 2 p.c + ||c||^2 (one matrix product)."""
    return (points.pow(2).sum(1, keepdim=True) - 2 * points @ centres.T + centres.pow(2).sum(1)).clamp_min(0)


def nearest_centre(points: torch.Tensor, centres: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(index of, squared distance to) the nearest centre of each point, in chunks so memory stays bounded."""
    nearest = [squared_distances(chunk, centres).min(1) for chunk in points.split(CHUNK)]
    return torch.cat([n.indices for n in nearest]), torch.cat([n.values for n in nearest])


def kmeans_plus_plus(points: torch.Tensor, k: int, generator: torch.Generator) -> torch.Tensor:
    """k seeds, each drawn with probability proportional to its squared distance from the chosen ones."""
    first = torch.randint(len(points), (1,), generator=generator)
    centres = points[first]
    closest = squared_distances(points, centres).squeeze(1)
    for _ in range(1, k):
        chosen = torch.multinomial(closest / closest.sum(), 1, generator=generator)
        centres = torch.cat([centres, points[chosen]])
        closest = torch.minimum(closest, squared_distances(points, points[chosen]).squeeze(1))
    return centres


def kmeans(images: torch.Tensor, k: int, seed: int = 0, iterations: int = 50) -> tuple[torch.Tensor, torch.Tensor]:
    """Cluster ``images`` (N, ...) into ``k`` groups by their pixels: (labels (N,), centres (k, D)).

    Deterministic for a seed. A centre that loses all its images is re-seeded on the image
    farthest from its centre, so every one of the ``k`` clusters is used.
    """
    if not 1 <= k <= len(images):
        raise ValueError(f"k must be between 1 and the number of images ({len(images)}), got {k}")
    points = images.reshape(len(images), -1).float()
    generator = torch.Generator().manual_seed(seed)
    centres = kmeans_plus_plus(points, k, generator)
    labels, _ = nearest_centre(points, centres)
    for _ in range(iterations):
        sums = torch.zeros_like(centres).index_add_(0, labels, points)
        counts = torch.bincount(labels, minlength=k)
        centres = sums / counts.clamp_min(1)[:, None]
        for empty in (counts == 0).nonzero().flatten():
            centres[empty] = points[nearest_centre(points, centres)[1].argmax()]
        new_labels, _ = nearest_centre(points, centres)
        if torch.equal(new_labels, labels):
            break
        labels = new_labels
    return labels, centres
