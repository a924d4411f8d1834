"""Per-image quality measures for translated pictures against the true ones.

All take float tensors (N, 3, H, W) in [0, 1] and return one value per image.

* ``l1``: mean absolute difference per pixel (what pix2pix's L1 loss minimises);
* ``psnr``: peak signal-to-noise ratio, 10 log10(1 / MSE) in dB; higher is closer;
* ``ssim``: structural similarity (Wang et al., 2004): local means, contrasts and correlation
  in an 11 x 11 Gaussian window, 1 = identical structure;
* ``gradient_energy``: the mean magnitude of the image's gradient (Sobel filters); a blurry
  picture has weak gradients, so the ratio of an output's to its true image's is a blur
  measure: 1.0 is as sharp as the real thing, well below 1 is blurred;
* ``colourfulness``: Hasler & Suesstrunk's measure (2003) on the opponent channels
  rg = R - G and yb = (R + G) / 2 - B: sqrt(std_rg^2 + std_yb^2) + 0.3 sqrt(mean_rg^2 + mean_yb^2).
  A regression that hedges between colourings paints washed-out, in-between colours;
* ``mean_chroma``: each picture's average (rg, yb); how far these spread over a set of
  pictures says whether a model commits to different colours for different things, or paints
  everything the one safe average colour.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def l1(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return (a - b).abs().flatten(1).mean(1)


def psnr(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    mse = ((a - b) ** 2).flatten(1).mean(1).clamp_min(1e-10)
    return 10 * torch.log10(1 / mse)


def _gaussian_window(size: int = 11, sigma: float = 1.5) -> torch.Tensor:
    x = torch.arange(size, dtype=torch.float32) - size // 2
    g = torch.exp(-(x**2) / (2 * sigma**2))
    g = g / g.sum()
    return (g[:, None] * g[None, :]).expand(3, 1, size, size).contiguous()


def ssim(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """SSIM with the paper's constants (K1 = 0.01, K2 = 0.03, dynamic range 1), averaged over RGB."""
    window = _gaussian_window().to(a)

    def blur(x: torch.Tensor) -> torch.Tensor:
        return F.conv2d(x, window, groups=3)

    c1, c2 = 0.01**2, 0.03**2
    mu_a, mu_b = blur(a), blur(b)
    var_a = blur(a * a) - mu_a**2
    var_b = blur(b * b) - mu_b**2
    cov = blur(a * b) - mu_a * mu_b
    index = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2))
    return index.flatten(1).mean(1)


def gradient_energy(images: torch.Tensor) -> torch.Tensor:
    """Mean Sobel gradient magnitude of the grey image."""
    grey = (0.299 * images[:, 0] + 0.587 * images[:, 1] + 0.114 * images[:, 2]).unsqueeze(1)
    sobel_x = torch.tensor([[-1.0, 0, 1], [-2, 0, 2], [-1, 0, 1]]).view(1, 1, 3, 3).to(images)
    gx = F.conv2d(grey, sobel_x)
    gy = F.conv2d(grey, sobel_x.transpose(2, 3))
    return (gx**2 + gy**2).sqrt().flatten(1).mean(1)


def _opponent(images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    rgb = images * 255
    return rgb[:, 0] - rgb[:, 1], 0.5 * (rgb[:, 0] + rgb[:, 1]) - rgb[:, 2]


def colourfulness(images: torch.Tensor) -> torch.Tensor:
    rg, yb = (c.flatten(1) for c in _opponent(images))
    spread = (rg.std(1) ** 2 + yb.std(1) ** 2).sqrt()
    return spread + 0.3 * (rg.mean(1) ** 2 + yb.mean(1) ** 2).sqrt()


def mean_chroma(images: torch.Tensor) -> torch.Tensor:
    """(N, 2): each picture's mean (rg, yb)."""
    rg, yb = _opponent(images)
    return torch.stack([rg.mean((1, 2)), yb.mean((1, 2))], 1)
