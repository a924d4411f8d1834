"""The web demo: its handlers (called directly) and the served app (through gradio_client)."""

import io
import os
import re
import threading
from pathlib import Path

import gradio as gr
import pytest
import torch
from PIL import Image, ImageDraw

from demo import common, digits, sketch, swap, walk
from demo.ui import DELETE_CACHE, build_demo
from ganzoo import checkpoints, inference
from ganzoo.models import ClusterGenerator


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


def test_swaps_run_two_at_a_time_in_one_pool_and_every_other_quick_action_one():
    """The classroom setting (README, "A class of 30"): all swap events share one pool of SWAPS_AT_ONCE;
    the other quick actions keep the app's default of one request at a time per event."""
    from demo import swap

    blocks = build_demo()
    swap_events = [f for f in blocks.fns.values() if f.concurrency_id == "swap"]
    assert len(swap_events) >= 3 and {f.concurrency_limit for f in swap_events} == {swap.SWAPS_AT_ONCE} == {2}
    assert any(f.api_name == "swap_domain" for f in swap_events)
    sketch = next(f for f in blocks.fns.values() if f.api_name == "translate_sketch")
    assert sketch.concurrency_limit == "default" and sketch.concurrency_id != "swap"


def test_the_sketch_tab_shows_the_readmes_comparison_figure_under_its_explanation():
    from demo import sketch

    blocks = build_demo()
    accordion = next(b for b in blocks.blocks.values() if getattr(b, "elem_id", None) == "sketch-figure")
    figure = next(b for b in accordion.children if isinstance(b, gr.Image))
    assert Path(figure.value["path"]).name == sketch.COMPARISON_FIGURE.name
    with Image.open(sketch.COMPARISON_FIGURE) as picture:  # five columns, ten rows of 128 px pictures
        assert picture.width >= 5 * 128 and picture.height >= 10 * 128


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


def test_the_walk_lists_plain_and_cluster_dcgans_but_no_cgan(checkpoint_dir):
    torch.manual_seed(0)
    checkpoints.export(ClusterGenerator(z_dim=16, width=8, clusters=4), "tiny-cells", "dcgan.ClusterGenerator",
                       {"z_dim": 16, "width": 8, "clusters": 4}, {})
    assert walk.walk_models() == ["dcgan-mnist", "tiny-cells", "tiny-dcgan"]
    assert walk.frame("tiny-cells", 1, 2, 0.5, "slerp").size == (280, 280)
    with pytest.raises(gr.Error, match="Model"):
        walk.frame("tiny-cgan", 1, 2, 0.5, "slerp")


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
        (("cgan-mnist", "12", 10, 0, False), r"Label: must be one of 'all', '0'"),
        (("cgan-mnist", "seven", 10, 0, False), r"Label: .*got 'seven'"),
        (("cgan-mnist", 7, 10, 0, False), r"Label: .*got 7"),
        (("cgan-mnist", "3", 500, 0, False), r"Number of samples: must be from 1 to 100, got 500"),
        (("cgan-mnist", "3", "10", 0, False), r"Number of samples: must be a whole number"),
        (("cgan-mnist", "3", 10, -4, False), r"Seed: must be from 0 to 4294967295, got -4"),
        (("cgan-mnist", "3", 10, 2.5, False), r"Seed: must be a whole number"),
        (("cgan-mnist", "3", 10, None, False), r"Seed: must be a whole number .* got no number"),
        (("cgan-mnist", "3", 10, [1], False), r"Seed: must be a whole number .* got \[1\]"),
        (("cgan-mnist", "3", 10, {"a": 1}, False), r"Seed: must be a whole number"),
        (("cgan-mnist", "3", 10, float("nan"), False), r"Seed: must be a whole number"),
        (("cgan-mnist", "3", 10, 0, "false"), r"Same noise for every digit: must be true or false, got 'false'"),
        (("no-such-model", "3", 10, 0, False), r"Model: must be one of 'cgan-mnist'"),
        (("../checkpoints/cgan-mnist", "3", 10, 0, False), r"Model: must be one of"),
    ],
)
def test_bad_digit_input_is_a_message_that_names_its_field(args, message):
    with pytest.raises(gr.Error, match=message):
        digits.generate(*args)


