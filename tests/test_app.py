"""The web demo: its handlers (called directly) and the served app (through gradio_client)."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import gradio as gr
import pytest
from PIL import Image

from demo import common, digits, walk
from demo.ui import build_demo
from ganzoo import checkpoints
from ganzoo.paths import REPO_ROOT as REPO


@pytest.fixture(autouse=True)
def fresh_model_cache():
    common.model.cache_clear()
    yield
    common.model.cache_clear()


def test_the_app_builds_with_both_tabs():
    blocks = build_demo()
    assert isinstance(blocks, gr.Blocks)
    names = {d.get("api_name") for d in blocks.config["dependencies"]}
    assert {"generate_digits", "walk_frame", "walk"} <= names


def test_digit_handler_returns_a_grid_and_the_judges_readout():
    picture, caption = digits.generate("cgan-mnist", "3", 10, 0, False)
    assert isinstance(picture, Image.Image) and picture.mode == "L"
    assert picture.size == ((10 * 30 + 2) * 3, 32 * 3)
    assert "10 samples of digit 3, seed 0" in caption
    assert "as requested" in caption


def test_digit_handler_same_noise_grid_is_10_rows():
    picture, caption = digits.generate("cgan-mnist", "all", 4, 1.0, True)
    assert picture.size == ((4 * 30 + 2) * 3, (10 * 30 + 2) * 3)
    assert "Rows: digits 0–9" in caption


def test_model_dropdowns_list_the_default_first_even_when_it_is_missing(checkpoint_dir):
    assert common.checkpoints_with("dcgan.ConditionalGenerator", "tiny-cgan") == ["tiny-cgan"]
    assert common.checkpoints_with("dcgan.Generator", "dcgan-mnist") == ["dcgan-mnist", "tiny-dcgan"]


def test_the_label_radio_and_caption_speak_the_models_classes(checkpoint_dir):
    checkpoints.update_card("tiny-cgan", dataset={"source": "fashion-mnist"})
    shown = [label for label, _ in digits.label_choices(digits.names_of("tiny-cgan"))]
    assert shown[:3] == ["all", "T-shirt/top", "Trouser"]
    assert digits.names_of("no-such-model") == tuple("0123456789")  # generate() explains later
    _, caption = digits.generate("tiny-cgan", "1", 4, 0, False)
    assert "4 samples of Trouser, seed 0" in caption
    _, caption = digits.generate("tiny-cgan", "all", 2, 0, True)
    assert "Rows: T-shirt/top, Trouser," in caption


@pytest.mark.parametrize(
    "args, message",
    [
        (("cgan-mnist", "12", 10, 0, False), "0 to 9"),
        (("cgan-mnist", "seven", 10, 0, False), "'all' or 0-9"),
        (("cgan-mnist", "3", 500, 0, False), "between 1 and 100"),
        (("cgan-mnist", "3", 10, -4, False), "seed"),
        (("cgan-mnist", "3", 10, 2.5, False), "whole number"),
        (("cgan-mnist", "3", 10, None, False), "whole number"),
        (("no-such-model", "3", 10, 0, False), "not found"),
    ],
)
def test_bad_digit_input_is_a_gradio_error_message(args, message):
    with pytest.raises(gr.Error, match=message):
        digits.generate(*args)


def test_corrupted_checkpoint_is_a_gradio_error_and_restoring_it_recovers(shipped_copy):
    path = shipped_copy / "cgan-mnist.safetensors"
    original = path.read_bytes()
    path.write_bytes(original[:-10] + b"0123456789")
    with pytest.raises(gr.Error, match="sha256"):
        digits.generate("cgan-mnist", "3", 2, 0, False)
    path.write_bytes(original)
    picture, _ = digits.generate("cgan-mnist", "3", 2, 0, False)
    assert isinstance(picture, Image.Image)


def test_walk_handlers_return_a_frame_a_strip_and_a_gif():
    frame = walk.frame("dcgan-mnist", 1, 2, 0.25, "slerp")
    assert frame.size == (280, 280)
    strip, gif, download = walk.refresh_walk("dcgan-mnist", 1, 2, "lerp")
    assert strip.size == ((walk.STRIP_STEPS * 30 + 2) * 3, 32 * 3)
    assert gif == download and Image.open(gif).n_frames == 2 * walk.GIF_STEPS - 2


@pytest.mark.parametrize("t", [1.5, -0.2])
def test_out_of_range_slider_value_is_a_gradio_error(t):
    with pytest.raises(gr.Error, match="t must be between 0 and 1"):
        walk.frame("dcgan-mnist", 1, 2, t, "slerp")


@pytest.fixture(scope="module")
def served_app(tmp_path_factory, free_port):
    port = free_port
    env = {**os.environ, "GRADIO_SERVER_PORT": str(port), "GRADIO_ANALYTICS_ENABLED": "False"}
    log_path = tmp_path_factory.mktemp("app") / "app.log"
    log = open(log_path, "w")  # a file, not a pipe: nobody reads it while the server runs
    server = subprocess.Popen([sys.executable, "app.py"], cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
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
    yield url
    server.terminate()
    server.wait(timeout=30)
    log.close()


def test_end_to_end_through_gradio_client(served_app):
    from gradio_client import Client

    client = Client(served_app, verbose=False, analytics_enabled=False)
    picture_path, caption = client.predict("cgan-mnist", "5", 10, 3, False, api_name="/generate_digits")
    assert Image.open(picture_path).size == ((10 * 30 + 2) * 3, 32 * 3)
    assert "digit 5" in caption
    frame_path = client.predict("dcgan-mnist", 1, 2, 0.5, "slerp", api_name="/walk_frame")
    assert Image.open(frame_path).size == (280, 280)
    # Bad input comes back as an error message, and the server keeps serving.
    with pytest.raises(Exception, match="not in the list of choices"):  # Gradio checks the radio
        client.predict("cgan-mnist", "11", 10, 3, False, api_name="/generate_digits")
    with pytest.raises(Exception, match="whole number"):  # our check on the seed
        client.predict("cgan-mnist", "1", 10, 2.5, False, api_name="/generate_digits")
    with pytest.raises(Exception, match=r"maximum|t must be"):
        client.predict("dcgan-mnist", 1, 2, 1.5, "slerp", api_name="/walk_frame")
    picture_path, _ = client.predict("cgan-mnist", "all", 10, 3, False, api_name="/generate_digits")
    assert Path(picture_path).exists()
