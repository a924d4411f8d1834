"""Write the Sketch -> picture tab's example files (run once; the PNGs are committed).

    python -m demo.examples.make_sketch_examples            # the example files
    python -m demo.examples.make_sketch_examples --figure fluent   # the README's comparison figure

* ``held-out/NAME.png`` and ``truth/NAME.png``: OpenMoji test-split outlines no model trained
  on, and their true colourings (OpenMoji, CC BY-SA 4.0; see the app's credits);
* ``fluent/held-out/NAME.png`` and ``fluent/truth/NAME.png``: Fluent Emoji test-split renders, the
  sketch ganzoo.data.edges makes of each, and the render (Fluent Emoji © Microsoft, MIT);
* ``drawn/*.png``: sketches in the manner of a mouse on a 512 px canvas (a house, a cat, a sun,
  a car), with a hand's wobble, to show how the models do on drawings that are not OpenMoji's.
"""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from ganzoo.data.edges import picture_to_sketch
from ganzoo.data.pairs import openmoji_dir, read_fluent_renders

HERE = Path(__file__).resolve().parent / "sketch"
HELD_OUT = ("1F60D", "1F407", "1F333", "1F680", "1F96D", "1F327")  # face, rabbit, tree, rocket, mango, rain
FLUENT_EXAMPLES = 8  # held-out Fluent renders, spread over the test split


def write_fluent_held_out() -> None:
    z = read_fluent_renders()
    test = np.flatnonzero(z["split"] == "test")
    for i in test[np.linspace(0, len(test) - 1, FLUENT_EXAMPLES).round().astype(int)]:
        name = f"fluent-{z['codepoint'][i]}.png"
        for folder, picture in (("held-out", picture_to_sketch(z["render3d"][i], z["alpha3d"][i])),
                                ("truth", z["render3d"][i])):
            (HERE / "fluent" / folder).mkdir(parents=True, exist_ok=True)
            Image.fromarray(picture).save(HERE / "fluent" / folder / name)


def write_held_out() -> None:
    with np.load(openmoji_dir() / "openmoji_128_test.npz") as z:
        names = list(z["names"])
        for name in HELD_OUT:
            i = names.index(name)
            for folder, key in (("held-out", "outline"), ("truth", "color")):
                (HERE / folder).mkdir(parents=True, exist_ok=True)
                Image.fromarray(z[key][i]).save(HERE / folder / f"{name}.png")


def wobbly(draw: ImageDraw.ImageDraw, points: list[tuple[float, float]], rng: random.Random, width: int = 9) -> None:
    """A polyline drawn in short jittered segments, as a hand with a mouse draws it."""
    path = []
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        steps = max(2, int(math.dist((x0, y0), (x1, y1)) / 12))
        path += [(x0 + (x1 - x0) * s / steps + rng.gauss(0, 1.5), y0 + (y1 - y0) * s / steps + rng.gauss(0, 1.5))
                 for s in range(steps)]
    path.append(points[-1])
    draw.line(path, fill="black", width=width, joint="curve")


def circle(cx: float, cy: float, r: float, n: int = 40) -> list[tuple[float, float]]:
    return [(cx + r * math.cos(2 * math.pi * k / n), cy + r * math.sin(2 * math.pi * k / n)) for k in range(n + 1)]


def write_drawn() -> None:
    rng = random.Random(0)
    shapes = {
        "house": [[(120, 250), (256, 120), (392, 250)], [(150, 230), (150, 420), (362, 420), (362, 230)],
                  [(230, 420), (230, 320), (290, 320), (290, 420)], [(170, 270), (215, 270), (215, 305), (170, 305),
                                                                     (170, 270)]],
        "cat": [circle(256, 280, 120), [(160, 205), (170, 110), (225, 165)], [(287, 165), (342, 110), (352, 205)],
                circle(210, 260, 12, 12), circle(302, 260, 12, 12), [(256, 295), (240, 315), (272, 315), (256, 295)],
                [(150, 300), (90, 290)], [(150, 320), (90, 330)], [(362, 300), (422, 290)], [(362, 320), (422, 330)]],
        "sun": [circle(256, 256, 90)] + [[(256 + 120 * math.cos(a), 256 + 120 * math.sin(a)),
                                          (256 + 190 * math.cos(a), 256 + 190 * math.sin(a))]
                                         for a in np.linspace(0, 2 * math.pi, 9)[:-1]],
        "car": [[(90, 330), (110, 260), (180, 250), (220, 190), (330, 190), (370, 250), (430, 265), (430, 330),
                 (90, 330)], circle(170, 335, 38), circle(350, 335, 38), [(235, 200), (235, 250)]],
    }
    (HERE / "drawn").mkdir(parents=True, exist_ok=True)
    for name, strokes in shapes.items():
        canvas = Image.new("RGB", (512, 512), "white")
        draw = ImageDraw.Draw(canvas)
        for stroke in strokes:
            wobbly(draw, stroke, rng)
        canvas.save(HERE / "drawn" / f"{name}.png")


def write_figure(source: str = "fluent", path: Path | None = None) -> Path:
    """Columns: sketch | L1 only | cGAN only | L1 + cGAN | truth; rows: six held-out sketches of
    ``source``'s test split, then the four hand drawings (their truth column left blank)."""
    import ganzoo
    from demo import sketch

    family = sketch.families()[source]
    models = [ganzoo.load(name) for name in family.generators]
    held_out = list(sketch.held_out(source).items())[:6]
    folder = sketch.HELD_OUT_FOLDERS[source] / "held-out"
    inputs = [(ganzoo.prepare_sketch(folder / name, fit=False), truth) for name, truth in held_out]
    inputs += [(ganzoo.prepare_sketch(drawn), None) for drawn in sketch.DRAWN[:4]]
    size, pad = 128, 4
    figure = Image.new("RGB", (5 * (size + pad), len(inputs) * (size + pad)), "white")
    for row, (drawing, truth) in enumerate(inputs):
        pictures = [drawing, *(ganzoo.translate(m, drawing) for m in models)]
        pictures.append(Image.open(truth).convert("RGB") if truth else Image.new("RGB", (size, size), "white"))
        for column, picture in enumerate(pictures):
            figure.paste(picture, (column * (size + pad), row * (size + pad)))
    path = path or HERE.parent / f"pix2pix-{source}-comparison.png"
    figure.save(path)
    return path


if __name__ == "__main__":
    import sys

    if "--figure" in sys.argv:
        print(write_figure(sys.argv[sys.argv.index("--figure") + 1] if len(sys.argv) > 2 else "fluent"))
    else:
        write_held_out()
        write_fluent_held_out()
        write_drawn()
