"""The training step of CycleGAN (and of its no-cycle ablation, by the weight of the cycle loss).

    cycle_weight=10, identity_weight=0.5   CycleGAN's full objective   (cyclegan-noto-twemoji)
    cycle_weight=0                         the GAN losses only          (cyclegan-noto-twemoji-nocycle)

The identity loss is weighted ``identity_weight * cycle_weight`` (the paper's 0.5 lambda), so
the ablation drops it too: with only the GAN losses left, nothing ties an output to its input.

One step, as in the paper's reference code:
    1. G step: both generators together (one Adam), minimising
           L_GAN(G, D_B) + L_GAN(F, D_A) + lambda * L_cyc(G, F) + 0.5 lambda * L_identity(G, F);
    2. D step: D_A and D_B, each with the least-squares loss, on real images and on fakes
       drawn from a history pool of the last 50 generated images (``ImagePool``).
Adam with lr 2e-4 and beta1 0.5; the rate is constant for the first half of training and
falls linearly to zero over the second (the paper: 100 + 100 epochs).
"""

from __future__ import annotations

import argparse
from typing import Any

import torch
from torch import nn

from ganzoo.data.pairs import to_unit_range
from ganzoo.data.unpaired import UNPAIRED_SOURCES, UnpairedData, load_unpaired
from ganzoo.losses import (
    cycle_consistency_loss,
    identity_loss,
    lsgan_discriminator_loss,
    lsgan_generator_loss,
)
from ganzoo.models import ARCHITECTURES
from ganzoo.models.cyclegan import UPSAMPLING, ImagePool
from ganzoo.train.family import ModelFamily, given
from ganzoo.train.loop import StepContext, TrainingTask, halfway_linear_decay, set_learning_rate

ADAM_LR = 2e-4
ADAM_BETAS = (0.5, 0.999)
GRID_EMOJI = 6  # test images per direction in the per-epoch sample grid


