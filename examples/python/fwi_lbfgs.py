#!/usr/bin/python3
"""FWI of a small model with scipy's L-BFGS-B on pairinv's exact gradient.

    python3 examples/python/fwi_lbfgs.py [ITERATIONS=30] [FIGURE.png]

A velocity gradient with a fast anomaly, 6 shots at the surface, inverted from the gradient
alone. Prints the model error and misfit before and after; FIGURE.png shows true, starting and
final models.
"""
import sys

import numpy as np
from scipy.optimize import minimize

import pairinv

iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 30
nz, nx, dx = 40, 60, 10.0
z, x = np.mgrid[0:nz, 0:nx]
start = 2000.0 + 15.0 * z
true = start + 300.0 * np.exp(-((z - 22) ** 2 + (x - 30) ** 2) / 50.0)
acq = dict(dx=dx, dt=1e-3, nt=600, f0=12.0, boundary_velocity=2600.0,
           sources=np.array([[1, c] for c in range(5, nx, 10)]), receivers=np.array([[1, c] for c in range(nx)]))
observed = pairinv.acoustic.forward(true, **acq)


def objective(km_s):  # the model in km/s and the misfit relative to the start's: well scaled for L-BFGS-B
    J, g = pairinv.acoustic.misfit_and_gradient(1000.0 * km_s.reshape(nz, nx), observed, **acq)
    return J / J0, 1000.0 * g.ravel() / J0


J0 = 1.0
J0 = objective(start.ravel() / 1000.0)[0]
result = minimize(objective, start.ravel() / 1000.0, jac=True, method="L-BFGS-B", bounds=[(1.5, 3.0)] * (nz * nx),
                  options=dict(maxiter=iterations))
final = 1000.0 * result.x.reshape(nz, nx)
error = lambda m: np.linalg.norm(m - true) / np.linalg.norm(true)  # noqa: E731
print(f"fwi_lbfgs: model error {error(start):.5f} -> {error(final):.5f}, misfit 1 -> {result.fun:.3g} of the "
      f"start's in {result.nit} iterations ({result.nfev} gradients)")

if len(sys.argv) > 2:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 3, figsize=(13, 3.4), constrained_layout=True)
    for ax, (name, m) in zip(axes, [("true", true), ("start", start), (f"L-BFGS-B, {result.nit} it.", final)]):
        im = ax.imshow(m, extent=[0, nx * dx, nz * dx, 0], vmin=true.min(), vmax=true.max(), cmap="viridis")
        ax.set(title=name, xlabel="x (m)", ylabel="depth (m)")
    fig.colorbar(im, ax=axes, label="velocity (m/s)")
    fig.savefig(sys.argv[2], dpi=120)
