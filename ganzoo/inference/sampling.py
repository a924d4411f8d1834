"""Sampling from the digit GANs: noise from a seed, one class or all, and same-noise grids.

Everything is seeded: the same seed always gives the same noise, and so the same images.
"""

from __future__ import annotations

import torch
from torch import nn

from ganzoo.checkpoints import LoadedModel, network_of
from ganzoo.errors import InvalidInputError
from ganzoo.inference.checks import MAX_SAMPLES, NUM_CLASSES, check_count, check_label, check_seed
from ganzoo.models import ClusterGenerator, ConditionalGenerator, Generator

GENERATORS = (Generator, ConditionalGenerator, ClusterGenerator)


def generator_of(model: LoadedModel | nn.Module) -> nn.Module:
    """The generator module inside a loaded checkpoint (or the module itself), checked to be one."""
    return network_of(model, GENERATORS, "model", family="digit GAN")


def is_conditional(model: LoadedModel | nn.Module) -> bool:
    return isinstance(generator_of(model), ConditionalGenerator)


def noise(seed: int, count: int, z_dim: int) -> torch.Tensor:
    """``count`` latent vectors z ~ N(0, I), a pure function of the seed."""
    return torch.randn(count, z_dim, generator=torch.Generator().manual_seed(check_seed(seed)))


@torch.inference_mode()
def generate(model: LoadedModel | nn.Module, z: torch.Tensor, labels: torch.Tensor | None = None) -> torch.Tensor:
    """Run the generator in eval mode on given latents (and labels, for a conditional one)."""
    generator = generator_of(model)
    conditional = is_conditional(generator)
    if conditional and labels is None:
        raise InvalidInputError("this is a conditional model: give a label for every sample")
    if not conditional and labels is not None:
        raise InvalidInputError("this model is unconditional: it takes no labels")
    was_training = generator.training
    generator.eval()  # batch norm must use its running statistics, not this batch's
    try:
        device = next(generator.parameters()).device
        args = (z.to(device),) + ((labels.to(device),) if conditional else ())
        return generator(*args).float().cpu()
    finally:
        generator.train(was_training)


def sample_digits(
    model: LoadedModel | nn.Module, label: int | None = None, count: int = 8, seed: int = 0
) -> torch.Tensor:
    """``count`` samples (count, 1, 28, 28) in [-1, 1].

    For a conditional model ``label`` picks the digit; ``None`` cycles through 0..9.
    An unconditional model takes ``label=None`` only.
    """
    count = check_count(count)
    z = noise(seed, count, generator_of(model).z_dim)
    if not is_conditional(model):
        if label is not None:
            raise InvalidInputError("this model is unconditional: it takes no label")
        return generate(model, z)
    labels = torch.arange(count) % NUM_CLASSES if label is None else torch.full((count,), check_label(label))
    return generate(model, z, labels)


def same_noise_grid(model: LoadedModel | nn.Module, columns: int = 8, seed: int = 0) -> torch.Tensor:
    """A 10 x ``columns`` grid (row = digit 0..9) whose every column shares one z.

    Read down a column: the style (slant, stroke width) stays, the class changes; so the
    noise carries style and the label carries class.
    """
    if not is_conditional(model):
        raise InvalidInputError("the same-noise grid needs a conditional model (cgan-*)")
    columns = check_count(columns, cap=MAX_SAMPLES // NUM_CLASSES, what="samples per digit")
    z = noise(seed, columns, generator_of(model).z_dim).repeat(NUM_CLASSES, 1)
    labels = torch.arange(NUM_CLASSES).repeat_interleave(columns)
    return generate(model, z, labels)


