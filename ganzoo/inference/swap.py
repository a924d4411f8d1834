"""CycleGAN at run time: a picture of one style -> the other style -> back again, and the round trip's error.

    >>> import ganzoo
    >>> cyc = ganzoo.load("cyclegan-fluent")                       # A = Fluent 3-D, B = OpenMoji
    >>> trip = ganzoo.swap_domain(cyc, "grinning.png", to="openmoji")
    >>> trip.translated, trip.reconstructed, trip.cycle_error      # PIL, PIL, float in [0, 1]
    >>> ganzoo.error_heatmap(trip.error_map).save("where_the_round_trip_fails.png")

``to`` names the target domain as the model card does (``"openmoji"``, ``"fluent 3-d"``,
``"twemoji"``, ``"noto"``, case ignored) or by its letter, ``"a"`` or ``"b"``. Every input goes
through ``ganzoo.image_input`` (any format, bounded memory, transparency on white like the
training emoji), then ``prepare_emoji`` scales it into a white square of the model's size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from PIL import Image
from torch import nn

from ganzoo import checkpoints
from ganzoo.checkpoints import LoadedModel, ModelCard, network_of
from ganzoo.errors import InvalidInputError
from ganzoo.image_input import ImageSource, fit_square, read_picture, to_image, to_tensor
from ganzoo.inference.pictures import heat_map
from ganzoo.models import CycleGenerators
from ganzoo.precision import inference_autocast

EMOJI_SIZE = 64  # the first models' size (Noto <-> Twemoji); a card's dataset.image_size says its own
# Domain names of the first shipped models, for cards (and bare modules) that do not name theirs.
DEFAULT_DOMAINS = ("Noto", "Twemoji")


@dataclass(frozen=True)
class RoundTrip:
    """x, G(x), F(G(x)) at the model's size, and |F(G(x)) - x| per pixel (mean over RGB, 0..1)."""

    input: Image.Image
    translated: Image.Image
    reconstructed: Image.Image
    error_map: np.ndarray

    @property
    def cycle_error(self) -> float:
        """Mean |F(G(x)) - x| on the 0..1 scale: the cycle-consistency loss of this one image."""
        return float(self.error_map.mean())


@dataclass(frozen=True)
class CycleGanFamily:
    """The shipped CycleGANs of one data set, found by their cards: the full objective and the
    no-cycle ablation (same network and steps), their two domains and the pictures' size."""

    source: str
    domains: tuple[str, str]
    image_size: int
    full: str | None = None
    nocycle: str | None = None
    familiarity: str | None = None  # the out-of-domain score fitted on its training pictures

    @property
    def models(self) -> tuple[str, ...]:
        return tuple(name for name in (self.full, self.nocycle) if name)


def image_size_of(card: ModelCard) -> int:
    """The square size a CycleGAN was trained at (cards from before the field: 64 px)."""
    return card.image_size or EMOJI_SIZE


def domains_of(card: ModelCard) -> tuple[str, str]:
    domains = card.domains if len(card.domains) == 2 else DEFAULT_DOMAINS
    return domains[0], domains[1]


def cyclegan_families() -> dict[str, CycleGanFamily]:
    """Every data set with a shipped CycleGAN (read from the model cards): the 128 px ones first."""
    found: dict[str, dict] = {}
    for card in checkpoints.shipped_cards("familiarity.FeatureFamiliarity", "cyclegan.CycleGenerators"):
        if card.source is None:
            continue
        if card.architecture == "familiarity.FeatureFamiliarity":
            found.setdefault(card.source, {})["familiarity"] = card.name
        else:
            role = "full" if card.weight("cycle_weight", 10) > 0 else "nocycle"
            found.setdefault(card.source, {}).update(
                {role: card.name, "domains": domains_of(card), "image_size": image_size_of(card)})
    families = [CycleGanFamily(source, **roles) for source, roles in found.items() if "domains" in roles]
    return {f.source: f for f in sorted(families, key=lambda f: (f.image_size < 128, f.source))}


def target_letter(to: object, domains: tuple[str, str] = DEFAULT_DOMAINS) -> str:
    """"a"/"b" for a target named by letter or by one of ``domains`` (case ignored)."""
    names = {d.lower(): letter for d, letter in zip(domains, "ab", strict=True)} | {"a": "a", "b": "b"}
    if isinstance(to, str) and to.lower() in names:
        return names[to.lower()]
    raise InvalidInputError(f"to must be one of {tuple(d.lower() for d in domains)} (or 'a', 'b'), got {to!r}")


def prepare_emoji(image: ImageSource, what: str = "picture", size: int = EMOJI_SIZE) -> Image.Image:
    """Any picture -> the ``size`` x ``size`` RGB square the generators take: long side ``size``, padded with white."""
    return fit_square(read_picture(image, what), size)


@torch.inference_mode()
def swap_domain(model: LoadedModel | nn.Module, image: ImageSource, to: str = "b", what: str = "picture",
                size: int | None = None) -> RoundTrip:
    """Translate ``image`` into domain ``to`` and back again.

    ``size``: the square the generators work at; by default the one in the model's card (64 px for
    a bare module). ``what`` names the input in error messages.
    """
    generators = network_of(model, CycleGenerators, family="CycleGAN")
    card = model.model_card if isinstance(model, LoadedModel) else ModelCard("module")
    target = target_letter(to, domains_of(card))
    source = "a" if target == "b" else "b"
    prepared = prepare_emoji(image, what, size or image_size_of(card))
    generators.eval()
    x = to_tensor(prepared)
    with inference_autocast():
        translated = generators(x, to=target)
        reconstructed = generators(translated, to=source)
    translated, reconstructed = translated.float(), reconstructed.float()
    error = (reconstructed.clamp(-1, 1) - x).abs().mean(1)[0] / 2  # [-1, 1] differences -> 0..1 scale
    return RoundTrip(prepared, to_image(translated), to_image(reconstructed), error.numpy())


def error_heatmap(error_map: np.ndarray, scale: float = 0.5, size: int = 192) -> Image.Image:
    """Per-pixel error (0..1) as a heat map: black = none, through red and yellow to white at ``scale``.

    ``scale`` 0.5 by default, i.e. half the full range: a round trip that loses a shape shows
    it in yellow and white, a faithful one stays black and dark red.
    """
    return heat_map(error_map, scale, size)
