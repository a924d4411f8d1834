from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
import torch

from ganzoo import checkpoints
from ganzoo.models import ConditionalGenerator, Generator
from ganzoo.paths import REPO_ROOT, checkpoints_dir

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


def _free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def free_port() -> int:
    return _free_port()


@dataclass(frozen=True)
class ServedApp:
    url: str
    log_path: Path
    temp_dir: Path  # GRADIO_TEMP_DIR of the server: Gradio's cache of files sent to browsers


@pytest.fixture(scope="session")
def served_app(tmp_path_factory) -> ServedApp:
    """The real app (python app.py) on a free port, for gradio_client and browser tests; its log is a file."""
    port = _free_port()
    folder = tmp_path_factory.mktemp("app")
    log_path, temp_dir = folder / "app.log", folder / "gradio-cache"
    env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "GRADIO_ANALYTICS_ENABLED": "False",
           "GRADIO_TEMP_DIR": str(temp_dir)}
    log = open(log_path, "w")  # a file, not a pipe: nobody reads it while the server runs
    server = subprocess.Popen([sys.executable, "app.py"], cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"app exited: {log_path.read_text()[-2000:]}")
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("app did not start within 90 s")
    yield ServedApp(url, log_path, temp_dir)
    server.terminate()
    server.wait(timeout=30)
    log.close()



@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so a fixture can see whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
