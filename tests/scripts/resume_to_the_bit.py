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
seconds column, each sample's final models, and estimates.h5), and `pairinv evaluate` (every
table but for the seconds, the estimates files and final models of its inversions).

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


def killed_run(ranks, args, progress, rows_total, seconds_total):
    """Starts the command and kills its process group after a random number of rows of the
    progress file and a random delay (with no progress file: after a random share of the
    reference's wall time); returns whether it was still running when killed."""
    after = rng.randint(1, max(1, rows_total - 2))
    p = subprocess.Popen(command(ranks, args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    if progress is None:
        time.sleep(rng.uniform(0.1, 0.4) * seconds_total)
    while progress is not None and p.poll() is None and len(table_rows(progress)) < after:
        time.sleep(0.02)
    time.sleep(rng.uniform(0.0, 0.4))
    running = p.poll() is None
    os.killpg(p.pid, signal.SIGKILL)
    p.wait()
    return running


def same_bytes(a, b):
    with open(a, "rb") as fa, open(b, "rb") as fb:
        return fa.read() == fb.read()


def same_rows(name, ref, out, table, seconds):
    """The CSV `table` of both runs has the same rows in every column but `seconds` (None: all)."""
    with open(os.path.join(ref, table)) as f:
        header = next(csv.reader(f))
    column = header.index(seconds) if seconds else len(header)
    a, b = table_rows(os.path.join(ref, table)), table_rows(os.path.join(out, table))
    strip = lambda rows: [r[:column] + r[column + 1:] for r in rows]
    expect(len(a) > 0 and strip(a) == strip(b),
           f"{name}: {table} has the reference's rows but for the seconds ({len(a)} against {len(b)} rows)")
    return len(a)


def case(name, ranks, args, finals, tables={"history.csv": "seconds"}, progress="history.csv", resumed=None):
    """`tables`: the CSVs compared row by row, each but for the column named (None: all columns);
    `progress`: the CSV whose rows say how far a run has come (where the kills land; None: kills
    at random times); `resumed`: a line the last rerun must print."""
    ref, out = os.path.join(WORK, name + "_ref"), os.path.join(WORK, name + "_killed")
    start = time.monotonic()
    r = subprocess.run(command(ranks, args + ["-output", ref]), capture_output=True, text=True)
    seconds = time.monotonic() - start
    expect(r.returncode == 0, f"{name}: the reference runs: {(r.stdout + r.stderr)[-400:]}")
    total = len(table_rows(os.path.join(ref, progress))) if progress else 0
    watch = os.path.join(out, progress) if progress else None
    kills = sum(killed_run(ranks, args + ["-output", out], watch, total, seconds) for _ in range(3))
    expect(kills >= 2, f"{name}: at least two of the three runs were killed mid-way ({kills})")
    r = subprocess.run(command(ranks, args + ["-output", out]), capture_output=True, text=True)
    log = r.stdout + r.stderr
    expect(r.returncode == 0, f"{name}: the last rerun ends: {log[-400:]}")
    expect("without a log of its evaluations" not in log, f"{name}: resumed by replay: {log[-400:]}")
    expect(resumed is None or resumed in log, f"{name}: the rerun says '{resumed}': {log[-400:]}")
    for f in finals:
        expect(same_bytes(os.path.join(ref, f), os.path.join(out, f)), f"{name}: {f} has the reference's bytes")
    rows = sum(same_rows(name, ref, out, table, column) for table, column in tables.items())
    print(f"{name}: {kills} kill(s) mid-way, {len(finals)} file(s) and {rows} rows of {len(tables)} table(s) compared")


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
     tables={"summary.csv": "seconds"}, progress="sample0/history.csv")

# evaluate: the methods table on two test samples, detection on the noisy set and the repair of
# one flagged sample; killed at random times (its work folder resumes, its inversions by replay).
evaluation = ["estimates_test.h5", "estimates_noisy.h5", "runs/sample1/lsi/polish/model_final.npy",
              "runs/sample1/fwi_long/model_final.npy", "runs/flagged_noisy_0/fwi/model_final.npy"]
case("evaluate", 1, ["evaluate", "-run", run, "-input", survey, "-ood", noisy, "-evaluate_samples", "2",
                     "-evaluate_metric_samples", "2", "-lsi_iterations", "6", "-lsi_polish_iterations", "2",
                     "-evaluate_fwi_iterations", "4", "-evaluate_repair_samples", "1", "-fwi_frequencies", "8,0"],
     evaluation, tables={"methods.csv": "seconds", "samples.csv": "seconds", "flagged_repair.csv": "seconds",
                         "quality.csv": None, "ood.csv": None, "correlations.csv": None,
                         "solves_to_fwi_misfit.csv": None},
     progress=None, resumed="evaluate: resuming the evaluation in")
# Other options: nothing is kept (its records would answer another question).
r = subprocess.run(command(1, ["evaluate", "-run", run, "-input", survey, "-evaluate_samples", "1",
                               "-lsi_iterations", "3", "-evaluate_fwi_iterations", "2", "-fwi_frequencies", "8,0",
                               "-output", os.path.join(WORK, "evaluate_killed")]), capture_output=True, text=True)
expect(r.returncode == 0 and "was made with other options or inputs: starting afresh" in r.stdout + r.stderr,
       "evaluate with other options starts afresh: " + (r.stdout + r.stderr)[-400:])
expect(not os.path.exists(os.path.join(WORK, "evaluate_killed", "runs", "sample1")),
       "evaluate with other options removed the records of the earlier options")

checks.finish("resume_to_the_bit", " in 6 cases")
