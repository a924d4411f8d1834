"""Latent walks: images along a straight line (lerp) or a great circle (slerp) between two seeds' z."""

from __future__ import annotations

import torch
from torch import nn

from ganzoo.checkpoints import LoadedModel
from ganzoo.errors import InvalidInputError
from ganzoo.inference.checks import MAX_WALK_STEPS, check_count, check_interpolation, check_label, check_t
from ganzoo.inference.sampling import generate, generator_of, is_conditional, noise
from ganzoo.models import ClusterGenerator


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
    z_dim = generator_of(model).z_dim
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


def walk_latents(
    model: LoadedModel | nn.Module, seed_a: int, seed_b: int, steps: int = 10, method: str = "slerp"
) -> torch.Tensor:
    """``steps`` latents evenly spaced on the walk from seed_a's z to seed_b's z, endpoints included."""
    steps = check_count(steps, cap=MAX_WALK_STEPS, what="walk steps")
    if steps < 2:
        raise InvalidInputError("a walk needs at least 2 steps")
    z0, z1 = _endpoints(model, seed_a, seed_b)
    return torch.cat([interpolate(z0, z1, i / (steps - 1), method) for i in range(steps)])


def latent_walk(
    model: LoadedModel | nn.Module, seed_a: int, seed_b: int, steps: int = 10,
    method: str = "slerp", label: int | None = None,
) -> torch.Tensor:
    """``steps`` images evenly spaced on the walk, endpoints included: (steps, 1, 28, 28)."""
    z = walk_latents(model, seed_a, seed_b, steps, method)
    return generate(model, z, _walk_labels(model, label, len(z)))


def latent_cells(model: LoadedModel | nn.Module, z: torch.Tensor) -> torch.Tensor | None:
    """The cell (k-means cluster) each latent falls in, for a generator that draws by cluster; else None."""
    generator = generator_of(model)
    return generator.cell(z) if isinstance(generator, ClusterGenerator) else None