class CycleGanTask(TrainingTask):
    sample_grid_columns = 8  # two rows of (input, translated, back again, true counterpart) side by side

    def __init__(
        self, test_a: torch.Tensor, test_b: torch.Tensor, test_paired: bool = True,
        cycle_weight: float = 10.0, identity_weight: float = 0.5, g_width: int = 16, blocks: int = 6,
        d_width: int = 32, pool_size: int = 50, lr: float = ADAM_LR, seed: int = 0, upsample: str = "transposed",
    ) -> None:
        if cycle_weight < 0 or identity_weight < 0:
            raise ValueError("cycle_weight and identity_weight must be >= 0")
        self.cycle_weight, self.identity_weight, self.lr = cycle_weight, identity_weight, lr
        self.generator_spec: tuple[str, dict[str, Any]] = (
            "cyclegan.CycleGenerators", {"width": g_width, "blocks": blocks}
        )
        if upsample != "transposed":  # older cards have no such argument: keep them loadable as they are
            self.generator_spec[1]["upsample"] = upsample
        discriminator = ARCHITECTURES["pix2pix.PatchDiscriminator"]
        d_args = {"in_channels": 3, "width": d_width, "n_layers": 2, "norm": "instance"}
        self.modules = {
            "generators": ARCHITECTURES[self.generator_spec[0]](**self.generator_spec[1]),
            # D_A judges images of domain A (real, or F's output); D_B those of domain B.
            "discriminators": nn.ModuleDict({"a": discriminator(**d_args), "b": discriminator(**d_args)}),
        }
        self.pools = {"a": ImagePool(pool_size, seed=seed), "b": ImagePool(pool_size, seed=seed + 1)}
        self.test = (test_a, test_b)
        self.test_paired = test_paired

    def build_optimizers(self) -> None:
        self.optimizers = {
            name: torch.optim.Adam(m.parameters(), lr=self.lr, betas=ADAM_BETAS) for name, m in self.modules.items()
        }

    def training_step(self, batch: list[torch.Tensor], ctx: StepContext) -> dict[str, float]:
        """One step of CycleGAN's objective (Zhu et al., 2017, eq. 3), in the paper's order: G first.

        G maps domain A to B, F maps B to A; D_B judges pictures of B, D_A pictures of A.

            L(G, F, D_A, D_B) = L_GAN(G, D_B) + L_GAN(F, D_A) + λ·L_cyc(G, F) [+ λ_id·L_identity]

        (1) Update G and F together: minimise the least-squares GAN terms (D_B(G(a)) − 1)² and
            (D_A(F(b)) − 1)² (fool each D), plus λ·(‖F(G(a)) − a‖₁ + ‖G(F(b)) − b‖₁) (the round trip
            comes back: without it, G may map every picture to the same plausible one), plus the
            identity term λ_id·(‖G(b) − b‖₁ + ‖F(a) − a‖₁) (a picture already in the target domain
            stays as it is; keeps colours). The Ds are frozen in this pass: G needs gradients through them.
        (2) Update D_A and D_B: minimise (D(real) − 1)² + D(fake)², with fakes drawn half of the time
            from a history of 50 earlier ones (Shrivastava et al.), so D does not forget what G did before.
        """
        set_learning_rate(self.optimizers.values(), self.lr * halfway_linear_decay(ctx.progress))
        real_a, real_b = (ctx.to_format(to_unit_range(t)) for t in batch)  # a ∈ A, b ∈ B in [-1, 1]
        generators = ctx.model("generators")

        # (1) G and F step.
        with ctx.frozen("discriminators") as discriminators, ctx.autocast():
            fake_b, fake_a = generators(real_a, to="b"), generators(real_b, to="a")  # G(a), F(b)
            loss_gan = (lsgan_generator_loss(discriminators["b"](fake_b))  # (D_B(G(a)) − 1)²
                        + lsgan_generator_loss(discriminators["a"](fake_a)))  # + (D_A(F(b)) − 1)²
            loss_g = loss_gan
            logs = {"gan_g": loss_gan.item()}
            if self.cycle_weight > 0:
                loss_cycle = cycle_consistency_loss(real_a, generators(fake_b, to="a"),  # ‖F(G(a)) − a‖₁
                                                    real_b, generators(fake_a, to="b"))  # + ‖G(F(b)) − b‖₁
                loss_g = loss_g + self.cycle_weight * loss_cycle
                logs["cycle"] = loss_cycle.item()
            if self.identity_weight * self.cycle_weight > 0:
                # ‖F(a) − a‖₁ + ‖G(b) − b‖₁
                loss_identity = identity_loss(real_a, generators(real_a, to="a"), real_b, generators(real_b, to="b"))
                loss_g = loss_g + self.identity_weight * self.cycle_weight * loss_identity
                logs["identity"] = loss_identity.item()
        ctx.optimize("generators", loss_g)

        # (2) D_A and D_B step.
        d_model = ctx.model("discriminators")
        with ctx.autocast():
            # D sees, half of the time, an older fake from the pool instead of the newest one.
            past_b, past_a = self.pools["b"].query(fake_b), self.pools["a"].query(fake_a)
            loss_d_b = lsgan_discriminator_loss(d_model["b"](real_b), d_model["b"](past_b))  # (D_B(b)−1)² + D_B(G(a))²
            loss_d_a = lsgan_discriminator_loss(d_model["a"](real_a), d_model["a"](past_a))  # (D_A(a)−1)² + D_A(F(b))²
        ctx.optimize("discriminators", loss_d_a + loss_d_b)
        return {"loss_g": loss_g.item(), **logs, "loss_d_a": loss_d_a.item(), "loss_d_b": loss_d_b.item()}

    def translate(self, images: torch.Tensor, to: str) -> torch.Tensor:
        """Images in [-1, 1] (CPU) -> translated into domain ``to``, in chunks, back on the CPU."""
        generators = self.modules["generators"]
        device = next(generators.parameters()).device
        return torch.cat([generators(c.to(device), to=to).cpu() for c in images.split(50)])

    def round_trips(self, a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, ...]:
        """uint8 test images -> (a, G(a), F(G(a)), b, F(b), G(F(b))) in [-1, 1]."""
        a, b = to_unit_range(a), to_unit_range(b)
        fake_b, fake_a = self.translate(a, "b"), self.translate(b, "a")
        return a, fake_b, self.translate(fake_b, "a"), b, fake_a, self.translate(fake_a, "b")

    def evaluate(self) -> dict[str, float]:
        """Cycle error both ways and, when the test rows are true pairs, L1 to the true counterpart."""
        real_a, fake_b, back_a, real_b, fake_a, back_b = self.round_trips(*self.test)
        metrics = {"cycle_a": (back_a - real_a).abs().mean().item(), "cycle_b": (back_b - real_b).abs().mean().item()}
        if self.test_paired:
            metrics |= {"l1_a_to_b": (fake_b - real_b).abs().mean().item(),
                        "l1_b_to_a": (fake_a - real_a).abs().mean().item()}
        return metrics

    def sample_images(self) -> torch.Tensor:
        """Rows of (a, G(a), F(G(a)), true b) and (b, F(b), G(F(b)), true a) for the first test images."""
        a, fake_b, back_a, b, fake_a, back_b = self.round_trips(self.test[0][:GRID_EMOJI], self.test[1][:GRID_EMOJI])
        rows = torch.stack([a, fake_b, back_a, b, b, fake_a, back_b, a], 1)  # (n, 8, 3, H, W)
        return rows.flatten(0, 1)


