#!/usr/bin/python3
"""Inversions killed with SIGKILL at random points and rerun with the same command end
bit-identical to an uninterrupted run (the reliability issue's "resume to the bit").

For each case, one uninterrupted reference run, then the same command started and killed three
times at random moments (after a random number of recorded iterations plus a random delay; the
generator is seeded, so the test is repeatable), then run to the end. The final model (and for
LSI the final latent vector) must have the same bytes, and history.csv the same rows in every
column but the wall-clock seconds.

Cases: acoustic FWI in two frequency stages on 1 and on 2 MPI ranks (kills within and between
stages), EM FWI, latent-space inversion (`pairinv invert`) with a tiny trained run, and
`pairinv repair` of two flagged samples (LSI and polish; summary.csv compared but for its
seconds column, each sample's final models, and estimates.h5).

Usage: resume_to_the_bit.py PAIRINV MPIEXEC WORKDIR
"""
import csv
import os
import random
import shutil
import signal
import subprocess
import sys
import time

from script_checks import ScriptChecks

PAIRINV, MPIEXEC, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
TINY = ["-family_nz", "25", "-family_nx", "30", "-acoustic_nt", "150", "-acoustic_pml_width", "10"]
checks = ScriptChecks(PAIRINV)
expect = checks.expect
rng = random.Random(20261204)


def command(ranks, args):
    return ([MPIEXEC, "-n", str(ranks)] if ranks > 1 else []) + [PAIRINV, *args]


def table_rows(path):
    try:
        with open(path) as f:
            return list(csv.reader(f))[1:]
    except OSError:
        return []


def killed_run(ranks, args, progress, rows_total):
    """Starts the command and kills its process group after a random number of rows of the
    progress file and a random delay; returns whether it was still running when killed."""
    after = rng.randint(1, max(1, rows_total - 2))
    p = subprocess.Popen(command(ranks, args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    while p.poll() is None and len(table_rows(progress)) < after:
        time.sleep(0.02)
    time.sleep(rng.uniform(0.0, 0.4))
    running = p.poll() is None
    os.killpg(p.pid, signal.SIGKILL)
    p.wait()
    return running


def same_bytes(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def case(name, ranks, args, finals, table="history.csv", seconds="seconds", progress="history.csv"):
    """`table`: the CSV compared row by row but for its `seconds` column; `progress`: the CSV
    whose rows say how far a run has come (where the kills land)."""
    ref, out = os.path.join(WORK, name + "_ref"), os.path.join(WORK, name + "_killed")
    r = subprocess.run(command(ranks, args + ["-output", ref]), capture_output=True, text=True)
    expect(r.returncode == 0, f"{name}: the reference runs: {(r.stdout + r.stderr)[-400:]}")
    total = len(table_rows(os.path.join(ref, progress)))
    kills = sum(killed_run(ranks, args + ["-output", out], os.path.join(out, progress), total) for _ in range(3))
    expect(kills >= 2, f"{name}: at least two of the three runs were killed mid-way ({kills})")
    r = subprocess.run(command(ranks, args + ["-output", out]), capture_output=True, text=True)
    log = r.stdout + r.stderr
    expect(r.returncode == 0, f"{name}: the last rerun ends: {log[-400:]}")
    expect("without a log of its evaluations" not in log, f"{name}: resumed by replay: {log[-400:]}")
    for f in finals:
        expect(same_bytes(os.path.join(ref, f), os.path.join(out, f)), f"{name}: {f} has the reference's bytes")
    with open(os.path.join(ref, table)) as f:
        column = next(csv.reader(f)).index(seconds)
    a, b = table_rows(os.path.join(ref, table)), table_rows(os.path.join(out, table))
    strip = lambda rows: [r[:column] + r[column + 1:] for r in rows]
    expect(len(a) > 0 and strip(a) == strip(b),
           f"{name}: {table} has the reference's rows but for the seconds ({len(a)} against {len(b)} rows)")
    print(f"{name}: {kills} kill(s) mid-way, {len(table_rows(os.path.join(ref, table)))} rows of {table} compared")


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
fwi = ["fwi", "-fwi_iterations", "5", "-fwi_frequencies", "8,0"]
case("acoustic_fwi_1rank", 1, fwi, ["model_final.npy"])
case("acoustic_fwi_2ranks", 2, fwi, ["model_final.npy"])
case("em_fwi", 1, ["fwi", "-physics", "em", "-fwi_iterations", "5"], ["model_final.npy"])

survey, run = os.path.join(WORK, "survey.h5"), os.path.join(WORK, "run")
rc, out = checks.pairinv("survey", "-survey_family", "flatvel", "-survey_samples", "24", "-output", survey, *TINY)
expect(rc == 0, "survey: " + out[-400:])
rc, out = checks.pairinv("train", "-input", survey, "-output", run, "-pae_preset", "tiny", "-pae_threads", "1",
                         "-pae_epochs", "12")
expect(rc == 0, "train: " + out[-400:])
case("lsi", 1, ["invert", "-run", run, "-input", survey, "-sample", "3", "-lsi_iterations", "12"],
     ["model_final.npy", "z_final.npy"])

# repair: noisy data, every sample flagged; two repaired (LSI, then a polish redone afresh).
noisy = os.path.join(WORK, "noisy.h5")
rc, out = checks.pairinv("survey", "-survey_family", "flatvel", "-survey_samples", "2", "-survey_seed", "11",
                         "-survey_noise_snr", "0", "-output", noisy, *TINY)
expect(rc == 0, "noisy survey: " + out[-400:])
case("repair", 1, ["repair", "-run", run, "-input", noisy, "-lsi_iterations", "8", "-lsi_polish_iterations", "3",
                   "-pae_threads", "1"],
     ["sample0/model_final.npy", "sample0/polish/model_final.npy", "sample1/polish/model_final.npy",
      "estimates.h5"],
     table="summary.csv", progress="sample0/history.csv")

checks.finish("resume_to_the_bit", " in 5 cases")
