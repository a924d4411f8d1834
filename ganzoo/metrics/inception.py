"""The real FID and Inception Score, with Inception-v3 features (for users who can download it).

ganzoo's own digit figures use its judge classifier's features, because Inception-v3 was
trained on ImageNet photographs, not 28 x 28 digits, and costs about 6 GFLOPs per image (10,000
samples take most of an hour on 2 CPU cores). But FID and IS are the numbers papers publish,
so this module computes them the usual way:

* every image is turned into what Inception-v3 expects: greyscale repeated to 3 channels,
  resized (bilinearly) to 299 x 299, normalised with ImageNet's mean and std;
* **FID** is ``frechet_distance`` of the 2048-d pool features (Heusel et al., 2017);
* **IS** is ``classifier_score`` of the 1000 ImageNet class probabilities (Salimans et al., 2016).

The weights are torchvision's ImageNet Inception-v3, downloaded on first use. Published FIDs
use the TensorFlow weights (pytorch-fid ships a port), so values here are comparable with each
other, and close to but not identical with published ones. ``network=`` takes any network
with Inception-v3's ``avgpool`` and ``fc`` layers (the tests pass an untrained one, no download).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from ganzoo.data.download import import_torchvision
from ganzoo.errors import DataUnavailableError
from ganzoo.metrics.classifier_score import classifier_score
from ganzoo.metrics.frechet import frechet_distance
from ganzoo.models.vgg import IMAGENET_MEAN, IMAGENET_STD  # torchvision's ImageNet normalisation

INPUT_SIZE = 299


def load_inception() -> nn.Module:
    """torchvision's ImageNet Inception-v3 in eval mode (downloaded once by torchvision)."""
    models = import_torchvision("Inception-v3").models
    try:
        return models.inception_v3(weights=models.Inception_V3_Weights.IMAGENET1K_V1).eval()
    except Exception as exc:  # URLError, RuntimeError, ... when offline
        reason = f"{type(exc).__name__}: {exc}"
        raise DataUnavailableError(f"could not download the Inception-v3 weights ({reason})") from exc


def to_inception_input(images: torch.Tensor, size: int = INPUT_SIZE) -> torch.Tensor:
    """Images in [-1, 1] (N, 1 or 3, H, W) -> (N, 3, size, size), ImageNet-normalised."""
    rgb = images.expand(-1, 3, -1, -1) if images.size(1) == 1 else images
    unit = (rgb.float() + 1) / 2
    resized = F.interpolate(unit, size=(size, size), mode="bilinear", align_corners=False)
    mean, std = torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1), torch.tensor(IMAGENET_STD).view(1, 3, 1, 1)
    return (resized - mean) / std


@torch.inference_mode()
def inception_outputs(
    images: torch.Tensor, network: nn.Module | None = None, size: int = INPUT_SIZE, batch: int = 50
) -> tuple[torch.Tensor, torch.Tensor]:
    """(2048-d pool features, 1000-class probabilities) of Inception-v3 for ``images`` in [-1, 1]."""
    network = (network or load_inception()).eval()
    captured: list[torch.Tensor] = []
    hook = network.avgpool.register_forward_hook(lambda _m, _i, output: captured.append(output.flatten(1)))
    try:
        logits = [network(to_inception_input(chunk, size)) for chunk in images.split(batch)]
        probabilities = torch.cat(logits).softmax(1)
    finally:
        hook.remove()
    return torch.cat(captured), probabilities


def inception_fid(real: torch.Tensor, generated: torch.Tensor, network: nn.Module | None = None,
                  size: int = INPUT_SIZE) -> float:
    """FID: the Frechet distance of Inception-v3 pool features of two image sets."""
    network = network or load_inception()
    return frechet_distance(inception_outputs(real, network, size)[0], inception_outputs(generated, network, size)[0])


def inception_score(images: torch.Tensor, network: nn.Module | None = None, splits: int = 10,
                    size: int = INPUT_SIZE) -> dict[str, float]:
    """IS: exp(E[KL(p(y|x) || p(y))]) over ImageNet's classes, mean and std over ``splits``."""
    return classifier_score(inception_outputs(images, network, size)[1], splits)
