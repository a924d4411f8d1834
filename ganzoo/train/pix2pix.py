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

The shipped Fluent discriminator normalises each picture on its own (``d_norm="instance"``, as
CycleGAN's does) instead of the paper's batch norm. The paper code's D sees a batch of true pairs,
then a batch of generated ones, so in training its batch norm judges each picture beside
batch-mates of its own kind; in the tab it judges one picture with running averages over both
kinds. Measured on the 177 held-out pairs, that batch-norm D told the truths from the L1-only
pictures in training mode (0.68 against 0.12) but not in use (0.486 against 0.467). With instance
norm a picture's verdict is the same in training and in use (the shipped D: 0.711 for the truths,
0.047 for the L1-only pictures).

The discriminator can also be trained on after the game (``frozen_generator``): the generator is
fixed, only D steps are taken. At the end of a balanced game D hovers near 0.5 everywhere (it
only has to keep up with a moving G); against a fixed G it learns what still gives G's pictures
away, so its patch maps become a verdict (as Azadi et al. 2019 do before discriminator rejection
sampling: "we continue to train D with G fixed").

After the last step (``finish``), the generator's batch-norm statistics are computed afresh
on the clean training sketches: the running averages kept during training follow the last few
augmented batches of a generator that was still moving, and using them cost test L1 (0.158
instead of 0.145 at step 2,000 of the shipped run).
"""

from __future__ import annotations

import argparse
from typing import Any

import torch

from ganzoo import checkpoints
from ganzoo.data.augment import augment_sketch_pairs
from ganzoo.data.pairs import PAIR_SOURCES, PairData, load_pairs, to_unit_range
from ganzoo.losses import discriminator_loss, l1_loss, pix2pix_generator_loss
from ganzoo.models import ARCHITECTURES
from ganzoo.train.family import ModelFamily, given
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
        augment: bool = True, lr: float = ADAM_LR, frozen_generator: torch.nn.Module | None = None,
        discriminator_from: torch.nn.Module | None = None, d_norm: str = "batch", sketch_tremor: float = 0.0,
    ) -> None:
        if l1_weight < 0 or gan_weight < 0 or l1_weight + gan_weight == 0:
            raise ValueError("l1_weight and gan_weight must be >= 0 and not both 0")
        if sketch_tremor < 0:
            raise ValueError(f"sketch_tremor must be >= 0 pixels, not {sketch_tremor}")
        self.l1_weight, self.gan_weight, self.augment, self.lr = l1_weight, gan_weight, augment, lr
        self.sketch_tremor = sketch_tremor
        self.generator_spec: tuple[str, dict[str, Any]] = (
            "pix2pix.UNetGenerator", {"width": g_width, "max_width": g_max_width}
        )
        self.discriminator_spec: tuple[str, dict[str, Any]] = ("pix2pix.PatchDiscriminator", {"width": d_width})
        if d_norm != "batch":  # older cards have no such argument: keep them loadable as they are
            self.discriminator_spec[1]["norm"] = d_norm
        # A frozen generator is not one of the trained modules: not optimised, not checkpointed.
        self.frozen_generator = frozen_generator.eval().requires_grad_(False) if frozen_generator else None
        self.modules = {} if frozen_generator else {
            "generator": ARCHITECTURES[self.generator_spec[0]](**self.generator_spec[1])}
        if gan_weight > 0:  # the L1-only baseline has no discriminator at all
            self.modules["discriminator"] = ARCHITECTURES[self.discriminator_spec[0]](**self.discriminator_spec[1])
            if discriminator_from is not None:
                self.modules["discriminator"].load_state_dict(discriminator_from.state_dict())
        self.test = (test_inputs, test_targets)
        self.train_inputs = train_inputs

    def build_optimizers(self) -> None:
        self.optimizers = {
            name: torch.optim.Adam(m.parameters(), lr=self.lr, betas=ADAM_BETAS) for name, m in self.modules.items()
        }

    def training_step(self, batch: list[torch.Tensor], ctx: StepContext) -> dict[str, float]:
        """One step of pix2pix's objective, G* = arg min_G max_D L_cGAN(G, D) + λ·L1(G).

        x is the sketch, y its true picture, G(x) the generator's picture.

        (1) Update D: maximise log D(x, y) + log(1 − D(x, G(x))), i.e. minimise the log-loss of
            calling the true pair real and the generated pair fake. Halved: "to slow down the rate
            at which D learns relative to G" (the paper, section 3.3).
        (2) Update G: minimise −log D(x, G(x)) (the non-saturating form: fool the D just updated)
            + λ·‖y − G(x)‖₁ (stay close to the truth). D only passes the gradient through to G
            here, so its weights are frozen for this pass: their gradients would be thrown away.

        With ``gan_weight=0`` there is no D and step (2) is plain L1 regression; with ``l1_weight=0``
        it is the cGAN alone (the two ablations the tab shows).
        """
        set_learning_rate(self.optimizers.values(), self.lr * halfway_linear_decay(ctx.progress))
        sketch, target = (ctx.to_format(to_unit_range(t)) for t in batch)  # x, y in [-1, 1]
        if self.augment:
            sketch, target = augment_sketch_pairs(sketch, target, self.sketch_tremor)
        if self.frozen_generator is not None:
            return self._discriminator_step(sketch, target, ctx)
        logs: dict[str, float] = {}
        with ctx.autocast():
            output = ctx.model("generator")(sketch)  # G(x)
        fake_logits = None
        if self.gan_weight > 0:
            # (1) D step: real pair (x, y) -> 1, generated pair (x, G(x)) -> 0; G(x) detached: D's step only.
            with ctx.autocast():
                real_logits = ctx.model("discriminator")(sketch, target)
                fake_logits = ctx.model("discriminator")(sketch, output.detach())
                loss_d = 0.5 * discriminator_loss(real_logits, fake_logits)  # ½[−log D(x,y) − log(1 − D(x,G(x)))]
            ctx.optimize("discriminator", loss_d)
            logs |= {"loss_d": loss_d.item(), "d_real": torch.sigmoid(real_logits).mean().item(),
                     "d_fake": torch.sigmoid(fake_logits).mean().item()}
            # (2) D, updated and frozen, judges G(x) again; this time the gradient reaches G.
            with ctx.frozen("discriminator") as frozen_d, ctx.autocast():
                fake_logits = frozen_d(sketch, output)
                loss_g = pix2pix_generator_loss(fake_logits, output, target, self.l1_weight, self.gan_weight)
        else:
            with ctx.autocast():
                loss_g = pix2pix_generator_loss(None, output, target, self.l1_weight, self.gan_weight)  # λ·L1 only
        ctx.optimize("generator", loss_g)  # −log D(x, G(x)) + λ·‖y − G(x)‖₁
        return {"loss_g": loss_g.item(), "l1": l1_loss(output.detach(), target).item(), **logs}

    def _discriminator_step(self, sketch: torch.Tensor, target: torch.Tensor, ctx: StepContext) -> dict[str, float]:
        """Step (1) alone, against the frozen generator: D learns what still gives G(x) away."""
        with torch.no_grad():
            output = self.frozen_generator.to(sketch.device)(sketch)  # G(x), as the tab shows it (eval mode)
        with ctx.autocast():
            real_logits = ctx.model("discriminator")(sketch, target)
            fake_logits = ctx.model("discriminator")(sketch, output)
            loss_d = 0.5 * discriminator_loss(real_logits, fake_logits)  # ½[−log D(x,y) − log(1 − D(x,G(x)))]
        ctx.optimize("discriminator", loss_d)
        return {"loss_d": loss_d.item(), "d_real": torch.sigmoid(real_logits).mean().item(),
                "d_fake": torch.sigmoid(fake_logits).mean().item()}

    @property
    def generator(self) -> torch.nn.Module:
        return self.frozen_generator if self.frozen_generator is not None else self.modules["generator"]

    def finish(self) -> None:
        """Recompute G's batch-norm statistics: a plain average over all clean training sketches."""
        if self.frozen_generator is not None:
            return  # its statistics are the shipped ones
        generator = self.modules["generator"]
        device = next(generator.parameters()).device
        recompute_batch_norm_statistics(
            generator, ((to_unit_range(chunk).to(device),) for chunk in self.train_inputs.split(64))
        )

    def _translate(self, inputs: torch.Tensor) -> torch.Tensor:
        generator = self.generator
        device = next(generator.parameters()).device
        return torch.cat([generator(to_unit_range(c).to(device)).cpu() for c in inputs.split(32)])

    def evaluate(self) -> dict[str, float]:
        """Mean L1 (in [-1, 1] units) to the true images of the held-out test pairs; when only D is
        trained, also D's mean patch probability on the held-out truths and on G's pictures of them."""
        inputs, targets = self.test
        outputs = self._translate(inputs)
        metrics = {"test_l1": l1_loss(outputs, to_unit_range(targets)).item()}
        if self.frozen_generator is not None:
            discriminator = self.modules["discriminator"]
            device = next(discriminator.parameters()).device

            def realness(pictures: torch.Tensor) -> float:
                return torch.cat([torch.sigmoid(discriminator(to_unit_range(x).to(device), y.to(device))).flatten()
                                  for x, y in zip(inputs.split(32), pictures.split(32), strict=True)]).mean().item()

            metrics |= {"test_d_real": realness(to_unit_range(targets)), "test_d_fake": realness(outputs)}
        return metrics

    def sample_images(self) -> torch.Tensor:
        """Rows of (sketch, output, truth) for the first test pairs."""
        inputs, targets = self.test[0][:GRID_PAIRS], self.test[1][:GRID_PAIRS]
        triples = torch.stack([to_unit_range(inputs), self._translate(inputs), to_unit_range(targets)], 1)
        return triples.flatten(0, 1)


