"""pix2pix: the U-Net and PatchGAN, their loss, paired data, augmentation, training and the inference API."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from PIL import Image

from ganzoo import checkpoints
from ganzoo.data.augment import augment_sketch_pairs, jitter_line_width, shared_affine
from ganzoo.data.pairs import load_pairs, split_side_by_side
from ganzoo.errors import DataUnavailableError, InvalidInputError
from ganzoo.inference import translate
from ganzoo.losses import generator_loss, l1_loss, pix2pix_generator_loss
from ganzoo.models import PatchDiscriminator, UNetGenerator
from ganzoo.train.__main__ import main as train_main
from ganzoo.train.loop import TrainConfig, fit
from ganzoo.train.pix2pix import Pix2PixTask


@pytest.fixture
def small_unet() -> UNetGenerator:
    torch.manual_seed(0)
    return UNetGenerator(width=8, max_width=16).eval()


def test_unet_maps_a_sketch_to_an_image_of_the_same_size_in_range(small_unet):
    out = small_unet(torch.rand(2, 3, 128, 128) * 2 - 1)
    assert out.shape == (2, 3, 128, 128) and out.min() >= -1 and out.max() <= 1


def test_unet_skip_connections_carry_the_input_past_a_zeroed_bottleneck(small_unet):
    """With the 1x1 bottleneck forced to zero, only the skips can make the output depend on x."""
    small_unet.encoder[-1].register_forward_hook(lambda module, args, out: torch.zeros_like(out))
    a, b = torch.rand(1, 3, 128, 128) * 2 - 1, torch.rand(1, 3, 128, 128) * 2 - 1
    with torch.no_grad():
        assert not torch.allclose(small_unet(a), small_unet(b), atol=1e-4)


def test_patchgan_gives_a_30x30_grid_of_34px_patches_at_128px():
    torch.manual_seed(0)
    d = PatchDiscriminator(width=8).eval()
    sketch = torch.zeros(1, 3, 128, 128, requires_grad=True)
    logits = d(sketch, torch.zeros(1, 3, 128, 128))
    assert logits.shape == (1, 1, 30, 30) and d.receptive_field == 34
    assert PatchDiscriminator(width=8, n_layers=3).receptive_field == 70  # the paper's 70 x 70
    # One logit depends on a square of at most 34 px of the input, nothing outside it.
    logits[0, 0, 15, 15].backward()
    touched = sketch.grad.abs().sum((0, 1)) > 0
    rows, cols = touched.any(1).nonzero().flatten(), touched.any(0).nonzero().flatten()
    assert 0 < rows.max() - rows.min() + 1 <= 34 and 0 < cols.max() - cols.min() + 1 <= 34


def test_pix2pix_loss_is_gan_plus_lambda_l1_and_each_ablation_keeps_one_term():
    torch.manual_seed(0)
    logits, out, target = torch.randn(2, 1, 30, 30), torch.rand(2, 3, 8, 8), torch.rand(2, 3, 8, 8)
    both = pix2pix_generator_loss(logits, out, target, l1_weight=100, gan_weight=1)
    assert torch.isclose(both, generator_loss(logits) + 100 * l1_loss(out, target))
    assert torch.isclose(pix2pix_generator_loss(None, out, target, 100, 0), 100 * l1_loss(out, target))
    assert torch.isclose(pix2pix_generator_loss(logits, out, target, 0, 1), generator_loss(logits))


def write_pairs(folder, count: int, size: int = 32) -> None:
    """A|B images: A a black square outline on white, B the same square filled red."""
    folder.mkdir(parents=True)
    for i in range(count):
        a, b = Image.new("RGB", (size, size), "white"), Image.new("RGB", (size, size), "white")
        lo, hi = 4 + i % 5, size - 6 - i % 3
        for x in range(lo, hi):
            for y in (lo, hi - 1):
                a.putpixel((x, y), (0, 0, 0))
                a.putpixel((y, x), (0, 0, 0))
        b.paste((220, 30, 30), (lo, lo, hi, hi))
        pair = Image.new("RGB", (2 * size, size))
        pair.paste(a, (0, 0))
        pair.paste(b, (size, 0))
        pair.save(folder / f"{i:03d}.png")


@pytest.fixture
def pix2pix_folder(tmp_path):
    write_pairs(tmp_path / "pairs" / "train", 8)
    write_pairs(tmp_path / "pairs" / "val", 2)  # edges2shoes names its test split val/
    return tmp_path / "pairs"


def test_folder_data_reads_the_pix2pix_a_b_layout(pix2pix_folder):
    data = load_pairs(f"folder:{pix2pix_folder}", image_size=128)
    assert data.train_inputs.shape == (8, 3, 128, 128) and data.train_inputs.dtype == torch.uint8
    assert data.test_targets.shape == (2, 3, 128, 128)
    assert data.train_inputs[0, 0, 64, 64] == 255 and data.train_targets[0, 1, 64, 64] < 60  # white | red
    with pytest.raises(DataUnavailableError, match="train/ and test/"):
        load_pairs(f"folder:{pix2pix_folder / 'train'}")


def test_side_by_side_split_and_missing_openmoji_explain_themselves(tmp_path, monkeypatch):
    a, b = split_side_by_side(Image.new("RGB", (10, 4), "white"), 8)
    assert a.shape == b.shape == (8, 8, 3)
    monkeypatch.setenv("GANZOO_DATA", str(tmp_path))
    with pytest.raises(DataUnavailableError, match="GANZOO_DATA"):
        load_pairs("openmoji")
    with pytest.raises(InvalidInputError, match="unknown paired data source"):
        load_pairs("cityscapes-please")


def test_augmentation_keeps_pairs_aligned_and_changes_only_the_sketchs_pen():
    torch.manual_seed(0)
    image = -torch.ones(4, 3, 64, 64)
    image[:, :, 20:44, 30:34] = 1  # a white bar on black, identical as sketch and target
    sketch, target = shared_affine(image.clone(), image.clone())
    assert torch.allclose(sketch, target)  # the same warp for both
    sketch, target = augment_sketch_pairs(image.clone(), image.clone())
    assert sketch.shape == target.shape == image.shape
    assert sketch.min() >= -1 - 1e-5 and sketch.max() <= 1 + 1e-5
    ink = -torch.ones(64, 1, 3, 16, 16)  # all black: any erosion or dilation keeps it black...
    ink[:, :, :, 8, :] = 1  # ...except around a white line, which thins or thickens
    widths = {int((jitter_line_width(i) > 0).sum()) for i in ink}
    assert len(widths) >= 2


def test_sketch_tremor_draws_the_sketch_off_the_pictures_edges_and_leaves_the_picture_as_without_it():
    """--sketch-tremor: the sketch alone moves (a hand's line is never on the edge); the picture is
    warped exactly as it would be without it."""
    image = torch.ones(16, 3, 64, 64)
    image[:, :, 8:56, 31:33] = -1  # a thin black line on white, the same as sketch and picture

    def ink_overlap(sketch: torch.Tensor, target: torch.Tensor) -> float:
        a, b = sketch.mean(1) < 0, target.mean(1) < 0
        return ((a & b).sum() / (a | b).sum()).item()

    overlaps, targets = {}, {}
    for tremor in (0.0, 3.0):
        torch.manual_seed(0)
        sketch, targets[tremor] = augment_sketch_pairs(image.clone(), image.clone(), sketch_tremor=tremor)
        overlaps[tremor] = ink_overlap(sketch, targets[tremor])
    assert torch.equal(targets[0.0], targets[3.0])
    assert overlaps[3.0] < 0.75 * overlaps[0.0], overlaps


def test_a_negative_sketch_tremor_is_refused_by_name_in_the_api_and_on_the_command_line(tmp_path, capsys):
    sketches = torch.zeros(2, 3, 64, 64, dtype=torch.uint8)
    with pytest.raises(ValueError, match="sketch_tremor must be >= 0"):
        Pix2PixTask(sketches, sketches, sketches, sketch_tremor=-1.0)
    with pytest.raises(SystemExit) as refused:
        train_main(["pix2pix", "--data", "fluent", "--sketch-tremor", "-1", "--out", str(tmp_path / "run")])
    assert refused.value.code == 2 and "--sketch-tremor is a distance in pixels" in capsys.readouterr().err
    assert not (tmp_path / "run").exists()


def test_training_on_a_tiny_set_lowers_l1(pix2pix_folder, tmp_path):
    data = load_pairs(f"folder:{pix2pix_folder}", image_size=128)
    torch.manual_seed(0)
    task = Pix2PixTask(data.train_inputs, data.train_inputs[:2], data.train_targets[:2], g_width=8, g_max_width=16,
                       d_width=8, augment=False, lr=2e-3)
    result = fit(task, data.train_dataset(), TrainConfig(out=tmp_path / "run", epochs=15, batch_size=4,
                                                         log_every=2, progress=False))
    rows = (tmp_path / "run" / "metrics.csv").read_text().splitlines()
    header, first, last = rows[0].split(","), rows[1].split(","), rows[-1].split(",")
    l1 = header.index("l1")
    assert float(last[l1]) < 0.6 * float(first[l1])
    assert result.eval_metrics["test_l1"] < 0.6 * float(first[l1])
    assert (tmp_path / "run" / "samples" / "epoch_014.png").exists()


def test_train_cli_exports_float16_generator_and_discriminator_with_cards(pix2pix_folder, tmp_path, monkeypatch):
    monkeypatch.setenv("GANZOO_CHECKPOINTS", str(tmp_path / "ckpt"))
    code = train_main(["pix2pix", "--data", f"folder:{pix2pix_folder}", "--max-steps", "2", "--batch-size", "4",
                       "--no-progress", "--half", "--out", str(tmp_path / "run"), "--export", "p2p",
                       "--export-discriminator", "p2p-d", "--gan-weight", "1", "--l1-weight", "50"])
    assert code == 0
    card = json.loads((tmp_path / "ckpt" / "p2p.json").read_text())
    assert card["storage_dtype"] == "float16" and card["training"]["l1_weight"] == 50
    assert card["dataset"]["train_examples"] == 8 and "pix2pix train --" not in card["training"]["command"]
    generator, discriminator = checkpoints.load("p2p"), checkpoints.load("p2p-d")
    assert isinstance(generator.model, UNetGenerator) and isinstance(discriminator.model, PatchDiscriminator)
    assert next(generator.model.parameters()).dtype == torch.float32  # stored half, computed in float32


def test_translate_api_takes_any_picture_and_refuses_empty_sketches(small_unet):
    drawing = Image.new("RGBA", (300, 200), (0, 0, 0, 0))
    for x in range(50, 250):
        drawing.putpixel((x, 100), (0, 0, 0, 255))
    picture = translate.translate(small_unet, drawing)
    assert picture.size == (128, 128) and picture.mode == "RGB"
    assert translate.translate(small_unet, drawing) == picture  # deterministic: no dropout at run time
    with pytest.raises(InvalidInputError, match="empty"):
        translate.translate(small_unet, Image.new("RGB", (64, 64), "white"))
    with pytest.raises(InvalidInputError, match="UNetGenerator"):
        translate.translate(PatchDiscriminator(width=8), drawing)
    realness = translate.patch_realness(PatchDiscriminator(width=8), translate.prepare_sketch(drawing), picture)
    assert realness.shape == (30, 30) and 0 <= realness.min() and realness.max() <= 1
    overlay = translate.patch_overlay(picture, np.zeros((30, 30)))
    assert overlay.size == picture.size and overlay.getpixel((64, 64))[0] > overlay.getpixel((64, 64))[1]


@torch.no_grad()
def test_finish_recomputes_batch_norm_statistics_on_the_clean_training_sketches(pix2pix_folder):
    data = load_pairs(f"folder:{pix2pix_folder}", image_size=128)
    torch.manual_seed(0)
    task = Pix2PixTask(data.train_inputs, data.test_inputs, data.test_targets, g_width=8, g_max_width=16, d_width=8)
    generator = task.modules["generator"]
    task.finish()
    # With all eight sketches in one batch, eval mode (the recomputed averages) now matches what
    # batch statistics over exactly those sketches give (up to the unbiased variance's n / (n - 1)).
    first_norm = next(m for m in generator.modules() if isinstance(m, torch.nn.BatchNorm2d))
    assert first_norm.momentum == 0.1 and first_norm.num_batches_tracked == 1  # one pass, one batch
    x = data.train_inputs.float() / 127.5 - 1
    eval_output = generator.eval()(x)
    generator.train()
    for m in generator.modules():
        if isinstance(m, torch.nn.Dropout):
            m.eval()
    assert torch.allclose(eval_output, generator(x), atol=0.05)


@torch.no_grad()
def test_an_instance_norm_patchgan_judges_each_pair_alone_the_same_in_training_and_in_use(pix2pix_folder):
    data = load_pairs(f"folder:{pix2pix_folder}", image_size=128)
    torch.manual_seed(0)
    sketch = torch.rand(4, 3, 128, 128) * 2 - 1
    target, output = torch.rand(4, 3, 128, 128) * 0.5 + 0.5, torch.rand(4, 3, 128, 128) * 0.5 - 1  # light, dark
    task = {norm: Pix2PixTask(data.train_inputs, data.test_inputs, data.test_targets, g_width=8, g_max_width=16,
                              d_width=8, d_norm=norm) for norm in ("batch", "instance")}
    assert task["instance"].discriminator_spec[1] == {"width": 8, "norm": "instance"}
    assert task["batch"].discriminator_spec[1] == {"width": 8}  # older cards stay as they were
    verdicts = {}
    for norm in ("batch", "instance"):
        torch.manual_seed(1)
        d = PatchDiscriminator(width=8, norm=norm).train()
        in_training = torch.cat([d(sketch, target), d(sketch, output)])  # a batch of each kind, as the step does
        d.eval()
        alone = torch.cat([d(sketch[i:i + 1], y[i:i + 1]) for y in (target, output) for i in range(4)])
        verdicts[norm] = (in_training - alone).abs().max().item()
    # Instance norm: the verdict on one pair is the same in a batch of its kind and alone in the tab.
    # Batch norm: what D was trained to say (batch statistics) is not what it says in use (running ones).
    assert verdicts["instance"] < 1e-4 < 0.1 < verdicts["batch"], verdicts


def test_training_only_the_discriminator_against_a_frozen_generator_separates_real_from_generated(
        pix2pix_folder, tmp_path, monkeypatch):
    monkeypatch.setenv("GANZOO_CHECKPOINTS", str(tmp_path / "ckpt"))
    # The arithmetic pinned: "auto" picks the layout that is faster at that moment, and under a loaded CI
    # machine a different pick gave a different (chaotic, 40-step) game.
    common = ["pix2pix", "--data", f"folder:{pix2pix_folder}", "--batch-size", "4", "--no-progress",
              "--g-width", "8", "--d-width", "8", "--precision", "fp32", "--memory-format", "contiguous",
              "--threads", "1"]
    assert train_main([*common, "--max-steps", "2", "--out", str(tmp_path / "game"), "--export", "g",
                       "--export-discriminator", "d"]) == 0
    generator_before = {k: v.clone() for k, v in checkpoints.load("g").model.state_dict().items()}
    assert train_main([*common, "--max-steps", "120", "--g-lr", "2e-3", "--out", str(tmp_path / "judge"),
                       "--frozen-generator", "g", "--discriminator-from", "d", "--export-discriminator", "d2"]) == 0
    card = checkpoints.read_card("d2")
    assert card["training"]["frozen_generator"] == "g" and card["training"]["discriminator_from"] == "d"
    # Held out: D now calls the true pictures real and the frozen G's pictures fake.
    assert card["metrics"]["test_d_real"] > card["metrics"]["test_d_fake"] + 0.25, card["metrics"]
    assert all(torch.equal(v, checkpoints.load("g").model.state_dict()[k]) for k, v in generator_before.items())
    # Only D is trained: asking to ship a generator from such a run is refused.
    with pytest.raises(SystemExit):
        train_main([*common, "--max-steps", "1", "--out", str(tmp_path / "bad"), "--frozen-generator", "g",
                    "--export", "g2"])
