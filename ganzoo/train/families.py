"""The one table of model families: the training command, the exporter and the metrics command read it.

Adding a model: write its networks (``ganzoo/models/NAME.py``), its step and its ``ModelFamily``
(``ganzoo/train/NAME.py``), then add the family here. Adding a data set to a family: one loader
and one entry in that family's ``sources`` (e.g. ``ganzoo.data.pairs.PAIR_SOURCES``).
"""

from __future__ import annotations

from ganzoo.train.classifier import CLASSIFIER
from ganzoo.train.cyclegan import CYCLEGAN
from ganzoo.train.family import ModelFamily
from ganzoo.train.gan import CGAN, DCGAN
from ganzoo.train.johnson import JOHNSON
from ganzoo.train.pix2pix import PIX2PIX

FAMILIES: dict[str, ModelFamily] = {f.name: f for f in (CGAN, DCGAN, CLASSIFIER, PIX2PIX, CYCLEGAN, JOHNSON)}


def family_of_architecture(architecture: str) -> ModelFamily | None:
    """The family whose checkpoints carry ``architecture`` in their card (None for e.g. the loss network)."""
    return next((f for f in FAMILIES.values() if architecture in f.architectures), None)
