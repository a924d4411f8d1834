"""CycleGAN: the ResNet generator, the reused PatchGAN, its losses, the history pool, unpaired data,
training, the inference API and the metrics."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
import torch
from PIL import Image

from ganzoo import checkpoints
from ganzoo.data.unpaired import load_unpaired
from ganzoo.errors import DataUnavailableError, InvalidInputError
from ganzoo.inference.swap import error_heatmap, prepare_emoji, swap_domain
from ganzoo.losses import (
    cycle_consistency_loss,
    identity_loss,
    lsgan_discriminator_loss,
    lsgan_generator_loss,
)
from ganzoo.metrics.cyclegan import retrieval
from ganzoo.models import CycleGenerators, PatchDiscriminator, ResnetGenerator
from ganzoo.models.cyclegan import ImagePool
from ganzoo.train.__main__ import main as train_main
from ganzoo.train.cyclegan import CycleGanTask
from ganzoo.train.loop import TrainConfig, fit


def test_resnet_generator_keeps_any_size_divisible_by_four_and_the_tanh_range():
    torch.manual_seed(0)
    g = ResnetGenerator(width=4, blocks=2).eval()
    for h, w in ((64, 64), (48, 80)):
        out = g(torch.rand(2, 3, h, w) * 2 - 1)
        assert out.shape == (2, 3, h, w) and out.min() >= -1 and out.max() <= 1


def test_resize_convolution_upsamples_a_flat_picture_without_the_transposed_checkerboard():
    """Odena et al. 2016: a stride-2 transposed 3x3 kernel gives alternate pixels 1, 2 or 4 taps;
    nearest-neighbour resize then a 3x3 conv gives every pixel the same nine."""
    from ganzoo.models.cyclegan import _u

    flat = torch.ones(1, 2, 8, 8)
    for upsample, checkered in (("transposed", True), ("resize", False)):
        grow = _u(2, 2, upsample)[:-2]  # the upsampling itself, before InstanceNorm and ReLU
        for layer in grow:
            if hasattr(layer, "weight"):
                torch.nn.init.ones_(layer.weight)
        with torch.no_grad():
            out = torch.nn.Sequential(*grow)(flat)[0, 0, 2:-2, 2:-2]  # the interior, away from the border
        assert out.shape == (12, 12)
        assert (out.std().item() > 1) == checkered, (upsample, out)
    generator = ResnetGenerator(width=4, blocks=1, upsample="resize").eval()
    assert generator(torch.rand(1, 3, 32, 48) * 2 - 1).shape == (1, 3, 32, 48)
    with pytest.raises(ValueError, match="upsample"):
        ResnetGenerator(upsample="bilinear-ish")


def test_a_residual_generator_with_zeroed_blocks_still_depends_on_its_input():
    """x + block(x): with every block's last conv at zero the blocks pass their input through."""
    torch.manual_seed(0)
    g = ResnetGenerator(width=4, blocks=2).eval()
    for block in g.net:
        if hasattr(block, "body"):
            torch.nn.init.zeros_(block.body[-2].weight)
            torch.nn.init.zeros_(block.body[-1].weight)
    with torch.no_grad():
        assert not torch.allclose(g(torch.rand(1, 3, 16, 16)), g(torch.rand(1, 3, 16, 16)), atol=1e-4)


def test_cyclegan_reuses_the_patchgan_as_an_unconditional_instance_norm_critic():
    torch.manual_seed(0)
    d = PatchDiscriminator(in_channels=3, width=8, n_layers=2, norm="instance")
    assert d(torch.zeros(2, 3, 64, 64)).shape == (2, 1, 14, 14)
    assert not any(isinstance(m, torch.nn.BatchNorm2d) for m in d.modules())
    # InstanceNorm: an image's verdict does not depend on what else is in its batch.
    x = torch.rand(3, 3, 64, 64)
    assert torch.allclose(d(x)[:1], d(x[:1]), atol=1e-5)
    with pytest.raises(ValueError, match="norm"):
        PatchDiscriminator(norm="layer")


def test_cycle_generators_route_each_direction_to_its_own_network():
    torch.manual_seed(0)
    pair = CycleGenerators(width=4, blocks=1).eval()
    x = torch.rand(1, 3, 16, 16)
    assert torch.equal(pair(x, to="b"), pair.a_to_b(x)) and torch.equal(pair(x, to="a"), pair.b_to_a(x))
    with pytest.raises(ValueError, match="'a' or 'b'"):
        pair(x, to="c")


