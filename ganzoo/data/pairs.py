"""Aligned image pairs (input sketch -> target picture) for pix2pix, with a fixed train / test split.

``--data`` chooses the source:

* ``openmoji``     OpenMoji line art -> colour emoji, 128 px, the ``recommended`` rows only
                   (1,773 train / 219 test: outlines that determine their colours; skin-tone
                   variants and flags share outlines and would make the task ill-posed). Found in
                   ``$GANZOO_DATA/openmoji-pairs/`` or the ``shared/data`` folder beside the repository.
* ``fluent``       Microsoft Fluent Emoji 3-D renders (shaded and lit) with a line drawing made
                   from each by ``ganzoo.data.edges`` (outline + Canny inner lines, brush-wide):
                   "sketch -> 3-D render", 128 px, 1,438 train / 177 test by the emoji sets' split
                   rule. Found in ``$GANZOO_DATA/fluent-emoji/`` or ``shared/data`` beside the repository.
* ``folder:PATH``  the standard pix2pix layout users already have: ``PATH/train/`` and
                   ``PATH/test/`` (or ``val/``) holding images with input A on the left half and
                   target B on the right half, as in edges2shoes and facades.
* ``facades``, ``edges2shoes``, ``edges2handbags``  the classic pix2pix sets, downloaded once (internet needed) and
                   then read as ``folder:``.

Images are kept as uint8 (N, 3, H, W) tensors (a quarter of float32's memory); the training
step turns each batch into [-1, 1].
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from ganzoo.data.download import download_once
from ganzoo.errors import DataUnavailableError, InvalidInputError
from ganzoo.paths import download_dir, shared_data_dir

PAIR_SOURCES = ("fluent", "openmoji", "folder:PATH", "facades", "edges2shoes", "edges2handbags")
CLASSIC_SETS = ("facades", "edges2shoes", "edges2handbags")
# Where the pix2pix authors publish the classic sets (tar.gz of train/ val/ [test/] A|B images).
CLASSIC_URL = "http://efrosgans.eecs.berkeley.edu/pix2pix/datasets/{name}.tar.gz"
OPENMOJI_CREDIT = (
    "All emojis designed by OpenMoji – the open-source emoji and icon project. License: CC BY-SA 4.0"
)
FLUENT_CREDIT = "Fluent Emoji © Microsoft Corporation, MIT License"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".webp")


@dataclass(frozen=True)
class PairData:
    """uint8 images (N, 3, H, W): inputs A and targets B, row i of one paired with row i of the other."""

    name: str
    description: str
    train_inputs: torch.Tensor
    train_targets: torch.Tensor
    test_inputs: torch.Tensor
    test_targets: torch.Tensor
    test_names: tuple[str, ...] = ()

    def train_dataset(self) -> torch.utils.data.TensorDataset:
        return torch.utils.data.TensorDataset(self.train_inputs, self.train_targets)


def to_unit_range(images: torch.Tensor) -> torch.Tensor:
    """uint8 0..255 -> float in [-1, 1] (what the tanh output of the generator spans)."""
    return images.float() / 127.5 - 1.0


def hwc_to_chw(images: np.ndarray) -> torch.Tensor:
    """(N, H, W, 3) uint8 as stored on disk -> (N, 3, H, W), the layout convolutions take."""
    return torch.from_numpy(np.ascontiguousarray(images.transpose(0, 3, 1, 2)))


def load_pairs(source: str, image_size: int = 128) -> PairData:
    """Load ``source`` (see the module docstring) at ``image_size`` px."""
    if source == "openmoji":
        return _load_openmoji(image_size)
    if source == "fluent":
        return _load_fluent(image_size)
    if source.startswith("folder:"):
        return load_pix2pix_folder(Path(source[len("folder:"):]), image_size)
    if source in CLASSIC_SETS:
        return load_pix2pix_folder(_download_classic(source), image_size, name=source)
    raise InvalidInputError(f"unknown paired data source {source!r}; choose one of {PAIR_SOURCES}")


def openmoji_dir() -> Path:
    return shared_data_dir() / "openmoji-pairs"


def _load_openmoji(image_size: int) -> PairData:
    folder = openmoji_dir()
    files = [folder / f"openmoji_128_{part}.npz" for part in ("train", "test")]
    if not all(f.exists() for f in files):
        raise DataUnavailableError(
            f"OpenMoji pairs not found in {folder}; set GANZOO_DATA to the folder that holds "
            "openmoji-pairs/openmoji_128_{train,test}.npz, or train on your own pairs with "
            "--data folder:PATH (PATH/train and PATH/test of A|B images), or on --data facades "
            "(downloaded) on a machine with internet"
        )
    parts = []
    for f in files:
        with np.load(f) as z:
            keep = z["recommended"]
            parts.append((hwc_to_chw(z["outline"][keep]), hwc_to_chw(z["color"][keep]), tuple(z["names"][keep])))
    (train_a, train_b, _), (test_a, test_b, test_names) = parts
    train_a, train_b, test_a, test_b = resized((train_a, train_b, test_a, test_b), image_size, 128)
    return PairData(
        "openmoji", f"OpenMoji 17.0.0 outline -> colour, recommended rows, {image_size} px ({OPENMOJI_CREDIT})",
        train_a, train_b, test_a, test_b, test_names,
    )


def fluent_dir() -> Path:
    return shared_data_dir() / "fluent-emoji"


def read_fluent_renders() -> dict[str, np.ndarray]:
    """The Fluent Emoji arrays at 128 px: ``render3d`` (N, 128, 128, 3) on white, ``alpha3d``, ``flat``,
    ``has_flat``, ``codepoint``, ``name``, ``split`` ("train" / "test")."""
    path = fluent_dir() / "fluent_128.npz"
    if not path.exists():
        raise DataUnavailableError(
            f"Fluent Emoji not found at {path}; set GANZOO_DATA to the folder that holds "
            "fluent-emoji/fluent_128.npz, or train on your own pairs with --data folder:PATH, or on "
            "--data edges2shoes (downloaded) on a machine with internet"
        )
    with np.load(path) as z:
        return {key: z[key] for key in z.files}


def _load_fluent(image_size: int) -> PairData:
    from ganzoo.data.edges import pictures_to_sketches

    z = read_fluent_renders()
    parts = []
    for split in ("train", "test"):
        rows = z["split"] == split
        sketches = pictures_to_sketches(z["render3d"][rows], z["alpha3d"][rows])
        parts.append((hwc_to_chw(sketches), hwc_to_chw(z["render3d"][rows]), tuple(z["codepoint"][rows])))
    (train_a, train_b, _), (test_a, test_b, test_names) = parts
    train_a, train_b, test_a, test_b = resized((train_a, train_b, test_a, test_b), image_size, 128)
    return PairData(
        "fluent", f"Fluent Emoji 3-D renders with edge-map sketches (ganzoo.data.edges), {image_size} px "
                  f"({FLUENT_CREDIT})",
        train_a, train_b, test_a, test_b, test_names,
    )


def resized(tensors: tuple[torch.Tensor, ...], size: int, stored: int) -> tuple[torch.Tensor, ...]:
    """The tensors as they are when ``size`` is the size they are stored at, else each resized to ``size``."""
    return tensors if size == stored else tuple(resize_images(t, size) for t in tensors)


def resize_images(images: torch.Tensor, size: int) -> torch.Tensor:
    """uint8 (N, 3, H, W) -> (N, 3, size, size) by area averaging (no aliasing when shrinking)."""
    resized = torch.nn.functional.interpolate(images.float(), size=(size, size), mode="area")
    return resized.round().clamp(0, 255).to(torch.uint8)


def split_side_by_side(picture: Image.Image, image_size: int) -> tuple[np.ndarray, np.ndarray]:
    """One A|B image -> (A, B) as (size, size, 3) uint8 arrays: left half input, right half target."""
    picture = picture.convert("RGB")
    half = picture.width // 2
    if half == 0 or picture.height == 0:
        raise InvalidInputError(f"a pix2pix pair image needs A and B side by side; got {picture.size}")
    a, b = picture.crop((0, 0, half, picture.height)), picture.crop((half, 0, 2 * half, picture.height))
    size = (image_size, image_size)
    return (np.asarray(a.resize(size, Image.Resampling.BICUBIC)),
            np.asarray(b.resize(size, Image.Resampling.BICUBIC)))


def _read_folder(folder: Path, image_size: int) -> tuple[torch.Tensor, torch.Tensor, tuple[str, ...]]:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if not files:
        raise DataUnavailableError(f"no images ({', '.join(IMAGE_SUFFIXES)}) in {folder}")
    inputs, targets = [], []
    for path in files:
        with Image.open(path) as picture:
            a, b = split_side_by_side(picture, image_size)
        inputs.append(a)
        targets.append(b)
    return hwc_to_chw(np.stack(inputs)), hwc_to_chw(np.stack(targets)), tuple(p.stem for p in files)


def load_pix2pix_folder(root: Path, image_size: int = 128, name: str | None = None) -> PairData:
    """Read ``root/train`` and ``root/test`` (else ``root/val``) of A|B side-by-side images."""
    test_folder = next((root / d for d in ("test", "val") if (root / d).is_dir()), None)
    if not (root / "train").is_dir() or test_folder is None:
        raise DataUnavailableError(
            f"{root} does not hold the pix2pix layout: it needs train/ and test/ (or val/) folders "
            "of images with the input on the left half and the target on the right half"
        )
    train_a, train_b, _ = _read_folder(root / "train", image_size)
    test_a, test_b, test_names = _read_folder(test_folder, image_size)
    return PairData(name or f"folder:{root}", f"A|B pairs from {root}, {image_size} px",
                    train_a, train_b, test_a, test_b, test_names)


def _download_classic(name: str) -> Path:
    """Download and unpack a classic pix2pix set once; return its folder."""
    return download_once(CLASSIC_URL.format(name=name), download_dir() / "pix2pix" / name, ready="train")
