"""The one image-input module: a corpus of awkward uploads, each with its expected outcome."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from PIL import Image

from ganzoo.errors import InvalidInputError
from ganzoo.image_input import MAX_PIXELS, fit_drawing, fit_square, limit_size, read_image, to_image, to_tensor


def encoded(image: Image.Image, fmt: str = "PNG", **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height, with one tiny compressed row: a decompression bomb's shape."""
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + body


def test_rgba_is_composited_on_white():
    rgba = Image.new("RGBA", (4, 4), (255, 0, 0, 0))
    rgba.putpixel((0, 0), (255, 0, 0, 255))
    out = read_image(encoded(rgba))
    assert out.mode == "RGB" and out.getpixel((1, 1)) == (255, 255, 255) and out.getpixel((0, 0)) == (255, 0, 0)


def test_la_and_palette_with_transparency_are_composited_on_white():
    la = Image.new("LA", (3, 3), (0, 0))
    assert read_image(la).getpixel((1, 1)) == (255, 255, 255)
    palette = Image.new("P", (3, 3), 0)
    palette.putpalette([0, 0, 0, 10, 200, 30] + [0] * 762)
    palette.info["transparency"] = 0
    assert read_image(encoded(palette)).getpixel((0, 0)) == (255, 255, 255)


@pytest.mark.parametrize("mode", ["L", "1", "CMYK", "YCbCr", "P"])
def test_other_modes_become_rgb(mode):
    out = read_image(Image.new(mode, (5, 7)))
    assert out.mode == "RGB" and out.size == (5, 7)


def test_16_bit_greyscale_is_scaled_not_clipped():
    values = np.array([[0, 65535], [32768, 1000]], dtype=np.uint16)
    out = read_image(encoded(Image.fromarray(values)))
    assert [out.getpixel(p)[0] for p in [(0, 0), (1, 0), (0, 1)]] == [0, 255, 128]


def test_cmyk_jpeg_file_and_exif_rotation(tmp_path):
    cmyk = tmp_path / "print.jpg"
    Image.new("CMYK", (8, 6), (0, 0, 0, 0)).save(cmyk)
    assert read_image(cmyk).size == (8, 6)
    landscape = Image.new("RGB", (40, 20), "red")
    exif = landscape.getexif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display": a phone held upright
    rotated = read_image(encoded(landscape, "JPEG", exif=exif.tobytes()))
    assert rotated.size == (20, 40)


@pytest.mark.parametrize(
    "source, message",
    [
        (b"this is a text file, not a picture", "not a picture"),
        (b"", "not a picture"),
        (12, "must be a picture"),
        (None, "must be a picture"),
        ("/no/such/file.png", "no such file"),
    ],
)
def test_non_images_are_refused_with_a_clear_message(source, message):
    with pytest.raises(InvalidInputError, match=message):
        read_image(source, "Sketch")


def test_truncated_file_is_refused():
    data = encoded(Image.effect_noise((64, 64), 50).convert("RGB"))
    with pytest.raises(InvalidInputError, match="truncated or damaged"):
        read_image(data[: len(data) // 2])


@pytest.mark.parametrize("side", [20_000, 100_000])
def test_huge_headers_are_refused_before_any_pixels_are_allocated(side):
    with pytest.raises(InvalidInputError, match="megapixels"):
        read_image(png_header_only(side, side), "Sketch")


def test_a_large_jpeg_is_decoded_at_a_reduced_scale_not_refused():
    side = int((MAX_PIXELS * 1.5) ** 0.5)  # 1.5x over the limit: 1/2-scale decoding brings it under
    big = Image.new("RGB", (side, side), "white")
    out = read_image(encoded(big, "JPEG", quality=30))
    assert out.width * out.height <= MAX_PIXELS and out.width >= side // 8


@pytest.mark.parametrize(
    "array, expected",
    [
        (np.zeros((4, 5), dtype=np.uint8), (0, 0, 0)),
        (np.ones((4, 5, 1), dtype=np.float32), (255, 255, 255)),
        (np.full((4, 5, 3), 0.5), (128, 128, 128)),
        (np.zeros((4, 5, 4), dtype=np.uint8), (255, 255, 255)),  # fully transparent -> white
        (np.ones((4, 5), dtype=bool), (255, 255, 255)),
    ],
)
def test_numpy_arrays(array, expected):
    out = read_image(array)
    assert out.size == (5, 4) and out.getpixel((0, 0)) == expected


@pytest.mark.parametrize("array", [np.zeros((2, 2, 2)), np.zeros((3,)), np.full((2, 2), np.nan), np.full((2, 2), -1.0)])
def test_bad_arrays_are_refused(array):
    with pytest.raises(InvalidInputError, match="array"):
        read_image(array)


def test_fit_square_letterboxes_without_cutting():
    wide = Image.new("RGB", (200, 100), "black")
    square = fit_square(wide, 64)
    assert square.size == (64, 64)
    assert square.getpixel((32, 2)) == (255, 255, 255) and square.getpixel((32, 32)) == (0, 0, 0)


def test_fit_drawing_centres_the_ink_with_a_margin_and_refuses_an_empty_one():
    canvas = Image.new("RGB", (800, 800), "white")
    for x in range(600, 700):  # a short stroke in one corner
        canvas.putpixel((x, 700), (0, 0, 0))
    fitted = np.asarray(fit_drawing(canvas, 128).convert("L"))
    columns = np.flatnonzero((fitted < 200).any(0))
    assert columns[0] == pytest.approx(19, abs=2) and columns[-1] == pytest.approx(108, abs=2)
    with pytest.raises(InvalidInputError, match="empty"):
        fit_drawing(Image.new("RGB", (50, 50), "white"), 128)


def test_limit_size_only_shrinks():
    assert limit_size(Image.new("RGB", (2000, 1000)), 512).size == (512, 256)
    assert limit_size(Image.new("RGB", (100, 50)), 512).size == (100, 50)


def test_tensor_round_trip():
    picture = Image.fromarray(np.arange(48, dtype=np.uint8).reshape(4, 4, 3))
    tensor = to_tensor(picture)
    assert tensor.shape == (1, 3, 4, 4) and tensor.min() >= -1 and tensor.max() <= 1
    assert np.array_equal(np.asarray(to_image(tensor)), np.asarray(picture))


def test_a_canvas_data_url_is_read_like_its_file_and_a_damaged_one_is_refused_by_name():
    import base64

    drawing = Image.new("RGBA", (6, 5), (0, 0, 0, 0))  # a canvas: transparent where nothing was drawn
    drawing.putpixel((2, 3), (0, 0, 0, 255))
    url = "data:image/png;base64," + base64.b64encode(encoded(drawing)).decode()
    out = read_image(url, "Sketch")
    assert out.size == (6, 5) and out.getpixel((2, 3)) == (0, 0, 0) and out.getpixel((0, 0)) == (255, 255, 255)
    for bad, problem in (("data:image/png;base64,!!!", "damaged"), ("data:text/plain,hello", "without base64"),
                         ("data:image/png;base64," + base64.b64encode(b"not a png").decode(), "not a picture")):
        with pytest.raises(InvalidInputError, match=f"^Sketch: .*{problem}"):
            read_image(bad, "Sketch")
