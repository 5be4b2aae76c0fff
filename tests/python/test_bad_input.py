"""Bad input raises ValueError (TypeError for an unknown argument) naming the problem; nothing crashes."""
import numpy as np
import pytest

import pairinv
from conftest import layered_model

V = layered_model()
NAN = V.copy()
NAN[3, 4] = np.nan
CASES = {
    "NaN in the model": (dict(v=NAN), "non-finite"),
    "negative velocities": (dict(v=-V), "velocity model"),
    "a 3D model": (dict(v=V[None]), "2 dimensions"),
    "an integer model": (dict(v=V.astype(np.int32)), "floating-point"),
    "a model of strings": (dict(v=np.array([["a"]])), "floating-point"),
    "an unstable dt": (dict(dt=0.01), "unstable"),
    "a source outside the grid": (dict(sources=np.array([[1, 99]])), "outside"),
    "float source positions": (dict(sources=np.array([[1.0, 2.0]])), "integer"),
    "sources of shape (2,)": (dict(sources=np.array([1, 2])), r"shape \(n, 2\)"),
    "an unknown boundary": (dict(boundary="sponge"), "sponge"),
    "an unknown wavelet": (dict(wavelet="gabor"), "gabor"),
    "a wavelet of the wrong length": (dict(wavelet=np.zeros(10)), "nt = 300"),
    "order 6": (dict(order=6), "order"),
    "a free surface under an absorbing top": (dict(free_surface=True), "free_surface conflicts"),
    "zero cell size": (dict(dx=0.0), "dx"),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_settings_raise_value_error(name, acq):
    change, text = CASES[name]
    args = dict(acq, v=V)
    args.update(change)
    with pytest.raises(ValueError, match=text):
        pairinv.acoustic.forward(**args)


def test_non_contiguous_arrays_raise_value_error_naming_the_strides(acq, fixed):
    stepped = np.repeat(V, 2, axis=1)[:, ::2]  # V's values, every other one of a row
    for bad in (stepped, np.asfortranarray(V), V[::-1]):
        with pytest.raises(ValueError, match=r"the velocity model v is not contiguous in memory \(strides"):
            pairinv.acoustic.forward(bad, **acq)
    observed = pairinv.acoustic.forward(V, **fixed)
    with pytest.raises(ValueError, match=r"observed is not contiguous.*ascontiguousarray"):
        pairinv.acoustic.misfit_and_gradient(V, np.asfortranarray(observed), **fixed)
    with pytest.raises(ValueError, match="not contiguous"):
        pairinv.acoustic.forward(V, **dict(acq, wavelet=np.zeros(600)[::2]))
    # A column slice has each row's values adjacent: read in place.
    assert np.array_equal(pairinv.acoustic.forward(np.repeat(V, 2, axis=1)[:, :40], **acq),
                          pairinv.acoustic.forward(np.repeat(V, 2, axis=1)[:, :40].copy(), **acq))


def test_observed_data_of_another_shape(fixed):
    observed = pairinv.acoustic.forward(V, **fixed)
    with pytest.raises(ValueError, match=r"\(2, 300, 40\)"):
        pairinv.acoustic.misfit_and_gradient(V, observed[:, :-1], **fixed)


def test_unknown_argument_is_a_type_error(acq):
    with pytest.raises(TypeError, match="frequency"):
        pairinv.acoustic.forward(V, **dict(acq, frequency=5.0))