def test_least_squares_cycle_and_identity_losses_match_their_formulas():
    ones, zeros = torch.ones(2, 1, 4, 4), torch.zeros(2, 1, 4, 4)
    assert lsgan_discriminator_loss(ones, zeros) == 0 and lsgan_generator_loss(ones) == 0
    assert torch.isclose(lsgan_discriminator_loss(zeros, ones), torch.tensor(1.0))  # 1/2 (1 + 1)
    assert torch.isclose(lsgan_generator_loss(zeros), torch.tensor(1.0))
    a, b = torch.rand(2, 3, 8, 8), torch.rand(2, 3, 8, 8)
    assert cycle_consistency_loss(a, a, b, b) == 0 and identity_loss(a, a, b, b) == 0
    expected = (a - b).abs().mean() + (b - a).abs().mean()
    assert torch.isclose(cycle_consistency_loss(a, b, b, a), expected)


def test_history_pool_fills_first_then_returns_a_past_image_half_of_the_time():
    pool = ImagePool(size=10, seed=0)
    first = torch.arange(10.0).view(10, 1, 1, 1)
    assert torch.equal(pool.query(first), first)  # while filling: every image is its own answer
    past, trials = 0, 4000
    for i in range(trials):
        new = torch.full((1, 1, 1, 1), 100.0 + i)
        out = pool.query(new)
        if out.item() != new.item():
            assert out.item() < 100.0 + i  # what comes back instead is an older fake
            past += 1
    assert abs(past / trials - 0.5) < 0.03  # 0.5 +- 4 standard errors
    assert len(pool.images) == 10
    assert torch.equal(ImagePool(size=0).query(first), first)


def write_domain(folder, count: int, colour: tuple[int, int, int], rgba: bool = False) -> None:
    folder.mkdir(parents=True)
    for i in range(count):
        mode = "RGBA" if rgba else "RGB"
        picture = Image.new(mode, (40 + 4 * i, 32), (255, 255, 255, 0) if rgba else "white")
        picture.paste(colour + ((255,) if rgba else ()), (8 + i, 8, 24 + i, 24))
        picture.save(folder / f"{i:03d}.png")


@pytest.fixture
def cyclegan_folder(tmp_path):
    root = tmp_path / "squares2circles"
    write_domain(root / "trainA", 6, (220, 30, 30))
    write_domain(root / "trainB", 4, (30, 30, 220), rgba=True)
    write_domain(root / "testA", 2, (220, 30, 30))
    write_domain(root / "testB", 2, (30, 30, 220))
    return root


def test_folder_data_reads_the_cyclegan_layout_unpaired(cyclegan_folder):
    data = load_unpaired(f"folder:{cyclegan_folder}", image_size=32)
    assert data.train_a.shape == (6, 3, 32, 32) and data.train_b.shape == (4, 3, 32, 32)
    assert data.train_b.dtype == torch.uint8 and not data.test_paired
    assert data.train_b[:, :, 0, 0].eq(255).all()  # transparent pixels composited on white
    dataset = data.train_dataset(seed=0)
    assert len(dataset) == 6  # the smaller domain repeated to the larger's size
    shutil.rmtree(cyclegan_folder / "testB")
    with pytest.raises(DataUnavailableError, match=r"\(missing: testB\)"):
        load_unpaired(f"folder:{cyclegan_folder}")
    with pytest.raises(InvalidInputError, match="unknown unpaired data source"):
        load_unpaired("horse2unicorn")


def test_training_rows_never_hold_a_true_pair(cyclegan_folder):
    from ganzoo.data.unpaired import UnpairedData

    images = torch.arange(50, dtype=torch.uint8).view(50, 1, 1, 1).expand(50, 3, 2, 2).contiguous()
    data = UnpairedData("toy", "", ("A", "B"), images, images.clone(), images[:2], images[:2], test_paired=True)
    a, b = data.train_dataset(seed=3).tensors
    assert not (a[:, 0, 0, 0] == b[:, 0, 0, 0]).any()  # no row meets its twin
    assert sorted(b[:, 0, 0, 0].tolist()) == list(range(50))  # every B image, once
    assert torch.equal(b, data.train_dataset(seed=3).tensors[1])  # fixed by the seed


