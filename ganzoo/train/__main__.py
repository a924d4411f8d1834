"""``python -m ganzoo.train {cgan,dcgan,classifier,pix2pix,cyclegan} --data SOURCE --epochs N --out runs/NAME``.

Single process:   python -m ganzoo.train cgan --data mnist --epochs 30 --out runs/cgan
pix2pix:          python -m ganzoo.train pix2pix --data openmoji --l1-weight 100 --gan-weight 1 --out runs/p2p
CycleGAN:         python -m ganzoo.train cyclegan --data noto-twemoji --cycle-weight 10 --out runs/cyc
Fast style:       python -m ganzoo.train johnson --style starry_night --data photos --out runs/starry
Several GPUs/CPUs: torchrun --nproc_per_node 2 -m ganzoo.train cgan --data mnist --out runs/cgan
Resume:           run the same command again; it continues from runs/NAME/checkpoint.pt.
Ship:             add --export cgan-mnist to write checkpoints/cgan-mnist.{safetensors,json}.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import sys
import time
from pathlib import Path

import torch

from ganzoo import checkpoints
from ganzoo.data import DATA_SOURCES, DESCRIPTIONS, DigitData, load_digits
from ganzoo.data.clusters import kmeans
from ganzoo.data.pairs import PAIR_SOURCES, PairData, load_pairs
from ganzoo.data.photos import PHOTO_SOURCES, STYLES, PhotoData, load_photos, style_target
from ganzoo.data.unpaired import UNPAIRED_SOURCES, UnpairedData, load_unpaired
from ganzoo.errors import GanzooError
from ganzoo.train import distributed
from ganzoo.train.classifier import ClassifierTask
from ganzoo.train.cyclegan import CycleGanTask
from ganzoo.train.gan import ADAM_LR, GanTask
from ganzoo.train.johnson import FastStyleTask
from ganzoo.train.loop import TrainConfig, TrainingTask, TrainResult, fit
from ganzoo.train.pix2pix import Pix2PixTask

RUN_FILE = "run.json"
MODELS = ("cgan", "dcgan", "classifier", "pix2pix", "cyclegan", "johnson")
SOURCES = {"pix2pix": PAIR_SOURCES, "cyclegan": UNPAIRED_SOURCES, "johnson": PHOTO_SOURCES}  # else DATA_SOURCES


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m ganzoo.train", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", choices=MODELS)
    p.add_argument("--data", default=None,
                   help=f"digit models: {', '.join(DATA_SOURCES)} (default mnist); "
                        f"pix2pix: {', '.join(PAIR_SOURCES)} (default openmoji); "
                        f"cyclegan: {', '.join(UNPAIRED_SOURCES)} (default noto-twemoji); "
                        f"johnson: {', '.join(PHOTO_SOURCES)} (default photos)")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--max-steps", type=int, default=None, help="stop after this many steps in all")
    p.add_argument("--max-minutes", type=float, default=None,
                   help="wall-time budget: stop (and export) after the step that passes it")
    p.add_argument("--batch-size", type=int, default=64, help="per process")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--save-every", type=int, default=500, help="steps between checkpoints")
    p.add_argument("--log-every", type=int, default=50)
    p.add_argument("--device", default="auto", help="auto (CUDA, then MPS, then CPU), cpu, cuda, ...")
    p.add_argument("--out", type=Path, required=True, help="run folder (checkpoint, CSVs, sample grids)")
    p.add_argument("--export", default=None, help="write the trained network as a shipped checkpoint")
    p.add_argument("--classifier-width", type=int, default=32, help="classifier: channels of its first layers")
    p.add_argument("--classifier-lr", type=float, default=1e-3, help="classifier: Adam learning rate (cosine decay)")
    p.add_argument("--z-dim", type=int, default=64, help="GANs: latent size")
    p.add_argument("--g-width", type=int, default=32, help="GANs: generator width (channels / 4 at 7x7)")
    p.add_argument("--d-width", type=int, default=64, help="GANs: discriminator width")
    p.add_argument("--ema-decay", type=float, default=0.0,
                   help="GANs: also keep (and ship) an average of G's weights, e.g. 0.999; 0 = off")
    p.add_argument("--gan-loss", choices=("bce", "hinge"), default="bce",
                   help="GANs: log-loss with non-saturating G (DCGAN's) or the hinge loss (SN-GAN's)")
    p.add_argument("--spectral-norm", action="store_true",
                   help="dcgan: spectrally normalised discriminator (no batch norm in D)")
    p.add_argument("--ship", choices=("average", "trained"), default="average",
                   help="GANs with --ema-decay: export the weight average or the trained generator (choose on the "
                        "validation split: python -m ganzoo.metrics runs/NAME scores both)")
    p.add_argument("--mapping", type=int, default=0,
                   help="dcgan: fully connected layers that map z before the convolutions (StyleGAN's idea)")
    p.add_argument("--deeper-d", action="store_true", help="dcgan: one more 3x3 layer in the discriminator")
    p.add_argument("--clusters", type=int, default=0,
                   help="dcgan: draw by k-means cluster of the training images (that many clusters; 0 = off)")
    p.add_argument("--g-lr", type=float, default=ADAM_LR, help="GANs: generator's Adam learning rate")
    p.add_argument("--d-lr", type=float, default=ADAM_LR,
                   help="GANs: discriminator's Adam learning rate (faster than G: two time-scale rule)")
    p.add_argument("--l1-weight", type=float, default=100.0, help="pix2pix: lambda of the L1 term (0 = cGAN only)")
    p.add_argument("--gan-weight", type=float, default=1.0, help="pix2pix: weight of the cGAN term (0 = L1 only)")
    p.add_argument("--no-augment", action="store_true", help="pix2pix: train on the sketches exactly as stored")
    p.add_argument("--cycle-weight", type=float, default=10.0,
                   help="cyclegan: lambda of the cycle-consistency loss (0 = GAN losses only)")
    p.add_argument("--identity-weight", type=float, default=0.5,
                   help="cyclegan: identity loss weight as a fraction of --cycle-weight")
    p.add_argument("--blocks", type=int, default=None,
                   help="cyclegan / johnson: residual blocks per generator (default 6 / 5)")
    p.add_argument("--pool-size", type=int, default=50, help="cyclegan: history of fakes D trains on (0 = none)")
    p.add_argument("--style", default="starry_night",
                   help=f"johnson: the style, one of {', '.join(STYLES)} or a picture file")
    p.add_argument("--content-weight", type=float, default=1.0, help="johnson: weight of the content loss")
    p.add_argument("--style-weight", type=float, default=1.0, help="johnson: weight of the (normalised) style loss")
    p.add_argument("--tv-weight", type=float, default=1.0, help="johnson: weight of the total variation loss")
    p.add_argument("--crop", type=int, default=256, help="johnson: side of the random training crops")
    p.add_argument("--style-size", type=int, default=256,
                   help="johnson: long side the style painting is resized to (sets the size of its strokes)")
    p.add_argument("--style-lr", type=float, default=1e-3, help="johnson: Adam learning rate (the paper's 1e-3)")
    p.add_argument("--half", action="store_true", help="store the exported weights as float16")
    p.add_argument("--export-discriminator", default=None,
                   help="pix2pix: also ship the discriminator under this name (the tab's patch map)")
    p.add_argument("--no-progress", action="store_true")
    args = p.parse_args(argv)
    if args.clusters and args.model != "dcgan":
        p.error("--clusters is an option of dcgan")
    if args.clusters and not 2 <= args.clusters <= args.z_dim:  # one latent coordinate picks each cluster's cell
        p.error(f"--clusters must be 0 (off) or between 2 and --z-dim ({args.z_dim}), got {args.clusters}")
    args.data = args.data or SOURCES.get(args.model, DATA_SOURCES)[0]
    if args.model not in SOURCES and args.data not in DATA_SOURCES:
        p.error(f"--data for {args.model} must be one of {', '.join(DATA_SOURCES)}")
    return args


Data = DigitData | PairData | UnpairedData | PhotoData


def load_data(args: argparse.Namespace) -> Data:
    if args.model == "johnson":
        return load_photos(args.data, size=args.crop + 64)  # room for random crops
    if args.model == "cyclegan":
        return load_unpaired(args.data)
    return load_pairs(args.data) if args.model == "pix2pix" else load_digits(args.data)


def cluster_training_images(args: argparse.Namespace, data: DigitData) -> tuple[torch.Tensor, float]:
    """k-means cluster of every training image (the DCGAN's own labels) and the seconds it took."""
    start = time.perf_counter()
    labels, _ = kmeans(data.train_images, args.clusters, seed=args.seed)
    return labels, time.perf_counter() - start


def build_task(args: argparse.Namespace, data: Data, clusters: torch.Tensor | None = None) -> TrainingTask:
    if isinstance(data, PhotoData):
        return FastStyleTask(style_target(args.style, args.style_size), data.test,
                             content_weight=args.content_weight, style_weight=args.style_weight,
                             tv_weight=args.tv_weight, width=args.g_width, blocks=args.blocks or 5, crop=args.crop,
                             lr=args.style_lr)
    if isinstance(data, UnpairedData):
        return CycleGanTask(data.test_a, data.test_b, data.test_paired, cycle_weight=args.cycle_weight,
                            identity_weight=args.identity_weight, g_width=args.g_width, blocks=args.blocks or 6,
                            d_width=args.d_width, pool_size=args.pool_size, seed=args.seed)
    if isinstance(data, PairData):
        return Pix2PixTask(data.train_inputs, data.test_inputs, data.test_targets, l1_weight=args.l1_weight,
                           gan_weight=args.gan_weight, augment=not args.no_augment)
    if args.model == "classifier":
        return ClassifierTask(data.validation_images, data.validation_labels, lr=args.classifier_lr,
                              width=args.classifier_width,
                              augmentation="garments" if args.data == "fashion-mnist" else "digits")
    return GanTask(
        conditional=args.model == "cgan", z_dim=args.z_dim, g_width=args.g_width, d_width=args.d_width,
        ema_decay=args.ema_decay, loss=args.gan_loss, spectral_norm=args.spectral_norm, g_lr=args.g_lr,
        d_lr=args.d_lr, mapping=args.mapping, deeper_d=args.deeper_d, ship_average=args.ship == "average",
        cluster_shares=None if clusters is None else torch.bincount(clusters).float() / len(clusters),
    )


def shipped_network(task: TrainingTask) -> tuple[torch.nn.Module, str, dict]:
    """The network a checkpoint ships: the generator of a GAN, the classifier itself."""
    if isinstance(task, GanTask):
        name, arguments = task.generator_spec
        return task.shipped_generator, name, arguments
    if isinstance(task, FastStyleTask):
        name, arguments = task.spec
        return task.modules["transformer"], name, arguments
    if isinstance(task, Pix2PixTask | CycleGanTask):
        name, arguments = task.generator_spec
        return task.modules["generator" if isinstance(task, Pix2PixTask) else "generators"], name, arguments
    name, arguments = task.spec
    return task.modules["classifier"], name, arguments


def dataset_card(args: argparse.Namespace, data: Data) -> dict:
    if isinstance(data, PhotoData):
        return {"source": args.data, "description": data.description, "train_examples": len(data.train),
                "test_examples": len(data.test), "test_photos": list(data.test_names), "style": args.style}
    if isinstance(data, UnpairedData):
        return {
            "source": args.data,
            "description": data.description,
            "domains": list(data.domain_names),
            "train_examples": [len(data.train_a), len(data.train_b)],
            "test_examples": [len(data.test_a), len(data.test_b)],
            "holdout": "the data set's fixed test split, never trained on",
        }
    if isinstance(data, PairData):
        return {
            "source": args.data,
            "description": data.description,
            "train_examples": len(data.train_inputs),
            "test_examples": len(data.test_inputs),
            "holdout": "the data set's fixed test split, never trained on",
        }
    return {
        "source": args.data,
        "description": DESCRIPTIONS[args.data],
        "train_examples": len(data.train_labels),
        "validation": f"last {len(data.validation_labels) // 10} of each class of the official training split "
                      f"({len(data.validation_labels)} examples): every choice was made on these, never trained on",
        "test": f"the official test split ({len(data.test_labels)} examples): only the reported metrics use it",
    }


def export_networks(
    args: argparse.Namespace, task: TrainingTask, data: Data, result: TrainResult, command: str,
    clustering_s: float = 0.0,
) -> None:
    """Write the shipped network (and, if asked, pix2pix's discriminator) with their model cards."""
    card = {
        "dataset": dataset_card(args, data),
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
    }
    if isinstance(task, Pix2PixTask):
        card["training"] |= {"l1_weight": args.l1_weight, "gan_weight": args.gan_weight,
                             "augment": not args.no_augment}
    if isinstance(task, FastStyleTask):
        card["training"] |= {"style": args.style, "content_weight": args.content_weight,
                             "style_weight": args.style_weight, "tv_weight": args.tv_weight, "crop": args.crop,
                             "style_size": args.style_size, "lr": args.style_lr}
    if isinstance(task, GanTask):
        card["training"] |= {"gan_loss": args.gan_loss, "spectral_norm": args.spectral_norm, "g_lr": args.g_lr,
                             "d_lr": args.d_lr, "ema_decay": args.ema_decay, "mapping": args.mapping,
                             "deeper_d": args.deeper_d, "shipped": args.ship if args.ema_decay > 0 else "trained"}
        if args.clusters:
            card["training"]["clusters"] = {
                "k": args.clusters, "found_by": "k-means on the pixels of the training images (seeded, no labels)",
                "seconds": round(clustering_s, 1),
            }
    if isinstance(task, CycleGanTask):
        card["training"] |= {"cycle_weight": args.cycle_weight,
                             "identity_weight": args.identity_weight * args.cycle_weight,
                             "pool_size": args.pool_size, "gan_loss": "least squares"}
    if args.export:
        network, architecture, arguments = shipped_network(task)
        print(f"exported {checkpoints.export(network, args.export, architecture, arguments, card, half=args.half)}")
    if args.export_discriminator and "discriminator" in task.modules:
        name, arguments = task.discriminator_spec
        path = checkpoints.export(task.modules["discriminator"], args.export_discriminator, name, arguments,
                                  card | {"role": f"the discriminator trained with {args.export}"}, half=args.half)
        print(f"exported {path}")


def describe_run(args: argparse.Namespace, task: TrainingTask, command: str) -> None:
    """``run.json`` beside the training state: enough to rebuild a GAN run's generators, so
    ``python -m ganzoo.metrics runs/NAME --split validation`` can score a run before anything ships."""
    if isinstance(task, GanTask):
        args.out.mkdir(parents=True, exist_ok=True)
        name, arguments = task.generator_spec
        run = {"data": args.data, "generator": {"architecture": name, "arguments": arguments}, "command": command}
        (args.out / RUN_FILE).write_text(json.dumps(run, indent=2) + "\n")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    command = shlex.join(["python", "-m", "ganzoo.train", *(sys.argv[1:] if argv is None else argv)])
    try:
        data = load_data(args)
    except GanzooError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    clusters, clustering_s = cluster_training_images(args, data) if args.clusters else (None, 0.0)
    torch.manual_seed(args.seed)  # the initial weights are part of what a seed reproduces
    task = build_task(args, data, clusters)
    cfg = TrainConfig(
        out=args.out, epochs=args.epochs, max_steps=args.max_steps, batch_size=args.batch_size,
        seed=args.seed, save_every=args.save_every, log_every=args.log_every,
        device=args.device, progress=not args.no_progress, max_minutes=args.max_minutes,
    )
    if int(os.environ.get("RANK", "0")) == 0:
        describe_run(args, task, command)
    dataset = data.train_dataset(args.seed) if isinstance(data, UnpairedData) else data.train_dataset()
    if clusters is not None:  # the same images, each labelled with its cluster instead of its class
        dataset = torch.utils.data.TensorDataset(data.train_images, clusters)
    result = fit(task, dataset, cfg)
    if int(os.environ.get("RANK", "0")) == 0:  # one process writes the files
        export_networks(args, task, data, result, command, clustering_s)
    print(
        f"done: {result.steps} steps, {result.epochs_completed} epochs, "
        f"{result.wall_time_s:.0f}s, {result.images_per_s:.0f} images/s on {result.device}"
    )
    distributed.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
