r"""The Inception Score's formula, computed with a classifier of the generated data's own kind.

Salimans et al., "Improved Techniques for Training GANs" (2016):

    IS = exp( E_x[ KL( p(y|x) || p(y) ) ] ),   p(y) = E_x[ p(y|x) ]

It is high when every image is classified confidently (p(y|x) peaked) *and* the classes are
spread over the samples (p(y) flat); with 10 classes it lies between 1 and 10. Following the
paper, the samples are cut into 10 splits and the mean and standard deviation over the splits
reported. With Inception-v3 and ImageNet classes this is the Inception Score; with ganzoo's
judge (a digit or garment classifier) it is the *classifier score*, and named so: a real test
set scores close to, but below, 10.
"""

from __future__ import annotations

import numpy as np
import torch


def classifier_score(probabilities: torch.Tensor, splits: int = 10) -> dict[str, float]:
    """exp(E[KL(p(y|x) || p(y))]) of class probabilities (N, C): mean and std over ``splits``."""
    scores = []
    for part in probabilities.double().chunk(splits):
        marginal = part.mean(0, keepdim=True)
        kl = (part * (part.clamp_min(1e-12).log() - marginal.clamp_min(1e-12).log())).sum(1)
        scores.append(float(kl.mean().exp()))
    return {"mean": round(float(np.mean(scores)), 3), "std": round(float(np.std(scores)), 3), "splits": len(scores)}