def test_the_full_objective_learns_the_identity_when_both_domains_are_the_same(tmp_path):
    """A tiny overfit: with A = B the best G and F leave images alone, and cycle + identity say so."""
    torch.manual_seed(0)
    # Smooth pictures (4 x 4 colours, enlarged): what a generator that downsamples can rebuild.
    low = torch.rand(8, 3, 4, 4)
    x = (torch.nn.functional.interpolate(low, size=16, mode="bilinear") * 255).round().to(torch.uint8)
    task = CycleGanTask(x[:4], x[:4], test_paired=True, g_width=8, blocks=1, d_width=8, lr=2e-3)
    before = task.evaluate()["l1_a_to_b"]
    dataset = torch.utils.data.TensorDataset(x, x.flip(0))
    result = fit(task, dataset, TrainConfig(out=tmp_path / "run", epochs=30, batch_size=4, log_every=10,
                                            progress=False))
    after = result.eval_metrics
    assert after["l1_a_to_b"] < 0.4 * before and after["l1_b_to_a"] < 0.4 * before
    assert after["cycle_a"] < 0.15 and after["cycle_b"] < 0.15
    assert (tmp_path / "run" / "samples" / "epoch_029.png").exists()


def test_train_cli_exports_both_generators_with_the_cycle_weights_in_the_card(cyclegan_folder, tmp_path, monkeypatch):
    monkeypatch.setenv("GANZOO_CHECKPOINTS", str(tmp_path / "ckpt"))
    code = train_main(["cyclegan", "--data", f"folder:{cyclegan_folder}", "--max-steps", "2", "--batch-size", "2",
                       "--g-width", "4", "--blocks", "1", "--d-width", "4", "--no-progress", "--half",
                       "--cycle-weight", "0", "--out", str(tmp_path / "run"), "--export", "tiny-cyc"])
    assert code == 0
    card = json.loads((tmp_path / "ckpt" / "tiny-cyc.json").read_text())
    assert card["training"]["cycle_weight"] == 0 and card["training"]["identity_weight"] == 0
    assert card["dataset"]["train_examples"] == [6, 4] and card["storage_dtype"] == "float16"
    loaded = checkpoints.load("tiny-cyc")
    assert isinstance(loaded.model, CycleGenerators)
    two_colours = Image.new("RGB", (10, 10), "red")
    two_colours.paste((0, 0, 255), (0, 0, 5, 10))
    # The card records the size it trained at (the folder's default, 128 px); the swap works at it.
    size = card["dataset"]["image_size"]
    assert size == 128 and swap_domain(loaded, two_colours).translated.size == (size, size)


def test_swap_domain_returns_the_round_trip_and_its_error():
    torch.manual_seed(0)
    pair = CycleGenerators(width=4, blocks=1)
    emoji = Image.new("RGBA", (300, 150), (0, 0, 0, 0))
    emoji.paste((250, 200, 0, 255), (100, 25, 200, 125))
    trip = swap_domain(pair, emoji, to="twemoji")
    assert trip.input.size == trip.translated.size == trip.reconstructed.size == (64, 64)
    assert trip.input.getpixel((0, 0)) == (255, 255, 255)  # transparency on white, like the training emoji
    assert trip.error_map.shape == (64, 64) and 0 <= trip.error_map.min() and trip.error_map.max() <= 1
    assert trip.cycle_error == pytest.approx(float(trip.error_map.mean()))
    again = swap_domain(pair, emoji, to="twemoji")
    assert np.array_equal(again.error_map, trip.error_map)  # deterministic
    assert swap_domain(pair, emoji, to="noto").translated != trip.translated  # the other network
    # A target by letter is the same network as by name; the size is the model's (64 px without a card).
    assert np.array_equal(swap_domain(pair, emoji, to="B").error_map, trip.error_map)
    assert swap_domain(pair, emoji, to="a", size=128).translated.size == (128, 128)
    with pytest.raises(InvalidInputError, match="to must be one of"):
        swap_domain(pair, emoji, to="klingon")
    with pytest.raises(InvalidInputError, match="CycleGAN checkpoint"):
        swap_domain(ResnetGenerator(width=4, blocks=1), emoji)
    with pytest.raises(InvalidInputError, match="picture"):
        swap_domain(pair, b"not an image")
    grey = Image.new("L", (64, 64), 128)
    grey.paste(20, (0, 0, 32, 64))
    assert prepare_emoji(grey).mode == "RGB"


