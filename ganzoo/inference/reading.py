"""What the judge classifier reads in generated images: a class and how sure it is."""

from __future__ import annotations

import torch
from torch import nn

from ganzoo.checkpoints import LoadedModel, network_of
from ganzoo.models import DigitClassifier


@torch.inference_mode()
def read_images(classifier: LoadedModel | nn.Module, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(class, confidence) per image: the classifier's top class and its softmax probability."""
    network = network_of(classifier, DigitClassifier, "classifier", family="digit classifier")
    was_training = network.training
    network.eval()
    try:
        probabilities = torch.cat([network(chunk).softmax(1) for chunk in images.split(1000)])
    finally:
        network.train(was_training)
    confidence, label = probabilities.max(1)
    return label, confidence
