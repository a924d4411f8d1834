"""DCGAN and its class-conditional variant, sized for 28x28 single-channel images.

Radford, Metz & Chintala, "Unsupervised Representation Learning with Deep Convolutional
Generative Adversarial Networks" (2016) gave a recipe that made GAN training stable enough
to be routine. Its rules, all followed here:

* no pooling: the discriminator downsamples with strided convolutions and the generator
  upsamples with fractionally-strided (transposed) convolutions, so both learn their own
  resampling;
* batch normalisation everywhere except the generator's output layer and the
  discriminator's input layer (normalising those pins the statistics of real images and
  made the paper's samples oscillate);
* ReLU in the generator with ``tanh`` on the output (images live in [-1, 1]);
  LeakyReLU(0.2) in the discriminator, so fakes always receive some gradient;
* weights drawn from N(0, 0.02) and Adam with lr 2e-4, beta1 0.5 (see ``ganzoo.train``).

The conditional variant follows Mirza & Osindero, "Conditional Generative Adversarial
Nets" (2014): both networks see the class label y. The generator joins a learned label
embedding to z. The discriminator uses the *projection* form of Miyato & Koyama, "cGANs
with Projection Discriminator" (2018):

    D(x, y) = w^T phi(x) + b + embed(y)^T phi(x)

phi(x) are the discriminator's features; the inner product with the label's embedding
asks "do these features look like class y?", which conditions D more sharply than
feeding the label in as an extra input channel.

``ClusterGenerator`` is the unconditional DCGAN that the shipped Latent walk uses: the same
conditional networks, told a k-means cluster of the training images instead of a class label,
with the cluster picked by the cell of latent space that z falls in (see its docstring).
"""

from __future__ import annotations

import torch
from torch import nn

from ganzoo.models.layers import init_normal_weights

IMAGE_SIZE = 28
NUM_CLASSES = 10
MAPPING_WIDTH = 256


def _upsampling_body(in_dim: int, width: int, channels: int) -> nn.Sequential:
    """z-like vector (B, in_dim, 1, 1) -> image (B, channels, 28, 28) in [-1, 1]."""
    return nn.Sequential(
        # 1x1 -> 7x7: a transposed conv over a 1x1 input is a learned projection of z.
        nn.ConvTranspose2d(in_dim, width * 4, kernel_size=7, stride=1, padding=0, bias=False),
        nn.BatchNorm2d(width * 4),
        nn.ReLU(inplace=True),
        # 7x7 -> 14x14
        nn.ConvTranspose2d(width * 4, width * 2, kernel_size=4, stride=2, padding=1, bias=False),
        nn.BatchNorm2d(width * 2),
        nn.ReLU(inplace=True),
        # 14x14 -> 28x28; no batch norm on the output layer (paper rule).
        nn.ConvTranspose2d(width * 2, channels, kernel_size=4, stride=2, padding=1),
        nn.Tanh(),
    )


def _downsampling_body(width: int, channels: int, spectral: bool = False) -> nn.Sequential:
    """Image (B, channels, 28, 28) -> features (B, 2*width, 7, 7).

    ``spectral``: spectral normalisation instead of batch norm (see ``Discriminator``).
    """
    second = nn.Conv2d(width, width * 2, kernel_size=4, stride=2, padding=1, bias=spectral)
    return nn.Sequential(
        # 28 -> 14; no batch norm on the input layer (paper rule).
        _maybe_spectral(nn.Conv2d(channels, width, kernel_size=4, stride=2, padding=1), spectral),
        nn.LeakyReLU(0.2, inplace=True),
        # 14 -> 7
        *((_maybe_spectral(second, True),) if spectral else (second, nn.BatchNorm2d(width * 2))),
        nn.LeakyReLU(0.2, inplace=True),
    )


def _maybe_spectral(layer: nn.Module, spectral: bool) -> nn.Module:
    return nn.utils.parametrizations.spectral_norm(layer) if spectral else layer


class Generator(nn.Module):
    """DCGAN generator: z ~ N(0, I) of size ``z_dim`` -> image in [-1, 1].

    ``mapping`` > 0 puts that many fully connected ReLU layers (width ``MAPPING_WIDTH``) in front
    of the convolutions, as StyleGAN's mapping network does (Karras et al., 2019). Why it matters
    for an unconditional generator: real digits form ten separate clusters, but z is one smooth
    Gaussian, and the convolutional body is nearly linear in its input until its first ReLU. A
    mapping network can fold the Gaussian into clusters *before* the image is drawn, so fewer
    samples land between two classes as half-digits, and a latent walk switches class in a
    step or two instead of morphing through malformed strokes.
    """

    def __init__(self, z_dim: int = 64, width: int = 32, channels: int = 1, mapping: int = 0) -> None:
        super().__init__()
        self.z_dim = z_dim
        layers: list[nn.Module] = []
        for i in range(mapping):
            layers += [nn.Linear(z_dim if i == 0 else MAPPING_WIDTH, MAPPING_WIDTH), nn.ReLU(inplace=True)]
        self.mapping = nn.Sequential(*layers)
        self.net = _upsampling_body(MAPPING_WIDTH if mapping else z_dim, width, channels)
        init_normal_weights(self)
        for layer in self.mapping:
            if isinstance(layer, nn.Linear):  # He init: N(0, 0.02) would shrink z to almost nothing
                nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        w = self.mapping(z.view(z.size(0), self.z_dim))
        return self.net(w[:, :, None, None])


