"""Does a latent walk stay among real-looking images? The judge reads every frame.

A walk from one z to another is only a good picture of the latent space if every frame on the
way is an image of the data's kind, not a malformed stroke between two digits. We measure it
as the share of frames the judge classifies with confidence >= 0.9, over many random walks,
for straight-line (lerp) and great-circle (slerp) walks. Real test digits set the ceiling: the
judge reads almost all of them that confidently.
"""

from __future__ import annotations

import torch
from torch import nn

from ganzoo.inference import INTERPOLATIONS, generate
from ganzoo.inference.reading import read_images
from ganzoo.inference.sampling import generator_of
from ganzoo.inference.walks import interpolate

CONFIDENCE = 0.9


def walk_recognisability(
    generator: nn.Module, classifier: nn.Module, walks: int = 100, steps: int = 16, seed: int = 0,
    threshold: float = CONFIDENCE,
) -> dict[str, dict[str, float]]:
    """For each interpolation: the share of frames read with confidence >= ``threshold``.

    ``walks`` pairs of endpoints z0, z1 ~ N(0, I) (seeded), ``steps`` frames each, ends included.
    Also the share at the worst position along the walk (usually the middle).
    """
    g = torch.Generator().manual_seed(seed)
    z_dim = generator_of(generator).z_dim
    z0, z1 = torch.randn(walks, z_dim, generator=g), torch.randn(walks, z_dim, generator=g)
    result = {}
    for method in INTERPOLATIONS:
        frames = torch.stack([generate(generator, interpolate(z0, z1, i / (steps - 1), method))
                              for i in range(steps)])  # (steps, walks, 1, 28, 28)
        _, confidence = read_images(classifier, frames.flatten(0, 1))
        recognised = (confidence >= threshold).float().view(steps, walks)
        result[method] = {
            "share": round(float(recognised.mean()), 4),
            "worst_position_share": round(float(recognised.mean(1).min()), 4),
            "walks_all_recognised": round(float(recognised.min(0).values.mean()), 4),
        }
    return result | {"setting": {"walks": walks, "steps": steps, "confidence": threshold, "seed": seed}}
