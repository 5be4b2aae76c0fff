"""pairinv's solvers as PyTorch functions whose backward is the exact discrete adjoint.

    d = pairinv.torch.acoustic(v, dx=10.0, dt=1e-3, nt=500, sources=src, receivers=rec,
                               boundary_velocity=3000.0)
    loss = 0.5 * ((d - d_obs) ** 2).sum(); loss.backward()     # v.grad = pairinv's gradient
    e = pairinv.torch.em(sigma, dx=100.0, frequencies=[0.1, 1.0], receivers=rec,
                         air_height=5e4, pad_distance=2e4)      # real data [part, f, source, receiver]

v (sigma) is a [nz, nx] tensor (float32 or float64, on any device: the solve runs on the CPU in
double precision and the result comes back in the input's dtype and device). The arguments are
those of pairinv.acoustic.forward (pairinv.em.forward). Give boundary_velocity (EM: air_height
and pad_distance) when the model changes between calls (inversion, torch.autograd.gradcheck):
otherwise the absorbing layer (the EM mesh) is set from each model.
"""
import numpy as np
import torch as _torch

from . import acoustic as _acoustic
from . import em as _em


def _numpy(t):
    return np.ascontiguousarray(t.detach().cpu().double().numpy())


class AcousticFunction(_torch.autograd.Function):
    """F(v) forward; backward: J^T grad_output (pairinv.acoustic.born_adjoint)."""

    @staticmethod
    def forward(ctx, v, settings):
        ctx.settings = settings
        ctx.save_for_backward(v)
        return _torch.from_numpy(_acoustic.forward(_numpy(v), **settings)).to(dtype=v.dtype, device=v.device)

    @staticmethod
    def backward(ctx, grad_output):
        (v,) = ctx.saved_tensors
        g = _acoustic.born_adjoint(_numpy(v), _numpy(grad_output), **ctx.settings)
        return _torch.from_numpy(g).to(dtype=v.dtype, device=v.device), None


def acoustic(v, dx, dt, nt, sources, receivers, **options):
    """Data [shot, time, receiver] of the velocity tensor v [nz, nx], differentiable in v."""
    settings = dict(options, dx=dx, dt=dt, nt=nt, sources=sources, receivers=receivers)
    return AcousticFunction.apply(v, settings)


class EmFunction(_torch.autograd.Function):
    """The real EM data of sigma forward; backward: J^T grad_output / sigma (J in ln sigma)."""

    @staticmethod
    def forward(ctx, sigma, settings):
        ctx.settings = settings
        ctx.save_for_backward(sigma)
        data = _em.forward(_numpy(sigma), **settings)["data"]
        return _torch.from_numpy(data).to(dtype=sigma.dtype, device=sigma.device)

    @staticmethod
    def backward(ctx, grad_output):
        (sigma,) = ctx.saved_tensors
        s = _numpy(sigma)
        g = _em.jacobian_adjoint(s, _numpy(grad_output), **ctx.settings) / s
        return _torch.from_numpy(g).to(dtype=sigma.dtype, device=sigma.device), None


def em(sigma, dx, frequencies, receivers, **options):
    """Real EM data [part, frequency, source, receiver] (datum and form as pairinv.em.forward) of
    the conductivity tensor sigma [nz, nx] in S/m, differentiable in sigma."""
    settings = dict(options, dx=dx, frequencies=frequencies, receivers=receivers)
    return EmFunction.apply(sigma, settings)
