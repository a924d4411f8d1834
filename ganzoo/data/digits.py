"""Digit data sets as tensors in [-1, 1], on the official train / test split.

Every source gives three disjoint parts:

* **train**       what the networks learn from: the official training images minus ...
* **validation**  ... the last 500 of each class of the official training images, kept apart
                  for every choice made while building a model (epochs, widths, losses);
* **test**        the official 10,000-image test set: only the reported figures look at it.

``--data`` chooses the source:

* ``mnist``          MNIST, 60,000 train / 10,000 test. Read from ``$GANZOO_DATA/mnist/mnist.npz``
                     or the ``shared/data`` folder beside the repository when there is one,
                     otherwise downloaded once through torchvision (the same images, same split).
* ``mnist-download`` the same MNIST, always through torchvision's download (for users with internet).
* ``fashion-mnist``  Fashion-MNIST, 60,000 train / 10,000 test, from Debian's
                     ``dataset-fashion-mnist`` idx files, else through torchvision's download.
* ``synthetic``      a few hundred made-up "digits" (a bar whose angle encodes the class),
                     so tests and smoke runs need no data at all.
"""

from __future__ import annotations

import gzip
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from ganzoo.data.download import import_torchvision
from ganzoo.errors import DataUnavailableError, InvalidInputError
from ganzoo.paths import download_dir, shared_data_dir

DATA_SOURCES = ("mnist", "mnist-download", "fashion-mnist", "synthetic")
DESCRIPTIONS = {
    "mnist": "MNIST (28x28): official 60,000 training digits (55,000 train + 5,000 validation) "
             "and the official 10,000 test digits",
    "mnist-download": "MNIST downloaded by torchvision: the same official split",
    "fashion-mnist": "Fashion-MNIST (28x28): official 60,000 training images (55,000 train + 5,000 validation) "
                     "and the official 10,000 test images (Debian dataset-fashion-mnist or torchvision)",
    "synthetic": "400 made-up bar images, 40 per class (for tests)",
}
DIGITS = tuple(str(d) for d in range(10))
FASHION_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)
VALIDATION_PER_CLASS = 500
SYNTHETIC_PER_CLASS = 40  # made-up examples per class: 25 train, 5 validation, 10 test
SYNTHETIC_VALIDATION_PER_CLASS = 5
SYNTHETIC_TEST_PER_CLASS = 10
FASHION_IDX_DIR = Path("/usr/share/datasets/fashion-mnist")

Split = tuple[torch.Tensor, torch.Tensor]  # images (N, 1, 28, 28) in [-1, 1], labels (N,) int64


@dataclass(frozen=True)
class DigitData:
    """Images (N, 1, 28, 28) float in [-1, 1] and labels (N,) int64: train, validation and test."""

    name: str
    train_images: torch.Tensor
    train_labels: torch.Tensor
    validation_images: torch.Tensor
    validation_labels: torch.Tensor
    test_images: torch.Tensor
    test_labels: torch.Tensor

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


def load_digits(source: str = "mnist", validation_per_class: int | None = None) -> DigitData:
    """Load ``source`` (one of ``DATA_SOURCES``): its train, validation and test parts.

    The test part is the data set's official test split; validation is the last 500 examples of
    each class of the official training split (5 for ``synthetic``), and train is the rest.
    """
    loaders = {
        "mnist": _load_local_mnist,
        "mnist-download": lambda: _torchvision_parts("mnist"),
        "fashion-mnist": _load_fashion_mnist,
        "synthetic": _make_synthetic_digits,
    }
    if source not in loaders:
        raise InvalidInputError(f"unknown data source {source!r}; choose one of {DATA_SOURCES}")
    (train_images, train_labels), test = loaders[source]()
    if validation_per_class is None:
        validation_per_class = SYNTHETIC_VALIDATION_PER_CLASS if source == "synthetic" else VALIDATION_PER_CLASS
    return DigitData(source, *split_last_per_class(train_images, train_labels, validation_per_class), *test)


