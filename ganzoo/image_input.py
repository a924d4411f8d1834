"""The one place where a user's picture becomes what a model needs.

Every image tab (sketch -> picture, domain swap, style transfer), the CLI and the API pass
uploads through ``read_image``; none opens a user file by itself. It accepts a PIL image, a
numpy array, a file path, the file's bytes or a ``data:`` URL (what a browser canvas gives), and
returns an 8-bit RGB PIL image, or raises
``InvalidInputError`` saying what was wrong, as "WHAT: problem" (``what`` names the field, so the
app can show the message as it is):

* not an image, or a truncated / damaged file: refused;
* memory is bounded *before* decoding: the header gives the size, and a picture of more
  than ``MAX_PIXELS`` is refused (a JPEG is first decoded at 1/2, 1/4 or 1/8 scale if that
  brings it under the limit); so a 20,000 x 20,000 upload or a decompression bomb never
  allocates its gigabytes;
* the EXIF orientation a phone writes is applied, so a portrait photo is not lying on its side;
* transparency (RGBA, LA, palette with a transparent colour) is composited on **white**,
  like the training data; greyscale, 1-bit, CMYK, 16-bit and float images become 8-bit RGB;
  an animation or multi-page file gives its first frame.

``read_picture`` adds the one rule every tab applies to what a *person* hands in (``check_meaningful``):
a picture too small, too long and thin, or a single flat colour has nothing in it for a model
to work on, and is refused with a message saying so, instead of turning into a black square or
coloured blocks.

Then ``fit_square`` / ``fit_drawing`` / ``limit_size`` bring it to the size a model works
at, each with its rule in its docstring, and ``to_tensor`` / ``to_image`` convert between
PIL and the [-1, 1] tensors the networks take.
"""

from __future__ import annotations

import base64
import binascii
import io
from pathlib import Path

import numpy as np
import torch
from PIL import Image, ImageOps, UnidentifiedImageError

from ganzoo.errors import InvalidInputError

MAX_PIXELS = 40_000_000  # ~6,300 x 6,300: more than any phone photo; 160 MB as RGBA at most
MAX_FILE_BYTES = 50 * 1024 * 1024
MIN_SIDE = 8  # pixels: below this a picture shows nothing a model could use
MAX_ASPECT = 20  # long side / short side: beyond this it is a line, not a picture
MIN_SPREAD = 1.0  # standard deviation of the pixel values (0-255): below it, one flat colour
WHITE = (255, 255, 255)
ImageSource = Image.Image | np.ndarray | str | Path | bytes | bytearray


def read_image(source: ImageSource, what: str = "image") -> Image.Image:
    """Any supported ``source`` -> an 8-bit RGB PIL image (``what`` names the field in errors)."""
    if isinstance(source, Image.Image):
        image = source
    elif isinstance(source, np.ndarray):
        image = _array_to_image(source, what)
    elif isinstance(source, str) and source.startswith("data:"):
        image = _open(_decode_data_url(source, what), what)
    elif isinstance(source, (str, Path)):
        image = _open(_read_file(Path(source), what), what)
    elif isinstance(source, (bytes, bytearray)):
        image = _open(bytes(source), what)
    else:
        raise InvalidInputError(
            f"{what}: must be a picture (PIL image, numpy array, file path, bytes or data: URL), "
            f"got {type(source).__name__}"
        )
    _check_pixels(image.size, what)
    return _to_rgb(_first_frame_upright(image, what))


def read_picture(source: ImageSource, what: str = "picture") -> Image.Image:
    """``read_image``, then ``check_meaningful``: what the tabs and the API call on a person's upload."""
    return check_meaningful(read_image(source, what), what)


def check_meaningful(image: Image.Image, what: str = "picture", refuse_flat: bool = True) -> Image.Image:
    """``image`` itself, or InvalidInputError if it is too small, too thin or (``refuse_flat``) one flat
    colour. A sketch checks its own emptiness (no ink), with a message about drawing."""
    width, height = image.size
    if min(width, height) < MIN_SIDE:
        raise InvalidInputError(f"{what}: is {width} × {height} pixels; a picture needs at least {MIN_SIDE} pixels "
                                "on each side")
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise InvalidInputError(f"{what}: is {width} × {height} pixels, too long and thin to be a picture "
                                f"(at most {MAX_ASPECT} : 1)")
    if not refuse_flat:
        return image
    sample = image if width * height <= 512 * 512 else image.resize((256, 256), Image.Resampling.BOX)
    if float(np.asarray(sample, dtype=np.float32).reshape(-1, 3).std(0).max()) < MIN_SPREAD:
        raise InvalidInputError(f"{what}: is a single flat colour; there is nothing in it to work on")
    return image


