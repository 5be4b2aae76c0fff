"""What the Python test scripts share: running pairinv, and recording failed expectations.

    checks = ScriptChecks(PAIRINV)
    rc, out = checks.pairinv("forward", "-output", folder)
    checks.expect(rc == 0, "forward runs: " + out[-400:])
    checks.finish("segy_roundtrip")        # prints the verdict and exits 1 on any failure
"""
import subprocess
import sys


class ScriptChecks:
    def __init__(self, pairinv):
        self.program = pairinv
        self.failures = []

    def expect(self, condition, what):
        if not condition:
            self.failures.append(what)
            print("FAILED:", what)

    def pairinv(self, *args):
        r = subprocess.run([self.program, *args], capture_output=True, text=True)
        return r.returncode, r.stdout + r.stderr

    def finish(self, name, detail=""):
        print(f"{name}:", "FAILED" if self.failures else "passed", f"({len(self.failures)} failures{detail})")
        sys.exit(1 if self.failures else 0)
