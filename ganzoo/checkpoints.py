"""Shipped checkpoints: a ``.safetensors`` weights file plus a JSON model card.

safetensors holds only tensors, so loading one can never run code (unlike a pickle). The
card says how to rebuild the network (architecture name + arguments), how it was trained
(data, exact command, steps, wall time), how good it is (metrics), and the sha256 of the
weights, which ``load`` checks before it trusts the file.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load_file, save_file
from torch import nn

from ganzoo.data import class_names
from ganzoo.errors import CheckpointError, CheckpointIntegrityError, CheckpointNotFoundError, InvalidInputError
from ganzoo.models import ARCHITECTURES
from ganzoo.paths import checkpoints_dir


@dataclass(frozen=True)
class ModelCard:
    """A model card read through attributes: a field an older card lacks reads as its default.

    The JSON keeps everything (``raw``); these are the fields the app and the registry look at.
    """

    name: str
    architecture: str | None = None
    arguments: dict[str, Any] = field(default_factory=dict)
    dataset: dict[str, Any] = field(default_factory=dict)
    training: dict[str, Any] = field(default_factory=dict)
    metrics: dict[str, Any] = field(default_factory=dict)
    storage_dtype: str = "float32"
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_dict(cls, card: dict[str, Any], name: str = "") -> ModelCard:
        def section(key: str) -> dict[str, Any]:
            value = card.get(key)
            return value if isinstance(value, dict) else {}

        return cls(name=str(card.get("name", name)), architecture=card.get("architecture"),
                   arguments=section("arguments"), dataset=section("dataset"), training=section("training"),
                   metrics=section("metrics"), storage_dtype=str(card.get("storage_dtype", "float32")), raw=card)

    @property
    def source(self) -> str | None:
        """The ``--data`` it was trained on."""
        return self.dataset.get("source")

    @property
    def domains(self) -> tuple[str, ...]:
        return tuple(str(d) for d in self.dataset.get("domains", ()))

    @property
    def image_size(self) -> int | None:
        size = self.dataset.get("image_size")
        return int(size) if size is not None else None

    @property
    def steps(self) -> int | None:
        return self.training.get("steps")

    @property
    def wall_minutes(self) -> float | None:
        seconds = self.training.get("wall_time_s")
        return seconds / 60 if seconds is not None else None

    def weight(self, loss: str, default: float = 0.0) -> float:
        """A loss weight of its training (``l1_weight``, ``gan_weight``, ``cycle_weight``, ...)."""
        return float(self.training.get(loss, default))


@dataclass
class LoadedModel:
    """A network rebuilt from a checkpoint, in eval mode, with its model card."""

    name: str
    model: nn.Module
    card: dict[str, Any]

    @property
    def model_card(self) -> ModelCard:
        """The card read through attributes (``card`` is the JSON itself)."""
        return ModelCard.from_dict(self.card, self.name)

    @property
    def dataset(self) -> str:
        """The ``--data`` source it was trained on (cards without one predate Fashion-MNIST)."""
        return self.card.get("dataset", {}).get("source", "mnist")

    @property
    def class_names(self) -> tuple[str, ...]:
        """What its labels 0..9 mean: digits, or garments for a Fashion-MNIST model."""
        return class_names(self.dataset)


def network_of(model: LoadedModel | nn.Module, kind: type[nn.Module] | tuple[type[nn.Module], ...],
               what: str = "model", family: str | None = None) -> nn.Module:
    """The network inside a loaded checkpoint (or the module itself), checked to be a ``kind``.

    Every inference function takes either; the check turns "wrong checkpoint for this function"
    into one clear InvalidInputError instead of an AttributeError deep inside a forward pass.
    """
    module = model.model if isinstance(model, LoadedModel) else model
    if not isinstance(module, kind):
        kinds = kind if isinstance(kind, tuple) else (kind,)
        expected = " or ".join(k.__name__ for k in kinds) + (f" (a {family} checkpoint)" if family else "")
        raise InvalidInputError(f"{what} must be a {expected}, got {type(module).__name__}")
    return module


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def resolve(name_or_path: str | Path) -> tuple[Path, Path]:
    """``"cgan-mnist"`` or a path (with or without suffix) -> (weights path, card path)."""
    text = str(name_or_path)
    if os.sep in text or "/" in text or text.endswith((".safetensors", ".json")):
        stem = Path(text)
        if stem.suffix in (".safetensors", ".json"):
            stem = stem.with_suffix("")
    else:
        stem = checkpoints_dir() / text
    return stem.with_suffix(".safetensors"), stem.with_suffix(".json")


def available() -> list[str]:
    """Names of the checkpoints in the checkpoints folder."""
    return sorted(p.stem for p in checkpoints_dir().glob("*.safetensors"))


def write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n")
    os.replace(tmp, path)


def export(
    model: nn.Module,
    name_or_path: str | Path,
    architecture: str,
    arguments: dict[str, Any],
    card: dict[str, Any],
    half: bool = False,
) -> Path:
    """Write ``model``'s weights and its card (with the weights' sha256); return the card path.

    ``half`` stores floating-point tensors as float16 (half the bytes); ``load`` turns them
    back into the model's float32 parameters, so only storage precision changes.
    """
    weights_path, card_path = resolve(name_or_path)
    weights_path.parent.mkdir(parents=True, exist_ok=True)
    tensors = {k: _stored(v, half) for k, v in model.state_dict().items()}
    tmp = weights_path.with_suffix(".safetensors.tmp")
    save_file(tensors, str(tmp))
    tmp.chmod(0o644)  # safetensors writes owner-only files; shipped weights are for everyone to read
    os.replace(tmp, weights_path)
    full_card = {
        "name": weights_path.stem,
        "architecture": architecture,
        "arguments": arguments,
        **card,
        "weights_file": weights_path.name,
        "storage_dtype": "float16" if half else "float32",
        "sha256": sha256_of(weights_path),
    }
    write_json_atomic(card_path, full_card)
    return card_path


def _stored(tensor: torch.Tensor, half: bool) -> torch.Tensor:
    tensor = tensor.detach().cpu()
    if half and tensor.is_floating_point():
        tensor = tensor.half()
    return tensor.contiguous()


def read_card(name_or_path: str | Path) -> dict[str, Any]:
    weights_path, card_path = resolve(name_or_path)
    # Messages name the checkpoint and its files, never a folder: the app shows them to users.
    if not card_path.exists() or not weights_path.exists():
        missing = card_path if not card_path.exists() else weights_path
        raise CheckpointNotFoundError(
            f"checkpoint {weights_path.stem!r} not found ({missing.name} is missing); "
            f"available: {', '.join(available()) or 'none'}"
        )
    try:
        return json.loads(card_path.read_text())
    except json.JSONDecodeError as exc:
        raise CheckpointError(f"model card {card_path.name} is not valid JSON: {exc}") from exc


def model_card(name_or_path: str | Path) -> ModelCard:
    """A shipped checkpoint's card, read through attributes (no weights loaded)."""
    return ModelCard.from_dict(read_card(name_or_path), resolve(name_or_path)[0].stem)