def _read_file(path: Path, what: str) -> bytes:
    if not path.is_file():
        raise InvalidInputError(f"{what}: no such file {path.name!r}")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise InvalidInputError(f"{what}: file is {path.stat().st_size / 2**20:.0f} MB; the limit is "
                                f"{MAX_FILE_BYTES // 2**20} MB")
    return path.read_bytes()


def _decode_data_url(url: str, what: str) -> bytes:
    """``data:image/png;base64,....`` -> the file's bytes; the length is checked before decoding."""
    header, comma, payload = url.partition(",")
    if not comma or not header.endswith(";base64"):
        raise InvalidInputError(f"{what}: is a data: URL without base64 picture data")
    if len(payload) > MAX_FILE_BYTES * 4 // 3 + 4:
        raise InvalidInputError(f"{what}: is larger than the {MAX_FILE_BYTES // 2**20} MB limit")
    try:
        return base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInputError(f"{what}: is a data: URL whose base64 data is damaged") from None


def _open(data: bytes, what: str) -> Image.Image:
    """Decode ``data`` lazily: the header first, the pixels only once their size is known to be safe."""
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInputError(f"{what}: is {len(data) / 2**20:.0f} MB; the limit is {MAX_FILE_BYTES // 2**20} MB")
    try:
        image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        raise InvalidInputError(f"{what}: is not a picture (or in a format that cannot be read)") from None
    except Image.DecompressionBombError:
        raise InvalidInputError(f"{what}: is far too large: over {MAX_PIXELS / 1e6:.0f} megapixels") from None
    except (OSError, ValueError):
        # Pillow's own words ("MAX_TEXT_CHUNK", "bytes not processed") mean nothing to a person.
        raise InvalidInputError(f"{what}: cannot be read: the file is damaged or not a picture") from None
    if image.width * image.height > MAX_PIXELS and image.format == "JPEG":
        # JPEG can decode at 1/2, 1/4 or 1/8 scale directly, without the full-size pixels.
        image.draft("RGB", (image.width // 8 + 1, image.height // 8 + 1))
    _check_pixels(image.size, what)
    try:
        image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise InvalidInputError(f"{what}: is truncated or damaged: only part of the picture could be read") from None
    return image


def _check_pixels(size: tuple[int, int], what: str) -> None:
    width, height = size
    if width < 1 or height < 1:
        raise InvalidInputError(f"{what}: is empty ({width} x {height} pixels)")
    if width * height > MAX_PIXELS:
        raise InvalidInputError(
            f"{what}: is {width:,} x {height:,} pixels; the largest accepted is {MAX_PIXELS / 1e6:.0f} megapixels"
        )


def _first_frame_upright(image: Image.Image, what: str) -> Image.Image:
    if getattr(image, "n_frames", 1) > 1:
        image.seek(0)
    try:
        return ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, TypeError):
        return image  # a damaged EXIF block: keep the pixels as stored


def _to_rgb(image: Image.Image) -> Image.Image:
    """Any PIL mode -> 8-bit RGB, transparency composited on white."""
    if image.mode == "RGB":
        return image
    if image.mode == "P":
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        image = Image.fromarray(_scale_to_uint8(np.asarray(image)))
    if image.mode in ("RGBA", "LA", "RGBa", "La", "PA"):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGBA", rgba.size, (*WHITE, 255))
        return Image.alpha_composite(canvas, rgba).convert("RGB")
    return image.convert("RGB")  # L, 1, CMYK, YCbCr, LAB, HSV


def _scale_to_uint8(values: np.ndarray) -> np.ndarray:
    """16-bit (0..65535), 32-bit integer or float pixels -> 0..255."""
    values = values.astype(np.float64)
    top = values.max(initial=0.0)
    if top <= 1.0:  # floats in [0, 1]
        scale = 255.0
    elif top <= 255.0:
        scale = 1.0
    else:  # 16-bit and wider
        scale = 255.0 / 65535.0
    return np.clip(values * scale, 0, 255).round().astype(np.uint8)


def _array_to_image(array: np.ndarray, what: str) -> Image.Image:
    """(H, W), (H, W, 1), (H, W, 3) or (H, W, 4) arrays of bool, integers or floats in [0, 1]."""
    if array.ndim == 3 and array.shape[2] == 1:
        array = array[:, :, 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (3, 4)):
        raise InvalidInputError(f"{what}: array must be (H, W), (H, W, 3) or (H, W, 4), got shape {array.shape}")
    _check_pixels((array.shape[1], array.shape[0]), what)
    if array.dtype == bool:
        array = array.astype(np.uint8) * 255
    elif array.dtype != np.uint8:
        if not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
            raise InvalidInputError(f"{what}: array must hold numbers, got dtype {array.dtype}")
        if not np.isfinite(array).all() or array.min() < 0:
            raise InvalidInputError(f"{what}: array must hold finite values >= 0")
        array = _scale_to_uint8(array)
    return Image.fromarray(np.ascontiguousarray(array))


# --- to the model's size ------------------------------------------------------------------

def fit_square(image: Image.Image, size: int, background: tuple[int, int, int] = WHITE) -> Image.Image:
    """Scale the long side to ``size`` and pad the short side with ``background``, centred.

    Nothing is cut off and nothing is stretched: a wide photo becomes a letterboxed square.
    """
    return _centred(image, size, size, background)


def fill_square(image: Image.Image, size: int) -> Image.Image:
    """Scale the short side to ``size`` and cut the long side to it, centred (a centre crop).

    For photographs, where white bars would be a new kind of content; ``fit_square`` keeps
    the whole picture instead.
    """
    scale = size / min(image.size)
    new = (max(size, round(image.width * scale)), max(size, round(image.height * scale)))
    resized = image.resize(new, Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.BICUBIC)
    left, top = (new[0] - size) // 2, (new[1] - size) // 2
    return resized.crop((left, top, left + size, top + size))


def _centred(image: Image.Image, inner: int, size: int, background: tuple[int, int, int] = WHITE) -> Image.Image:
    """``image`` scaled so its long side is ``inner``, centred on a ``size`` square of ``background``."""
    scale = inner / max(image.size)
    new = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    resized = image.resize(new, Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.BICUBIC)
    canvas = Image.new("RGB", (size, size), background)
    canvas.paste(resized, ((size - new[0]) // 2, (size - new[1]) // 2))
    return canvas


def ink_box(image: Image.Image, threshold: int = 200) -> tuple[int, int, int, int] | None:
    """Bounding box (left, top, right, bottom) of the pixels darker than ``threshold``; None if none."""
    dark = np.asarray(image.convert("L")) < threshold
    if not dark.any():
        return None
    rows, cols = np.flatnonzero(dark.any(1)), np.flatnonzero(dark.any(0))
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def fit_drawing(image: Image.Image, size: int, margin: float = 0.15, what: str = "sketch") -> Image.Image:
    """Crop a line drawing to its ink, then centre it in a ``size`` square with ``margin`` on every side.

    A sketch drawn in a corner of a large canvas, or tiny, is placed the way the training
    drawings are (OpenMoji outlines fill the middle ~70% of their 128 px square, hence the
    default margin of 15%). A drawing with no ink is refused: there is nothing to colour.
    """
    box = ink_box(image)
    if box is None:
        raise InvalidInputError(f"{what}: is empty: draw something (dark lines on a light background)")
    return _centred(image.crop(box), max(1, round(size * (1 - 2 * margin))), size)


def fit_long_side(image: Image.Image, size: int) -> Image.Image:
    """Resize (shrink or enlarge) so that the long side is ``size`` px, keeping the aspect ratio."""
    scale = size / max(image.size)
    return image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                        Image.Resampling.LANCZOS if scale < 1 else Image.Resampling.BICUBIC)


def limit_size(image: Image.Image, max_side: int) -> Image.Image:
    """Shrink (never enlarge) so that the long side is at most ``max_side``, keeping the aspect ratio."""
    return image if max(image.size) <= max_side else fit_long_side(image, max_side)


# --- PIL <-> tensors ----------------------------------------------------------------------

def to_tensor(image: Image.Image) -> torch.Tensor:
    """RGB PIL image -> (1, 3, H, W) float tensor in [-1, 1]."""
    array = np.asarray(image.convert("RGB"), dtype=np.float32)
    return torch.from_numpy(array / 127.5 - 1.0).permute(2, 0, 1).unsqueeze(0).contiguous()


def to_image(tensor: torch.Tensor) -> Image.Image:
    """(3, H, W) or (1, 3, H, W) tensor in [-1, 1] -> RGB PIL image."""
    if tensor.dim() == 4:
        tensor = tensor[0]
    pixels = ((tensor.detach().float().clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8)
    return Image.fromarray(pixels.permute(1, 2, 0).cpu().numpy())
