"""What a long-running, shared app must not do: leave its files behind when stopped, accept any
upload size, let one visitor hold the Gatys queue, or pass pictures that mean nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import numpy as np
import pytest
from PIL import Image

import ganzoo
from ganzoo.image_input import check_meaningful, read_picture
from ganzoo.paths import REPO_ROOT


def test_sigterm_removes_the_apps_temporary_folders(tmp_path):
    """Containers and Spaces stop a process with SIGTERM: the Gradio cache and the GIF folders go too."""
    from tests.conftest import _free_port

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "GRADIO_TEMP_DIR"}
    env |= {"TMPDIR": str(tmp_path), "GRADIO_SERVER_PORT": str(port), "GRADIO_ANALYTICS_ENABLED": "False"}
    server = subprocess.Popen([sys.executable, "app.py"], cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        from gradio_client import Client

        Client(f"http://127.0.0.1:{port}/", verbose=False).predict("dcgan-mnist", 1, 2, "lerp", api_name="/walk")
        assert any(p.name.startswith("ganzoo-") for p in tmp_path.iterdir())  # the cache and the walk GIFs
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    assert server.returncode == 0
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("ganzoo-")]


def test_an_upload_over_the_apps_limit_is_refused(served_app):
    import app

    limit = int(app.MAX_UPLOAD.removesuffix("mb")) * 1024 * 1024
    boundary = "ganzooboundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.png\"\r\n"
            "Content-Type: image/png\r\n\r\n").encode() + b"\0" * (limit + 1024) + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(served_app.url + "gradio_api/upload", data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code in (400, 413)
    assert b"size" in refused.value.read().lower()


def test_one_gatys_run_is_bounded_to_about_a_minute_of_work():
    import gradio as gr

    from demo import style

    with pytest.raises(gr.Error, match="Steps: at 512 px at most 50 steps"):
        next(style.stylise_gatys(str(style.EXAMPLES / "content" / "astronaut.jpg"), "starry_night", None, 4, 500, 512,
                                 False))


@pytest.mark.parametrize(("size", "colour", "problem"), [
    ((1, 1), None, "at least 8 pixels"), ((2000, 50), None, "too long and thin"),
    ((64, 64), (255, 255, 255), "single flat colour"), ((64, 64), (30, 90, 200), "single flat colour"),
])
def test_pictures_too_small_thin_or_flat_are_refused_by_every_image_tab(size, colour, problem):
    picture = Image.new("RGB", size, colour) if colour else Image.fromarray(
        np.random.default_rng(0).integers(0, 255, (*size[::-1], 3), dtype=np.uint8))
    with pytest.raises(ganzoo.InvalidInputError, match=f"^Emoji: .*{problem}"):
        read_picture(picture, "Emoji")
    if problem != "single flat colour":  # a blank sketch is refused by its own rule ("is empty")
        with pytest.raises(ganzoo.InvalidInputError, match=problem):
            ganzoo.prepare_sketch(picture, what="Sketch")
    with pytest.raises(ganzoo.InvalidInputError, match=f"^Content image: .*{problem}"):
        ganzoo.inference.style.prepare_style_input(picture, 256, "Content image")
    assert check_meaningful(Image.fromarray(np.random.default_rng(1).integers(0, 255, (9, 100, 3), np.uint8)))


def test_a_long_thin_picture_still_goes_through_the_loss_network():
    """900 x 100 at 64 px is 64 x 7: padded to VGG's smallest side instead of 'Output size is too small'."""
    from ganzoo.inference import style

    thin = Image.fromarray(np.random.default_rng(0).integers(0, 255, (100, 900, 3), dtype=np.uint8))
    tensor = style.prepare_style_input(thin, 64, "Content image")
    assert tensor.shape[-2:] == (style.MIN_VGG_SIDE, 64)
    steps = list(style.gatys(thin, thin, steps=2, size=64, every=1))
    assert steps[-1].image is not None


