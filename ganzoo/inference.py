"""The small inference API that the CLI, the web demo and the tests all call.

Functions take a loaded checkpoint (``ganzoo.load(...)``) or a bare generator module and
plain Python values, check those values (raising ``InvalidInputError`` with a message a
person can act on), and return image tensors in [-1, 1]; ``to_pil`` and ``save_gif`` turn
those into pictures.

Everything is seeded: the same seed always gives the same noise, and so the same images.
"""

from __future__ import annotations

import io
import math
import numbers
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from torch import nn

from ganzoo.checkpoints import LoadedModel
from ganzoo.errors import InvalidInputError
from ganzoo.models import ConditionalGenerator

MAX_SAMPLES = 100  # per request: keeps every action well under a second on 2 CPU cores
MAX_SEED = 2**32 - 1
MAX_WALK_STEPS = 64
MAX_SCALE = 16
INTERPOLATIONS = ("slerp", "lerp")
NUM_CLASSES = 10


# --- checking arguments ---------------------------------------------------------------

def _as_integer(value: object, what: str) -> int:
    """Accept ints and integral floats (sliders send 3.0); refuse 3.5, "3", True, None."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidInputError(f"{what} must be a whole number, got {value!r}")
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        raise InvalidInputError(f"{what} must be a whole number, got {value!r}")
    return int(value)


def check_label(label: object) -> int:
    label = _as_integer(label, "label")
    if not 0 <= label < NUM_CLASSES:
        raise InvalidInputError(f"label must be a digit from 0 to 9, got {label}")
    return label


def check_count(count: object, cap: int = MAX_SAMPLES, what: str = "number of samples") -> int:
    count = _as_integer(count, what)
    if not 1 <= count <= cap:
        raise InvalidInputError(f"{what} must be between 1 and {cap}, got {count}")
    return count


def check_seed(seed: object) -> int:
    seed = _as_integer(seed, "seed")
    if not 0 <= seed <= MAX_SEED:
        raise InvalidInputError(f"seed must be between 0 and {MAX_SEED}, got {seed}")
    return seed


def check_t(t: object) -> float:
    if isinstance(t, bool) or not isinstance(t, numbers.Real) or not math.isfinite(t):
        raise InvalidInputError(f"t must be a number between 0 and 1, got {t!r}")
    if not 0.0 <= t <= 1.0:
        raise InvalidInputError(f"t must be between 0 and 1, got {t}")
    return float(t)


def check_interpolation(method: object) -> str:
    if method not in INTERPOLATIONS:
        raise InvalidInputError(f"interpolation must be one of {INTERPOLATIONS}, got {method!r}")
    return str(method)


# --- generators -----------------------------------------------------------------------

def _generator(model: LoadedModel | nn.Module) -> nn.Module:
    module = model.model if isinstance(model, LoadedModel) else model
    if not hasattr(module, "z_dim"):
        raise InvalidInputError(f"{type(module).__name__} is not a generator")
    return module


def is_conditional(model: LoadedModel | nn.Module) -> bool:
    return isinstance(_generator(model), ConditionalGenerator)


def noise(seed: int, count: int, z_dim: int) -> torch.Tensor:
    """``count`` latent vectors z ~ N(0, I), a pure function of the seed."""
    return torch.randn(count, z_dim, generator=torch.Generator().manual_seed(check_seed(seed)))


@torch.inference_mode()
def generate(model: LoadedModel | nn.Module, z: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
    """Run the generator in eval mode on given latents (and labels, for a conditional one)."""
    generator = _generator(model)
    conditional = is_conditional(generator)
    if conditional and labels is None:
        raise InvalidInputError("this is a conditional model: give a label for every sample")
    if not conditional and labels is not None:
        raise InvalidInputError("this model is unconditional: it takes no labels")
    was_training = generator.training
    generator.eval()  # batch norm must use its running statistics, not this batch's
    try:
        device = next(generator.parameters()).device
        args = (z.to(device),) + ((labels.to(device),) if conditional else ())
        return generator(*args).float().cpu()
    finally:
        generator.train(was_training)


def sample_digits(
    model: LoadedModel | nn.Module, label: int | None = None, count: int = 8, seed: int = 0
) -> torch.Tensor:
    """``count`` samples (count, 1, 28, 28) in [-1, 1].

    For a conditional model ``label`` picks the digit; ``None`` cycles through 0..9.
    An unconditional model takes ``label=None`` only.
    """
    count = check_count(count)
    z = noise(seed, count, _generator(model).z_dim)
    if not is_conditional(model):
        if label is not None:
            raise InvalidInputError("this model is unconditional: it takes no label")
        return generate(model, z)
    labels = torch.arange(count) % NUM_CLASSES if label is None else torch.full((count,), check_label(label))
    return generate(model, z, labels)


def same_noise_grid(model: LoadedModel | nn.Module, columns: int = 8, seed: int = 0) -> torch.Tensor:
    """A 10 x ``columns`` grid (row = digit 0..9) whose every column shares one z.

    Read down a column: the style (slant, stroke width) stays, the class changes; so the
    noise carries style and the label carries class.
    """
    if not is_conditional(model):
        raise InvalidInputError("the same-noise grid needs a conditional model (cgan-*)")
    columns = check_count(columns, cap=MAX_SAMPLES // NUM_CLASSES, what="samples per digit")
    z = noise(seed, columns, _generator(model).z_dim).repeat(NUM_CLASSES, 1)
    labels = torch.arange(NUM_CLASSES).repeat_interleave(columns)
    return generate(model, z, labels)


# --- latent walks ---------------------------------------------------------------------

def lerp(z0: torch.Tensor, z1: torch.Tensor, t: float) -> torch.Tensor:
    """Straight line: (1 - t) z0 + t z1."""
    return (1 - t) * z0 + t * z1


def slerp(z0: torch.Tensor, z1: torch.Tensor, t: float) -> torch.Tensor:
    """Spherical interpolation along the great circle from z0 to z1.

        slerp(z0, z1; t) = sin((1 - t) W) / sin W * z0 + sin(t W) / sin W * z1,
        where W is the angle between z0 and z1.

    Why: a Gaussian z in d dimensions almost surely has norm close to sqrt(d), so the
    generator only ever saw points near that sphere. The straight line between two such
    points dips inside it (at t = 0.5 the norm is about sqrt(d / 2)); slerp stays on it.
    """
    cos_omega = (z0 * z1).sum(-1, keepdim=True) / (z0.norm(dim=-1, keepdim=True) * z1.norm(dim=-1, keepdim=True))
    omega = torch.arccos(cos_omega.clamp(-1.0, 1.0))
    sin_omega = torch.sin(omega)
    if torch.any(sin_omega.abs() < 1e-6):  # (anti)parallel endpoints: no unique circle
        return lerp(z0, z1, t)
    return (torch.sin((1 - t) * omega) * z0 + torch.sin(t * omega) * z1) / sin_omega


def interpolate(z0: torch.Tensor, z1: torch.Tensor, t: float, method: str = "slerp") -> torch.Tensor:
    t = check_t(t)
    return (slerp if check_interpolation(method) == "slerp" else lerp)(z0, z1, t)


def _endpoints(model: LoadedModel | nn.Module, seed_a: int, seed_b: int) -> tuple[torch.Tensor, torch.Tensor]:
    z_dim = _generator(model).z_dim
    return noise(seed_a, 1, z_dim), noise(seed_b, 1, z_dim)


def _walk_labels(model: LoadedModel | nn.Module, label: int | None, count: int) -> torch.Tensor | None:
    if not is_conditional(model):
        return None
    if label is None:
        raise InvalidInputError("a walk through a conditional model needs a label")
    return torch.full((count,), check_label(label))


def walk_frame(
    model: LoadedModel | nn.Module, seed_a: int, seed_b: int, t: float,
    method: str = "slerp", label: int | None = None,
) -> torch.Tensor:
    """The single image at position ``t`` in [0, 1] on the walk from seed_a's z to seed_b's z."""
    z0, z1 = _endpoints(model, seed_a, seed_b)
    return generate(model, interpolate(z0, z1, t, method), _walk_labels(model, label, 1))


def latent_walk(
    model: LoadedModel | nn.Module, seed_a: int, seed_b: int, steps: int = 10,
    method: str = "slerp", label: int | None = None,
) -> torch.Tensor:
    """``steps`` images evenly spaced on the walk, endpoints included: (steps, 1, 28, 28)."""
    steps = check_count(steps, cap=MAX_WALK_STEPS, what="walk steps")
    if steps < 2:
        raise InvalidInputError("a walk needs at least 2 steps")
    z0, z1 = _endpoints(model, seed_a, seed_b)
    z = torch.cat([interpolate(z0, z1, i / (steps - 1), method) for i in range(steps)])
    return generate(model, z, _walk_labels(model, label, steps))


# --- pictures -------------------------------------------------------------------------

def to_pil(images: torch.Tensor, nrow: int | None = None, scale: int = 4, padding: int = 2) -> Image.Image:
    """Images (N, 1, H, W) in [-1, 1] -> one greyscale PIL grid, ``nrow`` images per row.

    Each pixel becomes a ``scale`` x ``scale`` block (nearest neighbour): on a projector
    the 28x28 digits stay sharp instead of being smoothed into something they are not.
    """
    if images.dim() == 3:
        images = images.unsqueeze(0)
    if images.dim() != 4 or images.size(1) not in (1, 3):
        raise InvalidInputError(f"expected images of shape (N, 1 or 3, H, W), got {tuple(images.shape)}")
    scale = check_count(scale, cap=MAX_SCALE, what="scale")
    n, c, h, w = images.shape
    nrow = min(nrow or n, n)
    rows = math.ceil(n / nrow)
    pixels = ((images.clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8)
    canvas = torch.zeros(c, rows * (h + padding) + padding, nrow * (w + padding) + padding, dtype=torch.uint8)
    for i in range(n):
        top, left = padding + (i // nrow) * (h + padding), padding + (i % nrow) * (w + padding)
        canvas[:, top : top + h, left : left + w] = pixels[i]
    array = canvas.permute(1, 2, 0).numpy()
    picture = Image.fromarray(array[:, :, 0] if c == 1 else np.ascontiguousarray(array))
    return picture.resize((picture.width * scale, picture.height * scale), Image.Resampling.NEAREST)


def save_gif(
    frames: torch.Tensor, path: str | Path | io.BytesIO, scale: int = 8,
    frame_ms: int = 80, bounce: bool = True,
) -> None:
    """Write frames (N, 1, H, W) as a looping animated GIF; ``bounce`` plays it there and back."""
    pictures = [to_pil(f, scale=scale, padding=0) for f in frames]
    if bounce and len(pictures) > 2:
        pictures += pictures[-2:0:-1]
    pictures[0].save(path, format="GIF", save_all=True, append_images=pictures[1:], duration=frame_ms, loop=0)
