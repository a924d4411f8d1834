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

import argparse
import copy
import time
from typing import Any

import torch

from ganzoo.losses import GAN_LOSSES
from ganzoo.models import ARCHITECTURES
from ganzoo.models.dcgan import fit_cell_offsets
from ganzoo.train.family import ModelFamily, given
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
        """One round of the GAN game, min_G max_D V(D, G) = E_x[log D(x)] + E_z[log(1 − D(G(z)))].

        x is a real image, z ~ N(0, I) the noise, y the class (cGAN) or k-means cluster (clustered DCGAN).

        (1) Update D: maximise log D(x, y) + log(1 − D(G(z, y), y)), i.e. minimise the log-loss of
            calling real images real and generated ones fake (or the hinge loss, SN-GAN's).
        (2) Update G: maximise log D(G(z, y), y), the non-saturating form: early in training D
            rejects G's samples with confidence and log(1 − D(G(z))) is flat there, so minimising
            it would teach G almost nothing (Goodfellow et al., 2014, section 3). D's weights are
            frozen for this pass: G needs the gradient *through* D, not D's own.
        (3) Update the weight average of G, if one is kept (what ships, when it scores better).
        """
        real, labels = batch
        generator, discriminator = ctx.model("generator"), ctx.model("discriminator")
        z = torch.randn(real.size(0), self.z_dim, device=ctx.device)
        # A cGAN's fakes are asked for with the real batch's labels, so D compares like with
        # like; a clustered DCGAN's fakes belong to the cluster of their z's cell.
        y = self._condition(labels)
        y_real, y_fake = ((labels,), (ctx.unwrapped("generator").cell(z),)) if self.clustered else (y, y)

        # (1) D step.
        with ctx.autocast():
            fake = generator(z, *y)  # G(z, y)
            real_logits = discriminator(real, *y_real)  # D(x, y), as a logit
            # detach(): D's loss must not send gradients into G.
            fake_logits = discriminator(fake.detach(), *y_fake)  # D(G(z, y), y)
            loss_d = self.d_loss(real_logits, fake_logits)  # −log D(x) − log(1 − D(G(z)))
        ctx.optimize("discriminator", loss_d)

        # (2) G step, through the updated D, unwrapped (nothing of D's to all-reduce) and frozen.
        with ctx.frozen("discriminator") as frozen_d, ctx.autocast():
            loss_g = self.g_loss(frozen_d(fake, *y_fake))  # −log D(G(z, y), y)
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


# --- the cgan and dcgan families: options, data and model card -----------------------------------

def add_gan_arguments(p: argparse.ArgumentParser, clusters: bool = False) -> None:
    p.add_argument("--z-dim", type=int, default=64, help="latent size")
    p.add_argument("--g-width", type=int, default=None, help="generator width (channels / 4 at 7x7; default 32)")
    p.add_argument("--d-width", type=int, default=None, help="discriminator width (default 64)")
    p.add_argument("--ema-decay", type=float, default=0.0,
                   help="also keep (and ship) an average of G's weights, e.g. 0.999; 0 = off")
    p.add_argument("--gan-loss", choices=("bce", "hinge"), default="bce",
                   help="log-loss with non-saturating G (DCGAN's) or the hinge loss (SN-GAN's)")
    p.add_argument("--spectral-norm", action="store_true", help="spectrally normalised discriminator (no batch norm)")
    p.add_argument("--ship", choices=("average", "trained"), default="average",
                   help="with --ema-decay: export the weight average or the trained generator (choose on the "
                        "validation split: python -m ganzoo.metrics runs/NAME scores both)")
    p.add_argument("--mapping", type=int, default=0,
                   help="fully connected layers that map z before the convolutions (StyleGAN's idea)")
    p.add_argument("--deeper-d", action="store_true", help="one more 3x3 layer in the discriminator")
    p.add_argument("--g-lr", type=float, default=None, help=f"generator's Adam learning rate (default {ADAM_LR:g})")
    p.add_argument("--d-lr", type=float, default=ADAM_LR,
                   help="discriminator's Adam learning rate (faster than G: two time-scale rule)")
    if clusters:
        p.add_argument("--clusters", type=int, default=0,
                       help="draw by k-means cluster of the training images (that many clusters; 0 = off)")


