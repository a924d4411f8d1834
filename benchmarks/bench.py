"""Time what a user waits for, on this machine, and print a table.

    python benchmarks/bench.py            # inference per tab action + training throughput

Inference: each tab action as the UI runs it (generator + picture), batch 1 and batch 100.
Training: images/s of the shared loop for both GANs (a short run on the local MNIST).
Speed targets are checked here, never in the tests.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ganzoo
from ganzoo import inference
from ganzoo.data import load_digits
from ganzoo.train.gan import GanTask
from ganzoo.train.loop import TrainConfig, fit


def median_ms(action: Callable[[], object], repeats: int = 20) -> float:
    action()  # warm-up: first calls pay for allocator and kernel selection
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def inference_rows() -> list[tuple[str, str]]:
    cgan, dcgan = ganzoo.load("cgan-mnist"), ganzoo.load("dcgan-mnist")
    gif_path = Path(tempfile.mkdtemp()) / "walk.gif"
    actions = {
        "Label→digit: 1 sample": lambda: inference.to_pil(inference.sample_digits(cgan, 7, 1, 0), scale=3),
        "Label→digit: 100 samples": lambda: inference.to_pil(inference.sample_digits(cgan, None, 100, 0), 10, 3),
        "Label→digit: same-noise 10x10": lambda: inference.to_pil(inference.same_noise_grid(cgan, 10, 0), 10, 3),
        "Latent walk: frame at t (batch 1)": lambda: inference.to_pil(inference.walk_frame(dcgan, 1, 2, 0.5), scale=10),
        "Latent walk: 100 samples": lambda: inference.sample_digits(dcgan, None, 100, 0),
        "Latent walk: strip 10 + GIF 24": lambda: (
            inference.to_pil(inference.latent_walk(dcgan, 1, 2, 10), scale=3),
            inference.save_gif(inference.latent_walk(dcgan, 1, 2, 24), gif_path),
        ),
    }
    return [(name, f"{median_ms(fn):8.1f} ms") for name, fn in actions.items()]


def training_rows(steps: int = 100) -> list[tuple[str, str]]:
    data = load_digits("mnist")
    rows = []
    for conditional in (True, False):
        torch.manual_seed(0)
        # Benchmark the shipped sizes, as their model cards record them.
        arguments = ganzoo.checkpoints.read_card("cgan-mnist" if conditional else "dcgan-mnist")["arguments"]
        task = GanTask(conditional=conditional, z_dim=arguments["z_dim"], g_width=arguments["width"])
        with tempfile.TemporaryDirectory() as out:
            result = fit(task, data.train_dataset(), TrainConfig(out=Path(out), max_steps=steps, progress=False))
        name = "cgan" if conditional else "dcgan"
        label = f"Training {name} (G width {arguments['width']}, batch 64)"
        rows.append((label, f"{result.images_per_s:8.0f} images/s"))
    return rows


def main() -> None:
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads\n")
    rows = inference_rows() + training_rows()
    width = max(len(name) for name, _ in rows)
    print(f"{'action':<{width}}  result")
    print(f"{'-' * width}  {'-' * 17}")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
