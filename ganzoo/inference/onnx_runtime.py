"""Run a fast style network with ONNX Runtime, when it is installed (PyTorch otherwise).

A fast style network is one fixed stack of convolutions, so a graph engine that fuses its
layers and picks CPU kernels for the whole graph ahead of time runs it faster than PyTorch's
eager mode on 2 CPU cores, the more so the larger the picture: for the shipped width-8 networks
1.07x at 256 px, 1.04x at 512 px, 1.35x at 1024 px (``benchmarks/bench.py style_tab``). The ONNX
graph is exported in memory from the sha256-checked weights the first time a network is used:
no second copy of the weights is shipped, and nothing but ganzoo's own checkpoint is ever loaded.
Height and width stay free in the graph, so one export serves every picture size.
"""

from __future__ import annotations

import copy
import io
import threading
import warnings
import weakref

import numpy as np
import torch
from torch import nn

from ganzoo.models.johnson import TransformNet, pad_to_fit

EXPORT_SIDE = 64  # the example picture the export traces; any size runs afterwards
_SESSIONS: weakref.WeakKeyDictionary[nn.Module, object] = weakref.WeakKeyDictionary()
# torch.onnx.export keeps global state (it asserts it is the only export running), so two
# students whose first fast-style requests arrive together must not export at the same time.
_EXPORT_LOCK = threading.Lock()


def onnx_runtime_available() -> bool:
    try:
        import onnx  # noqa: F401  (torch's exporter needs it)
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


def session_for(network: TransformNet) -> object:
    """The ONNX Runtime session of ``network`` (exported once, then cached while it lives).

    Safe to call from several threads: the first caller exports, the others wait for it and
    share its session.
    """
    session = _SESSIONS.get(network)
    if session is None:
        with _EXPORT_LOCK:
            session = _SESSIONS.get(network)  # another thread may have exported while we waited
            if session is None:
                session = _SESSIONS[network] = _export_session(network)
    return session


def _export_session(network: TransformNet) -> object:
    import onnxruntime

    body = copy.deepcopy(network.net).float().eval()
    graph = io.BytesIO()
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the exporter's notes about instance norm in eval mode
        torch.onnx.export(body, (torch.zeros(1, 3, EXPORT_SIDE, EXPORT_SIDE),), graph, dynamo=False,
                          input_names=["photo"], output_names=["picture"], opset_version=17,
                          dynamic_axes={name: {0: "batch", 2: "height", 3: "width"}
                                        for name in ("photo", "picture")})
    options = onnxruntime.SessionOptions()
    # ONNX Runtime's worker threads spin after each run, waiting for the next one: on 2 cores shared
    # by a class that is CPU taken from everyone else's clicks (measured at 512 px, beside other
    # work: 253 ms of CPU and 184 ms per picture spinning, 156 ms and 131 ms without). They sleep instead.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    return onnxruntime.InferenceSession(graph.getvalue(), options, providers=["CPUExecutionProvider"])


def run_transform_net(network: TransformNet, photo: torch.Tensor) -> torch.Tensor:
    """What ``network(photo)`` computes, by ONNX Runtime: (B, 3, H, W) in, (B, 3, H, W) out."""
    h, w = photo.shape[-2:]
    padded = np.ascontiguousarray(pad_to_fit(photo).float().numpy())
    (picture,) = session_for(network).run(None, {"photo": padded})
    return torch.from_numpy(picture)[..., :h, :w]
