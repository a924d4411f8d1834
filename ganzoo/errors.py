"""Exceptions raised by the ganzoo API.

Every error a user can cause (a bad argument, a broken checkpoint) is one of these, so the
CLI and the web demo can show its message instead of a traceback.
"""


class GanzooError(Exception):
    """Base class for every error ganzoo raises on purpose."""


class InvalidInputError(GanzooError, ValueError):
    """An argument is outside what the function accepts (label, seed, count, t, ...)."""


class CheckpointError(GanzooError):
    """A checkpoint is missing, unreadable, or does not match its model card."""


class CheckpointNotFoundError(CheckpointError, FileNotFoundError):
    """No checkpoint with that name or path exists."""


class CheckpointIntegrityError(CheckpointError):
    """The weights file's sha256 differs from the one recorded in its model card."""


class DataUnavailableError(GanzooError):
    """A data set was asked for that is not on this machine and cannot be downloaded."""
