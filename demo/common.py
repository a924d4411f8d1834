"""What every tab shares: cached checkpoints, field-named input checks, errors as messages, temp files.

Event handlers get the raw values the browser (or an API client) sent (``preprocess=False``),
so every value is checked here, by our code, with a message that names the field as the
page labels it: "Seed: must be a whole number from 0 to 4294967295, got 2.5". A refused
request is one log line, not a traceback.
"""

from __future__ import annotations

import atexit
import functools
import inspect
import io
import logging
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import gradio as gr
import gradio.processing_utils
import gradio.utils
from PIL import Image

import ganzoo
from demo.language import language, language_of, speaking, tr, translated_message
from demo.priority import click_in_flight, on_one_core
from ganzoo.checkpoints import LoadedModel
from ganzoo.inference import checks

P = ParamSpec("P")
R = TypeVar("R")

log = logging.getLogger("ganzoo.demo")
TOAST_SECONDS = 8  # error messages close by themselves
PRIVATE = "private"  # internal UI events: not listed in "Use via API", not callable by clients


# --- checking what the page sends --------------------------------------------------------

def refuse(field: str, problem: str) -> ganzoo.InvalidInputError:
    return ganzoo.InvalidInputError(f"{field}: {problem}")


def parse_whole(value: Any, field: str, low: int, high: int) -> int:
    """A whole number in [low, high]; 3.0 (what sliders send) is fine, 3.5, "3", True and None are not."""
    return checks.whole_number(value, f"{field}:", low, high)


def parse_number(value: Any, field: str, low: float, high: float) -> float:
    return checks.number(value, f"{field}:", low, high)


def parse_bool(value: Any, field: str) -> bool:
    """Only true or false: the string "false" is not quietly taken as true."""
    return checks.true_or_false(value, f"{field}:")


def parse_choice(value: Any, choices: Sequence[str], field: str) -> str:
    return checks.one_of(value, choices, f"{field}:")


EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"


def file_path(value: Any, field: str) -> str:
    """A file the page uploaded: Gradio sends {"path": ...}, a file in its upload folder.

    Any other path is refused: an API client can send {"path": "/any/file/on/the/server"},
    and without this check the app would read that file and send back what it made of it.
    """
    if isinstance(value, dict) and isinstance(value.get("path"), str):
        value = value["path"]
    if not isinstance(value, str):
        raise refuse(field, f"must be a picture file, got {type(value).__name__}")
    resolved = Path(value).resolve()
    allowed = (Path(gradio.utils.get_upload_folder()).resolve(), EXAMPLES_DIR)
    if not any(resolved.is_relative_to(root) for root in allowed):
        raise refuse(field, "must be a file uploaded to this app")
    return str(resolved)


@functools.cache
def _checked_image_data(field: str) -> type:
    """Gradio's ImageData, refusing a payload that is not a file (a number, a string, a list...) with a
    message naming ``field``. Gradio validates an upload's payload *before* any handler runs, and its
    own refusal reaches the client as ``null`` and the log as a 20-line traceback."""
    from gradio.data_classes import ImageData

    class CheckedImageData(ImageData):
        @classmethod
        def model_validate(cls, value: Any, *args: Any, **kwargs: Any) -> Any:
            # Checked here, outside pydantic: an error raised inside a validator would be wrapped into
            # pydantic's ValidationError, which Gradio logs with its traceback.
            if not (isinstance(value, dict) and isinstance(value.get("path", None), str | None)
                    and isinstance(value.get("url", None), str | None)):
                log.info("refused %s upload: not a file payload (%s)", field, type(value).__name__)
                raise gr.Error(f"{field}: must be a picture file, got {checks.shown(value)}", title="Invalid input",
                               duration=TOAST_SECONDS, print_exception=False)
            return super().model_validate(value, *args, **kwargs)

    return CheckedImageData


def picture_input(label: str, field: str | None = None, **kwargs: Any) -> gr.Image:
    """A ``gr.Image`` for uploads whose wrong-typed payloads get a message that names ``field``
    (by default the label)."""
    component = gr.Image(label=label, **kwargs)
    component.data_model = _checked_image_data(field or label)
    return component


# --- errors as messages ------------------------------------------------------------------

