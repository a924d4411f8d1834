"""The small inference API that the CLI, the web demo and the tests all call, one module per task.

* ``checks``     argument checks (``InvalidInputError`` with a message a person can act on);
* ``sampling``   digit GANs: seeded noise, samples of one class or all, same-noise grids;
* ``walks``      latent walks between two seeds (lerp / slerp);
* ``reading``    what a judge classifier reads in images (class and confidence);
* ``pictures``   tensors in [-1, 1] -> PIL grids and GIFs;
* ``translate``  pix2pix: a sketch (any picture) -> coloured pictures, and D's patch map;
* ``swap``       CycleGAN: an emoji -> the other style -> back again, and the round trip's error;
* ``style``      Gatys' style transfer as an iterator of intermediate pictures and losses, Gram views;
* ``fast_style`` Johnson's fast style networks: one forward pass, strength, the photo's colours.

Functions take a loaded checkpoint (``ganzoo.load(...)``) or a bare module and plain Python
values or PIL images, and return tensors in [-1, 1] or PIL images.
"""

from ganzoo.inference.checks import (
    INTERPOLATIONS,
    MAX_SAMPLES,
    MAX_SEED,
    MAX_WALK_STEPS,
    NUM_CLASSES,
    check_count,
    check_interpolation,
    check_label,
    check_seed,
    check_t,
)
from ganzoo.inference.pictures import save_gif, to_pil
from ganzoo.inference.reading import read_images
from ganzoo.inference.sampling import generate, is_conditional, noise, same_noise_grid, sample_digits
from ganzoo.inference.walks import interpolate, latent_cells, latent_walk, lerp, slerp, walk_frame, walk_latents

__all__ = [
    "INTERPOLATIONS",
    "MAX_SAMPLES",
    "MAX_SEED",
    "MAX_WALK_STEPS",
    "NUM_CLASSES",
    "check_count",
    "check_interpolation",
    "check_label",
    "check_seed",
    "check_t",
    "generate",
    "interpolate",
    "is_conditional",
    "latent_cells",
    "latent_walk",
    "lerp",
    "noise",
    "read_images",
    "same_noise_grid",
    "sample_digits",
    "save_gif",
    "slerp",
    "to_pil",
    "walk_frame",
    "walk_latents",
]
