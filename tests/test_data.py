import gzip
import struct

import numpy as np
import pytest
import torch

from ganzoo import data
from ganzoo.data import digits
from ganzoo.data.clusters import kmeans
from ganzoo.errors import DataUnavailableError, InvalidInputError


def test_synthetic_digits_have_disjoint_train_validation_and_test_parts_in_unit_range():
    d = data.load_digits("synthetic")
    assert d.train_images.shape == (250, 1, 28, 28) and d.validation_images.shape == (50, 1, 28, 28)
    assert d.test_images.shape == (100, 1, 28, 28)
    assert d.train_images.min() == -1 and d.train_images.max() == 1
    assert torch.equal(d.test_labels.bincount(), torch.full((10,), 10))
    assert torch.equal(d.validation_labels.bincount(), torch.full((10,), 5))


def test_split_holds_out_the_last_examples_of_each_class():
    images = torch.arange(12.0).view(12, 1, 1, 1)
    labels = torch.tensor([0, 1] * 6)
    _, train_y, hold_x, hold_y = data.split_last_per_class(images, labels, 2)
    assert hold_x.flatten().tolist() == [8, 9, 10, 11]
    assert len(train_y) == 8 and set(hold_y.tolist()) == {0, 1}


def test_uint8_maps_to_minus_one_and_one():
    x = data.uint8_to_unit_range(np.array([[[0, 255]]], dtype=np.uint8))
    assert x.shape == (1, 1, 1, 2) and x.flatten().tolist() == [-1.0, 1.0]


def test_read_idx_reads_the_mnist_file_format(tmp_path):
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    path = tmp_path / "x-idx3-ubyte.gz"
    with gzip.open(path, "wb") as f:
        f.write(struct.pack(">BBBB", 0, 0, 0x08, 3) + struct.pack(">III", 2, 3, 4) + images.tobytes())
    assert np.array_equal(data.read_idx(path), images)


def offline(name):
    raise DataUnavailableError(f"could not download {name}: no network")


def test_unknown_source_and_unobtainable_mnist_are_clear_errors(tmp_path, monkeypatch):
    with pytest.raises(InvalidInputError, match="unknown data source"):
        data.load_digits("cifar")
    monkeypatch.setenv("GANZOO_DATA", str(tmp_path))
    monkeypatch.setattr(digits, "_torchvision_parts", offline)
    with pytest.raises(DataUnavailableError, match="set GANZOO_DATA"):
        data.load_digits("mnist")


def fake_official_split(train_size=12_000, test_size=2_000):
    """Stand-ins for the official parts: image i holds the number i (train) or -1 - i (test)."""
    train = (torch.arange(train_size, dtype=torch.float32).view(-1, 1, 1, 1), torch.arange(train_size) % 10)
    test = (-1 - torch.arange(test_size, dtype=torch.float32).view(-1, 1, 1, 1), torch.arange(test_size) % 10)
    return train, test


def test_without_a_local_copy_mnist_is_the_downloaded_official_split(tmp_path, monkeypatch):
    """A user's clone has no shared/ folder: --data mnist then downloads, and gets the same split."""
    monkeypatch.setenv("GANZOO_DATA", str(tmp_path))
    monkeypatch.setattr(digits, "_torchvision_parts", lambda name: fake_official_split())
    d = data.load_digits("mnist")
    assert len(d.train_labels) == 12_000 - 5_000 and len(d.validation_labels) == 5_000
    assert torch.equal(d.validation_labels.bincount(), torch.full((10,), 500))
    assert (d.test_images < 0).all() and len(d.test_labels) == 2_000  # the official test part, untouched
    assert (torch.cat([d.train_images, d.validation_images]) >= 0).all()  # nothing of the test part trains
    assert d.validation_images.min() >= d.train_images.max() - 9  # validation = the last 500 of each class


def test_local_mnist_file_is_read_as_the_official_split(tmp_path, monkeypatch):
    (tmp_path / "mnist").mkdir()
    rng = np.random.default_rng(0)
    arrays = {"x_train": rng.integers(0, 256, (6_000, 28, 28), dtype=np.uint8), "y_train": np.arange(6_000) % 10,
              "x_test": rng.integers(0, 256, (100, 28, 28), dtype=np.uint8), "y_test": np.arange(100) % 10}
    np.savez(tmp_path / "mnist" / "mnist.npz", **arrays)
    monkeypatch.setenv("GANZOO_DATA", str(tmp_path))
    d = data.load_digits("mnist")
    assert len(d.train_labels) == 1_000 and len(d.validation_labels) == 5_000 and len(d.test_labels) == 100
    assert torch.equal(d.test_images, data.uint8_to_unit_range(arrays["x_test"]))


@pytest.mark.skipif(not (data.shared_data_dir() / "mnist" / "mnist.npz").exists(),
                    reason="shared MNIST not beside the repo")
