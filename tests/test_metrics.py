import math

import pytest
import torch

from ganzoo.errors import InvalidInputError
from ganzoo.metrics import class_spread, frechet_distance, judge_for, label_accuracy
from ganzoo.metrics.classifier_score import classifier_score
from ganzoo.metrics.frechet import frechet_distance_with_error
from ganzoo.metrics.kernel import kernel_distance
from ganzoo.metrics.memorisation import memorisation_check, nearest_distances
from ganzoo.metrics.walks import walk_recognisability


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


def test_frechet_distance_with_error_has_a_bootstrap_spread_that_shrinks_with_more_samples():
    g = torch.Generator().manual_seed(3)
    small = frechet_distance_with_error(torch.randn(200, 4, generator=g), torch.randn(200, 4, generator=g))
    large = frechet_distance_with_error(torch.randn(5000, 4, generator=g), torch.randn(5000, 4, generator=g))
    assert small["bootstrap_se"] > large["bootstrap_se"] > 0
    # Two samples of one distribution: FD is biased upwards, more so at the smaller size.
    assert small["value"] > large["value"] > 0


def test_kernel_distance_is_unbiased_near_zero_for_one_distribution_and_positive_for_two():
    g = torch.Generator().manual_seed(4)
    same = kernel_distance(torch.randn(2000, 8, generator=g), torch.randn(2000, 8, generator=g), subsets=20,
                           subset_size=500)
    shifted = kernel_distance(torch.randn(2000, 8, generator=g), torch.randn(2000, 8, generator=g) + 0.5,
                              subsets=20, subset_size=500)
    assert abs(same["value"]) < 3 * same["std"] + 1e-3
    assert shifted["value"] > 10 * max(same["std"], 1e-4)


def test_classifier_score_is_the_number_of_confidently_and_evenly_used_classes():
    confident_even = torch.eye(10).repeat(50, 1)  # every image certain, classes even
    assert classifier_score(confident_even)["mean"] == pytest.approx(10.0, rel=1e-6)
    one_class = torch.zeros(500, 10)
    one_class[:, 3] = 1
    assert classifier_score(one_class)["mean"] == pytest.approx(1.0)
    unsure = torch.full((500, 10), 0.1)  # no image classified: no information
    assert classifier_score(unsure)["mean"] == pytest.approx(1.0)
    assert classifier_score(confident_even)["splits"] == 10


def test_memorisation_check_tells_copies_from_new_images():
    g = torch.Generator().manual_seed(5)
    train = torch.rand(300, 1, 28, 28, generator=g) * 2 - 1
    test = torch.rand(100, 1, 28, 28, generator=g) * 2 - 1
    copies = train[:100] + 0.01 * torch.randn(100, 1, 28, 28, generator=g)
    assert nearest_distances(train[:5], train).max() < 1e-3
    copied = memorisation_check(copies, test, train)
    fresh = memorisation_check(torch.rand(100, 1, 28, 28, generator=g) * 2 - 1, test, train)
    assert copied["closer_than_test_1pct"] == 1.0 and copied["generated_median"] < 0.1 * copied["test_median"]
    assert fresh["closer_than_test_1pct"] < 0.1


def test_walk_recognisability_counts_confident_frames(tiny_dcgan_and_judge):
    generator, classifier = tiny_dcgan_and_judge
    result = walk_recognisability(generator, classifier, walks=4, steps=5)
    for method in ("lerp", "slerp"):
        assert 0 <= result[method]["worst_position_share"] <= result[method]["share"] <= 1
    always = walk_recognisability(generator, classifier, walks=4, steps=5, threshold=0.0)
    assert always["lerp"]["share"] == always["slerp"]["walks_all_recognised"] == 1.0


@pytest.fixture(scope="module")
def tiny_dcgan_and_judge(tmp_path_factory):
    """An untrained generator, and a small judge trained for a few steps on the synthetic bars."""
    from ganzoo.data import load_digits
    from ganzoo.models import Generator
    from ganzoo.train.classifier import ClassifierTask
    from ganzoo.train.loop import TrainConfig, fit

    torch.manual_seed(0)
    synthetic = load_digits("synthetic")
    task = ClassifierTask(synthetic.validation_images, synthetic.validation_labels, lr=3e-3, width=8)
    fit(task, synthetic.train_dataset(), TrainConfig(out=tmp_path_factory.mktemp("judge"), max_steps=40,
                                                      batch_size=32, progress=False))
    return Generator(z_dim=8, width=4).eval(), task.modules["classifier"].eval()


