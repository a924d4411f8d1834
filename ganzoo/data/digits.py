"""Digit data sets as tensors in [-1, 1], with a fixed train / held-out split.

``--data`` chooses the source:

* ``mnist``          10,000 real MNIST digits: the first 10,000 official training images,
                     grouped by class. Read from ``$GANZOO_DATA/mnist/mnist_npm10k.npz`` or the
                     ``shared/data`` folder beside the repository when there is one, otherwise
                     downloaded once through torchvision (the same 10,000 images, in the same order).
* ``mnist-download`` the full 70,000-digit MNIST through torchvision (``download=True``),
                     for users with internet.
* ``fashion-mnist``  Fashion-MNIST from Debian's ``dataset-fashion-mnist`` idx files,
                     else through torchvision's download.
* ``synthetic``      a few hundred made-up "digits" (a bar whose angle encodes the class),
                     so tests and smoke runs need no data at all.

The held-out split never feeds a generator or the judge classifier's training: it is what
the metrics score against.
"""

from __future__ import annotations

import gzip
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from ganzoo.errors import DataUnavailableError, InvalidInputError
from ganzoo.paths import download_dir, shared_data_dir

DATA_SOURCES = ("mnist", "mnist-download", "fashion-mnist", "synthetic")
DESCRIPTIONS = {
    "mnist": "10,000 real MNIST digits (28x28): the first 10,000 official training images, grouped by class",
    "mnist-download": "MNIST, 70,000 digits, downloaded by torchvision",
    "fashion-mnist": "Fashion-MNIST, 70,000 clothing images (Debian dataset-fashion-mnist or torchvision)",
    "synthetic": "400 made-up bar images, 40 per class (for tests)",
}
DIGITS = tuple(str(d) for d in range(10))
FASHION_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)
HOLDOUT_PER_CLASS = 200
SYNTHETIC_HOLDOUT_PER_CLASS = 10  # of 40 made-up examples per class
FASHION_IDX_DIR = Path("/usr/share/datasets/fashion-mnist")


@dataclass(frozen=True)
class DigitData:
    """Images (N, 1, 28, 28) float in [-1, 1] and labels (N,) int64, split in two."""

    name: str
    train_images: torch.Tensor
    train_labels: torch.Tensor
    holdout_images: torch.Tensor
    holdout_labels: torch.Tensor

    def train_dataset(self) -> torch.utils.data.TensorDataset:
        return torch.utils.data.TensorDataset(self.train_images, self.train_labels)


def class_names(source: str) -> tuple[str, ...]:
    """What labels 0..9 mean in ``source``: digits, or Fashion-MNIST's garments."""
    if source not in DATA_SOURCES:
        raise InvalidInputError(f"unknown data source {source!r}; choose one of {DATA_SOURCES}")
    return FASHION_CLASSES if source == "fashion-mnist" else DIGITS


def uint8_to_unit_range(images: np.ndarray) -> torch.Tensor:
    """uint8 (N, 28, 28) in 0..255 -> float (N, 1, 28, 28) in [-1, 1], the range tanh outputs."""
    return torch.from_numpy(images.astype(np.float32) / 127.5 - 1.0).unsqueeze(1)


