"""Two unpaired image sets (domain A, domain B) for CycleGAN, with a fixed train / test split.

``--data`` chooses the source:

* ``noto-twemoji``  3,786 emoji drawn in Google's Noto style (A: shaded, 3-D look) and in
                    Twitter's Twemoji style (B: flat colours), 64 px on white; 3,436 train / 350
                    test. Found in ``$GANZOO_DATA/emoji-noto-twemoji/`` or the ``shared/data``
                    folder beside the repository.
* ``fluent-openmoji`` Microsoft Fluent Emoji's 3-D renders (A: shaded and lit, no outlines) and
                    OpenMoji's colour emoji (B: flat colours with thick black outlines), 128 px on
                    white, matched by codepoint (FE0F ignored, no skin tones): 1,423 train / 175
                    test emoji by the emoji sets' common split rule. Trained unpaired; the test
                    rows are true pairs, for scoring only.
* ``folder:PATH``   the standard CycleGAN layout users already have: ``PATH/trainA``,
                    ``PATH/trainB``, ``PATH/testA``, ``PATH/testB`` (as in horse2zebra); each
                    image is centre-cropped to a square.
* ``horse2zebra``, ``monet2photo``, ``apple2orange``, ``summer2winter_yosemite``  classic
                    CycleGAN sets, downloaded once (internet needed), then read as ``folder:``.

Row i of the Noto and Twemoji arrays is the same emoji, which the *evaluation* uses (a
translation can be scored against the true counterpart). Training must not see that
pairing: ``UnpairedData.train_dataset`` puts B in an order of its own (see there).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from ganzoo.data.download import download_once
from ganzoo.data.pairs import IMAGE_SUFFIXES, hwc_to_chw, resized
from ganzoo.errors import DataUnavailableError, InvalidInputError
from ganzoo.image_input import fill_square, read_image
from ganzoo.paths import download_dir, shared_data_dir

UNPAIRED_SOURCES = ("noto-twemoji", "fluent-openmoji", "folder:PATH", "horse2zebra", "monet2photo", "apple2orange",
                    "summer2winter_yosemite")
CLASSIC_SETS = UNPAIRED_SOURCES[3:]
# Where the CycleGAN authors publish their sets (zip of trainA/ trainB/ testA/ testB/).
CLASSIC_URL = "http://efrosgans.eecs.berkeley.edu/cyclegan/datasets/{name}.zip"
NOTO_CREDIT = "Noto Emoji, Copyright Google Inc. License: Apache 2.0"
TWEMOJI_CREDIT = "Twemoji, Copyright Twitter, Inc and other contributors. License: CC BY 4.0"
EMOJI_SIZE = 64


@dataclass(frozen=True)
class UnpairedData:
    """uint8 images (N, 3, H, W) of two domains. ``test_paired``: test row i of A and B show the same thing."""

    name: str
    description: str
    domain_names: tuple[str, str]
    train_a: torch.Tensor
    train_b: torch.Tensor
    test_a: torch.Tensor
    test_b: torch.Tensor
    test_paired: bool = False
    test_names: tuple[str, ...] = ()

    def train_dataset(self, seed: int = 0) -> torch.utils.data.TensorDataset:
        """(A, B) rows in which B never sits beside its true counterpart.

        No CycleGAN loss compares an x with the y of its row (every term looks at one domain,
        or at an image and its own round trip), so the row only decides which images share a
        batch. Still, B is put in a random order of its own, drawn once from ``seed``, so that
        true pairs never even share a batch; the training loop then shuffles the rows every
        epoch. When the domains differ in size, the smaller one is repeated to the larger's.
        """
        n = max(len(self.train_a), len(self.train_b))
        order = torch.randperm(n, generator=torch.Generator().manual_seed(seed + 1))
        b_rows = order % len(self.train_b)
        a_rows = torch.arange(n) % len(self.train_a)
        if self.test_paired or len(self.train_a) == len(self.train_b):
            # A derangement: a random order with no fixed point, so no row i meets B's row i.
            fixed = b_rows == a_rows
            b_rows[fixed] = (b_rows[fixed] + 1) % len(self.train_b)
        return torch.utils.data.TensorDataset(self.train_a[a_rows], self.train_b[b_rows])


def load_unpaired(source: str, image_size: int | None = None) -> UnpairedData:
    """Load ``source`` (see the module docstring); ``image_size`` defaults to 64 (emoji) / 128 (folders)."""
    if source == "noto-twemoji":
        return _load_noto_twemoji(image_size or EMOJI_SIZE)
    if source == "fluent-openmoji":
        return _load_fluent_openmoji(image_size or 128)
    if source.startswith("folder:"):
        return load_cyclegan_folder(Path(source[len("folder:"):]), image_size or 128)
    if source in CLASSIC_SETS:
        return load_cyclegan_folder(_download_classic(source), image_size or 128, name=source)
    raise InvalidInputError(f"unknown unpaired data source {source!r}; choose one of {UNPAIRED_SOURCES}")


def emoji_dir() -> Path:
    return shared_data_dir() / "emoji-noto-twemoji"


def _load_noto_twemoji(image_size: int) -> UnpairedData:
    folder = emoji_dir()
    files = [folder / f"emoji64_{part}.npz" for part in ("train", "test")]
    if not all(f.exists() for f in files):
        raise DataUnavailableError(
            f"Noto/Twemoji emoji not found in {folder}; set GANZOO_DATA to the folder that holds "
            "emoji-noto-twemoji/emoji64_{train,test}.npz, or train on your own sets with "
            "--data folder:PATH (PATH/trainA, trainB, testA, testB), or on --data horse2zebra "
            "(downloaded) on a machine with internet"
        )
    parts = []
    for f in files:
        with np.load(f) as z:
            parts.append((hwc_to_chw(z["noto"]), hwc_to_chw(z["twemoji"]), tuple(z["short_names"])))
    (train_a, train_b, _), (test_a, test_b, test_names) = parts
    train_a, train_b, test_a, test_b = resized((train_a, train_b, test_a, test_b), image_size, EMOJI_SIZE)
    return UnpairedData(
        "noto-twemoji",
        f"emoji {image_size} px, A = Noto ({NOTO_CREDIT}), B = Twemoji ({TWEMOJI_CREDIT}); "
        "trained unpaired (B in its own random order)",
        ("Noto", "Twemoji"), train_a, train_b, test_a, test_b, test_paired=True, test_names=test_names,
    )


def emoji_key(codepoints: str) -> str:
    """The key both emoji sets share: codepoints upper-cased, FE0F (the emoji presentation selector) dropped."""
    parts = codepoints.upper().replace("_", "-").split("-")
    return "-".join(p.lstrip("0") or "0" for p in parts if p != "FE0F")


def fluent_rows_by_key(fluent: dict[str, np.ndarray]) -> dict[str, int]:
    """Row of each emoji in the Fluent arrays, by ``emoji_key`` (the key OpenMoji's names map to)."""
    return {emoji_key(c): i for i, c in enumerate(fluent["codepoint"])}


def _load_fluent_openmoji(image_size: int) -> UnpairedData:
    from ganzoo.data.pairs import FLUENT_CREDIT, OPENMOJI_CREDIT, openmoji_dir, read_fluent_renders

    fluent = read_fluent_renders()
    fluent_rows = fluent_rows_by_key(fluent)
    parts = {}
    for split in ("train", "test"):
        path = openmoji_dir() / f"openmoji_128_{split}.npz"
        if not path.exists():
            raise DataUnavailableError(f"OpenMoji colour emoji not found at {path}; set GANZOO_DATA to the folder "
                                       "that holds openmoji-pairs/ and fluent-emoji/")
        with np.load(path) as z:
            keep = [i for i, (name, tone) in enumerate(zip(z["names"], z["skintone"], strict=True))
                    if not tone and emoji_key(str(name)) in fluent_rows
                    and fluent["split"][fluent_rows[emoji_key(str(name))]] == split]
            openmoji = z["color"][keep]
            rows = [fluent_rows[emoji_key(str(z["names"][i]))] for i in keep]
            names = tuple(str(z["names"][i]) for i in keep)
        parts[split] = (hwc_to_chw(fluent["render3d"][rows]), hwc_to_chw(openmoji), names)
    (train_a, train_b, _), (test_a, test_b, test_names) = parts["train"], parts["test"]
    train_a, train_b, test_a, test_b = resized((train_a, train_b, test_a, test_b), image_size, 128)
    return UnpairedData(
        "fluent-openmoji",
        f"emoji {image_size} px, A = Fluent 3-D renders ({FLUENT_CREDIT}), B = OpenMoji colour ({OPENMOJI_CREDIT}); "
        "trained unpaired (B in its own random order)",
        ("Fluent 3-D", "OpenMoji"), train_a, train_b, test_a, test_b, test_paired=True, test_names=test_names,
    )


def fluent_flat_renderings(names: tuple[str, ...], image_size: int = 128) -> tuple[torch.Tensor, torch.Tensor]:
    """Fluent's own *flat* rendering of each emoji of ``names`` (the ``fluent-openmoji`` test names):
    uint8 (N, 3, S, S), white where an emoji has none, and a bool mask (N,) of the rows that have one.

    Same designers, same drawing as the 3-D render, flat colours: what a swap that changed the style
    and nothing else would draw (``ganzoo.metrics.cyclegan.same_drawing_reference``)."""
    from ganzoo.data.pairs import read_fluent_renders

    fluent = read_fluent_renders()
    rows = fluent_rows_by_key(fluent)
    picked = [rows[emoji_key(name)] for name in names]
    flat = hwc_to_chw(fluent["flat"][picked])
    (flat,) = resized((flat,), image_size, 128)
    return flat, torch.from_numpy(fluent["has_flat"][picked].astype(bool))


def _read_domain(folder: Path, image_size: int) -> torch.Tensor:
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if not files:
        raise DataUnavailableError(f"no images ({', '.join(IMAGE_SUFFIXES)}) in {folder}")
    arrays = [np.asarray(fill_square(read_image(path, what=path.name), image_size)) for path in files]
    return hwc_to_chw(np.stack(arrays))


def load_cyclegan_folder(root: Path, image_size: int = 128, name: str | None = None) -> UnpairedData:
    """Read ``root/{trainA,trainB,testA,testB}``: four folders of images, the domains unpaired."""
    parts = ("trainA", "trainB", "testA", "testB")
    missing = [p for p in parts if not (root / p).is_dir()]
    if missing:
        raise DataUnavailableError(
            f"{root} does not hold the CycleGAN layout: it needs the folders {', '.join(parts)} "
            f"(missing: {', '.join(missing)})"
        )
    train_a, train_b, test_a, test_b = (_read_domain(root / p, image_size) for p in parts)
    return UnpairedData(name or f"folder:{root}", f"unpaired images from {root}, {image_size} px",
                        ("A", "B"), train_a, train_b, test_a, test_b)


def _download_classic(name: str) -> Path:
    """Download and unpack a classic CycleGAN set once; return its folder."""
    return download_once(CLASSIC_URL.format(name=name), download_dir() / "cyclegan" / name, ready="trainA")
