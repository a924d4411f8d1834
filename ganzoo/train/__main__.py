"""``python -m ganzoo.train {cgan,dcgan,classifier} --data mnist --epochs N --out runs/NAME``.

Single process:   python -m ganzoo.train cgan --data mnist --epochs 30 --out runs/cgan
Several GPUs/CPUs: torchrun --nproc_per_node 2 -m ganzoo.train cgan --data mnist --out runs/cgan
Resume:           run the same command again; it continues from runs/NAME/checkpoint.pt.
Ship:             add --export cgan-mnist to write checkpoints/cgan-mnist.{safetensors,json}.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import sys
from pathlib import Path

import torch

from ganzoo import checkpoints
from ganzoo.data import DATA_SOURCES, DESCRIPTIONS, DigitData, load_digits
from ganzoo.errors import GanzooError
from ganzoo.train import distributed
from ganzoo.train.classifier import ClassifierTask
from ganzoo.train.gan import GanTask
from ganzoo.train.loop import TrainConfig, TrainingTask, fit

MODELS = ("cgan", "dcgan", "classifier")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m ganzoo.train", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", choices=MODELS)
    p.add_argument("--data", choices=DATA_SOURCES, default="mnist")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--max-steps", type=int, default=None, help="stop after this many steps in all")
    p.add_argument("--batch-size", type=int, default=64, help="per process")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--save-every", type=int, default=500, help="steps between checkpoints")
    p.add_argument("--log-every", type=int, default=50)
    p.add_argument("--device", default="auto", help="auto (CUDA, then MPS, then CPU), cpu, cuda, ...")
    p.add_argument("--out", type=Path, required=True, help="run folder (checkpoint, CSVs, sample grids)")
    p.add_argument("--export", default=None, help="write the trained network as a shipped checkpoint")
    p.add_argument("--z-dim", type=int, default=64, help="GANs: latent size")
    p.add_argument("--g-width", type=int, default=32, help="GANs: generator width (channels / 4 at 7x7)")
    p.add_argument("--d-width", type=int, default=64, help="GANs: discriminator width")
    p.add_argument("--ema-decay", type=float, default=0.0,
                   help="GANs: also keep (and ship) an average of G's weights, e.g. 0.999; 0 = off")
    p.add_argument("--no-progress", action="store_true")
    return p.parse_args(argv)


def build_task(args: argparse.Namespace, data: DigitData) -> TrainingTask:
    if args.model == "classifier":
        return ClassifierTask(data.holdout_images, data.holdout_labels)
    return GanTask(
        conditional=args.model == "cgan", z_dim=args.z_dim, g_width=args.g_width, d_width=args.d_width,
        ema_decay=args.ema_decay,
    )


def shipped_network(task: TrainingTask) -> tuple[torch.nn.Module, str, dict]:
    """The network a checkpoint ships: the generator of a GAN, the classifier itself."""
    if isinstance(task, GanTask):
        name, arguments = task.generator_spec
        return task.shipped_generator, name, arguments
    name, arguments = task.spec
    return task.modules["classifier"], name, arguments


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    command = shlex.join(["python", "-m", "ganzoo.train", *(sys.argv[1:] if argv is None else argv)])
    try:
        data = load_digits(args.data)
    except GanzooError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    torch.manual_seed(args.seed)  # the initial weights are part of what a seed reproduces
    task = build_task(args, data)
    cfg = TrainConfig(
        out=args.out, epochs=args.epochs, max_steps=args.max_steps, batch_size=args.batch_size,
        seed=args.seed, save_every=args.save_every, log_every=args.log_every,
        device=args.device, progress=not args.no_progress,
    )
    result = fit(task, data.train_dataset(), cfg)
    if args.export and int(os.environ.get("RANK", "0")) == 0:  # one process writes the file
        network, architecture, arguments = shipped_network(task)
        card = checkpoints.export(
            network, args.export, architecture, arguments,
            {
                "dataset": {
                    "source": args.data,
                    "description": DESCRIPTIONS[args.data],
                    "train_examples": len(data.train_labels),
                    "holdout": f"last {len(data.holdout_labels) // 10} of each class "
                               f"({len(data.holdout_labels)} examples), never trained on",
                },
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
                    "final_losses": {k: round(v, 4) for k, v in result.last_metrics.items()},
                },
                "metrics": result.eval_metrics,
            },
        )
        print(f"exported {card}")
    print(
        f"done: {result.steps} steps, {result.epochs_completed} epochs, "
        f"{result.wall_time_s:.0f}s, {result.images_per_s:.0f} images/s on {result.device}"
    )
    distributed.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
