"""Core layers: forward and gradients against numpy float64 formulas, Keras
defaults and weight layouts, and errors naming the layer and shapes."""
import numpy as np
import pytest

import pydeep
from pydeep import layers


def _grad_wrt_input(layer, x, w):
    t = pydeep.ops.convert_to_tensor(x)
    with pydeep.GradientTape() as tape:
        tape.watch(t)
        y = layer(t, training=False)
    return np.asarray(tape.gradient(y, t, output_gradients=w.astype(np.float32)))


def test_dense_forward_and_gradients_match_numpy(rng):
    layer = layers.Dense(4, activation="tanh")
    x = rng.normal(size=(5, 3)).astype(np.float32)
    y = np.asarray(layer(x))
    kernel, bias = [w.numpy().astype(np.float64) for w in layer.weights]
    assert kernel.shape == (3, 4) and bias.shape == (4,)  # Keras layout
    np.testing.assert_allclose(y, np.tanh(x @ kernel + bias), rtol=1e-5, atol=1e-6)
    w = rng.normal(size=(5, 4))
    t = pydeep.ops.convert_to_tensor(x)
    with pydeep.GradientTape() as tape:
        tape.watch(t)
        out = layer(t)
    gx, gk, gb = tape.gradient(out, [t, layer.kernel, layer.bias],
                               output_gradients=w.astype(np.float32))
    d = w * (1 - np.tanh(x @ kernel + bias) ** 2)
    np.testing.assert_allclose(np.asarray(gx), d @ kernel.T, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(np.asarray(gk), x.T @ d, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(np.asarray(gb), d.sum(0), rtol=1e-4, atol=1e-5)


def test_dense_on_rank3_input_and_no_bias(rng):
    layer = layers.Dense(2, use_bias=False, kernel_initializer="ones")
    x = rng.normal(size=(2, 3, 4)).astype(np.float32)
    np.testing.assert_allclose(np.asarray(layer(x)), np.repeat(x.sum(-1, keepdims=True), 2, -1),
                               rtol=1e-5)
    assert len(layer.weights) == 1 and layer.count_params() == 8


def test_dense_glorot_uniform_default_has_keras_limits():
    layer = layers.Dense(300)
    layer.build((None, 200))
    k = layer.kernel.numpy()
    limit = np.sqrt(6 / (200 + 300))
    assert np.abs(k).max() <= limit and np.abs(k).max() > 0.9 * limit
    assert np.all(layer.bias.numpy() == 0)


@pytest.mark.parametrize("make,ref,shape", [
    (lambda: layers.Activation("relu"), lambda x: np.maximum(x, 0), (3, 4)),
    (lambda: layers.Activation("softmax"),
     lambda x: np.exp(x) / np.exp(x).sum(-1, keepdims=True), (3, 4)),
    (lambda: layers.Identity(), lambda x: x, (2, 5)),
    (lambda: layers.Rescaling(1 / 255.0, offset=-1.0), lambda x: x / 255.0 - 1.0, (2, 3)),
    (lambda: layers.Flatten(), lambda x: x.reshape(len(x), -1), (2, 3, 4)),
    (lambda: layers.Reshape((3, -1)), lambda x: x.reshape(len(x), 3, -1), (2, 12)),
    (lambda: layers.Permute((2, 1)), lambda x: x.transpose(0, 2, 1), (2, 3, 4)),
    (lambda: layers.RepeatVector(3), lambda x: np.repeat(x[:, None, :], 3, axis=1), (2, 4)),
])
def test_shape_layers_forward_and_gradient(make, ref, shape, rng):
    layer = make()
    x = rng.normal(size=shape).astype(np.float32)
    y = np.asarray(layer(x))
    want = ref(x.astype(np.float64))
    np.testing.assert_allclose(y, want, rtol=1e-5, atol=1e-6)
    assert tuple(layer.compute_output_shape((None,) + shape[1:])[1:]) == want.shape[1:]
    # gradient of sum(y * w) by central differences of the reference
    w = rng.normal(size=want.shape)
    g = _grad_wrt_input(layer, x, w)
    eps, num = 1e-6, np.zeros(x.shape)
    x64 = x.astype(np.float64)
    for i in np.ndindex(*x.shape):
        up, down = x64.copy(), x64.copy()
        up[i] += eps
        down[i] -= eps
        num[i] = ((ref(up) - ref(down)) * w).sum() / (2 * eps)
    np.testing.assert_allclose(g, num, rtol=1e-4, atol=1e-5)


def test_dropout_training_and_inference(rng):
    layer = layers.Dropout(0.25, seed=3)
    x = np.ones((200, 100), np.float32)
    np.testing.assert_array_equal(np.asarray(layer(x)), x)  # inference: identity
    y = np.asarray(layer(x, training=True))
    kept = y != 0
    assert abs(kept.mean() - 0.75) < 0.01
    np.testing.assert_allclose(y[kept], 1 / 0.75, rtol=1e-6)
    y2 = np.asarray(layer(x, training=True))
    assert not np.array_equal(y, y2)  # a fresh mask per call


@pytest.mark.parametrize("make,match", [
    (lambda: layers.Dense(0), "units"),
    (lambda: layers.Dense(-3), "units"),
    (lambda: layers.Dropout(1.5), "rate"),
    (lambda: layers.Activation("no_such_fn"), "no_such_fn"),
    (lambda: layers.Reshape((2, -1, -1)), "-1"),
    (lambda: layers.Permute((1, 1)), "permutation"),
    (lambda: layers.Dense(3, kernel_regularizer="l3"), "kernel_regularizer.*l3"),
    (lambda: layers.Dense(3, lora_rank=4), "lora_rank"),
])
def test_bad_arguments(make, match):
    with pytest.raises((ValueError, NotImplementedError), match=match):
        make()


def test_input_mismatch_names_the_layer_and_shapes():
    layer = layers.Dense(2, name="probe")
    layer(np.zeros((1, 3), np.float32))
    with pytest.raises(ValueError, match=r"probe.*3 features.*\(1, 5\)"):
        layer(np.zeros((1, 5), np.float32))
    with pytest.raises(ValueError, match="rank"):
        layers.Dense(2)(np.zeros((3,), np.float32))
    with pytest.raises(ValueError, match="Reshape"):
        layers.Reshape((5,))(np.zeros((2, 4), np.float32))


def test_config_round_trip():
    for layer in [layers.Dense(3, activation="relu", use_bias=False, name="d"),
                  layers.Dropout(0.3, seed=1), layers.Reshape((2, 3)), layers.Permute((2, 1)),
                  layers.RepeatVector(4), layers.Rescaling(0.5, 1.0), layers.Activation("tanh"),
                  layers.Flatten(), layers.Identity()]:
        config = layer.get_config()
        clone = type(layer).from_config({k: v for k, v in config.items() if k != "name"})
        assert {k: v for k, v in clone.get_config().items() if k != "name"} == \
            {k: v for k, v in config.items() if k != "name"}
