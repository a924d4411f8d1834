"""Model architectures, one paper per module.

``ARCHITECTURES`` maps the name written into a model card to the class that rebuilds it,
so a checkpoint can be loaded from its card alone.
"""

from torch import nn

from ganzoo.models.classifier import DigitClassifier
from ganzoo.models.cyclegan import CycleGenerators, ResnetGenerator
from ganzoo.models.dcgan import (
    ClusterGenerator,
    ConditionalDiscriminator,
    ConditionalGenerator,
    Discriminator,
    Generator,
)
from ganzoo.models.familiarity import FeatureFamiliarity
from ganzoo.models.johnson import TransformNet
from ganzoo.models.mlp2d import PointDiscriminator, PointGenerator
from ganzoo.models.pix2pix import PatchDiscriminator, UNetGenerator
from ganzoo.models.vgg import VGG16Features

ARCHITECTURES: dict[str, type[nn.Module]] = {
    "dcgan.Generator": Generator,
    "dcgan.Discriminator": Discriminator,
    "dcgan.ConditionalGenerator": ConditionalGenerator,
    "dcgan.ClusterGenerator": ClusterGenerator,
    "dcgan.ConditionalDiscriminator": ConditionalDiscriminator,
    "classifier.DigitClassifier": DigitClassifier,
    "pix2pix.UNetGenerator": UNetGenerator,
    "pix2pix.PatchDiscriminator": PatchDiscriminator,
    "cyclegan.ResnetGenerator": ResnetGenerator,
    "cyclegan.CycleGenerators": CycleGenerators,
    "vgg.VGG16Features": VGG16Features,
    "johnson.TransformNet": TransformNet,
    "mlp2d.PointGenerator": PointGenerator,
    "mlp2d.PointDiscriminator": PointDiscriminator,
    "familiarity.FeatureFamiliarity": FeatureFamiliarity,
}


def architecture_name(model: nn.Module) -> str:
    """The key under which ``model``'s class is registered in ``ARCHITECTURES``."""
    for name, cls in ARCHITECTURES.items():
        if type(model) is cls:
            return name
    raise KeyError(f"{type(model).__name__} is not a registered architecture")


__all__ = [
    "ARCHITECTURES",
    "ClusterGenerator",
    "ConditionalDiscriminator",
    "ConditionalGenerator",
    "CycleGenerators",
    "DigitClassifier",
    "Discriminator",
    "Generator",
    "PatchDiscriminator",
    "ResnetGenerator",
    "TransformNet",
    "UNetGenerator",
    "VGG16Features",
    "architecture_name",
]
