"""Model files and configs: round trips (predictions, optimizer state,
continued training), configs in Keras 3's format (read by Keras too), JSON,
weights files, custom objects, and the errors of bad paths/arguments."""
import json
import os
import threading

import numpy as np
import pytest

import pydeep
from pydeep import layers

import safetensors_util


def _data(n=64, d=6, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d)).astype("float32")
    y = (x[:, :3] @ np.array([1.0, -2.0, 0.5], "float32"))[:, None]
    labels = (x[:, 0] > 0).astype("int32")
    return x, y, labels


def _functional(seed=0, dropout=True):
    pydeep.utils.set_random_seed(seed)
    inp = pydeep.Input((6,), name="features")
    a = layers.Dense(8, activation="relu", name="a")(inp)
    b = layers.Dense(8, activation="tanh", name="b")(inp)
    shared = layers.Dense(8, name="shared")
    merged = layers.Add(name="add")([shared(a), shared(b)])
    cat = layers.Concatenate(name="cat")([merged, a])
    out1 = layers.Dense(1, name="reg")(layers.Dropout(0.1, name="drop")(cat) if dropout else cat)
    out2 = layers.Dense(2, activation="softmax", name="cls")(merged)
    return pydeep.Model(inp, [out1, out2], name="two_heads")


def _compiled_functional(seed=0, dropout=True):
    model = _functional(seed, dropout)
    model.compile(optimizer=pydeep.optimizers.Adam(0.01), loss=["mse",
                  "sparse_categorical_crossentropy"], loss_weights=[1.0, 0.5],
                  metrics=[["mae"], ["accuracy"]])
    return model


def _sequential(seed=0):
    pydeep.utils.set_random_seed(seed)
    return pydeep.Sequential([pydeep.Input((6,)), layers.Dense(16, activation="relu"),
                              layers.Dropout(0.2), layers.Dense(1)], name="seq")


def test_functional_round_trip_predictions_and_config(tmp_path):
    x, y, labels = _data()
    model = _compiled_functional()
    model.fit(x, [y, labels], epochs=2, batch_size=16, verbose=0)
    path = tmp_path / "m.pydeep"
    model.save(path)
    loaded = pydeep.models.load_model(path)
    for got, want in zip(loaded.predict(x, verbose=0), model.predict(x, verbose=0)):
        np.testing.assert_array_equal(got, want)
    assert loaded.name == "two_heads"
    assert [l.name for l in loaded.layers] == [l.name for l in model.layers]
    assert loaded.get_config() == model.get_config()
    assert loaded.metrics_names == model.metrics_names
    assert isinstance(loaded.optimizer, pydeep.optimizers.Adam)
    assert loaded.optimizer.iterations == model.optimizer.iterations == 8
    for a, b in zip(loaded.optimizer.variables, model.optimizer.variables):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b))


