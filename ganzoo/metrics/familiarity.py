"""Fit, measure and ship the familiarity score of a CycleGAN's training pictures.

    python -m ganzoo.metrics.familiarity --data fluent-openmoji --export familiarity-fluent-openmoji

The score (``ganzoo.models.familiarity``) is fitted on 800 training pictures of both domains;
its threshold is chosen on pictures no model trained on: the data set's held-out emoji (both
styles) against photographs (``shared/data/photos``, each as the app would prepare an upload,
letterboxed on white, and as a centre crop). The card records the separation (area under the
ROC curve, share of each side on the wrong side of the line) and, for comparison, how well two
other scores would have separated the same pictures.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from typing import Any

import torch

from ganzoo import checkpoints
from ganzoo.data.pairs import to_unit_range
from ganzoo.data.photos import photo_files
from ganzoo.data.unpaired import UNPAIRED_SOURCES, load_unpaired
from ganzoo.errors import GanzooError
from ganzoo.image_input import fill_square, fit_square, read_image, to_tensor
from ganzoo.models.familiarity import FAMILIARITY_TAPS, FeatureFamiliarity
from ganzoo.models.vgg import VGG16Features, load_vgg16

REFERENCE_IMAGES = 800


def joined_statistics(score: FeatureFamiliarity, vgg: VGG16Features, images: torch.Tensor) -> torch.Tensor:
    """Pictures in [-1, 1] -> their joined, scaled VGG statistics."""
    return score.join(vgg.channel_statistics(images, FAMILIARITY_TAPS))


def photographs(size: int) -> torch.Tensor:
    """Every shared photograph twice, as the app prepares an upload (letterboxed) and as a centre crop."""
    pictures = []
    for path in photo_files("photos"):
        photo = read_image(path, path.name)
        pictures += [to_tensor(fit_square(photo, size)), to_tensor(fill_square(photo, size))]
    return torch.cat(pictures)


def area_under_roc(outside: torch.Tensor, inside: torch.Tensor) -> float:
    """P(a random outside picture scores above a random inside one): 1 separates, 0.5 is chance."""
    above = (outside[:, None] > inside[None, :]).double().mean()
    ties = (outside[:, None] == inside[None, :]).double().mean()
    return float(above + ties / 2)


def best_threshold(outside: torch.Tensor, inside: torch.Tensor) -> float:
    """The line between two sorted scores that maximises the mean of the two sides' accuracies."""
    values = torch.cat([outside, inside]).sort().values
    candidates = (values[1:] + values[:-1]) / 2
    balanced = [((outside > t).double().mean() + (inside <= t).double().mean()) / 2 for t in candidates]
    return float(candidates[int(torch.stack(balanced).argmax())])


def other_scores(score: FeatureFamiliarity, train: torch.Tensor) -> dict[str, Any]:
    """The two scores the residual was compared with: distance along the axes, and to the nearest pictures."""
    def along(j: torch.Tensor) -> torch.Tensor:
        return ((j - score.mean) @ score.axes.T)

    spread = along(train).std(0)

    def mahalanobis(j: torch.Tensor) -> torch.Tensor:
        return (along(j) / spread).pow(2).mean(1).sqrt()

    def nearest(j: torch.Tensor) -> torch.Tensor:
        return torch.cdist(along(j) / spread, along(train) / spread).topk(5, largest=False).values.mean(1)

    return {"mahalanobis_along_the_axes": mahalanobis, "mean_distance_to_5_nearest_training_pictures": nearest}


@torch.inference_mode()
def fit_familiarity(source: str, image_size: int = 128, seed: int = 0) -> tuple[FeatureFamiliarity, dict[str, Any]]:
    """The fitted score of ``source``'s training pictures, and its measured separation."""
    data = load_unpaired(source, image_size)
    vgg = load_vgg16("hed", last="relu4_3")
    pooled = torch.cat([data.train_a, data.train_b])
    chosen = pooled[torch.randperm(len(pooled), generator=torch.Generator().manual_seed(seed))[:REFERENCE_IMAGES]]
    score = FeatureFamiliarity(image_size=image_size)
    statistics = vgg.channel_statistics(to_unit_range(chosen), FAMILIARITY_TAPS)
    score.tap_scale.copy_(torch.stack([statistics[t].norm(dim=1).mean() for t in FAMILIARITY_TAPS]))
    train = score.join(statistics)
    score.fit(train)
    emoji = joined_statistics(score, vgg, to_unit_range(torch.cat([data.test_a, data.test_b])))
    photos = joined_statistics(score, vgg, photographs(image_size))
    inside, outside = score(emoji), score(photos)
    threshold = best_threshold(outside, inside)
    score.threshold.fill_(threshold)
    metrics = {
        "held_out_emoji": len(inside), "photographs": len(outside),
        "area_under_roc": round(area_under_roc(outside, inside), 4),
        "threshold": round(threshold, 3),
        "held_out_emoji_above_threshold": round(float((inside > threshold).double().mean()), 4),
        "photographs_at_or_below_threshold": round(float((outside <= threshold).double().mean()), 4),
        "median_score": {"training_pictures": round(float(score(train).median()), 3),
                         "held_out_emoji": round(float(inside.median()), 3),
                         "photographs": round(float(outside.median()), 3)},
        "other_scores_area_under_roc": {name: round(area_under_roc(f(photos), f(emoji)), 4)
                                        for name, f in other_scores(score, train).items()},
    }
    card = {"dataset": {"source": source, "description": data.description,
                        "fitted_on": f"{len(chosen)} training pictures of both domains (seed {seed})",
                        "threshold_chosen_on": "the held-out emoji of both domains against the shared photographs "
                                               "(letterboxed and centre-cropped)"}}
    return score, {**card, "metrics": metrics}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ganzoo.metrics.familiarity", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="fluent-openmoji", help=f"an unpaired source: {', '.join(UNPAIRED_SOURCES)}")
    p.add_argument("--image-size", type=int, default=128)
    p.add_argument("--threads", type=int, default=None)
    p.add_argument("--export", default=None, help="write the score as a shipped checkpoint of this name")
    args = p.parse_args(argv)
    if args.threads:
        torch.set_num_threads(args.threads)
    command = " ".join(["python -m ganzoo.metrics.familiarity", *(sys.argv[1:] if argv is None else argv)])
    start = time.perf_counter()
    try:
        score, card = fit_familiarity(args.data, args.image_size)
    except GanzooError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    threads = torch.get_num_threads()
    card["training"] = {"command": command, "wall_time_s": round(time.perf_counter() - start, 1), "threads": threads,
                        "machine": f"{platform.machine()}, {threads} CPU threads", "torch": torch.__version__,
                        "precision": "float32"}
    print(card["metrics"])
    if args.export:
        arguments = {"features": score.mean.numel(), "axes": len(score.axes), "image_size": score.image_size}
        print("exported", checkpoints.export(score, args.export, "familiarity.FeatureFamiliarity", arguments, card))
    return 0


if __name__ == "__main__":
    sys.exit(main())
