"""examples/python at toy size: the scipy FWI and the network trained through pairinv's adjoint."""
import os
import re
import subprocess
import sys

EXAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "examples", "python")


def run(name, *args):
    env = dict(os.environ, PYTHONPATH=os.environ["PAIRINV_PYTHON_DIR"])
    r = subprocess.run([sys.executable, os.path.join(EXAMPLES, name), *map(str, args)], capture_output=True, text=True,
                       env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    return r.stdout


def test_fwi_with_scipy_lbfgsb_lowers_misfit_and_model_error(tmp_path):
    out = run("fwi_lbfgs.py", 10, tmp_path / "fwi.png")
    m = re.search(r"model error ([0-9.]+) -> ([0-9.]+), misfit 1 -> ([0-9.e-]+) of the start's", out)
    assert m, out
    before, after, misfit = map(float, m.groups())
    assert after < before and misfit < 0.5, out
    assert (tmp_path / "fwi.png").stat().st_size > 10000


def test_network_trained_through_the_adjoint_fits_the_data():
    out = run("torch_physics_loss.py", 12, 4)
    misfits = [float(x) for x in re.findall(r"data misfit ([0-9.]+)", out)]
    errors = [float(x) for x in re.findall(r"model error ([0-9.]+)", out)]
    assert len(misfits) == 12, out
    assert misfits[-1] < misfits[0] / 3 and errors[-1] < errors[0], out
