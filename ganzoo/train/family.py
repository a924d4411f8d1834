"""What a model family tells the training command, the exporter and the metrics command.

A *family* is one paper's training recipe (cGAN, DCGAN, the judge classifier, pix2pix, CycleGAN,
Johnson's fast style networks). Everything generic (the loop, checkpoints, the model card's common
fields, DDP, precision) lives elsewhere; a family supplies only what is its own:

* ``sources`` and ``load_data``: the data sets it trains on (the first is the default);
* ``add_arguments`` / ``from_args``: its options, and the ``TrainingTask`` built from them;
* ``shipped``: the network a checkpoint ships, with its architecture name and constructor arguments;
* ``dataset_card`` / ``training_card``: the fields its model card adds;
* ``architectures`` / ``evaluate``: which shipped checkpoints are its own, and how they are scored.

``ganzoo.train.families.FAMILIES`` is the one table of them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from ganzoo.train.loop import TrainingTask


def given(**options: object) -> dict[str, object]:
    """The options the command line set; the rest keep the model's own default (one source of truth)."""
    return {name: value for name, value in options.items() if value is not None}


def no_fields(args: argparse.Namespace, task: TrainingTask) -> dict[str, Any]:
    return {}


def train_dataset_of(data: Any, args: argparse.Namespace, task: TrainingTask) -> torch.utils.data.TensorDataset:
    """What most families train on: the data's own ``train_dataset()``."""
    return data.train_dataset()


@dataclass(frozen=True)
class ModelFamily:
    name: str
    summary: str  # one line for ``python -m ganzoo.train --help``
    sources: tuple[str, ...]  # ``--data`` values; the first is the default
    load_data: Callable[[argparse.Namespace], Any]
    add_arguments: Callable[[argparse.ArgumentParser], None]
    from_args: Callable[[argparse.Namespace, Any], TrainingTask]
    shipped: Callable[[TrainingTask], tuple[nn.Module, str, dict[str, Any]]]
    dataset_card: Callable[[argparse.Namespace, Any], dict[str, Any]]
    training_card: Callable[[argparse.Namespace, TrainingTask], dict[str, Any]] = no_fields
    train_dataset: Callable[[Any, argparse.Namespace, TrainingTask], torch.utils.data.TensorDataset] = \
        train_dataset_of
    #: Checks across options, after parsing: returns a message for ``parser.error`` or None.
    check_args: Callable[[argparse.Namespace], str | None] = lambda args: None
    #: Other networks the run can ship, by the option that names their checkpoint (pix2pix's discriminator).
    extra_exports: dict[str, Callable[[TrainingTask], tuple[nn.Module, str, dict[str, Any]]]] = \
        field(default_factory=dict)
    #: What a run folder records beside its checkpoint (``run.json``), if anything.
    run_description: Callable[[argparse.Namespace, TrainingTask], dict[str, Any]] | None = None
    architectures: tuple[str, ...] = ()  # the ``architecture`` of its shipped checkpoints' cards
    evaluate: Callable[[str, argparse.Namespace], dict[str, Any]] | None = None  # metrics of a checkpoint
