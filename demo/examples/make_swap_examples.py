"""Write the Domain swap tab's example files (run once; the PNGs are committed).

    python -m demo.examples.make_swap_examples             # the example files
    python -m demo.examples.make_swap_examples --figure    # the README's comparison figure

``swap/fluent/NAME.png`` and ``swap/openmoji/NAME.png`` (128 px), ``swap/noto/NAME.png`` and
``swap/twemoji/NAME.png`` (64 px): the same held-out emoji (test split, which no model trained on)
in both styles of each data set, on white. Fluent Emoji © Microsoft (MIT); OpenMoji (CC BY-SA 4.0);
Noto Emoji © Google (Apache 2.0); Twemoji © Twitter, Inc and other contributors (CC BY 4.0); see
the app's credits.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from ganzoo.data.unpaired import emoji_dir

HERE = Path(__file__).resolve().parent / "swap"
HELD_OUT = ("heart_eyes", "robot_face", "hamster", "pizza", "earth_americas", "police_car", "guitar", "teddy_bear")
STYLES = ("noto", "twemoji")
# The same eight emoji in Fluent 3-D and OpenMoji, by codepoint (both test splits).
FLUENT_OPENMOJI = {"heart_eyes": "1F60D", "robot_face": "1F916", "hamster": "1F439", "pizza": "1F355",
                   "earth_americas": "1F30E", "police_car": "1F693", "guitar": "1F3B8", "teddy_bear": "1F9F8"}


def write_fluent_openmoji() -> None:
    from ganzoo.data.unpaired import load_unpaired

    data = load_unpaired("fluent-openmoji")
    for name, codepoint in FLUENT_OPENMOJI.items():
        row = data.test_names.index(codepoint)
        for style, images in (("fluent", data.test_a), ("openmoji", data.test_b)):
            (HERE / style).mkdir(parents=True, exist_ok=True)
            Image.fromarray(images[row].permute(1, 2, 0).numpy()).save(HERE / style / f"{name}.png")


def write_held_out() -> None:
    with np.load(emoji_dir() / "emoji64_test.npz") as z:
        names = list(z["short_names"])
        for name in HELD_OUT:
            i = names.index(name)
            for style in STYLES:
                (HERE / style).mkdir(parents=True, exist_ok=True)
                Image.fromarray(z[style][i]).save(HERE / style / f"{name}.png")


def write_figure(path: Path, models: tuple[str, str] = ("cyclegan-fluent", "cyclegan-fluent-nocycle"),
                 folders: tuple[str, str] = ("fluent", "openmoji"), names: tuple[str, str] = ("Fluent 3-D", "OpenMoji"),
                 side: int = 128) -> None:
    """Both directions: the held-out input, the full CycleGAN's translation, the no-cycle model's,
    and the true counterpart, for the eight held-out emoji."""
    import ganzoo

    full, nocycle = (ganzoo.load(name) for name in models)
    rows: list[tuple[str, list[Image.Image]]] = []
    for source, target, there in ((0, 1, "b"), (1, 0, "a")):
        inputs = [HERE / folders[source] / f"{name}.png" for name in HELD_OUT]
        rows += [(f"{names[source]} (input)", [Image.open(p).convert("RGB") for p in inputs]),
                 (f"CycleGAN -> {names[target]}", [ganzoo.swap_domain(full, p, to=there).translated for p in inputs]),
                 ("no cycle loss", [ganzoo.swap_domain(nocycle, p, to=there).translated for p in inputs]),
                 (f"true {names[target]}", [Image.open(HERE / folders[target] / f"{n}.png").convert("RGB")
                                            for n in HELD_OUT])]
    label = 170
    figure = Image.new("RGB", (label + side * len(HELD_OUT), side * len(rows)), "white")
    draw = ImageDraw.Draw(figure)
    for r, (title, images) in enumerate(rows):
        draw.text((6, r * side + side // 2 - 6), title, fill="black")
        for c, image in enumerate(images):
            figure.paste(image.resize((side, side), Image.Resampling.NEAREST), (label + c * side, r * side))
    figure.save(path)


if __name__ == "__main__":
    if "--figure" in sys.argv:
        write_figure(Path(__file__).resolve().parent / "cyclegan-fluent-comparison.png")
    else:
        write_held_out()
        write_fluent_openmoji()
