"""Tab "Label -> digit": the conditional DCGAN, one digit or all, with shared noise on demand."""

from __future__ import annotations

from typing import Any

import gradio as gr
import torch
from PIL import Image

from demo import share
from demo.common import (
    PRIVATE,
    checkpoints_with,
    model,
    note_on_failure,
    parse_bool,
    parse_choice,
    parse_model,
    parse_seed,
    parse_whole,
    shows_errors,
)
from demo.gpu import on_gpu
from demo.language import t, tr
from ganzoo import inference
from ganzoo.checkpoints import LoadedModel
from ganzoo.data import DIGITS
from ganzoo.errors import CheckpointError, InvalidInputError
from ganzoo.metrics import judge, judge_for

ALL = "all"
LABEL_VALUES = (ALL, *DIGITS)
ARCHITECTURE, DEFAULT_MODEL = "dcgan.ConditionalGenerator", "cgan-mnist"
MAX_GRID_COLUMNS = inference.MAX_SAMPLES // inference.NUM_CLASSES


def digit_models() -> list[str]:
    """The Model dropdown's choices: shipped conditional generators, cgan-mnist first."""
    return checkpoints_with(ARCHITECTURE, DEFAULT_MODEL)


def parse_digit(choice: object) -> int | None:
    """"all" -> None (cycle 0..9), "7" -> 7; anything else names the field."""
    return None if parse_choice(choice, LABEL_VALUES, "Label") == ALL else int(str(choice))


def label_choices(names: tuple[str, ...], on_page: bool = False) -> list[tuple[Any, str]]:
    """Radio choices (shown, value): values stay "0".."9", the names follow the model's data; "all" in the
    request's language (``on_page``: for the page as built, translated by the browser)."""
    return [(t("digits_all") if on_page else tr("digits_all"), ALL)] + [(name, str(i)) for i, name in enumerate(names)]


def names_of(checkpoint: str) -> tuple[str, ...]:
    try:
        return model(checkpoint).class_names
    except CheckpointError:
        return DIGITS  # generate() will explain what is wrong with the checkpoint


def label_choices_for(checkpoint: str) -> gr.Radio:
    """The label radio of a model: digits for MNIST, garment names for Fashion-MNIST."""
    return gr.Radio(choices=label_choices(names_of(checkpoint)))


MAX_LISTED = 100  # the most samples one request makes


def name_list(labels: list[int], names: tuple[str, ...]) -> str:
    """"7 7 1 7" for digits, "Bag, Trouser" for words: every one (the one misread digit of 100 must be
    findable), or up to 100 at most."""
    separator = " " if names == DIGITS else ", "
    return separator.join(names[i] for i in labels[:MAX_LISTED])


def judge_readout(generator: LoadedModel, images: torch.Tensor, requested: list[int] | None) -> str:
    """What the independent classifier of the model's data reads in the samples (if shipped)."""
    try:
        classifier = model(judge_for(generator.dataset)).model
    except (CheckpointError, InvalidInputError):
        return ""
    predictions = judge(classifier, images)[0].tolist()
    read = name_list(predictions, generator.class_names)
    if requested is None:
        return tr("cap_judge_reads", read=read)
    hits = sum(p == r for p, r in zip(predictions, requested, strict=True))
    return tr("cap_judge_reads_hits", read=read, hits=hits, total=len(requested))


def what_was_asked(names: tuple[str, ...], label: int | None) -> str:
    if label is None:
        return tr("cap_all_digits") if names == DIGITS else tr("cap_each_class")
    return tr("cap_digit", label=label) if names == DIGITS else names[label]


@on_gpu(duration=20)
@shows_errors
def generate(checkpoint: str, digit: str, count: float, seed: float, same_noise: bool) -> tuple[Image.Image, str]:
    """Samples for the chosen label (or all labels); returns the picture and a caption.

    This is the public ``/generate_digits`` endpoint: every value is checked and a bad one is
    refused with a message that names its field.
    """
    checkpoint = parse_model(checkpoint, ARCHITECTURE, DEFAULT_MODEL)
    digit_value = parse_digit(digit)
    count_value = parse_whole(count, "Number of samples", 1, inference.MAX_SAMPLES)
    seed_value = parse_seed(seed)
    if parse_bool(same_noise, "Same noise for every digit"):
        if count_value > MAX_GRID_COLUMNS:
            gr.Warning(f"Number of samples: the same-noise grid shows at most {MAX_GRID_COLUMNS} columns; "
                       f"showing {MAX_GRID_COLUMNS}.")
            count_value = MAX_GRID_COLUMNS
        return same_noise_picture(model(checkpoint), count_value, seed_value)
    return samples_picture(model(checkpoint), digit_value, count_value, seed_value)


