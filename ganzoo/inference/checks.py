"""Checking the arguments of the inference API: each refusal says what is allowed."""

from __future__ import annotations

import math
import numbers

from ganzoo.errors import InvalidInputError

MAX_SAMPLES = 100  # per request: keeps every action well under a second on 2 CPU cores
MAX_SEED = 2**32 - 1
MAX_WALK_STEPS = 64
MAX_SCALE = 16
INTERPOLATIONS = ("slerp", "lerp")
NUM_CLASSES = 10


def _as_integer(value: object, what: str) -> int:
    """Accept ints and integral floats (sliders send 3.0); refuse 3.5, "3", True, None."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InvalidInputError(f"{what} must be a whole number, got {value!r}")
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        raise InvalidInputError(f"{what} must be a whole number, got {value!r}")
    return int(value)


def check_label(label: object) -> int:
    label = _as_integer(label, "label")
    if not 0 <= label < NUM_CLASSES:
        raise InvalidInputError(f"label must be a digit from 0 to 9, got {label}")
    return label


def check_count(count: object, cap: int = MAX_SAMPLES, what: str = "number of samples") -> int:
    count = _as_integer(count, what)
    if not 1 <= count <= cap:
        raise InvalidInputError(f"{what} must be between 1 and {cap}, got {count}")
    return count


def check_seed(seed: object) -> int:
    seed = _as_integer(seed, "seed")
    if not 0 <= seed <= MAX_SEED:
        raise InvalidInputError(f"seed must be between 0 and {MAX_SEED}, got {seed}")
    return seed


def check_t(t: object) -> float:
    if isinstance(t, bool) or not isinstance(t, numbers.Real) or not math.isfinite(t):
        raise InvalidInputError(f"t must be a number between 0 and 1, got {t!r}")
    if not 0.0 <= t <= 1.0:
        raise InvalidInputError(f"t must be between 0 and 1, got {t}")
    return float(t)


def check_interpolation(method: object) -> str:
    if method not in INTERPOLATIONS:
        raise InvalidInputError(f"interpolation must be one of {INTERPOLATIONS}, got {method!r}")
    return str(method)


