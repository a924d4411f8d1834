"""How good a pix2pix generator is, on the held-out test pairs, next to two trivial baselines.

    python -m ganzoo.metrics pix2pix-openmoji --write

For every test sketch x with true colour image y, the generator's G(x) is compared with y by
L1, PSNR, SSIM and sharpness (``image_quality``), and the *set* of outputs is compared with the
set of real colour images by a Frechet distance in VGG16 feature space (relu4_3 and relu5_3,
each averaged over the image: what things look like, not where). Two baselines give the
scale: "the input itself" (the sketch as its own colouring) and "the mean training image"
(the one picture that minimises L2 over the training set: the ultimate blur). The real
test images against the real training images give the floor of the Frechet distance.

What the class should read off: the L1-only model has the lowest L1 but its outputs are
blurred (sharpness well below 1) and far from real pictures (Frechet distance); adding the
GAN loss costs a little L1 and buys sharpness and realism.
"""

from __future__ import annotations

import sys
from typing import Any

import torch

from ganzoo import checkpoints
from ganzoo.data.pairs import PairData, load_pairs, to_unit_range
from ganzoo.errors import DataUnavailableError
from ganzoo.metrics.frechet import frechet_distance
from ganzoo.metrics.image_quality import gradient_energy, l1, psnr, ssim
from ganzoo.models.vgg import VGG16Features, load_vgg16

FEATURE_TAPS = ["relu4_3", "relu5_3"]


@torch.inference_mode()
def vgg_embedding(vgg: VGG16Features, images: torch.Tensor, batch: int = 64) -> torch.Tensor:
    """(N, 3, H, W) in [-1, 1] -> (N, 1024): the spatial means of relu4_3 and relu5_3."""
    rows = []
    for chunk in images.split(batch):
        maps = vgg.features(chunk, FEATURE_TAPS)
        rows.append(torch.cat([maps[t].mean((2, 3)) for t in FEATURE_TAPS], 1))
    return torch.cat(rows)


@torch.inference_mode()
def translate_batch(generator: torch.nn.Module, inputs_uint8: torch.Tensor, batch: int = 32) -> torch.Tensor:
    generator.eval()
    return torch.cat([generator(to_unit_range(c)) for c in inputs_uint8.split(batch)]).clamp(-1, 1)


def compare(outputs: torch.Tensor, truths: torch.Tensor) -> dict[str, float]:
    """Mean per-image measures of outputs against truths, both in [-1, 1]."""
    a, b = (outputs + 1) / 2, (truths + 1) / 2
    return {
        "l1": round(float(l1(a, b).mean()), 4),
        "psnr_db": round(float(psnr(a, b).mean()), 2),
        "ssim": round(float(ssim(a, b).mean()), 4),
        "sharpness_vs_truth": round(float(gradient_energy(a).mean() / gradient_energy(b).mean()), 3),
    }


def score_outputs(
    outputs: torch.Tensor, data: PairData, vgg: VGG16Features | None, real_embedding: torch.Tensor | None
) -> dict[str, float]:
    scores = compare(outputs, to_unit_range(data.test_targets))
    if vgg is not None and real_embedding is not None:
        scores["frechet_distance_vgg"] = round(frechet_distance(vgg_embedding(vgg, outputs), real_embedding), 2)
    return scores


def evaluate_translator(name: str, data_source: str | None = None, with_baselines: bool = True) -> dict[str, Any]:
    """Metrics of a pix2pix checkpoint on its data's test pairs (and, if asked, the baselines')."""
    model = checkpoints.load(name)
    data = load_pairs(data_source or model.card.get("dataset", {}).get("source", "openmoji"))
    try:
        vgg = load_vgg16("hed")
    except DataUnavailableError as exc:
        print(f"note: Frechet distance skipped: {exc}", file=sys.stderr)
        vgg = None
    real_embedding = vgg_embedding(vgg, to_unit_range(data.train_targets)) if vgg else None
    result: dict[str, Any] = {"test_pairs": len(data.test_inputs), "vgg_features": "VGG16 (HED) relu4_3+relu5_3 means"}
    result |= score_outputs(translate_batch(model.model, data.test_inputs), data, vgg, real_embedding)
    if with_baselines:
        mean_image = to_unit_range(data.train_targets).mean(0, keepdim=True).expand(len(data.test_inputs), -1, -1, -1)
        result["baseline_input_itself"] = score_outputs(to_unit_range(data.test_inputs), data, vgg, real_embedding)
        result["baseline_mean_training_image"] = score_outputs(mean_image.contiguous(), data, vgg, real_embedding)
        if vgg is not None:
            real_test = vgg_embedding(vgg, to_unit_range(data.test_targets))
            result["frechet_distance_vgg_real_test_vs_train"] = round(frechet_distance(real_test, real_embedding), 2)
    return result
