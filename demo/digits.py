"""Tab "Label -> digit": the conditional DCGAN, one digit or all, with shared noise on demand."""

from __future__ import annotations

import gradio as gr
from PIL import Image

from demo.common import JUDGE, checkpoints_with, model, parse_seed, shows_errors
from ganzoo import inference
from ganzoo.errors import CheckpointError, InvalidInputError
from ganzoo.metrics import judge

ALL = "all"
DIGIT_CHOICES = [ALL] + [str(d) for d in range(10)]
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


def judge_readout(images, requested: list[int] | None) -> str:
    """What the independent classifier reads in the samples (if it is shipped)."""
    try:
        classifier = model(JUDGE).model
    except CheckpointError:
        return ""
    predictions, _ = judge(classifier, images)
    read = " ".join(str(int(p)) for p in predictions[:40]) + (" …" if len(predictions) > 40 else "")
    if requested is None:
        return f"The independent classifier reads: {read}"
    hits = sum(int(p) == r for p, r in zip(predictions, requested, strict=True))
    return f"The independent classifier reads: {read} ({hits}/{len(requested)} as requested)"


@shows_errors
def generate(
    checkpoint: str, digit: str, count: float, seed: float, same_noise: bool
) -> tuple[Image.Image, str]:
    """Samples for the chosen digit (or all digits); returns the picture and a caption."""
    cgan = model(checkpoint)
    seed_value = parse_seed(seed)
    count_value = inference.check_count(count)
    if same_noise:
        if count_value > MAX_GRID_COLUMNS:
            gr.Warning(f"The same-noise grid shows at most {MAX_GRID_COLUMNS} columns; showing {MAX_GRID_COLUMNS}.")
            count_value = MAX_GRID_COLUMNS
        images = inference.same_noise_grid(cgan, count_value, seed_value)
        requested = [d for d in range(10) for _ in range(count_value)]
        caption = (f"Rows: digits 0–9. Columns: {count_value} noise vectors from seed {seed_value}, "
                   "each shared down its column.")
        return inference.to_pil(images, nrow=count_value, scale=3), caption + "  \n" + judge_readout(images, requested)
    label = parse_digit(digit)
    images = inference.sample_digits(cgan, label, count_value, seed_value)
    requested = [label] * count_value if label is not None else [i % 10 for i in range(count_value)]
    what = f"digit {label}" if label is not None else "digits 0–9 in turn"
    caption = f"{count_value} samples of {what}, seed {seed_value}."
    return inference.to_pil(images, nrow=10, scale=3), caption + "  \n" + judge_readout(images, requested)


def build_tab(blocks: gr.Blocks) -> None:
    choices = checkpoints_with("dcgan.ConditionalGenerator", "cgan-mnist")
    with gr.Row():
        with gr.Column(scale=1):
            checkpoint = gr.Dropdown(choices, value=choices[0], label="Model")
            digit = gr.Radio(DIGIT_CHOICES, value="7", label="Digit")
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
    gr.Examples(
        examples=[
            [choices[0], "7", 10, 0, False],
            [choices[0], ALL, 20, 42, False],
            [choices[0], ALL, 8, 3, True],
            [choices[0], "2", 30, 7, False],
        ],
        inputs=inputs, outputs=[picture, caption], fn=generate, run_on_click=True, cache_examples=False,
    )
    button.click(generate, inputs, [picture, caption], api_name="generate_digits")
    blocks.load(generate, inputs, [picture, caption])
    # Live for the cheap controls: the whole request takes milliseconds.
    for control in (digit, same_noise, checkpoint):
        control.change(generate, inputs, [picture, caption], show_progress="hidden")
    count.release(generate, inputs, [picture, caption], show_progress="hidden")
    seed.submit(generate, inputs, [picture, caption], show_progress="hidden")
