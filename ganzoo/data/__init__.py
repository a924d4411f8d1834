"""Data sets, one module per kind of task.

* ``digits``  28x28 class-labelled images (MNIST, Fashion-MNIST, synthetic) for the GANs and judges;
* ``pairs``   aligned (input, target) image pairs for pix2pix (OpenMoji line art -> colour, or a
              folder in the standard pix2pix A|B layout);
* ``unpaired`` two unpaired image sets for CycleGAN (Noto <-> Twemoji emoji, or a folder in the
              standard trainA/ trainB/ testA/ testB/ layout);
* ``augment`` random changes that make the training sketches look like hand-drawn ones.

Every loader keeps a fixed held-out part that no model trains on.
"""

from ganzoo.data.digits import (
    DATA_SOURCES,
    DESCRIPTIONS,
    DIGITS,
    FASHION_CLASSES,
    DigitData,
    class_names,
    load_digits,
    read_idx,
    split_last_per_class,
    uint8_to_unit_range,
)
from ganzoo.paths import shared_data_dir

__all__ = [
    "DATA_SOURCES",
    "DESCRIPTIONS",
    "DIGITS",
    "FASHION_CLASSES",
    "DigitData",
    "class_names",
    "load_digits",
    "read_idx",
    "shared_data_dir",
    "split_last_per_class",
    "uint8_to_unit_range",
]
