"""Measured quality, one module per kind of model (``python -m ganzoo.metrics NAME``).

* ``digits``         label accuracy, Frechet distance and mode coverage of the digit GANs,
                     judged by an independent classifier;
* ``pix2pix``        L1, PSNR, SSIM, sharpness and a VGG16 Frechet distance on held-out pairs;
* ``image_quality``  the per-image measures behind it;
* ``style``          a fast style network against Gatys' optimisation, by the perceptual loss;
* ``frechet``        the Frechet distance itself.
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
