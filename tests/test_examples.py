"""The examples run from a fresh clone and learn (asserted on their RESULT line)."""
import pathlib
import re
import subprocess
import sys

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"


def run_example(name, *args):
    out = subprocess.run([sys.executable, str(EXAMPLES / name), *args], capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    match = re.search(r"^RESULT (\S+) (\S+) (\S+)$", out.stdout, re.MULTILINE)
    assert match, out.stdout
    return float(match.group(3))


def test_quickstart_learns_digits():
    pytest.importorskip("sklearn")
    accuracy = run_example("quickstart.py", "--epochs", "15", "--verbose", "0")
    assert accuracy >= 0.93


def test_custom_training_loop_learns_digits():
    pytest.importorskip("sklearn")
    accuracy = run_example("custom_training_loop.py", "--epochs", "15")
    assert accuracy >= 0.93
