"""pytest set-up for `import pairinv` (python/): run by ctest's python_module test as
    PAIRINV_PYTHON_DIR=BUILD/python PAIRINV=BUILD/apps/pairinv PAIRINV_MPIEXEC=mpiexec \
        python3 -m pytest -p no:cacheprovider tests/python
"""
import os
import sys

import numpy as np
import pytest

# The environment before MPI starts in this process (importing pairinv starts it): a singleton
# MPI_Init adds variables that would confuse a child mpiexec.
CLEAN_ENV = dict(os.environ)
sys.path.insert(0, os.environ["PAIRINV_PYTHON_DIR"])


def layered_model(nz=30, nx=40):
    z, x = np.mgrid[0:nz, 0:nx]
    return 1800.0 + 20.0 * z + 150.0 * np.exp(-((z - nz / 2) ** 2 + (x - nx / 2) ** 2) / 40.0)


@pytest.fixture(scope="session")
def acq():
    """Two shots and a line of receivers at row 1 on the 30 x 40 model of 10 m cells."""
    return dict(dx=10.0, dt=1e-3, nt=300, sources=np.array([[1, 8], [1, 30]]),
                receivers=np.array([[1, i] for i in range(40)]), f0=15.0)


@pytest.fixture(scope="session")
def fixed(acq):
    """acq with the absorbing layer held fixed (gradients against finite differences)."""
    return dict(acq, boundary_velocity=2500.0)


@pytest.fixture(scope="session")
def pairinv_exe():
    return os.environ["PAIRINV"]


@pytest.fixture(scope="session")
def mpiexec():
    return os.environ["PAIRINV_MPIEXEC"]
