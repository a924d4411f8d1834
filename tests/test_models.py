import pytest
import torch

from ganzoo.models import (
    ClusterGenerator,
    ConditionalDiscriminator,
    ConditionalGenerator,
    DigitClassifier,
    Discriminator,
    Generator,
)
from ganzoo.models.dcgan import fit_cell_offsets


def test_generator_maps_noise_to_28x28_images_in_tanh_range():
    g = Generator(z_dim=16, width=8)
    images = g(torch.randn(5, 16))
    assert images.shape == (5, 1, 28, 28)
    assert images.min() >= -1 and images.max() <= 1


def test_discriminator_gives_one_logit_per_image():
    d = Discriminator(width=8)
    assert d(torch.rand(7, 1, 28, 28) * 2 - 1).shape == (7,)


def test_conditional_generator_output_depends_on_the_label():
    g = ConditionalGenerator(z_dim=16, width=8).eval()
    z = torch.randn(2, 16)
    a = g(z, torch.tensor([3, 3]))
    b = g(z, torch.tensor([5, 5]))
    assert a.shape == (2, 1, 28, 28)
    assert not torch.allclose(a, b)


def test_projection_discriminator_output_depends_on_the_label():
    d = ConditionalDiscriminator(width=8).eval()
    x = torch.rand(4, 1, 28, 28) * 2 - 1
    assert d(x, torch.tensor([0, 1, 2, 3])).shape == (4,)
    assert not torch.allclose(d(x, torch.zeros(4, dtype=torch.long)), d(x, torch.ones(4, dtype=torch.long)))


@pytest.mark.parametrize("cls", [Generator, Discriminator, ConditionalGenerator, ConditionalDiscriminator])
def test_weights_follow_the_dcgan_initialisation(cls):
    torch.manual_seed(0)
    model = cls(width=32) if "Generator" in cls.__name__ else cls(width=64)
    convs = [m.weight for m in model.modules() if isinstance(m, (torch.nn.Conv2d, torch.nn.ConvTranspose2d))]
    for w in convs:
        assert abs(w.mean().item()) < 0.005
        assert 0.015 < w.std().item() < 0.025


def test_dcgan_rules_no_batchnorm_on_generator_output_or_discriminator_input():
    g, d = Generator(), Discriminator()
    g_layers = list(g.net)
    assert isinstance(g_layers[-1], torch.nn.Tanh) and isinstance(g_layers[-2], torch.nn.ConvTranspose2d)
    d_layers = list(d.features)
    assert isinstance(d_layers[0], torch.nn.Conv2d) and isinstance(d_layers[1], torch.nn.LeakyReLU)
    assert d_layers[1].negative_slope == 0.2
    assert not any(isinstance(m, torch.nn.MaxPool2d) for m in [*g.modules(), *d.modules()])


def test_classifier_gives_10_logits_and_128_features():
    c = DigitClassifier().eval()
    x = torch.zeros(3, 1, 28, 28)
    assert c(x).shape == (3, 10)
    assert c.features(x).shape == (3, 128)


def test_spectral_norm_discriminator_has_no_batch_norm_and_unit_spectral_norm_layers():
    torch.manual_seed(0)
    d = Discriminator(width=8, spectral_norm=True, deeper=True)
    assert not any(isinstance(m, torch.nn.BatchNorm2d) for m in d.modules())
    d.train()
    for _ in range(30):  # the power iteration sharpens its estimate of sigma(W) on every forward pass
        d(torch.rand(4, 1, 28, 28) * 2 - 1)
    conv = d.features[0]
    sigma = torch.linalg.matrix_norm(conv.weight.detach().flatten(1), ord=2).item()
    assert sigma == pytest.approx(1.0, abs=0.05)
    assert d(torch.rand(3, 1, 28, 28)).shape == (3,)


def test_mapping_network_feeds_the_generator_and_old_cards_still_build():
    torch.manual_seed(0)
    mapped = Generator(z_dim=16, width=8, mapping=2)
    assert len([m for m in mapped.mapping if isinstance(m, torch.nn.Linear)]) == 2
    assert mapped(torch.randn(5, 16)).shape == (5, 1, 28, 28)
    plain = Generator(z_dim=16, width=8)  # a card without "mapping" rebuilds the original DCGAN
    assert len(plain.mapping) == 0 and plain(torch.randn(2, 16)).shape == (2, 1, 28, 28)


def test_cluster_generator_draws_the_cluster_of_the_cell_its_latent_falls_in():
    torch.manual_seed(0)
    generator = ClusterGenerator(z_dim=16, width=8, clusters=4).eval()
    z = torch.zeros(2, 16)
    z[0, 1], z[1, 3] = 3.0, 3.0  # the largest of the first four coordinates picks the cell
    assert generator.cell(z).tolist() == [1, 3]
    expected = generator.drawer(z, torch.tensor([1, 3]))
    assert torch.equal(generator(z), expected)
    images = generator(torch.randn(5, 16))
    assert images.shape == (5, 1, 28, 28) and images.abs().max() <= 1


def test_cluster_generator_needs_a_latent_coordinate_per_cluster():
    with pytest.raises(ValueError, match="clusters must be between 2 and z_dim"):
        ClusterGenerator(z_dim=8, clusters=9)


def test_fitted_cell_offsets_give_each_cell_its_share_of_gaussian_latents():
    shares = torch.tensor([0.05, 0.15, 0.3, 0.5])
    offsets = fit_cell_offsets(shares)
    z = torch.randn(100_000, 4, generator=torch.Generator().manual_seed(1))
    measured = torch.bincount((z + offsets).argmax(1), minlength=4).float() / len(z)
    assert torch.allclose(measured, shares, atol=0.01)
    assert torch.equal(offsets, fit_cell_offsets(shares))  # seeded: the same offsets every time
