"""Measured quality of the digit generators, judged by an independent classifier.

* **label accuracy** (cGAN): generate digits for requested labels; how often does the
  judge classifier (trained on real images only: ``mnist-classifier`` for digits,
  ``fashion-mnist-classifier`` for garments) read the requested label? Overall and per label.
* **Frechet distance** in the judge's 128-d feature space, between generated images and
  the held-out real ones (FID's formula with a small classifier in place of Inception):

      FD = |mu_r - mu_g|^2 + Tr(S_r + S_g - 2 (S_r S_g)^(1/2))

  Lower is better; the distance between two halves of real data sets the floor.
* **mode coverage** (DCGAN): the share of samples the judge puts in each class. A GAN
  that collapsed onto a few classes shows up as an uneven spread and low entropy.
"""

from __future__ import annotations

import math
import sys
from typing import Any

import torch
from torch import nn

from ganzoo import checkpoints
from ganzoo.checkpoints import LoadedModel
from ganzoo.data import load_digits
from ganzoo.errors import DataUnavailableError, InvalidInputError
from ganzoo.inference import NUM_CLASSES, generate, is_conditional, noise
from ganzoo.metrics.frechet import frechet_distance

JUDGE = "mnist-classifier"
# The judge of a generator is the classifier trained on the same kind of images.
JUDGES = {"mnist": JUDGE, "mnist-download": JUDGE, "fashion-mnist": "fashion-mnist-classifier"}


def judge_for(source: str) -> str:
    """Name of the classifier that judges generators trained on ``source``."""
    if source not in JUDGES:
        raise InvalidInputError(f"no judge classifier for data {source!r}; judges exist for {sorted(JUDGES)}")
    return JUDGES[source]


@torch.inference_mode()
def judge(classifier: nn.Module, images: torch.Tensor, batch: int = 1000) -> tuple[torch.Tensor, torch.Tensor]:
    """(predicted classes, penultimate features) of the classifier for ``images``."""
    classifier.eval()
    predictions, features = [], []
    for chunk in images.split(batch):
        f = classifier.features(chunk)
        features.append(f)
        predictions.append(classifier.head(f).argmax(1))
    return torch.cat(predictions), torch.cat(features)


def class_spread(predictions: torch.Tensor) -> dict[str, Any]:
    """Share of samples per predicted class, and its entropy relative to uniform (1.0 = even)."""
    shares = torch.bincount(predictions, minlength=NUM_CLASSES).double() / len(predictions)
    nonzero = shares[shares > 0]
    entropy = float(-(nonzero * nonzero.log()).sum() / math.log(NUM_CLASSES))
    return {
        "class_shares": [round(float(s), 4) for s in shares],
        "normalised_entropy": round(entropy, 4),
        "classes_with_at_least_5pct": int((shares >= 0.05).sum()),
    }


def label_accuracy(predictions: torch.Tensor, labels: torch.Tensor) -> dict[str, Any]:
    correct = (predictions == labels).double()
    per_label = [float(correct[labels == c].mean()) for c in range(NUM_CLASSES)]
    return {
        "label_accuracy": round(float(correct.mean()), 4),
        "label_accuracy_per_label": [round(a, 4) for a in per_label],
    }


def generate_for_metrics(model: LoadedModel, samples: int, seed: int) -> tuple[torch.Tensor, torch.Tensor | None]:
    """``samples`` images in batches; for a cGAN the labels are balanced 0..9."""
    z = noise(seed, samples, model.model.z_dim)
    labels = torch.arange(samples) % NUM_CLASSES if is_conditional(model) else None
    images = [
        generate(model, z_chunk, None if labels is None else labels[i : i + len(z_chunk)])
        for i, z_chunk in zip(range(0, samples, 1000), z.split(1000), strict=True)
    ]
    return torch.cat(images), labels


def evaluate_generator(
    name: str, samples: int = 10_000, seed: int = 0, data: str | None = None
) -> dict[str, Any]:
    """All metrics of a generator checkpoint, judged by the shipped classifier of its data.

    ``data`` (default: what the generator was trained on) supplies the real images of the
    Frechet distance.
    """
    if samples < 2:
        raise InvalidInputError("need at least 2 samples to estimate a Frechet distance")
    model = checkpoints.load(name)
    data = data or model.dataset
    judge_name = judge_for(model.dataset)
    classifier = checkpoints.load(judge_name).model
    images, labels = generate_for_metrics(model, samples, seed)
    predictions, features = judge(classifier, images)
    result: dict[str, Any] = {"judge": judge_name, "samples": samples, "seed": seed}
    if labels is not None:
        result.update(label_accuracy(predictions, labels))
    result.update(class_spread(predictions))
    try:
        real = load_digits(data)
    except DataUnavailableError as exc:
        print(f"note: Frechet distance skipped: {exc}", file=sys.stderr)
        return result
    _, real_features = judge(classifier, real.holdout_images)
    # A random subset: the data are stored sorted by class, so the first N would be 0s and 1s.
    subset = torch.randperm(len(real.train_images), generator=torch.Generator().manual_seed(seed))
    _, train_features = judge(classifier, real.train_images[subset[: len(real.holdout_images)]])
    result["frechet_distance_to_holdout"] = round(frechet_distance(features, real_features), 3)
    # Reference: the same distance between two sets of *real* digits (train vs held-out).
    result["frechet_distance_real_train_vs_holdout"] = round(frechet_distance(train_features, real_features), 3)
    return result


def evaluate_classifier(name: str = JUDGE, data: str | None = None) -> dict[str, Any]:
    """Accuracy on the held-out images of ``data`` (default: what it was trained on)."""
    classifier = checkpoints.load(name)
    real = load_digits(data or classifier.dataset)
    predictions, _ = judge(classifier.model, real.holdout_images)
    return {"holdout_examples": len(real.holdout_labels), **label_accuracy(predictions, real.holdout_labels)}
