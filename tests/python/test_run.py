"""pairinv.Run: a tiny run of `pairinv train` in Python, against `pairinv estimate`; its
checkpoints read into numpy; estimates spread over two MPI ranks."""
import os
import subprocess
import sys

import numpy as np
import pytest

import pairinv
from conftest import CLEAN_ENV

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
        run.estimate_latent(np.ascontiguousarray(b[:, :100]))
    with pytest.raises(ValueError, match="the data b is not contiguous"):
        run.estimate(b[:, ::2])
    bad = b.copy()
    bad[0, 0, 0] = np.nan
    with pytest.raises(ValueError, match="non-finite"):
        run.estimate(bad)
    with pytest.raises(ValueError):
        pairinv.Run(tmp_path / "no_such_run")


def test_checkpoints_read_into_numpy_as_torch_reads_them(trained):
    torch = pytest.importorskip("torch")
    d, _ = trained
    for name in ("best.pt", "checkpoint.pt"):
        c = pairinv.read_checkpoint(d / "run" / name)
        saved = torch.jit.load(str(d / "run" / name))  # PyTorch's own reader of the archive
        params = {k: v.detach().numpy() for k, v in saved.network.named_parameters()}
        buffers = {k: v.numpy() for k, v in saved.network.named_buffers()}
        assert sorted(c["parameters"]) == sorted(params) and sorted(c["buffers"]) == sorted(buffers)
        for k, v in c["parameters"].items():
            assert v.dtype == np.float32 and np.array_equal(v, params[k]), k
        for k, v in c["buffers"].items():
            assert v.dtype == buffers[k].dtype and np.array_equal(v, buffers[k]), k
        assert c["model_shape"] == (1, 25, 30) and c["data_shape"] == (5, 150, 30)
        assert c["options"]["epochs"] == 6 and c["options"]["architecture"] == "paired"
        split = c["split"]
        assert sorted(np.concatenate([split["train"], split["validation"], split["test"]]).tolist()) == list(range(24))
        assert ("training" in c) == (name == "checkpoint.pt") and ("optimizer" in c) == (name == "checkpoint.pt")
    t, opt = c["training"], c["optimizer"]
    epochs, steps = t["next_epoch"], -(-split["train"].size // c["options"]["batch_size"])
    assert epochs == 6 and np.array_equal(t["history"]["epoch"], np.arange(1, 7))
    log = np.genfromtxt(d / "run" / "log.csv", delimiter=",", names=True)
    np.testing.assert_array_equal(t["history"]["val_total"], log["val_total"])
    assert t["best_validation_loss"] == pytest.approx(t["history"]["val_total"].min(), rel=1e-6)
    for k, p in c["parameters"].items():
        assert opt[k + ".step"] == epochs * steps, k
        assert opt[k + ".exp_avg"].shape == p.shape and (opt[k + ".exp_avg_sq"] >= 0).all()
    with pytest.raises(ValueError, match="is a folder"):
        pairinv.read_checkpoint(d / "run")
    with pytest.raises(ValueError, match="not a readable pairinv network file"):
        pairinv.read_checkpoint(d / "s.h5")


MPI_SCRIPT = """
import sys
sys.path.insert(0, {pydir!r})
from mpi4py import MPI
import numpy as np
import pairinv
run, b = pairinv.Run({run!r}, threads=1), np.load({data!r})
rank = MPI.COMM_WORLD.rank
for name, batch in (("all", b), ("one", b[:1])):  # one sample: rank 1 estimates nothing
    out = run.estimate(batch)
    np.savez({out!r} + "/%s%d.npz" % (name, rank), **{{k: v for k, v in out.items() if v is not None}})
try:
    run.estimate(b[:, :4] if rank == 0 else b)  # bad on rank 0 only: every rank must raise
except ValueError as e:
    open({out!r} + "/error%d.txt" % rank, "w").write(str(e))
"""


def test_estimate_spreads_samples_over_two_ranks(trained, tmp_path, mpiexec):
    d, run = trained
    b = pairinv.read_survey(d / "s.h5")["data"]
    np.save(tmp_path / "b.npy", b)
    script = tmp_path / "estimate_two_ranks.py"
    script.write_text(MPI_SCRIPT.format(pydir=os.environ["PAIRINV_PYTHON_DIR"], run=str(d / "run"),
                                        data=str(tmp_path / "b.npy"), out=str(tmp_path)))
    r = subprocess.run([mpiexec, "-n", "2", sys.executable, str(script)], capture_output=True, text=True, env=CLEAN_ENV,
                       timeout=300)
    assert r.returncode == 0, r.stdout + r.stderr
    for name, batch in (("all", b), ("one", b[:1])):
        one = run.estimate(batch)
        for rank in (0, 1):
            two = np.load(tmp_path / f"{name}{rank}.npz")
            assert sorted(two.files) == sorted(k for k, v in one.items() if v is not None)
            assert np.array_equal(two["flagged"], one["flagged"])
            for k in two.files:  # float32 network: batches of other sizes may take other BLAS paths
                np.testing.assert_allclose(two[k], one[k], rtol=1e-6, atol=1e-6 * np.abs(one[k]).max(), err_msg=k)
    for rank in (0, 1):
        assert "shots" in (tmp_path / f"error{rank}.txt").read_text()