# --- the cyclegan family ----------------------------------------------------------------------------

def _add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cycle-weight", type=float, default=10.0,
                   help="lambda of the cycle-consistency loss (0 = GAN losses only)")
    p.add_argument("--identity-weight", type=float, default=0.5,
                   help="identity loss weight as a fraction of --cycle-weight")
    p.add_argument("--g-width", type=int, default=None, help="generator width (default 16)")
    p.add_argument("--d-width", type=int, default=None, help="discriminator width (default 32)")
    p.add_argument("--blocks", type=int, default=6, help="residual blocks per generator")
    p.add_argument("--pool-size", type=int, default=50, help="history of fakes D trains on (0 = none)")
    p.add_argument("--upsample", choices=UPSAMPLING, default="transposed",
                   help="generator's upsampling: the paper's transposed conv, or resize then conv (no checkerboard)")


def _from_args(args: argparse.Namespace, data: UnpairedData) -> CycleGanTask:
    return CycleGanTask(data.test_a, data.test_b, data.test_paired, cycle_weight=args.cycle_weight,
                        identity_weight=args.identity_weight, blocks=args.blocks, pool_size=args.pool_size,
                        seed=args.seed, upsample=args.upsample, **given(g_width=args.g_width, d_width=args.d_width))


def _dataset_card(args: argparse.Namespace, data: UnpairedData) -> dict[str, Any]:
    return {"source": args.data, "description": data.description, "domains": list(data.domain_names),
            "image_size": int(data.train_a.shape[-1]),
            "train_examples": [len(data.train_a), len(data.train_b)],
            "test_examples": [len(data.test_a), len(data.test_b)],
            "holdout": "the data set's fixed test split, never trained on"}


def _training_card(args: argparse.Namespace, task: CycleGanTask) -> dict[str, Any]:
    return {"cycle_weight": args.cycle_weight, "identity_weight": args.identity_weight * args.cycle_weight,
            "pool_size": args.pool_size, "gan_loss": "least squares"}


def _evaluate(name: str, args: argparse.Namespace) -> dict[str, Any]:
    from ganzoo.metrics.cyclegan import evaluate_cyclegan

    return evaluate_cyclegan(name, args.data)


CYCLEGAN = ModelFamily(
    name="cyclegan", summary="CycleGAN: two generators between unpaired domains, with the cycle loss (Zhu et al.)",
    sources=UNPAIRED_SOURCES, load_data=lambda args: load_unpaired(args.data), add_arguments=_add_arguments,
    from_args=_from_args, train_dataset=lambda data, args, task: data.train_dataset(args.seed),
    shipped=lambda task: (task.modules["generators"], *task.generator_spec),
    dataset_card=_dataset_card, training_card=_training_card,
    architectures=("cyclegan.CycleGenerators",), evaluate=_evaluate,
)
