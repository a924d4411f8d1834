"""Lower-priority threads for the work that can wait, so that a class's quick clicks go first.

On 2 CPU cores thirty students' requests share the CPU. A digit grid, a walk frame, a sketch
stroke or a swap is awaited with the pen in hand (the classroom target is 1 s); a Gatys run takes
minutes anyway. A *lane* is a small pool of threads of a given niceness (Linux): work sent there
takes the CPU the quick clicks leave, so it is slower only while they are many, and they are not
slowed by it (``demo.style.GATYS_LANE``, nice 19). Fast style and the whole walk were tried in a
lane at nice 10 as well and were not kept: their own p95 doubled and the swap's did not improve
(README, "A class of 30").

A thread's niceness is its own on Linux and passes to the threads it starts (PyTorch's workers),
which is why the pool's threads are niced once, when they start, and the work itself is moved to
them (an unprivileged thread can lower its priority, never raise it back). Elsewhere (macOS,
Windows, or not allowed) the lanes run at normal priority; on a GPU (a ZeroGPU worker) the work
runs where it is called.

Cores, too: the work that answers a click runs on one core (``on_one_core``, called by every
handler), a lane's work on every core PyTorch found (``ALL_CORES``). The quick models are small
(128 px): splitting one pass over two cores costs more in handing work between the threads than
it gains, and in a class the other core is busy with another student's click anyway. Measured
alone on this 2-core machine, one request after another: a swap took 214 ms of the server's CPU
on one core and 316 ms on two (and answered sooner: 296 ms against 374), a sketch stroke 129 ms
against 170 (README, "A class of 30"). Gatys, alone at night, still uses both. PyTorch keeps
its thread count per thread (each thread's OpenMP setting, taken from the last
``torch.set_num_threads`` when the thread first computes), so each thread sets its own.

Niceness decides who gets a core, not what the work beside it does to the memory the two cores
share: a Gatys step at nice 19 still slows the click on the other core. So a lane can also wait
for quiet (``quiet_for``): before each piece of work, it waits while clicks are being computed
(``clicks_in_flight``, counted by every handler), up to a bound, so it is slowed but never starved.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import torch

T = TypeVar("T")

_clicks = 0
_quiet = threading.Condition()


@contextlib.contextmanager
def click_in_flight() -> Iterator[None]:
    """Count the click being computed inside (every handler's answer, ``demo.common.shows_errors``)."""
    global _clicks
    with _quiet:
        _clicks += 1
    try:
        yield
    finally:
        with _quiet:
            _clicks -= 1
            _quiet.notify_all()


def clicks_in_flight() -> int:
    """How many clicks are being computed now."""
    return _clicks


def wait_for_quiet(at_most: float) -> None:
    """Return once no click is being computed, or after ``at_most`` seconds, whichever comes first."""
    with _quiet:
        _quiet.wait_for(lambda: _clicks == 0, timeout=at_most)


#: Torch threads of the work that answers a click (see the module's docstring).
CLICK_THREADS = 1
#: Torch threads of a lane's work: what PyTorch chose for this machine, read before any handler ran.
ALL_CORES = torch.get_num_threads()


def on_one_core() -> None:
    """This thread's PyTorch work runs on ``CLICK_THREADS`` cores from now on (every handler calls it)."""
    if torch.get_num_threads() != CLICK_THREADS:
        torch.set_num_threads(CLICK_THREADS)


def _lane_thread(niceness: int, threads: int) -> Callable[[], None]:
    def lower_priority() -> None:
        torch.set_num_threads(threads)  # this thread's own count, kept for its life
        with contextlib.suppress(AttributeError, OSError):  # not Linux, or not allowed: normal priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)

    return lower_priority


class LaneClosedError(Exception):
    """The server is exiting (SIGTERM, Ctrl-C): its lanes take no more work."""


class Lane:
    """``workers`` threads at ``niceness``, each computing on ``threads`` cores (default: all);
    ``run(f, *args)`` computes ``f(*args)`` in one of them and waits. With ``quiet_for`` seconds, each
    piece of work first waits while clicks are computed, at most that long."""

    def __init__(self, name: str, niceness: int, workers: int, threads: int = ALL_CORES,
                 quiet_for: float = 0.0) -> None:
        self.name = name
        self.quiet_for = quiet_for
        self._threads = ThreadPoolExecutor(workers, thread_name_prefix=name,
                                           initializer=_lane_thread(niceness, threads))

    def run(self, work: Callable[..., T], *args: object) -> T:
        """``work(*args)``, in one of this lane's threads (where it is called, on a GPU); what it raises
        is raised here. ``LaneClosedError`` once the server is exiting."""
        if torch.cuda.is_available():
            return work(*args)
        if self.quiet_for > 0:
            wait_for_quiet(self.quiet_for)
        try:
            pending = self._threads.submit(work, *args)
        except RuntimeError as closed:  # "cannot schedule new futures after shutdown"
            raise LaneClosedError(self.name) from closed
        return pending.result()

    def close(self) -> None:
        """Take no more work (what the server's exit does to every pool)."""
        self._threads.shutdown(wait=False)
