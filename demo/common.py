"""What every tab shares: cached checkpoints and turning ganzoo errors into UI messages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import gradio as gr

import ganzoo
from ganzoo.checkpoints import LoadedModel

P = ParamSpec("P")
R = TypeVar("R")

def shows_errors(handler: Callable[P, R]) -> Callable[P, R]:
    """Turn a ganzoo error into a message box (gr.Error) instead of a server traceback."""

    @functools.wraps(handler)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return handler(*args, **kwargs)
        except ganzoo.CheckpointError as exc:
            raise gr.Error(str(exc), title="Checkpoint problem") from exc
        except ganzoo.GanzooError as exc:
            raise gr.Error(str(exc), title="Invalid input") from exc

    return wrapper


@functools.lru_cache(maxsize=8)
def model(name: str) -> LoadedModel:
    """Load once per process; a failed load is not cached, so a restored file works at once."""
    return ganzoo.load(name)


def checkpoints_with(architecture: str, default: str) -> list[str]:
    """Shipped checkpoints of one architecture for a dropdown, ``default`` first.

    The default is listed even if it is missing, so that choosing it explains what is wrong
    instead of showing an empty list.
    """
    others = [n for n in ganzoo.available() if _architecture(n) == architecture and n != default]
    return [default, *others]


def _architecture(name: str) -> str | None:
    try:
        return ganzoo.checkpoints.read_card(name).get("architecture")
    except ganzoo.CheckpointError:
        return None


def parse_seed(value: float | int | str | None) -> int:
    """Seeds arrive from gr.Number as floats; 3.0 is fine, 3.5 and -1 are not."""
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            raise ganzoo.InvalidInputError(f"seed must be a whole number, got {value!r}") from None
    return ganzoo.inference.check_seed(value)
