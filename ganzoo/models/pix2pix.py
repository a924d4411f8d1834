"""pix2pix: a U-Net generator and a PatchGAN discriminator for paired image translation.

Isola, Zhu, Zhou & Efros, "Image-to-Image Translation with Conditional Adversarial Networks"
(CVPR 2017). The task: given an input image x (here a black line drawing) produce the output
image y it is paired with (the coloured emoji). Two ideas make it work:

* **The generator is a U-Net** (Ronneberger et al., 2015): an encoder that halves the
  resolution down to a 1x1 bottleneck and a decoder that doubles it back, with a *skip
  connection* from every encoder level to the decoder level of the same size. In a
  translation task input and output share their structure (every outline in the sketch is an
  edge in the picture), and the skips let that low-level detail bypass the bottleneck
  instead of being squeezed through it.
* **The discriminator is a PatchGAN**: a small fully-convolutional network that outputs a
  grid of real/fake logits, one per overlapping patch of the image, and sees the input
  sketch beside the output (a *conditional* D: "is this a plausible colouring *of this
  sketch*?"). L1 already gets the low frequencies right; D only needs to judge local texture
  and sharpness, which a patch can do, with fewer parameters and at any image size.

The losses live in ``ganzoo.losses`` (``pix2pix_generator_loss``): L_cGAN + lambda * L1.
"""

from __future__ import annotations

import torch
from torch import nn

from ganzoo.models.layers import NORMS, init_normal_weights, norm_layer

IMAGE_SIZE = 128


def _down(in_ch: int, out_ch: int, normalise: bool = True, norm: str = "batch") -> nn.Sequential:
    """Encoder block C_k: 4x4 conv, stride 2 (halves H and W), BatchNorm, LeakyReLU(0.2)."""
    layers: list[nn.Module] = [nn.Conv2d(in_ch, out_ch, 4, stride=2, padding=1, bias=not normalise)]
    if normalise:
        layers.append(norm_layer(norm, out_ch))
    layers.append(nn.LeakyReLU(0.2, inplace=True))
    return nn.Sequential(*layers)


def _up(in_ch: int, out_ch: int, dropout: bool) -> nn.Sequential:
    """Decoder block CD_k / C_k: 4x4 transposed conv, stride 2 (doubles H and W), BatchNorm, [Dropout], ReLU."""
    layers: list[nn.Module] = [
        nn.ConvTranspose2d(in_ch, out_ch, 4, stride=2, padding=1, bias=False),
        nn.BatchNorm2d(out_ch),
    ]
    if dropout:
        layers.append(nn.Dropout(0.5))
    layers.append(nn.ReLU(inplace=True))
    return nn.Sequential(*layers)


class UNetGenerator(nn.Module):
    """U-Net: (B, in_channels, H, W) sketch in [-1, 1] -> (B, out_channels, H, W) image in [-1, 1].

    ``depth`` encoder blocks halve 128 px down to 1x1 (depth 7); the widths double from
    ``width`` up to ``max_width`` (the paper: 64 up to 512 for 256 px; ganzoo halves both so
    three variants fit the repository and train on a CPU). H and W must be multiples of
    2**depth.

    Dropout(0.5) in the three innermost decoder blocks is the paper's source of noise:
    pix2pix has no z (the generator learned to ignore it). ganzoo uses dropout while training
    only, so the demo is deterministic: the same sketch always gives the same picture.
    """

    def __init__(
        self, in_channels: int = 3, out_channels: int = 3, width: int = 32, max_width: int = 256, depth: int = 7
    ) -> None:
        super().__init__()
        self.depth = depth
        widths = [min(width * 2**i, max_width) for i in range(depth)]
        # The first block has no BatchNorm (paper), nor has the 1x1 bottleneck: a batch
        # statistic over a 1x1 map with batch size 1 would zero it.
        self.encoder = nn.ModuleList(
            [_down(in_channels, widths[0], normalise=False)]
            + [_down(widths[i - 1], widths[i], normalise=i < depth - 1) for i in range(1, depth)]
        )
        # Decoder level i upsamples to the size of encoder level i - 1 and then meets its skip,
        # so its input is its own output of the level below plus that skip (channels add up).
        self.decoder = nn.ModuleList()
        for i in reversed(range(1, depth)):
            in_ch = widths[i] if i == depth - 1 else widths[i] * 2
            self.decoder.append(_up(in_ch, widths[i - 1], dropout=i >= depth - 3))
        self.to_image = nn.Sequential(
            nn.ConvTranspose2d(widths[0] * 2, out_channels, 4, stride=2, padding=1), nn.Tanh()
        )
        init_normal_weights(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        skips = []
        for block in self.encoder:
            x = block(x)
            skips.append(x)
        # Innermost first; each decoder output is joined with the encoder map of its size.
        x = skips.pop()
        for block in self.decoder:
            x = torch.cat([block(x), skips.pop()], dim=1)
        return self.to_image(x)


class PatchDiscriminator(nn.Module):
    """PatchGAN: (sketch, image) -> a grid of logits, one per overlapping patch of the image.

    ``n_layers`` stride-2 blocks, then one stride-1 block and a stride-1 1-channel conv, all
    4x4. Each output logit sees a square of the input ("receptive field") of side

        n_layers = 3:  70 px   (the paper's choice for 256 px images)
        n_layers = 2:  34 px   (ganzoo's default for 128 px)

    The paper found 70 px the best trade-off at 256 px: 1x1 "PixelGAN" patches fix colour but
    not sharpness, 286 px (the whole image) has more parameters and is harder to train
    without being sharper. 34 px covers the same quarter of a 128 px image that 70 px covers
    of a 256 px one, so on a 128 px emoji each logit judges about one feature (an eye, a
    petal) and the 30 x 30 grid of them tells where in the picture D finds it fake.

    Because D is conditional it sees the sketch and the image stacked as 6 channels: an image
    that is realistic but does not follow the sketch is still fake.

    CycleGAN reuses this network unconditionally (``in_channels=3``: it sees one image and
    asks "is this a real image of my domain?") with ``norm="instance"``, as in its paper.
    """

    def __init__(self, in_channels: int = 6, width: int = 64, n_layers: int = 2, norm: str = "batch") -> None:
        super().__init__()
        if norm not in NORMS:
            raise ValueError(f"norm must be one of {sorted(NORMS)}, got {norm!r}")
        layers: list[nn.Module] = [_down(in_channels, width, normalise=False)]
        channels = width
        for i in range(1, n_layers):
            nxt = width * min(2**i, 8)
            layers.append(_down(channels, nxt, norm=norm))
            channels = nxt
        nxt = width * min(2**n_layers, 8)
        layers += [
            nn.Conv2d(channels, nxt, 4, stride=1, padding=1, bias=False),
            norm_layer(norm, nxt),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(nxt, 1, 4, stride=1, padding=1),
        ]
        self.net = nn.Sequential(*layers)
        self.n_layers = n_layers
        init_normal_weights(self)

    @property
    def receptive_field(self) -> int:
        """Side in pixels of the input square that one output logit depends on."""
        field = 1
        for stride in [1, 1] + [2] * self.n_layers:  # walk back from the output, 4x4 kernels
            field = (field - 1) * stride + 4
        return field

    def forward(self, *images: torch.Tensor) -> torch.Tensor:
        """Logits (B, 1, h, w) for ``(sketch, image)`` (pix2pix) or one ``image`` (CycleGAN).

        h = w = 30 for 128 px with n_layers = 2 (14 for 64 px).
        """
        return self.net(torch.cat(images, dim=1))