def test_a_missing_checkpoint_is_explained_without_server_paths(shipped_copy):
    (shipped_copy / "cgan-mnist.safetensors").unlink()
    with pytest.raises(gr.Error) as caught:
        digits.generate("cgan-mnist", "3", 2, 0, False)
    assert "not found" in caught.value.message
    assert "/" not in caught.value.message and str(shipped_copy) not in caught.value.message


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
    strip, gif, download, readout = walk.refresh_walk("dcgan-mnist", 1, 2, "lerp")
    assert strip.size == ((walk.STRIP_STEPS * 30 + 2) * 3, 32 * 3)
    assert gif == download and Image.open(gif).n_frames == 2 * walk.GIF_STEPS - 2
    assert "What the judge reads** (mnist-classifier)" in readout
    assert "| latent cell |" in readout  # the shipped DCGAN draws by cluster: the table names each frame's cell


def test_walk_readout_names_what_the_judge_reads_in_every_frame_with_its_confidence():
    generator = common.model("dcgan-mnist")
    frames = inference.latent_walk(generator, 1, 2, walk.STRIP_STEPS, "lerp")
    labels, confidences = inference.read_images(common.model("mnist-classifier"), frames)
    rows = {line.split(" | ")[0]: line.strip("| ").split(" | ")[1:] for line in
            walk.judge_readout(generator, frames).splitlines() if line.startswith("| ")}
    assert rows["| reads"] == [str(d) + ("" if c >= 0.9 else " ⚠") for d, c in zip(labels.tolist(),
                                                                                  confidences.tolist(), strict=True)]
    assert rows["| confidence"] == [f"{c:.2f}" for c in confidences.tolist()]
    assert len(rows["| t"]) == walk.STRIP_STEPS and rows["| t"][0] == "0.00" and rows["| t"][-1] == "1.00"


@pytest.mark.parametrize("t", [1.5, -0.2, "0.5", None])
def test_out_of_range_slider_value_is_a_message_that_names_it(t):
    with pytest.raises(gr.Error, match=r"t: must be"):
        walk.frame("dcgan-mnist", 1, 2, t, "slerp")


def test_walk_view_gives_every_output_from_one_request_and_one_message_for_a_bad_seed():
    current, _strip, gif, download, _readout = walk.walk_view("dcgan-mnist", 1, 2, 0.5, "lerp")
    assert current.size == (280, 280) and gif == download
    with pytest.raises(gr.Error, match=r"End seed: must be from 0"):
        walk.walk_view("dcgan-mnist", 1, -2, 0.5, "lerp")


def test_walk_gifs_do_not_pile_up_in_the_temp_folder():
    for seed in range(3 * walk.GIFS.keep):
        walk.refresh_walk("dcgan-mnist", seed, seed + 1, "slerp")
    assert len(list(walk.GIFS.folder.iterdir())) == walk.GIFS.keep


def test_the_app_deletes_its_gradio_cache_and_exposes_only_named_endpoints():
    blocks = build_demo()
    assert blocks.delete_cache == DELETE_CACHE
    public = {d["api_name"] for d in blocks.config["dependencies"] if d.get("api_visibility") == "public"}
    assert public == {
        "generate_digits", "walk_frame", "walk", "translate_sketch", "swap_domain", "stylise_fast", "stylise_gatys",
        "playground",
    }


