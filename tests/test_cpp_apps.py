"""The C++ embedding: examples/cpp builds with CMake against pydeep's CMake
package (find_package(pydeep) + pydeep::core), loads a model saved from
Python and predicts exactly what Python predicts, and trains and saves a
model that Python loads.

The package comes from the installed pydeep (pydeep.get_cmake_dir()), else
from `cmake --install` of an existing development build (build/dev), else
from a fresh CMake build of the core."""
import os
import pathlib
import shutil
import subprocess
import sys

import numpy as np
import pytest
from conftest import subprocess_env

import pydeep

ROOT = pathlib.Path(__file__).resolve().parents[1]


def _run(cmd, **kwargs):
    out = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert out.returncode == 0, " ".join(map(str, cmd)) + "\n" + out.stdout[-4000:] + \
        out.stderr[-4000:]
    return out.stdout


@pytest.fixture(scope="module")
def apps(tmp_path_factory):
    if shutil.which("cmake") is None:
        pytest.skip("cmake is not installed")
    tmp = tmp_path_factory.mktemp("cpp_apps")
    env = dict(os.environ, CMAKE_BUILD_PARALLEL_LEVEL=os.environ.get(
        "CMAKE_BUILD_PARALLEL_LEVEL", "2"))
    try:
        package = ["-Dpydeep_DIR=" + pydeep.get_cmake_dir()]
    except ImportError:
        prefix = tmp / "prefix"
        dev = pathlib.Path(os.environ.get("PYDEEP_TEST_BUILD_DIR", ROOT / "build" / "dev"))
        if not (dev / "CMakeCache.txt").exists():
            dev = tmp / "core"
            configure = subprocess.run(
                ["cmake", "-S", str(ROOT), "-B", str(dev), "-DCMAKE_BUILD_TYPE=Release",
                 f"-DPython_EXECUTABLE={sys.executable}"], capture_output=True, text=True, env=env)
            if configure.returncode != 0 and "needs Eigen" in configure.stderr:
                pytest.skip("Eigen is not installed for a standalone CMake build")
            assert configure.returncode == 0, configure.stderr
            _run(["cmake", "--build", str(dev), "--target", "pydeep_core"], env=env)
        else:
            _run(["cmake", "--build", str(dev), "--target", "pydeep_core"], env=env)
        _run(["cmake", "--install", str(dev), "--component", "cpp", "--prefix", str(prefix)],
             env=env)
        package = [f"-DCMAKE_PREFIX_PATH={prefix}"]
    build = tmp / "examples"
    _run(["cmake", "-S", str(ROOT / "examples" / "cpp"), "-B", str(build),
          "-DCMAKE_BUILD_TYPE=Release", *package], env=env)
    _run(["cmake", "--build", str(build)], env=env)
    return build, tmp


def test_cpp_app_classifies_with_a_python_saved_model(apps):
    pytest.importorskip("sklearn")
    build, tmp = apps
    model_path, csv = tmp / "digits.pydeep", tmp / "digits.csv"
    out = _run([sys.executable, str(ROOT / "examples" / "save_digits_model.py"), "--out",
                str(model_path), "--inputs", str(csv), "--epochs", "8"],
               env=subprocess_env())
    assert "RESULT save_digits_model accuracy" in out
    threads = str(pydeep.config.get_num_threads())
    printed = _run([str(build / "classify_digits"), str(model_path), str(csv), "--probabilities"],
                   env=dict(os.environ, OMP_NUM_THREADS=threads)).splitlines()
    cpp = np.array([[float(v) for v in line.split()] for line in printed[:-1]], "float32")
    rows = np.loadtxt(csv, delimiter=",", dtype="float32")
    model = pydeep.models.load_model(model_path)
    python = model.predict(rows[:, :64], verbose=0)
    np.testing.assert_array_equal(cpp, python)  # same core, same thread count: same bits
    accuracy = float(printed[-1].split()[1])
    assert accuracy == pytest.approx(np.mean(python.argmax(1) == rows[:, 64]), abs=1e-4)
    assert accuracy > 0.9


def test_cpp_app_trains_a_model_python_loads(apps):
    build, tmp = apps
    path = tmp / "xor.pydeep"
    out = _run([str(build / "train_xor"), str(path)])
    cpp_accuracy = float(next(l for l in out.splitlines() if l.startswith("final accuracy"))
                         .split()[2])
    assert cpp_accuracy > 0.9  # it learned
    model = pydeep.models.load_model(path)
    assert isinstance(model, pydeep.Sequential) and model.metrics_names == ["loss", "accuracy"]
    i = np.arange(512)
    a, b = -1 + 2 * (i % 32) / 31, -1 + 2 * (i // 32) / 15
    x = np.stack([a, b], 1).astype("float32")
    y = (a * b > 0).astype("float32")[:, None]
    loss, accuracy = model.evaluate(x, y, batch_size=128, verbose=0)
    assert accuracy == pytest.approx(cpp_accuracy, abs=1e-4)
