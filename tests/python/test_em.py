"""pairinv.em: a half-space against theory, the bits of `pairinv forward -physics em`, the Taylor
and dot-product tests, torch.autograd.gradcheck of pairinv.torch.em, bad input."""
import subprocess

import numpy as np
import pytest
import torch

import pairinv

FREQS = [0.1, 1.0, 10.0]
REC = np.array([[0.0, (i + 0.5) * 100.0] for i in range(30)])


def block_model():
    s = np.full((20, 30), 0.01)
    s[8:12, 10:20] = 0.1
    return s


def test_half_space_gives_its_resistivity_and_45_degrees():
    r = pairinv.em.forward(np.full((20, 30), 0.01), dx=100.0, frequencies=FREQS, receivers=REC)
    rho = pairinv.em.apparent_resistivity(r["impedance"], FREQS)
    phase = pairinv.em.phase_degrees(r["impedance"])
    assert r["impedance"].shape == (3, 1, 30) and r["data"].shape == (2, 3, 1, 30)
    np.testing.assert_allclose(rho[:, 0, 10:20], 100.0, rtol=0.01)  # 1 / 0.01 S/m, ohm-m
    np.testing.assert_allclose(phase[:, 0, 10:20], 45.0, atol=0.5)


def test_both_modes_as_apparent_resistivity_and_phase_under_air():
    """Both modes of a half-space under 3 rows of air: the data are log10(100 ohm m) and 45 degrees
    for TE (source 0) and TM (source 1) alike."""
    sigma = np.full((23, 30), 0.01)
    sigma[:3] = 1e-8
    rec = np.array([[300.0, (i + 0.5) * 100.0] for i in range(30)])  # on the earth's surface
    r = pairinv.em.forward(sigma, dx=100.0, frequencies=FREQS, receivers=rec, polarisation="both",
                           form="rhoa_phase")
    assert r["data"].shape == (2, 3, 2, 30)
    np.testing.assert_allclose(r["data"][0, :, :, 10:20], 2.0, atol=0.005)
    np.testing.assert_allclose(r["data"][1, :, :, 10:20], 45.0, atol=0.5)


def test_forward_has_the_bits_of_the_command_line(tmp_path, pairinv_exe):
    np.save(tmp_path / "sigma.npy", block_model())
    subprocess.run([pairinv_exe, "forward", "-physics", "em", "-model", str(tmp_path / "sigma.npy"), "-model_dx", "100",
                    "-em_frequencies", "0.1,1,10", "-output", str(tmp_path / "cli")], check=True, capture_output=True)
    cli = np.load(tmp_path / "cli" / "data.npy")
    data = pairinv.em.forward(block_model(), dx=100.0, frequencies=FREQS, receivers=REC)["data"]
    assert np.array_equal(data, cli)
    # The factorisation's ordering reaches the solver from both sides: other bits, same data.
    subprocess.run([pairinv_exe, "forward", "-physics", "em", "-model", str(tmp_path / "sigma.npy"), "-model_dx", "100",
                    "-em_frequencies", "0.1,1,10", "-em_ordering", "mumps", "-output", str(tmp_path / "mumps")],
                   check=True, capture_output=True)
    mumps = pairinv.em.forward(block_model(), dx=100.0, frequencies=FREQS, receivers=REC, ordering="mumps")["data"]
    assert np.array_equal(mumps, np.load(tmp_path / "mumps" / "data.npy")) and not np.array_equal(mumps, data)
    np.testing.assert_allclose(mumps, data, rtol=0, atol=1e-12 * np.abs(data).max())


FIXED = dict(dx=100.0, frequencies=FREQS, receivers=REC, air_height=30000.0, pad_distance=20000.0,
             form="logamp_phase")


