"""Tensors and numpy: zero-copy both ways, lifetimes, dtypes, repr, indexing."""
import gc

import numpy as np
import pytest

import pydeep
from pydeep import ops


def test_numpy_to_tensor_is_zero_copy():
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    t = ops.convert_to_tensor(a)
    a[1, 2] = 42.0  # a write through numpy is seen by the tensor
    assert np.asarray(t)[1, 2] == 42.0
    assert t._data_ptr() == a.ctypes.data


def test_tensor_to_numpy_is_zero_copy_and_keeps_memory_alive():
    t = ops.add(np.ones((3, 4), np.float32), 1.0)
    view = np.asarray(t)
    assert view.ctypes.data == t._data_ptr()
    view[0, 0] = -5.0  # a write through the numpy view is seen by the tensor
    assert t.numpy()[0, 0] == -5.0
    del t
    gc.collect()
    # the array still owns a reference to the core's buffer
    junk = [ops.add(np.zeros((3, 4), np.float32), 9.0) for _ in range(20)]
    assert view[0, 0] == -5.0 and view[2, 3] == 2.0
    del junk


def test_wrapped_numpy_array_outlives_python_reference():
    t = ops.convert_to_tensor(np.full((1000,), 7.0, np.float32))
    gc.collect()
    assert float(ops.sum(t).item()) == 7000.0


@pytest.mark.parametrize("dtype", [np.float32, np.int32, np.int64, np.bool_])
def test_supported_dtypes_round_trip_without_copy(dtype):
    a = (np.arange(12) % 3).astype(dtype).reshape(3, 4)
    t = ops.convert_to_tensor(a)
    assert t.dtype == np.dtype(dtype).name
    assert t._data_ptr() == a.ctypes.data
    np.testing.assert_array_equal(np.asarray(t), a)


def test_non_contiguous_and_other_dtypes_are_copied_once():
    a = np.arange(12, dtype=np.float32).reshape(3, 4).T  # Fortran order view
    t = ops.convert_to_tensor(a)
    np.testing.assert_array_equal(np.asarray(t), a)
    assert t.shape == (4, 3)
    d = np.arange(4, dtype=np.float64)
    t64 = ops.convert_to_tensor(d)
    assert t64.dtype == "float32"
    np.testing.assert_array_equal(np.asarray(t64), d.astype(np.float32))


def test_tensor_properties_and_repr():
    t = ops.convert_to_tensor(np.zeros((2, 3), np.float32))
    assert t.shape == (2, 3) and t.ndim == 2 and t.size == 6 and len(t) == 2
    assert t.dtype == "float32" and t.device == "cpu"
    assert "shape=(2, 3)" in repr(t)
    assert ops.convert_to_tensor(3.5).shape == ()
    assert float(ops.convert_to_tensor(3.5)) == 3.5


def test_operators_match_numpy(rng):
    a = rng.normal(size=(3, 4)).astype(np.float32)
    b = rng.uniform(0.5, 2, size=(4,)).astype(np.float32)
    ta = ops.convert_to_tensor(a)
    cases = [(ta + b, a + b), (b + ta, b + a), (ta - 1, a - 1), (2 - ta, 2 - a), (ta * b, a * b),
             (ta / b, a / b), (1 / (ta * ta + 1), 1 / (a * a + 1)), (-ta, -a), (abs(ta), abs(a)),
             (ta @ a.T, a @ a.T), (ta ** 2, a ** 2), (ta.T, a.T), (ta > 0, a > 0)]
    for got, want in cases:
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-5, atol=1e-6)


def test_indexing_errors():
    t = ops.convert_to_tensor(np.zeros((2, 3), np.float32))
    with pytest.raises(IndexError):
        t[2]
    with pytest.raises(IndexError):
        t[0, 0, 0]
    with pytest.raises(NotImplementedError):
        t[::-1]
    with pytest.raises(TypeError):
        t[0] = 1.0


def test_row_slices_share_memory():
    a = np.arange(12, dtype=np.float32).reshape(4, 3)
    t = ops.convert_to_tensor(a)
    rows = t[1:3]
    assert rows._data_ptr() == a[1:3].ctypes.data
    np.testing.assert_array_equal(np.asarray(rows), a[1:3])


def test_variable_basics():
    v = pydeep.Variable(np.ones((2, 2)), name="w")
    assert v.dtype == "float32" and v.shape == (2, 2) and v.name == "w" and v.trainable
    v.assign(np.full((2, 2), 3.0))
    v.assign_add(np.ones((2, 2)))
    v.assign_sub(0.5)
    np.testing.assert_array_equal(v.numpy(), np.full((2, 2), 3.5, np.float32))
    with pytest.raises(ValueError, match=r"\(2, 2\).*\(3,\)"):
        v.assign(np.zeros(3))
    init = pydeep.Variable(lambda shape, dtype: np.full(shape, 2.0), shape=(3,))
    np.testing.assert_array_equal(init.numpy(), [2.0, 2.0, 2.0])
    with pytest.raises(ValueError, match="shape"):
        pydeep.Variable(lambda shape, dtype: np.zeros(shape))
    counter = pydeep.Variable(0, dtype="int64", trainable=False)
    assert counter.dtype == "int64" and not counter.trainable
    with pytest.raises(ValueError, match="trainable"):
        pydeep.Variable(np.array([1, 2]), dtype="int32")
