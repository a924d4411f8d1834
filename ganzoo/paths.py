"""Where ganzoo looks for shipped checkpoints and local data sets.

Both can be moved with environment variables, so an installed copy or a test can point
elsewhere without code changes.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def checkpoints_dir() -> Path:
    """``$GANZOO_CHECKPOINTS``, else the repository's ``checkpoints/``, else the installed copy.

    Run from a clone (or an editable install) the repository's folder is used; ``pip install .``
    also installs the shipped checkpoints as the data package ``ganzoo_checkpoints``.
    """
    if "GANZOO_CHECKPOINTS" in os.environ:
        return Path(os.environ["GANZOO_CHECKPOINTS"])
    in_repo = REPO_ROOT / "checkpoints"
    if in_repo.is_dir():
        return in_repo
    spec = importlib.util.find_spec("ganzoo_checkpoints")
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    return in_repo


def shared_data_dir() -> Path:
    """``$GANZOO_DATA``, else ``../shared/data`` beside the repository (as on our machines).

    Loaders that find nothing there download instead (where a download exists) or say how to
    point ``GANZOO_DATA`` (or ``--data folder:PATH``) at a copy.
    """
    return Path(os.environ.get("GANZOO_DATA", REPO_ROOT.parent / "shared" / "data"))


def download_dir() -> Path:
    """Where torchvision downloads go for users with internet: ``~/.cache/ganzoo``."""
    return Path(os.environ.get("GANZOO_CACHE", Path.home() / ".cache" / "ganzoo"))
