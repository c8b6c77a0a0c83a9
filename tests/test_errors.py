"""Bad input raises a clear Python exception naming the op and the shapes;
nothing aborts the interpreter."""
import numpy as np
import pytest

import pydeep
from pydeep import ops


def _f(*shape):
    return np.zeros(shape, np.float32)


@pytest.mark.parametrize("call,exc,pattern", [
    (lambda: ops.add(_f(2, 3), _f(4)), ValueError, r"\(2, 3\).*\(4,\)"),
    (lambda: ops.multiply(_f(2, 3), _f(3, 2)), ValueError, "broadcast"),
    (lambda: ops.matmul(_f(2, 3), _f(4, 5)), ValueError, r"matmul.*\(2, 3\).*\(4, 5\)"),
    (lambda: ops.matmul(_f(2, 2, 3), _f(3, 3, 4)), ValueError, "matmul"),
    (lambda: ops.matmul(_f(), _f(3)), ValueError, "rank"),
    (lambda: ops.reshape(_f(2, 3), (4, 2)), ValueError, r"reshape.*\(2, 3\).*\(4, 2\)"),
    (lambda: ops.reshape(_f(2, 3), (-1, -1)), ValueError, "-1"),
    (lambda: ops.sum(_f(2, 3), axis=2), IndexError, "axis 2"),
    (lambda: ops.sum(_f(2, 3), axis=(0, 0)), ValueError, "repeated"),
    (lambda: ops.softmax(_f(2, 3), axis=5), IndexError, "softmax"),
    (lambda: ops.transpose(_f(2, 3), (0,)), ValueError, "transpose"),
    (lambda: ops.transpose(_f(2, 3), (0, 0)), ValueError, "repeated"),
    (lambda: ops.concatenate([_f(2, 3), _f(2, 4)], axis=0), ValueError, r"concatenate.*\(2, 4\)"),
    (lambda: ops.concatenate([], axis=0), ValueError, "concatenate"),
    (lambda: ops.split(_f(5, 2), 2), ValueError, "split"),
    (lambda: ops.take(_f(3, 2), np.array([3]), axis=0), IndexError, "index 3"),
    (lambda: ops.take(_f(3, 2), np.array([0.5]), axis=0), TypeError, "integers"),
    (lambda: ops.one_hot(np.array([0.0]), 3), TypeError, "one_hot"),
    (lambda: ops.one_hot(np.array([0]), 0), ValueError, "num_classes"),
    (lambda: ops.max(_f(0, 3), axis=0), ValueError, "zero-size"),
    (lambda: ops.argmax(_f(0)), ValueError, "argmax"),
    (lambda: ops.clip(_f(2), 1.0, 0.0), ValueError, "clip"),
    (lambda: ops.slice(_f(3, 3), (2, 0), (2, 3)), ValueError, "slice"),
    (lambda: ops.cast(_f(2), "complex64"), TypeError, "dtype"),
    (lambda: ops.convert_to_tensor(np.array(["a"])), TypeError, "dtype"),
    (lambda: ops.convert_to_tensor(object()), TypeError, "expected a tensor"),
    (lambda: ops.squeeze(_f(2, 3), axis=0), ValueError, "squeeze"),
    (lambda: ops.broadcast_to(_f(3), (2, 4)), ValueError, "broadcast"),
    (lambda: ops.where(np.array([True]), _f(2), _f(3)), ValueError, "where"),
])
def test_bad_input_raises(call, exc, pattern):
    with pytest.raises(exc, match=pattern):
        call()


def test_tape_errors():
    w = pydeep.Variable(np.ones(2))
    with pydeep.GradientTape() as tape:
        y = w * 2.0
    with pytest.raises(TypeError):
        tape.gradient(y, ["not a tensor"])
    with pytest.raises(ValueError, match="unconnected_gradients"):
        tape.gradient(y, w, unconnected_gradients="maybe")
    with pydeep.GradientTape() as tape:
        y = w * 2.0
    with pytest.raises(ValueError, match="output gradient"):
        tape.gradient(y, w, output_gradients=np.ones(3, np.float32))
    with pytest.raises(NotImplementedError, match="watch_accessed_variables"):
        pydeep.GradientTape(watch_accessed_variables=False)
