"""Subclassed layers: Python call() over pydeep.ops inside the C++ graph."""
import numpy as np
import pytest

import pydeep
from pydeep import layers, ops


class OpsDense(layers.Layer):
    """Dense written with pydeep.ops: the reference the built-in must equal."""

    def __init__(self, units, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.activation = pydeep.activations.get(activation)

    def build(self, input_shape):
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units),
                                      initializer="glorot_uniform", name="kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, inputs):
        return self.activation(ops.add(ops.matmul(inputs, self.kernel), self.bias))

    def get_config(self):
        return {**super().get_config(), "units": self.units,
                "activation": pydeep.activations.serialize(self.activation)}


class Scale(layers.Layer):
    """A layer with a sub-layer, a non-trainable weight, add_loss and training."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.inner = layers.Dense(2)
        self.seen_training = []

    def build(self, input_shape):
        self.factor = self.add_weight(shape=(), initializer="ones", trainable=False,
                                      name="factor")

    def call(self, x, training=None):
        self.seen_training.append(training)
        y = self.inner(x) * self.factor
        self.add_loss(0.5 * ops.mean(ops.square(y)))
        return y


def test_custom_dense_equals_builtin_outputs_and_gradients():
    x = np.random.default_rng(0).normal(size=(6, 5)).astype("float32")
    mine, builtin = OpsDense(3, activation="tanh"), layers.Dense(3, activation="tanh")
    mine.build((None, 5))
    builtin.build((None, 5))
    mine.set_weights(builtin.get_weights())
    np.testing.assert_allclose(np.asarray(mine(x)), np.asarray(builtin(x)), rtol=1e-6)
    grads = []
    for layer in (mine, builtin):
        with pydeep.GradientTape() as tape:
            loss = ops.sum(ops.square(layer(x)))
        grads.append(tape.gradient(loss, layer.trainable_weights))
    for a, b in zip(*grads):
        np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-5, atol=1e-7)
    assert [w.name for w in mine.weights][0].endswith("kernel")


def test_custom_layer_in_sequential_and_functional_models_trains():
    rng = np.random.default_rng(1)
    x = rng.normal(size=(256, 4)).astype("float32")
    y = (x[:, :1] * 2.0 - x[:, 1:2]).astype("float32")
    pydeep.utils.set_random_seed(2)
    model = pydeep.Sequential([pydeep.Input((4,)), OpsDense(8, activation="relu"), OpsDense(1)])
    model.compile(optimizer=pydeep.optimizers.Adam(0.02), loss="mse")
    assert model.count_params() == 4 * 8 + 8 + 8 + 1
    history = model.fit(x, y, epochs=30, batch_size=32, verbose=0)
    assert history.history["loss"][-1] < 0.02 * history.history["loss"][0]
    inp = pydeep.Input((4,))
    functional = pydeep.Model(inp, OpsDense(1)(OpsDense(3)(inp)))
    assert functional.output_shape == (None, 1) and len(functional.weights) == 4


def test_sublayers_non_trainable_weights_add_loss_and_training_flag():
    layer = Scale()
    inp = pydeep.Input((3,))
    model = pydeep.Model(inp, layer(inp))
    assert len(model.trainable_weights) == 2 and len(model.non_trainable_weights) == 1
    assert model.count_params() == 3 * 2 + 2 + 1
    model.compile(optimizer="sgd", loss="mse")
    x = np.ones((4, 3), "float32")
    y = np.zeros((4, 2), "float32")
    out = model.predict(x, verbose=0)
    data_loss = np.mean(out.astype(np.float64) ** 2)
    # evaluate adds the add_loss penalty (0.5 * mean(y^2)) to the mse, as Keras does.
    np.testing.assert_allclose(model.evaluate(x, y, verbose=0), 1.5 * data_loss, rtol=1e-5)
    model.fit(x, y, epochs=1, verbose=0)
    assert True in layer.seen_training and False in layer.seen_training
    assert len(model.losses) == 1


def test_errors_in_call_and_wrong_output_shapes():
    class Broken(layers.Layer):
        def call(self, x):
            raise RuntimeError("user bug in call")

    with pytest.raises(RuntimeError, match="user bug in call"):
        Broken()(pydeep.Input((3,)))

    class Liar(layers.Layer):
        def compute_output_shape(self, input_shape):
            return input_shape

        def call(self, x):
            return ops.concatenate([x, x], axis=-1)
    liar = Liar(name="liar")
    model = pydeep.Sequential([pydeep.Input((3,)), liar])
    with pytest.raises(ValueError, match=r"liar.*\(2, 6\).*\(None, 3\)"):
        model.predict(np.ones((2, 3), "float32"), verbose=0)


def test_custom_layer_config_round_trip():
    layer = OpsDense(4, activation="relu", name="custom")
    config = layer.get_config()
    assert config["units"] == 4 and config["name"] == "custom"
    clone = OpsDense.from_config(config)
    assert clone.units == 4 and clone.name == "custom"


@pydeep.saving.register_keras_serializable(package="tests")
class SavedOpsDense(OpsDense):
    pass


def test_model_with_a_registered_custom_layer_saves_and_loads(tmp_path):
    pydeep.utils.set_random_seed(3)
    model = pydeep.Sequential([pydeep.Input((5,)), SavedOpsDense(4, activation="tanh"),
                               layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    x = np.random.default_rng(4).normal(size=(32, 5)).astype("float32")
    y = x[:, :1] * 0.5
    model.fit(x, y, epochs=2, verbose=0)
    path = tmp_path / "custom.pydeep"
    model.save(path)
    loaded = pydeep.models.load_model(path)
    assert type(loaded.layers[0]) is SavedOpsDense and loaded.layers[0].units == 4
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    # Training continues identically (optimizer state restored).
    a = model.fit(x, y, epochs=2, shuffle=False, verbose=0).history["loss"]
    b = loaded.fit(x, y, epochs=2, shuffle=False, verbose=0).history["loss"]
    assert a == b


def test_shape_probe_failure_keeps_the_error_and_says_how_to_fix_it():
    class FixedBatch(layers.Layer):
        def build(self, input_shape):
            self.a = self.add_weight(shape=(5, 5))

        def call(self, x):
            return ops.matmul(self.a, x)  # only works for a batch of 5

    with pytest.raises(ValueError, match="contracted axes") as info:
        pydeep.Sequential([pydeep.Input((3,)), FixedBatch(name="fixed_batch")])
    note = " ".join(getattr(info.value, "__notes__", []))
    assert "fixed_batch" in note and "compute_output_shape" in note and "(2, 3)" in note
    model = pydeep.Sequential([pydeep.Input(batch_shape=(5, 3)), FixedBatch()])
    assert model.output_shape == (5, 3)
