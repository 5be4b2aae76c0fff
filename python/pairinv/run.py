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
"""
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

    def estimate(self, b):
        """q_hat ("estimate"), the linear baseline's ("baseline"), the quality scores, the flag's
        statistic and "flagged" for raw data b [N, nshots, nsamples, nrec] (or one sample)."""
        return self._run.estimate(np.asarray(b))

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
