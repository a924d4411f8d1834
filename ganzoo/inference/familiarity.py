"""How far a picture is from what a model was trained on, as the app says it under an upload.

    >>> import ganzoo
    >>> score = ganzoo.load("familiarity-fluent-openmoji")
    >>> ganzoo.familiarity(score, "holiday.jpg")
    Familiarity(score=2.7, threshold=1.6)          # .far is True: not like the training emoji

See ``ganzoo.models.familiarity`` for what the score measures and how its threshold was chosen.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import torch
from torch import nn

from ganzoo.checkpoints import LoadedModel, network_of
from ganzoo.image_input import ImageSource, fit_square, read_picture, to_tensor
from ganzoo.models.familiarity import FAMILIARITY_TAPS, FeatureFamiliarity
from ganzoo.models.vgg import VGG16Features, load_vgg16
from ganzoo.precision import inference_autocast


@dataclass(frozen=True)
class Familiarity:
    """``score``: ~1 for a training picture, higher the further away; ``far`` above the measured ``threshold``."""

    score: float
    threshold: float

    @property
    def far(self) -> bool:
        return self.score > self.threshold


@functools.cache
def feature_network() -> VGG16Features:
    """The shipped VGG16 (HED) up to relu4_3, loaded once per process."""
    return load_vgg16("hed", last="relu4_3")


@torch.inference_mode()
def familiarity(model: LoadedModel | nn.Module, image: ImageSource, what: str = "picture") -> Familiarity:
    """Score ``image`` (any picture, prepared as the CycleGAN tab prepares it: letterboxed on white)."""
    score = network_of(model, FeatureFamiliarity, family="familiarity")
    picture = to_tensor(fit_square(read_picture(image, what), score.image_size))
    with inference_autocast():
        statistics = feature_network().channel_statistics(picture, FAMILIARITY_TAPS)
    return Familiarity(round(float(score(score.join(statistics))[0]), 2), round(float(score.threshold), 2))
