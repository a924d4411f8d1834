"""The training step of DCGAN and conditional DCGAN (one module: they differ only in y).

Each step is the alternating update of Goodfellow et al. (2014):
    1. D step: raise D(x) on a real batch and lower D(G(z)) on a fake one;
    2. G step: make the same fakes look real to the just-updated D.

The recipe is DCGAN's by default (log-loss with the non-saturating G loss, Adam lr 2e-4 for
both). Three later ideas can be switched on, each measured on the validation split before the
shipped DCGANs used them (the table is in the README):

* ``loss="hinge"`` with ``spectral_norm=True``: SN-GAN's discriminator (Miyato et al., 2018),
  see ``ganzoo.losses.hinge_discriminator_loss`` and ``ganzoo.models.dcgan.Discriminator``;
* ``d_lr`` != ``g_lr``: the two time-scale update rule (Heusel et al., "GANs Trained by a Two
  Time-Scale Update Rule Converge to a Local Nash Equilibrium", 2017): D learns faster, so G
  always chases a discriminator that is close to optimal for the current G;
* ``cluster_shares`` given (``--clusters K``): the generator is told which k-means cluster of the training images to
  draw (``ganzoo.models.dcgan.ClusterGenerator``; the cluster comes from the cell its z falls
  in) and the discriminator is the cGAN's projection discriminator, asked about the cluster
  of each image: a conditional GAN whose labels the data found itself (Lucic et al., 2019;
  Liu et al., 2020; why it helps is in ``ganzoo.data.clusters``);
* ``ema_decay > 0``: an exponential moving average of the generator's weights,
  theta_ema <- decay * theta_ema + (1 - decay) * theta. The adversarial game makes G's weights
  circle around a good solution rather than settle on it; their average sits nearer the centre
  and draws cleaner samples (Yazici et al., "The Unusual Effectiveness of Averaging in GAN
  Training", 2019). When it is kept, it is what gets shipped, with its batch-norm statistics
  measured afresh on its own activations (``finish``): the averaged weights never produced
  the running statistics the training generator collected.
"""

from __future__ import annotations

import copy
from typing import Any

import torch

from ganzoo.losses import GAN_LOSSES
from ganzoo.models import ARCHITECTURES
from ganzoo.models.dcgan import fit_cell_offsets
from ganzoo.train.loop import StepContext, TrainingTask, recompute_batch_norm_statistics

# The DCGAN paper's optimiser settings: lr 2e-4 and beta1 0.5 (0.9 made training oscillate).
ADAM_LR = 2e-4
ADAM_BETAS = (0.5, 0.999)
BATCH_NORM_BATCHES = 50  # batches of 200 latents that re-measure the shipped G's batch norm


