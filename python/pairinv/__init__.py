"""pairinv from Python: PDE solvers with exact adjoints on numpy arrays and as PyTorch functions.

    import pairinv
    d = pairinv.acoustic.forward(v, dx=10.0, dt=1e-3, nt=1000, sources=src, receivers=rec)
    J, g = pairinv.acoustic.misfit_and_gradient(v, d_obs, dx=10.0, dt=1e-3, nt=1000, ...)
    d = pairinv.torch.acoustic(v_tensor, dx=10.0, ...)   # autograd through the exact adjoint
    mt = pairinv.em.forward(sigma, dx=100.0, frequencies=[0.1, 1, 10], receivers=rec)  # MT impedances
    run = pairinv.Run("runs/quick"); out = run.estimate(b)   # q_hat, RRE, RMA, the flag

Arrays: models [nz, nx] (row 0 at the top; m/s, or S/m for EM); acoustic data [shot, time, receiver] (OpenFWI's
layout; Deepwave's is [shot, receiver, time]: data.transpose(0, 2, 1)); EM data [frequency,
source, receiver] (complex) and [part, frequency, source, receiver] (real). Importing pairinv
starts PETSc (on mpi4py's MPI if it is loaded); under mpiexec the ranks share the shots and
every rank gets the whole result. Bad input raises ValueError with pairinv's message.
"""
from . import acoustic, em

from .run import Run, read_checkpoint, read_estimates, read_survey

__all__ = ["acoustic", "em", "torch", "Run", "read_survey", "read_estimates", "read_checkpoint"]


def __getattr__(name):
    # pairinv.torch loads PyTorch only when asked for.
    if name == "torch":
        import importlib
        return importlib.import_module(".torch", __name__)
    raise AttributeError(f"module 'pairinv' has no attribute '{name}'")
