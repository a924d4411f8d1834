"""Training step of the judge classifier (cross-entropy on lightly augmented real images)."""

from __future__ import annotations

import argparse
import math
from typing import Any

import torch
import torch.nn.functional as F

from ganzoo.data.digits import DATA_SOURCES, dataset_card, load_digits
from ganzoo.models import DigitClassifier
from ganzoo.train.family import ModelFamily
from ganzoo.train.loop import StepContext, TrainingTask

# Which small changes leave the class alone: a digit survives a slight rotation and shift but not
# a mirror (a mirrored 2 is no digit); a garment survives a mirror, but is photographed upright and
# centred, so it gets only a small shift.
AUGMENTATIONS = {
    "digits": {"max_degrees": 10.0, "max_shift": 0.1, "flip": False},
    "garments": {"max_degrees": 0.0, "max_shift": 0.05, "flip": True},
}


def random_affine(images: torch.Tensor, max_degrees: float = 10.0, max_shift: float = 0.1) -> torch.Tensor:
    """Small random rotations and shifts (shift as a fraction of the side)."""
    n = images.size(0)
    angle = (torch.rand(n, device=images.device) * 2 - 1) * math.radians(max_degrees)
    shift = (torch.rand(n, 2, device=images.device) * 2 - 1) * max_shift * 2  # grid spans 2
    cos, sin = angle.cos(), angle.sin()
    theta = torch.stack(
        [torch.stack([cos, -sin, shift[:, 0]], 1), torch.stack([sin, cos, shift[:, 1]], 1)], 1
    )
    grid = F.affine_grid(theta, list(images.shape), align_corners=False)
    # Background is -1 (black), so pad with it rather than with zeros (mid-grey).
    return F.grid_sample(images + 1, grid, align_corners=False, padding_mode="zeros") - 1


def random_flip(images: torch.Tensor) -> torch.Tensor:
    """Mirror a random half of the batch left to right."""
    flip = torch.rand(images.size(0), device=images.device) < 0.5
    return torch.where(flip[:, None, None, None], images.flip(-1), images)


class ClassifierTask(TrainingTask):
    """The judge: trained on real images only; ``evaluate`` scores the validation part."""

    def __init__(
        self,
        validation_images: torch.Tensor,
        validation_labels: torch.Tensor,
        lr: float = 1e-3,
        width: int = 32,
        augmentation: str = "digits",
    ) -> None:
        # Data whose class survives a mirror get a judge that reads both (see DigitClassifier).
        mirror = AUGMENTATIONS[augmentation]["flip"]
        arguments = {"width": width, "feature_dim": 128} | ({"mirror": True} if mirror else {})
        self.spec = ("classifier.DigitClassifier", arguments)
        self.modules = {"classifier": DigitClassifier(**self.spec[1])}
        self.validation = (validation_images, validation_labels)
        self.lr = lr
        self.augmentation = AUGMENTATIONS[augmentation]

    def build_optimizers(self) -> None:
        self.optimizers = {"classifier": torch.optim.Adam(self.modules["classifier"].parameters(), lr=self.lr)}

    def augment(self, images: torch.Tensor) -> torch.Tensor:
        images = random_affine(images, self.augmentation["max_degrees"], self.augmentation["max_shift"])
        return random_flip(images) if self.augmentation["flip"] else images

    def training_step(self, batch: list[torch.Tensor], ctx: StepContext) -> dict[str, float]:
        """One step of the judge: minimise the cross-entropy −log p(label | augmented image).

        The judge scores the generators, so it must read any reasonable image of its class: it
        sees each training image shifted, turned (and, for garments, mirrored) at random.
        """
        images, labels = batch
        # Cosine decay to zero: the last epochs take small steps and settle into a minimum
        # (a constant rate left held-out accuracy bouncing around 98.0-98.4%).
        lr = self.lr * 0.5 * (1 + math.cos(math.pi * ctx.progress))
        for group in self.optimizers["classifier"].param_groups:
            group["lr"] = lr
        with ctx.autocast():
            logits = ctx.model("classifier")(self.augment(images))
            loss = F.cross_entropy(logits, labels)  # −log softmax(logits)[label], averaged
        ctx.optimize("classifier", loss)
        return {"loss": loss.item(), "accuracy": (logits.argmax(1) == labels).float().mean().item()}

    def evaluate(self) -> dict[str, float]:
        model = self.modules["classifier"]
        device = next(model.parameters()).device
        images, labels = self.validation
        predictions = torch.cat([model(chunk.to(device)).argmax(1).cpu() for chunk in images.split(500)])
        return {"validation_accuracy": (predictions == labels).float().mean().item()}


# --- the classifier family -------------------------------------------------------------------------

def _add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--classifier-width", type=int, default=32, help="channels of its first layers")
    p.add_argument("--classifier-lr", type=float, default=1e-3, help="Adam learning rate (cosine decay)")


def _from_args(args: argparse.Namespace, data: Any) -> ClassifierTask:
    return ClassifierTask(data.validation_images, data.validation_labels, lr=args.classifier_lr,
                          width=args.classifier_width,
                          augmentation="garments" if args.data == "fashion-mnist" else "digits")


def _evaluate(name: str, args: argparse.Namespace) -> dict[str, Any]:
    from ganzoo.metrics.digits import evaluate_classifier

    return evaluate_classifier(name, args.data, args.split or "test")


CLASSIFIER = ModelFamily(
    name="classifier", summary="the judge: a small CNN trained on real images only, that scores the generators",
    sources=DATA_SOURCES, load_data=lambda args: load_digits(args.data), add_arguments=_add_arguments,
    from_args=_from_args, shipped=lambda task: (task.modules["classifier"], *task.spec),
    dataset_card=lambda args, data: dataset_card(args.data, data),
    architectures=("classifier.DigitClassifier",), evaluate=_evaluate,
)
