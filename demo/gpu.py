"""Hugging Face ZeroGPU: a GPU lent to a handler for the length of one call.

Free Hugging Face accounts host Gradio Spaces on ZeroGPU: the Space runs on a CPU, and a handler
decorated with ``spaces.GPU`` gets a GPU while it runs. The ``spaces`` package installs and
imports anywhere; without a GPU its decorator does nothing, so the same app runs on ZeroGPU, on
paid CPU hardware and on a laptop. Only the handlers that gain from a GPU are marked (Gatys above
all, fast style at 1024 px, large digit grids, the playground's N-step training); inside them the
models use CUDA when it is there (``ganzoo.inference.style.gatys`` picks it) and the CPU otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

try:
    import spaces
except ImportError:  # the app still runs without it (pip install spaces for a ZeroGPU Space)
    spaces = None

F = TypeVar("F", bound=Callable)


def on_gpu(duration: int) -> Callable[[F], F]:
    """``spaces.GPU(duration=...)`` when the package is there (a no-op without a GPU), else nothing.

    ``duration``: the seconds a call may hold the GPU; ZeroGPU schedules shorter requests first."""

    def mark(handler: F) -> F:
        return handler if spaces is None else spaces.GPU(duration=duration)(handler)

    return mark
