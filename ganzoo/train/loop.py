"""The one training loop every ganzoo model shares.

A model supplies a ``TrainingTask`` (its networks, optimisers, and what one step does);
``fit`` supplies everything else: device, seeding, DDP, mixed precision (float16 on CUDA,
bfloat16 on CPUs that have the units for it, chosen by measurement: ``ganzoo.train.speed``),
the memory layout, checkpoint + resume, a tqdm progress bar, a sample grid per epoch, metrics
CSVs, and where the wall time went (``timings``).

Files written under ``out/``:
    checkpoint.pt   latest training state (atomic: written to a temp file, then renamed)
    metrics.csv     losses and images/s every ``log_every`` steps
    epochs.csv      the task's end-of-epoch evaluation
    samples/epoch_NNN.png   a fixed-noise sample grid after every epoch
"""

from __future__ import annotations

import contextlib
import csv
import os
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn
from tqdm.auto import tqdm

from ganzoo.train import distributed
from ganzoo.train.distributed import Distributed

CHECKPOINT_FILE = "checkpoint.pt"


@dataclass
class TrainConfig:
    out: Path
    epochs: int = 10
    max_steps: int | None = None  # stop earlier than ``epochs`` (smoke tests, benchmarks)
    batch_size: int = 64
    seed: int = 0
    save_every: int = 500  # steps; a killed run loses at most this much work
    log_every: int = 50
    device: str = "auto"
    max_minutes: float | None = None  # wall-time budget: stop after the step that passes it
    progress: bool = True
    precision: str = "fp32"  # "fp32", "bf16" or "auto" (probe both on the real networks: ganzoo.train.speed)
    memory_format: str = "contiguous"  # "contiguous", "channels_last" or "auto"


PRECISIONS = ("fp32", "bf16")
MEMORY_FORMATS = ("contiguous", "channels_last")


class StepContext:
    """What a task's ``training_step`` may use: its (possibly DDP-wrapped) networks and helpers.

    Precision. On CUDA, float16 autocast with loss scaling, as before. On a CPU, ``precision="bf16"``
    runs the convolutions and matrix products under ``torch.autocast("cpu", dtype=torch.bfloat16)``
    (oneDNN uses AMX / AVX-512-BF16 units where the processor has them). What stays float32, and why:

    * the weights, their gradients and Adam's moments: autocast casts a *copy* of each weight for
      the operation, so small updates are not rounded away in bfloat16's 8-bit mantissa;
    * batch and instance norm statistics, the log / BCE terms, L1 and mean reductions, softmax:
      autocast's CPU policy keeps these ops in float32 (a sum of many small terms loses digits);
    * Gram matrices (``losses.gram_matrix``) are computed outside autocast in float32: they are sums
      over every pixel, and the style loss compares them to a target to 1e-3.

    bfloat16 keeps float32's exponent range, so unlike float16 it needs no loss scaling.
    """

    def __init__(
        self,
        models: dict[str, nn.Module],
        optimizers: dict[str, torch.optim.Optimizer],
        device: torch.device,
        precision: str = "fp32",
        memory_format: str = "contiguous",
    ) -> None:
        if precision not in PRECISIONS or memory_format not in MEMORY_FORMATS:
            raise ValueError(f"precision must be one of {PRECISIONS} and memory_format one of {MEMORY_FORMATS}")
        self.models = models
        self.optimizers = optimizers
        self.device = device
        self.step = 0
        self.total_steps = 1
        self.precision, self.memory_format = precision, memory_format
        self.use_amp = device.type == "cuda"
        # One scaler per optimiser: a float16 overflow in D must not skip G's step.
        self.scalers = {
            name: torch.amp.GradScaler("cuda", enabled=self.use_amp) for name in optimizers
        }

    def to_format(self, images: torch.Tensor) -> torch.Tensor:
        """A batch of images in the memory layout the networks were put in (NHWC for channels_last)."""
        if self.memory_format == "channels_last" and images.dim() == 4:
            return images.contiguous(memory_format=torch.channels_last)
        return images

    @property
    def progress(self) -> float:
        """Fraction of training done, in [0, 1): for schedules that depend only on the step."""
        return self.step / self.total_steps

    def model(self, name: str) -> nn.Module:
        """The network to train through (DDP-wrapped when distributed)."""
        return self.models[name]

    def unwrapped(self, name: str) -> nn.Module:
        """The plain network, for passes whose gradients need no all-reduce."""
        return distributed.unwrap(self.models[name])

    def autocast(self) -> contextlib.AbstractContextManager:
        """float16 autocast on CUDA; bfloat16 autocast on a CPU run in ``bf16``; else a no-op."""
        if self.use_amp:
            return torch.autocast("cuda", dtype=torch.float16)
        if self.precision == "bf16":
            return torch.autocast(self.device.type, dtype=torch.bfloat16)
        return contextlib.nullcontext()

    @contextlib.contextmanager
    def frozen(self, name: str) -> Iterator[nn.Module]:
        """Network ``name`` (unwrapped) with its weights' gradients off, for passes that only carry
        gradients *through* it: in the generator's step D must pass dL/dG(z) back to G, but D's own
        weight gradients would be computed and thrown away (junyanz's ``set_requires_grad(D, False)``)."""
        network = self.unwrapped(name)
        previous = [p.requires_grad for p in network.parameters()]
        network.requires_grad_(False)
        try:
            yield network
        finally:
            for p, flag in zip(network.parameters(), previous, strict=True):
                p.requires_grad_(flag)

    def optimize(self, name: str, loss: torch.Tensor) -> None:
        """Zero the grads, backpropagate ``loss`` and step optimiser ``name`` (loss-scaled on CUDA)."""
        optimizer, scaler = self.optimizers[name], self.scalers[name]
        optimizer.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        scaler.step(optimizer)
        scaler.update()


