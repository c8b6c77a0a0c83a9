"""Pooling layers: forward and input gradients against float64 window loops
(conv_reference.pool), Keras parity, output shapes and errors."""
import numpy as np
import pytest

import conv_reference as cref
from layer_check import check_layer, compare_with_keras
from pydeep import layers

POOL_CASES = [
    (layers.MaxPooling1D, dict(pool_size=2), (2, 7, 3)),
    (layers.MaxPooling1D, dict(pool_size=3, strides=1, padding="same"), (1, 5, 2)),
    (layers.AveragePooling1D, dict(pool_size=2, strides=3), (2, 8, 2)),
    (layers.MaxPooling2D, dict(), (2, 5, 6, 2)),
    (layers.MaxPooling2D, dict(pool_size=(3, 2), strides=(2, 1), padding="same"), (1, 5, 4, 3)),
    (layers.AveragePooling2D, dict(pool_size=2, padding="same"), (2, 5, 5, 2)),
    (layers.AveragePooling2D, dict(pool_size=3, strides=2), (1, 7, 6, 1)),
    (layers.MaxPooling3D, dict(pool_size=2, padding="same"), (1, 3, 4, 3, 2)),
    (layers.AveragePooling3D, dict(pool_size=(1, 2, 2)), (2, 2, 4, 5, 2)),
]


@pytest.mark.parametrize("cls,kw,shape", POOL_CASES, ids=lambda v: str(v))
def test_pooling_forward_and_gradients(cls, kw, shape, rng):
    rank = len(shape) - 2
    pool = list(np.broadcast_to(kw.get("pool_size", 2), rank))
    strides = list(np.broadcast_to(kw.get("strides") or pool, rank))
    op = "max" if cls.__name__.startswith("Max") else "avg"
    layer = cls(**kw)
    x = rng.normal(size=shape)
    check_layer(layer, x, lambda x: cref.pool(x, pool, strides, kw.get("padding", "valid"), op),
                rng)
    assert layer.count_params() == 0 if layer.built else True


def test_max_pool_gradient_goes_to_the_first_maximum():
    import pydeep
    x = pydeep.ops.convert_to_tensor(np.array([[[1.0], [3.0], [3.0], [0.0]]], np.float32))
    with pydeep.GradientTape() as tape:
        tape.watch(x)
        y = layers.MaxPooling1D(4)(x)
    np.testing.assert_array_equal(np.asarray(tape.gradient(y, x)).ravel(), [0, 1, 0, 0])


@pytest.mark.parametrize("name,kw,shape", [
    ("MaxPooling2D", dict(pool_size=2, padding="same"), (2, 5, 7, 3)),
    ("MaxPooling2D", dict(pool_size=3, strides=2), (1, 9, 8, 2)),
    # Keras's torch backend pads asymmetric "same" average windows by edge
    # replication; symmetric cases agree with TensorFlow's exclude-padding rule.
    ("AveragePooling2D", dict(pool_size=3, strides=1, padding="same"), (2, 5, 6, 2)),
    ("AveragePooling1D", dict(pool_size=2, strides=2), (2, 9, 3)),
    ("MaxPooling3D", dict(pool_size=2, strides=1, padding="valid"), (1, 3, 4, 3, 2)),
    ("GlobalAveragePooling2D", dict(), (2, 4, 5, 3)),
    ("GlobalMaxPooling1D", dict(keepdims=True), (2, 6, 3)),
    ("GlobalMaxPooling2D", dict(), (2, 4, 5, 3)),
    ("GlobalAveragePooling1D", dict(keepdims=True), (3, 5, 2)),
])
def test_pooling_matches_keras(name, kw, shape, rng):
    x = rng.normal(size=shape).astype(np.float32)
    compare_with_keras(lambda: getattr(layers, name)(**kw),
                       lambda keras: getattr(keras.layers, name)(**kw), x)


@pytest.mark.parametrize("cls,keepdims,shape,want", [
    (layers.GlobalAveragePooling1D, False, (2, 5, 3), lambda x: x.mean(1)),
    (layers.GlobalMaxPooling2D, True, (2, 3, 4, 3), lambda x: x.max((1, 2), keepdims=True)),
    (layers.GlobalAveragePooling3D, False, (1, 2, 3, 2, 4), lambda x: x.mean((1, 2, 3))),
])
def test_global_pooling_forward_and_gradients(cls, keepdims, shape, want, rng):
    check_layer(cls(keepdims=keepdims), rng.normal(size=shape), want, rng)
    assert cls(keepdims=keepdims).compute_output_shape((None,) + shape[1:]) == \
        (None,) + want(np.zeros(shape)).shape[1:]


def test_pooling_errors_and_unknown_spatial_sizes():
    with pytest.raises(ValueError, match=r"MaxPooling2D layer 'p': expected an input of rank 4.*"
                                         r"\(2, 5, 3\)"):
        layers.MaxPooling2D(name="p")(np.zeros((2, 5, 3), np.float32))
    with pytest.raises(NotImplementedError, match="data_format"):
        layers.AveragePooling2D(data_format="channels_first")
    with pytest.raises(ValueError, match="padding"):
        layers.MaxPooling1D(padding="causal")
    assert layers.MaxPooling2D(3, 2, "same").compute_output_shape((None, None, 7, 4)) == \
        (None, None, 4, 4)
