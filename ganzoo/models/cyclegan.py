"""CycleGAN: a ResNet-block generator for unpaired image translation, and its history pool.

Zhu, Park, Isola & Efros, "Unpaired Image-to-Image Translation using Cycle-Consistent
Adversarial Networks" (ICCV 2017). pix2pix needs *pairs* (this sketch, that picture), which
are rare; CycleGAN learns from two unpaired sets X and Y (Noto emoji, Twemoji emoji) with

* two generators, G: X -> Y and F: Y -> X (both ``ResnetGenerator``);
* two discriminators, D_Y ("is this a real Y?") and D_X, each pix2pix's PatchGAN seeing one
  image (``PatchDiscriminator(in_channels=3, norm="instance")``: the same network, reused);
* the losses in ``ganzoo.losses``: least-squares GAN, cycle consistency
  ||F(G(x)) - x||_1 + ||G(F(y)) - y||_1, and identity ||G(y) - y||_1 + ||F(x) - x||_1.

Unlike pix2pix's U-Net, the generator has no skip connections across the whole network: it
encodes to a quarter of the resolution, transforms there with residual blocks, and decodes.
The paper's notation for its layers, used in the names below:

    c7s1-k   7x7 conv, stride 1, k filters, InstanceNorm, ReLU
    dk       3x3 conv, stride 2 (halves H and W), k filters, InstanceNorm, ReLU
    Rk       residual block: two 3x3 convs of k filters, x + block(x)
    uk       3x3 fractionally-strided (transposed) conv, stride 1/2, k filters, InstanceNorm, ReLU
             (or, with ``upsample="resize"``, nearest-neighbour x2 then a 3x3 conv: see ``_u``)

    c7s1-k, d2k, d4k, R4k x n, u2k, uk, c7s1-3 (then tanh)

The paper uses k = 64 and n = 6 at 128 px, n = 9 at 256 px; ganzoo's 64 px emoji use a
smaller k (see the checkpoints' cards) so the two directions train on a CPU.
"""

from __future__ import annotations

import random

import torch
from torch import nn

from ganzoo.models.layers import ResidualBlock, init_normal_weights


def _c7s1(in_ch: int, out_ch: int) -> list[nn.Module]:
    """c7s1-k. Reflection padding instead of zeros: zeros would be a dark frame the network
    must learn to hide, and reflected borders keep the image statistics continuous."""
    return [nn.ReflectionPad2d(3), nn.Conv2d(in_ch, out_ch, 7, bias=False),
            nn.InstanceNorm2d(out_ch, affine=True), nn.ReLU(inplace=True)]


def _d(in_ch: int, out_ch: int) -> list[nn.Module]:
    """dk: halve the resolution."""
    return [nn.Conv2d(in_ch, out_ch, 3, stride=2, padding=1, bias=False),
            nn.InstanceNorm2d(out_ch, affine=True), nn.ReLU(inplace=True)]


UPSAMPLING = ("transposed", "resize")


def _u(in_ch: int, out_ch: int, upsample: str = "transposed") -> list[nn.Module]:
    """uk: double the resolution.

    "transposed" is the paper's layer (output_padding=1 makes 2H exactly, not 2H - 1). A 3x3
    kernel with stride 2 overlaps unevenly: some output pixels receive two kernel taps, their
    neighbours one, which leaves a checkerboard the discriminator then has to teach away
    (Odena, Dumoulin & Olah, "Deconvolution and Checkerboard Artifacts", Distill 2016).
    "resize" first copies each pixel into a 2x2 block (nearest neighbour) and then convolves:
    every output pixel gets the same number of taps, so no checkerboard to begin with.
    """
    if upsample == "transposed":
        grow = [nn.ConvTranspose2d(in_ch, out_ch, 3, stride=2, padding=1, output_padding=1, bias=False)]
    elif upsample == "resize":
        grow = [nn.Upsample(scale_factor=2, mode="nearest"), nn.ReflectionPad2d(1),
                nn.Conv2d(in_ch, out_ch, 3, bias=False)]
    else:
        raise ValueError(f"upsample must be one of {UPSAMPLING}, got {upsample!r}")
    return [*grow, nn.InstanceNorm2d(out_ch, affine=True), nn.ReLU(inplace=True)]


class ResnetGenerator(nn.Module):
    """(B, 3, H, W) image in [-1, 1] -> (B, 3, H, W) image in [-1, 1]; H and W multiples of 4.

    ``width`` is the paper's k, ``blocks`` its n. InstanceNorm (Ulyanov et al., 2016)
    normalises each image by its own statistics, which suits style: the contrast and colour
    cast of one input should not depend on the others in its batch, and the network then
    behaves the same with batch size 1 in the app as with 16 in training.
    """

    def __init__(self, width: int = 32, blocks: int = 6, channels: int = 3, upsample: str = "transposed") -> None:
        super().__init__()
        k = width
        layers: list[nn.Module] = [*_c7s1(channels, k), *_d(k, 2 * k), *_d(2 * k, 4 * k)]
        layers += [ResidualBlock(4 * k) for _ in range(blocks)]
        layers += [*_u(4 * k, 2 * k, upsample), *_u(2 * k, k, upsample)]
        layers += [nn.ReflectionPad2d(3), nn.Conv2d(k, channels, 7), nn.Tanh()]
        self.net = nn.Sequential(*layers)
        init_normal_weights(self)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class ImagePool:
    """The history of generated images that D trains on (Shrivastava et al., 2017).

    ``query(images)``: each image of the batch goes in; what comes out, image by image, is

        the image itself                        while the pool holds fewer than ``size``;
        then, with probability 1/2, the image itself,
        and with probability 1/2, a random *older* image from the pool (the new one takes its place).

    Why: D trained only on the generator's latest output can forget what earlier generators
    made, and G can then oscillate between old mistakes that D no longer punishes. Showing D a
    buffer of the last ~50 fakes keeps it honest about all of them. The paper uses size 50.
    """

    def __init__(self, size: int = 50, seed: int | None = None) -> None:
        self.size = size
        self.images: list[torch.Tensor] = []
        self.rng = random.Random(seed)

    def query(self, images: torch.Tensor) -> torch.Tensor:
        if self.size == 0:
            return images
        out = []
        for image in images.detach():
            if len(self.images) < self.size:
                self.images.append(image.clone())
                out.append(image)
            elif self.rng.random() < 0.5:
                i = self.rng.randrange(self.size)
                out.append(self.images[i])
                self.images[i] = image.clone()
            else:
                out.append(image)
        return torch.stack(out)


class CycleGenerators(nn.Module):
    """Both directions in one network, so one checkpoint ships a whole CycleGAN.

    ``a_to_b`` is the paper's G: X -> Y, ``b_to_a`` its F: Y -> X. For the shipped emoji
    models, A is Noto and B is Twemoji.
    """

    def __init__(self, width: int = 32, blocks: int = 6, upsample: str = "transposed") -> None:
        super().__init__()
        self.a_to_b = ResnetGenerator(width, blocks, upsample=upsample)
        self.b_to_a = ResnetGenerator(width, blocks, upsample=upsample)

    def forward(self, images: torch.Tensor, to: str = "b") -> torch.Tensor:
        """Translate ``images`` into domain ``to`` ("a" or "b")."""
        if to not in ("a", "b"):
            raise ValueError(f"to must be 'a' or 'b', got {to!r}")
        return self.a_to_b(images) if to == "b" else self.b_to_a(images)
