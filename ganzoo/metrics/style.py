"""How well a fast style network does what Gatys' optimisation does, on held-out photos.

    python -m ganzoo.metrics style-starry-night --write

Both methods minimise the same perceptual loss, so the loss itself is the yardstick: for every
held-out photo (those the card lists; never trained on) at ``SIZE`` px, the fast network's
picture and Gatys' optimised picture (the app's defaults: ``GATYS_STEPS`` steps, style weight
``GATYS_STYLE_WEIGHT``) are scored by one ``PerceptualLoss`` against the painting: content at
relu4_2 and style over relu1_2 ... relu4_3, each normalised by its target (0 = the photo's
features / the painting's Gram matrices exactly). The photo itself is the baseline (content 0,
and the style loss of doing nothing). Time per picture on this machine comes with it: the
point of Johnson's network is to buy most of Gatys' style for a thousandth of the time.
"""

from __future__ import annotations

import time
from typing import Any

import torch

from ganzoo import checkpoints
from ganzoo.data.pairs import to_unit_range
from ganzoo.data.photos import PHOTO_SOURCES, load_photos, style_target
from ganzoo.image_input import to_image, to_tensor
from ganzoo.inference.fast_style import stylise_tensor
from ganzoo.inference.style import gatys
from ganzoo.losses import PerceptualLoss
from ganzoo.models.vgg import VGG16Features, load_vgg16

SIZE = 256
GATYS_STEPS = 100
GATYS_STYLE_WEIGHT = 1e4
GATYS_PHOTOS = 3  # Gatys costs about half a minute a photo here: the first three held-out photos


def evaluate_fast_style(name: str, data: str | None = None, vgg: VGG16Features | None = None) -> dict[str, Any]:
    card = checkpoints.read_card(name)
    network = checkpoints.load(name).model
    source = data or card["dataset"]["source"]
    if source not in PHOTO_SOURCES and not source.startswith("folder:"):
        source = "photos"
    photos = load_photos(source, size=SIZE)
    vgg = vgg or load_vgg16("hed", last="relu4_3")
    painting = style_target(card["dataset"]["style"], card["training"].get("style_size", SIZE))
    perceptual = PerceptualLoss(vgg, painting)
    rows = {"photo": [], "fast": [], "gatys": []}
    seconds = {"fast": [], "gatys": []}
    for i, photo in enumerate(to_unit_range(photos.test)):
        photo = photo[None]
        target = perceptual.content_features(photo)
        rows["photo"].append(_scores(perceptual, photo, target))
        start = time.perf_counter()
        fast = stylise_tensor(network, photo)
        seconds["fast"].append(time.perf_counter() - start)
        rows["fast"].append(_scores(perceptual, fast, target))
        if i < GATYS_PHOTOS:
            start = time.perf_counter()
            *_, last = gatys(to_image(photo), to_image(painting), steps=GATYS_STEPS, size=SIZE,
                             style_weight=GATYS_STYLE_WEIGHT, every=GATYS_STEPS, vgg=vgg)
            seconds["gatys"].append(time.perf_counter() - start)
            rows["gatys"].append(_scores(perceptual, to_tensor(last.image), target))
    fast_on_gatys_photos = rows["fast"][:GATYS_PHOTOS]
    return {
        "held_out_photos": len(rows["fast"]),
        "size_px": SIZE,
        "measure": "content at relu4_2, style over relu1_2/2_2/3_3/4_3, each / its target's mean square",
        "photo_itself": _mean(rows["photo"]),
        "fast_network": _mean(rows["fast"]) | {"ms_per_picture": round(1000 * _avg(seconds["fast"]), 1)},
        "fast_network_on_gatys_photos": _mean(fast_on_gatys_photos),
        "gatys": _mean(rows["gatys"]) | {"photos": len(rows["gatys"]), "steps": GATYS_STEPS,
                                         "style_weight": GATYS_STYLE_WEIGHT,
                                         "s_per_picture": round(_avg(seconds["gatys"]), 1)},
    }


@torch.no_grad()
def _scores(perceptual: PerceptualLoss, picture: torch.Tensor, target: torch.Tensor) -> tuple[float, float]:
    content, style = perceptual.terms(picture, target)
    return float(content), float(style)


def _avg(values: list[float]) -> float:
    return sum(values) / max(1, len(values))


def _mean(scores: list[tuple[float, float]]) -> dict[str, float]:
    contents, styles = [c for c, _ in scores], [s for _, s in scores]
    return {"content_loss": round(_avg(contents), 4), "style_loss": round(_avg(styles), 4)}