def _load_local_mnist() -> tuple[Split, Split]:
    """The local copy if there is one, else the same official split from torchvision's download."""
    path = shared_data_dir() / "mnist" / "mnist.npz"
    if path.exists():
        with np.load(path) as npz:
            return tuple(  # type: ignore[return-value]
                (uint8_to_unit_range(npz[f"x_{part}"]), torch.from_numpy(npz[f"y_{part}"].astype(np.int64)))
                for part in ("train", "test")
            )
    try:
        return _torchvision_parts("mnist")
    except DataUnavailableError as exc:
        raise DataUnavailableError(
            f"MNIST is neither on this machine nor downloadable. Without internet, set GANZOO_DATA to a "
            f"folder holding mnist/mnist.npz (x_train, y_train, x_test, y_test) ({exc})"
        ) from None


def _torchvision_parts(name: str) -> tuple[Split, Split]:
    """(train, test) through torchvision's download, each images in [-1, 1] and labels."""
    datasets = import_torchvision(name).datasets

    cls = {"mnist": datasets.MNIST, "fashion-mnist": datasets.FashionMNIST}[name]
    root = download_dir() / name
    try:
        parts = [cls(root, train=train, download=True) for train in (True, False)]
    except Exception as exc:  # torchvision raises URLError, RuntimeError, ... when offline
        # torchvision lists every mirror it tried; the last line says why the last one failed.
        reason = [line.strip() for line in str(exc).splitlines() if line.strip(" )")][-1:] or [type(exc).__name__]
        raise DataUnavailableError(f"could not download {name} ({reason[0]})") from exc
    train, test = ((uint8_to_unit_range(p.data.numpy()), p.targets.long()) for p in parts)
    return train, test


def read_idx(path: Path) -> np.ndarray:
    """Read a (gzipped) idx file, the format MNIST and Fashion-MNIST are published in."""
    with gzip.open(path, "rb") as f:
        raw = f.read()
    ndim = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * ndim).reshape(shape)


def _load_fashion_mnist() -> tuple[Split, Split]:
    prefixes = ("train", "t10k")
    files = [f"{p}-{kind}" for p in prefixes for kind in ("images-idx3-ubyte.gz", "labels-idx1-ubyte.gz")]
    if not all((FASHION_IDX_DIR / f).exists() for f in files):
        return _torchvision_parts("fashion-mnist")
    train, test = (
        (
            uint8_to_unit_range(read_idx(FASHION_IDX_DIR / f"{p}-images-idx3-ubyte.gz")),
            torch.from_numpy(read_idx(FASHION_IDX_DIR / f"{p}-labels-idx1-ubyte.gz").astype(np.int64)),
        )
        for p in prefixes
    )
    return train, test


def _make_synthetic_digits() -> tuple[Split, Split]:
    """Bars through the centre at 10 angles, one per class, with a little jitter; the last
    ``SYNTHETIC_TEST_PER_CLASS`` of each class are its "test set"."""
    g = torch.Generator().manual_seed(0)
    ys, xs = torch.meshgrid(torch.arange(28.0), torch.arange(28.0), indexing="ij")
    images, labels = [], []
    for c in range(10):
        for _ in range(SYNTHETIC_PER_CLASS):
            angle = math.pi * c / 10 + 0.05 * torch.randn(1, generator=g).item()
            dx, dy = 13.5 + torch.randn(2, generator=g)
            distance = (xs - dx) * math.sin(angle) - (ys - dy) * math.cos(angle)
            images.append((distance.abs() < 1.5).float() * 2 - 1)
            labels.append(c)
    train_x, train_y, test_x, test_y = split_last_per_class(
        torch.stack(images).unsqueeze(1), torch.tensor(labels), SYNTHETIC_TEST_PER_CLASS
    )
    return (train_x, train_y), (test_x, test_y)


def dataset_card(source: str, data: DigitData) -> dict[str, object]:
    """The digit and garment sets: the official split, with the validation part every choice was made on."""
    return {
        "source": source,
        "description": DESCRIPTIONS[source],
        "train_examples": len(data.train_labels),
        "validation": f"last {len(data.validation_labels) // 10} of each class of the official training split "
                      f"({len(data.validation_labels)} examples): every choice was made on these, never trained on",
        "test": f"the official test split ({len(data.test_labels)} examples): only the reported metrics use it",
    }
