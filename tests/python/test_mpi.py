"""Two MPI ranks with mpi4py: every rank gets the data and the gradient of one process."""
import os
import subprocess
import sys

import numpy as np

import pairinv
from conftest import CLEAN_ENV, layered_model

SCRIPT = """
import sys
sys.path.insert(0, {pydir!r})
from mpi4py import MPI
import numpy as np
import pairinv
v0, observed = np.load({v0!r}), np.load({observed!r})
acq = dict(dx=10.0, dt=1e-3, nt=300, sources=np.array([[1, 8], [1, 30]]), receivers=np.array([[1, i] for i in range(40)]),
           f0=15.0, boundary_velocity=2500.0)
d = pairinv.acoustic.forward(v0, **acq)
J, g = pairinv.acoustic.misfit_and_gradient(v0, observed, **acq)
np.save({out!r} + "/rank%d.npy" % MPI.COMM_WORLD.rank, np.concatenate([d.ravel(), [J], g.ravel()]))
"""


def test_two_ranks_give_every_rank_the_one_process_result(tmp_path, fixed, mpiexec):
    v0 = layered_model() * 1.03
    observed = pairinv.acoustic.forward(layered_model(), **fixed)
    np.save(tmp_path / "v0.npy", v0)
    np.save(tmp_path / "observed.npy", observed)
    script = tmp_path / "two_ranks.py"
    script.write_text(SCRIPT.format(pydir=os.environ["PAIRINV_PYTHON_DIR"], v0=str(tmp_path / "v0.npy"),
                                    observed=str(tmp_path / "observed.npy"), out=str(tmp_path)))
    r = subprocess.run([mpiexec, "-n", "2", sys.executable, str(script)], capture_output=True, text=True, env=CLEAN_ENV)
    assert r.returncode == 0, r.stdout + r.stderr
    d = pairinv.acoustic.forward(v0, **fixed)
    J, g = pairinv.acoustic.misfit_and_gradient(v0, observed, **fixed)
    n = d.size
    for rank in (0, 1):
        two = np.load(tmp_path / f"rank{rank}.npy")
        assert np.array_equal(two[:n], d.ravel()), f"rank {rank}: the data of one process, to the bit"
        np.testing.assert_allclose(two[n], J, rtol=1e-12)
        np.testing.assert_allclose(two[n + 1:], g.ravel(), rtol=0, atol=1e-12 * np.abs(g).max())
