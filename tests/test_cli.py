import subprocess
import sys

from PIL import Image

from ganzoo.paths import REPO_ROOT as REPO


def ganzoo(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ganzoo", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120)


def test_sample_grid_and_walk_write_pictures(tmp_path):
    sample, grid, walk = tmp_path / "s.png", tmp_path / "g.png", tmp_path / "w.gif"
    done = ganzoo("sample", "cgan-mnist", "--label", "7", "--count", "4", "--out", str(sample))
    assert done.returncode == 0
    assert Image.open(sample).size == ((4 * 30 + 2) * 4, 32 * 4)
    assert ganzoo("grid", "cgan-mnist", "--columns", "3", "--out", str(grid)).returncode == 0
    assert Image.open(grid).size == ((3 * 30 + 2) * 4, (10 * 30 + 2) * 4)
    assert ganzoo("walk", "dcgan-mnist", "--steps", "5", "--out", str(walk)).returncode == 0
    assert Image.open(walk).n_frames == 8


def test_bad_input_is_a_message_not_a_traceback(tmp_path):
    done = ganzoo("sample", "cgan-mnist", "--label", "12", "--out", str(tmp_path / "x.png"))
    assert done.returncode == 2
    assert "label must be a digit from 0 to 9" in done.stderr
    assert "Traceback" not in done.stderr
    done = ganzoo("sample", "no-such-model", "--out", str(tmp_path / "x.png"))
    assert done.returncode == 2 and "available:" in done.stderr


def test_list_shows_each_shipped_checkpoint_with_its_headline_metrics():
    done = ganzoo("list")
    assert done.returncode == 0
    lines = {line.split()[0]: line for line in done.stdout.splitlines()[1:]}
    assert {"cgan-mnist", "dcgan-mnist", "mnist-classifier"} <= set(lines)
    assert "0.99" in lines["cgan-mnist"] and "steps" in lines["cgan-mnist"]
