"""GradientTape semantics: watching, accumulation, persistence, graph
release, no-grad, unconnected sources, nested structures."""
import numpy as np
import pytest

import pydeep
from pydeep import ops


def test_variables_are_watched_automatically():
    w = pydeep.Variable(np.array([1.0, 2.0, 3.0]))
    with pydeep.GradientTape() as tape:
        loss = ops.sum(w * w)
    np.testing.assert_allclose(np.asarray(tape.gradient(loss, w)), [2.0, 4.0, 6.0])


def test_constants_need_watch():
    x = ops.convert_to_tensor(np.array([3.0], np.float32))
    with pydeep.GradientTape() as tape:
        y = x * x
    assert tape.gradient(y, x) is None
    with pydeep.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    np.testing.assert_allclose(np.asarray(tape.gradient(y, x)), [6.0])
    assert not x.requires_grad  # watching ends with the tape's gradient call


def test_reused_tensor_gradients_accumulate():
    w = pydeep.Variable(np.array([2.0]))
    with pydeep.GradientTape() as tape:
        a = w * 3.0
        y = a * a + a + w  # dy/dw = 2*a*3 + 3 + 1 = 36 + 4
    np.testing.assert_allclose(np.asarray(tape.gradient(y, w)), [40.0])


def test_non_persistent_tape_is_single_use_and_persistent_is_not():
    w = pydeep.Variable(np.array([1.0]))
    with pydeep.GradientTape() as tape:
        y = ops.exp(w)
    tape.gradient(y, w)
    with pytest.raises(RuntimeError, match="non-persistent"):
        tape.gradient(y, w)
    with pydeep.GradientTape(persistent=True) as tape:
        y = ops.exp(w)
        z = y * 2.0
    g1 = tape.gradient(y, w)
    g2 = tape.gradient(z, w)
    np.testing.assert_allclose(np.asarray(g1), [np.e], rtol=1e-6)
    np.testing.assert_allclose(np.asarray(g2), [2 * np.e], rtol=1e-6)


def test_graph_is_released_after_gradient():
    w = pydeep.Variable(np.array([1.0]))
    with pydeep.GradientTape() as tape:
        y = ops.exp(w)
    tape.gradient(y, w)
    with pydeep.GradientTape() as tape2:
        pass
    with pytest.raises(ValueError, match="released"):
        tape2.gradient(y, w)


def test_intermediate_sources_and_unconnected_sources():
    w = pydeep.Variable(np.array([1.0, 2.0]))
    other = pydeep.Variable(np.array([5.0]))
    with pydeep.GradientTape() as tape:
        h = w * 2.0
        y = ops.sum(h * h)
    gh, gw, go = tape.gradient(y, [h, w, other])
    np.testing.assert_allclose(np.asarray(gh), [4.0, 8.0])
    np.testing.assert_allclose(np.asarray(gw), [8.0, 16.0])
    assert go is None
    with pydeep.GradientTape() as tape:
        y = ops.sum(w)
    gz = tape.gradient(y, {"a": w, "b": other}, unconnected_gradients="zero")
    np.testing.assert_array_equal(np.asarray(gz["b"]), [0.0])


def test_stop_recording_and_stop_gradient():
    w = pydeep.Variable(np.array([3.0]))
    with pydeep.GradientTape() as tape:
        with tape.stop_recording():
            c = w * 10.0
        y = w * w + c + ops.stop_gradient(w * 5.0)
    np.testing.assert_allclose(np.asarray(tape.gradient(y, w)), [6.0])


def test_frozen_variable_gets_no_gradient():
    w = pydeep.Variable(np.array([1.0]), trainable=False)
    with pydeep.GradientTape() as tape:
        y = w * 2.0
    assert tape.gradient(y, w) is None


def test_only_needed_branches_are_differentiated():
    # Gradient to w only: the matmul's gradient w.r.t. the data x is not needed.
    x = ops.convert_to_tensor(np.ones((4, 3), np.float32))
    w = pydeep.Variable(np.ones((3, 2)))
    with pydeep.GradientTape() as tape:
        y = ops.sum(ops.matmul(x, w))
    g = tape.gradient(y, w)
    np.testing.assert_allclose(np.asarray(g), np.full((3, 2), 4.0))


def test_deep_chain_does_not_overflow_the_stack():
    w = pydeep.Variable(np.array([1.0]))
    with pydeep.GradientTape() as tape:
        y = w
        for _ in range(20000):
            y = y * 1.0
    np.testing.assert_allclose(np.asarray(tape.gradient(y, w)), [1.0])
    y = w
    for _ in range(50000):  # never differentiated: freeing must not recurse either
        y = y + 0.0
    del y


def test_gradients_have_no_graph_and_results_outside_tape_are_plain():
    w = pydeep.Variable(np.array([2.0]))
    with pydeep.GradientTape() as tape:
        y = w * w
    assert y.requires_grad
    g = tape.gradient(y, w)
    assert not g.requires_grad


def test_output_gradients_and_multiple_targets():
    w = pydeep.Variable(np.array([1.0, 2.0]))
    with pydeep.GradientTape() as tape:
        a = w * 3.0
        b = w * w
    g = tape.gradient([a, b], w)  # sum of both
    np.testing.assert_allclose(np.asarray(g), [3 + 2, 3 + 4])
    with pydeep.GradientTape() as tape:
        a = w * 3.0
    g = tape.gradient(a, w, output_gradients=np.array([10.0, 0.5], np.float32))
    np.testing.assert_allclose(np.asarray(g), [30.0, 1.5])


def test_custom_training_loop_learns_linear_regression(rng):
    x = rng.normal(size=(256, 3)).astype(np.float32)
    true_w = np.array([[1.5], [-2.0], [0.5]], np.float32)
    y = x @ true_w + 0.3
    w = pydeep.Variable(np.zeros((3, 1)))
    b = pydeep.Variable(np.zeros((1,)))
    for _ in range(200):
        with pydeep.GradientTape() as tape:
            loss = ops.mean(ops.square(ops.matmul(x, w) + b - y))
        gw, gb = tape.gradient(loss, [w, b])
        w.assign_sub(gw * 0.1)
        b.assign_sub(gb * 0.1)
    assert float(loss) < 1e-4
    np.testing.assert_allclose(w.numpy(), true_w, atol=1e-2)
