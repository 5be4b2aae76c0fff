#!/usr/bin/python3
"""Bad survey files given to `pairinv estimate` (and some to `pairinv train`): each is refused
with exit 2, a message that names the problem, and no output left behind.

The cases are those of the reliability issue's table, made with h5py from a good tiny survey:
NaN in /data, Inf in /models, /data one time sample short, /data stored as int16, every
acquisition attribute deleted, fewer receivers, a model/data count mismatch, a truncated file,
a text file, and no /data.

`pairinv invert` and `pairinv repair` refuse every case the same way. A survey without /models
is field data, which estimate, invert and repair take; `pairinv evaluate` refuses it (it
measures every estimate against its truth).

Usage: bad_surveys.py PAIRINV WORKDIR
"""
import os
import shutil
import sys

import h5py
import numpy as np
from script_checks import ScriptChecks

PAIRINV, WORK = sys.argv[1], sys.argv[2]
TINY = ["-family_nz", "25", "-family_nx", "30", "-acoustic_nt", "150", "-acoustic_pml_width", "10"]
checks = ScriptChecks(PAIRINV)
expect, pairinv = checks.expect, checks.pairinv


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
good = os.path.join(WORK, "good.h5")
run = os.path.join(WORK, "run")
rc, out = pairinv("survey", "-survey_family", "flatvel", "-survey_samples", "12", "-output", good, *TINY)
expect(rc == 0, "survey: " + out[-400:])
rc, out = pairinv("train", "-input", good, "-output", run, "-pae_preset", "tiny", "-pae_threads", "1",
                  "-pae_epochs", "2")
expect(rc == 0, "train: " + out[-400:])
if checks.failures:
    sys.exit(1)


def bad(name, change):
    path = os.path.join(WORK, name + ".h5")
    shutil.copy(good, path)
    with h5py.File(path, "r+") as h:
        change(h)
    return path


def set_one(dataset, index, value):
    def change(h):
        x = h[dataset][0]
        x[index] = value
        h[dataset][0] = x
    return change


def replace(dataset, f):
    def change(h):
        values = h[dataset][:]
        del h[dataset]
        h.create_dataset(dataset, data=f(values))
    return change


def drop_attributes(h):
    for key in list(h.attrs.keys()):
        del h.attrs[key]


def drop(dataset):
    def change(h):
        del h[dataset]
    return change


cases = [
    ("nan_data", bad("nan_data", set_one("/data", (0, 5, 3), np.nan)), "/data sample 0 holds nan"),
    ("inf_models", bad("inf_models", set_one("/models", (0, 3, 3), np.inf)), "/models sample 0 holds inf"),
    ("short_time", bad("short_time", replace("/data", lambda d: d[:, :, :-1, :])), "nsamples"),
    ("int16", bad("int16", replace("/data", lambda d: (d * 1000).astype(np.int16))), "stored as integers"),
    ("no_attributes", bad("no_attributes", drop_attributes), "not recorded"),
    ("fewer_receivers", bad("fewer_receivers", replace("/data", lambda d: d[:, :, :, :-2])), "nreceivers"),
    ("count_mismatch", bad("count_mismatch", replace("/models", lambda m: m[:-1])), "samples but /data has"),
    ("no_data", bad("no_data", drop("/data")), "/data"),
]
truncated = os.path.join(WORK, "truncated.h5")
with open(good, "rb") as src, open(truncated, "wb") as dst:
    dst.write(src.read()[: os.path.getsize(good) // 2])
cases.append(("truncated", truncated, "truncated.h5"))
text = os.path.join(WORK, "text.h5")
with open(text, "w") as f:
    f.write("not HDF5\n" * 100)
cases.append(("text", text, "text.h5"))

for name, path, needle in cases:
    stem = os.path.join(WORK, "est_" + name)
    rc, out = pairinv("estimate", "-run", run, "-input", path, "-output", stem + ".h5", "-pae_png_samples", "0")
    expect(rc == 2, f"estimate {name}: exit 2, got {rc}: {out[-400:]}")
    expect(needle in out, f"estimate {name}: the message names '{needle}': {out[-400:]}")
    left = [p for p in (stem + ".h5", stem + "_png", stem + "_vti", stem + "_options.yaml") if os.path.exists(p)]
    expect(not left, f"estimate {name}: nothing left behind, found {left}")

for name, path, needle in [c for c in cases if c[0] in ("nan_data", "inf_models", "int16", "short_time")]:
    out_dir = os.path.join(WORK, "train_" + name)
    rc, out = pairinv("train", "-input", path, "-output", out_dir, "-pae_preset", "tiny", "-pae_threads", "1",
                      "-pae_epochs", "1")
    expect(rc == 2, f"train {name}: exit 2, got {rc}: {out[-400:]}")
    expect(needle in out, f"train {name}: the message names '{needle}': {out[-400:]}")
    expect(not os.path.exists(out_dir), f"train {name}: no run folder left behind")

# invert and repair read the same files through their own door (one sample's problem; the
# estimates first): every case refused, nothing written. Their physics is read first, so a file
# without attributes is refused for lacking that one.
for command in ("invert", "repair"):
    for name, path, needle in cases:
        needle = "no physics attribute" if name == "no_attributes" else needle
        out_dir = os.path.join(WORK, command + "_" + name)
        rc, out = pairinv(command, "-run", run, "-input", path, "-output", out_dir, "-lsi_iterations", "1")
        expect(rc == 2, f"{command} {name}: exit 2, got {rc}: {out[-400:]}")
        expect(needle in out, f"{command} {name}: the message names '{needle}': {out[-400:]}")
        expect(not os.path.exists(out_dir), f"{command} {name}: no output folder left behind")

# Field data have no true models: estimate, invert and repair take a survey without /models
# (tests/apps/test_repair_app.cpp runs them); evaluate, which measures every estimate against
# its truth, refuses it at the door.
no_models = bad("no_models", drop("/models"))
out_dir = os.path.join(WORK, "evaluate_no_models")
rc, out = pairinv("evaluate", "-run", run, "-input", no_models, "-output", out_dir)
expect(rc == 2, f"evaluate without /models: exit 2, got {rc}: {out[-400:]}")
expect("holds no /models" in out, f"evaluate without /models: the message says so: {out[-400:]}")
expect(not os.path.exists(out_dir), "evaluate without /models: no output folder left behind")

checks.finish("bad_surveys", f" in {len(cases)} cases for estimate, invert and repair, 4 for train, 1 for evaluate")
