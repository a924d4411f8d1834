"""Measured quality of a shipped checkpoint.

    python -m ganzoo.metrics cgan-mnist                 # print the metrics
    python -m ganzoo.metrics cgan-mnist --write         # and record them in the model card
    python -m ganzoo.metrics pix2pix-openmoji --write   # pix2pix: on the held-out test pairs
"""

from __future__ import annotations

import argparse
import sys

from ganzoo import checkpoints
from ganzoo.errors import GanzooError
from ganzoo.metrics.digits import evaluate_classifier, evaluate_generator
from ganzoo.metrics.pix2pix import evaluate_translator


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
        if card["architecture"] == "pix2pix.UNetGenerator":
            metrics = evaluate_translator(args.checkpoint, args.data)
        elif card["architecture"] == "classifier.DigitClassifier":
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
