"""Device choice and multi-process (DDP) setup for the training loop.

``torchrun --nproc_per_node N -m ganzoo.train ...`` starts N copies of the script with
RANK / WORLD_SIZE / LOCAL_RANK in the environment; each copy trains on its own shard of
every epoch and DistributedDataParallel averages the gradients, so the N processes step
as one model. NCCL carries the all-reduce between GPUs; on CPU it is gloo.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import torch
import torch.distributed as dist
from torch import nn


@dataclass(frozen=True)
class Distributed:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0

    @property
    def enabled(self) -> bool:
        return self.world_size > 1

    @property
    def is_main(self) -> bool:
        """Only rank 0 writes files and shows progress, so N processes do not clash."""
        return self.rank == 0


def pick_device(requested: str = "auto", local_rank: int = 0) -> torch.device:
    """``auto`` means CUDA if present, then Apple's MPS, then the CPU."""
    if requested != "auto":
        return torch.device(requested)
    if torch.cuda.is_available():
        return torch.device("cuda", local_rank)
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def init_distributed(device: torch.device) -> Distributed:
    """Join the process group torchrun set up; a plain ``python`` run stays single-process."""
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    if world_size == 1:
        return Distributed()
    backend = "nccl" if device.type == "cuda" else "gloo"
    if not dist.is_initialized():
        dist.init_process_group(backend=backend)
    if device.type == "cuda":
        torch.cuda.set_device(device)
    return Distributed(dist.get_rank(), dist.get_world_size(), int(os.environ.get("LOCAL_RANK", 0)))


def wrap(module: nn.Module, env: Distributed, device: torch.device) -> nn.Module:
    """Wrap a module with at least one trainable parameter in DDP when running distributed."""
    if not env.enabled or not any(p.requires_grad for p in module.parameters()):
        return module
    device_ids = [device.index] if device.type == "cuda" else None
    return nn.parallel.DistributedDataParallel(module, device_ids=device_ids)


def unwrap(module: nn.Module) -> nn.Module:
    return module.module if isinstance(module, nn.parallel.DistributedDataParallel) else module


def all_processes_agree() -> None:
    """A barrier: wait until every process reaches this point (no-op when single-process)."""
    if dist.is_initialized():
        dist.barrier()


def shutdown() -> None:
    if dist.is_initialized():
        dist.destroy_process_group()
