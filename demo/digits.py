"""Tab "Label -> digit": the conditional DCGAN, one digit or all, with shared noise on demand."""

from __future__ import annotations

import gradio as gr
import torch
from PIL import Image

from demo.common import checkpoints_with, model, parse_seed, shows_errors
from ganzoo import inference
from ganzoo.checkpoints import LoadedModel
from ganzoo.data import DIGITS
from ganzoo.errors import CheckpointError, InvalidInputError
from ganzoo.metrics import judge, judge_for

ALL = "all"
MAX_GRID_COLUMNS = inference.MAX_SAMPLES // inference.NUM_CLASSES

EXPLANATION = """
**How it works.** A conditional GAN trains two networks on (image, label) pairs: the
generator G turns noise z and a label y into an image, and the discriminator D judges whether
an image is a real example *of that label*. D minimises
−E[log D(x, y)] − E[log(1 − D(G(z, y), y))], while G minimises −E[log D(G(z, y), y)]
(the non-saturating form), so G learns to draw the digit it is asked for in a style set by z.
Tick *same noise for every digit* to see it: each column shares one z, so the slant and
stroke stay while the digit changes.
"""


def parse_digit(choice: str | int | None) -> int | None:
    """"all" -> None (cycle 0..9), "7" -> 7; anything else is an InvalidInputError."""
    if choice == ALL:
        return None
    try:
        digit = int(str(choice))
    except ValueError:
        raise InvalidInputError(f"digit must be 'all' or 0-9, got {choice!r}") from None
    return inference.check_label(digit)


def label_choices(names: tuple[str, ...]) -> list[tuple[str, str]]:
    """Radio choices (shown, value): values stay "0".."9", the names follow the model's data."""
    return [(ALL, ALL)] + [(name, str(i)) for i, name in enumerate(names)]


def names_of(checkpoint: str) -> tuple[str, ...]:
    try:
        return model(checkpoint).class_names
    except CheckpointError:
        return DIGITS  # generate() will explain what is wrong with the checkpoint


def label_choices_for(checkpoint: str) -> gr.Radio:
    """The label radio of a model: digits for MNIST, garment names for Fashion-MNIST."""
    return gr.Radio(choices=label_choices(names_of(checkpoint)))


def name_list(labels: list[int], names: tuple[str, ...]) -> str:
    """"7 7 1 7" (up to 40) for digits, "Bag, Trouser" (up to 10) for words, then an ellipsis."""
    separator, limit = (" ", 40) if names == DIGITS else (", ", 10)
    text = separator.join(names[i] for i in labels[:limit])
    return text + (" …" if len(labels) > limit else "")


def judge_readout(generator: LoadedModel, images: torch.Tensor, requested: list[int] | None) -> str:
    """What the independent classifier of the model's data reads in the samples (if shipped)."""
    try:
        classifier = model(judge_for(generator.dataset)).model
    except (CheckpointError, InvalidInputError):
        return ""
    predictions = judge(classifier, images)[0].tolist()
    read = name_list(predictions, generator.class_names)
    if requested is None:
        return f"The independent classifier reads: {read}"
    hits = sum(p == r for p, r in zip(predictions, requested, strict=True))
    return f"The independent classifier reads: {read} ({hits}/{len(requested)} as requested)"


def what_was_asked(names: tuple[str, ...], label: int | None) -> str:
    if label is None:
        return "digits 0–9 in turn" if names == DIGITS else "each class in turn"
    return f"digit {label}" if names == DIGITS else names[label]


@shows_errors
def generate(
    checkpoint: str, digit: str, count: float, seed: float, same_noise: bool
) -> tuple[Image.Image, str]:
    """Samples for the chosen label (or all labels); returns the picture and a caption."""
    cgan = model(checkpoint)
    names = cgan.class_names
    seed_value = parse_seed(seed)
    count_value = inference.check_count(count)
    if same_noise:
        if count_value > MAX_GRID_COLUMNS:
            gr.Warning(f"The same-noise grid shows at most {MAX_GRID_COLUMNS} columns; showing {MAX_GRID_COLUMNS}.")
            count_value = MAX_GRID_COLUMNS
        images = inference.same_noise_grid(cgan, count_value, seed_value)
        requested = [d for d in range(10) for _ in range(count_value)]
        rows = "digits 0–9" if names == DIGITS else ", ".join(names) + " (top to bottom)"
        caption = (f"Rows: {rows}. Columns: {count_value} noise vectors from seed {seed_value}, "
                   "each shared down its column.")
        picture = inference.to_pil(images, nrow=count_value, scale=3)
        return picture, caption + "  \n" + judge_readout(cgan, images, requested)
    label = parse_digit(digit)
    images = inference.sample_digits(cgan, label, count_value, seed_value)
    requested = [label] * count_value if label is not None else [i % 10 for i in range(count_value)]
    caption = f"{count_value} samples of {what_was_asked(names, label)}, seed {seed_value}."
    return inference.to_pil(images, nrow=10, scale=3), caption + "  \n" + judge_readout(cgan, images, requested)


def build_tab(blocks: gr.Blocks) -> None:
    choices = checkpoints_with("dcgan.ConditionalGenerator", "cgan-mnist")
    with gr.Row():
        with gr.Column(scale=1):
            checkpoint = gr.Dropdown(choices, value=choices[0], label="Model")
            digit = gr.Radio(label_choices(names_of(choices[0])), value="7", label="Label")
            count = gr.Slider(1, inference.MAX_SAMPLES, value=10, step=1, label="Number of samples",
                              info=f"with same noise: columns of the grid (up to {MAX_GRID_COLUMNS})")
            seed = gr.Number(value=0, label="Seed", minimum=0, maximum=inference.MAX_SEED)
            same_noise = gr.Checkbox(value=False, label="Same noise for every digit (10 × N grid)")
            button = gr.Button("Generate", variant="primary")
            gr.Markdown(EXPLANATION)
        with gr.Column(scale=2):
            picture = gr.Image(label="Samples", type="pil", format="png", interactive=False)
            caption = gr.Markdown()
    inputs = [checkpoint, digit, count, seed, same_noise]
    examples = [
        [choices[0], "7", 10, 0, False],
        [choices[0], ALL, 20, 42, False],
        [choices[0], ALL, 8, 3, True],
        [choices[0], "2", 30, 7, False],
    ]
    examples += [[name, ALL, 8, 0, True] for name in choices[1:]]  # the other shipped variants
    gr.Examples(
        examples=examples,
        inputs=inputs, outputs=[picture, caption], fn=generate, run_on_click=True, cache_examples=False,
    )
    button.click(generate, inputs, [picture, caption], api_name="generate_digits")
    blocks.load(generate, inputs, [picture, caption])
    # Live for the cheap controls: the whole request takes milliseconds.
    for control in (digit, same_noise):
        control.change(generate, inputs, [picture, caption], show_progress="hidden")
    checkpoint.change(label_choices_for, checkpoint, digit, show_progress="hidden").then(
        generate, inputs, [picture, caption], show_progress="hidden"
    )
    count.release(generate, inputs, [picture, caption], show_progress="hidden")
    seed.submit(generate, inputs, [picture, caption], show_progress="hidden")
