"""Command line for the inference API (the same functions the web demo calls).

    python -m ganzoo list
    python -m ganzoo sample cgan-mnist --label 7 --count 8 --seed 0 --out sevens.png
    python -m ganzoo grid cgan-mnist --columns 8 --seed 0 --out style_vs_class.png
    python -m ganzoo walk dcgan-mnist --seed-a 1 --seed-b 2 --steps 16 --out walk.gif
    python -m ganzoo translate pix2pix-openmoji my_sketch.png --out picture.png
    python -m ganzoo swap cyclegan-noto-twemoji emoji.png --to twemoji --out swapped.png
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PIL import Image

from ganzoo import checkpoints, inference
from ganzoo.errors import GanzooError, InvalidInputError
from ganzoo.inference import fast_style, swap, translate


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m ganzoo", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="shipped checkpoints and their headline metrics")

    s = sub.add_parser("sample", help="a row of samples (one digit, or 0..9 in turn)")
    s.add_argument("checkpoint")
    s.add_argument("--label", type=int, default=None, help="digit 0-9 (conditional models only)")
    s.add_argument("--count", type=int, default=8)
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--out", type=Path, required=True)

    g = sub.add_parser("grid", help="10 x N grid, one shared z per column (conditional models)")
    g.add_argument("checkpoint")
    g.add_argument("--columns", type=int, default=8)
    g.add_argument("--seed", type=int, default=0)
    g.add_argument("--out", type=Path, required=True)

    w = sub.add_parser("walk", help="an animated latent walk between two seeds")
    w.add_argument("checkpoint")
    w.add_argument("--seed-a", type=int, default=1)
    w.add_argument("--seed-b", type=int, default=2)
    w.add_argument("--steps", type=int, default=16)
    w.add_argument("--method", choices=inference.INTERPOLATIONS, default="slerp")
    w.add_argument("--label", type=int, default=None, help="for a conditional model")
    w.add_argument("--out", type=Path, required=True, help=".gif for an animation, else a strip")

    t = sub.add_parser("translate", help="pix2pix: colour a line drawing (any picture file)")
    t.add_argument("checkpoint", help="e.g. pix2pix-fluent, pix2pix-fluent-l1, pix2pix-openmoji")
    t.add_argument("sketch", type=Path, help="a line drawing: dark lines on a light background")
    t.add_argument("--out", type=Path, required=True)
    t.add_argument("--as-is", action="store_true",
                   help="do not crop the drawing to its ink (for outlines already laid out like OpenMoji's)")
    t.add_argument("--patch-map", type=Path, default=None,
                   help="also write the picture with D's fake patches in red (by the discriminator shipped "
                        "with the same data)")

    c = sub.add_parser("swap", help="CycleGAN: an emoji into the other style, and back again")
    c.add_argument("checkpoint", help="e.g. cyclegan-fluent, cyclegan-fluent-nocycle, cyclegan-noto-twemoji")
    c.add_argument("picture", type=Path, help="an emoji (any picture file); scaled into the model's square")
    c.add_argument("--to", default="b", help="target domain as the card names it (openmoji, fluent 3-d, twemoji, "
                                              "noto) or its letter a or b (default b)")
    c.add_argument("--out", type=Path, required=True, help="the translated emoji")
    c.add_argument("--round-trip", type=Path, default=None,
                   help="also write input | translated | back again | error heat map, side by side")

    f = sub.add_parser("stylise", help="a fast style network: a photo painted in one pass")
    f.add_argument("checkpoint", help="e.g. style-starry-night, style-great-wave")
    f.add_argument("photo", type=Path)
    f.add_argument("--size", type=int, default=512, help="long side of the result, px")
    f.add_argument("--strength", type=float, default=1.0, help="0 = the photo, 1 = the network's picture")
    f.add_argument("--keep-colours", action="store_true", help="transfer luminance only")
    f.add_argument("--out", type=Path, required=True)
    return p.parse_args(argv)


HEADLINE = {"label_accuracy": "label acc", "frechet_distance": "FD (judge)", "normalised_entropy": "class entropy"}


def headline(metrics: dict, key: str) -> str:
    value = metrics.get(key, "-")
    return str(value["value"] if isinstance(value, dict) else value)


def checkpoint_table() -> str:
    """One line per shipped checkpoint with its headline metrics and training time."""
    rows = [["checkpoint", "architecture", *HEADLINE.values(), "trained"]]
    for name in checkpoints.available():
        card = checkpoints.read_card(name)
        metrics, training = card.get("metrics", {}), card.get("training", {})
        rows.append([name, card["architecture"], *(headline(metrics, k) for k in HEADLINE),
                     f"{training.get('steps', '?')} steps, {training.get('wall_time_s', 0) / 60:.1f} min"])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in rows)


def run(args: argparse.Namespace) -> str:
    if args.command == "list":
        return checkpoint_table() if checkpoints.available() else "no checkpoints found"
    model = checkpoints.load(args.checkpoint)
    if args.command == "translate":
        return translate_file(model, args)
    if args.command == "swap":
        return swap_file(model, args)
    if args.command == "stylise":
        fast_style.stylise(model, args.photo, size=args.size, strength=args.strength,
                           preserve_colour=args.keep_colours).save(args.out)
        return f"wrote {args.out}"
    if args.command == "sample":
        inference.to_pil(inference.sample_digits(model, args.label, args.count, args.seed)).save(args.out)
    elif args.command == "grid":
        images = inference.same_noise_grid(model, args.columns, args.seed)
        inference.to_pil(images, nrow=args.columns).save(args.out)
    else:
        frames = inference.latent_walk(model, args.seed_a, args.seed_b, args.steps, args.method, args.label)
        if args.out.suffix.lower() == ".gif":
            inference.save_gif(frames, args.out)
        else:
            inference.to_pil(frames).save(args.out)
    return f"wrote {args.out}"


def translate_file(model: checkpoints.LoadedModel, args: argparse.Namespace) -> str:
    sketch = translate.prepare_sketch(args.sketch, fit=not args.as_is)
    picture = translate.translate(model, sketch)
    picture.save(args.out)
    if args.patch_map:
        family = translate.pix2pix_families().get(model.card.get("dataset", {}).get("source"))
        if family is None or family.patchgan is None:
            raise InvalidInputError(f"--patch-map: no discriminator is shipped with {args.checkpoint}'s data")
        realness = translate.patch_realness(checkpoints.load(family.patchgan), sketch, picture)
        translate.patch_overlay(picture, realness).save(args.patch_map)
        return f"wrote {args.out} and {args.patch_map} (D finds {realness.mean():.0%} of it real)"
    return f"wrote {args.out}"


def swap_file(model: checkpoints.LoadedModel, args: argparse.Namespace) -> str:
    trip = swap.swap_domain(model, args.picture, to=args.to)
    trip.translated.save(args.out)
    if args.round_trip:
        size = trip.input.width
        strip = Image.new("RGB", (4 * size, size), "white")
        pictures = (trip.input, trip.translated, trip.reconstructed, swap.error_heatmap(trip.error_map, size=size))
        for i, picture in enumerate(pictures):
            strip.paste(picture, (i * size, 0))
        strip.save(args.round_trip)
    return f"wrote {args.out} (round-trip error {trip.cycle_error:.3f})"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        print(run(args))
    except GanzooError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
