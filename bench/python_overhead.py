#!/usr/bin/python3
"""The cost of pairinv.acoustic.forward from Python against the C++ call, on one OpenFWI sample.

Both sides run OpenFWI's forward model (5 shots x 1000 steps, 70 x 70 model padded by 120 cells
of damping) on the same model:
  - C++: pairinv_bench_acoustic -bench_cases openfwi (the median of its repetitions of
    simulateShots, from a barrier to the gathers on rank 0);
  - Python: pairinv.acoustic.forward with the same settings, wall time of the whole call
    (argument checks, the model and data read in place, the result handed over, the solve).
The rounds alternate C++ and Python so that both see the same machine; the table gives each
round's medians and their ratio, and the median ratio. First it checks that the Python call
gives the bits of `pairinv forward -acoustic_preset openfwi` (its float32 data.npy).

Usage: python_overhead.py BUILD_DIR [ROUNDS=3] [REPS=7]
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

build = sys.argv[1]
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
reps = int(sys.argv[3]) if len(sys.argv) > 3 else 7
sys.path.insert(0, os.path.join(build, "python"))
env = dict(os.environ)  # before MPI starts in this process
import numpy as np  # noqa: E402

work = tempfile.mkdtemp(prefix="pairinv_python_overhead_")
z, x = np.mgrid[0:70, 0:70]
v = 1500.0 + 30.0 * z + 200.0 * (x > 35) * (z > 40)
model = os.path.join(work, "model.npy")
np.save(model, v)
cli = os.path.join(work, "cli")
subprocess.run([os.path.join(build, "apps", "pairinv"), "forward", "-acoustic_preset", "openfwi", "-model", model,
                "-model_dx", "10", "-output", cli], check=True, capture_output=True, env=env)

import pairinv  # noqa: E402

settings = dict(dx=10.0, dt=1e-3, nt=1000, sources=np.array([[1, c] for c in (0, 17, 34, 52, 69)]),
                receivers=np.array([[1, c] for c in range(70)]), f0=15.0, boundary="damping", pml_width=120,
                wavelet="openfwi", source_scaling="openfwi")
same = np.array_equal(pairinv.acoustic.forward(v, **settings).astype(np.float32), np.load(os.path.join(cli, "data.npy")))
print(f"python_overhead: Python's data have the bits of pairinv forward -acoustic_preset openfwi: {same}")
if not same:
    sys.exit(1)

print(f"{'round':>5} {'C++ median s':>13} {'Python median s':>16} {'Python / C++':>13}")
ratios = []
for r in range(rounds):
    out = subprocess.run([os.path.join(build, "bench", "pairinv_bench_acoustic"), "-bench_cases", "openfwi",
                          "-bench_openfwi_model", model, "-bench_reps", str(reps)], check=True, capture_output=True,
                         text=True, env=env).stdout
    cxx = float(re.search(r"openfwi sample \(5 shots\)\s+\S+\s+\S+\s+\S+\s+\S+\s+([0-9.]+) \(", out).group(1))
    pairinv.acoustic.forward(v, **settings)  # warm-up, as the C++ bench's
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        pairinv.acoustic.forward(v, **settings)
        times.append(time.perf_counter() - t)
    py = statistics.median(times)
    ratios.append(py / cxx)
    print(f"{r + 1:>5} {cxx:>13.4f} {py:>16.4f} {py / cxx:>13.3f}")
print(f"python_overhead: median ratio Python / C++ over {rounds} rounds: {statistics.median(ratios):.3f}")
