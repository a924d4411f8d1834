from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest
import torch

from ganzoo import checkpoints
from ganzoo.models import ConditionalGenerator, Generator
from ganzoo.paths import checkpoints_dir

SHIPPED = checkpoints_dir()


@pytest.fixture
def cgen() -> ConditionalGenerator:
    torch.manual_seed(0)
    return ConditionalGenerator(z_dim=16, width=8).eval()


@pytest.fixture
def gen() -> Generator:
    torch.manual_seed(0)
    return Generator(z_dim=16, width=8).eval()


@pytest.fixture
def checkpoint_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cgen, gen) -> Path:
    """A checkpoints folder holding two small untrained generators, made for the test."""
    monkeypatch.setenv("GANZOO_CHECKPOINTS", str(tmp_path))
    checkpoints.export(cgen, "tiny-cgan", "dcgan.ConditionalGenerator", {"z_dim": 16, "width": 8}, {})
    checkpoints.export(gen, "tiny-dcgan", "dcgan.Generator", {"z_dim": 16, "width": 8}, {})
    return tmp_path


@pytest.fixture
def shipped_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the shipped checkpoints, safe to damage."""
    target = tmp_path / "checkpoints"
    shutil.copytree(SHIPPED, target)
    monkeypatch.setenv("GANZOO_CHECKPOINTS", str(target))
    return target


@pytest.fixture(scope="module")
def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
