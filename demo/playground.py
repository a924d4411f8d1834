"""Tab "GAN playground": the minimax game itself, played live on 2-D points.

Each browser session has its own game (``gr.State``), kept 30 minutes after its last use and
paused after ``IDLE_SECONDS`` of playing without a touch, so a forgotten tab does not hold the CPU.
The compare mode plays the minimax and the non-saturating generator from the same seed.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

import gradio as gr
import numpy as np
from PIL import Image

from demo import share
from demo.common import (
    PRIVATE,
    parse_bool,
    parse_choice,
    parse_number,
    parse_seed,
    parse_whole,
    refuse,
    shows_errors,
)
from demo.gpu import on_gpu
from demo.language import t, tr, tr_in_picture
from demo.texts import KO, TEXTS
from ganzoo.data import points as point_data
from ganzoo.image_input import read_image
from ganzoo.inference import playground as view
from ganzoo.train import game as game_module
from ganzoo.train.game import GameSettings, GanGame

DATA_CHOICES = [(t(f"play_data_{name}"), name) for name in point_data.PRESETS] + [(t("play_data_drawn"), "drawn")]
LOSS_CHOICES = list(game_module.LOSSES)
SPEEDS = {"normal": 10, "slow": 1}  # steps a frame
FRAME_SECONDS = 0.2  # 5 frames a second while playing
IDLE_SECONDS = 600  # playing pauses after 10 minutes without a click
STATE_SECONDS = 1800  # a session's game is forgotten 30 minutes after its last use
D_HEAD_START = 100  # D-only steps of "let D win first"
PLANE_PX = 420



@dataclass
class Session:
    """One browser session's games (one, or two in compare mode) and when a person last acted."""

    games: dict[str, GanGame]
    touched: float = field(default_factory=time.monotonic)
    drawn: Any = None  # the points of the user's drawing, once made
    # A click can arrive while a frame is being computed: one handler at a time moves the games.
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def touch(self) -> None:
        self.touched = time.monotonic()

    @property
    def idle(self) -> bool:
        return time.monotonic() - self.touched > IDLE_SECONDS


def settings_from(data: Any, g_loss: Any, d_steps: Any, lr_d: Any, lr_g: Any, seed: Any) -> GameSettings:
    """The controls' values, each checked with a message that names its field."""
    return GameSettings(
        data=parse_choice(data, [value for _, value in DATA_CHOICES], "Data"),
        g_loss=parse_choice(g_loss, LOSS_CHOICES, "Generator loss"),
        d_steps=parse_whole(d_steps, "D steps per G step", 1, 5),
        lr_d=parse_number(lr_d, "D learning rate", 1e-4, 1e-2),
        lr_g=parse_number(lr_g, "G learning rate", 1e-4, 1e-2),
        seed=parse_seed(seed),
    )


def new_session(settings: GameSettings, compare: bool, drawn: Any = None) -> Session:
    if settings.data == "drawn" and drawn is None:
        raise refuse("Data", "draw a distribution on the pad below first, then press *Use my drawing*")
    first = GanGame(settings, drawn)
    games = {"minimax": first.with_loss("minimax"), "non-saturating": first.with_loss("non-saturating")} \
        if compare else {settings.g_loss: first}
    return Session(games, drawn=drawn)


def frame(session: Session) -> tuple[Image.Image, Any, Image.Image, str]:
    """The views: one plane (or two, in compare mode: the second shown only then), the curves, the readout."""
    names = list(session.games)
    planes = [view.render_plane(session.games[n], PLANE_PX, title=n if len(names) > 1 else None) for n in names]
    words = {key: tr_in_picture(f"play_curve_{key}") for key in view.CURVE_WORDS}
    curves = view.game_curves({n: g.history for n, g in session.games.items()}, width=2 * PLANE_PX, height=300,
                              words=words)
    lines = [(f"**{n}**: " if len(names) > 1 else "") + readout_line(g.history[-1] if g.history else None)
             for n, g in session.games.items()]
    if any(g.finished for g in session.games.values()):
        lines.append(tr("play_finished", steps=f"{game_module.MAX_STEPS:,}"))
    second = gr.update(value=planes[1], visible=True) if len(planes) > 1 else gr.update(value=None, visible=False)
    return planes[0], second, curves, "  \n".join(lines)


def readout_line(report: Any) -> str:
    """One line of figures under the plane, in the page's language."""
    if report is None:
        return tr("play_step_zero")
    return tr("play_readout", step=report.step, d_steps=report.d_steps, hit=report.modes_hit,
              total=report.modes_total, d_real=report.d_real, d_fake=report.d_fake, norm=report.g_grad_norm)


def play_label(playing: bool) -> str:
    """The Play button's text: "Pause" while the game plays."""
    return tr("play_pause") if playing else tr("play_play")