def test_a_class_returning_the_same_picture_at_once_never_serves_a_half_written_file(tmp_path):
    """Thirty students click the same example: every read of the cached picture sees all its bytes."""
    import gradio.processing_utils
    import numpy as np

    build_demo()  # installs the atomic writer, as the app does
    picture = Image.fromarray(np.random.default_rng(0).integers(0, 256, (384, 384, 3), dtype=np.uint8))
    path = Path(gradio.processing_utils.save_pil_to_cache(picture, str(tmp_path)))
    size, short_reads, writing = path.stat().st_size, [], True

    def read_while_others_write() -> None:
        while writing:
            length = len(path.read_bytes())
            if length != size:
                short_reads.append(length)

    reader = threading.Thread(target=read_while_others_write)
    reader.start()
    writers = [threading.Thread(target=lambda: [gradio.processing_utils.save_pil_to_cache(picture, str(tmp_path))
                                                for _ in range(15)]) for _ in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    writing = False
    reader.join()
    assert short_reads == [] and sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_a_cached_png_is_the_picture_pixel_for_pixel_with_its_text_metadata(tmp_path):
    """The quick zlib level changes the file's size, never its pixels or the metadata Gradio keeps."""
    import gradio.processing_utils
    import numpy as np
    from PIL import PngImagePlugin

    build_demo()
    info = PngImagePlugin.PngInfo()
    info.add_text("model", "pix2pix-fluent")
    pixels = np.random.default_rng(1).integers(0, 256, (64, 96, 3), dtype=np.uint8)
    picture = Image.open(io.BytesIO(_png_bytes(Image.fromarray(pixels), info)))
    path = gradio.processing_utils.save_pil_to_cache(picture, str(tmp_path), format="png")
    with Image.open(path) as cached:
        assert cached.format == "PNG" and np.array_equal(np.asarray(cached), pixels)
        assert cached.text == {"model": "pix2pix-fluent"}


def _png_bytes(picture: Image.Image, info: object) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, "png", pnginfo=info)
    return buffer.getvalue()


def test_sketch_tab_shows_three_colourings_patch_maps_and_the_truth_of_a_held_out_example():
    for source in sketch.families():  # every shipped family: Fluent's 3-D renders, OpenMoji's flat colours
        held_out = next(iter(sketch.held_out(source)))
        folder = sketch.HELD_OUT_FOLDERS[source] / "held-out"
        *pictures, truth, p1, p2, p3, caption = sketch.from_upload(str(folder / held_out), source)
        # The pictures at the model's 128 px (the browser enlarges them); the maps drawn larger, over
        # their colour scale.
        assert [p.size for p in pictures] == [(128, 128)] * 3 and truth.size == (128, 128)
        assert all(p.width == 384 and p.height > 384 for p in (p1, p2, p3))
        assert caption.count("L1 to the true picture") == 3
    # A drawing that is not held out has no truth, and is fitted to the canvas.
    *_, truth, _, _, _, caption = sketch.from_upload(str(sketch.DRAWN[0]))
    assert truth is None and "L1 to the true picture" not in caption


