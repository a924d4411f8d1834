"""How good a pix2pix generator is, on the held-out test pairs, next to two trivial baselines.

    python -m ganzoo.metrics pix2pix-openmoji --write

For every test sketch x with true colour image y, the generator's G(x) is compared with y by
L1, PSNR, SSIM and sharpness (``image_quality``), and the *set* of outputs is compared with the
set of real colour images (800 of the training targets, a fixed random choice: enough for 64
axes, and it keeps the command to a few minutes on a CPU) by a Frechet distance in a fixed deep
feature space (``feature_space``: VGG16 channel statistics on 64 principal axes, which see colour
and texture, not layout).

Two baselines give the scale: "the input itself" (the sketch as its own colouring) and "the
mean training image" (the one picture that minimises L2 over the training set: the ultimate
blur). The real test images against the real training images give the floor of the distance.

The pix2pix discriminator shipped with the same data (``patchgan_for``) gives a third view:
``patchgan_real_probability``, its mean P(real) over all 34 px patches of each (sketch, output)
pair, beside the same for the true pictures. It is the full model's own critic, so it is not an
independent judge of the full model; its use is the L1 model's score: how clearly a critic that
learned what the real renders look like rejects the blurred average.

What the class should read off: the L1-only model has the lowest L1 but is far from real
pictures (Frechet distance) and washed out; adding the GAN loss costs a little L1 and buys
realism and committed colours.

How the L1 model's "blur" shows on emoji: OpenMoji pictures are flat colour fills inside black
outlines, and the U-Net's skips copy the outlines sharply into every model's output, so edge
sharpness (``sharpness_vs_truth``, kept in the table for that reason) is about 1.07 for all
three. The regression's hedging shows in the colour instead: it paints in-between, desaturated
colours (``colourfulness_vs_truth`` below 1) and gives different things the same safe colour
(``colour_spread_vs_truth``: the spread of the pictures' mean colours, relative to the true
pictures' spread).
"""

from __future__ import annotations

import functools
from typing import Any

import torch

from ganzoo import checkpoints
from ganzoo.data.pairs import PairData, load_pairs, to_unit_range
from ganzoo.inference.translate import pix2pix_families
from ganzoo.metrics.feature_space import (
    FEATURE_TAPS,
    PRINCIPAL_AXES,
    FeatureSpace,
    loss_network_or_none,
    reference_space,
)
from ganzoo.metrics.image_quality import colourfulness, gradient_energy, l1, mean_chroma, psnr, ssim


@torch.inference_mode()
def translate_batch(generator: torch.nn.Module, inputs_uint8: torch.Tensor, batch: int = 32) -> torch.Tensor:
    generator.eval()
    return torch.cat([generator(to_unit_range(c)) for c in inputs_uint8.split(batch)]).clamp(-1, 1)


def compare(outputs: torch.Tensor, truths: torch.Tensor) -> dict[str, float]:
    """Mean per-image measures of outputs against truths, both in [-1, 1].

    ``l1_16px`` is L1 after averaging both down to 16 x 16: the error in the colour of each
    region, blind to where exactly an edge lies (per-pixel L1 punishes a one-pixel shift of a
    black outline as much as a wrong colour).
    """
    a, b = (outputs + 1) / 2, (truths + 1) / 2
    coarse = torch.nn.functional.adaptive_avg_pool2d
    return {
        "l1": round(float(l1(a, b).mean()), 4),
        "l1_16px": round(float(l1(coarse(a, 16), coarse(b, 16)).mean()), 4),
        "psnr_db": round(float(psnr(a, b).mean()), 2),
        "ssim": round(float(ssim(a, b).mean()), 4),
        "sharpness_vs_truth": round(float(gradient_energy(a).mean() / gradient_energy(b).mean()), 3),
        "colourfulness_vs_truth": round(float(colourfulness(a).mean() / colourfulness(b).mean()), 3),
        "colour_spread_vs_truth": round(float(chroma_spread(a) / chroma_spread(b)), 3),
    }


def chroma_spread(images: torch.Tensor) -> torch.Tensor:
    """How far the pictures' mean colours spread: the root of the summed variances of mean (rg, yb)."""
    return mean_chroma(images).var(0).sum().sqrt()


def score_outputs(outputs: torch.Tensor, data: PairData, space: FeatureSpace | None) -> dict[str, float]:
    scores = compare(outputs, to_unit_range(data.test_targets))
    if space is not None:
        scores["frechet_distance_vgg"] = round(space.distance_to_real(outputs), 3)
    return scores


def patchgan_for(source: str) -> str | None:
    """The shipped pix2pix discriminator trained on ``source`` (found by its card), if there is one."""
    family = pix2pix_families().get(source)
    return family.patchgan if family else None


@torch.inference_mode()
def patch_real_probability(discriminator: torch.nn.Module, inputs_uint8: torch.Tensor, pictures: torch.Tensor,
                           batch: int = 32) -> float:
    """Mean over pairs and patches of sigmoid(D(x, y)): how real D finds ``pictures`` (in [-1, 1]) as
    colourings of the sketches ``inputs_uint8``."""
    discriminator.eval()
    means = [torch.sigmoid(discriminator(to_unit_range(x), y)).mean((1, 2, 3))
             for x, y in zip(inputs_uint8.split(batch), pictures.split(batch), strict=True)]
    return round(float(torch.cat(means).mean()), 4)


@functools.lru_cache(maxsize=2)
def reference(source: str) -> tuple[PairData, FeatureSpace | None]:
    """The data and its feature space, computed once per process (several checkpoints share them)."""
    data = load_pairs(source)
    vgg = loss_network_or_none()
    return data, reference_space(vgg, data.train_targets) if vgg else None


def evaluate_translator(name: str, data_source: str | None = None, with_baselines: bool = True) -> dict[str, Any]:
    """Metrics of a pix2pix checkpoint on its data's test pairs (and, if asked, the baselines')."""
    model = checkpoints.load(name)
    data, space = reference(data_source or model.card.get("dataset", {}).get("source", "openmoji"))
    result: dict[str, Any] = {
        "test_pairs": len(data.test_inputs),
        "feature_space": f"VGG16 (HED) {'+'.join(FEATURE_TAPS)} channel means and stds, "
                         f"{PRINCIPAL_AXES} principal axes of {len(space.real) if space else 0} training targets",
    }
    outputs = translate_batch(model.model, data.test_inputs)
    result |= score_outputs(outputs, data, space)
    critic = patchgan_for(data.name)
    if critic is not None:
        d = checkpoints.load(critic).model
        result["patchgan"] = critic
        result["patchgan_real_probability"] = patch_real_probability(d, data.test_inputs, outputs)
        result["patchgan_real_probability_on_truths"] = patch_real_probability(
            d, data.test_inputs, to_unit_range(data.test_targets))
    if with_baselines:
        n = len(data.test_inputs)
        mean_image = to_unit_range(data.train_targets).mean(0, keepdim=True).expand(n, -1, -1, -1).contiguous()
        result["baseline_input_itself"] = score_outputs(to_unit_range(data.test_inputs), data, space)
        result["baseline_mean_training_image"] = score_outputs(mean_image, data, space)
        if space is not None:
            real_test = space.distance_to_real(to_unit_range(data.test_targets))
            result["frechet_distance_vgg_real_test_vs_train"] = round(real_test, 3)
    return result