class Discriminator(nn.Module):
    """DCGAN discriminator: image -> one real/fake logit (no sigmoid; the loss applies it).

    ``spectral_norm=True`` follows Miyato et al., "Spectral Normalization for Generative
    Adversarial Networks" (2018): every layer's weight W is divided by its largest singular
    value sigma(W) (estimated by one power iteration per step), so each layer, and with
    LeakyReLU the whole of D, is at most 1-Lipschitz. D can then not become arbitrarily sharp:
    its gradients to G stay informative, and it needs no batch norm (which couples the
    images of a batch, and lets D tell an all-real batch from an all-fake one by its statistics).
    """

    def __init__(self, width: int = 64, channels: int = 1, spectral_norm: bool = False, deeper: bool = False) -> None:
        super().__init__()
        self.features = _downsampling_body(width, channels, spectral_norm)
        top = width * 2
        if deeper:  # one more 3x3 layer at 7x7: D sees how strokes combine, not only strokes
            extra = nn.Conv2d(top, top * 2, kernel_size=3, padding=1, bias=spectral_norm)
            norm = () if spectral_norm else (nn.BatchNorm2d(top * 2),)
            self.features.extend([_maybe_spectral(extra, spectral_norm), *norm, nn.LeakyReLU(0.2, inplace=True)])
            top *= 2
        # A 7x7 convolution over the 7x7 map is a linear layer on all features.
        self.head = _maybe_spectral(nn.Conv2d(top, 1, kernel_size=7), spectral_norm)
        if not spectral_norm:
            init_normal_weights(self)  # spectral norm keeps PyTorch's default init, as SN-GAN does

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x)).flatten()


class ConditionalGenerator(nn.Module):
    """cDCGAN generator: (z, y) -> image of class y; y enters as a learned embedding joined to z."""

    def __init__(
        self,
        z_dim: int = 64,
        width: int = 32,
        channels: int = 1,
        num_classes: int = NUM_CLASSES,
        embed_dim: int = 16,
    ) -> None:
        super().__init__()
        self.z_dim = z_dim
        self.num_classes = num_classes
        self.label_embedding = nn.Embedding(num_classes, embed_dim)
        self.net = _upsampling_body(z_dim + embed_dim, width, channels)
        init_normal_weights(self)

    def forward(self, z: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        zy = torch.cat([z.view(z.size(0), self.z_dim), self.label_embedding(labels)], dim=1)
        return self.net(zy[:, :, None, None])


class ClusterGenerator(nn.Module):
    """Unconditional generator whose latent space is carved into one cell per cluster of the data.

    The data's clusters come from k-means on the training images (``ganzoo.data.clusters``,
    no human labels). Inside, this is the conditional generator, asked for the cluster of the
    cell that z falls in:

        k(z) = argmax_j (z_j + b_j)  over the first ``clusters`` coordinates of z,
        G(z) = ConditionalGenerator(z, k(z)).

    Why cells: a continuous G must draw half-digits somewhere between two clusters (see
    ``ganzoo.data.clusters``); here the switch from one cluster to the next happens at a cell
    border, in one step, so samples and latent walks stay on real-looking pictures. The offsets
    b_j (a buffer, set by ``fit_cell_offsets``) size the cells: z falls in cell j as often as
    cluster j occurs in the training data. z is still one N(0, I) vector, so sampling and
    walking work as for ``Generator``.
    """

    def __init__(self, z_dim: int = 64, width: int = 32, channels: int = 1, clusters: int = 10) -> None:
        super().__init__()
        if not 2 <= clusters <= z_dim:
            raise ValueError(f"clusters must be between 2 and z_dim ({z_dim}), got {clusters}")
        self.z_dim = z_dim
        self.clusters = clusters
        self.drawer = ConditionalGenerator(z_dim, width, channels, num_classes=clusters)
        self.register_buffer("cell_offsets", torch.zeros(clusters))

    def cell(self, z: torch.Tensor) -> torch.Tensor:
        """The cluster each latent asks for: k(z) = argmax_j (z_j + b_j)."""
        return (z.view(z.size(0), self.z_dim)[:, : self.clusters] + self.cell_offsets).argmax(1)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.drawer(z, self.cell(z))


def fit_cell_offsets(shares: torch.Tensor, samples: int = 200_000, rounds: int = 200) -> torch.Tensor:
    """Offsets b so that P(argmax_j (z_j + b_j) = j) = shares[j] for z ~ N(0, I) (Monte Carlo, seeded).

    Each round raises the offset of a cell that is too small and lowers one that is too big, by
    the log-ratio of wanted to measured share (a fixed point: b stops moving when they agree).
    """
    z = torch.randn(samples, len(shares), generator=torch.Generator().manual_seed(0))
    offsets = torch.zeros(len(shares))
    for _ in range(rounds):
        measured = torch.bincount((z + offsets).argmax(1), minlength=len(shares)).float() / samples
        offsets += 0.5 * (shares.log() - measured.clamp_min(1 / samples).log())
    return offsets - offsets.mean()


class ConditionalDiscriminator(nn.Module):
    """Projection discriminator: D(x, y) = w^T phi(x) + b + embed(y)^T phi(x)."""

    def __init__(
        self, width: int = 64, channels: int = 1, num_classes: int = NUM_CLASSES
    ) -> None:
        super().__init__()
        self.features = _downsampling_body(width, channels)
        feature_dim = width * 2 * (IMAGE_SIZE // 4) ** 2
        self.unconditional_head = nn.Linear(feature_dim, 1)
        self.class_projection = nn.Embedding(num_classes, feature_dim)
        init_normal_weights(self)

    def forward(self, x: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        phi = self.features(x).flatten(1)
        projection = (self.class_projection(labels) * phi).sum(dim=1)
        return self.unconditional_head(phi).flatten() + projection
