"""pairinv's solvers as PyTorch functions whose backward is the exact discrete adjoint.

    d = pairinv.torch.acoustic(v, dx=10.0, dt=1e-3, nt=500, sources=src, receivers=rec,
                               boundary_velocity=3000.0)
    loss = 0.5 * ((d - d_obs) ** 2).sum(); loss.backward()     # v.grad = pairinv's gradient

v is a [nz, nx] tensor (float32 or float64, on any device: the solve runs on the CPU in
double precision and the result comes back in v's dtype and device). The arguments are those
of pairinv.acoustic.forward. Give boundary_velocity when v changes between calls (inversion,
torch.autograd.gradcheck): otherwise the absorbing layer is set from each v.
"""
import numpy as np
import torch as _torch

from . import acoustic as _acoustic


class AcousticFunction(_torch.autograd.Function):
    """F(v) forward; backward: J^T grad_output (pairinv.acoustic.born_adjoint)."""

    @staticmethod
    def forward(ctx, v, settings):
        ctx.settings = settings
        ctx.save_for_backward(v)
        vv = v.detach().cpu().double().numpy()
        return _torch.from_numpy(_acoustic.forward(vv, **settings)).to(dtype=v.dtype, device=v.device)

    @staticmethod
    def backward(ctx, grad_output):
        (v,) = ctx.saved_tensors
        vv = v.detach().cpu().double().numpy()
        r = grad_output.detach().cpu().double().numpy()
        g = _acoustic.born_adjoint(vv, np.ascontiguousarray(r), **ctx.settings)
        return _torch.from_numpy(g).to(dtype=v.dtype, device=v.device), None


def acoustic(v, dx, dt, nt, sources, receivers, **options):
    """Data [shot, time, receiver] of the velocity tensor v [nz, nx], differentiable in v."""
    settings = dict(options, dx=dx, dt=dt, nt=nt, sources=sources, receivers=receivers)
    return AcousticFunction.apply(v, settings)