def shipped_cards(*architectures: str) -> list[ModelCard]:
    """The cards of the shipped checkpoints (of these architectures, or all): how the tabs' registries
    (``translate.pix2pix_families``, ``swap.cyclegan_families``, ``fast_style.fast_styles``) find models."""
    cards = [model_card(name) for name in available()]
    return [card for card in cards if not architectures or card.architecture in architectures]


def update_card(name_or_path: str | Path, **fields: Any) -> None:
    """Merge ``fields`` into a model card (used to record metrics after training)."""
    card = read_card(name_or_path)
    card.update(fields)
    write_json_atomic(resolve(name_or_path)[1], card)


def load(name_or_path: str | Path, device: str | torch.device = "cpu") -> LoadedModel:
    """Load a shipped checkpoint by name (``"cgan-mnist"``) or path, verifying its sha256.

    Raises ``CheckpointNotFoundError`` if it is missing, ``CheckpointIntegrityError`` if the
    weights do not match the card, and ``CheckpointError`` for any other damage.
    """
    weights_path, _ = resolve(name_or_path)
    card = read_card(name_or_path)
    actual = sha256_of(weights_path)
    if actual != card.get("sha256"):
        raise CheckpointIntegrityError(
            f"{weights_path.name} has sha256 {actual[:12]}..., but its model card records "
            f"{str(card.get('sha256'))[:12]}...; the file is corrupted or was replaced. "
            "Restore it (git checkout -- checkpoints) or retrain it."
        )
    architecture = card.get("architecture")
    if architecture not in ARCHITECTURES:
        raise CheckpointError(f"model card names unknown architecture {architecture!r}")
    model = ARCHITECTURES[architecture](**card.get("arguments", {}))
    try:
        model.load_state_dict(load_file(str(weights_path), device=str(device)))
    except (SafetensorError, RuntimeError) as exc:
        raise CheckpointError(f"cannot load the weights in {weights_path.name}: {exc}") from exc
    return LoadedModel(name=card.get("name", weights_path.stem), model=model.to(device).eval(), card=card)
