#!/usr/bin/python3
"""A small network trained with pairinv's wave equation inside its loss (PyTorch).

    python3 examples/python/torch_physics_loss.py [EPOCHS=30] [SAMPLES=8]

Models are linear velocity gradients v(z) = a + b z with unknown a and b. A small network maps
each sample's shot gather to (a, b); the loss is the data misfit of the model it predicts,
|F(v) - d|^2 / |d|^2, with F = pairinv.torch.acoustic, so the gradients reach the network
through pairinv's exact adjoint. No true model enters the loss. Prints the loss and the model
error per epoch.
"""
import sys

import numpy as np
import torch

import pairinv

epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
samples = int(sys.argv[2]) if len(sys.argv) > 2 else 8
torch.manual_seed(0)
nz, nx = 20, 30
depth = torch.arange(nz, dtype=torch.float64)[:, None] * torch.ones(1, nx, dtype=torch.float64)
acq = dict(dx=10.0, dt=1e-3, nt=300, f0=15.0, boundary_velocity=2600.0, pml_width=10,
           sources=np.array([[1, 15]]), receivers=np.array([[1, c] for c in range(0, nx, 2)]))


def velocity(ab):  # (a in km/s, b in m/s per cell) -> [nz, nx] m/s
    return 1000.0 * ab[0] + ab[1] * depth


truths = torch.stack([torch.tensor([1.8, 0.0], dtype=torch.float64) + torch.rand(2, dtype=torch.float64) *
                      torch.tensor([0.4, 20.0], dtype=torch.float64) for _ in range(samples)])
data = [pairinv.torch.acoustic(velocity(t), **acq).detach() for t in truths]
net = torch.nn.Sequential(torch.nn.Flatten(0), torch.nn.Linear(data[0].numel(), 16), torch.nn.Tanh(),
                          torch.nn.Linear(16, 2)).double()
offset = torch.tensor([2.0, 10.0], dtype=torch.float64)  # the network predicts (a, b) around the prior's middle
optimizer = torch.optim.Adam(net.parameters(), lr=3e-3)
for epoch in range(epochs):
    total, error = 0.0, 0.0
    for d, t in zip(data, truths):
        ab = offset + torch.tensor([0.2, 10.0], dtype=torch.float64) * torch.tanh(net(d / d.abs().max()))
        loss = (pairinv.torch.acoustic(velocity(ab), **acq) - d).pow(2).sum() / d.pow(2).sum()
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total += loss.item() / samples
        error += ((velocity(ab) - velocity(t)).norm() / velocity(t).norm()).item() / samples
    print(f"torch_physics_loss: epoch {epoch + 1}/{epochs}  data misfit {total:.4f}  model error {error:.4f}")
