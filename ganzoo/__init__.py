"""ganzoo: conditional generative models you can see work.

The public inference API (what the CLI, the web demo and the tests all call):

    >>> import ganzoo
    >>> cgan = ganzoo.load("cgan-mnist")              # verifies the weights' sha256
    >>> grid = ganzoo.sample_digits(cgan, label=7, count=8, seed=0)   # (8, 1, 28, 28)
    >>> ganzoo.to_pil(grid).save("sevens.png")
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
from ganzoo.inference import latent_walk, same_noise_grid, sample_digits, save_gif, to_pil, walk_frame

__version__ = "0.1.0"

__all__ = [
    "CheckpointError",
    "CheckpointIntegrityError",
    "CheckpointNotFoundError",
    "DataUnavailableError",
    "GanzooError",
    "InvalidInputError",
    "LoadedModel",
    "available",
    "latent_walk",
    "load",
    "same_noise_grid",
    "sample_digits",
    "save_gif",
    "to_pil",
    "walk_frame",
]
