"""Data-parallel training (`mpiexec -n N pairinv train`, learning/trainer.hpp): the loss curve of
2 ranks against 1 for the same global batch, bit-identical reruns, resuming on another rank
count, and bad input that stops every rank with exit 2."""
import csv
import subprocess

import numpy as np
import pytest

import pairinv
from conftest import CLEAN_ENV

# 41 samples: 25 training (batches of 8, 8, 8 and 1: rank 1 has no part of the last one),
# 8 validation, 8 test.
SURVEY = ["-survey_family", "flatvel", "-survey_samples", "41", "-family_nz", "25", "-family_nx", "24",
          "-acoustic_nt", "120", "-acoustic_pml_width", "8"]
# -pae_ls_rcond 0.1: the least-squares maps that start training are then well conditioned. With
# the default 1e-5, this 25-sample fit of M_dag amplifies round-off about 1000-fold: one process
# changes its losses by 1e-3 when batch norm's statistics are merely computed by another formula.
TRAIN = ["-pae_preset", "tiny", "-pae_threads", "1", "-pae_batch_size", "8", "-pae_epochs", "3", "-pae_ls_rcond", "0.1"]
# Float32 round-off: one process on 1 and on 2 threads differs by up to 4e-6 here.
RTOL = 2e-5
TIMING = ("seconds", "samples_per_s", "load_fraction")


def train(pairinv_exe, mpiexec, ranks, survey, out, *extra):
    cmd = [pairinv_exe, "train", "-input", str(survey), "-output", str(out), *TRAIN, *extra]
    if ranks > 1:
        cmd = [mpiexec, "-n", str(ranks), *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, env=CLEAN_ENV, timeout=300)


def trained(pairinv_exe, mpiexec, ranks, survey, out, *extra):
    r = train(pairinv_exe, mpiexec, ranks, survey, out, *extra)
    assert r.returncode == 0, r.stdout + r.stderr
    return r


def losses(run):
    """log.csv without its timing columns and the terms not computed (empty), as {column: array}."""
    log = np.genfromtxt(run / "log.csv", delimiter=",", names=True)
    columns = {k: np.atleast_1d(log[k]) for k in log.dtype.names if k not in TIMING}
    return {k: v for k, v in columns.items() if not np.isnan(v).all()}


