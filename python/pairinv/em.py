"""Frequency-domain 2D electromagnetics on numpy arrays: magnetotellurics and line sources.

The same solver as `pairinv forward -physics em` and EM FWI (solvers/em): E-polarisation (TE,
E_y along strike, with an air layer) or H-polarisation (TM, H_y, plane waves only), finite
volumes on a mesh padded outwards by `pad_skin_depths`, MUMPS factorisations reused for every
source and for the adjoint. Gradients are the exact adjoint of the discretisation, with respect
to ln sigma (as EM FWI inverts it).

Common arguments:
    sigma          conductivity model [nz, nx] in S/m, row 0 at the top
    dx, dz         cell size in m (dz defaults to dx)
    frequencies    1D array of frequencies in Hz
    receivers      float array (n, 2) of [z, x] in m: z the depth below the model's top edge
                   (negative in the air), x from its left edge
    polarisation   "e" (TE), "h" (TM) or "both" (MT in both modes: source 0 TE, source 1 TM;
                   TM starts below the model's top rows of air)
    source         "mt" (a plane wave from above) or "line" (line currents along y at
                   line_sources, (n, 2) [z, x] in m, each of `current` A)
    datum, form    what the real data and the misfit use: "impedance" (MT) or "field", as
                   "realimag" (Re, Im), "logamp_phase" (ln|d|, arg d in radians) or
                   "rhoa_phase" (impedances: log10 apparent resistivity in ohm m, phase in
                   degrees)
    air, air_conductivity, air_height   the air layer above the model (E-pol; air_height None:
                   automatic)
    pad_skin_depths, pad_distance, stretch, refinement   the padded mesh (pad_distance None:
                   pad_skin_depths skin depths at the lowest frequency)
    Give air_height and pad_distance as numbers whenever gradients are compared with finite
    differences or used in an inversion: the mesh then does not move with sigma.
    ordering       MUMPS's fill-reducing ordering: "auto" (AMF below 1.3e6 unknowns, else MUMPS's
                   own choice, the faster as measured), "mumps", "amf", "amd", "qamd"

Complex data are [frequency, source, receiver] (MT: one source); real data are [part,
frequency, source, receiver] with part 0 the real part or ln|d| and part 1 the imaginary part or
the phase. apparent_resistivity() and phase_degrees() turn impedances into ohm-m and degrees.
"""
import numpy as np

from . import _pairinv

MU0 = 4e-7 * np.pi

_DEFAULTS = dict(dz=None, polarisation="e", source="mt", line_sources=None, current=1.0, datum="impedance",
                 form="realimag", air=True, air_conductivity=1e-8, air_height=None, pad_skin_depths=6.0,
                 pad_distance=None, stretch=1.2, refinement=1, ordering="auto")


def _settings(dx, frequencies, receivers, options):
    unknown = set(options) - set(_DEFAULTS)
    if unknown:
        raise TypeError(f"unknown argument(s) {sorted(unknown)}; the settings are {sorted(_DEFAULTS)}")
    s = dict(_DEFAULTS)
    s.update(options)
    s.update(dx=float(dx), frequencies=np.atleast_1d(np.asarray(frequencies, dtype=float)),
             receivers=np.asarray(receivers))
    if s["line_sources"] is not None:
        s["line_sources"] = np.asarray(s["line_sources"])
    return s


def forward(sigma, dx, frequencies, receivers, **options):
    """A dict of "field" (E_y or H_y), "secondary" (H_x or E_x) and "impedance" (MT; None for line
    sources), complex [frequency, source, receiver], and "data", the real data of datum and form
    [part, frequency, source, receiver]."""
    return _pairinv.em.forward(np.asarray(sigma), _settings(dx, frequencies, receivers, options))


def misfit_and_gradient(sigma, observed, dx, frequencies, receivers, weights=None, **options):
    """(phi, d phi / d ln sigma) for phi = 1/2 sum (W (g(d(sigma)) - observed))^2 over the real
    data [part, frequency, source, receiver]; weights W of the same shape (None: 1). The phase
    residual of "logamp_phase" is wrapped to (-pi, pi], that of "rhoa_phase" to (-180, 180]."""
    s = _settings(dx, frequencies, receivers, options)
    w = None if weights is None else np.asarray(weights)
    return _pairinv.em.misfit_and_gradient(np.asarray(sigma), np.asarray(observed), w, s)


def jacobian_apply(sigma, dm, dx, frequencies, receivers, **options):
    """J dm: the derivative of the real data along the perturbation dm [nz, nx] of ln sigma."""
    s = _settings(dx, frequencies, receivers, options)
    return _pairinv.em.jacobian_apply(np.asarray(sigma), np.asarray(dm), s)


def jacobian_adjoint(sigma, w, dx, frequencies, receivers, **options):
    """J^T w: the adjoint of the real data's Jacobian in ln sigma applied to w [part, frequency,
    source, receiver]; [nz, nx]."""
    s = _settings(dx, frequencies, receivers, options)
    return _pairinv.em.jacobian_adjoint(np.asarray(sigma), np.asarray(w), s)


def apparent_resistivity(impedance, frequencies):
    """|Z|^2 / (omega mu0) in ohm-m, for impedances [frequency, ...]."""
    omega = 2 * np.pi * np.asarray(frequencies, dtype=float).reshape((-1,) + (1,) * (np.ndim(impedance) - 1))
    return np.abs(impedance) ** 2 / (omega * MU0)


def phase_degrees(impedance):
    """The impedance phase in degrees (45 over a half-space)."""
    return np.degrees(np.angle(impedance))