class GanTask(TrainingTask):
    """DCGAN (``conditional=False``) or projection-cGAN (``conditional=True``) training."""

    def __init__(
        self,
        conditional: bool,
        z_dim: int = 64,
        g_width: int = 32,
        d_width: int = 64,
        ema_decay: float = 0.0,
        loss: str = "bce",
        spectral_norm: bool = False,
        g_lr: float = ADAM_LR,
        d_lr: float = ADAM_LR,
        mapping: int = 0,
        deeper_d: bool = False,
        ship_average: bool = True,
        cluster_shares: torch.Tensor | None = None,
    ) -> None:
        """``cluster_shares``: how often each k-means cluster occurs in the training data; given,
        the DCGAN draws by cluster (see above) and the batches carry cluster ids."""
        self.conditional = conditional
        self.clustered = cluster_shares is not None
        self.ship_average = ship_average
        self.ema_decay = ema_decay
        self.d_loss, self.g_loss = GAN_LOSSES[loss]
        self.learning_rates = {"generator": g_lr, "discriminator": d_lr}
        dcgan_options = spectral_norm or mapping or deeper_d
        if conditional and (dcgan_options or self.clustered):
            raise ValueError("spectral norm, mapping, deeper D and clusters are options of the DCGAN only")
        if self.clustered and dcgan_options:
            raise ValueError("clusters do not combine with spectral norm, mapping or deeper D")
        g_arguments: dict[str, Any] = {"z_dim": z_dim, "width": g_width}
        d_arguments: dict[str, Any] = {"width": d_width}
        self.generator_spec: tuple[str, dict[str, Any]]
        self.discriminator_spec: tuple[str, dict[str, Any]]
        if self.clustered:  # the cGAN's discriminator, asked about clusters instead of classes
            k = len(cluster_shares)
            self.generator_spec = ("dcgan.ClusterGenerator", g_arguments | {"clusters": k})
            self.discriminator_spec = ("dcgan.ConditionalDiscriminator", d_arguments | {"num_classes": k})
        else:
            kind = "Conditional" if conditional else ""
            g_arguments |= {"mapping": mapping} if mapping else {}
            d_arguments |= ({"spectral_norm": True} if spectral_norm else {}) | ({"deeper": True} if deeper_d else {})
            self.generator_spec = (f"dcgan.{kind}Generator", g_arguments)
            self.discriminator_spec = (f"dcgan.{kind}Discriminator", d_arguments)
        self.modules = {
            "generator": ARCHITECTURES[self.generator_spec[0]](**self.generator_spec[1]),
            "discriminator": ARCHITECTURES[self.discriminator_spec[0]](**self.discriminator_spec[1]),
        }
        if self.clustered:
            self.modules["generator"].cell_offsets.copy_(fit_cell_offsets(cluster_shares))
        if ema_decay > 0:
            # No trainable parameters, so the loop neither optimises nor DDP-wraps it.
            self.modules["generator_ema"] = copy.deepcopy(self.modules["generator"]).requires_grad_(False)
        self.z_dim = z_dim
        # Fixed inputs for the per-epoch grid: 10 rows of one z each; in the cGAN the
        # columns are the labels 0..9, so a row shows one "style" across all classes.
        fixed = torch.Generator().manual_seed(1234)
        if conditional:
            self.fixed_z = torch.randn(10, z_dim, generator=fixed).repeat_interleave(10, dim=0)
            self.fixed_labels = torch.arange(10).repeat(10)
        else:
            self.fixed_z = torch.randn(100, z_dim, generator=fixed)

    def build_optimizers(self) -> None:
        self.optimizers = {
            name: torch.optim.Adam(self.modules[name].parameters(), lr=lr, betas=ADAM_BETAS)
            for name, lr in self.learning_rates.items()
        }

    def _condition(self, labels: torch.Tensor) -> tuple[torch.Tensor, ...]:
        return (labels,) if self.conditional else ()

    def training_step(self, batch: list[torch.Tensor], ctx: StepContext) -> dict[str, float]:
        real, labels = batch
        generator, discriminator = ctx.model("generator"), ctx.model("discriminator")
        z = torch.randn(real.size(0), self.z_dim, device=ctx.device)
        # A cGAN's fakes are asked for with the real batch's labels, so D compares like with
        # like; a clustered DCGAN's fakes belong to the cluster of their z's cell.
        y = self._condition(labels)
        y_real, y_fake = ((labels,), (ctx.unwrapped("generator").cell(z),)) if self.clustered else (y, y)

        with ctx.autocast():
            fake = generator(z, *y)
            real_logits = discriminator(real, *y_real)
            # detach(): D's loss must not send gradients into G.
            fake_logits = discriminator(fake.detach(), *y_fake)
            loss_d = self.d_loss(real_logits, fake_logits)
        ctx.optimize("discriminator", loss_d)

        with ctx.autocast():
            # Through the unwrapped D: G needs D's input-gradients, not D's weight-gradients,
            # so there is nothing of D's to all-reduce in this pass.
            loss_g = self.g_loss(ctx.unwrapped("discriminator")(fake, *y_fake))
        ctx.optimize("generator", loss_g)
        if self.ema_decay > 0:
            self._update_ema(ctx.unwrapped("generator"), ctx.step)

        return {
            "loss_d": loss_d.item(),
            "loss_g": loss_g.item(),
            "d_real": torch.sigmoid(real_logits).mean().item(),
            "d_fake": torch.sigmoid(fake_logits).mean().item(),
        }

    @torch.no_grad()
    def _update_ema(self, generator: torch.nn.Module, step: int) -> None:
        # Warm-up: early on the average would mostly remember the random initial weights
        # (0.999^1000 = 37% of it after 1,000 steps), so it starts as a short average and
        # lengthens to the full decay: (1 + step) / (10 + step) passes 0.999 at step 8,990.
        decay = min(self.ema_decay, (1 + step) / (10 + step))
        ema = self.modules["generator_ema"]
        for averaged, current in zip(ema.parameters(), generator.parameters(), strict=True):
            averaged.lerp_(current, 1 - decay)

    def finish(self) -> None:
        """Measure the averaged generator's batch-norm statistics on its own activations."""
        if self.ema_decay > 0:
            self.recompute_ema_statistics()

    def recompute_ema_statistics(self) -> None:
        ema = self.modules["generator_ema"]
        device = next(ema.parameters()).device
        noise = torch.Generator().manual_seed(0)

        def latents():
            for _ in range(BATCH_NORM_BATCHES):
                z = torch.randn(200, self.z_dim, generator=noise).to(device)
                yield (z, torch.arange(200, device=device) % 10) if self.conditional else (z,)

        recompute_batch_norm_statistics(ema, latents())

    @property
    def shipped_generator(self) -> torch.nn.Module:
        """The weight average when one is kept (unless told to ship the trained weights), else G."""
        if self.ship_average and "generator_ema" in self.modules:
            return self.modules["generator_ema"]
        return self.modules["generator"]

    def sample_images(self) -> torch.Tensor:
        if self.ema_decay > 0:
            self.recompute_ema_statistics()  # the grid shows what would be shipped now
        generator = self.shipped_generator
        device = next(generator.parameters()).device
        y = self._condition(self.fixed_labels.to(device)) if self.conditional else ()
        return generator(self.fixed_z.to(device), *y)
