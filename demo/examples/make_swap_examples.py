"""Write the Domain swap tab's example files (run once; the PNGs are committed).

    python -m demo.examples.make_swap_examples             # the example files
    python -m demo.examples.make_swap_examples --figure    # the README's comparison figure

``swap/noto/NAME.png`` and ``swap/twemoji/NAME.png``: the same held-out emoji (test split, which
no model trained on) in both styles, 64 px on white. Noto Emoji © Google (Apache 2.0); Twemoji ©
Twitter, Inc and other contributors (CC BY 4.0); see the app's credits.
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


def write_held_out() -> None:
    with np.load(emoji_dir() / "emoji64_test.npz") as z:
        names = list(z["short_names"])
        for name in HELD_OUT:
            i = names.index(name)
            for style in STYLES:
                (HERE / style).mkdir(parents=True, exist_ok=True)
                Image.fromarray(z[style][i]).save(HERE / style / f"{name}.png")


def write_figure(path: Path, scale: int = 2) -> None:
    """Rows: the held-out Noto emoji, the full CycleGAN's Twemoji, the no-cycle model's, the true Twemoji."""
    import ganzoo

    rows = {"Noto (input)": [], "CycleGAN -> Twemoji": [], "no cycle loss": [], "true Twemoji": []}
    full, nocycle = ganzoo.load("cyclegan-noto-twemoji"), ganzoo.load("cyclegan-noto-twemoji-nocycle")
    for name in HELD_OUT:
        noto = HERE / "noto" / f"{name}.png"
        rows["Noto (input)"].append(Image.open(noto).convert("RGB"))
        rows["CycleGAN -> Twemoji"].append(ganzoo.swap_domain(full, noto, to="twemoji").translated)
        rows["no cycle loss"].append(ganzoo.swap_domain(nocycle, noto, to="twemoji").translated)
        rows["true Twemoji"].append(Image.open(HERE / "twemoji" / f"{name}.png").convert("RGB"))
    side, label = 64 * scale, 150
    figure = Image.new("RGB", (label + side * len(HELD_OUT), side * len(rows)), "white")
    draw = ImageDraw.Draw(figure)
    for r, (title, images) in enumerate(rows.items()):
        draw.text((6, r * side + side // 2 - 6), title, fill="black")
        for c, image in enumerate(images):
            figure.paste(image.resize((side, side), Image.Resampling.NEAREST), (label + c * side, r * side))
    figure.save(path)


if __name__ == "__main__":
    if "--figure" in sys.argv:
        write_figure(Path(__file__).resolve().parent / "cyclegan-comparison.png")
    else:
        write_held_out()