# --- the pix2pix family -----------------------------------------------------------------------------

def _add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--l1-weight", type=float, default=100.0, help="lambda of the L1 term (0 = cGAN only)")
    p.add_argument("--gan-weight", type=float, default=1.0, help="weight of the cGAN term (0 = L1 only)")
    p.add_argument("--no-augment", action="store_true", help="train on the sketches exactly as stored")
    p.add_argument("--g-width", type=int, default=None, help="U-Net width (its first layer's channels; default 32)")
    p.add_argument("--d-width", type=int, default=None, help="PatchGAN width (default 32)")
    p.add_argument("--g-lr", type=float, default=None, help=f"Adam learning rate of both (default {ADAM_LR:g})")
    p.add_argument("--export-discriminator", default=None,
                   help="also ship the discriminator under this name (the tab's patch map)")
    p.add_argument("--frozen-generator", default=None, metavar="CHECKPOINT",
                   help="train only D, against this shipped generator, fixed (after the game)")
    p.add_argument("--discriminator-from", default=None, metavar="CHECKPOINT",
                   help="start D from this shipped discriminator instead of random weights")
    p.add_argument("--sketch-tremor", type=float, default=None, metavar="PIXELS",
                   help="also displace the sketch alone by up to PIXELS (its lines off the picture's edges; default 0)")
    p.add_argument("--d-norm", choices=("batch", "instance"), default=None,
                   help="D's normalisation: batch (the paper; default) or instance (each picture on its own)")


