"""pairinv.Run: a tiny run of `pairinv train` in Python, against `pairinv estimate`."""
import subprocess

import numpy as np
import pytest

import pairinv

TINY = ["-family_nz", "25", "-family_nx", "30", "-acoustic_nt", "150", "-acoustic_pml_width", "10"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory, pairinv_exe):
    """A survey of 24 samples, a tiny run trained on it, and pairinv estimate's file of it."""
    d = tmp_path_factory.mktemp("run")
    def pairinv_cli(*args):
        subprocess.run([pairinv_exe, *args], check=True, capture_output=True)
    pairinv_cli("survey", "-survey_family", "flatvel", "-survey_samples", "24", "-output", str(d / "s.h5"), *TINY)
    pairinv_cli("train", "-input", str(d / "s.h5"), "-output", str(d / "run"), "-pae_preset", "tiny", "-pae_epochs", "6",
                "-pae_threads", "1")
    pairinv_cli("estimate", "-run", str(d / "run"), "-input", str(d / "s.h5"), "-output", str(d / "est.h5"))
    return d, pairinv.Run(d / "run", threads=1)


def test_estimate_matches_pairinv_estimate(trained):
    d, run = trained
    survey, est = pairinv.read_survey(d / "s.h5"), pairinv.read_estimates(d / "est.h5")
    assert survey["data"].shape == (24, 5, 150, 30) and est["estimates"].shape == (24, 1, 25, 30)
    out = run.estimate(survey["data"])
    assert out["estimate"].shape == (24, 25, 30)
    np.testing.assert_allclose(out["estimate"], est["estimates"][:, 0], rtol=1e-5, atol=1e-5 * np.abs(out["estimate"]).max())
    for score in ("rre", "rma", "pca_residual"):
        np.testing.assert_allclose(out[score], est[score], rtol=1e-4, err_msg=score)
    np.testing.assert_allclose(out["flag_statistic"], est["flag_statistic"], rtol=1e-4, atol=1e-6)
    assert np.array_equal(out["flagged"], est["ood"] == 1)
    one = run.estimate(survey["data"][3])
    assert one["estimate"].shape == (25, 30) and isinstance(one["rre"], float) and isinstance(one["flagged"], bool)


def test_decoder_maps_for_latent_space_inversion(trained):
    d, run = trained
    b = pairinv.read_survey(d / "s.h5")["data"][5]
    z = run.estimate_latent(b)
    assert z.shape == (run.latent_size,) and run.encode_data(b).ndim == 1
    q = run.decode(z)
    np.testing.assert_allclose(q, run.estimate(b)["estimate"], rtol=1e-4)  # float64 decoder against float32 network
    rng = np.random.default_rng(1)
    dz, g = rng.standard_normal(z.shape), rng.standard_normal(q.shape)
    h = 1e-5
    fd = np.sum((run.decode(z + h * dz) - run.decode(z - h * dz)) / (2 * h) * g)
    assert np.sum(run.decode_vjp(z, g) * dz) == pytest.approx(fd, rel=1e-6)
    assert run.encode_model(q).shape == z.shape


def test_bad_input(trained, tmp_path):
    d, run = trained
    b = pairinv.read_survey(d / "s.h5")["data"][0]
    with pytest.raises(ValueError, match="shots"):
        run.estimate(b[:4])
    with pytest.raises(ValueError, match="time samples"):
        run.estimate_latent(b[:, :100])
    bad = b.copy()
    bad[0, 0, 0] = np.nan
    with pytest.raises(ValueError, match="non-finite"):
        run.estimate(bad)
    with pytest.raises(ValueError):
        pairinv.Run(tmp_path / "no_such_run")