def split_last_per_class(
    images: torch.Tensor, labels: torch.Tensor, holdout_per_class: int
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    """Hold out the last ``holdout_per_class`` examples of every class (a fixed, seed-free split)."""
    holdout = torch.zeros(len(labels), dtype=torch.bool)
    for c in labels.unique():
        idx = (labels == c).nonzero().flatten()
        holdout[idx[-holdout_per_class:]] = True
    return images[~holdout], labels[~holdout], images[holdout], labels[holdout]


def load_digits(source: str = "mnist", holdout_per_class: int | None = None) -> DigitData:
    """Load ``source`` (one of ``DATA_SOURCES``) and split it into train and held-out parts.

    By default 200 examples of each class are held out (10 for ``synthetic``).
    """
    loaders = {
        "mnist": _load_local_mnist,
        "mnist-download": _load_torchvision_mnist,
        "fashion-mnist": _load_fashion_mnist,
        "synthetic": _make_synthetic_digits,
    }
    if source not in loaders:
        raise InvalidInputError(f"unknown data source {source!r}; choose one of {DATA_SOURCES}")
    images, labels = loaders[source]()
    if holdout_per_class is None:
        holdout_per_class = SYNTHETIC_HOLDOUT_PER_CLASS if source == "synthetic" else HOLDOUT_PER_CLASS
    return DigitData(source, *split_last_per_class(images, labels, holdout_per_class))


MNIST_SUBSET = 10_000


def _load_local_mnist() -> tuple[torch.Tensor, torch.Tensor]:
    """The local copy if there is one, else the same images from torchvision's download."""
    path = shared_data_dir() / "mnist" / "mnist_npm10k.npz"
    if path.exists():
        with np.load(path) as npz:
            return uint8_to_unit_range(npz["images"]), torch.from_numpy(npz["labels"].astype(np.int64))
    try:
        images, labels = _torchvision_parts("mnist", train_only=True)
    except DataUnavailableError as exc:
        raise DataUnavailableError(
            f"MNIST is neither on this machine nor downloadable. Without internet, set GANZOO_DATA to a "
            f"folder holding mnist/mnist_npm10k.npz ({exc})"
        ) from None
    # The first 10,000 official training images, grouped by class with a stable sort: exactly
    # the local file's images in the local file's order, so the held-out split is the same.
    images, labels = images[:MNIST_SUBSET], labels[:MNIST_SUBSET]
    order = torch.from_numpy(np.argsort(labels.numpy(), kind="stable"))
    return images[order], labels[order]


def _torchvision_parts(name: str, train_only: bool = False) -> tuple[torch.Tensor, torch.Tensor]:
    """Images (N, 1, 28, 28) in [-1, 1] and labels through torchvision's download (train, then test)."""
    # Imported here so that the rest of ganzoo works where torchvision's datasets are unused.
    from torchvision import datasets

    cls = {"mnist": datasets.MNIST, "fashion-mnist": datasets.FashionMNIST}[name]
    root = download_dir() / name
    try:
        parts = [cls(root, train=train, download=True) for train in ((True,) if train_only else (True, False))]
    except Exception as exc:  # torchvision raises URLError, RuntimeError, ... when offline
        # torchvision lists every mirror it tried; the last line says why the last one failed.
        reason = [line.strip() for line in str(exc).splitlines() if line.strip(" )")][-1:] or [type(exc).__name__]
        raise DataUnavailableError(f"could not download {name} ({reason[0]})") from exc
    images = torch.cat([p.data for p in parts]).numpy()
    labels = torch.cat([p.targets for p in parts]).long()
    return uint8_to_unit_range(images), labels


def _torchvision_dataset(name: str) -> tuple[torch.Tensor, torch.Tensor]:
    return _torchvision_parts(name)


def _load_torchvision_mnist() -> tuple[torch.Tensor, torch.Tensor]:
    return _torchvision_dataset("mnist")


def read_idx(path: Path) -> np.ndarray:
    """Read a (gzipped) idx file, the format MNIST and Fashion-MNIST are published in."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def _load_fashion_mnist() -> tuple[torch.Tensor, torch.Tensor]:
    files = ["train-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte.gz"]
    if not all((FASHION_IDX_DIR / f).exists() for f in files):
        return _torchvision_dataset("fashion-mnist")
    images = np.concatenate([read_idx(FASHION_IDX_DIR / f) for f in files])
    labels = np.concatenate(
        [read_idx(FASHION_IDX_DIR / f.replace("images-idx3", "labels-idx1")) for f in files]
    )
    return uint8_to_unit_range(images), torch.from_numpy(labels.astype(np.int64))


def _make_synthetic_digits(per_class: int = 40) -> tuple[torch.Tensor, torch.Tensor]:
    """Bars through the centre at 10 angles, one per class, with a little jitter."""
    g = torch.Generator().manual_seed(0)
    ys, xs = torch.meshgrid(torch.arange(28.0), torch.arange(28.0), indexing="ij")
    images, labels = [], []
    for c in range(10):
        for _ in range(per_class):
            angle = math.pi * c / 10 + 0.05 * torch.randn(1, generator=g).item()
            dx, dy = 13.5 + torch.randn(2, generator=g)
            distance = (xs - dx) * math.sin(angle) - (ys - dy) * math.cos(angle)
            images.append((distance.abs() < 1.5).float() * 2 - 1)
            labels.append(c)
    return torch.stack(images).unsqueeze(1), torch.tensor(labels)
