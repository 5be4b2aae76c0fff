"""A trained run of `pairinv train` in Python, and pairinv's HDF5 files as numpy arrays.

    run = pairinv.Run("runs/quick")                 # loads best.pt, calibrates the run's flag
    out = run.estimate(b)                           # b [N, nshots, nsamples, nrec] or one sample
    out["estimate"], out["rre"], out["rma"], out["flagged"]
    z = run.estimate_latent(b[0])                   # z* = M_dag E_b(b), for your own LSI
    q = run.decode(z); dz = run.decode_vjp(z, dq)   # D_q(z) and J^T dq (physical units)

Raw data are [nshots, nsamples, nrec] at the survey's time sampling; the run's time stride and
normalisation are applied inside. Models come back in physical units [nz, nx]. estimate()
returns every quality score the run computes (rre, rma, data_error, latent_distance,
pca_residual), the flag's statistic and `flagged`, as `pairinv estimate` writes them.

Under mpiexec with mpi4py loaded, estimate() spreads the samples over the ranks: every rank
passes the same b, estimates its contiguous share, and gets the whole result.
read_checkpoint() reads best.pt or checkpoint.pt into numpy arrays.
"""
import sys

import numpy as np


class Run:
    def __init__(self, run_dir, device="cpu", threads=0):
        from . import _learning  # loads LibTorch only when a run is opened
        self._run = _learning.Run(str(run_dir), device, int(threads))

    data_shape = property(lambda self: tuple(self._run.data_shape), doc="[nshots, nt, nrec] the network takes")
    time_stride = property(lambda self: self._run.time_stride, doc="every time_stride-th sample is kept")
    model_shape = property(lambda self: tuple(self._run.model_shape), doc="(nz, nx)")
    flag = property(lambda self: self._run.flag, doc="the calibrated OOD flag, described")
    latent_size = property(lambda self: self._run.latent_size, doc="the model latent's size (paired runs)")

    def estimate(self, b, comm=None):
        """q_hat ("estimate"), the linear baseline's ("baseline"), the quality scores, the flag's
        statistic and "flagged" for raw data b [N, nshots, nsamples, nrec] (or one sample).

        comm: an mpi4py communicator whose ranks share the N samples (each rank passes the same
        b and gets the whole result); by default mpi4py's COMM_WORLD when mpi4py is loaded."""
        b = np.asarray(b)
        comm = _communicator(comm)
        if comm is None or comm.Get_size() == 1 or b.ndim != 4:
            return self._run.estimate(b)
        n, rank, size = b.shape[0], comm.Get_rank(), comm.Get_size()
        lo, hi = n * rank // size, n * (rank + 1) // size
        try:
            mine = ("ok", self._run.estimate(b[lo:hi])) if hi > lo else ("ok", None)
        except ValueError as e:
            mine = ("error", str(e))
        parts = comm.allgather(mine)  # every rank reaches this, so none is left waiting on an error
        errors = [p for kind, p in parts if kind == "error"]
        if errors:
            raise ValueError(errors[0])
        parts = [p for _, p in parts if p is not None]
        return {key: None if parts[0][key] is None else np.concatenate([p[key] for p in parts]) for key in parts[0]}

    def estimate_latent(self, b):
        """z* = M_dag E_b(b) for one sample [nshots, nsamples, nrec]."""
        return self._run.estimate_latent(np.asarray(b))

    def encode_data(self, b):
        """E_b(b), the data latent of one sample."""
        return self._run.encode_data(np.asarray(b))

    def encode_model(self, q):
        """E_q(q) for a physical model [nz, nx]."""
        return self._run.encode_model(np.asarray(q))

    def decode(self, z):
        """D_q(z), a physical model [nz, nx]."""
        return self._run.decode(np.asarray(z))

    def decode_vjp(self, z, g):
        """J^T g with J = dD_q/dz at z, for g [nz, nx] with respect to the physical model."""
        return self._run.decode_vjp(np.asarray(z), np.asarray(g))


def _communicator(comm):
    if comm is not None:
        return comm
    mpi = sys.modules.get("mpi4py.MPI")
    return mpi.COMM_WORLD if mpi is not None else None


def _value(text):
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def read_checkpoint(path):
    """best.pt or checkpoint.pt of `pairinv train` as numpy arrays.

    "parameters" and "buffers": the network's tensors by name, in their own dtypes (float32);
    "options" (the run's settings, name -> value), "model_shape", "data_shape", "normalization",
    "split" (sample indices), "input", "geometry". checkpoint.pt adds "training" (next_epoch,
    best_epoch, best_validation_loss, epochs_since_best, stopped_early and "history", the CSV
    of the finished epochs as column name -> array) and "optimizer" (Adam's moments by
    parameter name: NAME.exp_avg, NAME.exp_avg_sq, NAME.step)."""
    from . import _learning
    out = _learning.read_checkpoint(str(path))
    out["options"] = dict((k, _value(v)) for k, _, v in
                          (line.partition("=") for line in out["options"].splitlines() if line and line[0] != "#"))
    out["split"] = {k: np.asarray(v, dtype=np.int64) for k, v in out["split"].items()}
    if "training" in out:
        header, *rows = out["training"]["history"].splitlines()
        table = np.array([[float(x) if x else np.nan for x in row.split(",")] for row in rows]).reshape(len(rows), -1)
        out["training"]["history"] = {name: table[:, k] for k, name in enumerate(header.split(","))}
    return out


def _read_h5(path):
    import h5py
    with h5py.File(path, "r") as f:
        out = {name: f[name][()] for name in f if isinstance(f[name], h5py.Dataset)}
        out["attributes"] = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f.attrs.items()}
    return out


def read_survey(path):
    """A survey file (docs/survey_format.md) as a dict of numpy arrays ("data" [N, nshots,
    nsamples, nrec], "models" [N, 1, nz, nx] when present, ...) and its "attributes"."""
    return _read_h5(path)


def read_estimates(path):
    """A file of `pairinv estimate` ("estimates", the scores, "ood", ...) with its "attributes"."""
    return _read_h5(path)
