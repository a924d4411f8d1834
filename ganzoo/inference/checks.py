"""The one place where arguments are checked: each refusal says what is allowed and what came.

The inference API (``label must be ...``) and the web app (``Label: must be ...``, the field as
the page names it) call the same four checks, so a NaN, an infinity, ``True`` or the string
``"3"`` are refused the same way everywhere:

    whole_number(value, what, low, high)    3 and 3.0 (what sliders send); not 3.5, "3", True, NaN
    number(value, what, low, high)          any finite real number; not True, NaN, inf
    one_of(value, choices, what)            one of a list of strings
    true_or_false(value, what)              only a real bool: the string "false" is not quietly true
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence

from ganzoo.errors import InvalidInputError

MAX_SAMPLES = 100  # per request: keeps every action well under a second on 2 CPU cores
MAX_SEED = 2**32 - 1
MAX_WALK_STEPS = 64
MAX_SCALE = 16
INTERPOLATIONS = ("slerp", "lerp")
NUM_CLASSES = 10


def shown(value: object) -> str:
    """A refused value as a message shows it: short, and "no number" for an empty number box."""
    if value is None:  # what a number box sends when it holds no number (empty, or "abc" typed in it)
        return "no number (the box is empty or holds text)"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _is_number(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, numbers.Real) and math.isfinite(value)


def whole_number(value: object, what: str, low: int, high: int, kind: str = "") -> int:
    """``kind`` names what the range holds in the out-of-range message ("a digit from 0 to 9")."""
    if not _is_number(value) or float(value) != int(value):  # type: ignore[arg-type]
        raise InvalidInputError(f"{what} must be a whole number from {low} to {high}, got {shown(value)}")
    if not low <= int(value) <= high:  # type: ignore[arg-type]
        within = f"{kind} from" if kind else "from"
        raise InvalidInputError(f"{what} must be {within} {low} to {high}, got {int(value)}")  # type: ignore[arg-type]
    return int(value)  # type: ignore[arg-type]


def number(value: object, what: str, low: float, high: float) -> float:
    if not _is_number(value):
        raise InvalidInputError(f"{what} must be a number from {low} to {high}, got {shown(value)}")
    if not low <= value <= high:  # type: ignore[operator]
        raise InvalidInputError(f"{what} must be from {low} to {high}, got {value}")
    return float(value)  # type: ignore[arg-type]


def one_of(value: object, choices: Sequence[str], what: str) -> str:
    if not isinstance(value, str) or value not in choices:
        listed = ", ".join(repr(c) for c in choices[:12]) + (", …" if len(choices) > 12 else "")
        raise InvalidInputError(f"{what} must be one of {listed}; got {shown(value)}")
    return value


def true_or_false(value: object, what: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidInputError(f"{what} must be true or false, got {shown(value)}")
    return value


def check_label(label: object) -> int:
    return whole_number(label, "label", 0, NUM_CLASSES - 1, kind="a digit")


def check_count(count: object, cap: int = MAX_SAMPLES, what: str = "number of samples") -> int:
    return whole_number(count, what, 1, cap)


def check_seed(seed: object) -> int:
    return whole_number(seed, "seed", 0, MAX_SEED)


def check_t(t: object) -> float:
    return number(t, "t", 0.0, 1.0)


def check_interpolation(method: object) -> str:
    return one_of(method, INTERPOLATIONS, "interpolation")
