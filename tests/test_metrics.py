import math

import pytest
import torch

from ganzoo.errors import InvalidInputError
from ganzoo.metrics import class_spread, frechet_distance, judge_for, label_accuracy


def test_frechet_distance_is_zero_for_identical_sets():
    x = torch.randn(500, 8, generator=torch.Generator().manual_seed(0))
    assert frechet_distance(x, x) == pytest.approx(0.0, abs=1e-6)


def test_frechet_distance_matches_the_closed_form_for_known_gaussians():
    # N(0, I) vs N(m, s^2 I) in d dims: |m|^2 + d (1 + s^2 - 2 s).
    g = torch.Generator().manual_seed(1)
    d, n, shift, s = 4, 200_000, 1.5, 2.0
    a = torch.randn(n, d, generator=g)
    b = torch.randn(n, d, generator=g) * s + shift
    expected = d * shift**2 + d * (1 + s**2 - 2 * s)
    assert frechet_distance(a, b) == pytest.approx(expected, rel=0.02)


def test_frechet_distance_grows_with_the_gap():
    g = torch.Generator().manual_seed(2)
    a = torch.randn(1000, 5, generator=g)
    assert frechet_distance(a, a + 0.1) < frechet_distance(a, a + 1.0)


def test_class_spread_of_a_collapsed_and_a_uniform_generator():
    collapsed = class_spread(torch.full((100,), 3))
    assert collapsed["normalised_entropy"] == 0.0
    assert collapsed["classes_with_at_least_5pct"] == 1
    uniform = class_spread(torch.arange(1000) % 10)
    assert uniform["normalised_entropy"] == pytest.approx(1.0)
    assert uniform["class_shares"] == [0.1] * 10


def test_label_accuracy_overall_and_per_label():
    labels = torch.arange(20) % 10
    predictions = labels.clone()
    predictions[0] = 5  # one wrong "0"
    result = label_accuracy(predictions, labels)
    assert result["label_accuracy"] == 0.95
    assert result["label_accuracy_per_label"][0] == 0.5
    assert all(math.isclose(a, 1.0) for a in result["label_accuracy_per_label"][1:])


def test_each_kind_of_image_has_its_own_judge():
    assert judge_for("mnist") == judge_for("mnist-download") == "mnist-classifier"
    assert judge_for("fashion-mnist") == "fashion-mnist-classifier"
    with pytest.raises(InvalidInputError, match="no judge"):
        judge_for("synthetic")


def test_image_quality_measures_agree_with_what_they_mean():
    from ganzoo.metrics.image_quality import gradient_energy, l1, psnr, ssim

    torch.manual_seed(0)
    images = torch.rand(4, 3, 32, 32)
    blurred = torch.nn.functional.avg_pool2d(images, 5, 1, 2, count_include_pad=False)
    assert torch.allclose(ssim(images, images), torch.ones(4), atol=1e-5)
    assert (ssim(images, blurred) < 0.9).all() and (l1(images, images) == 0).all()
    assert (psnr(images, blurred) > psnr(images, torch.rand(4, 3, 32, 32))).all()
    assert (gradient_energy(blurred) < 0.5 * gradient_energy(images)).all()  # blur is weak gradients


def test_vgg_feature_space_puts_real_pictures_near_the_real_set_and_noise_far():
    from ganzoo.metrics.feature_space import PRINCIPAL_AXES, FeatureSpace
    from ganzoo.models.vgg import VGG16Features

    torch.manual_seed(0)
    vgg = VGG16Features(last="relu4_3").eval()  # untrained weights: the test is about the plumbing
    smooth = torch.nn.functional.interpolate(torch.rand(160, 3, 4, 4), size=32, mode="bilinear") * 2 - 1
    space = FeatureSpace(vgg, smooth[:100])
    assert space.real.shape == (100, PRINCIPAL_AXES)
    near = space.distance_to_real(smooth[100:])
    far = space.distance_to_real(torch.rand(60, 3, 32, 32) * 2 - 1)
    assert 0 <= near < far / 3
