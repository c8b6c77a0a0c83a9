"""Thread count: settable, honoured from OMP_NUM_THREADS, and results do
not depend on it beyond float rounding."""
import os
import subprocess
import sys

import numpy as np
import pytest

import pydeep
from pydeep import ops


@pytest.fixture
def restore_threads():
    n = pydeep.config.get_num_threads()
    yield
    pydeep.config.set_num_threads(n)


def _workload(rng_seed=0):
    rng = np.random.default_rng(rng_seed)
    a = rng.normal(size=(400, 300)).astype(np.float32)
    b = rng.normal(size=(300, 200)).astype(np.float32)
    w = pydeep.Variable(rng.normal(size=(200,)).astype(np.float32))
    with pydeep.GradientTape() as tape:
        h = ops.tanh(ops.matmul(a, b) * w)
        s = ops.softmax(h, axis=-1)
        loss = ops.mean(ops.log(s + 1e-6)) + ops.sum(ops.max(h, axis=0))
    g = tape.gradient(loss, w)
    return [np.asarray(h), np.asarray(s), np.asarray(loss), np.asarray(g),
            np.asarray(ops.sum(a, axis=0)), np.asarray(ops.transpose(a))]


def test_results_do_not_depend_on_thread_count(restore_threads):
    pydeep.config.set_num_threads(1)
    one = _workload()
    pydeep.config.set_num_threads(2)
    two = _workload()
    pydeep.config.set_num_threads(4)  # more threads than cores must work too
    four = _workload()
    for a, b, c in zip(one, two, four):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(a, c, rtol=1e-5, atol=1e-5)


def test_set_and_get(restore_threads):
    pydeep.config.set_num_threads(3)
    assert pydeep.config.get_num_threads() == 3
    for bad in (0, -1, 1.5, "2", True):
        with pytest.raises(ValueError, match="set_num_threads"):
            pydeep.config.set_num_threads(bad)


def _run(code, env, cwd):
    # cwd outside the source tree, so the installed package is imported.
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=cwd, capture_output=True,
                         text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_omp_num_threads_is_respected(tmp_path):
    code = "import pydeep; print(pydeep.config.get_num_threads())"
    assert _run(code, dict(os.environ, OMP_NUM_THREADS="1"), tmp_path) == "1"
    assert _run(code, dict(os.environ, OMP_NUM_THREADS="3"), tmp_path) == "3"


def test_passive_wait_policy_is_the_default(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    assert _run("import os, pydeep; print(os.environ['OMP_WAIT_POLICY'])", env,
                tmp_path) == "PASSIVE"