def canvas_event(picture: Image.Image | None) -> gr.EventData:
    """What the drawing pad sends when a stroke ends: the canvas as a PNG data: URL."""
    import base64
    import io

    if picture is None:
        return gr.EventData(None, {})
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG")
    return gr.EventData(None, {"png": "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()})


def test_a_stroke_on_the_drawing_pad_colours_the_drawing_and_a_blank_canvas_says_so():
    drawing = Image.new("RGB", (512, 512), "white")
    ImageDraw.Draw(drawing).ellipse((120, 120, 390, 390), outline="black", width=10)
    *pictures, truth, _, _, _, caption = sketch.from_drawing("fluent", canvas_event(drawing))
    assert [p.size for p in pictures] == [(128, 128)] * 3 and truth is None and caption.count("D finds") == 3
    # The bin (and undo back to a blank canvas) clears the pictures and says why in the caption.
    for blank in (sketch.cleared(), sketch.from_drawing("fluent", canvas_event(Image.new("RGB", (512, 512), "white")))):
        *pictures, caption = blank
        assert pictures == [None] * 7 and "sketch is empty" in caption


def test_a_held_out_sketch_example_shows_how_real_d_finds_the_truth_and_each_picture():
    example = next(f for f in sketch.example_files() if "/fluent/held-out/" in f)
    *_, truth, _, _, _, caption = sketch.from_upload(example, "fluent")
    lines = caption.split("  \n")
    assert truth is not None and len(lines) == 4 and lines[3].startswith("**The true picture**: D finds")
    real = [int(re.search(r"D finds (\d+)%", line).group(1)) for line in lines]
    assert real[3] > real[0], caption  # the truth looks more real to D than the L1-only blur


def test_a_malformed_drawing_pad_event_and_a_blank_upload_are_messages(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path))  # where the page's uploads land
    with pytest.raises(gr.Error, match="Sketch: the drawing pad sent no picture"):
        sketch.from_drawing("fluent", canvas_event(None))
    with pytest.raises(gr.Error, match=r"Sketch: .*damaged"):
        sketch.from_drawing("fluent", gr.EventData(None, {"png": "data:image/png;base64,@@"}))
    blank = tmp_path / "blank.png"
    Image.new("RGB", (64, 64), "white").save(blank)
    with pytest.raises(gr.Error, match="Picture: is empty"):
        sketch.from_upload(str(blank))


def swap_example(family: "swap.swap.CycleGanFamily", letter: str, name: str = "pizza") -> str:
    return str(swap.EXAMPLES / swap.EXAMPLE_FOLDERS[family.source]["ab".index(letter)] / f"{name}.png")


@pytest.mark.parametrize("source", list(swap.families()))
def test_swap_tab_shows_both_round_trips_their_error_maps_and_the_truth_of_a_held_out_emoji(source):
    family = swap.families()[source]
    a, b = family.domains
    shown_input, *pictures, caption = swap.from_upload(swap_example(family, "a"), swap.data_label(family), f"{a} → {b}")
    assert len(pictures) == swap.VIEW_PICTURES - 1 == 8
    # Sent at the model's size (the browser enlarges them); the error maps, drawn larger, carry their
    # colour scale underneath.
    size = (family.image_size, family.image_size)
    assert shown_input.size == size
    for translated, truth, back, error in (pictures[:4], pictures[4:]):
        assert translated.size == truth.size == back.size == size
        assert error.width == swap.HEAT_SHOWN and error.height > swap.HEAT_SHOWN
    assert caption.count("round-trip error") == 2 and caption.count(f"L1 to the true {b}") == 2
    # The other direction starts from the B file and is scored against the A one.
    _, _, truth, *_, caption = swap.from_upload(swap_example(family, "b"), swap.data_label(family), f"{b} → {a}")
    assert truth is not None and f"L1 to the true {a}" in caption


@pytest.mark.parametrize("source", list(swap.families()))
def test_swap_tab_round_trip_of_the_full_model_beats_the_no_cycle_model_on_every_example(source):
    family = swap.families()[source]
    a, b = family.domains
    names = [p.stem for p in (swap.EXAMPLES / swap.EXAMPLE_FOLDERS[source][0]).glob("*.png")]
    assert len(names) == 8
    for name in names:
        caption = swap.from_upload(swap_example(family, "a", name), swap.data_label(family), f"{a} → {b}")[-1]
        errors = [float(part.split("round-trip error (mean of the heat map) ")[1].split(";")[0])
                  for part in caption.split("\n") if "round-trip error" in part]
        assert errors[0] < errors[1], name


def test_swap_tab_an_own_picture_has_no_truth_and_bad_values_name_their_field(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path))
    own = tmp_path / "own.png"
    picture = Image.new("RGBA", (500, 300), (255, 0, 0, 128))
    picture.paste((0, 0, 255, 255), (100, 50, 300, 250))  # a blue square on half-transparent red
    picture.save(own)
    family = next(iter(swap.families().values()))
    a, b = family.domains
    _, translated, truth, *_, caption = swap.from_upload({"path": str(own)}, swap.data_label(family), f"{b} → {a}")
    assert truth is None and translated.size == (family.image_size,) * 2 and "L1 to the true" not in caption
    with pytest.raises(gr.Error, match="Direction: must be one of"):
        swap.from_upload(str(own), swap.data_label(family), f"{a} → Klingon")
    with pytest.raises(gr.Error, match="Data: must be one of"):
        swap.from_upload(str(own), "Klingon ↔ Vulcan", f"{a} → {b}")
    with pytest.raises(gr.Error, match="Emoji: is missing"):
        swap.from_upload(None, swap.data_label(family), f"{a} → {b}")
    # Switching the data set lists its own directions and translates the picture again.
    radio, *views = swap.from_data({"path": str(own)}, swap.data_label(family))
    assert radio.choices and [c[0] for c in radio.choices] == list(swap.directions(family))
    assert len(views) == swap.VIEW_PICTURES + 1 and views[1].size == (family.image_size,) * 2


