import csv
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from ganzoo.data import load_digits
from ganzoo.paths import REPO_ROOT as REPO
from ganzoo.train.__main__ import main as train_main
from ganzoo.train.classifier import ClassifierTask
from ganzoo.train.distributed import Distributed
from ganzoo.train.gan import GanTask
from ganzoo.train.loop import CHECKPOINT_FILE, TrainConfig, fit


@pytest.fixture(scope="module")
def synthetic():
    return load_digits("synthetic")


def validation_part(data):
    return data.validation_images, data.validation_labels


def rows(path: Path) -> list[dict[str, str]]:
    with open(path) as f:
        return list(csv.DictReader(f))


def test_classifier_loss_falls_on_a_tiny_overfit(synthetic, tmp_path):
    task = ClassifierTask(synthetic.validation_images, synthetic.validation_labels, lr=3e-3)
    cfg = TrainConfig(out=tmp_path, epochs=6, batch_size=32, log_every=9, progress=False)
    result = fit(task, synthetic.train_dataset(), cfg)
    losses = [float(r["loss"]) for r in rows(tmp_path / "metrics.csv")]
    assert losses[-1] < 0.5 * losses[0]
    assert result.eval_metrics["validation_accuracy"] > 0.5  # 10 classes: chance is 0.1


def test_gan_discriminator_learns_to_separate_real_from_fake(synthetic, tmp_path):
    task = GanTask(conditional=True, z_dim=16, g_width=8, d_width=8)
    cfg = TrainConfig(out=tmp_path, max_steps=30, batch_size=32, log_every=10, progress=False)
    fit(task, synthetic.train_dataset(), cfg)
    log = rows(tmp_path / "metrics.csv")
    assert float(log[-1]["loss_d"]) < float(log[0]["loss_d"])
    assert float(log[-1]["d_real"]) > float(log[-1]["d_fake"])
    grid = tmp_path / "samples" / "epoch_000.png"
    assert grid.exists()  # end-of-run grid, even mid-epoch


def test_sample_grid_lays_images_in_rows_with_black_lines_between(tmp_path):
    from PIL import Image

    from ganzoo.train.loop import save_sample_grid

    images = torch.stack([torch.full((1, 4, 5), value) for value in (-1.0, 0.0, 1.0)])  # black, grey, white
    save_sample_grid(images, tmp_path / "grid.png", nrow=2, padding=2)
    pixels = np.asarray(Image.open(tmp_path / "grid.png"))
    assert pixels.shape == (2 + 2 * (4 + 2), 2 + 2 * (5 + 2))  # 2 rows, 2 columns, 2-pixel lines
    assert (pixels[2:6, 2:7] == 0).all() and (pixels[2:6, 9:14] == 128).all()  # row 1: -1 -> 0, 0 -> 128
    assert (pixels[8:12, 2:7] == 255).all() and (pixels[8:12, 9:14] == 0).all()  # row 2: white, empty cell
    assert (pixels[:2] == 0).all() and (pixels[:, 7:9] == 0).all()  # the lines


def train_tiny_gan(out: Path, data, max_steps: int) -> GanTask:
    torch.manual_seed(0)
    task = GanTask(conditional=True, z_dim=16, g_width=8, d_width=8)
    cfg = TrainConfig(out=out, max_steps=max_steps, batch_size=16, save_every=1, progress=False)
    fit(task, data.train_dataset(), cfg)
    return task


def test_an_interrupted_run_resumes_to_exactly_the_uninterrupted_state(synthetic, tmp_path):
    straight = train_tiny_gan(tmp_path / "straight", synthetic, max_steps=2)
    train_tiny_gan(tmp_path / "resumed", synthetic, max_steps=1)  # "killed" after step 1
    assert (tmp_path / "resumed" / CHECKPOINT_FILE).exists()
    resumed = train_tiny_gan(tmp_path / "resumed", synthetic, max_steps=2)
    for name in ("generator", "discriminator"):
        a, b = straight.modules[name].state_dict(), resumed.modules[name].state_dict()
        assert all(torch.equal(a[k], b[k]) for k in a), name
    state = torch.load(tmp_path / "resumed" / CHECKPOINT_FILE, weights_only=True)
    assert state["step"] == 2


