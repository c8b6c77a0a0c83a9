"""Damaged, foreign and hostile files are refused with clear errors (never a
crash, hang or huge allocation); writes are atomic; the self-check refuses a
model that no longer reproduces its outputs; version-1 golden files load."""
import json
import os
import pathlib
import subprocess
import sys
import textwrap

import numpy as np
import pytest
from conftest import subprocess_env

import pydeep
from pydeep import layers

import safetensors_util

DATA = pathlib.Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    pydeep.utils.set_random_seed(0)
    inp = pydeep.Input((5,), name="x")
    h = layers.Dense(4, activation="relu", name="h")(inp)
    out = layers.Dense(3, activation="softmax", name="out")(h)
    model = pydeep.Model(inp, out, name="small")
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    x = np.random.default_rng(0).normal(size=(32, 5)).astype("float32")
    model.fit(x, (x[:, 0] > 0).astype("int32"), epochs=1, verbose=0)
    path = tmp_path_factory.mktemp("saved") / "m.pydeep"
    model.save(path)
    return path, path.read_bytes(), model


def _load_error(path):
    with pytest.raises((ValueError, OSError)) as info:
        pydeep.models.load_model(path)
    return str(info.value)


def test_truncated_files_are_refused(saved, tmp_path):
    path, raw, _ = saved
    cuts = sorted(set(list(range(0, 96)) + list(range(96, len(raw), max(1, len(raw) // 150))) +
                  [len(raw) - 1]))
    for cut in cuts:
        p = tmp_path / "t.pydeep"
        p.write_bytes(raw[:cut])
        message = _load_error(p)
        assert str(p) in message, (cut, message)


def test_flipped_bytes_are_refused(saved, tmp_path):
    path, raw, _ = saved
    positions = sorted(set(list(range(0, 64)) + list(range(64, len(raw), max(1, len(raw) // 300))) +
                           [len(raw) - 1]))
    for pos in positions:
        damaged = bytearray(raw)
        damaged[pos] ^= 0x10
        p = tmp_path / "f.pydeep"
        p.write_bytes(bytes(damaged))
        with pytest.raises(ValueError):
            pydeep.models.load_model(p)


def test_checksum_mismatch_is_named(saved, tmp_path):
    _, raw, _ = saved
    damaged = bytearray(raw)
    damaged[-5] ^= 0x01  # inside the last tensor's data
    p = tmp_path / "c.pydeep"
    p.write_bytes(bytes(damaged))
    with pytest.raises(ValueError, match="checksum does not match"):
        pydeep.models.load_model(p)


@pytest.mark.parametrize("content, match", [
    (b"", "empty"),
    (b"\x01\x02", "bytes long"),
    (np.random.default_rng(1).bytes(4096), "header length|not a JSON|not valid"),
    (b"PK\x03\x04" + b"\0" * 100, "header length"),
])
def test_foreign_and_random_bytes(tmp_path, content, match):
    p = tmp_path / "r.pydeep"
    p.write_bytes(content)
    with pytest.raises(ValueError, match=match):
        pydeep.models.load_model(p)


def test_hostile_headers_fail_fast(tmp_path):
    p = tmp_path / "h.pydeep"
    huge = json.dumps({"w": {"dtype": "F32", "shape": [10 ** 12, 10 ** 12],
                             "data_offsets": [0, 4]}}).encode()
    cases = [
        (b"{}", 2 ** 63, "header length"),          # declared header far beyond the file
        (b"{}" + b" " * 6, 2 ** 30, "header length"),
        (huge, None, "needs more bytes than the file holds"),
        (json.dumps({"w": {"dtype": "F32", "shape": [1],
                           "data_offsets": [0, 2 ** 62]}}).encode(), None, "outside the data"),
        (json.dumps({"w": {"dtype": "F64", "shape": [1], "data_offsets": [0, 8]}}).encode(),
         None, "unsupported dtype"),
        (b"[" * 5000 + b"]" * 5000, None, "not a JSON object|deep|JSON"),
        (json.dumps({"w": {"dtype": "F32", "shape": [-1], "data_offsets": [0, 4]}}).encode(),
         None, "bad shape"),
    ]
    for header, declared, match in cases:
        safetensors_util.raw_file(p, header, b"\0" * 4, declared)
        with pytest.raises(ValueError, match=match):
            pydeep.models.load_model(p)


def test_overlapping_and_holey_data(tmp_path):
    p = tmp_path / "o.pydeep"
    header = json.dumps({"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
                         "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}).encode()
    safetensors_util.raw_file(p, header, b"\0" * 12)
    with pytest.raises(ValueError, match="overlapping or missing"):
        pydeep.models.load_model(p)
    header = json.dumps({"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}).encode()
    safetensors_util.raw_file(p, header, b"\0" * 12)
    with pytest.raises(ValueError, match="trailing bytes"):
        pydeep.models.load_model(p)


def test_plain_safetensors_and_other_versions(saved, tmp_path):
    path, _, _ = saved
    _, meta, tensors = safetensors_util.read(path)
    p = tmp_path / "v.pydeep"
    safetensors_util.write(p, {"format": "pt"}, {"w": np.ones(3, "float32")})
    with pytest.raises(ValueError, match="not a pydeep model file"):
        pydeep.models.load_model(p)
    safetensors_util.write(p, {**meta, "format_version": "2"}, tensors)
    with pytest.raises(ValueError, match="format version 2.*Upgrade pydeep"):
        pydeep.models.load_model(p)
    safetensors_util.write(p, meta, tensors, with_checksum=False)
    with pytest.raises(ValueError, match="no checksum"):
        pydeep.models.load_model(p)
    # The independent writer's file (zlib's CRC-32) loads: the formats agree.
    safetensors_util.write(p, meta, tensors)
    pydeep.models.load_model(p)


def test_self_check_refuses_a_model_that_changed(saved, tmp_path):
    path, _, model = saved
    _, meta, tensors = safetensors_util.read(path)
    changed = dict(tensors)
    changed["verify/output/0"] = tensors["verify/output/0"] + np.float32(1e-2)
    p = tmp_path / "s.pydeep"
    safetensors_util.write(p, meta, changed)  # a valid checksum: only the outputs differ
    with pytest.raises(ValueError, match="no longer reproduces.*verify=False"):
        pydeep.models.load_model(p)
    loaded = pydeep.models.load_model(p, verify=False)
    x = np.ones((2, 5), "float32")
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    # Within the documented tolerance (1e-4 * (1 + |saved|)) the model loads.
    close = dict(tensors)
    close["verify/output/0"] = tensors["verify/output/0"] * np.float32(1 + 2e-5)
    safetensors_util.write(p, meta, close)
    pydeep.models.load_model(p)


def test_failed_write_keeps_the_old_file(saved, tmp_path):
    """A save that fails midway (the file-size limit hit while writing)
    leaves the previous file intact and no temporary file behind."""
    path, raw, _ = saved
    target = tmp_path / "keep.pydeep"
    target.write_bytes(raw)
    script = textwrap.dedent(f"""
        import resource, signal, sys
        import pydeep
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        model = pydeep.Sequential([pydeep.Input((300,)), pydeep.layers.Dense(300)])
        resource.setrlimit(resource.RLIMIT_FSIZE, (100000, 100000))
        try:
            model.save({str(target)!r})
        except OSError as e:
            print("OSError", e)
            sys.exit(0)
        sys.exit(3)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         env=subprocess_env(), cwd=tmp_path)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "writing" in out.stdout and "unchanged" in out.stdout
    assert target.read_bytes() == raw
    assert sorted(os.listdir(tmp_path)) == ["keep.pydeep"]
    pydeep.models.load_model(target)


def test_golden_files_of_format_version_1_still_load(tmp_path):
    """tests/data holds files written by format version 1
    (tests/make_golden_files.py); they keep loading and predicting the
    same, and the script still writes equivalent files."""
    import make_golden_files

    expected = np.load(DATA / "golden_v1_expected.npz")
    model = pydeep.models.load_model(DATA / "golden_v1_model.pydeep")
    x = [expected["a"], expected["b"]]
    for i, out in enumerate(model.predict(x, verbose=0)):
        np.testing.assert_allclose(out, expected[f"y{i}"], rtol=1e-5, atol=1e-6)
    for i, ref in enumerate(make_golden_files.reference_outputs(model.get_weights(), x)):
        np.testing.assert_allclose(ref, expected[f"y{i}"], rtol=1e-5, atol=1e-6)
    assert model.optimizer.iterations == make_golden_files.ITERATIONS
    weights_only = make_golden_files.build_model()
    weights_only.load_weights(DATA / "golden_v1.weights.pydeep")
    for a, b in zip(weights_only.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)
    # Re-running the generator gives the same content (configs, tensors).
    make_golden_files.write_all(tmp_path)
    for name in ("golden_v1_model.pydeep", "golden_v1.weights.pydeep"):
        _, meta_old, old = safetensors_util.read(DATA / name)
        _, meta_new, new = safetensors_util.read(tmp_path / name)
        for key in ("model_config", "compile_config", "format", "format_version", "kind"):
            assert meta_old.get(key) == meta_new.get(key), key
        assert old.keys() == new.keys()
        for key in old:
            np.testing.assert_allclose(old[key], new[key], rtol=1e-5, atol=1e-6)