def shows_errors(handler: Callable[P, R]) -> Callable[P, R]:
    """Turn a ganzoo error into one message box (gr.Error) and one log line, never a traceback; run
    the handler in the language of the page that asked (``demo.language``), so its captions and
    messages are in that language; and on one core (``demo.priority.on_one_core``).

    The wrapper takes one more parameter than the handler, ``request: gr.Request`` (Gradio fills it
    in); a handler that declares ``request`` itself gets it passed on. Called directly (tests, other
    handlers), it speaks English.
    """
    signature = inspect.signature(handler)
    wants_request = "request" in signature.parameters

    def as_message(exc: ganzoo.GanzooError) -> gr.Error:
        title = tr("checkpoint_problem") if isinstance(exc, ganzoo.CheckpointError) else tr("invalid_input")
        log.info("refused %s: %s", handler.__name__, exc)
        return gr.Error(translated_message(str(exc)), title=title, duration=TOAST_SECONDS, print_exception=False)

    def split(args: tuple, kwargs: dict) -> tuple[tuple, dict, str]:
        request = kwargs.pop("request", None)
        if request is None and len(args) > own_positional:
            *args, request = args
        if wants_request:
            kwargs["request"] = request
        # Called by another handler (no request): keep speaking the caller's language.
        return tuple(args), kwargs, language_of(request) if request is not None else language()

    own_positional = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "request"
                         for p in signature.parameters.values())

    if inspect.isgeneratorfunction(handler):  # a streaming handler fails while it is iterated, not when called
        @functools.wraps(handler)
        def streaming(*args: P.args, **kwargs: P.kwargs) -> Any:
            args, kwargs, code = split(args, kwargs)
            steps = handler(*args, **kwargs)
            while True:  # each step in the request's language: Gradio may run each in another thread
                with speaking(code):
                    on_one_core()
                    try:
                        item = next(steps)
                    except StopIteration:
                        return
                    except ganzoo.GanzooError as exc:
                        raise as_message(exc) from None
                yield item

        return with_request_parameter(streaming, signature)  # type: ignore[return-value]

    @functools.wraps(handler)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        args, kwargs, code = split(args, kwargs)
        on_one_core()
        with speaking(code), click_in_flight():
            try:
                return handler(*args, **kwargs)
            except ganzoo.GanzooError as exc:
                raise as_message(exc) from None

    return with_request_parameter(wrapper, signature)


def with_request_parameter(wrapper: Callable, signature: inspect.Signature) -> Callable:
    """Give ``wrapper`` the handler's signature plus ``request: gr.Request`` (if the handler lacks it),
    after its positional parameters: that is where Gradio passes the request."""
    if "request" not in signature.parameters:
        params = list(signature.parameters.values())
        last = next((i for i, p in enumerate(params) if p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)),
                    len(params))
        request = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, default=None,
                                    annotation=gr.Request)
        signature = signature.replace(parameters=[*params[:last], request, *params[last:]])
        wrapper.__annotations__ = {**getattr(wrapper, "__annotations__", {}), "request": gr.Request}
    wrapper.__signature__ = signature  # type: ignore[attr-defined]
    return wrapper


def refused_note(request: gr.Request = None) -> str:
    return tr("refused_note") if request is None else _in_language_of(request, "refused_note")


def _in_language_of(request: gr.Request, key: str) -> str:
    with speaking(language_of(request)):
        return tr(key)


def note_on_failure(dependency: Any, outputs: Sequence[gr.components.Component]) -> None:
    """After a refused request, keep the pictures (a typo must not wipe what the class was looking at)
    and say in the captions among ``outputs`` that they were not updated, so nothing shown passes for
    the answer to the refused values."""
    captions = [o for o in outputs if isinstance(o, gr.Markdown)]
    if not captions:
        return

    def note(request: gr.Request) -> Any:
        text = refused_note(request)
        return text if len(captions) == 1 else (text,) * len(captions)

    dependency.failure(note, None, captions, api_visibility=PRIVATE, show_progress="hidden", queue=False)


# --- checkpoints ---------------------------------------------------------------------------

@functools.lru_cache(maxsize=16)
def model(name: str) -> LoadedModel:
    """Load once per process; a failed load is not cached, so a restored file works at once."""
    return ganzoo.load(name)


def checkpoints_with(architecture: str | tuple[str, ...], default: str) -> list[str]:
    """Shipped checkpoints of one architecture (or of any of several) for a dropdown, ``default`` first.

    The default is listed even if it is missing, so that choosing it explains what is wrong
    instead of showing an empty list.
    """
    others = [n for n in ganzoo.available() if _is_of(n, architecture) and n != default]
    return [default, *others]


