"""The GAN game played step by step on 2-D points: the trainer behind the playground tab.

Goodfellow et al. (2014) define the game as

    min_G max_D V(D, G) = E_x~p_data[ log D(x) ] + E_z~p_z[ log(1 − D(G(z))) ]

D learns to tell real points from generated ones; G learns from D's judgement alone. Unlike
the image models (``ganzoo.train.loop``, which trains for epochs), this trainer steps *on
demand*, one step (D only, G only, or both) at a time, and reports after each one what a class
should watch: both losses, how hard G is pushed (the norm of its gradient), what D thinks of
real and generated points, and how many of the data's modes G's points reach.

The generator's loss is the lesson:
* ``minimax``: minimise log(1 − D(G(z))), the game as written. When D rejects G's points with
  confidence, D(G(z)) ≈ 0 and this curve is flat: G's gradient vanishes ("saturates");
* ``non-saturating``: maximise log D(G(z)) instead: the same fixed point, but the steepest
  gradient exactly where the minimax one is flat (the paper's practical advice);
* ``least-squares`` (LSGAN) and ``hinge`` (SN-GAN), with their own D losses.
Everything is deterministic for a seed.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, replace

import torch

from ganzoo.data import points as point_data
from ganzoo.errors import InvalidInputError
from ganzoo.losses import (
    discriminator_loss,
    generator_loss,
    generator_loss_minimax,
    hinge_discriminator_loss,
    hinge_generator_loss,
    lsgan_discriminator_loss,
    lsgan_generator_loss,
)
from ganzoo.models.mlp2d import PointDiscriminator, PointGenerator

#: G's loss by name, with the D loss it is played against.
LOSSES = {
    "minimax": (discriminator_loss, generator_loss_minimax),
    "non-saturating": (discriminator_loss, generator_loss),
    "least-squares": (lsgan_discriminator_loss, lsgan_generator_loss),
    "hinge": (hinge_discriminator_loss, hinge_generator_loss),
}
OPTIMISERS = ("adam", "sgd")
WHICH = ("both", "d", "g")
MAX_HISTORY = 3000  # reports kept per game: a long-running session cannot grow without bound
MAX_STEPS = 20_000  # a game pauses for good here (the tab says so); a reset starts again


@dataclass(frozen=True)
class GameSettings:
    data: str = "ring"  # a preset of ganzoo.data.points, or "drawn" (points given to the game)
    g_loss: str = "non-saturating"
    d_steps: int = 1  # D steps per G step (the paper's k)
    lr_d: float = 1e-3
    lr_g: float = 1e-3
    optimiser: str = "adam"
    seed: int = 0
    batch_size: int = 256
    z_dim: int = 2
    hidden: int = 64

    def checked(self) -> GameSettings:
        """The settings, or InvalidInputError naming the field that is wrong."""
        if self.data != "drawn":
            point_data.check_preset(self.data)
        if self.g_loss not in LOSSES:
            raise InvalidInputError(f"Generator loss: choose one of {', '.join(LOSSES)}, got {self.g_loss!r}")
        if self.optimiser not in OPTIMISERS:
            raise InvalidInputError(f"Optimiser: choose one of {', '.join(OPTIMISERS)}, got {self.optimiser!r}")
        _in_range("D steps per G step", self.d_steps, 1, 10, whole=True)
        _in_range("D learning rate", self.lr_d, 1e-5, 0.1)
        _in_range("G learning rate", self.lr_g, 1e-5, 0.1)
        _in_range("Seed", self.seed, 0, 2**32 - 1, whole=True)
        _in_range("Batch size", self.batch_size, 8, 4096, whole=True)
        return self


def _in_range(field: str, value: float, low: float, high: float, whole: bool = False) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInputError(f"{field}: must be a number, got {value!r}")
    if not low <= value <= high or (whole and value != int(value)):
        kind = "a whole number" if whole else "a number"
        raise InvalidInputError(f"{field}: must be {kind} from {low:g} to {high:g}, got {value!r}")


@dataclass(frozen=True)
class StepReport:
    step: int  # G steps so far (a D-only step does not advance it)
    d_steps: int  # D steps so far
    loss_d: float
    loss_g: float
    g_grad_norm: float  # ‖∂L_G/∂θ_G‖: how hard this step pushed G
    d_real: float  # mean D(x) on real points
    d_fake: float  # mean D(G(z)) on generated points
    modes_hit: int
    modes_total: int

    def as_dict(self) -> dict[str, float]:
        return asdict(self)


class GanGame:
    """One run of the game: G, D, their optimisers, the data, and the reports so far."""

    def __init__(self, settings: GameSettings = GameSettings(), drawn: torch.Tensor | None = None) -> None:
        self.settings = settings.checked()
        if settings.data == "drawn" and drawn is None:
            raise InvalidInputError("Drawing: a drawn distribution needs its points")
        self.drawn = drawn
        with torch.random.fork_rng():  # the seed alone decides the initial weights
            torch.manual_seed(settings.seed)
            self.generator = PointGenerator(settings.z_dim, settings.hidden)
            self.discriminator = PointDiscriminator(settings.hidden)
        self.d_loss_fn, self.g_loss_fn = LOSSES[settings.g_loss]
        self.optimisers = {"g": self._optimiser(self.generator, settings.lr_g),
                           "d": self._optimiser(self.discriminator, settings.lr_d)}
        self.rng = torch.Generator().manual_seed(settings.seed + 1)
        view_rng = torch.Generator().manual_seed(settings.seed + 2)
        # Fixed samples for the pictures, so a frame shows the networks change, not new noise.
        self.view_z = torch.randn(512, settings.z_dim, generator=view_rng)
        self.view_real = self._real(512, view_rng)
        self.modes = (point_data.drawn_modes(drawn) if drawn is not None else point_data.modes(settings.data))
        self.radius = (float(torch.cdist(self.modes, self.modes).add(torch.eye(len(self.modes)) * 1e9)
                             .min(1).values.mean() / 2) if drawn is not None else point_data.mode_radius(settings.data))
        self.g_steps = self.total_d_steps = 0
        self.history: list[StepReport] = []

    def _optimiser(self, network: torch.nn.Module, lr: float) -> torch.optim.Optimizer:
        if self.settings.optimiser == "sgd":
            return torch.optim.SGD(network.parameters(), lr=lr * 10)  # plain SGD needs larger steps than Adam
        return torch.optim.Adam(network.parameters(), lr=lr, betas=(0.5, 0.999))

    def _real(self, n: int, rng: torch.Generator) -> torch.Tensor:
        if self.drawn is not None:
            return self.drawn[torch.randint(0, len(self.drawn), (n,), generator=rng)]
        return point_data.sample(self.settings.data, n, rng)

    def noise(self, n: int) -> torch.Tensor:
        return torch.randn(n, self.settings.z_dim, generator=self.rng)

    @property
    def finished(self) -> bool:
        return self.g_steps >= MAX_STEPS

    # --- one move of each player -------------------------------------------------------

    def d_step(self) -> float:
        """D's move: maximise log D(x) + log(1 − D(G(z))) (or its LSGAN / hinge form); G is held fixed."""
        real = self._real(self.settings.batch_size, self.rng)
        with torch.no_grad():
            fake = self.generator(self.noise(self.settings.batch_size))  # G(z), no gradient to G
        loss = self.d_loss_fn(self.discriminator(real), self.discriminator(fake))  # −log D(x) − log(1 − D(G(z)))
        self.optimisers["d"].zero_grad(set_to_none=True)
        loss.backward()
        self.optimisers["d"].step()
        self.total_d_steps += 1
        return loss.item()

    def g_step(self) -> tuple[float, float]:
        """G's move: lower its loss through D's judgement (D's weights are not changed). Returns the
        loss and the norm of G's gradient, the size of the push this step gave G."""
        fake = self.generator(self.noise(self.settings.batch_size))
        self.discriminator.requires_grad_(False)  # D only passes the gradient through to G
        try:
            loss = self.g_loss_fn(self.discriminator(fake))  # e.g. log(1 − D(G(z))) or −log D(G(z))
        finally:
            self.discriminator.requires_grad_(True)
        self.optimisers["g"].zero_grad(set_to_none=True)
        loss.backward()
        norm = gradient_norm(self.generator)
        self.optimisers["g"].step()
        self.g_steps += 1
        return loss.item(), norm

    def generator_feels(self) -> tuple[float, float]:
        """G's loss and gradient norm on a fresh batch, without a step (no weight changes)."""
        z = self.noise(self.settings.batch_size)
        self.discriminator.requires_grad_(False)
        try:
            loss = self.g_loss_fn(self.discriminator(self.generator(z)))
            self.generator.zero_grad(set_to_none=True)
            loss.backward()
        finally:
            self.discriminator.requires_grad_(True)
        norm = gradient_norm(self.generator)
        self.generator.zero_grad(set_to_none=True)
        return loss.item(), norm

    def step(self, which: str = "both") -> StepReport:
        """One step of the game: ``both`` (k D steps then one G step, the paper's Algorithm 1),
        ``d`` (D only) or ``g`` (G only). Returns the report, also kept in ``history``."""
        if which not in WHICH:
            raise InvalidInputError(f"Step: choose one of {', '.join(WHICH)}, got {which!r}")
        loss_d, loss_g, norm = float("nan"), float("nan"), float("nan")
        if which in ("both", "d"):
            for _ in range(self.settings.d_steps if which == "both" else 1):
                loss_d = self.d_step()
        if which in ("both", "g"):
            loss_g, norm = self.g_step()
        else:  # D moved alone: report the push G *would* get now (how saturation shows while D wins)
            loss_g, norm = self.generator_feels()
        report = self._report(loss_d, loss_g, norm)
        self.history.append(report)
        del self.history[:-MAX_HISTORY]
        return report

    def run(self, steps: int, which: str = "both") -> StepReport | None:
        report = None
        for _ in range(steps):
            if self.finished:
                break
            report = self.step(which)
        return report

    # --- what the views show -------------------------------------------------------------

    @torch.no_grad()
    def _report(self, loss_d: float, loss_g: float, norm: float) -> StepReport:
        fake = self.generator(self.view_z)
        return StepReport(
            step=self.g_steps, d_steps=self.total_d_steps, loss_d=loss_d, loss_g=loss_g, g_grad_norm=norm,
            d_real=float(torch.sigmoid(self.discriminator(self.view_real)).mean()),
            d_fake=float(torch.sigmoid(self.discriminator(fake)).mean()),
            modes_hit=self.modes_hit(fake), modes_total=len(self.modes),
        )

    def modes_hit(self, points: torch.Tensor) -> int:
        """Modes with at least a quarter of their fair share of ``points`` within ``radius``: a mode
        that only a stray point or two passes through is not covered."""
        near = torch.cdist(points, self.modes).le(self.radius)
        fair_share = len(points) / len(self.modes)
        return int((near.sum(0) >= max(2.0, 0.25 * fair_share)).sum())

    @torch.no_grad()
    def generated(self) -> torch.Tensor:
        return self.generator(self.view_z)

    @torch.no_grad()
    def surface(self, resolution: int = 64, extent: float = 2.5) -> torch.Tensor:
        """D(x) on a resolution x resolution grid over [-extent, extent]²; row 0 is the top (y = extent)."""
        axis = torch.linspace(-extent, extent, resolution)
        ys, xs = torch.meshgrid(axis.flip(0), axis, indexing="ij")
        grid = torch.stack([xs.flatten(), ys.flatten()], 1)
        return torch.sigmoid(self.discriminator(grid)).reshape(resolution, resolution)

    def pushes(self, points: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """(points, −∂L_G/∂x at each): the direction and strength with which D's judgement moves
        each generated point, under this game's generator loss."""
        points = (self.generated() if points is None else points).clone().requires_grad_(True)
        self.discriminator.requires_grad_(False)
        try:
            loss = self.g_loss_fn(self.discriminator(points)) * len(points)  # per point, not averaged away
            (grad,) = torch.autograd.grad(loss, points)
        finally:
            self.discriminator.requires_grad_(True)
        return points.detach(), -grad

    def gradient_norms(self, z: torch.Tensor | None = None) -> dict[str, float]:
        """‖∂L_G/∂θ_G‖ for every generator loss on the same networks and batch, without a step:
        the saturation lesson as numbers."""
        z = self.noise(self.settings.batch_size) if z is None else z
        norms = {}
        for name, (_, g_loss) in LOSSES.items():
            self.generator.zero_grad(set_to_none=True)
            self.discriminator.requires_grad_(False)
            try:
                g_loss(self.discriminator(self.generator(z))).backward()
            finally:
                self.discriminator.requires_grad_(True)
            norms[name] = gradient_norm(self.generator)
        self.generator.zero_grad(set_to_none=True)
        return norms

    def with_loss(self, g_loss: str) -> GanGame:
        """A new game from the same seed and settings with another generator loss (compare mode)."""
        return GanGame(replace(self.settings, g_loss=g_loss), self.drawn)


def gradient_norm(network: torch.nn.Module) -> float:
    """The Euclidean norm of all of a network's gradients together."""
    grads = [p.grad.flatten() for p in network.parameters() if p.grad is not None]
    return float(torch.cat(grads).norm()) if grads else 0.0
