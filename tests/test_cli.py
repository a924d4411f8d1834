import subprocess
import sys
from pathlib import Path

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


def test_translate_colours_a_drawing_and_refuses_a_non_picture(tmp_path):
    drawing, out, patches = tmp_path / "circle.png", tmp_path / "out.png", tmp_path / "patches.png"
    picture = Image.new("RGB", (300, 300), "white")
    from PIL import ImageDraw

    ImageDraw.Draw(picture).ellipse((40, 40, 260, 260), outline="black", width=8)
    picture.save(drawing)
    done = ganzoo("translate", "pix2pix-openmoji", str(drawing), "--out", str(out), "--patch-map", str(patches))
    assert done.returncode == 0, done.stderr
    assert Image.open(out).size == (128, 128) and Image.open(patches).size == (128, 128)
    assert "D finds" in done.stdout
    (tmp_path / "notes.txt").write_text("not a picture")
    done = ganzoo("translate", "pix2pix-openmoji", str(tmp_path / "notes.txt"), "--out", str(out))
    assert done.returncode == 2 and "is not a picture" in done.stderr and "Traceback" not in done.stderr


def test_swap_translates_an_emoji_and_writes_its_round_trip(tmp_path):
    from demo import swap

    out, strip = tmp_path / "swapped.png", tmp_path / "trip.png"
    emoji = swap.EXAMPLES / "noto" / "pizza.png"
    done = ganzoo("swap", "cyclegan-noto-twemoji", str(emoji), "--to", "twemoji", "--out", str(out),
                  "--round-trip", str(strip))
    assert done.returncode == 0, done.stderr
    assert Image.open(out).size == (64, 64) and Image.open(strip).size == (256, 64)
    assert "round-trip error 0." in done.stdout
    done = ganzoo("swap", "pix2pix-openmoji", str(emoji), "--out", str(out))
    assert done.returncode == 2 and "CycleGAN checkpoint" in done.stderr and "Traceback" not in done.stderr


def test_stylise_paints_a_photo_with_a_shipped_fast_network(tmp_path):
    out = tmp_path / "painted.png"
    photo = Path(__file__).resolve().parents[1] / "demo" / "examples" / "style" / "content" / "rocket.jpg"
    done = ganzoo("stylise", "style-the-scream", str(photo), "--size", "128", "--out", str(out))
    assert done.returncode == 0 and "wrote" in done.stdout
    assert max(Image.open(out).size) == 128