def parse_model(value: Any, architecture: str | tuple[str, ...], default: str, field: str = "Model") -> str:
    """A shipped checkpoint of ``architecture`` (or the default, whose absence ``load`` explains).

    Reads one model card, not all of them: this runs on every request, slider moves included.
    """
    if isinstance(value, str) and (value == default or (value in ganzoo.available()
                                                        and _is_of(value, architecture))):
        return value
    return parse_choice(value, checkpoints_with(architecture, default), field)  # refuses, listing the choices


def _is_of(name: str, architecture: str | tuple[str, ...]) -> bool:
    wanted = (architecture,) if isinstance(architecture, str) else architecture
    return _architecture(name) in wanted


def _architecture(name: str) -> str | None:
    try:
        return ganzoo.checkpoints.model_card(name).architecture
    except ganzoo.CheckpointError:
        return None


def parse_seed(value: Any, field: str = "Seed") -> int:
    return parse_whole(value, field, 0, ganzoo.inference.MAX_SEED)


# --- files handed to the browser ---------------------------------------------------------

class RecentFiles:
    """A folder that keeps only the newest ``keep`` files it handed out.

    Gradio copies every file a handler returns into its own cache (which ``delete_cache``
    empties), so ours are needed only until the handler returns; keeping a few covers
    concurrent requests, and the folder never grows with the number of requests.
    """

    def __init__(self, prefix: str, keep: int = 16) -> None:
        self.prefix, self.keep = prefix, keep
        self.files: deque[Path] = deque()
        self._folder: Path | None = None

    @property
    def folder(self) -> Path:
        if self._folder is None or not self._folder.exists():
            self._folder = Path(tempfile.mkdtemp(prefix=self.prefix))
            atexit.register(shutil.rmtree, self._folder, True)
        return self._folder

    def new_path(self, name: str) -> Path:
        path = self.folder / name
        if path in self.files:
            self.files.remove(path)
        self.files.append(path)
        while len(self.files) > self.keep:
            self.files.popleft().unlink(missing_ok=True)
        return path


# --- pictures Gradio caches --------------------------------------------------------------

def write_pictures_atomically() -> None:
    """Make Gradio write each returned picture to its cache under a temporary name, then rename it.

    Gradio (6.31) names a cached picture by the hash of its bytes and rewrites that file in place
    on every request that returns the same picture. In a class, thirty students click the same
    example at once: while one request rewrites the file, another student's browser is reading
    it, gets fewer bytes than announced, and the picture fails ("Too little data for declared
    Content-Length" in the server log). A file with the same hash holds the same bytes, so one
    that already exists is handed out as it is; a new one appears whole, by ``os.replace``.
    PNGs are written at zlib level 1 instead of Pillow's 6 (``encode_png_quickly``).
    Installing this twice is harmless.
    """
    if getattr(gradio.processing_utils.save_pil_to_cache, "atomic", False):
        return
    gradio.processing_utils.save_pil_to_cache = _save_pil_to_cache_atomically


PNG_COMPRESS_LEVEL = 1


def encode_png_quickly(img: Image.Image) -> bytes:
    """``img`` as PNG bytes at zlib level 1, with the picture's text metadata as Gradio keeps it.

    Measured on a 512 px stylised photo: 33 ms and 348 KB at level 1 against 152 ms and 320 KB at
    Pillow's default 6 (a 1024 px picture: four times that). Every picture every student gets is
    encoded once; on two cores serving a class, level 6 spent a tenth of the server's time in zlib.
    """
    with io.BytesIO() as buffer:
        img.save(buffer, "png", pnginfo=gradio.processing_utils.get_pil_metadata(img),
                 compress_level=PNG_COMPRESS_LEVEL)
        return buffer.getvalue()


def _save_pil_to_cache_atomically(img: Any, cache_dir: str, name: str = "image", format: str = "webp") -> str:
    data = (encode_png_quickly(img) if format.lower() == "png"
            else gradio.processing_utils.encode_pil_to_bytes(img, format))
    folder = Path(cache_dir) / gradio.processing_utils.hash_bytes(data)
    folder.mkdir(exist_ok=True, parents=True)
    path = (folder / f"{name}.{format}").resolve()
    if path.exists():
        os.utime(path)  # Gradio's delete_cache ages files by time: a picture handed out again is fresh
        return str(path)
    handle, staging = tempfile.mkstemp(dir=folder, prefix=f".{name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(staging, path)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise
    return str(path)


_save_pil_to_cache_atomically.atomic = True  # type: ignore[attr-defined]
