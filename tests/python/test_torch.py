"""pairinv.torch.acoustic: autograd through the exact adjoint."""
import numpy as np
import torch

import pairinv
from conftest import layered_model

TINY = dict(dx=10.0, dt=1e-3, nt=200, sources=np.array([[1, 2]]), receivers=np.array([[1, 5], [4, 6]]), f0=10.0,
            pml_width=5, boundary_velocity=2200.0)


def test_gradcheck_in_double_on_a_tiny_grid():
    v = torch.tensor(layered_model(6, 7), dtype=torch.float64, requires_grad=True)
    assert torch.autograd.gradcheck(lambda m: pairinv.torch.acoustic(m, **TINY), (v,), eps=1e-3, atol=1e-9, rtol=1e-5)


def test_float32_tensors_stay_float32():
    v = torch.tensor(layered_model(6, 7), dtype=torch.float32, requires_grad=True)
    d = pairinv.torch.acoustic(v, **TINY)
    d.pow(2).sum().backward()
    assert d.dtype == torch.float32 and d.shape == (1, 200, 2)
    assert v.grad.dtype == torch.float32 and v.grad.shape == (6, 7) and torch.isfinite(v.grad).all()


def test_backward_is_the_misfit_gradient():
    v = layered_model(6, 7)
    observed = pairinv.acoustic.forward(v * 1.05, **TINY)
    vt = torch.tensor(v, requires_grad=True)
    (0.5 * (pairinv.torch.acoustic(vt, **TINY) - torch.from_numpy(observed)).pow(2).sum()).backward()
    _, g = pairinv.acoustic.misfit_and_gradient(v, observed, **TINY)
    np.testing.assert_allclose(vt.grad.numpy(), g, rtol=1e-10, atol=1e-14 * np.abs(g).max())
