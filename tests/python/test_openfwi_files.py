"""OpenFWI's .npy files -> pairinv openfwi -> pairinv train -> pairinv estimate (on 2 ranks), on the
tiny file pair shipped in tests/data (docs/survey_format.md, "OpenFWI interop")."""
import pathlib
import subprocess

import numpy as np

import pairinv
from conftest import CLEAN_ENV

DATA = pathlib.Path(__file__).resolve().parents[1] / "data"


def run(cmd):
    r = subprocess.run(cmd, capture_output=True, text=True, env=CLEAN_ENV, timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    return r


def test_openfwi_files_import_train_and_estimate(tmp_path, pairinv_exe, mpiexec):
    data, model = DATA / "openfwi_tiny_data1.npy", DATA / "openfwi_tiny_model1.npy"
    run([pairinv_exe, "openfwi", "-openfwi_data", str(data), "-openfwi_model", str(model), "-acoustic_nt", "100",
         "-output", str(tmp_path / "s.h5")])
    survey = pairinv.read_survey(tmp_path / "s.h5")
    assert np.array_equal(survey["data"], np.load(data)) and np.array_equal(survey["models"], np.load(model))
    assert survey["attributes"]["family"] == "openfwi-import" and survey["attributes"]["dx"] == 10.0
    run([pairinv_exe, "train", "-input", str(tmp_path / "s.h5"), "-output", str(tmp_path / "run"), "-pae_preset", "tiny",
         "-pae_threads", "1", "-pae_time_stride", "4"])
    run([mpiexec, "-n", "2", pairinv_exe, "estimate", "-run", str(tmp_path / "run"), "-input", str(tmp_path / "s.h5"),
         "-output", str(tmp_path / "est.h5"), "-pae_threads", "1"])
    est = pairinv.read_estimates(tmp_path / "est.h5")
    q = est["estimates"]
    assert q.shape == (6, 1, 70, 70) and np.isfinite(q).all()
    # Physical units: within the training models' range, widened by a tenth for the tanh output.
    lo, hi = np.load(model).min(), np.load(model).max()
    assert q.min() >= lo - 0.1 * (hi - lo) and q.max() <= hi + 0.1 * (hi - lo)
    assert np.array_equal(est["sample_index"], np.arange(6)) and np.isfinite(est["model_error"]).all()
