"""Lambda: Python functions over pydeep.ops inside the C++ graph."""
import numpy as np
import pytest

import pydeep
from pydeep import layers, ops


def cube_plus(t, offset=1.0):
    return t * t * t + offset


def test_forward_matches_numpy_and_infers_shapes():
    layer = layers.Lambda(cube_plus, arguments={"offset": 0.5})
    inp = pydeep.Input((3, 2))
    out = layer(inp)
    assert out.shape == (None, 3, 2)
    x = np.random.default_rng(0).normal(size=(4, 3, 2)).astype("float32")
    np.testing.assert_allclose(np.asarray(layer(x)), x.astype(np.float64) ** 3 + 0.5, rtol=1e-6)
    model = pydeep.Model(inp, out)
    np.testing.assert_allclose(model.predict(x, verbose=0), x.astype(np.float64) ** 3 + 0.5,
                               rtol=1e-6)


def test_gradients_flow_through_the_function():
    pydeep.utils.set_random_seed(0)
    inp = pydeep.Input((3,))
    dense = layers.Dense(2)
    out = layers.Lambda(lambda t: ops.square(t))(dense(inp))
    model = pydeep.Model(inp, out)
    x = np.random.default_rng(1).normal(size=(5, 3)).astype("float32")
    with pydeep.GradientTape() as tape:
        loss = ops.sum(model(x, training=True))
    gk, gb = tape.gradient(loss, dense.trainable_weights)
    w, b = (np.asarray(v, dtype=np.float64) for v in dense.weights)
    z = x.astype(np.float64) @ w + b  # d/dz sum(z^2) = 2z
    np.testing.assert_allclose(np.asarray(gk), x.T.astype(np.float64) @ (2 * z), rtol=1e-5)
    np.testing.assert_allclose(np.asarray(gb), (2 * z).sum(0), rtol=1e-5)


def test_training_through_lambda_equals_builtin_activation():
    x = np.random.default_rng(2).normal(size=(64, 4)).astype("float32")
    y = np.abs(x).sum(1, keepdims=True).astype("float32")

    def build(middle):
        pydeep.utils.set_random_seed(7)
        model = pydeep.Sequential([pydeep.Input((4,)), layers.Dense(8), middle, layers.Dense(1)])
        model.compile(optimizer=pydeep.optimizers.Adam(0.01), loss="mse")
        return model
    a = build(layers.Activation("relu"))
    b = build(layers.Lambda(lambda t: ops.relu(t)))
    ha = a.fit(x, y, epochs=20, batch_size=16, shuffle=False, verbose=0)
    hb = b.fit(x, y, epochs=20, batch_size=16, shuffle=False, verbose=0)
    np.testing.assert_allclose(hb.history["loss"], ha.history["loss"], rtol=1e-5)
    assert hb.history["loss"][-1] < 0.2 * hb.history["loss"][0]


def test_list_inputs_training_flag_and_output_shape_forms():
    a, b = pydeep.Input((3,)), pydeep.Input((3,))
    diff = layers.Lambda(lambda ts: ts[0] - ts[1])([a, b])
    assert diff.shape == (None, 3)
    seen = []

    def record(t, training=None):
        seen.append(training)
        return t
    flagged = layers.Lambda(record)(diff)
    model = pydeep.Model([a, b], flagged)
    xa, xb = np.ones((2, 3), "float32"), np.full((2, 3), 0.25, "float32")
    np.testing.assert_allclose(model.predict([xa, xb], verbose=0), np.full((2, 3), 0.75))
    model(([xa, xb]), training=True)
    assert seen[-2:] == [False, True]
    fixed = layers.Lambda(lambda t: ops.reshape(t, (-1, 6)), output_shape=(6,))
    assert fixed(pydeep.Input((2, 3))).shape == (None, 6)
    computed = layers.Lambda(lambda t: t[:, :1], output_shape=lambda s: (s[0], 1))
    assert computed(pydeep.Input((5,))).shape == (None, 1)


def test_errors_in_user_code_surface_unchanged():
    class Broken(Exception):
        pass

    def explode(t):
        if t.shape[0] == 3:
            raise Broken("bad batch of 3")
        return t
    model = pydeep.Sequential([pydeep.Input((2,)), layers.Lambda(explode), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    x, y = np.zeros((7, 2), "float32"), np.zeros((7, 1), "float32")
    with pytest.raises(Broken, match="bad batch of 3"):
        model.fit(x, y, batch_size=4, verbose=0)  # the last batch has 3 rows
    with pytest.raises(ValueError, match="callable"):
        layers.Lambda(3)
    with pytest.raises(NotImplementedError, match="mask"):
        layers.Lambda(cube_plus, mask=lambda x, m: m)


def test_config_round_trip_and_lambda_safety():
    layer = layers.Lambda(cube_plus, arguments={"offset": 2.0}, name="cubes")
    config = layer.get_config()
    assert config["function"] == {"class_name": "function", "module": __name__,
                                  "config": "cube_plus"}
    clone = layers.Lambda.from_config(config)
    x = np.arange(4, dtype="float32").reshape(2, 2)
    np.testing.assert_allclose(np.asarray(clone(x)), x ** 3 + 2.0)
    anonymous = layers.Lambda(lambda t: t * 3.0).get_config()
    with pytest.raises(ValueError, match="safe_mode=False"):
        layers.Lambda.from_config(anonymous)
    restored = layers.Lambda.from_config(anonymous, safe_mode=False)
    np.testing.assert_allclose(np.asarray(restored(x)), x * 3.0)
