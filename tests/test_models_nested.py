"""Models used as layers of other models (Keras's nested models)."""
import os

import numpy as np
import pytest

import pydeep
from pydeep import layers


def encoder(name="encoder"):
    return pydeep.Sequential([pydeep.Input((6,)), layers.Dense(5, activation="tanh"),
                              layers.Dense(3)], name=name)


def data(n=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 6)).astype("float32")
    y = (np.sin(x[:, :1]) + x[:, 1:2] * x[:, 2:3]).astype("float32")
    return x, y


def numpy_forward(weights, x):
    k1, b1, k2, b2, k3, b3 = (np.asarray(w, dtype=np.float64) for w in weights)
    h = np.tanh(x.astype(np.float64) @ k1 + b1) @ k2 + b2
    return h @ k3 + b3


def test_nested_forward_weights_and_summary():
    pydeep.utils.set_random_seed(0)
    enc = encoder()
    inp = pydeep.Input((6,))
    model = pydeep.Model(inp, layers.Dense(1)(enc(inp)))
    assert [l.name for l in model.layers][1] == "encoder"
    assert model.count_params() == (6 * 5 + 5) + (5 * 3 + 3) + (3 + 1)
    assert len(model.weights) == 6 and model.weights[0] is not None
    x, _ = data(9)
    np.testing.assert_allclose(model.predict(x, verbose=0), numpy_forward(model.get_weights(), x),
                               rtol=1e-5, atol=1e-6)
    lines = []
    model.summary(print_fn=lines.append)
    assert any("encoder (Sequential)" in l and "(None, 3)" in l and "53" in l for l in lines)


def test_training_the_outer_model_trains_the_shared_inner_weights():
    pydeep.utils.set_random_seed(1)
    enc = encoder()
    model = pydeep.Sequential([enc, layers.Dense(1)])
    model.compile(optimizer=pydeep.optimizers.Adam(0.02), loss="mse")
    x, y = data(256)
    before = enc.get_weights()
    flat = pydeep.Sequential([pydeep.Input((6,)), layers.Dense(5, activation="tanh"),
                              layers.Dense(3), layers.Dense(1)])
    flat.set_weights(model.get_weights())
    flat.compile(optimizer=pydeep.optimizers.Adam(0.02), loss="mse")
    history = model.fit(x, y, epochs=40, batch_size=32, shuffle=False, verbose=0)
    flat_history = flat.fit(x, y, epochs=40, batch_size=32, shuffle=False, verbose=0)
    # Nesting changes nothing numerically: the same steps as the flat model.
    np.testing.assert_allclose(history.history["loss"], flat_history.history["loss"], rtol=1e-5)
    for a, b in zip(model.get_weights(), flat.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-6)
    assert history.history["loss"][-1] < 0.5 * history.history["loss"][0]
    after = enc.get_weights()
    assert all(not np.allclose(a, b) for a, b in zip(before, after))
    # The inner model sees the trained weights too.
    np.testing.assert_allclose(model.predict(x[:5], verbose=0),
                               np.asarray(model.layers[1](enc.predict(x[:5], verbose=0))),
                               rtol=1e-5, atol=1e-6)


def test_frozen_inner_model_for_transfer_learning():
    pydeep.utils.set_random_seed(2)
    enc = encoder()
    inp = pydeep.Input((6,))
    head = layers.Dense(1)
    model = pydeep.Model(inp, head(enc(inp)))
    enc.trainable = False
    assert len(model.trainable_weights) == 2 and len(model.non_trainable_weights) == 4
    model.compile(optimizer="adam", loss="mse")
    frozen = enc.get_weights()
    head_before = head.get_weights()
    model.fit(*data(64), epochs=2, verbose=0)
    for a, b in zip(frozen, enc.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert not np.allclose(head_before[0], head.get_weights()[0])
    # Unfreezing makes the inner weights trainable again.
    enc.trainable = True
    assert len(model.trainable_weights) == 6


def test_an_inner_frozen_layer_stays_frozen_and_the_model_stays_trainable():
    enc = encoder()
    enc.layers[0].trainable = False
    assert enc.trainable
    model = pydeep.Sequential([enc, layers.Dense(1)])
    assert len(model.trainable_weights) == 4  # inner second Dense + head


def test_shared_nested_model_siamese():
    pydeep.utils.set_random_seed(3)
    enc = encoder()
    a, b = pydeep.Input((6,)), pydeep.Input((6,))
    distance = layers.Subtract()([enc(a), enc(b)])
    model = pydeep.Model([a, b], layers.Dense(1)(distance))
    assert len(model.weights) == 6  # the encoder's weights count once
    xa, _ = data(4, 1)
    xb, _ = data(4, 2)
    ea = enc.predict(xa, verbose=0)
    eb = enc.predict(xb, verbose=0)
    k, bias = model.layers[-1].get_weights()
    np.testing.assert_allclose(model.predict([xa, xb], verbose=0), (ea - eb) @ k + bias,
                               rtol=1e-5, atol=1e-6)


def test_multi_output_inner_model_and_shape_errors():
    inp = pydeep.Input((4,))
    two = pydeep.Model(inp, [layers.Dense(2)(inp), layers.Dense(3)(inp)], name="two_heads")
    outer_in = pydeep.Input((4,))
    p, q = two(outer_in)
    assert p.shape == (None, 2) and q.shape == (None, 3)
    model = pydeep.Model(outer_in, layers.Concatenate()([p, q]))
    assert model.output_shape == (None, 5)
    with pytest.raises(ValueError, match=r"two_heads.*expected shape \(-1, 4\).*received \(-1, 5\)"):
        two(pydeep.Input((5,)))


def test_nested_models_match_keras():
    keras = pytest.importorskip("keras") if os.environ.get("KERAS_BACKEND") == "torch" else None
    if keras is None:
        os.environ.setdefault("KERAS_BACKEND", "torch")
        keras = pytest.importorskip("keras")
    enc = encoder()
    inp = pydeep.Input((6,))
    model = pydeep.Model(inp, layers.Dense(1)(enc(inp)))
    kenc = keras.Sequential([keras.Input((6,)), keras.layers.Dense(5, activation="tanh"),
                             keras.layers.Dense(3)])
    kin = keras.Input((6,))
    kmodel = keras.Model(kin, keras.layers.Dense(1)(kenc(kin)))
    assert kmodel.count_params() == model.count_params()
    assert [tuple(w.shape) for w in kmodel.weights] == [tuple(w.shape) for w in model.weights]
    kmodel.set_weights(model.get_weights())
    x, _ = data(8)
    np.testing.assert_allclose(model.predict(x, verbose=0),
                               np.asarray(kmodel.predict(x, verbose=0)), rtol=1e-5, atol=1e-6)
