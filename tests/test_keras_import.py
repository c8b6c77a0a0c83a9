"""Importing Keras 3 .keras files: a model trained and saved by Keras
(torch backend) predicts the same in pydeep; unsupported layers and a
missing h5py give clear errors."""
import json
import os
import sys
import zipfile

import numpy as np
import pytest

import pydeep

os.environ.setdefault("KERAS_BACKEND", "torch")


@pytest.fixture(scope="module")
def keras():
    pytest.importorskip("h5py")
    pytest.importorskip("torch")
    return pytest.importorskip("keras")


def _data(n=64):
    rng = np.random.default_rng(0)
    x = rng.normal(size=(n, 6)).astype("float32")
    return x, (x[:, 0] + x[:, 1] > 0).astype("int32")


def test_sequential_keras_file(keras, tmp_path):
    x, y = _data()
    model = keras.Sequential([keras.Input((6,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dropout(0.1), keras.layers.Dense(8),
                              keras.layers.Activation("tanh"),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=2, batch_size=16, verbose=0)
    model.save(tmp_path / "s.keras")
    ours = pydeep.models.load_model(tmp_path / "s.keras")
    assert isinstance(ours, pydeep.Sequential)
    np.testing.assert_allclose(ours.predict(x, verbose=0), np.asarray(model.predict(x, verbose=0)),
                               rtol=1e-5, atol=1e-6)
    assert ours.optimizer.iterations == int(model.optimizer.iterations)
    for a, b in zip(ours.optimizer.variables[2:], model.optimizer.variables[2:]):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-6, atol=1e-7)
    assert ours.evaluate(x, y, verbose=0)[1] == pytest.approx(
        model.evaluate(x, y, verbose=0)[1], abs=1e-6)
    # And the same weights into a pydeep model built by hand.
    hand = pydeep.Sequential([pydeep.Input((6,)), pydeep.layers.Dense(16, activation="relu"),
                              pydeep.layers.Dropout(0.1), pydeep.layers.Dense(8),
                              pydeep.layers.Activation("tanh"),
                              pydeep.layers.Dense(2, activation="softmax")])
    model.save_weights(tmp_path / "w.weights.h5")
    hand.load_weights(tmp_path / "w.weights.h5")
    np.testing.assert_allclose(hand.predict(x, verbose=0), ours.predict(x, verbose=0),
                               rtol=1e-6, atol=1e-7)


def test_functional_keras_file(keras, tmp_path):
    x, y = _data()
    inp = keras.Input((6,), name="inp")
    a = keras.layers.Dense(8, activation="relu", name="a")(inp)
    b = keras.layers.Dense(8, name="b")(inp)
    shared = keras.layers.Dense(8, name="shared")
    s = keras.layers.Add(name="add")([shared(a), shared(b)])
    c = keras.layers.Concatenate(name="cat")([s, keras.layers.Multiply(name="mul")([a, b])])
    out = keras.layers.Dense(1, name="out")(keras.layers.Flatten(name="flat")(c))
    model = keras.Model(inp, [out, s], name="keras_fn")
    model.compile(optimizer="sgd", loss=["mse", "mse"])
    model.fit(x, [y[:, None].astype("float32"), np.zeros((64, 8), "float32")], epochs=1,
              verbose=0)
    model.save(tmp_path / "f.keras")
    ours = pydeep.models.load_model(tmp_path / "f.keras")
    for got, want in zip(ours.predict(x, verbose=0), model.predict(x, verbose=0)):
        np.testing.assert_allclose(got, np.asarray(want), rtol=1e-5, atol=1e-6)
    assert [l.name for l in ours.layers][:1] == ["inp"]
    # The imported model saves as .pydeep and loads back.
    ours.save(tmp_path / "f.pydeep")
    again = pydeep.models.load_model(tmp_path / "f.pydeep")
    for got, want in zip(again.predict(x, verbose=0), ours.predict(x, verbose=0)):
        np.testing.assert_array_equal(got, want)


def test_unsupported_layers_are_named(keras, tmp_path):
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3)])
    model.save(tmp_path / "u.keras")
    with zipfile.ZipFile(tmp_path / "u.keras") as z:
        files = {n: z.read(n) for n in z.namelist()}
    config = json.loads(files["config.json"])
    for i, name in enumerate(["FancyLayer", "OtherLayer"]):
        config["config"]["layers"].append({"module": "keras.layers", "class_name": name,
                                           "config": {"name": f"x{i}"},
                                           "registered_name": None})
    files["config.json"] = json.dumps(config).encode()
    with zipfile.ZipFile(tmp_path / "bad.keras", "w") as z:
        for n, data in files.items():
            z.writestr(n, data)
    with pytest.raises(ValueError, match="does not support: FancyLayer, OtherLayer"):
        pydeep.models.load_model(tmp_path / "bad.keras")
    (tmp_path / "junk.keras").write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="not a valid Keras .keras file"):
        pydeep.models.load_model(tmp_path / "junk.keras")


def test_missing_h5py_names_the_extra(tmp_path, monkeypatch):
    (tmp_path / "m.keras").write_bytes(b"PK")
    monkeypatch.setitem(sys.modules, "h5py", None)
    with pytest.raises(ImportError, match=r"pydeep\[keras-import\]"):
        pydeep.models.load_model(tmp_path / "m.keras")
