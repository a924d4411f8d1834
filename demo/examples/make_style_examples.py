"""Write the Style transfer tab's example files (run once; the JPEGs are committed).

    python -m demo.examples.make_style_examples

``style/paintings/NAME.jpg``: the seven public-domain paintings of ``shared/data/style/styles``
(reproductions of 2-D public-domain art), long side 512 px. ``style/content/NAME.jpg``: the
public-domain / CC0 pictures bundled with scikit-image (astronaut, chelsea, coffee, rocket,
camera); the two content photos whose licence is not verified are left out.
"""

from __future__ import annotations

from pathlib import Path

from ganzoo.data.photos import STYLES, style_image
from ganzoo.image_input import limit_size, read_image
from ganzoo.paths import shared_data_dir

HERE = Path(__file__).resolve().parent / "style"
CONTENT = ("chelsea", "astronaut", "coffee", "rocket", "camera")
LONG_SIDE = 512


def main() -> None:
    (HERE / "paintings").mkdir(parents=True, exist_ok=True)
    (HERE / "content").mkdir(parents=True, exist_ok=True)
    for name in STYLES:
        limit_size(style_image(name), LONG_SIDE).save(HERE / "paintings" / f"{name}.jpg", quality=90)
    for name in CONTENT:
        picture = read_image(shared_data_dir() / "style" / "content" / f"skimage_{name}.png", what=name)
        limit_size(picture, LONG_SIDE).save(HERE / "content" / f"{name}.jpg", quality=90)


if __name__ == "__main__":
    main()
