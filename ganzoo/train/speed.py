"""Choose the fastest numeric precision and memory layout for a run, by measuring it.

bfloat16 autocast and the channels-last (NHWC) layout can each make a CPU training step 1.5-3x
faster on processors with bfloat16 matrix units (AMX, AVX-512-BF16), and can each make it
*slower* on one without them, or for a network whose layers oneDNN does not favour. Nothing
about a network says which: so ``--precision auto`` / ``--memory-format auto`` try each option
on the real networks and the real first batch, for a few steps, and keep the fastest whose
losses are finite and close to float32's on the same batch from the same weights.

Every probe trains a copy of the task (networks, optimisers, and any state of its own such as
CycleGAN's history pool) made before the first probe, so the run that follows is exactly the
run that would have started without the probe.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import torch

from ganzoo.precision import cpu_has_bfloat16
from ganzoo.train.loop import MEMORY_FORMATS, PRECISIONS, StepContext, TrainingTask

#: A candidate's first-step losses may differ from float32's by this much (relative, per logged value).
LOSS_TOLERANCE = 0.05
#: Wall-time budget of the whole probe, seconds: options beyond it are not tried.
PROBE_SECONDS = 30.0


@dataclass
class Option:
    precision: str
    memory_format: str
    images_per_second: float = float("nan")
    first_losses: dict[str, float] = field(default_factory=dict)
    verdict: str = "not tried"

    @property
    def name(self) -> str:
        return f"{self.precision}+{self.memory_format}"


@dataclass
class Choice:
    precision: str
    memory_format: str
    options: list[Option]

    def table(self) -> str:
        """The measured table, one line per option, as printed at the start of a run."""
        lines = [f"{'option':<26}{'images/s':>10}  verdict"]
        for o in self.options:
            lines.append(f"{o.name:<26}{o.images_per_second:>10.2f}  {o.verdict}")
        lines.append(f"chosen: precision {self.precision}, memory format {self.memory_format}")
        return "\n".join(lines)

    def card(self) -> dict:
        """What the model card records under ``training``."""
        return {
            "precision": self.precision,
            "memory_format": self.memory_format,
            "images_per_second": {o.name: None if math.isnan(o.images_per_second) else round(o.images_per_second, 2)
                                  for o in self.options},
        }


def candidates(precision: str, memory_format: str) -> list[Option]:
    """The options to try: every value for each setting left at ``auto``, the given value otherwise."""
    precisions = PRECISIONS if precision == "auto" else (precision,)
    formats = MEMORY_FORMATS if memory_format == "auto" else (memory_format,)
    return [Option(p, f) for p in precisions for f in formats]


def set_memory_format(task: TrainingTask, memory_format: str) -> None:
    """Put every network's 4-d weights in ``memory_format`` (a no-op for networks without convolutions)."""
    fmt = torch.channels_last if memory_format == "channels_last" else torch.contiguous_format
    for module in task.modules.values():
        module.to(memory_format=fmt)


def losses_agree(reference: dict[str, float], other: dict[str, float], tolerance: float = LOSS_TOLERANCE) -> bool:
    """Finite, and each logged value within ``tolerance`` (relative; absolute near zero) of the reference."""
    for key, ref in reference.items():
        value = other.get(key, float("nan"))
        if not math.isfinite(value):
            return False
        if abs(value - ref) > tolerance * max(abs(ref), 1.0):
            return False
    return True


def choose(
    task: TrainingTask, make_context: Callable[[TrainingTask, str, str], StepContext], batch: list[torch.Tensor],
    precision: str = "auto", memory_format: str = "auto", steps: int = 3, budget_s: float = PROBE_SECONDS,
    seed: int = 0,
) -> Choice:
    """Time ``steps`` training steps (after one warm-up) of each option on ``batch``; keep the fastest
    whose first-step losses agree with float32's. The task's weights and optimisers are restored."""
    options = candidates(precision, memory_format)
    if len(options) == 1:
        only = options[0]
        only.verdict = "as asked (not probed)"
        return Choice(only.precision, only.memory_format, options)
    started = time.perf_counter()
    reference: dict[str, float] | None = None
    for option in options:
        if option.precision == "bf16" and precision == "auto" and not cpu_has_bfloat16():
            option.verdict = "not tried: this CPU has no bfloat16 units (oneDNN would emulate them)"
            continue
        if time.perf_counter() - started > budget_s:
            option.verdict = f"not tried (probe budget {budget_s:.0f} s used)"
            continue
        trial = copy.deepcopy(task)  # the same weights for every option; the real task is untouched
        set_memory_format(trial, option.memory_format)
        ctx = make_context(trial, option.precision, option.memory_format)
        formatted = [ctx.to_format(t) for t in batch]
        torch.manual_seed(seed)
        option.first_losses = trial.training_step(formatted, ctx)  # also the warm-up step
        timed_start = time.perf_counter()
        for _ in range(steps):
            trial.training_step(formatted, ctx)
        option.images_per_second = steps * len(batch[0]) / (time.perf_counter() - timed_start)
        if reference is None:  # the first option is float32 whenever float32 is a candidate
            reference = option.first_losses
        option.verdict = "ok" if losses_agree(reference, option.first_losses) else "losses differ from float32's"
        del trial
    usable = [o for o in options if o.verdict == "ok"]
    best = max(usable, key=lambda o: o.images_per_second) if usable else options[0]
    best.verdict += " <- chosen"
    return Choice(best.precision, best.memory_format, options)