def is_playing(label: Any) -> bool:
    """The button says "Pause" (in either language) while the game plays."""
    return label in (TEXTS["play_pause"], KO["play_pause"])


@shows_errors
def reset(data: Any, g_loss: Any, d_steps: Any, lr_d: Any, lr_g: Any, seed: Any, compare: Any,
          session: Session | None) -> tuple[Any, ...]:
    """A new game from the controls (any setting changed, or Reset pressed); playing stops."""
    settings = settings_from(data, g_loss, d_steps, lr_d, lr_g, seed)
    drawn = session.drawn if isinstance(session, Session) else None
    fresh = new_session(settings, parse_bool(compare, "Compare"), drawn)
    return (fresh, *frame(fresh), gr.Timer(active=False), play_label(False))


@shows_errors
def use_drawing(editor_value: Any, g_loss: Any, d_steps: Any, lr_d: Any, lr_g: Any, seed: Any, compare: Any,
                ) -> tuple[Any, ...]:
    """The pad's strokes become the data: a new game on them."""
    composite = editor_value.get("composite") if isinstance(editor_value, dict) else None
    if composite is None:
        raise refuse("Drawing", "draw a few strokes on the pad first")
    picture = read_image(composite, "Drawing").convert("L")
    drawn = point_data.points_from_drawing(np.asarray(picture) < 128)
    settings = settings_from("drawn", g_loss, d_steps, lr_d, lr_g, seed)
    fresh = new_session(settings, parse_bool(compare, "Compare"), drawn)
    return (fresh, *frame(fresh), gr.Timer(active=False), play_label(False), "drawn")


def advance(session: Session | None, which: str, steps: int) -> tuple[Any, ...]:
    if not isinstance(session, Session):
        raise refuse("Playground", "the game was reset after a long pause: press Reset")
    with session.lock:
        for game in session.games.values():
            game.run(steps, which)
        return (session, *frame(session))


@shows_errors
def step_once(session: Session | None, which: str) -> tuple[Any, ...]:
    """One step by hand (both players, D only or G only); playing stops."""
    which = parse_choice(which, game_module.WHICH, "Step")
    if isinstance(session, Session):
        session.touch()
    return (*advance(session, which, 1), gr.Timer(active=False), play_label(False))


@shows_errors
def let_d_win(session: Session | None) -> tuple[Any, ...]:
    """``D_HEAD_START`` D-only steps: D learns to reject G's points before G moves."""
    if isinstance(session, Session):
        session.touch()
    return (*advance(session, "d", D_HEAD_START), gr.Timer(active=False), play_label(False))


@shows_errors
def toggle_play(session: Session | None, label: Any) -> tuple[gr.Timer, str]:
    """Play <-> Pause."""
    if isinstance(session, Session):
        session.touch()
    playing = is_playing(label)
    return gr.Timer(active=not playing), play_label(not playing)


@shows_errors
def tick(session: Session | None, speed: Any) -> tuple[Any, ...]:
    """One frame while playing: a few steps, then the views. Pauses itself when idle or finished."""
    steps = SPEEDS[parse_choice(speed, list(SPEEDS), "Speed")]
    if not isinstance(session, Session):
        return (session, gr.update(), gr.update(), gr.update(), tr("play_paused_reset"), gr.Timer(active=False),
                play_label(False))
    if session.lock.locked():  # a click is moving the games: skip this frame rather than queue behind it
        return (session, *(gr.update(),) * 6)
    result = advance(session, "both", steps)
    if session.idle or all(g.finished for g in session.games.values()):
        note = "  \n" + tr("play_paused_idle") if session.idle else ""
        return (*result[:-1], result[-1] + note, gr.Timer(active=False), play_label(False))
    return (*result, gr.update(), gr.update())


@on_gpu(duration=60)
@shows_errors
def run_preset(data: Any, steps: Any, g_loss: Any, seed: Any) -> tuple[Image.Image, dict[str, float]]:
    """The public ``/playground``: train a fresh game on a preset for N steps; its final plane and figures."""
    preset = parse_choice(data, list(point_data.PRESETS), "Data")
    count = parse_whole(steps, "Steps", 1, view.MAX_API_STEPS)
    loss = parse_choice(g_loss, LOSS_CHOICES, "Generator loss")
    picture, figures = view.play(preset, count, loss, parse_seed(seed))
    return picture, figures


