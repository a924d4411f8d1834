import math

import torch

from ganzoo.losses import discriminator_loss, generator_loss, generator_loss_minimax


def test_discriminator_loss_matches_the_formula():
    real, fake = torch.tensor([2.0, -1.0]), torch.tensor([0.5, -3.0])
    sig = torch.sigmoid
    expected = -torch.log(sig(real)).mean() - torch.log(1 - sig(fake)).mean()
    assert torch.allclose(discriminator_loss(real, fake), expected, atol=1e-6)


def test_discriminator_loss_is_2_log_2_when_d_cannot_tell():
    zeros = torch.zeros(4)
    assert math.isclose(discriminator_loss(zeros, zeros).item(), 2 * math.log(2), rel_tol=1e-6)


def test_generator_losses_match_their_formulas():
    fake = torch.tensor([0.3, -2.0, 4.0])
    sig = torch.sigmoid
    assert torch.allclose(generator_loss(fake), -torch.log(sig(fake)).mean(), atol=1e-6)
    assert torch.allclose(generator_loss_minimax(fake), torch.log(1 - sig(fake)).mean(), atol=1e-6)


def test_non_saturating_loss_gives_a_stronger_gradient_when_d_rejects_fakes():
    # D confidently rejects the fake: D(G(z)) = sigmoid(-6) ~ 0.0025.
    logit = torch.tensor([-6.0], requires_grad=True)
    (g_ns,) = torch.autograd.grad(generator_loss(logit), logit)
    (g_mm,) = torch.autograd.grad(generator_loss_minimax(logit), logit)
    assert g_ns.abs() > 100 * g_mm.abs()


def test_hinge_losses_match_their_formulas_and_ignore_examples_beyond_the_margin():
    from ganzoo.losses import hinge_discriminator_loss, hinge_generator_loss

    real, fake = torch.tensor([2.0, 0.5]), torch.tensor([-3.0, 0.0])
    # max(0, 1 - 2) = 0 and max(0, 1 - 0.5) = 0.5 -> 0.25; max(0, 1 - 3) = 0 and max(0, 1 + 0) = 1 -> 0.5
    assert math.isclose(hinge_discriminator_loss(real, fake).item(), 0.75)
    beyond = torch.tensor([5.0, 9.0], requires_grad=True)  # real and scored above the margin: no gradient
    hinge_discriminator_loss(beyond, torch.tensor([-2.0, -4.0])).backward()
    assert torch.equal(beyond.grad, torch.zeros(2))
    assert math.isclose(hinge_generator_loss(fake).item(), 1.5)
