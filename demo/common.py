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
import logging
import math
import numbers
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import gradio as gr
import gradio.utils

import ganzoo
from ganzoo.checkpoints import LoadedModel

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
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) \
            or float(value) != int(value):
        raise refuse(field, f"must be a whole number from {low} to {high}, got {_shown(value)}")
    if not low <= int(value) <= high:
        raise refuse(field, f"must be from {low} to {high}, got {int(value)}")
    return int(value)


def parse_number(value: Any, field: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise refuse(field, f"must be a number from {low} to {high}, got {_shown(value)}")
    if not low <= value <= high:
        raise refuse(field, f"must be from {low} to {high}, got {value}")
    return float(value)


def parse_bool(value: Any, field: str) -> bool:
    """Only true or false: the string "false" is not quietly taken as true."""
    if not isinstance(value, bool):
        raise refuse(field, f"must be true or false, got {_shown(value)}")
    return value


def parse_choice(value: Any, choices: Sequence[str], field: str) -> str:
    if not isinstance(value, str) or value not in choices:
        listed = ", ".join(repr(c) for c in choices[:12]) + (", …" if len(choices) > 12 else "")
        raise refuse(field, f"must be one of {listed}; got {_shown(value)}")
    return value


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


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


# --- errors as messages ------------------------------------------------------------------

def shows_errors(handler: Callable[P, R]) -> Callable[P, R]:
    """Turn a ganzoo error into one message box (gr.Error) and one log line, never a traceback."""

    def as_message(exc: ganzoo.GanzooError) -> gr.Error:
        title = "Checkpoint problem" if isinstance(exc, ganzoo.CheckpointError) else "Invalid input"
        log.info("refused %s: %s", handler.__name__, exc)
        return gr.Error(str(exc), title=title, duration=TOAST_SECONDS, print_exception=False)

    if inspect.isgeneratorfunction(handler):  # a streaming handler fails while it is iterated, not when called
        @functools.wraps(handler)
        def streaming(*args: P.args, **kwargs: P.kwargs) -> Any:
            try:
                yield from handler(*args, **kwargs)
            except ganzoo.GanzooError as exc:
                raise as_message(exc) from None

        return streaming  # type: ignore[return-value]

    @functools.wraps(handler)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return handler(*args, **kwargs)
        except ganzoo.GanzooError as exc:
            raise as_message(exc) from None

    return wrapper


def clear_on_failure(dependency: Any, outputs: Sequence[gr.components.Component]) -> None:
    """After a refused request, empty ``outputs``: the pictures must not keep showing what older
    controls asked for (the message says what to fix)."""

    def empty() -> tuple[None, ...] | None:
        return None if len(outputs) == 1 else (None,) * len(outputs)

    dependency.failure(empty, None, list(outputs), api_visibility=PRIVATE, show_progress="hidden", queue=False)


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
        return ganzoo.checkpoints.read_card(name).get("architecture")
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
