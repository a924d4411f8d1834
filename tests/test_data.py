import gzip
import struct

import numpy as np
import pytest
import torch

from ganzoo import data
from ganzoo.data import digits
from ganzoo.errors import DataUnavailableError, InvalidInputError


def test_synthetic_digits_are_split_by_class_in_unit_range():
    d = data.load_digits("synthetic")
    assert d.train_images.shape == (300, 1, 28, 28) and d.holdout_images.shape == (100, 1, 28, 28)
    assert d.train_images.min() == -1 and d.train_images.max() == 1
    assert torch.equal(d.holdout_labels.bincount(), torch.full((10,), 10))


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


def offline(name, train_only=False):
    raise DataUnavailableError(f"could not download {name}: no network")


def test_unknown_source_and_unobtainable_mnist_are_clear_errors(tmp_path, monkeypatch):
    with pytest.raises(InvalidInputError, match="unknown data source"):
        data.load_digits("cifar")
    monkeypatch.setenv("GANZOO_DATA", str(tmp_path))
    monkeypatch.setattr(digits, "_torchvision_parts", offline)
    with pytest.raises(DataUnavailableError, match="set GANZOO_DATA"):
        data.load_digits("mnist")


def test_without_a_local_copy_mnist_is_the_first_10000_downloaded_training_digits(tmp_path, monkeypatch):
    """A user's clone has no shared/ folder: --data mnist then downloads, and gets the same split."""
    monkeypatch.setenv("GANZOO_DATA", str(tmp_path))
    official = torch.arange(12_000, dtype=torch.float32).view(-1, 1, 1, 1)
    labels = torch.arange(12_000) % 10
    monkeypatch.setattr(digits, "_torchvision_parts", lambda name, train_only=False: (official, labels))
    d = data.load_digits("mnist")
    assert len(d.train_labels) + len(d.holdout_labels) == 10_000
    everything = torch.cat([d.train_images, d.holdout_images]).flatten()
    assert everything.max() < 10_000  # only the first 10,000 official images
    assert torch.equal(d.holdout_labels.bincount(), torch.full((10,), 200))


@pytest.mark.skipif(not (data.shared_data_dir() / "mnist").exists(), reason="shared MNIST not beside the repo")
def test_local_mnist_has_8000_train_and_2000_held_out_digits():
    d = data.load_digits("mnist")
    assert d.train_images.shape == (8000, 1, 28, 28)
    assert torch.equal(d.holdout_labels.bincount(), torch.full((10,), 200))


def test_class_names_follow_the_data_source():
    assert data.class_names("mnist") == tuple("0123456789")
    fashion = data.class_names("fashion-mnist")
    assert len(fashion) == 10 and fashion[0] == "T-shirt/top" and fashion[9] == "Ankle boot"
    with pytest.raises(InvalidInputError, match="unknown data source"):
        data.class_names("cifar")