def test_continued_training_equals_uninterrupted(tmp_path):
    # No dropout: a Dropout layer's mask stream is not part of the file (as in
    # Keras, whose seed generators are not saved either).
    x, y, labels = _data()
    model = _compiled_functional(dropout=False)
    model.fit(x, [y, labels], epochs=2, batch_size=16, shuffle=False, verbose=0)
    model.save(tmp_path / "m.pydeep")
    resumed = pydeep.models.load_model(tmp_path / "m.pydeep")
    # The same random stream for both (shuffling draws from it).
    pydeep.utils.set_random_seed(3)
    h1 = model.fit(x, [y, labels], epochs=3, batch_size=16, verbose=0)
    pydeep.utils.set_random_seed(3)
    h2 = resumed.fit(x, [y, labels], epochs=3, batch_size=16, verbose=0)
    for a, b in zip(model.get_weights(), resumed.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert h1.history == h2.history


def test_sequential_round_trip_and_keras_config_shape(tmp_path):
    x, y, _ = _data()
    model = _sequential()
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    model.fit(x, y, epochs=1, verbose=0)
    config = model.get_config()
    assert config["layers"][0]["class_name"] == "InputLayer"
    assert config["build_input_shape"] == [None, 6]
    assert [e["class_name"] for e in config["layers"][1:]] == ["Dense", "Dropout", "Dense"]
    model.save(tmp_path / "s.pydeep")
    loaded = pydeep.models.load_model(tmp_path / "s.pydeep")
    assert isinstance(loaded, pydeep.Sequential)
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    clone = pydeep.Sequential.from_config(config)
    assert clone.get_config() == config


def test_unbuilt_sequential_config_and_save_error(tmp_path):
    model = pydeep.Sequential([layers.Dense(3)], name="later")
    config = model.get_config()
    assert [e["class_name"] for e in config["layers"]] == ["Dense"]
    clone = pydeep.Sequential.from_config(config)
    assert not clone.built
    with pytest.raises(ValueError, match="not built"):
        model.save(tmp_path / "x.pydeep")


def test_json_round_trip_and_structures():
    inp1 = pydeep.Input((3,), name="x1")
    inp2 = pydeep.Input((3,), name="x2")
    out = layers.Dense(2, name="d")(layers.Subtract(name="sub")([inp1, inp2]))
    model = pydeep.Model({"x1": inp1, "x2": inp2}, [out], name="dicts")
    text = model.to_json()
    assert json.loads(text)["class_name"] == "Functional"
    config = json.loads(text)["config"]
    assert config["input_layers"] == {"x1": ["x1", 0, 0], "x2": ["x2", 0, 0]}
    assert config["output_layers"] == [["d", 0, 0]]
    clone = pydeep.models.model_from_json(text)
    assert clone.get_config() == model.get_config()
    clone.set_weights(model.get_weights())
    a = np.ones((2, 3), "float32")
    np.testing.assert_array_equal(clone.predict([a, 2 * a], verbose=0)[0],
                                  model.predict([a, 2 * a], verbose=0)[0])


def test_keras_reads_pydeep_config_and_pydeep_reads_keras_config():
    os.environ.setdefault("KERAS_BACKEND", "torch")
    pytest.importorskip("torch")
    keras = pytest.importorskip("keras")
    model = _functional()
    config = json.loads(json.dumps(model.get_config()))
    theirs = keras.Model.from_config(config)
    for layer in model.layers:  # by name: Keras may order the layers differently
        theirs.get_layer(layer.name).set_weights(layer.get_weights())
    x, _, _ = _data(8)
    for a, b in zip(theirs.predict(x, verbose=0), model.predict(x, verbose=0)):
        np.testing.assert_allclose(np.asarray(a), b, rtol=1e-5, atol=1e-6)
    back = pydeep.Model.from_config(theirs.get_config())
    for layer in model.layers:
        if layer.get_weights():
            back.get_layer(layer.name).set_weights(layer.get_weights())
    for a, b in zip(back.predict(x, verbose=0), model.predict(x, verbose=0)):
        np.testing.assert_array_equal(a, b)


def test_core_rebuild_matches_python(tmp_path):
    """What a C++ application loads equals what Python saved (bit for bit)."""
    x, y, labels = _data()
    model = _compiled_functional()
    model.fit(x, [y, labels], epochs=1, verbose=0)
    model.save(tmp_path / "m.pydeep")
    native = pydeep._core.load_model_native(str(tmp_path / "m.pydeep"))
    outs = native.predict_on_batch([pydeep._core.convert_to_tensor(x)])
    for got, want in zip(outs, model.predict(x, verbose=0)):
        np.testing.assert_array_equal(np.asarray(got), want)


def test_file_is_safetensors_with_metadata(tmp_path):
    model = _compiled_functional()
    x, y, labels = _data()
    model.fit(x, [y, labels], epochs=1, verbose=0)
    model.save(tmp_path / "m.pydeep")
    header, meta, tensors = safetensors_util.read(tmp_path / "m.pydeep")
    assert meta["format"] == "pydeep" and meta["format_version"] == "1"
    raw = open(tmp_path / "m.pydeep", "rb").read()
    body = raw[8 + int.from_bytes(raw[:8], "little"):]
    entries = {k: v for k, v in header.items() if k != "__metadata__"}
    assert meta["checksum"] == safetensors_util.checksum(meta, entries, body)  # zlib's CRC-32
    weights = [tensors[f"weights/{i}/{w.name}"] for i, w in enumerate(model.weights)]
    for a, b in zip(weights, model.get_weights()):
        np.testing.assert_array_equal(a, b)
    n_opt = len(model.optimizer.variables)
    assert sum(k.startswith("optimizer/") for k in tensors) == n_opt
    for name, entry in header.items():
        if name != "__metadata__":
            begin = entry["data_offsets"][0]
            assert begin % np.dtype(safetensors_util.DTYPES[entry["dtype"]]).itemsize == 0
    assert json.loads(meta["model_config"])["config"] == model.get_config()
    st = pytest.importorskip("safetensors.numpy")
    loaded = st.load_file(str(tmp_path / "m.pydeep"))
    np.testing.assert_array_equal(loaded["weights/0/a/kernel"], model.get_weights()[0])


def test_weights_files(tmp_path):
    x, y, labels = _data()
    model = _compiled_functional()
    model.fit(x, [y, labels], epochs=1, verbose=0)
    model.save_weights(tmp_path / "w.weights.pydeep")
    other = _compiled_functional(seed=5)
    other.load_weights(tmp_path / "w.weights.pydeep")
    for a, b in zip(other.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert other.optimizer.iterations == model.optimizer.iterations
    # A full model file serves as a weights file too.
    model.save(tmp_path / "m.pydeep")
    third = _functional(seed=7)
    third.load_weights(tmp_path / "m.pydeep")
    np.testing.assert_array_equal(third.get_weights()[0], model.get_weights()[0])
    with pytest.raises(ValueError, match="weights only"):
        pydeep.models.load_model(tmp_path / "w.weights.pydeep")
    wrong = pydeep.Sequential([pydeep.Input((6,)), layers.Dense(4)])
    with pytest.raises(ValueError, match="variables but the model has"):
        wrong.load_weights(tmp_path / "w.weights.pydeep")


def test_path_and_argument_errors(tmp_path):
    model = _sequential()
    with pytest.raises(ValueError, match=r"\.keras.*\.pydeep|\.pydeep.*\.keras"):
        model.save(tmp_path / "m.keras")
    with pytest.raises(ValueError, match="HDF5"):
        model.save(tmp_path / "m.h5")
    with pytest.raises(ValueError, match=r"\.pydeep"):
        model.save(tmp_path / "m.bin")
    with pytest.raises(ValueError, match=r"\.weights\.pydeep"):
        model.save_weights(tmp_path / "w.pydeep")
    model.save(tmp_path / "m.pydeep")
    with pytest.raises(FileExistsError, match="overwrite"):
        model.save(tmp_path / "m.pydeep", overwrite=False)
    with pytest.raises(OSError, match="cannot create"):
        model.save(tmp_path / "missing_dir" / "m.pydeep")
    with pytest.raises(FileNotFoundError, match="no such file"):
        pydeep.models.load_model(tmp_path / "nope.pydeep")
    with pytest.raises(IsADirectoryError, match="directory"):
        pydeep.models.load_model(tmp_path)
    os.mkdir(tmp_path / "d.pydeep")
    with pytest.raises(OSError, match="directory"):
        model.save(tmp_path / "d.pydeep")


@pydeep.saving.register_keras_serializable(package="Tests")
class ScaledDense(layers.Dense):
    def __init__(self, units, scale=1.0, **kwargs):
        super().__init__(units, **kwargs)
        self.scale = scale

    def get_config(self):
        return {**super().get_config(), "scale": self.scale}


@pydeep.saving.register_keras_serializable(package="Tests")
def half_mse(y_true, y_pred):
    return pydeep.ops.mean(pydeep.ops.square(y_true - y_pred), axis=-1) * 0.5


class Unregistered(layers.Dense):
    pass


def test_custom_objects_registered_and_passed(tmp_path):
    x, y, _ = _data()
    inp = pydeep.Input((6,))
    model = pydeep.Model(inp, ScaledDense(1, scale=3.0, name="scaled")(inp))
    model.compile(optimizer="adam", loss=half_mse, metrics=[half_mse])
    model.fit(x, y, epochs=1, verbose=0)
    entry = model.get_config()["layers"][1]
    assert entry["class_name"] == "ScaledDense" and entry["registered_name"] == "Tests>ScaledDense"
    assert entry["config"]["scale"] == 3.0
    model.save(tmp_path / "c.pydeep")
    loaded = pydeep.models.load_model(tmp_path / "c.pydeep")
    assert type(loaded.layers[1]) is ScaledDense and loaded.layers[1].scale == 3.0
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    assert loaded.evaluate(x, y, verbose=0) == pytest.approx(model.evaluate(x, y, verbose=0))
    with pytest.raises(ValueError, match="Python"):  # C++ cannot rebuild Python classes
        pydeep._core.load_model_native(str(tmp_path / "c.pydeep"))

    model2 = pydeep.Model(inp, Unregistered(1, name="u")(inp))
    model2.save(tmp_path / "u.pydeep")
    with pytest.raises(ValueError, match="Unregistered.*custom_objects"):
        pydeep.models.load_model(tmp_path / "u.pydeep")
    loaded2 = pydeep.models.load_model(tmp_path / "u.pydeep",
                                       custom_objects={"Unregistered": Unregistered})
    assert type(loaded2.layers[1]) is Unregistered
    with pydeep.saving.custom_object_scope({"Unregistered": Unregistered}):
        assert type(pydeep.models.load_model(tmp_path / "u.pydeep").layers[1]) is Unregistered
    assert pydeep.utils.get_registered_name(ScaledDense) == "Tests>ScaledDense"
    assert pydeep.utils.get_registered_object("Tests>ScaledDense") is ScaledDense


@pydeep.saving.register_keras_serializable(package="Tests")
def triple(t):
    return t * 3.0


def test_lambda_layers_save_by_name_and_lambdas_need_trust(tmp_path):
    inp = pydeep.Input((3,))
    named = pydeep.Model(inp, layers.Lambda(triple, name="triple")(inp))
    named.save(tmp_path / "n.pydeep")
    x = np.arange(6, dtype="float32").reshape(2, 3)
    np.testing.assert_array_equal(pydeep.models.load_model(tmp_path / "n.pydeep").predict(
        x, verbose=0), 3 * x)
    with pytest.raises(ValueError, match="Lambda"):  # C++ cannot run Python functions
        pydeep._core.load_model_native(str(tmp_path / "n.pydeep"))
    anonymous = pydeep.Model(inp, layers.Lambda(lambda t: t * 2.0, name="double")(inp))
    anonymous.save(tmp_path / "l.pydeep")
    with pytest.raises(ValueError, match="safe_mode=False"):
        pydeep.models.load_model(tmp_path / "l.pydeep")
    trusted = pydeep.models.load_model(tmp_path / "l.pydeep", safe_mode=False)
    np.testing.assert_array_equal(trusted.predict(x, verbose=0), 2 * x)


def test_nested_models_round_trip(tmp_path):
    inner_in = pydeep.Input((4,), name="inner_in")
    inner = pydeep.Model(inner_in, layers.Dense(3, activation="relu", name="inner_dense")(
        inner_in), name="inner")
    outer_in = pydeep.Input((4,), name="outer_in")
    block = pydeep.Sequential([pydeep.Input((3,)), layers.Dense(2, name="seq_dense")],
                              name="block")
    out = block(inner(outer_in))
    model = pydeep.Model(outer_in, layers.Add(name="sum")([out, block(inner(outer_in))]),
                         name="outer")
    model.compile(optimizer="adam", loss="mse")
    x = np.random.default_rng(0).normal(size=(8, 4)).astype("float32")
    model.fit(x, np.zeros((8, 2), "float32"), epochs=1, verbose=0)
    config = model.get_config()
    assert [e["class_name"] for e in config["layers"]][1:3] == ["Functional", "Sequential"]
    model.save(tmp_path / "nested.pydeep")
    loaded = pydeep.models.load_model(tmp_path / "nested.pydeep")
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    assert loaded.get_config() == config
    native = pydeep._core.load_model_native(str(tmp_path / "nested.pydeep"))
    np.testing.assert_array_equal(
        np.asarray(native.predict_on_batch([pydeep._core.convert_to_tensor(x)])[0]),
        model.predict(x, verbose=0))


def test_input_name_collision_is_reported(tmp_path):
    inp = pydeep.Input((3,), name="same")
    model = pydeep.Model(inp, layers.Dense(2, name="same")(inp))
    with pytest.raises(ValueError, match="two layers named 'same'"):
        model.save(tmp_path / "x.pydeep")


def test_concurrent_predict_from_python_threads(tmp_path):
    model = _compiled_functional()
    model.save(tmp_path / "m.pydeep")
    loaded = pydeep.models.load_model(tmp_path / "m.pydeep")
    inputs = [np.random.default_rng(i).normal(size=(257, 6)).astype("float32") for i in range(8)]
    expected = [loaded.predict(x, verbose=0) for x in inputs]
    results = [None] * len(inputs)

    def work(i):
        for _ in range(5):
            results[i] = loaded.predict(inputs[i], verbose=0)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(inputs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for got, want in zip(results, expected):
        for a, b in zip(got, want):
            np.testing.assert_array_equal(a, b)