@pytest.fixture(scope="module")
def runs(tmp_path_factory, pairinv_exe, mpiexec):
    d = tmp_path_factory.mktemp("dp")
    r = subprocess.run([pairinv_exe, "survey", *SURVEY, "-output", str(d / "s.h5")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    trained(pairinv_exe, mpiexec, 1, d / "s.h5", d / "one")
    two = trained(pairinv_exe, mpiexec, 2, d / "s.h5", d / "two")
    trained(pairinv_exe, mpiexec, 2, d / "s.h5", d / "two_again")
    return d, two


def test_two_ranks_follow_the_single_process_loss_curve(runs):
    d, two = runs
    one, dp = losses(d / "one"), losses(d / "two")
    assert np.array_equal(one["epoch"], [1, 2, 3]) and np.array_equal(dp["epoch"], [1, 2, 3])
    for k in one:
        # Float32 sums in another order (batch norm's statistics, the gradients): round-off only.
        np.testing.assert_allclose(dp[k], one[k], rtol=RTOL, atol=1e-9, err_msg=k)
    assert "on each of 2 ranks" in two.stderr + two.stdout and "all-reduce" in two.stderr + two.stdout


def test_a_rank_count_reruns_to_the_bit(runs):
    d, _ = runs
    a, b = losses(d / "two"), losses(d / "two_again")
    for k in a:
        assert np.array_equal(a[k], b[k]), k
    ca, cb = pairinv.read_checkpoint(d / "two" / "checkpoint.pt"), pairinv.read_checkpoint(d / "two_again" / "checkpoint.pt")
    for k, v in ca["parameters"].items():
        assert np.array_equal(v, cb["parameters"][k]), k
    for k, v in ca["buffers"].items():
        assert np.array_equal(v, cb["buffers"][k]), k


def test_a_run_of_two_ranks_resumes_on_one_and_the_reverse(runs, pairinv_exe, mpiexec, tmp_path):
    d, _ = runs
    for first, then, reference in ((2, 1, "two"), (1, 2, "one")):
        out = tmp_path / f"{first}to{then}"
        trained(pairinv_exe, mpiexec, first, d / "s.h5", out, "-pae_epochs", "2")
        resumed = trained(pairinv_exe, mpiexec, then, d / "s.h5", out)
        assert "resuming" in resumed.stderr + resumed.stdout
        log, ref = losses(out), losses(d / reference)
        assert np.array_equal(log["epoch"], [1, 2, 3])
        for k in log:
            assert np.array_equal(log[k][:2], ref[k][:2]), k  # the epochs of the first rank count
            np.testing.assert_allclose(log[k], ref[k], rtol=RTOL, atol=1e-9, err_msg=k)
        assert (out / "summary.txt").exists() and (out / "calibration.csv").exists()


def test_bad_input_stops_every_rank_with_exit_2(runs, pairinv_exe, mpiexec, tmp_path):
    d, _ = runs
    # More ranks than training samples.
    few = tmp_path / "few.h5"
    r = subprocess.run([pairinv_exe, "survey", *SURVEY[:2], "-survey_samples", "3", *SURVEY[4:], "-output", str(few)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = train(pairinv_exe, mpiexec, 2, few, tmp_path / "few")  # 1 training, 1 validation, 1 test sample
    assert r.returncode == 2 and "needs at least 2 training samples" in r.stderr, r.stderr
    assert not (tmp_path / "few").exists()
    # A batch smaller than the rank count.
    r = train(pairinv_exe, mpiexec, 2, d / "s.h5", tmp_path / "tiny_batch", "-pae_batch_size", "1")
    assert r.returncode == 2 and "smaller than the 2 ranks" in r.stderr, r.stderr
    # A checkpoint of another network preset.
    r = train(pairinv_exe, mpiexec, 2, d / "s.h5", d / "two", "-pae_preset", "quickstart", "-pae_epochs", "3")
    assert r.returncode == 2 and "is a run with other options" in r.stderr, r.stderr
    # A sample that only rank 1 reads (its part of the normalisation pass of a streamed survey)
    # holds a NaN: rank 0 too stops, with rank 1's message.
    h5py = pytest.importorskip("h5py")
    bad = tmp_path / "nan.h5"
    bad.write_bytes((d / "s.h5").read_bytes())
    with h5py.File(bad, "r+") as f:
        f["data"][20, 0, 5, 3] = np.nan
    r = train(pairinv_exe, mpiexec, 2, bad, tmp_path / "nan", "-pae_loading", "stream")
    assert r.returncode == 2 and "error: rank 1: survey" in r.stderr and "/data sample 20 holds nan" in r.stderr, r.stderr
    assert not (tmp_path / "nan" / "checkpoint.pt").exists()


def test_estimate_spreads_samples_over_two_ranks(runs, pairinv_exe, mpiexec, tmp_path):
    d, _ = runs
    est = {}
    for ranks in (1, 2):
        cmd = [pairinv_exe, "estimate", "-run", str(d / "one"), "-input", str(d / "s.h5"), "-pae_threads", "1",
               "-pae_png_samples", "0,40", "-output", str(tmp_path / f"est{ranks}.h5")]
        r = subprocess.run([mpiexec, "-n", "2", *cmd] if ranks > 1 else cmd, capture_output=True, text=True,
                           env=CLEAN_ENV, timeout=300)
        assert r.returncode == 0, r.stdout + r.stderr
        est[ranks] = pairinv.read_estimates(tmp_path / f"est{ranks}.h5")
        assert (tmp_path / f"est{ranks}_png" / "sample40.png").exists()
    assert est[2]["estimates"].shape == (41, 1, 25, 24)
    for k, v in est[1].items():
        if isinstance(v, np.ndarray) and v.dtype.kind == "f":
            # Batches of other sizes may take other BLAS paths: float32 round-off.
            np.testing.assert_allclose(est[2][k], v, rtol=1e-5, atol=1e-6 * np.abs(v).max(), err_msg=k)
    assert np.array_equal(est[2]["ood"], est[1]["ood"]) and np.array_equal(est[2]["sample_index"], np.arange(41))


def read_table(path, drop=("seconds",)):
    """A CSV of pairinv evaluate as {column: array} (numbers as floats), without the wall time."""
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    table = {}
    for k in rows[0] if rows else []:
        if k in drop:
            continue
        values = [r[k] for r in rows]
        try:
            table[k] = np.array([float(v) for v in values])
        except ValueError:
            table[k] = np.array(values)
    return table


def test_evaluate_spreads_samples_over_two_ranks(runs, pairinv_exe, mpiexec, tmp_path):
    d, _ = runs
    ood = tmp_path / "ood.h5"
    r = subprocess.run([pairinv_exe, "survey", *SURVEY[:2], "-survey_samples", "8", *SURVEY[4:], "-survey_family",
                        "curvefault", "-survey_seed", "5", "-output", str(ood)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    common = ["evaluate", "-run", str(d / "one"), "-input", str(d / "s.h5"), "-ood", str(ood), "-evaluate_samples", "3",
              "-evaluate_metric_samples", "8", "-evaluate_repair_samples", "3", "-lsi_iterations", "2",
              "-lsi_polish_iterations", "1", "-evaluate_fwi_iterations", "2"]
    for ranks in (1, 2):
        cmd = [pairinv_exe, *common, "-output", str(tmp_path / f"eval{ranks}")]
        r = subprocess.run([mpiexec, "-n", "2", *cmd] if ranks > 1 else cmd, capture_output=True, text=True,
                           env=CLEAN_ENV, timeout=600)
        assert r.returncode == 0, r.stdout + r.stderr
    for name in ("samples.csv", "quality.csv", "flagged_repair.csv"):
        one, two = read_table(tmp_path / "eval1" / name), read_table(tmp_path / "eval2" / name)
        assert sorted(one) == sorted(two), name
        for k, v in one.items():
            if v.dtype.kind == "f":
                # The same inversions on PETSC_COMM_SELF; the decoder on 1 LibTorch thread, not 2.
                np.testing.assert_allclose(two[k], v, rtol=1e-6, atol=1e-12, err_msg=f"{name}: {k}")
            else:
                assert np.array_equal(two[k], v), f"{name}: {k}"
    # Rank 1's samples ran in their own folders (sample 1, and every second flagged repair).
    assert (tmp_path / "eval2" / "runs" / "sample1" / "rows.txt").exists()
