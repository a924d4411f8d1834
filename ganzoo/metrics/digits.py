"""Measured quality of the digit generators and judges, on the official test split.

Every generator is judged by an independent classifier trained on real images only
(``mnist-classifier`` for digits, ``fashion-mnist-classifier`` for garments). 10,000 samples
are compared with the 10,000 official test images, and every distance comes with the same
distance between two *real* sets of the same sizes (10,000 training vs the 10,000 test images):
that baseline is the best a generator could score at this sample size.

* **label accuracy** (cGAN): how often the judge reads the requested label, overall and per
  label, beside the judge's own accuracy on real test images (the ceiling);
* **Frechet distance** in the judge's 128-d feature space (``frechet``), with a bootstrap
  standard error. It is FID's formula, not FID: FID means Inception-v3 features
  (``ganzoo.metrics.inception`` computes the real one for users who can download its weights);
* **kernel distance** in the same space (``kernel``): unbiased where FD is not;
* **classifier score** (``classifier_score``): the Inception Score's formula with the judge;
* **mode coverage**: the share of samples the judge puts in each class, and its entropy;
* **memorisation** (``memorisation``): nearest-training-image distances, generated vs real test;
* **latent walks** (DCGAN, ``walks``): the share of frames the judge reads confidently.

``split="validation"`` scores against the 5,000 validation images instead: that is what every
choice (recipe, length) was made on, so the test figures stay untouched by the choosing.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import torch
from torch import nn

from ganzoo import checkpoints
from ganzoo.checkpoints import LoadedModel
from ganzoo.data import DigitData, load_digits
from ganzoo.errors import DataUnavailableError, InvalidInputError
from ganzoo.inference import NUM_CLASSES, generate, is_conditional, noise
from ganzoo.inference.sampling import generator_of
from ganzoo.metrics.classifier_score import classifier_score
from ganzoo.metrics.frechet import frechet_distance_with_error
from ganzoo.metrics.inception import inception_fid, inception_score, load_inception
from ganzoo.metrics.kernel import kernel_distance
from ganzoo.metrics.memorisation import memorisation_check
from ganzoo.metrics.walks import walk_recognisability
from ganzoo.models import ARCHITECTURES
from ganzoo.train.loop import CHECKPOINT_FILE

JUDGE = "mnist-classifier"
# The judge of a generator is the classifier trained on the same kind of images.
JUDGES = {"mnist": JUDGE, "mnist-download": JUDGE, "fashion-mnist": "fashion-mnist-classifier"}
SPLITS = ("test", "validation")
MEMORISATION_SAMPLES = 2000


def judge_for(source: str) -> str:
    """Name of the classifier that judges generators trained on ``source``."""
    if source not in JUDGES:
        raise InvalidInputError(f"no judge classifier for data {source!r}; judges exist for {sorted(JUDGES)}")
    return JUDGES[source]


@torch.inference_mode()
def judge(
    classifier: nn.Module, images: torch.Tensor, batch: int = 1000
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """(predicted classes, penultimate features, class probabilities) of the classifier for ``images``."""
    classifier.eval()
    predictions, features, probabilities = [], [], []
    for chunk in images.split(batch):
        f = classifier.features(chunk)
        p = classifier.head(f).softmax(1)
        features.append(f)
        probabilities.append(p)
        predictions.append(p.argmax(1))
    return torch.cat(predictions), torch.cat(features), torch.cat(probabilities)


def class_spread(predictions: torch.Tensor) -> dict[str, Any]:
    """Share of samples per predicted class, and its entropy relative to uniform (1.0 = even)."""
    shares = torch.bincount(predictions, minlength=NUM_CLASSES).double() / len(predictions)
    nonzero = shares[shares > 0]
    entropy = float(-(nonzero * nonzero.log()).sum() / math.log(NUM_CLASSES)) + 0.0  # + 0.0: no "-0.0"
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


def generate_for_metrics(
    model: LoadedModel | nn.Module, samples: int, seed: int
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """``samples`` images in batches; for a cGAN the labels are balanced 0..9."""
    z = noise(seed, samples, generator_of(model).z_dim)
    labels = torch.arange(samples) % NUM_CLASSES if is_conditional(model) else None
    images = [
        generate(model, z_chunk, None if labels is None else labels[i : i + len(z_chunk)])
        for i, z_chunk in zip(range(0, samples, 1000), z.split(1000), strict=True)
    ]
    return torch.cat(images), labels


def real_reference(data: DigitData, split: str) -> tuple[torch.Tensor, torch.Tensor]:
    """The real images (and labels) a generator is scored against."""
    if split not in SPLITS:
        raise InvalidInputError(f"split must be one of {SPLITS}, got {split!r}")
    if split == "test":
        return data.test_images, data.test_labels
    return data.validation_images, data.validation_labels


def compare_with_real(generated: torch.Tensor, reference: torch.Tensor, baseline: torch.Tensor, seed: int
                      ) -> dict[str, Any]:
    """FD and KID of generated vs reference features, and the same for real training features
    of the same count vs the reference (the real-vs-real baseline)."""
    return {
        "frechet_distance": frechet_distance_with_error(generated, reference, seed=seed),
        "frechet_distance_real_vs_real": frechet_distance_with_error(baseline, reference, seed=seed),
        "kernel_distance": kernel_distance(generated, reference, seed=seed),
        "kernel_distance_real_vs_real": kernel_distance(baseline, reference, seed=seed),
    }


def random_subset(images: torch.Tensor, count: int, seed: int) -> torch.Tensor:
    """``count`` images drawn without replacement (seeded): the real side of a real-vs-real baseline."""
    return images[torch.randperm(len(images), generator=torch.Generator().manual_seed(seed))[:count]]


def evaluate_generator_network(
    generator: LoadedModel | nn.Module, source: str, samples: int = 10_000, seed: int = 0, split: str = "test",
    walks: int = 100, inception_samples: int = 0,
) -> dict[str, Any]:
    """All metrics of a generator trained on ``source``, judged by the shipped classifier of ``source``.

    ``inception_samples`` > 0 adds the true FID and IS (Inception-v3, downloaded) on that many samples.
    """
    if samples < 2:
        raise InvalidInputError("need at least 2 samples to estimate a Frechet distance")
    judge_name = judge_for(source)
    classifier = checkpoints.load(judge_name).model
    images, labels = generate_for_metrics(generator, samples, seed)
    predictions, features, probabilities = judge(classifier, images)
    result: dict[str, Any] = {"judge": judge_name, "split": split, "samples": samples, "seed": seed}
    if labels is not None:
        result.update(label_accuracy(predictions, labels))
    result.update(class_spread(predictions))
    result["classifier_score"] = classifier_score(probabilities)
    if not is_conditional(generator) and walks > 0:
        result["latent_walks"] = walk_recognisability(generator, classifier, walks=walks, seed=seed)
    try:
        real = load_digits(source)
    except DataUnavailableError as exc:
        print(f"note: distances to real images skipped: {exc}", file=sys.stderr)
        return result
    reference_images, reference_labels = real_reference(real, split)
    reference_predictions, reference_features, reference_probabilities = judge(classifier, reference_images)
    result["real_reference"] = {
        "images": len(reference_images),
        "judge_accuracy": label_accuracy(reference_predictions, reference_labels),
        "classifier_score": classifier_score(reference_probabilities),
    }
    used = min(samples, len(reference_images))
    _, baseline_features, _ = judge(classifier, random_subset(real.train_images, used, seed))
    result.update(compare_with_real(features[:used], reference_features, baseline_features, seed))
    result["memorisation"] = memorisation_check(
        images[:MEMORISATION_SAMPLES], reference_images[:MEMORISATION_SAMPLES], real.train_images
    )
    if inception_samples > 0:
        network = load_inception()
        used = min(inception_samples, samples, len(reference_images))
        result["inception_v3"] = {
            "samples": used,
            "fid": round(inception_fid(reference_images[:used], images[:used], network), 3),
            "inception_score": inception_score(images[:used], network),
        }
    return result


def evaluate_generator(
    name: str, samples: int = 10_000, seed: int = 0, data: str | None = None, split: str = "test",
    inception_samples: int = 0,
) -> dict[str, Any]:
    """All metrics of a generator checkpoint (``data``: the real images to compare with; default
    what it was trained on)."""
    model = checkpoints.load(name)
    return evaluate_generator_network(model, data or model.dataset, samples, seed, split,
                                      inception_samples=inception_samples)


def evaluate_run(folder: Path, samples: int = 10_000, seed: int = 0, split: str = "validation") -> dict[str, Any]:
    """Score the generators of a GAN training run (``run.json`` + ``checkpoint.pt``): the trained
    generator and, if kept, its weight average; for choosing a recipe on the validation split."""
    folder = Path(folder)
    if not (folder / "run.json").exists() or not (folder / CHECKPOINT_FILE).exists():
        raise InvalidInputError(f"{folder} is not a GAN run folder (needs run.json and {CHECKPOINT_FILE})")
    run = json.loads((folder / "run.json").read_text())
    # weights_only: the file holds tensors and plain containers only, never code.
    state = torch.load(folder / CHECKPOINT_FILE, map_location="cpu", weights_only=True)
    result: dict[str, Any] = {"command": run["command"], "step": state["step"]}
    for name in ("generator", "generator_ema"):
        if name in state["modules"]:
            network = ARCHITECTURES[run["generator"]["architecture"]](**run["generator"]["arguments"])
            network.load_state_dict(state["modules"][name])
            result[name] = evaluate_generator_network(network.eval(), run["data"], samples, seed, split)
    return result


def evaluate_classifier(name: str = JUDGE, data: str | None = None, split: str = "test") -> dict[str, Any]:
    """Accuracy on the official test images of ``data`` (default: what it was trained on)."""
    classifier = checkpoints.load(name)
    images, labels = real_reference(load_digits(data or classifier.dataset), split)
    predictions, _, _ = judge(classifier.model, images)
    return {"split": split, "examples": len(labels), **label_accuracy(predictions, labels)}
