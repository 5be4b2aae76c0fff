"""Time-domain 2D acoustics, (1/v^2) p_tt - lap p = s, on numpy arrays.

The same solver as `pairinv forward` and `pairinv fwi` (solvers/acoustic): finite differences of
order 2, 4 or 8 in space and 2 in time, a convolutional PML or a damping layer outside the
model, an optional free surface at row 0. The gradient is the exact adjoint of the discrete
scheme (dot-product and Taylor tests in pairinv's test suite and in tests/python).

Common arguments:
    v              velocity model [nz, nx] in m/s, float32 or float64, row 0 at the top
    dx, dz         cell size in m (dz defaults to dx)
    dt, nt         time step in s and number of steps (dt must be stable: ValueError otherwise)
    sources        integer array (nshots, 2) of [row, column]: one shot per source
    receivers      integer array (nreceivers, 2) of [row, column], shared by every shot
    f0, delay      Ricker wavelet peak frequency (Hz) and peak time (s; None: 1.5 / f0)
    wavelet        "ricker", "openfwi" (OpenFWI's windowed Ricker), or the nt samples of any
                   wavelet (float array)
    source_scaling "physical" (a point source of the PDE) or "openfwi" (adds (v dt)^2 w at the
                   source cell, OpenFWI's convention)
    order          2, 4 or 8
    boundary       "pml" or "damping"; pml_width cells wide, on absorbing_sides
                   ("top,bottom,left,right", any subset, or "none")
    free_surface   p = 0 at row 0 (then "top" must not absorb)
    record_every   keep every k-th time step in the data
    precision      "double" or "single": the arithmetic of the time stepping (single: about 2x
                   faster where memory-bound, relative error about 1e-6; data stay float64)
    stored_precision  "solver" or "single": the wavefield a gradient stores (single under double
                   stepping: half the memory; lossy, about 1e-8 relative in the gradient)
    boundary_velocity  the velocity that sets the absorbing layer's profile; None: from the
                   model (its maximum for the PML, minimum for damping), as `pairinv forward`.
                   Give a number whenever gradients are compared with finite differences or
                   used in an inversion: the profile then does not move with v.

Data are [shot, time, receiver], nt / record_every samples per trace; sample j is the field
after step j * record_every + 1.

OpenFWI's forward model on a 70 x 70 model of 10 m cells, as `pairinv forward -acoustic_preset
openfwi` (bench/python_overhead.py checks that both give the same bits): boundary="damping",
pml_width=120, wavelet="openfwi", source_scaling="openfwi", f0=15, dt=1e-3, nt=1000, sources at
row 1 in columns 0, 17, 34, 52, 69, receivers at row 1 in every column.
"""
import numpy as np

from . import _pairinv

_DEFAULTS = dict(dz=None, f0=10.0, delay=None, wavelet="ricker", source_scaling="physical", order=4, boundary="pml", pml_width=20,
                 absorbing_sides="top,bottom,left,right", free_surface=False, record_every=1,
                 boundary_velocity=None, precision="double",
                 stored_precision="solver")


def _settings(dx, dt, nt, sources, receivers, options):
    unknown = set(options) - set(_DEFAULTS)
    if unknown:
        raise TypeError(f"unknown argument(s) {sorted(unknown)}; the settings are {sorted(_DEFAULTS)}")
    s = dict(_DEFAULTS)
    s.update(options)
    s.update(dx=float(dx), dt=float(dt), nt=int(nt), sources=np.asarray(sources), receivers=np.asarray(receivers))
    if not isinstance(s["wavelet"], str):
        s["wavelet"] = np.asarray(s["wavelet"])
    return s


def forward(v, dx, dt, nt, sources, receivers, **options):
    """Data [shot, time, receiver] (float64) of the velocity model v [nz, nx]."""
    return _pairinv.acoustic.forward(np.asarray(v), _settings(dx, dt, nt, sources, receivers, options))


def misfit_and_gradient(v, observed, dx, dt, nt, sources, receivers, **options):
    """(J, dJ/dv) for J = 1/2 sum (F(v) - observed)^2 over every shot, time and receiver;
    observed is [shot, time, receiver]. dJ/dv is [nz, nx] in the units of J per m/s."""
    s = _settings(dx, dt, nt, sources, receivers, options)
    return _pairinv.acoustic.misfit_and_gradient(np.asarray(v), np.asarray(observed), s)


def born_forward(v, dv, dx, dt, nt, sources, receivers, **options):
    """J dv: the linearised (Born) data [shot, time, receiver] at v for the model perturbation
    dv [nz, nx] (m/s), the derivative of forward(v + h dv) in h at h = 0."""
    s = _settings(dx, dt, nt, sources, receivers, options)
    return _pairinv.acoustic.born_forward(np.asarray(v), np.asarray(dv), s)


def born_adjoint(v, residual, dx, dt, nt, sources, receivers, **options):
    """J^T r: the adjoint of the linearised forward map at v (the Jacobian dF/dv) applied to the
    data-space array r [shot, time, receiver]; [nz, nx]."""
    s = _settings(dx, dt, nt, sources, receivers, options)
    return _pairinv.acoustic.born_adjoint(np.asarray(v), np.asarray(residual), s)