class TrainingTask(ABC):
    """What a model supplies to ``fit``."""

    #: Networks by name; every one is trained, checkpointed and (when distributed) DDP-wrapped.
    modules: dict[str, nn.Module]
    #: Optimisers by name, matching the names ``training_step`` passes to ``ctx.optimize``.
    optimizers: dict[str, torch.optim.Optimizer]
    #: Images per row of the per-epoch sample grid.
    sample_grid_columns: int = 10

    @abstractmethod
    def training_step(self, batch: list[torch.Tensor], ctx: StepContext) -> dict[str, float]:
        """One optimisation step on ``batch``; returns scalars to log."""

    def sample_images(self) -> torch.Tensor | None:
        """Images in [-1, 1] for the per-epoch grid (fixed inputs, so epochs compare)."""
        return None

    def evaluate(self) -> dict[str, float]:
        """End-of-epoch metrics (e.g. held-out accuracy); networks are in eval mode."""
        return {}

    def finish(self) -> None:  # noqa: B027 (an optional hook, not an abstract one)
        """Work done once after the last step (and again, harmlessly, when a finished run is resumed)."""

    @abstractmethod
    def build_optimizers(self) -> None:
        """Create ``self.optimizers``; called after the networks are on their device."""


@dataclass
class TrainResult:
    steps: int
    epochs_completed: int
    wall_time_s: float
    images_per_s: float
    device: str
    world_size: int
    last_metrics: dict[str, float] = field(default_factory=dict)
    eval_metrics: dict[str, float] = field(default_factory=dict)
    #: precision, memory_format and the images/s of each option the probe measured (for the card)
    speed: dict[str, Any] = field(default_factory=dict)
    #: seconds of this session spent per kind of work (steps, data, evaluation, checkpoints, ...)
    timings: dict[str, float] = field(default_factory=dict)


