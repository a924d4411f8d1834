"""The training step of pix2pix (and of its two ablations, by the weights of its two losses).

    l1_weight=100, gan_weight=1   pix2pix: L1 + conditional GAN        (pix2pix-openmoji)
    l1_weight=100, gan_weight=0   L1 regression only, no discriminator (pix2pix-openmoji-l1)
    l1_weight=0,   gan_weight=1   conditional GAN only                 (pix2pix-openmoji-gan)

One step, as in the paper:
    1. D step: D(x, y) towards "real", D(x, G(x)) towards "fake"; the loss is halved, which
       the paper does "to slow down the rate at which D learns relative to G";
    2. G step: ``pix2pix_generator_loss`` (fool the updated D, stay close to y in L1).
Adam with lr 2e-4 and beta1 0.5 for both, as in the paper, and the paper's schedule: the rate
stays constant for the first half of training and falls linearly to zero over the second half.
Without the decay the colours kept swinging from epoch to epoch (the adversarial game circles);
the shrinking steps let the two networks settle.

After the last step (``finish``), the generator's batch-norm statistics are computed afresh
on the clean training sketches: the running averages kept during training follow the last few
augmented batches of a generator that was still moving, and using them cost test L1 (0.158
instead of 0.145 at step 2,000 of the shipped run).
"""

from __future__ import annotations

from typing import Any

import torch

from ganzoo.data.augment import augment_sketch_pairs
from ganzoo.data.pairs import to_unit_range
from ganzoo.losses import discriminator_loss, l1_loss, pix2pix_generator_loss
from ganzoo.models import ARCHITECTURES
from ganzoo.train.loop import (
    StepContext,
    TrainingTask,
    halfway_linear_decay,
    recompute_batch_norm_statistics,
    set_learning_rate,
)

ADAM_LR = 2e-4
ADAM_BETAS = (0.5, 0.999)
GRID_PAIRS = 8  # test pairs shown in the per-epoch sample grid


class Pix2PixTask(TrainingTask):
    sample_grid_columns = 6  # two (sketch, output, truth) triples per row

    def __init__(
        self, train_inputs: torch.Tensor, test_inputs: torch.Tensor, test_targets: torch.Tensor,
        l1_weight: float = 100.0, gan_weight: float = 1.0, g_width: int = 32, g_max_width: int = 128, d_width: int = 32,
        augment: bool = True, lr: float = ADAM_LR,
    ) -> None:
        if l1_weight < 0 or gan_weight < 0 or l1_weight + gan_weight == 0:
            raise ValueError("l1_weight and gan_weight must be >= 0 and not both 0")
        self.l1_weight, self.gan_weight, self.augment, self.lr = l1_weight, gan_weight, augment, lr
        self.generator_spec: tuple[str, dict[str, Any]] = (
            "pix2pix.UNetGenerator", {"width": g_width, "max_width": g_max_width}
        )
        self.discriminator_spec: tuple[str, dict[str, Any]] = ("pix2pix.PatchDiscriminator", {"width": d_width})
        self.modules = {"generator": ARCHITECTURES[self.generator_spec[0]](**self.generator_spec[1])}
        if gan_weight > 0:  # the L1-only baseline has no discriminator at all
            self.modules["discriminator"] = ARCHITECTURES[self.discriminator_spec[0]](**self.discriminator_spec[1])
        self.test = (test_inputs, test_targets)
        self.train_inputs = train_inputs

    def build_optimizers(self) -> None:
        self.optimizers = {
            name: torch.optim.Adam(m.parameters(), lr=self.lr, betas=ADAM_BETAS) for name, m in self.modules.items()
        }

    def training_step(self, batch: list[torch.Tensor], ctx: StepContext) -> dict[str, float]:
        set_learning_rate(self.optimizers.values(), self.lr * halfway_linear_decay(ctx.progress))
        sketch, target = (to_unit_range(t) for t in batch)
        if self.augment:
            sketch, target = augment_sketch_pairs(sketch, target)
        generator = ctx.model("generator")
        logs: dict[str, float] = {}
        with ctx.autocast():
            output = generator(sketch)
        fake_logits = None
        if self.gan_weight > 0:
            discriminator = ctx.model("discriminator")
            with ctx.autocast():
                real_logits = discriminator(sketch, target)
                fake_logits = discriminator(sketch, output.detach())
                loss_d = 0.5 * discriminator_loss(real_logits, fake_logits)
            ctx.optimize("discriminator", loss_d)
            logs |= {"loss_d": loss_d.item(), "d_real": torch.sigmoid(real_logits).mean().item(),
                     "d_fake": torch.sigmoid(fake_logits).mean().item()}
            with ctx.autocast():
                # D only carries G's gradient here; its own gradients are not used (see gan.py).
                fake_logits = ctx.unwrapped("discriminator")(sketch, output)
        with ctx.autocast():
            loss_g = pix2pix_generator_loss(fake_logits, output, target, self.l1_weight, self.gan_weight)
        ctx.optimize("generator", loss_g)
        return {"loss_g": loss_g.item(), "l1": l1_loss(output.detach(), target).item(), **logs}

    def finish(self) -> None:
        """Recompute G's batch-norm statistics: a plain average over all clean training sketches."""
        generator = self.modules["generator"]
        device = next(generator.parameters()).device
        recompute_batch_norm_statistics(
            generator, ((to_unit_range(chunk).to(device),) for chunk in self.train_inputs.split(64))
        )

    def _translate(self, inputs: torch.Tensor) -> torch.Tensor:
        generator = self.modules["generator"]
        device = next(generator.parameters()).device
        return torch.cat([generator(to_unit_range(c).to(device)).cpu() for c in inputs.split(32)])

    def evaluate(self) -> dict[str, float]:
        """Mean L1 (in [-1, 1] units) to the true images of the held-out test pairs."""
        inputs, targets = self.test
        return {"test_l1": l1_loss(self._translate(inputs), to_unit_range(targets)).item()}

    def sample_images(self) -> torch.Tensor:
        """Rows of (sketch, output, truth) for the first test pairs."""
        inputs, targets = self.test[0][:GRID_PAIRS], self.test[1][:GRID_PAIRS]
        triples = torch.stack([to_unit_range(inputs), self._translate(inputs), to_unit_range(targets)], 1)
        return triples.flatten(0, 1)
