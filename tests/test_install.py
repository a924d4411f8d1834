"""``pip install .`` gives a working package: importable outside the repository, with its
console script and the shipped checkpoints."""

import os
import shutil
import subprocess
import sys

from ganzoo.paths import REPO_ROOT


def test_pip_install_gives_the_package_its_cli_and_the_shipped_checkpoints(tmp_path):
    source, target, elsewhere = tmp_path / "src", tmp_path / "site", tmp_path / "elsewhere"
    # A copy, so the build writes nothing (build/, *.egg-info) into the working tree.
    shutil.copytree(REPO_ROOT, source, ignore=shutil.ignore_patterns(".git", "runs", ".venv", "build", "*.egg-info"))
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                    "--target", str(target), str(source)], check=True)
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("GANZOO_CHECKPOINTS", "PYTHONPATH")}
    env["PYTHONPATH"] = str(target)
    check = ("import ganzoo; m = ganzoo.load('cgan-mnist'); "
             "print(ganzoo.__file__); print(ganzoo.sample_digits(m, label=3, count=2).shape)")
    out = subprocess.run([sys.executable, "-c", check], cwd=elsewhere, env=env, capture_output=True, text=True,
                         check=True).stdout
    assert out.splitlines()[0].startswith(str(target))
    assert "torch.Size([2, 1, 28, 28])" in out
    listing = subprocess.run([str(target / "bin" / "ganzoo"), "list"], cwd=elsewhere, env=env,
                             capture_output=True, text=True, check=True).stdout
    assert "cgan-mnist" in listing and "dcgan-mnist" in listing
