"""pairinv.acoustic: the bits of `pairinv forward`, the misfit, the Taylor and dot-product tests."""
import subprocess

import numpy as np
import pytest

import pairinv
from conftest import layered_model


def test_forward_has_the_bits_of_the_command_line(tmp_path, acq, pairinv_exe):
    v = layered_model()
    np.save(tmp_path / "v.npy", v)
    subprocess.run([pairinv_exe, "forward", "-model", str(tmp_path / "v.npy"), "-model_dx", "10", "-acoustic_dt", "1e-3",
                    "-acoustic_nt", "300", "-acoustic_f0", "15", "-acoustic_src_ix", "8,30", "-acoustic_src_iz", "1",
                    "-output", str(tmp_path / "cli")], check=True, capture_output=True)
    d = pairinv.acoustic.forward(v, **acq)
    cli = np.load(tmp_path / "cli" / "data.npy")  # float32, OpenFWI's layout
    assert d.shape == (2, 300, 40) and d.dtype == np.float64
    assert cli.dtype == np.float32 and np.array_equal(d.astype(np.float32), cli)


def test_float32_models_are_read_as_float64(acq):
    v = layered_model().astype(np.float32)
    assert np.array_equal(pairinv.acoustic.forward(v, **acq), pairinv.acoustic.forward(v.astype(np.float64), **acq))


def test_models_and_data_cross_without_copies_where_the_layout_allows(acq, fixed):
    from pairinv import _pairinv
    v = layered_model()
    wide = np.full((30, 47), -1.0)  # the model in the first 40 columns; the rest is not a model
    wide[:, :40] = v
    strided = wide[:, :40]
    assert _pairinv._reads_in_place(v) and _pairinv._reads_in_place(strided)
    assert not _pairinv._reads_in_place(v.astype(np.float32))  # converted to float64 once
    d = pairinv.acoustic.forward(v, **acq)
    assert np.array_equal(pairinv.acoustic.forward(strided, **acq), d)
    # Results are handed over, not copied: the array owns no buffer of its own but holds the solver's.
    assert not d.flags.owndata and type(d.base).__name__ == "PyCapsule" and d.flags.writeable
    observed = pairinv.acoustic.forward(1.02 * v, **fixed)
    J, g = pairinv.acoustic.misfit_and_gradient(v, observed, **fixed)
    J2, g2 = pairinv.acoustic.misfit_and_gradient(strided, observed.copy(), **fixed)
    assert J2 == J and np.array_equal(g2, g) and not g.flags.owndata


@pytest.fixture(scope="module")
def problem(fixed):
    v = layered_model()
    observed = pairinv.acoustic.forward(v, **fixed)
    v0 = v + 60.0 * np.exp(-((np.mgrid[0:30, 0:40][1] - 12) ** 2) / 30.0)
    return v0, observed


def test_misfit_is_half_the_squared_residual(problem, fixed):
    v0, observed = problem
    J, g = pairinv.acoustic.misfit_and_gradient(v0, observed, **fixed)
    assert g.shape == v0.shape
    assert J == pytest.approx(0.5 * np.sum((pairinv.acoustic.forward(v0, **fixed) - observed) ** 2), rel=1e-12)


def test_gradient_passes_the_taylor_test(problem, fixed):
    v0, observed = problem
    J, g = pairinv.acoustic.misfit_and_gradient(v0, observed, **fixed)
    dv = np.random.default_rng(5).standard_normal(v0.shape) * 20.0
    first, second = [], []
    for h in [0.125, 0.0625, 0.03125, 0.015625]:
        Jh = pairinv.acoustic.misfit_and_gradient(v0 + h * dv, observed, **fixed)[0]
        first.append(abs(Jh - J))
        second.append(abs(Jh - J - h * np.sum(g * dv)))
    rates = [second[k] / second[k + 1] for k in range(3)]
    print("Taylor: second-order remainder falls by", rates)
    assert all(3.6 < q < 4.4 for q in rates)  # O(h^2): 4 per halving
    assert 1.8 < first[-2] / first[-1] < 2.2  # O(h): 2 per halving


def test_born_operators_pass_the_dot_product_test(problem, fixed):
    v0, observed = problem
    rng = np.random.default_rng(7)
    dm, r = rng.standard_normal(v0.shape), rng.standard_normal(observed.shape)
    lhs = np.sum(pairinv.acoustic.born_forward(v0, dm, **fixed) * r)
    rhs = np.sum(dm * pairinv.acoustic.born_adjoint(v0, r, **fixed))
    assert lhs == pytest.approx(rhs, rel=1e-12)


def test_warnings_are_python_warnings(acq):
    with pytest.warns(RuntimeWarning, match="grid is coarse"):
        pairinv.acoustic.forward(layered_model(), **dict(acq, f0=60.0))


def test_single_precision_matches_the_command_line_and_double(tmp_path, acq, pairinv_exe):
    v = layered_model()
    np.save(tmp_path / "v.npy", v)
    subprocess.run([pairinv_exe, "forward", "-model", str(tmp_path / "v.npy"), "-model_dx", "10", "-acoustic_dt", "1e-3",
                    "-acoustic_nt", "300", "-acoustic_f0", "15", "-acoustic_src_ix", "8,30", "-acoustic_src_iz", "1",
                    "-acoustic_precision", "single", "-output", str(tmp_path / "cli")], check=True, capture_output=True)
    single = pairinv.acoustic.forward(v, precision="single", **acq)
    double = pairinv.acoustic.forward(v, **acq)
    assert np.array_equal(single.astype(np.float32), np.load(tmp_path / "cli" / "data.npy"))
    error = np.linalg.norm(single - double) / np.linalg.norm(double)
    assert 0 < error < 1e-5  # float arithmetic, float round-off
    with pytest.raises(ValueError, match="precision"):
        pairinv.acoustic.forward(v, precision="half", **acq)