class Timings:
    """Where a run's wall time goes: seconds per kind of work, printed at the end of a run.

    A run's wall time is more than its steps: evaluation, sample grids, checkpoints and moving the
    data each take their share, and a run that shares the cores is slower still. Measured so that
    what is not the step can be seen (and fixed) instead of guessed."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def measure(self, kind: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[kind] = self.seconds.get(kind, 0.0) + time.perf_counter() - start

    def report(self, total_s: float) -> str:
        other = max(total_s - sum(self.seconds.values()), 0.0)
        parts = [*self.seconds.items(), ("other (logging, progress bar)", other)]
        return "where the time went: " + ", ".join(
            f"{kind} {s:.1f} s ({s / max(total_s, 1e-9):.0%})" for kind, s in parts)


@torch.no_grad()
def recompute_batch_norm_statistics(network: nn.Module, inputs: Iterable[tuple[torch.Tensor, ...]]) -> None:
    """Replace ``network``'s batch-norm running statistics by a plain average over ``inputs``.

    During training they are an exponential average of the last batches of a network that was
    still changing (or, for an EMA generator, of *another* network's activations), so at the
    end they are re-measured on the final weights. Dropout is off, as it is when the network runs.
    """
    norms = [m for m in network.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    momenta = [m.momentum for m in norms]
    for m in norms:
        m.reset_running_stats()
        m.momentum = None  # None: a cumulative average instead of an exponential one
    was_training = network.training
    network.train()
    for m in network.modules():
        if isinstance(m, nn.Dropout):
            m.eval()
    for args in inputs:
        network(*args)
    for m, momentum in zip(norms, momenta, strict=True):
        m.momentum = momentum  # as it was: a resumed or continued run keeps its own setting
    network.train(was_training)


def halfway_linear_decay(progress: float) -> float:
    """Learning-rate factor of pix2pix and CycleGAN: 1 for the first half of training, then linearly to 0.

    The adversarial game tends to circle rather than converge; the shrinking steps of the
    second half let the networks settle.
    """
    return min(1.0, 2.0 * (1.0 - progress))


def set_learning_rate(optimizers: Iterable[torch.optim.Optimizer], lr: float) -> None:
    for optimizer in optimizers:
        for group in optimizer.param_groups:
            group["lr"] = lr


def step_seed(seed: int, rank: int, step: int) -> int:
    """The RNG seed for one step of one process.

    Seeding every step from (seed, rank, step) makes each step's noise a pure function of
    where the run is, so a resumed run draws exactly what an uninterrupted one would have,
    without storing RNG states, and the processes of a DDP run draw different noise.
    """
    return (seed * 1_000_003 + rank * 7_919 + step) % (2**63)


def epoch_order(n: int, seed: int, epoch: int) -> torch.Tensor:
    """The shuffled order of the training set for ``epoch``; the same on every process."""
    return torch.randperm(n, generator=torch.Generator().manual_seed(seed * 10_007 + epoch))


@contextlib.contextmanager
def evaluating(modules: dict[str, nn.Module]) -> Iterator[None]:
    """Eval mode (batch norm uses running stats, no dropout) and no autograd, then back."""
    for m in modules.values():
        m.eval()
    try:
        with torch.no_grad():
            yield
    finally:
        for m in modules.values():
            m.train()


class CsvLog:
    """Append rows to a CSV, writing the header once (and keeping it across resumes)."""

    def __init__(self, path: Path, enabled: bool) -> None:
        self.path, self.enabled = path, enabled

    def write(self, row: dict[str, Any]) -> None:
        if not self.enabled:
            return
        new = not self.path.exists()
        with open(self.path, "a", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(row), extrasaction="ignore")
            if new:
                writer.writeheader()
            writer.writerow({k: f"{v:.6g}" if isinstance(v, float) else v for k, v in row.items()})


def last_logged(path: Path) -> dict[str, float]:
    """The last row of a metrics CSV, for a resumed run that had no steps left to log."""
    if not path.exists():
        return {}
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    skip = {"step", "epoch", "wall_time_s", "images_per_s"}
    return {k: float(v) for k, v in rows[-1].items() if k not in skip} if rows else {}


def save_training_state(path: Path, task: TrainingTask, step: int, wall_time_s: float) -> None:
    """Write the whole training state atomically: a crash mid-write leaves the old file intact."""
    state = {
        "step": step,
        "wall_time_s": wall_time_s,
        "modules": {n: distributed.unwrap(m).state_dict() for n, m in task.modules.items()},
        "optimizers": {n: o.state_dict() for n, o in task.optimizers.items()},
    }
    tmp = path.with_suffix(".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)


def load_training_state(path: Path, task: TrainingTask, device: torch.device) -> tuple[int, float]:
    """Restore networks and optimisers from ``path``; return (step, wall time so far)."""
    # weights_only: the file holds tensors and plain containers only, never code.
    state = torch.load(path, map_location=device, weights_only=True)
    for name, module in task.modules.items():
        module.load_state_dict(state["modules"][name])
    for name, optimizer in task.optimizers.items():
        optimizer.load_state_dict(state["optimizers"][name])
    return int(state["step"]), float(state["wall_time_s"])


def save_sample_grid(images: torch.Tensor, path: Path, nrow: int = 10, padding: int = 2) -> None:
    """Write images in [-1, 1] (N, C, H, W) as one PNG: ``nrow`` to a row, black lines between."""
    from ganzoo.inference.pictures import to_pil  # the app's own grid, at one pixel per pixel

    path.parent.mkdir(parents=True, exist_ok=True)
    to_pil(images.float().cpu(), nrow, scale=1, padding=padding).save(path)


def batches(
    tensors: tuple[torch.Tensor, ...], env: Distributed, seed: int, batch_size: int,
    steps_per_epoch: int, first_step: int, total_steps: int, device: torch.device,
) -> Iterator[tuple[int, int, list[torch.Tensor]]]:
    """Yield (step, epoch, batch) from ``first_step`` to ``total_steps``.

    Each epoch has its own shuffled order; this process takes every world_size-th example
    of it. Because the order depends only on (seed, epoch), starting at any step (a resume)
    yields exactly the batches an uninterrupted run would have seen from there.
    """
    step = first_step
    while step < total_steps:
        epoch, first_batch = divmod(step, steps_per_epoch)
        shard = epoch_order(len(tensors[0]), seed, epoch)[env.rank :: env.world_size]
        for b in range(first_batch, steps_per_epoch):
            if step == total_steps:
                return
            idx = shard[b * batch_size : (b + 1) * batch_size]
            yield step, epoch, [t[idx].to(device, non_blocking=True) for t in tensors]
            step += 1


class IntervalLog:
    """Averages the step logs over an interval and writes them, with throughput, as one CSV row."""

    def __init__(self, csv_log: CsvLog, images_per_step: int) -> None:
        self.csv_log, self.images_per_step = csv_log, images_per_step
        self.history: list[dict[str, float]] = []
        self.started = time.perf_counter()
        self.last: dict[str, float] = {}

    def add(self, logs: dict[str, float]) -> None:
        self.history.append(logs)

    def flush(self, step: int, epoch: int, wall_time_s: float) -> dict[str, float]:
        elapsed = time.perf_counter() - self.started
        self.last = {k: sum(h[k] for h in self.history) / len(self.history) for k in self.history[0]}
        images_per_s = len(self.history) * self.images_per_step / elapsed
        self.csv_log.write(
            {"step": step, "epoch": epoch, "wall_time_s": wall_time_s, "images_per_s": images_per_s, **self.last}
        )
        self.history, self.started = [], time.perf_counter()
        return self.last


def fit(task: TrainingTask, dataset: torch.utils.data.TensorDataset, cfg: TrainConfig) -> TrainResult:
    """Train ``task`` on ``dataset`` until ``cfg.epochs`` (or ``cfg.max_steps``), resuming if possible."""
    from ganzoo.train import speed  # speed builds on this module's StepContext

    device = distributed.pick_device(cfg.device, int(os.environ.get("LOCAL_RANK", 0)))
    env: Distributed = distributed.init_distributed(device)
    out = Path(cfg.out)
    if env.is_main:
        out.mkdir(parents=True, exist_ok=True)

    for module in task.modules.values():
        module.to(device).train()
    task.build_optimizers()
    checkpoint = out / CHECKPOINT_FILE
    first_step, wall_time_before = 0, 0.0
    if checkpoint.exists():
        first_step, wall_time_before = load_training_state(checkpoint, task, device)

    steps_per_epoch = len(dataset) // (cfg.batch_size * env.world_size)
    if steps_per_epoch == 0:
        raise ValueError(f"dataset of {len(dataset)} is smaller than one global batch "
                         f"({cfg.batch_size} x {env.world_size} processes)")
    total_steps = cfg.max_steps or cfg.epochs * steps_per_epoch

    choice = _choose_speed(task, dataset, cfg, device, env, speed)
    speed.set_memory_format(task, choice.memory_format)
    # Wrap after loading, so DDP starts from (and broadcasts) the resumed weights.
    ctx = StepContext({n: distributed.wrap(m, env, device) for n, m in task.modules.items()},
                      task.optimizers, device, choice.precision, choice.memory_format)
    ctx.total_steps = total_steps

    interval_log = IntervalLog(CsvLog(out / "metrics.csv", env.is_main), cfg.batch_size * env.world_size)
    epochs_log = CsvLog(out / "epochs.csv", env.is_main)
    bar = tqdm(total=total_steps, initial=first_step, unit="step",
               desc=f"{type(task).__name__} on {device.type}" + (f" x{env.world_size}" if env.enabled else ""),
               disable=not (cfg.progress and env.is_main))
    start = time.perf_counter()
    done, eval_metrics = first_step, {}
    timings = Timings()

    def wall_time() -> float:
        return wall_time_before + time.perf_counter() - start

    batch_stream = batches(dataset.tensors, env, cfg.seed, cfg.batch_size, steps_per_epoch, first_step,
                           total_steps, device)
    while True:
        with timings.measure("data"):
            item = next(batch_stream, None)
            if item is not None:
                step, epoch, batch = item
                batch = [ctx.to_format(t) for t in batch]
        if item is None:
            break
        torch.manual_seed(step_seed(cfg.seed, env.rank, step))
        ctx.step = step
        with timings.measure("training steps"):
            interval_log.add(task.training_step(batch, ctx))
        done = step + 1
        bar.update(1)
        if done % cfg.log_every == 0 or done == total_steps:
            bar.set_postfix({k: f"{v:.3f}" for k, v in interval_log.flush(done, epoch, wall_time()).items()})
        epoch_ended = done % steps_per_epoch == 0 or done == total_steps
        if epoch_ended:
            eval_metrics = _end_of_epoch(task, env, out, epoch, done, epochs_log, timings)
        if epoch_ended or done % cfg.save_every == 0:
            with timings.measure("checkpoints"):
                if env.is_main:
                    save_training_state(checkpoint, task, done, wall_time())
                distributed.all_processes_agree()
        if cfg.max_minutes is not None and out_of_time(wall_time(), cfg.max_minutes, env, device):
            break
    bar.close()
    if env.is_main:
        with timings.measure("finish and final evaluation"):
            task.finish()
            with evaluating(task.modules):
                eval_metrics = task.evaluate()
        with timings.measure("checkpoints"):
            save_training_state(checkpoint, task, done, wall_time())
    distributed.all_processes_agree()

    session_time = time.perf_counter() - start
    if env.is_main:
        tqdm.write(timings.report(session_time))
    return TrainResult(
        steps=done,
        epochs_completed=done // steps_per_epoch,
        wall_time_s=wall_time(),
        images_per_s=(done - first_step) * cfg.batch_size * env.world_size / max(session_time, 1e-9),
        device=str(device),
        world_size=env.world_size,
        last_metrics=interval_log.last or last_logged(out / "metrics.csv"),
        eval_metrics=eval_metrics,
        speed=choice.card(),
        timings={k: round(v, 1) for k, v in timings.seconds.items()} | {"session_s": round(session_time, 1)},
    )


def _choose_speed(task: TrainingTask, dataset: torch.utils.data.TensorDataset, cfg: TrainConfig,
                  device: torch.device, env: Distributed, speed: Any) -> Any:
    """Precision and memory layout for this run: as asked, or (``auto``) measured on the first batch.

    On CUDA the float16 path is kept as it was (``fp32`` here means "autocast as before"); the probe is
    for CPUs. Under DDP every process must agree, so rank 0's choice is the one all use."""
    precision, memory_format = cfg.precision, cfg.memory_format
    if device.type != "cpu":
        precision = "fp32"
        memory_format = "contiguous" if memory_format == "auto" else memory_format
    first = [t[: cfg.batch_size].to(device) for t in dataset.tensors]

    def make_context(trial: TrainingTask, p: str, f: str) -> StepContext:
        return StepContext(dict(trial.modules), trial.optimizers, device, p, f)

    choice = speed.choose(task, make_context, first, precision, memory_format, seed=cfg.seed)
    if env.enabled:
        agreed = [choice.precision, choice.memory_format]
        torch.distributed.broadcast_object_list(agreed, src=0)
        choice.precision, choice.memory_format = agreed
    if env.is_main and len(choice.options) > 1:
        tqdm.write(choice.table())
    return choice


def out_of_time(seconds: float, budget_minutes: float, env: Distributed, device: torch.device | None = None) -> bool:
    """Has the run used its wall-time budget? Rank 0's clock decides, so every process stops at the same step.

    The flag is broadcast from ``device``: NCCL (CUDA) can only send tensors that live on the GPU."""
    flag = torch.tensor([float(seconds >= budget_minutes * 60)], device=device)
    if env.enabled:
        torch.distributed.broadcast(flag, src=0)
    return bool(flag.item())


def _end_of_epoch(
    task: TrainingTask, env: Distributed, out: Path, epoch: int, step: int, log: CsvLog, timings: Timings
) -> dict[str, float]:
    if not env.is_main:
        return {}
    with evaluating(task.modules):
        with timings.measure("evaluation"):
            metrics = task.evaluate()
        with timings.measure("sample grids"):
            images = task.sample_images()
            if images is not None:
                save_sample_grid(images.cpu(), out / "samples" / f"epoch_{epoch:03d}.png",
                                 nrow=task.sample_grid_columns)
    if metrics:
        log.write({"epoch": epoch, "step": step, **metrics})
        tqdm.write(f"epoch {epoch}: " + ", ".join(f"{k}={v:.4f}" for k, v in metrics.items()))
    return metrics
