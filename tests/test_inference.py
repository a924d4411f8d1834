import io

import pytest
import torch
from PIL import Image

from ganzoo import inference
from ganzoo.errors import InvalidInputError
from ganzoo.models import ClusterGenerator


def test_samples_have_the_documented_shape_and_range(cgen):
    images = inference.sample_digits(cgen, label=4, count=6, seed=1)
    assert images.shape == (6, 1, 28, 28)
    assert images.min() >= -1 and images.max() <= 1


def test_sampling_is_deterministic_for_a_seed_and_differs_across_seeds(cgen):
    a = inference.sample_digits(cgen, label=4, count=6, seed=1)
    assert torch.equal(a, inference.sample_digits(cgen, label=4, count=6, seed=1))
    assert not torch.allclose(a, inference.sample_digits(cgen, label=4, count=6, seed=2))


def test_sampling_does_not_change_the_models_mode_or_weights(cgen):
    cgen.train()
    before = {k: v.clone() for k, v in cgen.state_dict().items()}
    inference.sample_digits(cgen, label=1, count=4, seed=0)
    assert cgen.training
    assert all(torch.equal(before[k], v) for k, v in cgen.state_dict().items())


def test_all_labels_cycle_through_the_digits(cgen):
    cycled = inference.sample_digits(cgen, label=None, count=12, seed=3)
    z = inference.noise(3, 12, cgen.z_dim)
    expected = inference.generate(cgen, z, torch.arange(12) % 10)
    assert torch.equal(cycled, expected)


def test_same_noise_grid_shares_z_down_each_column(cgen):
    grid = inference.same_noise_grid(cgen, columns=3, seed=5)
    assert grid.shape == (30, 1, 28, 28)
    z = inference.noise(5, 3, cgen.z_dim)
    # Row 7, column 2 is digit 7 drawn from the column's z.
    assert torch.allclose(grid[7 * 3 + 2], inference.generate(cgen, z[2:3], torch.tensor([7]))[0])


def test_unconditional_model_refuses_labels_and_grid(gen):
    assert inference.sample_digits(gen, count=2, seed=0).shape == (2, 1, 28, 28)
    with pytest.raises(InvalidInputError, match="unconditional"):
        inference.sample_digits(gen, label=3, count=2, seed=0)
    with pytest.raises(InvalidInputError, match="conditional model"):
        inference.same_noise_grid(gen, 2, 0)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"label": 10}, "0 to 9"),
        ({"label": -1}, "0 to 9"),
        ({"label": 2.5}, "whole number"),
        ({"count": 0}, "from 1 to 100"),
        ({"count": 101}, "from 1 to 100"),
        ({"seed": -1}, "seed must be from"),
        ({"seed": 1.5}, "whole number"),
        ({"seed": "7"}, "whole number"),
        ({"seed": float("nan")}, "whole number"),
        ({"seed": 2**40}, "seed must be from"),
    ],
)
def test_bad_arguments_raise_invalid_input_with_a_clear_message(cgen, kwargs, message):
    args = {"label": 1, "count": 2, "seed": 0, **kwargs}
    with pytest.raises(InvalidInputError, match=message):
        inference.sample_digits(cgen, **args)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf"), True, "512", None, 512.5])
def test_every_numeric_check_refuses_nan_infinity_and_look_alikes_the_same_way(bad):
    """One validation module: the fast-style size once called int() first (NaN: a bare ValueError)."""
    from ganzoo.inference import checks, fast_style, style

    for check in (lambda v: checks.whole_number(v, "size", 64, 1024), fast_style.check_size,
                  lambda v: next(style.gatys(Image.new("RGB", (64, 64)), Image.new("RGB", (64, 64)), size=v))):
        with pytest.raises(InvalidInputError, match="size must be a whole number from"):
            check(bad)
    if bad is not None and not isinstance(bad, (bool, str)) and bad == bad and abs(bad) != float("inf"):
        return  # 512.5 is a number: a strength may be fractional
    with pytest.raises(InvalidInputError, match="strength must be a number from 0 to 1"):
        fast_style.check_strength(bad)


def test_integral_floats_are_accepted_as_whole_numbers(cgen):
    assert torch.equal(
        inference.sample_digits(cgen, label=3.0, count=2.0, seed=4.0),
        inference.sample_digits(cgen, label=3, count=2, seed=4),
    )


