"""The shared layer checker: a layer's forward against a float64 numpy
reference of (input, weights), and its gradients with respect to the input
and every trainable weight against central finite differences of that
reference (float64, so the comparison can be tight)."""
import numpy as np

import pydeep
from op_check import FD_EPS, FORWARD_ATOL, FORWARD_RTOL, GRAD_ATOL, GRAD_RTOL


def _numeric(ref, args, weights, index):
    arg = args[index]
    grad = np.zeros_like(arg)
    flat, gflat = arg.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        orig = flat[i]
        flat[i] = orig + FD_EPS
        up = np.sum(ref(*args) * weights)
        flat[i] = orig - FD_EPS
        down = np.sum(ref(*args) * weights)
        flat[i] = orig
        gflat[i] = (up - down) / (2 * FD_EPS)
    return grad


def check_layer(layer, x, ref, rng, training=False, grad=True):
    """ref(x, *weights) in float64, weights in the layer's Keras order."""
    x = np.asarray(x, np.float32)
    t = pydeep.ops.convert_to_tensor(x)
    with pydeep.GradientTape() as tape:
        tape.watch(t)
        out = layer(t, training=training)
    weights = [np.asarray(w, np.float64) for w in layer.get_weights()]
    args = [x.astype(np.float64)] + weights
    expected = ref(*args)
    got = np.asarray(out)
    assert got.shape == expected.shape, f"shape {got.shape} != reference {expected.shape}"
    np.testing.assert_allclose(got, expected, rtol=FORWARD_RTOL, atol=FORWARD_ATOL * 10,
                               err_msg="forward differs from the float64 reference")
    if not grad:
        return got
    w = rng.normal(size=expected.shape)
    trainable = layer.trainable_weights
    grads = tape.gradient(out, [t] + trainable,
                          output_gradients=pydeep.ops.convert_to_tensor(w.astype(np.float32)))
    # Trainable weights come first in the Keras order.
    for i, g in enumerate(grads):
        want = _numeric(ref, [a.copy() for a in args], w, i)
        assert g is not None, f"no gradient for argument {i}"
        scale = max(1.0, float(np.max(np.abs(want))))
        np.testing.assert_allclose(np.asarray(g), want, rtol=GRAD_RTOL, atol=GRAD_ATOL * scale,
                                   err_msg=f"gradient of argument {i} differs from finite "
                                           "differences")
    return got


def keras_or_skip():
    """Keras 3 on the torch backend, or a clean skip."""
    import os

    import pytest
    os.environ.setdefault("KERAS_BACKEND", "torch")
    pytest.importorskip("torch")
    keras = pytest.importorskip("keras")
    if keras.backend.backend() != "torch":
        pytest.skip("Keras is not on the torch backend in this process")
    return keras


def compare_with_keras(make_pydeep, make_keras, x, rtol=1e-4, atol=1e-5, training=False):
    """Builds both, copies Keras's weights into pydeep with set_weights, and
    compares outputs, output shapes and parameter counts."""
    keras = keras_or_skip()
    kl = make_keras(keras)
    y_keras = np.asarray(kl(x, training=training).detach().cpu().numpy())
    pl = make_pydeep()
    pl.build((None,) + x.shape[1:])
    pl.set_weights(kl.get_weights())
    assert pl.count_params() == kl.count_params()
    y = np.asarray(pl(x, training=training))
    np.testing.assert_allclose(y, y_keras, rtol=rtol, atol=atol)
    assert tuple(pl.compute_output_shape((None,) + x.shape[1:])) == \
        tuple(kl.compute_output_shape((None,) + x.shape[1:]))
    return y
