"""How good a CycleGAN is, on the 350 held-out emoji, both directions, next to "output = input".

    python -m ganzoo.metrics cyclegan-noto-twemoji cyclegan-noto-twemoji-nocycle --write

Training never pairs a Noto emoji with its Twemoji twin, but the test split has the pairs, so
for every held-out x (say Noto) with true counterpart y (the same emoji in Twemoji):

* ``l1``, ``ssim``      G(x) against y, per image (0..1 scale): how close to the true answer;
* ``cycle_error``       mean |F(G(x)) - x| (0..1 scale): how well the round trip restores x;
* ``frechet_distance_vgg``  the set of all G(x) against 800 real training images of the
                        target style, in the VGG feature space of ``feature_space`` (colour and
                        texture statistics): does the output *look* like the target style?
* ``retrieval_top1`` / ``top5``  content kept: among the 350 true target-style images, is the
                        one nearest to G(x) (L2 after averaging both down to 16 x 16 px: colour
                        layout, blind to fine texture) the same emoji? Chance is 1/350 and 5/350.

An unpaired test set (a ``folder:`` of your own) has no true counterparts: only the cycle error
and the Frechet distance are measured there.

"Output = input unchanged" (``baseline_input_itself``) keeps all content (top-1 retrieval is
then how alike the two styles draw each emoji) but has moved no way towards the target style:
a model should beat its Frechet distance while keeping most of its retrieval. The real test
images of the target style against the real training ones give the floor of the distance.
"""

from __future__ import annotations

import functools
from typing import Any

import torch
import torch.nn.functional as F

from ganzoo import checkpoints
from ganzoo.data.pairs import to_unit_range
from ganzoo.data.unpaired import UnpairedData, fluent_flat_renderings, load_unpaired
from ganzoo.metrics.feature_space import (
    FEATURE_TAPS,
    PRINCIPAL_AXES,
    REFERENCE_IMAGES,
    FeatureSpace,
    loss_network_or_none,
    reference_space,
)
from ganzoo.metrics.image_quality import l1, ssim

RETRIEVAL_SIZE = 16
DIRECTIONS = {"a_to_b": "b", "b_to_a": "a"}


@functools.lru_cache(maxsize=2)
def reference(source: str) -> tuple[UnpairedData, dict[str, FeatureSpace] | None]:
    """The data and one feature space per domain (800 of its training images), computed once per process."""
    data = load_unpaired(source)
    vgg = loss_network_or_none()
    if vgg is None:
        return data, None
    return data, {"a": reference_space(vgg, data.train_a), "b": reference_space(vgg, data.train_b)}


def retrieval(outputs: torch.Tensor, truths: torch.Tensor, k: int = 5) -> tuple[float, float]:
    """Share of outputs whose nearest truth (top-1) / one of the ``k`` nearest is their own row's."""
    small = [F.adaptive_avg_pool2d(t.float(), RETRIEVAL_SIZE).flatten(1) for t in (outputs, truths)]
    distances = torch.cdist(small[0], small[1])
    nearest = distances.topk(k, dim=1, largest=False).indices
    own = torch.arange(len(outputs))[:, None]
    return (nearest[:, :1] == own).any(1).float().mean().item(), (nearest == own).any(1).float().mean().item()


def score_direction(
    inputs: torch.Tensor, outputs: torch.Tensor, back: torch.Tensor | None, truths: torch.Tensor | None,
    space: FeatureSpace | None,
) -> dict[str, float]:
    """The measures for one direction; images in [-1, 1]. ``truths``: row i is the true counterpart of
    input i (None for unpaired test sets, which have no truth to compare with)."""
    scores = {}
    if truths is not None:
        a, b = (outputs + 1) / 2, (truths + 1) / 2
        scores |= {"l1": round(float(l1(a, b).mean()), 4), "ssim": round(float(ssim(a, b).mean()), 4)}
    if back is not None:
        scores["cycle_error"] = round(float((back - inputs).abs().mean() / 2), 4)
    if space is not None:
        scores["frechet_distance_vgg"] = round(space.distance_to_real(outputs), 3)
    if truths is not None:
        top1, top5 = retrieval(outputs, truths)
        scores |= {"retrieval_top1": round(top1, 4), "retrieval_top5": round(top5, 4)}
    return scores


@torch.inference_mode()
def _run(generators: torch.nn.Module, images: torch.Tensor, to: str) -> torch.Tensor:
    return torch.cat([generators(c, to=to) for c in images.split(50)]).clamp(-1, 1)


def evaluate_cyclegan(name: str, data_source: str | None = None, with_baselines: bool = True) -> dict[str, Any]:
    """Metrics of a CycleGAN checkpoint on its data's test split, both directions (and the baseline's)."""
    model = checkpoints.load(name)
    data, spaces = reference(data_source or model.card.get("dataset", {}).get("source", "noto-twemoji"))
    generators = model.model.float().eval()
    test = {"a": to_unit_range(data.test_a), "b": to_unit_range(data.test_b)}
    result: dict[str, Any] = {
        "test_images": len(data.test_a),
        "domains": list(data.domain_names),
        "feature_space": f"VGG16 (HED) {'+'.join(FEATURE_TAPS)} channel means and stds, {PRINCIPAL_AXES} "
                         f"principal axes of {REFERENCE_IMAGES} training images of the target style",
        "retrieval_space": f"L2 between images averaged down to {RETRIEVAL_SIZE} x {RETRIEVAL_SIZE} px",
    }
    baseline, floor = {}, {}
    for direction, target in DIRECTIONS.items():
        source = "a" if target == "b" else "b"
        space = spaces[target] if spaces else None
        outputs = _run(generators, test[source], target)
        back = _run(generators, outputs, source)
        truths = test[target] if data.test_paired else None
        result[direction] = score_direction(test[source], outputs, back, truths, space)
        baseline[direction] = score_direction(test[source], test[source], None, truths, space)
        if space is not None:
            floor[direction] = round(space.distance_to_real(test[target]), 3)
    if with_baselines:
        result["baseline_input_itself"] = baseline
        if data.name == "fluent-openmoji":
            result["same_drawing_reference"] = same_drawing_reference(data)
        if floor:
            result["frechet_distance_vgg_real_test_vs_train"] = floor
    return result


def same_drawing_reference(data: UnpairedData) -> dict[str, Any]:
    """How close a swap that changed *only the style* could come to the true OpenMoji, from Fluent 3-D.

    The two sets are drawn by different designers: the same emoji differs in shape, pose, framing
    and detail, and a translator that keeps its input's drawing (what CycleGAN's cycle loss asks
    for) keeps those differences. Fluent ships a *flat* rendering of most emoji: the same drawing
    as its 3-D render, in flat colours. Scored against the true OpenMoji like a model's G(x), on
    the held-out rows that have one, beside the 3-D input on the same rows (the retrieval pool is
    those rows' OpenMoji, so the two are comparable with each other, not with the 175-row figures).
    """
    flat, has_flat = fluent_flat_renderings(data.test_names, data.test_a.shape[-1])
    truths = to_unit_range(data.test_b[has_flat])
    scores = {"rows": int(has_flat.sum())}
    for name, pictures in (("fluent_3d_input", data.test_a[has_flat]), ("fluent_flat_rendering", flat[has_flat])):
        scores[name] = score_direction(to_unit_range(pictures), to_unit_range(pictures), None, truths, None)
    return scores