def test_uploads_must_come_from_the_apps_upload_folder(tmp_path, monkeypatch):
    """An API client can name any server file as an upload's path; the tabs read only real uploads."""
    monkeypatch.setenv("GRADIO_TEMP_DIR", str(tmp_path / "uploads"))
    elsewhere = tmp_path / "private" / "photo.png"
    elsewhere.parent.mkdir()
    Image.new("RGB", (64, 64), "black").save(elsewhere)
    from demo import style

    for handler, args in ((swap.from_upload, ()), (sketch.from_upload, ()),
                          (style.stylise_fast, ("great_wave", None, 1, "256", False))):
        with pytest.raises(gr.Error, match="must be a file uploaded to this app"):
            handler({"path": str(elsewhere)}, *args)
        with pytest.raises(gr.Error, match="must be a file uploaded to this app"):
            handler({"path": str(tmp_path / "uploads" / ".." / "private" / "photo.png")}, *args)


def test_end_to_end_through_gradio_client(served_app):
    from gradio_client import Client

    client = Client(served_app.url, verbose=False, analytics_enabled=False)
    picture_path, caption = client.predict("cgan-mnist", "5", 10, 3, False, api_name="/generate_digits")
    assert Image.open(picture_path).size == ((10 * 30 + 2) * 3, 32 * 3)
    assert "digit 5" in caption
    frame_path = client.predict("dcgan-mnist", 1, 2, 0.5, "slerp", api_name="/walk_frame")
    assert Image.open(frame_path).size == (280, 280)
    strip_path, gif_path, _download_path, readout = client.predict("dcgan-mnist", 3, 4, "lerp", api_name="/walk")
    assert "frames with ≥ 90% confidence" in readout
    assert Image.open(gif_path).n_frames == 2 * walk.GIF_STEPS - 2 and Path(strip_path).exists()


STYLE_CONTENT = str(Path(__file__).resolve().parents[1] / "demo" / "examples" / "style" / "content" / "astronaut.jpg")


def test_the_cheap_tabs_answer_while_gatys_runs(served_app):
    """A Gatys run holds a worker for up to a minute; digits and walk frames must not wait behind it."""
    from gradio_client import Client, handle_file

    gatys = Client(served_app.url, verbose=False).submit(handle_file(STYLE_CONTENT), "starry_night", None, 4, 200,
                                                         256, False, api_name="/stylise_gatys")
    client = Client(served_app.url, verbose=False)
    for _ in range(3):
        client.predict("cgan-mnist", "2", 4, 0, False, api_name="/generate_digits")
        client.predict("dcgan-mnist", 1, 2, 0.5, "slerp", api_name="/walk_frame")
    assert not gatys.done()  # six cheap answers came while the optimisation was still running
    gatys.cancel()


def test_style_fast_handler_paints_at_the_chosen_resolution_and_names_bad_fields():
    from demo import style

    picture, caption = style.stylise_fast(STYLE_CONTENT, "great_wave", None, 0.5, "256", False)
    assert picture.size == (256, 256) and "style-great-wave" in caption and "strength 0.50" in caption
    measured = checkpoints.read_card("style-great-wave")["metrics"]["fast_network"]["content_loss"]
    assert f"9 held-out photos content loss {measured:.3f}" in caption and "nan" not in caption
    for args, message in (((STYLE_CONTENT, "great_wave", None, 2, "256", False), "Strength"),
                          ((STYLE_CONTENT, "great_wave", None, 1, "300", False), "Resolution"),
                          ((None, "great_wave", None, 1, "256", False), "Content image: is missing"),
                          ((STYLE_CONTENT, "upload", None, 1, "256", False), "Style picture: is missing"),
                          ((STYLE_CONTENT, "shipwreck", None, 1, "256", False), "Style: has no fast network")):
        with pytest.raises(gr.Error, match=message):
            style.stylise_fast(*args)