def test_gradient_passes_the_taylor_test():
    observed = pairinv.em.forward(block_model(), **FIXED)["data"]
    s0 = np.full((20, 30), 0.02)
    phi, g = pairinv.em.misfit_and_gradient(s0, observed, **FIXED)
    dm = np.random.default_rng(3).standard_normal(s0.shape) * 0.3  # a perturbation of ln sigma
    second = [abs(pairinv.em.misfit_and_gradient(s0 * np.exp(h * dm), observed, **FIXED)[0] - phi - h * np.sum(g * dm))
              for h in [0.1, 0.05, 0.025, 0.0125]]
    rates = [second[k] / second[k + 1] for k in range(3)]
    print("EM Taylor: second-order remainder falls by", rates)
    assert all(3.6 < q < 4.4 for q in rates)


def test_jacobian_passes_the_dot_product_test():
    rng = np.random.default_rng(11)
    s0 = block_model()
    dm = rng.standard_normal(s0.shape)
    w = rng.standard_normal((2, 3, 1, 30))
    lhs = np.sum(pairinv.em.jacobian_apply(s0, dm, **FIXED) * w)
    rhs = np.sum(dm * pairinv.em.jacobian_adjoint(s0, w, **FIXED))
    assert lhs == pytest.approx(rhs, rel=1e-10)


def test_torch_em_passes_gradcheck_in_double():
    tiny = dict(dx=100.0, frequencies=[0.5, 2.0], receivers=np.array([[0.0, 150.0], [0.0, 350.0], [0.0, 550.0]]),
                air_height=30000.0, pad_distance=20000.0)
    sigma = torch.tensor(np.full((5, 7), 0.01) * np.exp(np.random.default_rng(2).uniform(-1, 1, (5, 7))),
                         dtype=torch.float64, requires_grad=True)
    # eps 1e-7 (relative 1e-5): central differences then agree with the adjoint to 5e-9 of the largest
    # entry (1.2); at 1e-9 the solves' rounding dominates.
    assert torch.autograd.gradcheck(lambda s: pairinv.torch.em(s, **tiny), (sigma,), eps=1e-7, atol=1e-7, rtol=1e-4)


BAD = {
    "a negative frequency": (dict(frequencies=[-1.0, 1.0]), "frequenc"),
    "NaN conductivity": (dict(sigma=np.where(np.eye(20, 30) > 0, np.nan, 0.01)), "non-finite"),
    "zero conductivity": (dict(sigma=np.zeros((20, 30))), "conductivity"),
    "an unknown polarisation": (dict(polarisation="x"), "polarisation"),
    "line sources without positions": (dict(source="line"), "line_sources"),
    "line_sources with MT": (dict(line_sources=[[0.0, 100.0]]), "line_sources"),
    "receivers of shape (30,)": (dict(receivers=REC[:, 1]), "2 dimensions"),
    "a stretch of 5": (dict(stretch=5.0), "stretch"),
    "refinement 0": (dict(refinement=0), "refinement"),
    "an ordering this MUMPS lacks": (dict(ordering="metis"), "ordering = 'metis' is not one of"),
    "H-pol over air cells": (dict(polarisation="h", sigma=np.vstack([np.full((2, 30), 1e-8), np.full((18, 30), 0.01)])),
                             "air"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_input_raises_value_error(name):
    change, text = BAD[name]
    args = dict(sigma=np.full((20, 30), 0.01), dx=100.0, frequencies=FREQS, receivers=REC)
    args.update(change)
    with pytest.raises(ValueError, match=text):
        pairinv.em.forward(**args)


def test_integer_positions_are_metres():
    ints = np.array([[0, (i + 0.5) * 100.0] for i in range(30)]).astype(np.int64)
    a = pairinv.em.forward(block_model(), dx=100.0, frequencies=FREQS, receivers=ints)["data"]
    b = pairinv.em.forward(block_model(), dx=100.0, frequencies=FREQS, receivers=ints.astype(float))["data"]
    assert np.array_equal(a, b)


def test_observed_data_of_another_shape():
    with pytest.raises(ValueError, match=r"\[part, frequency, source, receiver\]"):
        pairinv.em.misfit_and_gradient(block_model(), np.zeros((2, 3, 30)), **FIXED)
