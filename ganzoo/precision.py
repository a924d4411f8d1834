"""bfloat16 on CPUs that have units for it: an option of every training run, and of inference.

bfloat16 keeps float32's 8-bit exponent and cuts its mantissa to 7 bits. On a processor with
bfloat16 matrix units (Intel AMX, AVX-512-BF16) oneDNN runs a convolution in it 1.5-3x faster;
on one without them it *emulates* bfloat16, many times slower. So nothing here turns it on
where the units are missing.

Training chooses by measurement (``ganzoo.train.speed``). Inference stays float32 unless asked
(``use_bfloat16_inference()``): the metrics in the model cards are float32's, and a picture from
the API is the one the card describes. The web app asks, because a class of 30 shares 2 cores:
on one core of this machine a CycleGAN generator pass takes 16 ms instead of 27, the familiarity
score's VGG 39 ms instead of 64, and the pictures differ from float32's by less than one level in
255 on average (``python benchmarks/bench.py precision``).
"""

from __future__ import annotations

import contextlib
import functools

import torch

_inference_in_bfloat16 = False


@functools.cache
def cpu_has_bfloat16() -> bool:
    """Does oneDNN find bfloat16 units (AVX-512-BF16 or AMX) on this CPU? Without them it emulates
    bfloat16 and a step is many times slower (16x for pix2pix's U-Net on an AVX2-only EPYC)."""
    return bool(torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported())


def use_bfloat16_inference(enabled: bool = True) -> bool:
    """Run the image models' inference (pix2pix, CycleGAN, the familiarity score) under bfloat16
    autocast from now on, in every thread, if this CPU has the units; returns whether it does."""
    global _inference_in_bfloat16
    _inference_in_bfloat16 = enabled and cpu_has_bfloat16()
    return _inference_in_bfloat16


def inference_precision() -> str:
    """"bfloat16" or "float32": what the image models' inference runs in now."""
    return "bfloat16" if _inference_in_bfloat16 else "float32"


def inference_autocast() -> contextlib.AbstractContextManager:
    """bfloat16 autocast on the CPU when ``use_bfloat16_inference()`` turned it on; else a no-op.
    (On a GPU the tensors are CUDA ones, which a CPU autocast leaves alone.)"""
    if _inference_in_bfloat16:
        return torch.autocast("cpu", dtype=torch.bfloat16)
    return contextlib.nullcontext()
