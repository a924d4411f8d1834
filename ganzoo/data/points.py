"""2-D point distributions for the GAN playground: presets, and the user's own drawing.

Each preset lives in the square [-2, 2]²: the same plane, the same surface grid, for every one.
Its *modes* are the places a generator must reach to cover it: the 8 Gaussians of the ring, the
25 of the grid; for the continuous shapes (moons, spiral, line), evenly spaced points along the
shape, so "modes hit" reads as "how much of the shape G covers".
"""

from __future__ import annotations

import math

import numpy as np
import torch

from ganzoo.errors import InvalidInputError

PRESETS = ("ring", "grid", "moons", "spiral", "line")
TITLES = {"ring": "ring of 8 Gaussians", "grid": "5 × 5 grid of Gaussians", "moons": "two moons",
          "spiral": "spiral", "line": "a line"}
RING_RADIUS, RING_STD = 1.5, 0.05
GRID_SPACING, GRID_STD = 0.8, 0.05


def ring_modes() -> torch.Tensor:
    angles = torch.arange(8) * (2 * math.pi / 8)
    return RING_RADIUS * torch.stack([angles.cos(), angles.sin()], 1)


def grid_modes() -> torch.Tensor:
    axis = (torch.arange(5) - 2) * GRID_SPACING
    return torch.cartesian_prod(axis, axis)


def _moons(t: torch.Tensor) -> torch.Tensor:
    """t in [0, 1): the first half on the upper moon, the second on the lower, centred on the origin."""
    upper = t < 0.5
    angle = torch.where(upper, t * 2 * math.pi, (t - 0.5) * 2 * math.pi)
    x = torch.where(upper, angle.cos(), 1 - angle.cos())
    y = torch.where(upper, angle.sin(), 0.5 - angle.sin())
    return torch.stack([x - 0.5, y - 0.25], 1) * 1.2


def _spiral(t: torch.Tensor) -> torch.Tensor:
    turns = 0.25 + 1.5 * t  # from a quarter turn out to 1.75 turns
    radius = 0.3 + 1.5 * t
    return torch.stack([radius * (turns * 2 * math.pi).cos(), radius * (turns * 2 * math.pi).sin()], 1)


def _line(t: torch.Tensor) -> torch.Tensor:
    return torch.stack([-1.5 + 3 * t, -1.0 + 2 * t], 1)


CURVES = {"moons": (_moons, 0.06), "spiral": (_spiral, 0.05), "line": (_line, 0.04)}
CURVE_MODES = 12  # evenly spaced places along a curve that count as its "modes"


def modes(name: str) -> torch.Tensor:
    """(K, 2): the places a generator must reach to cover preset ``name``."""
    if name == "ring":
        return ring_modes()
    if name == "grid":
        return grid_modes()
    curve, _ = CURVES[check_preset(name)]
    return curve((torch.arange(CURVE_MODES) + 0.5) / CURVE_MODES)


def mode_radius(name: str) -> float:
    """How near a generated point must be to a mode to count for it: 3 standard deviations for the
    Gaussians (Metz et al.'s rule in Unrolled GANs), half the spacing of the modes along a curve."""
    if name == "ring":
        return 3 * RING_STD
    if name == "grid":
        return 3 * GRID_STD
    centres = modes(name)
    return float((centres[1:] - centres[:-1]).norm(dim=1).mean() / 2)


def check_preset(name: str) -> str:
    if name not in PRESETS:
        raise InvalidInputError(f"Data: choose one of {', '.join(PRESETS)}, got {name!r}")
    return name


def sample(name: str, n: int, generator: torch.Generator) -> torch.Tensor:
    """n points of preset ``name`` (a seeded torch.Generator makes it repeatable)."""
    check_preset(name)
    if name in ("ring", "grid"):
        centres, std = (ring_modes(), RING_STD) if name == "ring" else (grid_modes(), GRID_STD)
        which = torch.randint(0, len(centres), (n,), generator=generator)
        return centres[which] + std * torch.randn(n, 2, generator=generator)
    curve, std = CURVES[name]
    return curve(torch.rand(n, generator=generator)) + std * torch.randn(n, 2, generator=generator)


def points_from_drawing(ink: np.ndarray, n: int = 2000, seed: int = 0) -> torch.Tensor:
    """A drawing -> n points spread over its ink, in the playground's [-2, 2]² plane.

    ``ink`` is a (H, W) array, True (or > 0) where the user drew. The drawing's canvas maps onto
    the whole plane (its top edge is y = 2), so what is drawn near a corner lands near that corner.
    """
    mask = np.asarray(ink) > 0
    if mask.ndim != 2:
        raise InvalidInputError(f"Drawing: expected a 2-D ink mask, got shape {mask.shape}")
    rows, cols = np.nonzero(mask)
    if len(rows) < 10:
        raise InvalidInputError("Drawing: draw a few strokes first (the canvas is empty)")
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(rows), n)
    h, w = mask.shape
    # Each pixel is a small square: a random place inside it, so the points are not on a lattice.
    x = (cols[pick] + rng.random(n)) / w * 4 - 2
    y = 2 - (rows[pick] + rng.random(n)) / h * 4
    return torch.tensor(np.stack([x, y], 1), dtype=torch.float32)


def drawn_modes(points: torch.Tensor, k: int = 12, seed: int = 0) -> torch.Tensor:
    """The modes of a drawn distribution: k well-spread points of it (farthest-point sampling)."""
    gen = torch.Generator().manual_seed(seed)
    chosen = [int(torch.randint(0, len(points), (), generator=gen))]
    distance = (points - points[chosen[0]]).norm(dim=1)
    for _ in range(k - 1):
        chosen.append(int(distance.argmax()))
        distance = torch.minimum(distance, (points - points[chosen[-1]]).norm(dim=1))
    return points[chosen]