def test_style_gatys_handler_streams_pictures_with_falling_style_loss_and_gram_views_follow():
    from demo import style

    updates = list(style.stylise_gatys(STYLE_CONTENT, "composition_vii", None, 4, 20, 96, True))
    # A status line after every step, with the time left; a picture and its caption every PICTURE_EVERY steps.
    assert len(updates) == 20 and all(f"step {i + 1} / 20" in u[2] for i, u in enumerate(updates[:-1]))
    assert "s left" in updates[0][2] and "done at step 20 / 20" in updates[-1][2]
    frames = [u for u in updates if isinstance(u[0], Image.Image)]
    assert len(frames) == 20 // style.PICTURE_EVERY and all(f[0].size == (96, 96) for f in frames)
    assert "step 20 / 20 (done)" in frames[-1][1]
    # The steps ran in a thread that yields the CPU to a class's quick clicks (Linux).
    gatys_thread = style.GATYS_LANE.run(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
    # (setpriority sets the niceness itself; a process already nicer than that stays as nice as it was)
    here = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert style.GATYS_NICENESS > 0 and gatys_thread == max(here, style.GATYS_NICENESS)
    losses = [float(f[1].split("style loss ")[1].split(" ")[0]) for f in frames]
    assert losses[-1] < losses[0]
    *grams, caption = style.gram_views(STYLE_CONTENT, "composition_vii", None, frames[-1][0], "relu3_3")
    assert all(isinstance(g, Image.Image) for g in grams) and "relu3_3" in caption and "result" in caption
    with pytest.raises(gr.Error, match="Steps"):
        list(style.stylise_gatys(STYLE_CONTENT, "composition_vii", None, 4, 5000, 96, False))
    with pytest.raises(gr.Error, match="Layer"):
        style.gram_views(STYLE_CONTENT, "composition_vii", None, None, "relu7_7")


def test_a_gatys_run_stopped_while_queued_does_no_work_and_a_new_click_clears_an_old_stop():
    from types import SimpleNamespace

    from demo import style

    request = SimpleNamespace(session_hash="queued-stop")
    assert "waiting for a free worker" in style.arm_gatys(request)
    style.request_stop(request)  # pressed while the run waits for a worker
    updates = list(style.stylise_gatys(STYLE_CONTENT, "starry_night", None, 4, 20, 64, False, request=request))
    assert len(updates) == 1 and "before it started" in updates[0][1] and "before it started" in updates[0][2]
    style.request_stop(request)  # a Stop with nothing running ...
    style.arm_gatys(request)  # ... does not end the next run
    last = list(style.stylise_gatys(STYLE_CONTENT, "starry_night", None, 4, 10, 64, False, request=request))[-1]
    assert isinstance(last[0], Image.Image) and "(done)" in last[1]


def test_a_gatys_run_ends_quietly_when_the_server_shuts_its_worker_down(monkeypatch):
    """SIGTERM or Ctrl-C shuts the Gatys worker down mid-run: the run stops at its last step instead of
    writing "cannot schedule new futures after shutdown" tracebacks into the server's log."""
    from demo import priority, style

    stopped = priority.Lane("stopped", 19, 1)
    stopped.close()
    monkeypatch.setattr(style, "GATYS_LANE", stopped)
    monkeypatch.setattr(priority.torch.cuda, "is_available", lambda: False)
    assert list(style.behind_quick_clicks(iter(range(5)))) == []


def test_a_new_content_picture_is_painted_at_once_or_its_old_result_is_cleared():
    from demo import style

    picture, caption = style.restyle(STYLE_CONTENT, "the_scream", None, 1, "256", False)
    assert picture.size == (256, 256) and "style-the-scream" in caption
    picture, caption = style.restyle(STYLE_CONTENT, "shipwreck", None, 1, "256", False)
    assert picture is None and "no fast network" in caption and "Gatys" in caption


def test_a_style_picture_that_is_not_a_picture_is_named_and_the_painting_comes_back(tmp_path, monkeypatch):
    import gradio

    from demo import style

    monkeypatch.setattr(gradio.utils, "get_upload_folder", lambda: str(tmp_path))
    text = tmp_path / "notes.png"
    text.write_text("not a picture")
    warnings = []
    monkeypatch.setattr(style.gr, "Warning", lambda message, **kwargs: warnings.append(message))
    new_choice, box = style.chose_style_picture({"path": str(text)}, "great_wave")
    assert warnings and warnings[0].startswith("Style picture:")
    assert box == str(style.PAINTINGS["great_wave"]) and new_choice is not None and not isinstance(new_choice, str)
    good = tmp_path / "mine.png"
    Image.open(STYLE_CONTENT).save(good)
    assert style.chose_style_picture({"path": str(good)}, "great_wave")[0] == "upload"