def check_gan_args(args: argparse.Namespace) -> str | None:
    clusters = getattr(args, "clusters", 0)
    if clusters and not 2 <= clusters <= args.z_dim:  # one latent coordinate picks each cluster's cell
        return f"--clusters must be 0 (off) or between 2 and --z-dim ({args.z_dim}), got {clusters}"
    return None


def gan_from_args(args: argparse.Namespace, data: Any) -> GanTask:
    """The cGAN or DCGAN task; a DCGAN with ``--clusters`` first finds its clusters by k-means (no labels)."""
    from ganzoo.data.clusters import kmeans

    clusters, seconds = None, 0.0
    if getattr(args, "clusters", 0):
        start = time.perf_counter()
        clusters, _ = kmeans(data.train_images, args.clusters, seed=args.seed)
        seconds = time.perf_counter() - start
    task = GanTask(
        conditional=args.model == "cgan", z_dim=args.z_dim, ema_decay=args.ema_decay, loss=args.gan_loss,
        spectral_norm=args.spectral_norm, d_lr=args.d_lr, mapping=args.mapping, deeper_d=args.deeper_d,
        ship_average=args.ship == "average",
        cluster_shares=None if clusters is None else torch.bincount(clusters).float() / len(clusters),
        **given(g_width=args.g_width, d_width=args.d_width, g_lr=args.g_lr),
    )
    task.clusters, task.clustering_s = clusters, seconds
    return task


def gan_train_dataset(data: Any, args: argparse.Namespace, task: GanTask) -> torch.utils.data.TensorDataset:
    """The training images with their labels, or, for a clustered DCGAN, with their clusters instead."""
    if getattr(task, "clusters", None) is not None:
        return torch.utils.data.TensorDataset(data.train_images, task.clusters)
    return data.train_dataset()


def gan_training_card(args: argparse.Namespace, task: GanTask) -> dict[str, Any]:
    card = {"gan_loss": args.gan_loss, "spectral_norm": args.spectral_norm,
            "g_lr": task.learning_rates["generator"], "d_lr": args.d_lr, "ema_decay": args.ema_decay,
            "mapping": args.mapping, "deeper_d": args.deeper_d,
            "shipped": args.ship if args.ema_decay > 0 else "trained"}
    if getattr(task, "clusters", None) is not None:
        card["clusters"] = {"k": args.clusters,
                            "found_by": "k-means on the pixels of the training images (seeded, no labels)",
                            "seconds": round(task.clustering_s, 1)}
    return card


def gan_run_description(args: argparse.Namespace, task: GanTask) -> dict[str, Any]:
    """``run.json`` of a GAN run: enough to rebuild its generators, so ``python -m ganzoo.metrics
    runs/NAME --split validation`` can score a run before anything ships."""
    name, arguments = task.generator_spec
    return {"data": args.data, "generator": {"architecture": name, "arguments": arguments}}


def evaluate_gan(name: str, args: argparse.Namespace) -> dict[str, Any]:
    from ganzoo.metrics.digits import evaluate_generator

    return evaluate_generator(name, args.samples, args.seed, args.data, args.split or "test", args.inception)


def _gan_family(name: str, summary: str, clusters: bool) -> ModelFamily:
    from ganzoo.data.digits import DATA_SOURCES, dataset_card, load_digits

    return ModelFamily(
        name=name, summary=summary, sources=DATA_SOURCES,
        load_data=lambda args: load_digits(args.data),
        add_arguments=lambda p: add_gan_arguments(p, clusters),
        check_args=check_gan_args,
        from_args=gan_from_args,
        train_dataset=gan_train_dataset,
        shipped=lambda task: (task.shipped_generator, *task.generator_spec),
        dataset_card=lambda args, data: dataset_card(args.data, data),
        training_card=gan_training_card,
        run_description=gan_run_description,
        architectures=("dcgan.ConditionalGenerator",) if name == "cgan" else ("dcgan.Generator",
                                                                              "dcgan.ClusterGenerator"),
        evaluate=evaluate_gan,
    )


CGAN = _gan_family("cgan", "conditional DCGAN: a picture of the class you ask for (Mirza & Osindero)", False)
DCGAN = _gan_family("dcgan", "DCGAN: pictures from noise alone, optionally drawing by k-means cluster "
                             "(Radford et al.)", True)