def test_error_heatmap_runs_from_black_to_white():
    heat = error_heatmap(np.array([[0.0, 1.0]]), scale=0.5, size=20)
    assert heat.size == (20, 20)
    assert heat.getpixel((0, 10)) == (0, 0, 0) and heat.getpixel((19, 10)) == (255, 255, 255)


def test_retrieval_finds_each_images_own_row_and_nothing_when_shuffled():
    torch.manual_seed(0)
    truths = torch.rand(20, 3, 32, 32) * 2 - 1
    assert retrieval(truths + 0.01 * torch.randn_like(truths), truths) == (1.0, 1.0)
    top1, top5 = retrieval(truths.roll(1, 0), truths)
    assert top1 == 0 and top5 < 1


def test_metrics_of_an_unpaired_folder_measure_the_round_trip_only(cyclegan_folder, tmp_path, monkeypatch):
    from ganzoo.metrics.cyclegan import evaluate_cyclegan

    monkeypatch.setenv("GANZOO_CHECKPOINTS", str(tmp_path / "ckpt"))
    assert train_main(["cyclegan", "--data", f"folder:{cyclegan_folder}", "--max-steps", "1", "--batch-size", "2",
                       "--g-width", "4", "--blocks", "1", "--d-width", "4", "--no-progress",
                       "--out", str(tmp_path / "run"), "--export", "tiny"]) == 0
    metrics = evaluate_cyclegan("tiny")
    assert metrics["test_images"] == 2
    for direction in ("a_to_b", "b_to_a"):
        assert 0 < metrics[direction]["cycle_error"] <= 1
        assert "l1" not in metrics[direction] and "retrieval_top1" not in metrics[direction]


def test_download_once_unpacks_zip_and_tar_archives_and_refuses_unsafe_paths(tmp_path, monkeypatch):
    import tarfile
    import urllib.request
    import zipfile

    from ganzoo.data.download import download_once

    served = tmp_path / "served"
    served.mkdir()
    with zipfile.ZipFile(served / "toy.zip", "w") as z:
        z.writestr("toy/trainA/a.txt", "x")
    with zipfile.ZipFile(served / "evil.zip", "w") as z:
        z.writestr("../outside.txt", "x")
    (tmp_path / "toy2" / "train").mkdir(parents=True)
    with tarfile.open(served / "toy2.tar.gz", "w:gz") as tar:
        tar.add(tmp_path / "toy2", arcname="toy2")
    fetched = []
    monkeypatch.setattr(urllib.request, "urlretrieve",
                        lambda url, path: fetched.append(url) or shutil.copy(served / url.rsplit("/", 1)[-1], path))
    got = tmp_path / "got"
    assert download_once("http://x/toy.zip", got / "toy", ready="trainA") == got / "toy"
    assert (got / "toy" / "trainA" / "a.txt").exists() and not (got / "toy.zip").exists()
    download_once("http://x/toy.zip", got / "toy", ready="trainA")
    assert len(fetched) == 1  # once: the second call finds it unpacked
    assert (download_once("http://x/toy2.tar.gz", got / "toy2", ready="train") / "train").is_dir()
    with pytest.raises(DataUnavailableError, match="unsafe path"):
        download_once("http://x/evil.zip", got / "evil", ready="trainA")
    assert not (got.parent / "outside.txt").exists()


def test_familiarity_scores_pictures_off_the_training_axes_higher():
    """Features on a 3-D subspace (plus a little noise) score about 1; features off it score far more."""
    from ganzoo.metrics.familiarity import area_under_roc, best_threshold
    from ganzoo.models.familiarity import FeatureFamiliarity

    g = torch.Generator().manual_seed(0)
    basis = torch.randn(3, 20, generator=g)
    inside = lambda n: torch.randn(n, 3, generator=g) @ basis + 0.05 * torch.randn(n, 20, generator=g)  # noqa: E731
    score = FeatureFamiliarity(features=20, axes=3)
    score.fit(inside(200))
    near, far = score(inside(50)), score(inside(50) + torch.randn(50, 20, generator=g))
    assert 0.7 < near.median() < 1.3 and far.min() > 3 * near.max()
    assert area_under_roc(far, near) == 1.0 and near.max() < best_threshold(far, near) < far.min()
