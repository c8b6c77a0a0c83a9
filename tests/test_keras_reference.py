"""pydeep.ops against keras.ops itself (Keras 3 on the torch backend), where
installed: same names, same defaults, same values. Skips cleanly without Keras."""
import os

import numpy as np
import pytest

os.environ.setdefault("KERAS_BACKEND", "torch")
keras = pytest.importorskip("keras")
pytest.importorskip("torch")

from pydeep import ops  # noqa: E402

X = np.random.default_rng(7).uniform(-4, 4, size=(3, 5)).astype(np.float32)
Y = np.random.default_rng(8).uniform(0.5, 2, size=(5,)).astype(np.float32)

UNARY = ["relu", "relu6", "sigmoid", "hard_sigmoid", "softplus", "softsign", "silu", "swish",
         "log_sigmoid", "leaky_relu", "elu", "selu", "gelu", "softmax", "log_softmax", "exp",
         "abs", "negative", "square", "tanh", "sin", "cos", "sign", "expm1"]
BINARY = ["add", "subtract", "multiply", "divide", "maximum", "minimum", "power"]
REDUCE = [("sum", {}), ("sum", {"axis": 0}), ("mean", {"axis": -1, "keepdims": True}),
          ("max", {"axis": 1}), ("min", {}), ("argmax", {"axis": 1}), ("argmin", {})]


def _np(x):
    return keras.ops.convert_to_numpy(x)


@pytest.mark.parametrize("name", UNARY)
def test_unary_matches_keras(name):
    np.testing.assert_allclose(np.asarray(getattr(ops, name)(X)), _np(getattr(keras.ops, name)(X)),
                               rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", BINARY)
def test_binary_matches_keras(name):
    a = np.abs(X) if name == "power" else X
    np.testing.assert_allclose(np.asarray(getattr(ops, name)(a, Y)),
                               _np(getattr(keras.ops, name)(a, Y)), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name,kwargs", REDUCE)
def test_reductions_match_keras(name, kwargs):
    got = getattr(ops, name)(X, **kwargs)
    want = _np(getattr(keras.ops, name)(X, **kwargs))
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-5, atol=1e-5)


def test_structural_ops_match_keras():
    idx = np.array([[1, 0], [4, 4]])
    cases = [
        (ops.transpose(X), keras.ops.transpose(X)),
        (ops.reshape(X, (5, 3)), keras.ops.reshape(X, (5, 3))),
        (ops.concatenate([X, X], axis=1), keras.ops.concatenate([X, X], axis=1)),
        (ops.take(X, idx, axis=1), keras.ops.take(X, idx, axis=1)),
        (ops.one_hot(np.array([0, 2, 1]), 4), keras.ops.one_hot(np.array([0, 2, 1]), 4)),
        (ops.clip(X, -1, 2), keras.ops.clip(X, -1, 2)),
        (ops.where(X > 0, X, Y), keras.ops.where(X > 0, X, Y)),
        (ops.matmul(X, X.T), keras.ops.matmul(X, X.T)),
        (ops.slice(X, (1, 1), (2, 3)), keras.ops.slice(X, (1, 1), (2, 3))),
        (ops.split(X, [2, 3], axis=1)[1], keras.ops.split(X, [2, 3], axis=1)[1]),
        (ops.expand_dims(X, 0), keras.ops.expand_dims(X, 0)),
    ]
    for got, want in cases:
        np.testing.assert_allclose(np.asarray(got), _np(want), rtol=1e-5, atol=1e-6)


def test_gradients_match_keras_torch_backend():
    import torch

    w = np.random.default_rng(3).normal(size=(5, 4)).astype(np.float32)
    import pydeep

    pw = pydeep.Variable(w)
    with pydeep.GradientTape() as tape:
        loss = ops.mean(ops.log_softmax(ops.gelu(ops.matmul(X, pw))))
    got = np.asarray(tape.gradient(loss, pw))
    tw = torch.tensor(w, requires_grad=True)
    tl = torch.log_softmax(torch.nn.functional.gelu(torch.from_numpy(X) @ tw, approximate="tanh"),
                           -1).mean()
    tl.backward()
    np.testing.assert_allclose(got, tw.grad.numpy(), rtol=1e-4, atol=1e-6)
