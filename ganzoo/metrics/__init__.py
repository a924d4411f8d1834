"""Measured quality, one module per kind of model (``python -m ganzoo.metrics NAME``).

* ``digits``         the digit GANs and judges on the official test split: label accuracy,
                     distances with real-vs-real baselines, mode coverage, memorisation, walks;
* ``classifier_score`` the Inception Score's formula with the judge classifier;
* ``kernel``         the kernel (KID-style) distance, unbiased at small sample sizes;
* ``memorisation``   distances from samples to their nearest training image;
* ``walks``          the share of latent-walk frames the judge reads confidently;
* ``inception``      the real FID and IS with Inception-v3 (downloaded weights), for users online;
* ``pix2pix``        L1, PSNR, SSIM, sharpness and a VGG16 Frechet distance on held-out pairs;
* ``image_quality``  the per-image measures behind it;
* ``style``          a fast style network against Gatys' optimisation, by the perceptual loss;
* ``frechet``        the Frechet distance itself, and its bootstrap standard error.
"""

from ganzoo.metrics.digits import (
    JUDGE,
    JUDGES,
    class_spread,
    evaluate_classifier,
    evaluate_generator,
    judge,
    judge_for,
    label_accuracy,
)
from ganzoo.metrics.frechet import frechet_distance

__all__ = [
    "JUDGE",
    "JUDGES",
    "class_spread",
    "evaluate_classifier",
    "evaluate_generator",
    "frechet_distance",
    "judge",
    "judge_for",
    "label_accuracy",
]
