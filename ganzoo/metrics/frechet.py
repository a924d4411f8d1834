"""The Frechet distance between two sets of feature vectors (the formula behind FID).

Fit a Gaussian to each set, N(mu_r, S_r) and N(mu_g, S_g); their Frechet (2-Wasserstein)
distance is

    FD = |mu_r - mu_g|^2 + Tr(S_r + S_g - 2 (S_r S_g)^(1/2))

It is small when the two sets have the same mean *and* spread: a generator that draws
only one good image has the right mean but the wrong covariance, and pays for it. What the
features are decides what "alike" means: FID uses Inception-v3; ganzoo uses a digit
classifier for digits and VGG16 for colour pictures, and always says which.

FD is biased upwards at finite sample sizes (the covariances are estimated, and their
noise adds to the distance): two samples of the *same* distribution score above zero, more
so the smaller they are. So every FD ganzoo reports comes with a real-vs-real baseline at the
same sample sizes, and with a bootstrap standard error.
"""

from __future__ import annotations

import numpy as np
import torch


def frechet_distance(a: torch.Tensor, b: torch.Tensor) -> float:
    """Frechet distance between Gaussians fitted to feature sets ``a`` and ``b`` (N, D)."""
    a64, b64 = a.double().numpy(), b.double().numpy()
    mu_a, mu_b = a64.mean(0), b64.mean(0)
    cov_a, cov_b = np.cov(a64, rowvar=False), np.cov(b64, rowvar=False)
    # Tr((S_a S_b)^(1/2)) = sum of sqrt(eigenvalues) of S_a^(1/2) S_b S_a^(1/2), which is
    # symmetric positive semi-definite, so eigh is stable where a general sqrtm is not.
    root_a = _sqrt_psd(cov_a)
    eigenvalues = np.linalg.eigvalsh(root_a @ cov_b @ root_a)
    trace_sqrt = np.sqrt(np.clip(eigenvalues, 0, None)).sum()
    return float(((mu_a - mu_b) ** 2).sum() + np.trace(cov_a) + np.trace(cov_b) - 2 * trace_sqrt)


def frechet_distance_with_error(
    a: torch.Tensor, b: torch.Tensor, resamples: int = 20, seed: int = 0
) -> dict[str, float]:
    """FD of ``a`` and ``b`` and its bootstrap standard error.

    Each resample draws both sets again with replacement (same sizes); the spread of the
    resampled FDs is how much the figure would move with another draw of samples.
    """
    g = torch.Generator().manual_seed(seed)
    resampled = [
        frechet_distance(a[torch.randint(len(a), (len(a),), generator=g)],
                         b[torch.randint(len(b), (len(b),), generator=g)])
        for _ in range(resamples)
    ]
    return {"value": round(frechet_distance(a, b), 3), "bootstrap_se": round(float(np.std(resampled, ddof=1)), 3)}


def _sqrt_psd(matrix: np.ndarray) -> np.ndarray:
    eigenvalues, vectors = np.linalg.eigh(matrix)
    return (vectors * np.sqrt(np.clip(eigenvalues, 0, None))) @ vectors.T