def test_zerogpu_handlers_are_marked_and_run_here_on_the_cpu():
    """On a ZeroGPU Space ``spaces.GPU`` lends a GPU; here, without one, the same handlers run on the CPU."""
    import spaces  # noqa: F401 (it must import on a machine without a GPU)

    from demo import digits, playground, style

    for handler in (digits.generate, style.stylise_fast, style.stylise_gatys, playground.run_preset):
        assert handler.__module__ != "demo.gpu" and hasattr(handler, "__wrapped__")
    picture, caption = digits.generate("cgan-mnist", "7", 4, 0, False)
    assert picture.size[0] > 0 and "samples" in caption
    _plane, figures = playground.run_preset("ring", 5, "minimax", 0)
    assert figures["step"] == 5
    content = str(style.EXAMPLES / "content" / "astronaut.jpg")
    last = list(style.stylise_gatys(content, "starry_night", None, 4, 10, 64, False))[-1]
    assert last[0] is not None and "10 / 10" in last[1]


def test_a_lane_runs_work_in_its_own_nicer_thread_passes_errors_on_and_refuses_work_once_closed():
    import threading

    from demo.priority import Lane, LaneClosedError

    lane = Lane("test-lane", 7, 1)
    caller = threading.get_native_id()
    def thread_and_niceness() -> tuple[int, int]:
        here = threading.get_native_id()
        return here, os.getpriority(os.PRIO_PROCESS, here)

    worker, niceness = lane.run(thread_and_niceness)
    here = os.getpriority(os.PRIO_PROCESS, caller)
    assert worker != caller and niceness == max(here, 7)
    assert os.getpriority(os.PRIO_PROCESS, caller) == here  # the caller keeps its own priority
    with pytest.raises(ZeroDivisionError):
        lane.run(lambda: 1 / 0)
    lane.close()
    with pytest.raises(LaneClosedError):
        lane.run(int, "1")


def test_a_click_computes_on_one_core_and_a_lane_on_the_cores_it_was_given():
    """PyTorch keeps a thread count per thread: a handler sets its own thread's to one (demo.priority),
    whatever the thread had; a lane's threads keep theirs."""
    import threading

    import torch

    from demo.common import shows_errors
    from demo.priority import CLICK_THREADS, Lane

    @shows_errors
    def cores_of_a_click() -> int:
        return torch.get_num_threads()

    @shows_errors
    def cores_of_each_step():
        first = torch.get_num_threads()
        torch.set_num_threads(3)  # whatever a step leaves, the next step starts on one core again
        yield first
        yield torch.get_num_threads()

    seen = {}

    def in_a_new_thread() -> None:
        torch.set_num_threads(2)  # what a fresh thread gets on this 2-core machine
        seen["click"] = cores_of_a_click()
        torch.set_num_threads(2)
        seen["steps"] = list(cores_of_each_step())

    worker = threading.Thread(target=in_a_new_thread)
    worker.start()
    worker.join()
    lane = Lane("test-cores", 0, 1, threads=2)
    try:
        assert CLICK_THREADS == 1 and seen == {"click": 1, "steps": [1, 1]}
        assert lane.run(torch.get_num_threads) == 2
    finally:
        lane.close()


def test_a_lane_that_waits_for_quiet_starts_once_the_clicks_are_answered_and_never_waits_unbounded():
    import threading
    import time

    from demo.common import shows_errors
    from demo.priority import Lane, click_in_flight, clicks_in_flight

    @shows_errors
    def a_click() -> int:
        return clicks_in_flight()

    assert clicks_in_flight() == 0 and a_click() == 1 and clicks_in_flight() == 0  # every handler is counted
    lane, bounded = Lane("test-quiet", 0, 1, quiet_for=30.0), Lane("test-bounded", 0, 1, quiet_for=0.2)
    answered, started = threading.Event(), []

    def click() -> None:
        with click_in_flight():
            answered.wait()

    clicker = threading.Thread(target=click)
    clicker.start()
    while clicks_in_flight() == 0:
        time.sleep(0.01)
    waiter = threading.Thread(target=lambda: started.append(lane.run(time.monotonic)))
    waiter.start()
    time.sleep(0.3)
    try:
        assert not started  # the lane's work waits while the click is computed...
    finally:
        answer_time = time.monotonic()
        answered.set()
        waiter.join(10)
        clicker.join()
    assert started and started[0] >= answer_time  # ... and starts once it is answered
    with click_in_flight():  # a click that does not end delays it by quiet_for at most
        begin = time.monotonic()
        assert bounded.run(int, "7") == 7
        assert 0.2 <= time.monotonic() - begin < 5
    lane.close()
    bounded.close()
