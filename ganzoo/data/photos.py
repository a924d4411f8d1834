"""Photographs for training Johnson's fast style networks, and the style paintings, with a fixed split.

``--data`` chooses the photos:

* ``photos``       the 39 free-licence photographs of ``shared/data/photos/images`` plus the six
                   public-domain scikit-image pictures of ``shared/data/style/content`` (the two
                   content photos whose licence is not verified are left out);
* ``folder:PATH``  any folder of photographs (MS-COCO's train2014, as in the paper, for users who
                   have it).

Every fifth photo (in file-name order) is held out: the measured figures are on photos the
network never trained on. Photos are kept as uint8 squares of ``size`` px (centre crops); the
training step takes random 256 px crops and flips of them.

``--style`` names a painting of ``shared/data/style/styles`` (``STYLES``) or a picture file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from ganzoo.data.pairs import IMAGE_SUFFIXES, hwc_to_chw
from ganzoo.errors import DataUnavailableError
from ganzoo.image_input import fill_square, fit_long_side, read_image, to_tensor
from ganzoo.paths import shared_data_dir

STYLES = ("starry_night", "great_wave", "composition_vii", "the_scream", "woman_with_hat", "shipwreck",
          "cliff_walk_pourville")
PHOTO_SOURCES = ("photos", "folder:PATH")
HOLD_OUT_EVERY = 5
PASSES_PER_EPOCH = 10


@dataclass(frozen=True)
class PhotoData:
    """uint8 photos (N, 3, size, size): the training part and the held-out part, with file names."""

    name: str
    description: str
    train: torch.Tensor
    test: torch.Tensor
    test_names: tuple[str, ...]

    def train_dataset(self, repeats: int = PASSES_PER_EPOCH,
                      beside: torch.Tensor | None = None) -> torch.utils.data.TensorDataset:
        """The training photos, each ``repeats`` times per epoch: every pass takes new random crops, and
        a few dozen photos would otherwise make an epoch (and its held-out evaluation) every few steps.
        ``beside``: one picture per training photo (a teacher's painting of it), repeated alike."""
        tensors = [self.train] if beside is None else [self.train, beside]
        return torch.utils.data.TensorDataset(*(t.repeat(repeats, 1, 1, 1) for t in tensors))


def photo_files(source: str) -> list[Path]:
    if source == "photos":
        root = shared_data_dir()
        files = sorted((root / "photos" / "images").glob("*"))
        files += sorted((root / "style" / "content").glob("skimage_*"))
        if not files:
            raise DataUnavailableError(
                f"photos not found in {root}/photos/images; set GANZOO_DATA, or use --data folder:PATH "
                "with a folder of your own photographs"
            )
        return [f for f in files if f.suffix.lower() in IMAGE_SUFFIXES]
    if source.startswith("folder:"):
        folder = Path(source[len("folder:"):])
        files = sorted(f for f in folder.glob("*") if f.suffix.lower() in IMAGE_SUFFIXES) if folder.is_dir() else []
        if len(files) < 2:
            raise DataUnavailableError(f"{folder} needs at least two photographs ({', '.join(IMAGE_SUFFIXES)})")
        return files
    raise DataUnavailableError(f"unknown photo source {source!r}; choose one of {PHOTO_SOURCES}")


def load_photos(source: str = "photos", size: int = 320) -> PhotoData:
    """Load ``source`` as ``size`` px squares; every fifth file is held out."""
    files = photo_files(source)
    squares = np.stack([np.asarray(fill_square(read_image(f, what=f.name), size)) for f in files])
    held_out = np.arange(len(files)) % HOLD_OUT_EVERY == HOLD_OUT_EVERY - 1
    if not held_out.any():
        held_out[-1] = True
    images, test_rows = hwc_to_chw(squares), torch.from_numpy(held_out)
    description = f"{len(files)} photographs from {source}, {size} px centre crops; every {HOLD_OUT_EVERY}th held out"
    test_names = tuple(f.name for f, h in zip(files, held_out, strict=True) if h)
    return PhotoData(source, description, images[~test_rows], images[test_rows], test_names)


def style_target(name_or_path: str, size: int) -> torch.Tensor:
    """The painting as the loss network's target: (1, 3, H, W) in [-1, 1], long side ``size`` px.

    Its size sets the size of the strokes: they should be about as big, relative to VGG's
    receptive fields, as they are to be on the photos (a 1024 px painting against 160 px crops
    paints pin-stripes).
    """
    return to_tensor(fit_long_side(style_image(name_or_path), size))


def style_image(name_or_path: str) -> Image.Image:
    """A built-in painting by name (``STYLES``), or any picture file."""
    if name_or_path in STYLES:
        folder = shared_data_dir() / "style" / "styles"
        matches = sorted(folder.glob(f"{name_or_path}.*"))
        if not matches:
            raise DataUnavailableError(f"style painting {name_or_path!r} not found in {folder}; set GANZOO_DATA "
                                       "or give a picture file")
        return read_image(matches[0], what="Style picture")
    return read_image(Path(name_or_path), what="Style picture")