def same_noise_picture(cgan: LoadedModel, columns: int, seed: int) -> tuple[Image.Image, str]:
    names = cgan.class_names
    images = inference.same_noise_grid(cgan, columns, seed)
    requested = [d for d in range(10) for _ in range(columns)]
    rows = tr("cap_rows_digits") if names == DIGITS else tr("cap_rows_names", names=", ".join(names))
    caption = tr("cap_same_noise", rows=rows, columns=columns, seed=seed)
    picture = inference.to_pil(images, nrow=columns, scale=3)
    return picture, caption + "  \n" + judge_readout(cgan, images, requested)


def samples_picture(cgan: LoadedModel, label: int | None, count: int, seed: int) -> tuple[Image.Image, str]:
    images = inference.sample_digits(cgan, label, count, seed)
    requested = [label] * count if label is not None else [i % 10 for i in range(count)]
    caption = tr("cap_samples", count=count, what=what_was_asked(cgan.class_names, label), seed=seed)
    return inference.to_pil(images, nrow=10, scale=3), caption + "  \n" + judge_readout(cgan, images, requested)


@shows_errors
def generate_view(
    checkpoint: str, digit: str, count: float, seed: float, same_noise: bool
) -> tuple[Image.Image, str, gr.Radio]:
    """What the page shows: the picture, its caption, and label names that follow the model."""
    picture, caption = generate(checkpoint, digit, count, seed, same_noise)
    return picture, caption, label_choices_for(checkpoint)


def build_tab(blocks: gr.Blocks) -> None:
    choices = digit_models()
    with gr.Row(equal_height=False):
        with gr.Column(scale=1, min_width=280):
            checkpoint = gr.Dropdown(choices, value=choices[0], label=t("model"))
            digit = gr.Radio(label_choices(names_of(choices[0]), on_page=True), value="7", label=t("digits_label"))
            count = gr.Slider(1, inference.MAX_SAMPLES, value=10, step=1, label=t("digits_count"),
                              info=t("digits_count_info"))
            seed = gr.Number(value=0, label=t("seed"), minimum=0, maximum=inference.MAX_SEED, precision=0)
            same_noise = gr.Checkbox(value=False, label=t("digits_same_noise"))
            button = gr.Button(t("digits_generate"), variant="primary")
        with gr.Column(scale=2, min_width=280):
            picture = gr.Image(label=t("digits_samples"), type="pil", format="png", interactive=False,
                               elem_id="digits-picture")
            caption = gr.Markdown(elem_id="digits-caption")
    inputs = [checkpoint, digit, count, seed, same_noise]
    view = [picture, caption, digit]
    examples = [
        [choices[0], "7", 10, 0, False],
        [choices[0], ALL, 20, 42, False],
        [choices[0], ALL, 8, 3, True],
        [choices[0], "2", 30, 7, False],
    ]
    examples += [[name, ALL, 8, 0, True] for name in choices[1:]]  # the other shipped variants
    # The example fills the controls, then exactly one run reads them. The live events below
    # listen to .input (a person's action), not .change, which the filling would fire too and
    # whose runs would race the example's (issue 6: stale pictures, spurious warnings).
    example_rows = gr.Examples(examples=examples, inputs=inputs, api_visibility=PRIVATE, label=t("examples"),
                               elem_id="digits-examples")
    shared = share.register("digits", {"model": checkpoint, "label": digit, "n": count, "seed": seed,
                                       "same": same_noise}, generate_view, inputs, view)
    share.link_row(shared)
    gr.Markdown(t("digits_explanation"), elem_id="digits-explanation")
    events = dict(inputs=inputs, outputs=view, preprocess=False, api_visibility=PRIVATE, show_progress="hidden")
    shown = [picture, caption]
    # "always_last": a second example clicked while the first one's run is still pending must not
    # be dropped (Gradio's default "once" ignores a trigger whose previous run has not finished).
    note_on_failure(example_rows.load_input_event.then(generate_view, **events, trigger_mode="always_last"), shown)
    note_on_failure(button.click(generate, inputs, shown, api_name="generate_digits", preprocess=False,
                                  show_progress="minimal"), shown)
    blocks.load(share.opening_view(shared), **events)
    # Live for the cheap controls: the whole request takes milliseconds.
    for trigger in (digit.input, same_noise.input, checkpoint.input, count.release, seed.submit):
        note_on_failure(trigger(generate_view, **events, trigger_mode="always_last"), shown)
