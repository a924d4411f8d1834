"""ganzoo: conditional generative models you can see work.

The public inference API (what the CLI, the web demo and the tests all call):

    >>> import ganzoo
    >>> cgan = ganzoo.load("cgan-mnist")              # verifies the weights' sha256
    >>> grid = ganzoo.sample_digits(cgan, label=7, count=8, seed=0)   # (8, 1, 28, 28)
    >>> ganzoo.to_pil(grid).save("sevens.png")
    >>> picture = ganzoo.translate(ganzoo.load("pix2pix-openmoji"), "my_sketch.png")   # PIL, 128 px
    >>> trip = ganzoo.swap_domain(ganzoo.load("cyclegan-noto-twemoji"), "emoji.png", to="twemoji")
"""

from ganzoo.checkpoints import LoadedModel, available, load
from ganzoo.errors import (
    CheckpointError,
    CheckpointIntegrityError,
    CheckpointNotFoundError,
    DataUnavailableError,
    GanzooError,
    InvalidInputError,
)
from ganzoo.image_input import read_image
from ganzoo.inference import (
    latent_walk,
    read_images,
    same_noise_grid,
    sample_digits,
    save_gif,
    to_pil,
    walk_frame,
)
from ganzoo.inference.familiarity import Familiarity, familiarity
from ganzoo.inference.fast_style import FAST_STYLES, stylise
from ganzoo.inference.style import gatys, gram_view
from ganzoo.inference.swap import RoundTrip, error_heatmap, prepare_emoji, swap_domain
from ganzoo.inference.translate import patch_overlay, patch_realness, prepare_sketch, translate

__version__ = "0.1.0"

__all__ = [
    "FAST_STYLES",
    "CheckpointError",
    "CheckpointIntegrityError",
    "CheckpointNotFoundError",
    "DataUnavailableError",
    "Familiarity",
    "GanzooError",
    "InvalidInputError",
    "LoadedModel",
    "RoundTrip",
    "available",
    "error_heatmap",
    "familiarity",
    "gatys",
    "gram_view",
    "latent_walk",
    "load",
    "patch_overlay",
    "patch_realness",
    "prepare_emoji",
    "prepare_sketch",
    "read_image",
    "read_images",
    "same_noise_grid",
    "sample_digits",
    "save_gif",
    "stylise",
    "swap_domain",
    "to_pil",
    "translate",
    "walk_frame",
]