def _from_args(args: argparse.Namespace, data: PairData) -> Pix2PixTask:
    shipped = {option: checkpoints.load(name).model if name else None for option, name in
               (("frozen_generator", args.frozen_generator), ("discriminator_from", args.discriminator_from))}
    d_width, d_norm = args.d_width, args.d_norm
    if shipped["discriminator_from"] is not None:  # its width and normalisation are the shipped one's
        shipped_arguments = checkpoints.read_card(args.discriminator_from)["arguments"]
        d_width, d_norm = shipped_arguments["width"], shipped_arguments.get("norm", "batch")
    return Pix2PixTask(data.train_inputs, data.test_inputs, data.test_targets, l1_weight=args.l1_weight,
                       gan_weight=args.gan_weight, augment=not args.no_augment, **shipped,
                       **given(g_width=args.g_width, d_width=d_width, d_norm=d_norm, lr=args.g_lr,
                                sketch_tremor=args.sketch_tremor))


def _check_args(args: argparse.Namespace) -> str | None:
    if args.frozen_generator and (args.export or args.gan_weight == 0):
        return "--frozen-generator trains only D: ship it with --export-discriminator (not --export), gan weight > 0"
    if args.sketch_tremor is not None and args.sketch_tremor < 0:
        return f"--sketch-tremor is a distance in pixels, >= 0 (got {args.sketch_tremor:g})"
    return None


def _dataset_card(args: argparse.Namespace, data: PairData) -> dict[str, Any]:
    return {"source": args.data, "description": data.description, "train_examples": len(data.train_inputs),
            "test_examples": len(data.test_inputs), "holdout": "the data set's fixed test split, never trained on"}


def _training_card(args: argparse.Namespace, task: Pix2PixTask) -> dict[str, Any]:
    return {"l1_weight": args.l1_weight, "gan_weight": args.gan_weight, "augment": not args.no_augment,
            "generator": task.generator_spec[1], "discriminator": task.discriminator_spec[1], "lr": task.lr,
            **given(sketch_tremor=args.sketch_tremor, frozen_generator=args.frozen_generator,
                    discriminator_from=args.discriminator_from)}


def _evaluate(name: str, args: argparse.Namespace) -> dict[str, Any]:
    from ganzoo.metrics.pix2pix import evaluate_translator

    return evaluate_translator(name, args.data)


PIX2PIX = ModelFamily(
    name="pix2pix", summary="pix2pix: a U-Net and a PatchGAN, sketch -> picture from aligned pairs (Isola et al.)",
    sources=PAIR_SOURCES, load_data=lambda args: load_pairs(args.data), add_arguments=_add_arguments,
    from_args=_from_args, shipped=lambda task: (task.modules["generator"], *task.generator_spec),
    dataset_card=_dataset_card, training_card=_training_card, check_args=_check_args,
    extra_exports={"export_discriminator": lambda task: (task.modules["discriminator"], *task.discriminator_spec)},
    architectures=("pix2pix.UNetGenerator",), evaluate=_evaluate,
)
