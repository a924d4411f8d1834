"""``python -m ganzoo.train FAMILY --data SOURCE --epochs N --out runs/NAME``: one subcommand per model family.

Single process:   python -m ganzoo.train cgan --data mnist --epochs 30 --out runs/cgan
pix2pix:          python -m ganzoo.train pix2pix --data fluent --l1-weight 100 --gan-weight 1 --out runs/p2p
CycleGAN:         python -m ganzoo.train cyclegan --data noto-twemoji --cycle-weight 10 --out runs/cyc
Fast style:       python -m ganzoo.train johnson --style starry_night --data photos --out runs/starry
Several GPUs/CPUs: torchrun --nproc_per_node 2 -m ganzoo.train cgan --data mnist --out runs/cgan
Resume:           run the same command again; it continues from runs/NAME/checkpoint.pt.
Ship:             add --export cgan-mnist to write checkpoints/cgan-mnist.{safetensors,json}.
A family's own options: python -m ganzoo.train pix2pix --help.

The families (their options, data, networks and model-card fields) are the table in
``ganzoo.train.families``; this file only runs what a family describes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import sys
from pathlib import Path
from typing import Any

import torch

from ganzoo import checkpoints
from ganzoo.errors import GanzooError
from ganzoo.train import distributed
from ganzoo.train.families import FAMILIES
from ganzoo.train.family import ModelFamily
from ganzoo.train.loop import MEMORY_FORMATS, PRECISIONS, TrainConfig, TrainingTask, TrainResult, fit

RUN_FILE = "run.json"


def add_common_arguments(p: argparse.ArgumentParser, family: ModelFamily) -> None:
    """The options every family shares: data, length, the loop's settings, where to write, what to ship."""
    p.add_argument("--data", default=family.sources[0],
                   help=f"one of {', '.join(family.sources)} (default {family.sources[0]})")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--max-steps", type=int, default=None, help="stop after this many steps in all")
    p.add_argument("--max-minutes", type=float, default=None,
                   help="wall-time budget: stop (and export) after the step that passes it")
    p.add_argument("--batch-size", type=int, default=64, help="per process")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--save-every", type=int, default=500, help="steps between checkpoints")
    p.add_argument("--log-every", type=int, default=50)
    p.add_argument("--device", default="auto", help="auto (CUDA, then MPS, then CPU), cpu, cuda, ...")
    p.add_argument("--precision", choices=("auto", *PRECISIONS), default="auto",
                   help="CPU arithmetic: bf16 autocast or fp32; auto measures both on the real networks and "
                        "batch for a few steps and keeps the faster one whose losses match fp32's (in the card)")
    p.add_argument("--memory-format", choices=("auto", *MEMORY_FORMATS), default="auto",
                   help="layout of images and weights: channels_last (NHWC) or contiguous (NCHW); auto measures")
    p.add_argument("--threads", type=int, default=None,
                   help="CPU threads for this process (e.g. 1 when two runs share 2 cores); default: torch's")
    p.add_argument("--out", type=Path, required=True, help="run folder (checkpoint, CSVs, sample grids)")
    p.add_argument("--export", default=None, help="write the trained network as a shipped checkpoint")
    p.add_argument("--half", action="store_true", help="store the exported weights as float16")
    p.add_argument("--no-progress", action="store_true")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m ganzoo.train", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    subcommands = p.add_subparsers(dest="model", required=True, metavar="FAMILY")
    parsers = {}
    for family in FAMILIES.values():
        parsers[family.name] = sub = subcommands.add_parser(family.name, help=family.summary,
                                                            description=family.summary)
        add_common_arguments(sub, family)
        family.add_arguments(sub.add_argument_group(f"{family.name} options"))
    args = p.parse_args(argv)
    family, parser = FAMILIES[args.model], parsers[args.model]
    if args.data not in family.sources and not args.data.startswith("folder:"):
        parser.error(f"--data for {family.name} must be one of {', '.join(family.sources)}")
    problem = family.check_args(args)
    if problem:
        parser.error(problem)
    return args


def build_task(args: argparse.Namespace, data: Any) -> TrainingTask:
    """The family's task from the parsed options (its networks start from ``--seed``)."""
    torch.manual_seed(args.seed)  # the initial weights are part of what a seed reproduces
    return FAMILIES[args.model].from_args(args, data)


def export_networks(args: argparse.Namespace, family: ModelFamily, task: TrainingTask, data: Any,
                    result: TrainResult, command: str) -> None:
    """Write the shipped network (and the family's other networks that were asked for) with their model cards."""
    card = {
        "dataset": family.dataset_card(args, data),
        "training": {
            "command": command,
            "steps": result.steps,
            "epochs": result.epochs_completed,
            "batch_size": args.batch_size * result.world_size,
            "seed": args.seed,
            "wall_time_s": round(result.wall_time_s, 1),
            "device": result.device,
            "processes": result.world_size,
            "machine": f"{platform.machine()}, {torch.get_num_threads()} CPU threads",
            "torch": torch.__version__,
            "threads": torch.get_num_threads(),
            "final_losses": {k: round(v, 4) for k, v in result.last_metrics.items()},
            **result.speed,
            "time_split_s": result.timings,
            **family.training_card(args, task),
        },
        "metrics": result.eval_metrics,
    }
    if args.export:
        network, architecture, arguments = family.shipped(task)
        print(f"exported {checkpoints.export(network, args.export, architecture, arguments, card, half=args.half)}")
    for option, shipped in family.extra_exports.items():
        name = getattr(args, option, None)
        if not name:
            continue
        try:
            network, architecture, arguments = shipped(task)
        except KeyError:  # e.g. the L1-only pix2pix has no discriminator to ship
            print(f"--{option.replace('_', '-')}: this run has no such network; nothing written", file=sys.stderr)
            continue
        role = {"role": f"the {option.removeprefix('export_')} trained with {args.export or args.out}"}
        print(f"exported {checkpoints.export(network, name, architecture, arguments, card | role, half=args.half)}")


def describe_run(args: argparse.Namespace, family: ModelFamily, task: TrainingTask, command: str) -> None:
    """``run.json`` beside the training state, for families that describe their runs (the GANs)."""
    if family.run_description is None:
        return
    args.out.mkdir(parents=True, exist_ok=True)
    run = family.run_description(args, task) | {"command": command}
    (args.out / RUN_FILE).write_text(json.dumps(run, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.threads is not None:
        torch.set_num_threads(args.threads)
    family = FAMILIES[args.model]
    command = shlex.join(["python", "-m", "ganzoo.train", *(sys.argv[1:] if argv is None else argv)])
    try:
        data = family.load_data(args)
    except GanzooError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    task = build_task(args, data)
    cfg = TrainConfig(
        out=args.out, epochs=args.epochs, max_steps=args.max_steps, batch_size=args.batch_size,
        seed=args.seed, save_every=args.save_every, log_every=args.log_every,
        device=args.device, progress=not args.no_progress, max_minutes=args.max_minutes,
        precision=args.precision, memory_format=args.memory_format,
    )
    if int(os.environ.get("RANK", "0")) == 0:
        describe_run(args, family, task, command)
    result = fit(task, family.train_dataset(data, args, task), cfg)
    if int(os.environ.get("RANK", "0")) == 0:  # one process writes the files
        export_networks(args, family, task, data, result, command)
    print(
        f"done: {result.steps} steps, {result.epochs_completed} epochs, "
        f"{result.wall_time_s:.0f}s, {result.images_per_s:.0f} images/s on {result.device}"
    )
    distributed.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
