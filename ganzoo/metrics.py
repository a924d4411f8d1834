"""Measured quality of the shipped generators, judged by an independent classifier.

    python -m ganzoo.metrics cgan-mnist            # print the metrics
    python -m ganzoo.metrics cgan-mnist --write    # and record them in the model card

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

import argparse
import math
import sys
from typing import Any

import numpy as np
import torch
from torch import nn

from ganzoo import checkpoints
from ganzoo.checkpoints import LoadedModel
from ganzoo.data import load_digits
from ganzoo.errors import DataUnavailableError, GanzooError, InvalidInputError
from ganzoo.inference import NUM_CLASSES, generate, is_conditional, noise

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


def _sqrt_psd(matrix: np.ndarray) -> np.ndarray:
    eigenvalues, vectors = np.linalg.eigh(matrix)
    return (vectors * np.sqrt(np.clip(eigenvalues, 0, None))) @ vectors.T


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


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ganzoo.metrics", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoint", help="e.g. cgan-mnist, dcgan-mnist, mnist-classifier")
    p.add_argument("--samples", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data", default=None, help="real images to compare against (default: its training data)")
    p.add_argument("--write", action="store_true", help="record the metrics in the model card")
    args = p.parse_args(argv)
    try:
        card = checkpoints.read_card(args.checkpoint)
        if card["architecture"] == "classifier.DigitClassifier":
            metrics = evaluate_classifier(args.checkpoint, args.data)
        else:
            metrics = evaluate_generator(args.checkpoint, args.samples, args.seed, args.data)
        if args.write:
            command = " ".join(["python -m ganzoo.metrics", *(sys.argv[1:] if argv is None else argv)])
            checkpoints.update_card(args.checkpoint, metrics={**metrics, "command": command})
    except GanzooError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    width = max(map(len, metrics))
    for key, value in metrics.items():
        print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
