"""Where ganzoo looks for shipped checkpoints and local data sets.

Both can be moved with environment variables, so an installed copy or a test can point
elsewhere without code changes.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]


def checkpoints_dir() -> Path:
    """``$GANZOO_CHECKPOINTS``, else the repository's ``checkpoints/``."""
    return Path(os.environ.get("GANZOO_CHECKPOINTS", REPO_ROOT / "checkpoints"))


def shared_data_dir() -> Path:
    """``$GANZOO_DATA``, else ``../shared/data`` beside the repository (as on our machines)."""
    return Path(os.environ.get("GANZOO_DATA", REPO_ROOT.parent / "shared" / "data"))


def download_dir() -> Path:
    """Where torchvision downloads go for users with internet: ``~/.cache/ganzoo``."""
    return Path(os.environ.get("GANZOO_CACHE", Path.home() / ".cache" / "ganzoo"))