def test_inception_fid_and_score_run_the_real_pipeline_on_an_untrained_network():
    """The real FID / IS path without the download (or torchvision): an untrained stand-in with
    Inception-v3's interface, 2048-d features read at ``avgpool`` and 1000 logits from ``fc``."""
    from ganzoo.metrics.inception import inception_fid, inception_outputs, inception_score, to_inception_input

    class InceptionShaped(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.features = torch.nn.Sequential(torch.nn.Conv2d(3, 2048, 5, stride=4), torch.nn.ReLU())
            self.avgpool = torch.nn.AdaptiveAvgPool2d(1)
            self.fc = torch.nn.Linear(2048, 1000)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.fc(self.avgpool(self.features(x)).flatten(1))

    torch.manual_seed(0)
    network = InceptionShaped().eval()
    digits = torch.rand(6, 1, 28, 28) * 2 - 1
    assert to_inception_input(digits, 75).shape == (6, 3, 75, 75)
    features, probabilities = inception_outputs(digits, network, size=75)
    assert features.shape == (6, 2048) and probabilities.shape == (6, 1000)
    assert torch.allclose(probabilities.sum(1), torch.ones(6), atol=1e-5)
    assert inception_fid(digits, digits, network, size=75) == pytest.approx(0.0, abs=1e-3)
    assert inception_fid(digits, -digits, network, size=75) > 0
    assert 1.0 <= inception_score(digits, network, splits=2, size=75)["mean"] <= 1000


def test_evaluate_generator_network_reports_distances_with_real_baselines(tiny_dcgan_and_judge, monkeypatch):
    from ganzoo.data import load_digits
    from ganzoo.metrics import digits

    generator, classifier = tiny_dcgan_and_judge
    monkeypatch.setattr(digits, "judge_for", lambda source: "tiny-judge")
    monkeypatch.setattr(digits.checkpoints, "load", lambda name: type("Loaded", (), {"model": classifier})())
    synthetic = load_digits("synthetic")
    monkeypatch.setattr(digits, "load_digits", lambda source: synthetic)
    result = digits.evaluate_generator_network(generator, "synthetic", samples=100, walks=3)
    assert result["real_reference"]["images"] == 100  # the synthetic test part
    for key in ("frechet_distance", "frechet_distance_real_vs_real"):
        assert result[key]["value"] >= 0 and result[key]["bootstrap_se"] >= 0
    assert result["frechet_distance"]["value"] > result["frechet_distance_real_vs_real"]["value"]
    assert {"kernel_distance", "kernel_distance_real_vs_real", "memorisation", "latent_walks"} <= set(result)
    assert 1 <= result["classifier_score"]["mean"] <= 10
    validation = digits.evaluate_generator_network(generator, "synthetic", samples=100, split="validation", walks=0)
    assert validation["real_reference"]["images"] == 50 and "latent_walks" not in validation
    with pytest.raises(InvalidInputError, match="split must be one of"):
        digits.evaluate_generator_network(generator, "synthetic", samples=100, split="train", walks=0)


def test_a_gan_run_folder_is_scored_on_validation_for_both_its_generators(tiny_dcgan_and_judge, tmp_path,
                                                                          monkeypatch):
    from ganzoo.data import load_digits
    from ganzoo.metrics import digits
    from ganzoo.train.__main__ import main as train

    assert train(["dcgan", "--data", "synthetic", "--max-steps", "3", "--batch-size", "16", "--g-width", "4",
                  "--d-width", "4", "--ema-decay", "0.9", "--out", str(tmp_path / "run"), "--no-progress"]) == 0
    _, classifier = tiny_dcgan_and_judge
    monkeypatch.setattr(digits, "judge_for", lambda source: "tiny-judge")
    monkeypatch.setattr(digits.checkpoints, "load", lambda name: type("Loaded", (), {"model": classifier})())
    synthetic = load_digits("synthetic")
    monkeypatch.setattr(digits, "load_digits", lambda source: synthetic)
    result = digits.evaluate_run(tmp_path / "run", samples=50)
    assert result["step"] == 3 and "--ema-decay 0.9" in result["command"]
    for name in ("generator", "generator_ema"):
        assert result[name]["split"] == "validation" and result[name]["real_reference"]["images"] == 50
    with pytest.raises(InvalidInputError, match="not a GAN run folder"):
        digits.evaluate_run(tmp_path)