def test_shared_mnist_is_55000_train_5000_validation_and_the_10000_official_test_digits():
    d = data.load_digits("mnist")
    assert d.train_images.shape == (55_000, 1, 28, 28) and len(d.validation_labels) == 5_000
    assert torch.equal(d.validation_labels.bincount(), torch.full((10,), 500))
    assert d.test_labels.bincount().tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def test_fashion_mnist_idx_files_give_the_official_split(tmp_path, monkeypatch):
    def write(name, array):
        with gzip.open(tmp_path / name, "wb") as f:
            dims = struct.pack(">" + "I" * array.ndim, *array.shape)
            f.write(struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + dims + array.astype(np.uint8).tobytes())

    for prefix, n, value in (("train", 5_100, 10), ("t10k", 30, 200)):
        write(f"{prefix}-images-idx3-ubyte.gz", np.full((n, 28, 28), value))
        write(f"{prefix}-labels-idx1-ubyte.gz", np.arange(n) % 10)
    monkeypatch.setattr(digits, "FASHION_IDX_DIR", tmp_path)
    d = data.load_digits("fashion-mnist")
    assert len(d.train_labels) == 100 and len(d.validation_labels) == 5_000 and len(d.test_labels) == 30
    assert (d.test_images > 0.5).all() and (torch.cat([d.train_images, d.validation_images]) < 0).all()


def test_class_names_follow_the_data_source():
    assert data.class_names("mnist") == tuple("0123456789")
    fashion = data.class_names("fashion-mnist")
    assert len(fashion) == 10 and fashion[0] == "T-shirt/top" and fashion[9] == "Ankle boot"
    with pytest.raises(InvalidInputError, match="unknown data source"):
        data.class_names("cifar")


def test_kmeans_finds_well_separated_groups_and_is_seeded():
    generator = torch.Generator().manual_seed(0)
    centres = torch.tensor([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    truth = torch.arange(300) % 3
    points = centres[truth] + 0.5 * torch.randn(300, 2, generator=generator)
    labels, found = kmeans(points, 3, seed=0)
    # Each true group is one cluster (whatever its number), and the centres are the group means.
    assert all(len(labels[truth == g].unique()) == 1 for g in range(3))
    assert len(labels.unique()) == 3
    assert torch.cdist(found, centres).min(1).values.max() < 0.3
    assert torch.equal(labels, kmeans(points, 3, seed=0)[0])


def test_kmeans_uses_every_cluster_and_refuses_impossible_k():
    images = torch.rand(50, 1, 4, 4, generator=torch.Generator().manual_seed(0))
    labels, _ = kmeans(images, 7)
    assert torch.bincount(labels, minlength=7).min() >= 1
    with pytest.raises(ValueError, match="k must be between 1"):
        kmeans(images, 51)


FLUENT = data.shared_data_dir() / "fluent-emoji" / "fluent_128.npz"


@pytest.mark.skipif(not FLUENT.exists(), reason="needs ../shared/data/fluent-emoji")
def test_fluent_pairs_are_brush_wide_line_drawings_of_their_renders():
    from ganzoo.data.pairs import load_pairs

    pairs = load_pairs("fluent")
    assert len(pairs.train_inputs) == 1438 and len(pairs.test_inputs) == 177  # the shared split rule
    sketch = pairs.test_inputs.float() / 255
    ink = (sketch < 0.5).float().mean((1, 2, 3))
    assert ((ink > 0.01) & (ink < 0.35)).all()  # lines, neither empty nor filled
    assert set(torch.unique(pairs.test_inputs).tolist()) == {0, 255}  # black strokes on white
    # Every stroke is at least the brush's width: no one-pixel-wide runs of ink across a line.
    dark = (sketch[:, 0] < 0.5).numpy()
    lone = dark[:, 1:-1, :] & ~dark[:, :-2, :] & ~dark[:, 2:, :]
    assert lone.mean() < 0.002


@pytest.mark.skipif(not FLUENT.exists(), reason="needs ../shared/data/fluent-emoji")
def test_fluent_openmoji_domains_share_their_test_emoji_and_train_unpaired():
    from ganzoo.data.unpaired import load_unpaired

    domains = load_unpaired("fluent-openmoji")
    assert len(domains.test_a) == len(domains.test_b) == 175 and domains.test_paired
    assert domains.train_a.shape[1:] == (3, 128, 128)
    unchanged = (domains.test_a.float() - domains.test_b.float()).abs().mean() / 255
    assert 0.18 < unchanged < 0.20  # the shared data's baseline: L1 0.190 for "output = input"
    a, b = domains.train_dataset(0).tensors
    assert not any(torch.equal(a[i], domains.train_a[i]) and torch.equal(b[i], domains.train_b[i])
                   for i in range(len(a)))  # no training row sits beside its true counterpart


@pytest.mark.skipif(not FLUENT.exists(), reason="needs ../shared/data/fluent-emoji")
def test_fluent_flat_renderings_are_the_same_drawings_as_the_3d_test_emoji_and_as_far_from_openmoji():
    """The same-drawing reference of the swap's metrics: each row is its own 3-D render's drawing, in flat
    colours (16 px retrieval finds its own 3-D render), and that drawing is no nearer OpenMoji's."""
    from ganzoo.data.unpaired import fluent_flat_renderings, load_unpaired
    from ganzoo.metrics.cyclegan import retrieval, same_drawing_reference

    domains = load_unpaired("fluent-openmoji")
    flat, has_flat = fluent_flat_renderings(domains.test_names)
    assert flat.shape == domains.test_a.shape and flat.dtype == torch.uint8 and 160 < has_flat.sum() < 175
    own_top1, _ = retrieval(flat[has_flat].float(), domains.test_a[has_flat].float())
    assert own_top1 > 0.9
    reference = same_drawing_reference(domains)
    flat_scores, input_scores = reference["fluent_flat_rendering"], reference["fluent_3d_input"]
    assert flat_scores["l1"] > 0.9 * input_scores["l1"]
    assert flat_scores["retrieval_top1"] < 1.5 * input_scores["retrieval_top1"]
