#!/usr/bin/python3
"""SEG-Y written by pairinv, read by segyio's Python module, and the other way round.

1. `pairinv forward` writes gathers.sgy: segyio reads the same samples as data.npy, and the
   trace headers hold the acquisition (field record per shot, source and group x in cm with
   scalar -100, offset, sample count and interval, delay of sample 0).
2. A SEG-Y file that segyio writes from data.npy (IEEE floats, coordinates in dm with scalar
   -10) is accepted by `pairinv fwi -data`, whose first objective equals that of data.npy's to
   the bit; an IBM-float copy is accepted and agrees to IBM's precision.
3. Bad files are refused with exit 2, a message naming the problem, and no output folder:
   a trace with another sample count, a shot whose receivers moved, a truncated file, data
   whose source positions disagree with the options, and a sample count that does not match.

Usage: segy_roundtrip.py PAIRINV WORKDIR
"""
import csv
import os
import shutil
import sys

import numpy as np
import segyio
from script_checks import ScriptChecks

PAIRINV, WORK = sys.argv[1], sys.argv[2]
ACQ = ["-acoustic_nt", "300", "-acoustic_src_ix", "50,150"]
checks = ScriptChecks(PAIRINV)
expect, pairinv = checks.expect, checks.pairinv


def first_objective(folder):
    with open(os.path.join(folder, "history.csv")) as f:
        return float(next(csv.DictReader(f))["objective"])


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
fwd = os.path.join(WORK, "fwd")
rc, out = pairinv("forward", "-output", fwd, *ACQ)
expect(rc == 0, "forward runs: " + out[-500:])
data = np.load(os.path.join(fwd, "data.npy"))  # [shot, sample, receiver]
nshots, nsamples, nrec = data.shape

# 1. pairinv -> segyio
with segyio.open(os.path.join(fwd, "gathers.sgy"), ignore_geometry=True) as f:
    expect(f.tracecount == nshots * nrec, "one trace per shot and receiver")
    expect(len(f.samples) == nsamples, "samples per trace")
    expect(f.bin[segyio.BinField.Interval] == 1000, "sample interval 1000 us")
    expect(f.bin[segyio.BinField.Format] == 5, "IEEE floats")
    traces = np.stack([f.trace[k] for k in range(f.tracecount)]).reshape(nshots, nrec, nsamples)
    expect(np.array_equal(traces.transpose(0, 2, 1), data), "the traces are data.npy's samples, bit for bit")
    dx = 10.0  # the demo model's cells
    for k in (0, nrec + 7):
        h = f.header[k]
        shot, rec = divmod(k, nrec)
        src_ix = (50, 150)[shot]
        expect(h[segyio.TraceField.FieldRecord] == shot + 1, f"trace {k}: field record")
        expect(h[segyio.TraceField.SourceGroupScalar] == -100, f"trace {k}: coordinate scalar")
        expect(h[segyio.TraceField.SourceX] == round(src_ix * dx * 100), f"trace {k}: source x in cm")
        expect(h[segyio.TraceField.GroupX] == round(rec * dx * 100), f"trace {k}: group x in cm")
        expect(h[segyio.TraceField.offset] == round((rec - src_ix) * dx * 100), f"trace {k}: offset")
        expect(h[segyio.TraceField.TRACE_SAMPLE_COUNT] == nsamples, f"trace {k}: sample count")
        expect(h[segyio.TraceField.DelayRecordingTime] == 1, f"trace {k}: sample 0 at 1 ms")


# 2. segyio -> pairinv
def write_with_segyio(path, fmt, values):
    spec = segyio.spec()
    spec.format, spec.samples, spec.tracecount = fmt, list(range(nsamples)), nshots * nrec
    with segyio.create(path, spec) as f:
        f.bin.update({segyio.BinField.Interval: 1000, segyio.BinField.Samples: nsamples})
        for k in range(nshots * nrec):
            shot, rec = divmod(k, nrec)
            f.header[k] = {segyio.TraceField.FieldRecord: 101 + shot, segyio.TraceField.SourceGroupScalar: -10,
                           segyio.TraceField.SourceX: (50, 150)[shot] * 100, segyio.TraceField.GroupX: rec * 100,
                           segyio.TraceField.ElevationScalar: -10, segyio.TraceField.ReceiverGroupElevation: -100,
                           segyio.TraceField.SourceDepth: 100, segyio.TraceField.DelayRecordingTime: 1,
                           segyio.TraceField.TRACE_SAMPLE_COUNT: nsamples, segyio.TraceField.TRACE_SAMPLE_INTERVAL: 1000}
            f.trace[k] = np.ascontiguousarray(values[shot, :, rec], dtype=np.float32)


fwi = ["fwi", "-fwi_iterations", "1", *ACQ]
ieee, ibm = os.path.join(WORK, "ieee.sgy"), os.path.join(WORK, "ibm.sgy")
write_with_segyio(ieee, 5, data)
write_with_segyio(ibm, 1, data)
results = {}
for name, observed in (("npy", os.path.join(fwd, "data.npy")), ("ieee", ieee), ("ibm", ibm)):
    rc, out = pairinv(*fwi, "-data", observed, "-output", os.path.join(WORK, "fwi_" + name))
    expect(rc == 0, f"fwi -data {name}: " + out[-800:])
    if rc == 0:
        results[name] = first_objective(os.path.join(WORK, "fwi_" + name))
if len(results) == 3:
    expect(results["ieee"] == results["npy"], f"IEEE SEG-Y objective {results['ieee']} == .npy's {results['npy']}")
    expect(abs(results["ibm"] - results["npy"]) <= 1e-5 * results["npy"],
           f"IBM SEG-Y objective {results['ibm']} ~ .npy's {results['npy']}")


# 3. bad files
def refused(name, path, needle, extra=()):
    out_dir = os.path.join(WORK, "bad_" + name)
    rc, out = pairinv(*fwi, *extra, "-data", path, "-output", out_dir)
    expect(rc == 2, f"{name}: exit 2, got {rc}: {out[-400:]}")
    expect(needle in out, f"{name}: message names '{needle}': {out[-400:]}")
    expect(not os.path.exists(out_dir), f"{name}: no output left behind")


def modified(name, change):
    path = os.path.join(WORK, name + ".sgy")
    shutil.copy(ieee, path)
    with segyio.open(path, "r+", ignore_geometry=True) as f:
        change(f)
    return path


refused("sample_count", modified("sample_count", lambda f: f.header[5].update(
    {segyio.TraceField.TRACE_SAMPLE_COUNT: nsamples - 1})), "trace 6")
refused("receivers", modified("receivers", lambda f: f.header[nrec + 3].update(
    {segyio.TraceField.GroupX: 55})), "same receivers")
refused("source", modified("source", lambda f: [f.header[k].update({segyio.TraceField.SourceX: 510})
                                                  for k in range(nrec)]), "source")
truncated = os.path.join(WORK, "truncated.sgy")
with open(ieee, "rb") as src, open(truncated, "wb") as dst:
    dst.write(src.read()[:-100])
refused("truncated", truncated, "truncated")
refused("samples", ieee, "samples", ["-acoustic_nt", "200"])
text = os.path.join(WORK, "text.sgy")
with open(text, "w") as f:
    f.write("not seismic data\n" * 300)
refused("text", text, "text.sgy")

checks.finish("segy_roundtrip")