def test_training_command_exports_a_loadable_checkpoint(tmp_path):
    code = train_main(["dcgan", "--data", "synthetic", "--max-steps", "2", "--batch-size", "16",
                       "--out", str(tmp_path / "run"), "--export", str(tmp_path / "ship" / "tiny"),
                       "--no-progress"])
    assert code == 0
    card = json.loads((tmp_path / "ship" / "tiny.json").read_text())
    assert card["architecture"] == "dcgan.Generator"
    assert card["training"]["steps"] == 2
    assert "--max-steps 2" in card["training"]["command"]
    import ganzoo

    assert ganzoo.load(tmp_path / "ship" / "tiny").model.z_dim == 64


def test_two_process_ddp_run_on_cpu_with_gloo(tmp_path, free_port):
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2",
               "--master_addr", "127.0.0.1", "--master_port", str(free_port),
               "-m", "ganzoo.train", "cgan", "--data", "synthetic",
               "--max-steps", "3", "--batch-size", "8", "--log-every", "1", "--device", "cpu",
               "--out", str(tmp_path / "run"), "--export", str(tmp_path / "ship" / "ddp"),
               "--no-progress"]
    # A session of its own, so a hang kills torchrun's workers too, not only torchrun.
    launcher = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = launcher.communicate(timeout=180)
    except subprocess.TimeoutExpired:
        os.killpg(launcher.pid, signal.SIGKILL)
        raise
    assert launcher.returncode == 0, stderr[-3000:]
    assert stdout.count("done: 3 steps") == 2  # both processes finished
    card = json.loads((tmp_path / "ship" / "ddp.json").read_text())
    assert card["training"]["processes"] == 2
    assert card["training"]["batch_size"] == 16  # 8 per process x 2
    assert len(rows(tmp_path / "run" / "metrics.csv")) == 3  # only rank 0 logs


def test_ema_generator_trails_the_trained_one_and_is_what_gets_sampled(synthetic, tmp_path):
    torch.manual_seed(0)
    task = GanTask(conditional=False, z_dim=16, g_width=8, d_width=8, ema_decay=0.5)
    initial = {k: v.clone() for k, v in task.modules["generator_ema"].state_dict().items()}
    fit(task, synthetic.train_dataset(), TrainConfig(out=tmp_path, max_steps=3, batch_size=16, progress=False))
    ema, live = task.modules["generator_ema"], task.modules["generator"]
    assert set(task.optimizers) == {"generator", "discriminator"}
    weight = "net.0.weight"
    # After 3 steps with decay 0.5 the average lies strictly between the start and the live weights.
    assert not torch.equal(ema.state_dict()[weight], initial[weight])
    assert not torch.equal(ema.state_dict()[weight], live.state_dict()[weight])
    assert task.shipped_generator is ema
    state = torch.load(tmp_path / CHECKPOINT_FILE, weights_only=True)
    assert "generator_ema" in state["modules"]


def test_running_a_finished_run_again_trains_no_more_and_keeps_its_last_losses(synthetic, tmp_path):
    cfg = TrainConfig(out=tmp_path, epochs=1, batch_size=32, log_every=3, progress=False)
    first = fit(ClassifierTask(*validation_part(synthetic)), synthetic.train_dataset(), cfg)
    logged = len(rows(tmp_path / "metrics.csv"))
    again = fit(ClassifierTask(*validation_part(synthetic)), synthetic.train_dataset(), cfg)
    assert again.steps == first.steps and len(rows(tmp_path / "metrics.csv")) == logged
    assert again.last_metrics.keys() == first.last_metrics.keys()
    assert again.last_metrics["loss"] == pytest.approx(first.last_metrics["loss"], rel=1e-5)
    assert again.eval_metrics["validation_accuracy"] == first.eval_metrics["validation_accuracy"]


