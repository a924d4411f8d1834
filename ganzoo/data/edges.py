"""Line drawings made from pictures, the way edges2shoes and edges2handbags were made from photos.

pix2pix learns "sketch -> picture" from pairs, and nobody drew 1,615 emoji by hand: the sketch of
each training picture is computed from the picture itself. What a person draws on the sketchpad
is (1) the object's outline and (2) the few inner lines where the object changes (an eye, a
mouth, the edge of a petal), each as one stroke of the brush's width. So:

* **outline**: the boundary of the picture's alpha mask (where the object ends);
* **inner lines**: Canny's edge detector (scikit-image) on the picture's brightness, with a
  smoothing wide enough that soft shading and highlights give no edges, only real changes of
  colour or shape do; short fragments (specular glints, texture) are dropped;
* **the brush**: one-pixel edge chains are thickened to the stroke width a drawing on the
  tab's sketchpad has once it is fitted to 128 px (about 2-3 px).

Canny comes from scikit-image, a well-kept library: edge detection is not what this lesson is
about, so it is not written by hand here.
"""

from __future__ import annotations

import numpy as np

#: Gaussian sigma of Canny's smoothing, in pixels at 128 px: larger ignores the 3-D shading.
CANNY_SIGMA = 2.0
#: Edge chains with fewer pixels than this are dropped (glints and texture, not lines a person draws).
MIN_LINE_PIXELS = 12
#: Radius of the brush the edges are drawn with: a disk of radius 1 gives 3-px strokes.
STROKE_RADIUS = 1


def picture_to_sketch(rgb: np.ndarray, alpha: np.ndarray | None = None) -> np.ndarray:
    """One picture (H, W, 3) uint8 on white, with its alpha (H, W) uint8 if known, -> a black-on-white
    line drawing (H, W, 3) uint8: the outline and the inner lines drawn with a round brush."""
    from skimage import feature, morphology, segmentation

    brightness = rgb.astype(np.float32).mean(axis=2) / 255.0
    lines = feature.canny(brightness, sigma=CANNY_SIGMA, low_threshold=0.04, high_threshold=0.10)
    if alpha is not None:
        inside = alpha >= 128
        # Inner lines only inside the object (Canny also finds the outline, blurrier; the mask's is exact).
        lines &= morphology.erosion(inside, morphology.disk(2))
        lines |= segmentation.find_boundaries(inside, mode="inner")
    lines = morphology.remove_small_objects(lines, max_size=MIN_LINE_PIXELS - 1, connectivity=2)
    strokes = morphology.dilation(lines, morphology.disk(STROKE_RADIUS))
    sketch = np.where(strokes, 0, 255).astype(np.uint8)
    return np.repeat(sketch[..., None], 3, axis=2)


def pictures_to_sketches(rgb: np.ndarray, alpha: np.ndarray | None = None) -> np.ndarray:
    """``picture_to_sketch`` over a stack (N, H, W, 3) (and alphas (N, H, W))."""
    return np.stack([picture_to_sketch(rgb[i], None if alpha is None else alpha[i]) for i in range(len(rgb))])
