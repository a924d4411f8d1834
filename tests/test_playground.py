"""The GAN playground: the game on 2-D points, its lessons as numbers, its pictures and its tab's handlers."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

import ganzoo
from ganzoo.data import points
from ganzoo.inference import playground as view
from ganzoo.train.game import GameSettings, GanGame

RING_STEPS = 1500  # the non-saturating G covers >= 6 of the ring's 8 modes within this many steps (seed 0)


@pytest.fixture(autouse=True)
def one_thread():
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


def test_presets_lie_in_the_plane_and_are_repeatable():
    for name in points.PRESETS:
        a = points.sample(name, 500, torch.Generator().manual_seed(3))
        b = points.sample(name, 500, torch.Generator().manual_seed(3))
        assert a.shape == (500, 2) and torch.equal(a, b)
        assert a.abs().max() < 2.5
        assert len(points.modes(name)) >= 8
    assert len(points.modes("ring")) == 8 and len(points.modes("grid")) == 25


def test_the_non_saturating_generator_covers_the_ring():
    game = GanGame(GameSettings(data="ring", g_loss="non-saturating", seed=0))
    start = game.step()
    report = game.run(RING_STEPS - 1)
    assert start.modes_hit <= 2  # it starts as a blob near the centre
    assert report.modes_hit >= 6, report


def test_once_d_rejects_g_the_minimax_gradient_saturates():
    game = GanGame(GameSettings(data="ring", seed=0))
    game.run(300, "d")  # D learns to reject G's points before G moves
    assert game.history[-1].d_fake <= 0.1
    norms = game.gradient_norms(game.noise(256))  # the same networks and batch for every loss
    assert norms["minimax"] <= 0.15 * norms["non-saturating"], norms
    assert norms["non-saturating"] > 0.1  # the non-saturating push is still there


def test_a_game_is_deterministic_for_a_seed_and_differs_across_seeds():
    def final(seed: int) -> torch.Tensor:
        game = GanGame(GameSettings(data="moons", seed=seed))
        game.run(30)
        return game.generated()

    assert torch.equal(final(5), final(5)) and not torch.equal(final(5), final(6))


def test_d_only_and_g_only_steps_move_only_their_player():
    game = GanGame(GameSettings(seed=1))
    g_before = [p.clone() for p in game.generator.parameters()]
    d_before = [p.clone() for p in game.discriminator.parameters()]
    game.step("d")
    assert all(torch.equal(a, b) for a, b in zip(g_before, game.generator.parameters(), strict=True))
    assert not all(torch.equal(a, b) for a, b in zip(d_before, game.discriminator.parameters(), strict=True))
    d_now = [p.clone() for p in game.discriminator.parameters()]
    game.step("g")
    assert all(torch.equal(a, b) for a, b in zip(d_now, game.discriminator.parameters(), strict=True))
    assert game.history[-1].step == 1 and game.history[-1].d_steps == 1


def test_every_loss_trains_and_history_stays_bounded(monkeypatch):
    from ganzoo.train import game as game_module

    monkeypatch.setattr(game_module, "MAX_HISTORY", 5)
    for loss in game_module.LOSSES:
        game = GanGame(GameSettings(data="grid", g_loss=loss, seed=0))
        report = game.run(8)
        assert np.isfinite([report.loss_d, report.loss_g, report.g_grad_norm]).all()
        assert len(game.history) == 5


def test_a_drawing_becomes_points_where_the_ink_is():
    ink = np.zeros((100, 100), bool)
    ink[10:20, 70:90] = True  # upper right
    drawn = points.points_from_drawing(ink, n=300)
    assert drawn.shape == (300, 2)
    assert (drawn[:, 0] > 0.7).all() and (drawn[:, 1] > 1.1).all()
    game = GanGame(GameSettings(data="drawn", seed=0), drawn)
    assert game.run(3).modes_total == len(game.modes)
    with pytest.raises(ganzoo.InvalidInputError, match=r"^Drawing:"):
        points.points_from_drawing(np.zeros((50, 50), bool))


def test_bad_settings_are_refused_naming_the_field():
    for settings, field in ((GameSettings(data="blob"), "Data"), (GameSettings(g_loss="wgan"), "Generator loss"),
                            (GameSettings(lr_d=float("nan")), "D learning rate"),
                            (GameSettings(d_steps=0), "D steps per G step"), (GameSettings(seed=-1), "Seed")):
        with pytest.raises(ganzoo.InvalidInputError, match=f"^{field}:"):
            GanGame(settings)
    with pytest.raises(ganzoo.InvalidInputError, match=r"^Steps:"):
        view.play("ring", 0)


def test_pictures_show_the_plane_and_the_curves():
    game = GanGame(GameSettings(seed=0))
    game.run(20)
    plane = view.render_plane(game, size=300)
    curves = view.game_curves({"a": game.history}, width=400, height=240)
    assert plane.size == (300, 300) and curves.size == (400, 240)
    pixels = np.asarray(plane)
    # Generated points are drawn in purple and real ones in green, over the surface.
    assert (np.abs(pixels - np.array(view.FAKE_COLOUR)).sum(2) < 10).sum() > 50
    assert (np.abs(pixels - np.array(view.REAL_COLOUR)).sum(2) < 10).sum() > 50
    assert len(np.unique(np.asarray(curves).reshape(-1, 3), axis=0)) > 4  # lines, not a blank box


def test_the_api_function_trains_and_reports():
    picture, figures = view.play("ring", 50, "non-saturating", 0)
    assert isinstance(picture, Image.Image) and figures["step"] == 50
    assert 0 <= figures["modes_hit"] <= figures["modes_total"] == 8


def test_tab_handlers_play_step_and_refuse_bad_input():
    import gradio as gr

    from demo import playground as tab

    controls = ["ring", "non-saturating", 1, 1e-3, 1e-3, 0, True]
    session, plane, second, _curves, readout, _timer, _label = tab.reset(*controls, None)
    assert isinstance(plane, Image.Image) and second["visible"] and "modes hit" not in readout  # step 0
    session, *_ = tab.step_once(session, "both")
    out = tab.tick(session, "normal")
    assert all(g.g_steps == 11 for g in out[0].games.values()) and "modes hit" in out[4]
    out = tab.let_d_win(out[0])
    assert all(g.total_d_steps == 11 + tab.D_HEAD_START for g in out[0].games.values())
    with pytest.raises(gr.Error, match=r'^["\']?Generator loss:'):
        tab.reset("ring", "wgan", 1, 1e-3, 1e-3, 0, False, None)
    with pytest.raises(gr.Error, match=r'^["\']?Data:'):
        tab.reset("drawn", "minimax", 1, 1e-3, 1e-3, 0, False, None)
    with pytest.raises(gr.Error, match=r'^["\']?Steps:'):
        tab.run_preset("ring", 10**9, "minimax", 0)
