"""Download a data set's archive once and unpack it safely (for users with internet)."""

from __future__ import annotations

import tarfile
import urllib.request
import zipfile
from pathlib import Path
from types import ModuleType

from ganzoo.errors import DataUnavailableError


def download_once(url: str, target: Path, ready: str) -> Path:
    """Fetch ``url`` (a .zip or .tar.gz whose top folder is ``target.name``) into ``target.parent``,
    unless ``target / ready`` is already there; return ``target``."""
    if (target / ready).is_dir():
        return target
    archive = target.parent / url.rsplit("/", 1)[-1]
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        urllib.request.urlretrieve(url, archive)
    except OSError as exc:
        raise DataUnavailableError(
            f"could not download {target.name} ({exc}); on a machine without internet use --data folder:PATH"
        ) from exc
    if archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as z:
            for member in z.namelist():  # refuse paths that would land outside the target folder
                if member.startswith("/") or ".." in Path(member).parts:
                    raise DataUnavailableError(f"{archive.name} holds an unsafe path: {member}")
            z.extractall(target.parent)
    else:
        with tarfile.open(archive) as tar:
            tar.extractall(target.parent, filter="data")  # "data": no absolute paths, no links outside
    archive.unlink()
    return target


def import_torchvision(purpose: str) -> ModuleType:
    """torchvision, for the download paths only (``purpose`` names the one asking).

    ganzoo does not install it: a torchvision wheel pins the torch it was built for, so requiring
    it would pull a multi-GB CUDA build of torch onto machines that run happily on a CPU-only one.
    """
    try:
        import torchvision
    except ImportError as exc:
        raise DataUnavailableError(
            f"{purpose} downloads through torchvision, which is not installed: "
            "pip install -r requirements-downloads.txt"
        ) from exc
    return torchvision