def test_lerp_and_slerp_hit_both_endpoints():
    z0, z1 = torch.randn(1, 64), torch.randn(1, 64)
    for method in ("lerp", "slerp"):
        assert torch.allclose(inference.interpolate(z0, z1, 0.0, method), z0, atol=1e-5)
        assert torch.allclose(inference.interpolate(z0, z1, 1.0, method), z1, atol=1e-5)


def test_slerp_keeps_the_norm_where_lerp_shrinks_it():
    g = torch.Generator().manual_seed(0)
    z0, z1 = torch.randn(1, 64, generator=g), torch.randn(1, 64, generator=g)
    z1 = z1 / z1.norm() * z0.norm()  # equal norms: slerp must keep exactly that norm
    mid_slerp, mid_lerp = inference.slerp(z0, z1, 0.5), inference.lerp(z0, z1, 0.5)
    assert torch.allclose(mid_slerp.norm(), z0.norm(), rtol=1e-4)
    assert mid_lerp.norm() < 0.85 * z0.norm()


def test_slerp_of_parallel_vectors_falls_back_to_lerp():
    z = torch.ones(1, 8)
    assert torch.allclose(inference.slerp(z, 2 * z, 0.5), 1.5 * z)


def test_walk_has_its_endpoints_and_frame_matches_walk(gen):
    walk = inference.latent_walk(gen, 1, 2, steps=5, method="slerp")
    assert walk.shape == (5, 1, 28, 28)
    assert torch.allclose(walk[0], inference.sample_digits(gen, count=1, seed=1)[0], atol=1e-5)
    assert torch.allclose(walk[-1], inference.sample_digits(gen, count=1, seed=2)[0], atol=1e-5)
    assert torch.allclose(walk[2], inference.walk_frame(gen, 1, 2, 0.5, "slerp")[0], atol=1e-5)


def test_a_cluster_generator_walk_reports_the_cell_of_every_latent(gen):
    torch.manual_seed(0)
    cells = ClusterGenerator(z_dim=16, width=8, clusters=4).eval()
    latents = inference.walk_latents(cells, 1, 2, steps=6, method="lerp")
    assert torch.equal(latents[0], inference.noise(1, 1, 16)[0])
    assert torch.equal(latents[-1], inference.noise(2, 1, 16)[0])
    assert torch.equal(inference.latent_cells(cells, latents), cells.cell(latents))
    assert torch.allclose(inference.latent_walk(cells, 1, 2, steps=6, method="lerp"), cells(latents))
    assert inference.latent_cells(gen, inference.walk_latents(gen, 1, 2)) is None  # a plain DCGAN has no cells


@pytest.mark.parametrize("t", [-0.1, 1.01, float("nan"), "0.5", None])
def test_out_of_range_t_is_refused(gen, t):
    with pytest.raises(InvalidInputError, match="t must be"):
        inference.walk_frame(gen, 1, 2, t)


def test_unknown_interpolation_and_too_few_steps_are_refused(gen):
    with pytest.raises(InvalidInputError, match="interpolation"):
        inference.walk_frame(gen, 1, 2, 0.5, "cubic")
    with pytest.raises(InvalidInputError, match="at least 2"):
        inference.latent_walk(gen, 1, 2, steps=1)


def test_to_pil_lays_out_a_grid_at_the_given_scale():
    images = torch.full((6, 1, 28, 28), 1.0)
    picture = inference.to_pil(images, nrow=3, scale=2, padding=2)
    assert picture.mode == "L"
    assert picture.size == ((3 * 30 + 2) * 2, (2 * 30 + 2) * 2)
    assert picture.getpixel((4 * 2, 4 * 2)) == 255  # inside the first image
    assert picture.getpixel((0, 0)) == 0  # padding


def test_gif_has_the_walk_there_and_back(gen):
    buffer = io.BytesIO()
    inference.save_gif(inference.latent_walk(gen, 1, 2, steps=6), buffer, scale=2)
    gif = Image.open(io.BytesIO(buffer.getvalue()))
    assert gif.format == "GIF" and gif.n_frames == 6 + 4
    assert gif.size == (56, 56)