def build_tab(blocks: gr.Blocks) -> None:
    session = gr.State(None, time_to_live=STATE_SECONDS)
    timer = gr.Timer(FRAME_SECONDS, active=False)
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=300):
            data = gr.Radio(DATA_CHOICES, value="ring", label=t("play_data"), elem_id="play-data")
            g_loss = gr.Radio(LOSS_CHOICES, value="non-saturating", label=t("play_loss"), elem_id="play-loss")
            compare = gr.Checkbox(False, label=t("play_compare"),
                                  elem_id="play-compare")
            with gr.Row():
                play = gr.Button(t("play_play"), variant="primary", elem_id="play-play")
                reset_button = gr.Button(t("play_reset"), elem_id="play-reset")
            with gr.Row():
                step_both = gr.Button(t("play_step"), size="sm", elem_id="play-step")
                step_d = gr.Button(t("play_step_d"), size="sm", elem_id="play-step-d")
                step_g = gr.Button(t("play_step_g"), size="sm", elem_id="play-step-g")
            d_first = gr.Button(t("play_d_first"), size="sm", elem_id="play-d-first")  # D_HEAD_START steps
            speed = gr.Radio([(t(f"play_speed_{name}"), name) for name in SPEEDS], value="normal",
                             label=t("play_speed"))
            with gr.Accordion(t("play_settings"), open=False):
                d_steps = gr.Slider(1, 5, value=1, step=1, label=t("play_d_steps"))
                lr_d = gr.Slider(1e-4, 1e-2, value=1e-3, step=1e-4, label=t("play_lr_d"))
                lr_g = gr.Slider(1e-4, 1e-2, value=1e-3, step=1e-4, label=t("play_lr_g"))
                seed = gr.Number(value=0, label=t("seed"), minimum=0, precision=0)
            with gr.Accordion(t("play_draw"), open=False):
                pad = gr.Sketchpad(label=t("play_drawing"), type="filepath", image_mode="RGB", canvas_size=(300, 300),
                                   fixed_canvas=True, brush=gr.Brush(default_size=12, colors=["#000000"],
                                                                     color_mode="fixed"), layers=False,
                                   elem_id="play-pad")
                use_pad = gr.Button(t("play_use_drawing"), size="sm", elem_id="play-use-drawing")
        with gr.Column(scale=2, min_width=300):
            gr.Markdown(t("play_plane_note"))
            with gr.Row():
                plane = gr.Image(label=t("play_plane"), show_label=False, type="pil", format="png", interactive=False,
                                 height=PLANE_PX, elem_id="play-plane")
                plane_2 = gr.Image(label=t("play_plane_2"), show_label=False, type="pil", format="png",
                                   interactive=False, height=PLANE_PX, visible=False, elem_id="play-plane-2")
            readout = gr.Markdown(elem_id="play-readout")
            curves = gr.Image(label=t("play_curves"), show_label=False, type="pil", format="png",
                              interactive=False, elem_id="play-curves")
    shared = share.register("playground", {"data": data, "loss": g_loss, "compare": compare, "seed": seed,
                                           "dsteps": d_steps, "lrd": lr_d, "lrg": lr_g},
                            reset, [data, g_loss, d_steps, lr_d, lr_g, seed, compare, session],
                            [session, plane, plane_2, curves, readout, timer, play])
    share.link_row(shared)
    gr.Markdown(t("play_explanation"), elem_id="play-explanation")
    with gr.Accordion(t("play_batch"), open=False):
        with gr.Row():
            api_steps = gr.Slider(1, view.MAX_API_STEPS, value=1000, step=1, label=t("style_steps"))
            api_button = gr.Button(t("play_train"), elem_id="play-api-run")
        with gr.Row():
            api_plane = gr.Image(label=t("play_final"), type="pil", format="png", interactive=False,
                                 height=PLANE_PX, elem_id="play-api-plane")
            api_figures = gr.JSON(label=t("play_figures"), elem_id="play-api-figures")

    controls = [data, g_loss, d_steps, lr_d, lr_g, seed, compare]
    views = [session, plane, plane_2, curves, readout, timer, play]
    private = dict(api_visibility=PRIVATE, preprocess=False, show_progress="hidden")
    blocks.load(share.opening_view(shared), [*controls, session], views, **private)
    reset_button.click(reset, [*controls, session], views, **private)
    for control in (data, g_loss, compare, d_steps, lr_d, lr_g):
        control.input(reset, [*controls, session], views, **private, trigger_mode="always_last")
    seed.submit(reset, [*controls, session], views, **private)
    use_pad.click(use_drawing, [pad, *controls[1:]], [*views, data], api_visibility=PRIVATE,
                  show_progress="hidden")
    for button, which in ((step_both, "both"), (step_d, "d"), (step_g, "g")):
        button.click(step_once, [session, gr.State(which)], views, **private)
    d_first.click(let_d_win, [session], views, **private)
    play.click(toggle_play, [session, play], [timer, play], **private)
    # One frame at a time: a tick whose previous frame is still being drawn is dropped, not queued.
    timer.tick(tick, [session, speed], views, **private, trigger_mode="once", concurrency_limit=None)
    api_button.click(run_preset, [data, api_steps, g_loss, seed], [api_plane, api_figures], api_name="playground",
                     preprocess=False, show_progress="minimal")
