"""Training speed: bfloat16 and channels-last chosen by measurement, frozen D, and the review's loop fixes."""

from __future__ import annotations

import json
import math

import pytest
import torch

from ganzoo.train import speed
from ganzoo.train.__main__ import build_task, parse_args
from ganzoo.train.__main__ import main as train_main
from ganzoo.train.distributed import Distributed
from ganzoo.train.loop import StepContext, TrainConfig, fit, out_of_time
from ganzoo.train.pix2pix import Pix2PixTask


def tiny_pix2pix_task(seed: int = 0) -> tuple[Pix2PixTask, list[torch.Tensor]]:
    torch.manual_seed(seed)
    sketches = torch.randint(0, 256, (4, 3, 128, 128), dtype=torch.uint8)
    targets = torch.randint(0, 256, (4, 3, 128, 128), dtype=torch.uint8)
    task = Pix2PixTask(sketches, sketches[:2], targets[:2], g_width=4, g_max_width=8, d_width=4, augment=False)
    task.build_optimizers()
    return task, [sketches, targets]


def first_step_losses(precision: str, memory_format: str) -> dict[str, float]:
    task, batch = tiny_pix2pix_task()
    speed.set_memory_format(task, memory_format)
    ctx = StepContext(dict(task.modules), task.optimizers, torch.device("cpu"), precision, memory_format)
    torch.manual_seed(1)
    return task.training_step([ctx.to_format(t) for t in batch], ctx)


def test_a_bfloat16_step_gives_finite_losses_close_to_float32():
    fp32 = first_step_losses("fp32", "contiguous")
    bf16 = first_step_losses("bf16", "channels_last")
    assert all(math.isfinite(v) for v in bf16.values())
    # bfloat16 keeps 8 bits of mantissa: about 2-3 significant digits, so within a few percent.
    assert speed.losses_agree(fp32, bf16, tolerance=0.05), (fp32, bf16)
    assert bf16 != fp32  # it did run in another precision


def test_channels_last_gives_the_same_step_as_contiguous():
    a, b = first_step_losses("fp32", "contiguous"), first_step_losses("fp32", "channels_last")
    assert all(abs(a[k] - b[k]) <= 1e-4 * max(1.0, abs(a[k])) for k in a)


def test_the_probe_returns_a_valid_choice_and_leaves_the_task_untouched():
    task, batch = tiny_pix2pix_task()
    before = {k: v.clone() for k, v in task.modules["generator"].state_dict().items()}

    def make_context(trial, p, f):
        return StepContext(dict(trial.modules), trial.optimizers, torch.device("cpu"), p, f)

    choice = speed.choose(task, make_context, batch, "fp32", "auto", steps=1)
    assert (choice.precision, choice.memory_format) in {("fp32", "contiguous"), ("fp32", "channels_last")}
    assert [o.name for o in choice.options] == ["fp32+contiguous", "fp32+channels_last"]
    assert all(o.images_per_second > 0 for o in choice.options)
    assert "<- chosen" in choice.table() and choice.card()["precision"] == "fp32"
    after = task.modules["generator"].state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)  # the probe trained copies


def test_losses_that_differ_or_are_not_finite_are_refused():
    assert speed.losses_agree({"loss": 10.0}, {"loss": 10.3})
    assert not speed.losses_agree({"loss": 10.0}, {"loss": 11.0})
    assert not speed.losses_agree({"loss": 10.0}, {"loss": float("nan")})


def test_auto_choice_and_threads_land_in_the_model_card(tmp_path, monkeypatch):
    monkeypatch.setenv("GANZOO_CHECKPOINTS", str(tmp_path / "ckpt"))
    code = train_main(["classifier", "--data", "synthetic", "--max-steps", "2", "--batch-size", "16",
                       "--precision", "auto", "--memory-format", "auto", "--threads", "1",
                       "--out", str(tmp_path / "run"), "--export", "judge", "--no-progress"])
    assert code == 0
    training = json.loads((tmp_path / "ckpt" / "judge.json").read_text())["training"]
    assert training["precision"] in ("fp32", "bf16")
    assert training["memory_format"] in ("contiguous", "channels_last")
    assert training["threads"] == 1
    measured = [v for v in training["images_per_second"].values() if v is not None]
    assert measured and all(v > 0 for v in measured)
    assert {"training steps", "checkpoints", "session_s"} <= set(training["time_split_s"])


def test_fit_runs_in_bfloat16_when_asked(tmp_path):
    from ganzoo.data import load_digits
    from ganzoo.train.classifier import ClassifierTask

    data = load_digits("synthetic")
    task = ClassifierTask(data.validation_images, data.validation_labels)
    result = fit(task, data.train_dataset(), TrainConfig(out=tmp_path, max_steps=3, batch_size=16, progress=False,
                                                          precision="bf16", memory_format="channels_last"))
    assert result.speed["precision"] == "bf16" and math.isfinite(result.last_metrics["loss"])


def test_the_stop_flag_is_broadcast_from_the_run_device(monkeypatch):
    """NCCL can only broadcast CUDA tensors: the flag must be made on the run's device. Checked with gloo."""
    import torch.distributed as dist

    monkeypatch.setenv("MASTER_ADDR", "127.0.0.1")
    monkeypatch.setenv("MASTER_PORT", str(_free_port()))
    dist.init_process_group("gloo", rank=0, world_size=1)
    sent = []
    real_broadcast = dist.broadcast
    monkeypatch.setattr(dist, "broadcast", lambda t, src: (sent.append(t.device), real_broadcast(t, src))[1])
    try:
        env = Distributed(rank=0, world_size=2)  # "enabled": takes the broadcast path
        assert out_of_time(61.0, 1.0, env, torch.device("cpu"))
        assert not out_of_time(59.0, 1.0, env, torch.device("cpu"))
    finally:
        dist.destroy_process_group()
    assert sent == [torch.device("cpu")] * 2


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_pix2pix_width_and_learning_rate_flags_reach_the_networks(tmp_path):
    from ganzoo.data.pairs import PairData

    images = torch.zeros(4, 3, 32, 32, dtype=torch.uint8)
    data = PairData("tiny", "tiny", images, images, images[:1], images[:1])
    args = parse_args(["pix2pix", "--data", "folder:x", "--g-width", "8", "--d-width", "12", "--g-lr", "1e-3",
                       "--out", str(tmp_path)])
    task = build_task(args, data)
    first_g = next(m for m in task.modules["generator"].modules() if isinstance(m, torch.nn.Conv2d))
    first_d = next(m for m in task.modules["discriminator"].modules() if isinstance(m, torch.nn.Conv2d))
    assert first_g.out_channels == 8 and first_d.out_channels == 12 and task.lr == 1e-3
    defaults = build_task(parse_args(["pix2pix", "--data", "folder:x", "--out", str(tmp_path)]), data)
    assert defaults.generator_spec[1]["width"] == Pix2PixTask.__init__.__defaults__[2]  # the model's own default


@pytest.mark.parametrize("name", ["discriminator"])
def test_frozen_network_gets_no_weight_gradients_but_passes_input_gradients(name):
    task, _ = tiny_pix2pix_task()
    ctx = StepContext(dict(task.modules), task.optimizers, torch.device("cpu"))
    x = torch.rand(2, 3, 128, 128, requires_grad=True)
    with ctx.frozen(name) as d:
        d(x, x).mean().backward()
    assert x.grad is not None and x.grad.abs().sum() > 0
    assert all(p.grad is None for p in task.modules[name].parameters())
    assert all(p.requires_grad for p in task.modules[name].parameters())  # unfrozen afterwards
