"""The training step of a fast style network (Johnson et al., 2016): one network, one style.

Each step: random 256 px crops (and flips) of training photos x go through the transformation
network, y = T(x), and T is updated to lower

    content_weight * L_content(y, x)  +  style_weight * L_style(y, s)  +  tv_weight * L_tv(y)

measured by the fixed VGG16 (``PerceptualLoss``, shared with Gatys' optimiser, each term divided
by its target's size). Content at relu2_2 as in the paper: a shallow layer keeps the photo's
edges while the colours and strokes change. Adam, lr 1e-3, as in the paper.
"""

from __future__ import annotations

from typing import Any

import torch

from ganzoo.data.pairs import to_unit_range
from ganzoo.inference.style import PerceptualLoss
from ganzoo.losses import total_variation_loss
from ganzoo.models import ARCHITECTURES
from ganzoo.models.vgg import load_vgg16
from ganzoo.train.loop import StepContext, TrainingTask

CONTENT_TAP = "relu2_2"
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
        style_weight: float = 1.0, tv_weight: float = 1.0, width: int = 16, blocks: int = 5, crop: int = CROP,
        lr: float = 1e-3, vgg: torch.nn.Module | None = None,
    ) -> None:
        self.weights = (content_weight, style_weight, tv_weight)
        self.crop, self.lr = crop, lr
        self.spec: tuple[str, dict[str, Any]] = ("johnson.TransformNet", {"width": width, "blocks": blocks})
        self.modules = {"transformer": ARCHITECTURES[self.spec[0]](**self.spec[1])}
        # The loss network is fixed: not in ``modules``, so never trained nor checkpointed.
        self.perceptual = PerceptualLoss(vgg or load_vgg16("hed", last="relu4_3"), style, content_tap=CONTENT_TAP)
        self.test_photos = test_photos

    def build_optimizers(self) -> None:
        transformer = self.modules["transformer"]
        self.perceptual.to(next(transformer.parameters()).device)
        self.optimizers = {"transformer": torch.optim.Adam(transformer.parameters(), lr=self.lr)}

    def training_step(self, batch: list[torch.Tensor], ctx: StepContext) -> dict[str, float]:
        x = to_unit_range(random_crops(batch[0], self.crop))
        with ctx.autocast():
            y = ctx.model("transformer")(x)
            l_content, l_style = self.perceptual.terms(y, self.perceptual.content_features(x))
            l_tv = total_variation_loss(y)
            content_weight, style_weight, tv_weight = self.weights
            loss = content_weight * l_content + style_weight * l_style + tv_weight * l_tv
        ctx.optimize("transformer", loss)
        return {"loss": loss.item(), "content": l_content.item(), "style": l_style.item(), "tv": l_tv.item()}

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