def test_a_wall_time_budget_stops_the_run_and_still_finishes_it(tmp_path, synthetic):
    from ganzoo.train.loop import out_of_time

    env = Distributed()
    assert out_of_time(61.0, 1.0, env) and not out_of_time(59.0, 1.0, env)
    cfg = TrainConfig(out=tmp_path, epochs=50, batch_size=16, progress=False, max_minutes=0.0)
    result = fit(ClassifierTask(*validation_part(synthetic)), synthetic.train_dataset(), cfg)
    assert result.steps == 1  # the first step passes a zero budget; the run then stops and evaluates
    assert (tmp_path / "checkpoint.pt").exists() and result.eval_metrics


def test_recomputed_batch_norm_statistics_are_the_plain_average_of_the_inputs():
    from ganzoo.train.loop import recompute_batch_norm_statistics

    net = torch.nn.Sequential(torch.nn.BatchNorm1d(3, momentum=0.03), torch.nn.Dropout(0.5))
    batches = [torch.randn(50, 3) * 2 + 5 for _ in range(4)]
    recompute_batch_norm_statistics(net, ((b,) for b in batches))
    assert torch.allclose(net[0].running_mean, torch.cat(batches).mean(0), atol=1e-5)
    assert net[0].momentum == 0.03 and net.training  # the network's own momentum, restored (not reset to 0.1)


def test_ema_generator_statistics_are_measured_on_its_own_activations(synthetic, tmp_path):
    torch.manual_seed(0)
    task = GanTask(conditional=False, z_dim=16, g_width=8, d_width=8, ema_decay=0.9)
    fit(task, synthetic.train_dataset(), TrainConfig(out=tmp_path, max_steps=4, batch_size=16, progress=False))
    ema = task.modules["generator_ema"]
    norm = next(m for m in ema.modules() if isinstance(m, torch.nn.BatchNorm2d))
    # Measure the first batch norm's input over fresh latents: the stored statistics must match it.
    captured = []
    hook = norm.register_forward_hook(lambda m, inputs, out: captured.append(inputs[0]))
    ema.train()
    with torch.no_grad():
        ema(torch.randn(4000, 16))
    hook.remove()
    assert torch.allclose(norm.running_mean, captured[0].mean((0, 2, 3)), atol=0.05 * captured[0].std().item())


def test_clustered_dcgan_trains_on_its_own_clusters_and_ships_the_cell_generator(tmp_path):
    code = train_main(["dcgan", "--data", "synthetic", "--clusters", "4", "--max-steps", "2", "--batch-size", "16",
                       "--out", str(tmp_path / "run"), "--export", str(tmp_path / "ship" / "cells"),
                       "--no-progress"])
    assert code == 0
    card = json.loads((tmp_path / "ship" / "cells.json").read_text())
    assert card["architecture"] == "dcgan.ClusterGenerator"
    assert card["arguments"]["clusters"] == 4 and card["training"]["clusters"]["k"] == 4
    import ganzoo

    generator = ganzoo.load(tmp_path / "ship" / "cells").model
    # The cell sizes were fitted to the k-means clusters: not left at zero offsets.
    assert generator.cell_offsets.abs().sum() > 0
    assert generator(torch.randn(3, 64)).shape == (3, 1, 28, 28)


def test_clusters_are_refused_for_models_other_than_the_dcgan(capsys):
    with pytest.raises(SystemExit):
        train_main(["cgan", "--data", "synthetic", "--clusters", "4", "--out", "unused"])
    assert "unrecognized arguments: --clusters" in capsys.readouterr().err  # an option of dcgan only


@pytest.mark.parametrize("clusters", ["-3", "1", "65"])
def test_a_cluster_count_the_latent_cannot_hold_is_refused_before_any_work(clusters, capsys):
    with pytest.raises(SystemExit):
        train_main(["dcgan", "--data", "synthetic", "--clusters", clusters, "--out", "unused"])
    assert "--clusters must be 0 (off) or between 2 and --z-dim (64)" in capsys.readouterr().err
