r"""GAN losses, written out with their formulas.

Goodfellow et al., "Generative Adversarial Nets" (2014), pose a two-player game over the
value function

    V(D, G) = E_x[ log D(x) ] + E_z[ log(1 - D(G(z))) ]

which D maximises and G minimises. Here D(.) = sigmoid(logit): every function below takes
the discriminator's raw *logits* and uses ``binary_cross_entropy_with_logits``, which
computes log(sigmoid(.)) without the overflow of doing it in two steps.

For a conditional GAN (Mirza & Osindero, 2014) x, G(z) and D all see the label y as well;
the formulas are unchanged with D(x) read as D(x, y).

Sections: the log-loss GAN (DCGAN, cGAN) and the hinge GAN, pix2pix (L1 + cGAN), CycleGAN (least-squares GAN,
cycle consistency, identity).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    r"""Loss for D: the negative of V, so minimising it maximises V.

        L_D = -E_x[ log D(x) ] - E_z[ log(1 - D(G(z))) ]

    i.e. binary cross-entropy with target 1 on real images and 0 on fakes. The fakes must
    come from ``G(z).detach()``: D's step should not push gradients into G.
    """
    real_loss = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
    fake_loss = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    return real_loss + fake_loss


def generator_loss_minimax(fake_logits: torch.Tensor) -> torch.Tensor:
    r"""G's loss exactly as in the minimax game: minimise  E_z[ log(1 - D(G(z))) ].

    Shown for teaching; it trains badly. Early on D rejects fakes confidently, D(G(z)) ~ 0,
    and log(1 - D) is flat there, so G gets almost no gradient ("saturation").
    """
    # log(1 - sigmoid(l)) = -BCE(l, target=0)
    return -F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))


def generator_loss(fake_logits: torch.Tensor) -> torch.Tensor:
    r"""Non-saturating G loss (the one ganzoo trains with): maximise log D(G(z)).

        L_G = -E_z[ log D(G(z)) ]

    It has the same fixed point as the minimax loss, but its gradient is largest exactly
    when D confidently rejects the fakes, which is when G most needs to learn. In code it
    is binary cross-entropy with target 1 on the fakes.
    """
    return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))


def hinge_discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    r"""Hinge loss for D (Lim & Ye, "Geometric GAN", 2017; used by SN-GAN, Miyato et al. 2018):

        L_D = E_x[ max(0, 1 - D(x)) ] + E_z[ max(0, 1 + D(G(z))) ]

    D(.) is the raw logit here, with no sigmoid. A real image scored above +1 or a fake below
    -1 costs nothing, so D stops pushing on examples it already separates by a margin and
    spends its capacity on the ones near the boundary; its logits stay bounded instead of
    growing without limit as they can under the log-loss.
    """
    return F.relu(1 - real_logits).mean() + F.relu(1 + fake_logits).mean()


def hinge_generator_loss(fake_logits: torch.Tensor) -> torch.Tensor:
    r"""G's loss against a hinge D:  L_G = -E_z[ D(G(z)) ].

    G raises D's score of its fakes linearly, so its gradient does not vanish when D rejects
    them confidently (the same reason the non-saturating loss exists).
    """
    return -fake_logits.mean()


GAN_LOSSES = {"bce": (discriminator_loss, generator_loss), "hinge": (hinge_discriminator_loss, hinge_generator_loss)}


# --- pix2pix --------------------------------------------------------------------------

def l1_loss(output: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    r"""L_L1(G) = E_{x,y}[ ||y - G(x)||_1 ], the mean absolute difference per pixel.

    Alone, this is plain regression. When a sketch admits several colourings (is this
    circle red or blue?), the output that minimises L1 is the per-pixel *median* of them,
    and L2 would give their mean: either way a safe, washed-out compromise that no real
    image looks like. L1 blurs less than L2, which is why pix2pix prefers it.
    """
    return F.l1_loss(output, target)


def pix2pix_generator_loss(
    fake_logits: torch.Tensor, output: torch.Tensor, target: torch.Tensor,
    l1_weight: float = 100.0, gan_weight: float = 1.0,
) -> torch.Tensor:
    r"""pix2pix's objective for G (Isola et al., 2017, eq. 4):

        G* = arg min_G max_D  L_cGAN(G, D) + lambda * L_L1(G)

    with the conditional GAN term in its non-saturating form, D seeing the sketch x too:

        L_G = -E_x[ log D(x, G(x)) ] + lambda * E_{x,y}[ ||y - G(x)||_1 ]

    Why both: the GAN term cannot be minimised by a blurry average, because D has learned
    that real images are sharp; it pushes G towards *one* plausible, crisp answer. But on its
    own it only asks for *some* realistic image that fits the sketch, and may pick colours far
    from the true ones. The L1 term ties the output to the ground truth at low frequencies,
    leaving D to judge high-frequency structure (hence a PatchGAN). lambda = 100 is the
    paper's weight: the GAN loss is about 1 and L1 in [-1, 1] units about 0.05-0.3, so both
    pull with comparable force. ``gan_weight = 0`` gives the L1-only regression baseline,
    ``l1_weight = 0`` the cGAN-only model.
    """
    loss = l1_weight * l1_loss(output, target)
    if gan_weight:
        loss = loss + gan_weight * generator_loss(fake_logits)
    return loss


# --- CycleGAN -------------------------------------------------------------------------

def lsgan_discriminator_loss(real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    r"""Least-squares GAN loss for D (Mao et al., 2017), as CycleGAN trains it:

        L_D = 1/2 * ( E_y[ (D(y) - 1)^2 ] + E_x[ D(G(x))^2 ] )

    D regresses a score towards 1 on real images and 0 on fakes instead of classifying them.
    Why not the log loss: a sigmoid saturates, so a fake that D already rejects with
    confidence gives (almost) no gradient, whether it is near the real images or far from them.
    The squared error keeps growing with the distance from the target, so fakes far on the
    "real" side of the boundary are still pulled in: more stable training, fewer collapses.
    The 1/2 slows D relative to G, as pix2pix does.
    """
    return 0.5 * (F.mse_loss(real_logits, torch.ones_like(real_logits))
                  + F.mse_loss(fake_logits, torch.zeros_like(fake_logits)))


def lsgan_generator_loss(fake_logits: torch.Tensor) -> torch.Tensor:
    r"""Least-squares GAN loss for G:  L_GAN(G, D_Y) = E_x[ (D_Y(G(x)) - 1)^2 ], make D score fakes as real."""
    return F.mse_loss(fake_logits, torch.ones_like(fake_logits))


def cycle_consistency_loss(
    real_a: torch.Tensor, reconstructed_a: torch.Tensor, real_b: torch.Tensor, reconstructed_b: torch.Tensor
) -> torch.Tensor:
    r"""CycleGAN's cycle-consistency loss (Zhu et al., 2017, eq. 2):

        L_cyc(G, F) = E_x[ ||F(G(x)) - x||_1 ] + E_y[ ||G(F(y)) - y||_1 ]

    Why: the GAN losses alone only ask that G(x) look like *some* image of Y. With unpaired
    data nothing ties G(x) to x, so G may map every x to the same convincing Twemoji (mode
    collapse) or to a random one. Requiring that F can undo G (and G undo F) means G(x) must
    keep enough of x to rebuild it: the content survives, only what F can restore may change.
    CycleGAN weights it with lambda = 10 against the GAN losses.
    """
    return F.l1_loss(reconstructed_a, real_a) + F.l1_loss(reconstructed_b, real_b)


def identity_loss(
    real_a: torch.Tensor, same_a: torch.Tensor, real_b: torch.Tensor, same_b: torch.Tensor
) -> torch.Tensor:
    r"""CycleGAN's identity loss (Zhu et al., 2017, section 5.2, from Taigman et al., 2017):

        L_identity(G, F) = E_y[ ||G(y) - y||_1 ] + E_x[ ||F(x) - x||_1 ]

    ``same_b`` is G(real_b): an image that is already in G's target domain should pass
    through unchanged. Why: the cycle loss is satisfied by any invertible recolouring (G may
    turn yellow faces blue as long as F turns them back); this term makes G leave alone what
    needs no change, which keeps colours. CycleGAN weights it with 0.5 * lambda.
    """
    return F.l1_loss(same_b, real_b) + F.l1_loss(same_a, real_a)


# --- Style transfer: perceptual losses ------------------------------------------------------
# Gatys, Ecker & Bethge, "Image Style Transfer Using Convolutional Neural Networks" (CVPR 2016);
# Johnson, Alahi & Fei-Fei, "Perceptual Losses for Real-Time Style Transfer" (ECCV 2016). A fixed,
# pretrained VGG16 is the *loss network*: images are compared by its activations F_l at layer l
# (C_l channels, H_l x W_l positions), not by their pixels.

def gram_matrix(features: torch.Tensor) -> torch.Tensor:
    r"""(B, C, H, W) activations -> (B, C, C) Gram matrices  G = F F^T / (C H W),  F reshaped to (C, H W).

    G[i, j] is how strongly channels i and j fire *together*, summed over every position: it
    keeps which textures and colours occur and with what, and throws away *where* they occur.
    That is what "style" means here. Dividing by C H W makes the value independent of the image
    size and the layer width, so one style weight works at any resolution.
    """
    b, c, h, w = features.shape
    # Always float32, even under bfloat16 autocast: a sum over every pixel, compared to its target to 1e-3.
    with torch.autocast(features.device.type, enabled=False):
        flat = features.float().reshape(b, c, h * w)
        return flat @ flat.transpose(1, 2) / (c * h * w)


def content_loss(features: torch.Tensor, target_features: torch.Tensor) -> torch.Tensor:
    r"""Feature reconstruction loss:  L_content = 1 / (C H W) * ||F_l(x) - F_l(c)||_2^2  at one layer l.

    Why a deep layer (relu2_2 for Johnson, relu4_2 for Gatys): its activations say what is where
    (objects, edges) but not the exact colour of each pixel, so an image can match it while its
    texture is free to change. Matching pixels instead would leave no room for the style.
    """
    return F.mse_loss(features, target_features)


def style_loss(grams: dict[str, torch.Tensor], target_grams: dict[str, torch.Tensor]) -> torch.Tensor:
    r"""L_style = sum_l ||G_l(x) - G_l(s)||_F^2 / C_l^2  over the style layers (mean squared difference).

    Several layers, because each sees texture at its own scale: relu1_2 colours and fine grain,
    relu4_3 brush strokes and larger motifs. ``target_grams`` are the style image's (batch 1,
    broadcast over the batch).
    """
    return sum(F.mse_loss(grams[t], target_grams[t].expand_as(grams[t])) for t in target_grams)


def total_variation_loss(images: torch.Tensor) -> torch.Tensor:
    r"""L_tv = mean |x[i+1, j] - x[i, j]| + mean |x[i, j+1] - x[i, j]|: the image's total variation.

    Why: an image optimised against VGG's features (or a network trained to) picks up
    high-frequency noise that VGG barely sees; a small weight on this term asks neighbouring
    pixels to agree, which removes the noise without blurring edges much.
    """
    return (images[..., 1:, :] - images[..., :-1, :]).abs().mean() + \
        (images[..., :, 1:] - images[..., :, :-1]).abs().mean()


CONTENT_TAP = "relu4_2"  # Gatys et al.'s content layer
STYLE_TAPS = ("relu1_2", "relu2_2", "relu3_3", "relu4_3")


#: How the style layers are weighed against each other (``PerceptualLoss(balance=...)``).
STYLE_BALANCES = ("pooled", "per-layer")


class PerceptualLoss:
    """The normalised content and style terms against one style image, shared by Gatys and Johnson.

    ``vgg`` is a fixed feature extractor whose ``features(images, taps)`` returns {tap: activations}
    (``ganzoo.models.vgg.VGG16Features``); it is not trained.

    ``terms(images, content_features)`` -> (L_content / ||F_c||^2, L_style): each term divided by
    the size of its target, so the weights are scale-free. ``balance`` says how the style layers
    share the style term:

    * ``"pooled"``: Σ_l ||G_l − G_l(s)||² / mean_l ||G_l(s)||², one scale for all layers (Gatys'
      optimiser and the first fast networks). The deep layers' Gram matrices are hundreds of times
      larger than relu1_2's and relu2_2's, so in practice only they are matched: the colours come
      for free, the mid-level texture (brush strokes) is left to chance.
    * ``"per-layer"``: Σ_l w_l ||G_l − G_l(s)||² / ||G_l(s)||² / Σ_l w_l, every layer's error relative
      to its own target, so the strokes at relu2_2 count as much as the motifs at relu4_3 (``layer_weights``
      w_l, default 1 each, can favour one scale).
    """

    def __init__(self, vgg: torch.nn.Module, style: torch.Tensor, content_tap: str = CONTENT_TAP,
                 style_taps: tuple[str, ...] = STYLE_TAPS, balance: str = "pooled",
                 layer_weights: dict[str, float] | None = None) -> None:
        if balance not in STYLE_BALANCES:
            raise ValueError(f"balance must be one of {STYLE_BALANCES}, not {balance!r}")
        self.vgg, self.content_tap, self.style_taps, self.balance = vgg, content_tap, style_taps, balance
        self.layer_weights = {t: float((layer_weights or {}).get(t, 1.0)) for t in style_taps}
        with torch.no_grad():
            self.style_grams = {t: gram_matrix(f) for t, f in vgg.features(style, list(style_taps)).items()}
            self.style_scale = sum(g.pow(2).mean() for g in self.style_grams.values()) / len(style_taps)

    def to(self, device: torch.device) -> PerceptualLoss:
        self.vgg.to(device)
        self.style_grams = {t: g.to(device) for t, g in self.style_grams.items()}
        self.style_scale = self.style_scale.to(device)
        return self

    @torch.no_grad()
    def content_features(self, images: torch.Tensor) -> torch.Tensor:
        return self.vgg.features(images, [self.content_tap])[self.content_tap]

    def terms(self, images: torch.Tensor, content_features: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        features = self.vgg.features(images, [self.content_tap, *self.style_taps])
        l_content = content_loss(features[self.content_tap], content_features) / content_features.pow(2).mean()
        grams = {t: gram_matrix(features[t]) for t in self.style_taps}
        if self.balance == "per-layer":
            layers = self.style_terms_of(grams)
            weights = self.layer_weights
            return l_content, sum(weights[t] * e for t, e in layers.items()) / sum(weights.values())
        return l_content, style_loss(grams, self.style_grams) / self.style_scale

    def style_terms_of(self, grams: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        """{layer: ||G_l − G_l(s)||² / ||G_l(s)||²}: how far each layer's texture is from the painting's."""
        return {t: F.mse_loss(grams[t], self.style_grams[t].expand_as(grams[t])) / self.style_grams[t].pow(2).mean()
                for t in self.style_taps}

    @torch.no_grad()
    def per_layer(self, images: torch.Tensor, content_features: torch.Tensor) -> dict[str, float]:
        """The content term and every layer's style term, as numbers (the style metrics' table)."""
        features = self.vgg.features(images, [self.content_tap, *self.style_taps])
        content = content_loss(features[self.content_tap], content_features) / content_features.pow(2).mean()
        layers = self.style_terms_of({t: gram_matrix(features[t]) for t in self.style_taps})
        return {f"content_{self.content_tap}": float(content), **{t: float(v) for t, v in layers.items()}}
