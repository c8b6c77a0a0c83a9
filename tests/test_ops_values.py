"""Ops without gradients (integer, bool and index results) against numpy,
and dtype rules (Keras-style conversion at the boundary)."""
import numpy as np
import pytest

from pydeep import ops


@pytest.mark.parametrize("shape,axis,keepdims", [((3, 5), -1, False), ((4, 3, 2), 1, True),
                                                 ((7,), None, False), ((2, 3), None, True)])
@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_arg_reductions(rng, name, shape, axis, keepdims):
    x = rng.normal(size=shape).astype(np.float32)
    got = getattr(ops, name)(x, axis=axis, keepdims=keepdims)
    want = getattr(np, name)(x, axis=axis, keepdims=keepdims)
    assert got.dtype == "int64"
    np.testing.assert_array_equal(np.asarray(got), want)


def test_argmax_first_occurrence_on_ties():
    assert ops.argmax(np.array([1.0, 5.0, 5.0, 2.0])).item() == 1
    assert ops.argmin(np.array([3.0, 0.0, 4.0, 0.0])).item() == 1


@pytest.mark.parametrize("dtype", [np.int32, np.int64])
def test_one_hot(dtype):
    idx = np.array([[0, 2], [1, 5]], dtype=dtype)
    got = np.asarray(ops.one_hot(idx, 3))
    want = np.zeros((2, 2, 3), np.float32)
    want[0, 0, 0] = want[0, 1, 2] = want[1, 0, 1] = 1.0  # 5 is out of range: zero row
    np.testing.assert_array_equal(got, want)
    assert ops.one_hot(idx, 3).dtype == "float32"


def test_one_hot_axis():
    got = np.asarray(ops.one_hot(np.array([0, 2, 1]), 3, axis=0))
    np.testing.assert_array_equal(got, np.eye(3, dtype=np.float32)[[0, 2, 1]].T)


@pytest.mark.parametrize("name", ["equal", "not_equal", "less", "less_equal", "greater",
                                  "greater_equal"])
def test_comparisons(rng, name):
    a = rng.integers(0, 3, size=(4, 3)).astype(np.float32)
    b = rng.integers(0, 3, size=(3,)).astype(np.float32)
    got = getattr(ops, name)(a, b)
    assert got.dtype == "bool"
    np.testing.assert_array_equal(np.asarray(got), getattr(np, name)(a, b))


def test_logical_ops():
    a = np.array([True, True, False, False])
    b = np.array([True, False, True, False])
    np.testing.assert_array_equal(np.asarray(ops.logical_and(a, b)), a & b)
    np.testing.assert_array_equal(np.asarray(ops.logical_or(a, b)), a | b)
    np.testing.assert_array_equal(np.asarray(ops.logical_not(a)), ~a)


@pytest.mark.parametrize("dtype", [np.int32, np.int64])
def test_integer_arithmetic_stays_integer(dtype):
    a = np.array([[5, -3], [7, 2]], dtype=dtype)
    b = np.array([2, 3], dtype=dtype)
    for name in ["add", "subtract", "multiply", "maximum", "minimum"]:
        got = getattr(ops, name)(a, b)
        assert got.dtype == np.dtype(dtype).name, name
        np.testing.assert_array_equal(np.asarray(got), getattr(np, name)(a, b))
    # true division always gives floats, as in numpy and Keras
    got = ops.divide(a, b)
    assert got.dtype == "float32"
    np.testing.assert_allclose(np.asarray(got), a / b, rtol=1e-6)


def test_python_scalars_are_weakly_typed():
    x = ops.convert_to_tensor(np.array([1, 2], np.int32))
    assert ops.add(x, 3).dtype == "int32"
    assert ops.add(x, 0.5).dtype == "float32"
    y = ops.convert_to_tensor(np.array([1.5], np.float32))
    assert (y * 2).dtype == "float32"


@pytest.mark.parametrize("src,dst", [("float32", "int32"), ("float32", "int64"),
                                     ("int64", "float32"), ("int32", "bool"),
                                     ("bool", "float32"), ("float32", "bool")])
def test_cast(src, dst):
    x = np.array([-2.7, -0.0, 0.4, 1.0, 3.9]).astype(src)
    got = ops.cast(x, dst)
    assert got.dtype == dst
    np.testing.assert_array_equal(np.asarray(got), x.astype(dst))


def test_float64_input_becomes_float32():
    t = ops.convert_to_tensor(np.array([1.0, 2.0], dtype=np.float64))
    assert t.dtype == "float32"
    assert ops.convert_to_tensor([1, 2]).dtype in ("int32", "int64")
    assert ops.convert_to_tensor(np.array([1, 2], np.uint8)).dtype == "int32"


def test_where_integer_and_bool_condition():
    cond = np.array([1, 0, 2])  # any nonzero is true
    got = ops.where(cond, np.array([1, 2, 3]), -1)
    np.testing.assert_array_equal(np.asarray(got), [1, -1, 3])


def test_large_sum_is_accurate(rng):
    x = rng.uniform(0, 1, size=1_000_003).astype(np.float32)
    np.testing.assert_allclose(ops.sum(x).item(), x.astype(np.float64).sum(), rtol=1e-6)
    np.testing.assert_allclose(ops.mean(x).item(), x.astype(np.float64).mean(), rtol=1e-6)


def test_softmax_is_stable_for_huge_logits():
    x = np.array([[1e30, 0.0, -1e30], [1000.0, 1000.0, 1000.0]], np.float32)
    s = np.asarray(ops.softmax(x))
    assert np.all(np.isfinite(s))
    np.testing.assert_allclose(s, [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]], atol=1e-7)
    ls = np.asarray(ops.log_softmax(np.array([[1000.0, 0.0]], np.float32)))
    np.testing.assert_allclose(ls, [[0.0, -1000.0]], atol=1e-3)


def test_large_matmul_matches_numpy(rng):
    a = rng.normal(size=(300, 257)).astype(np.float32)
    b = rng.normal(size=(257, 129)).astype(np.float32)
    want = a.astype(np.float64) @ b.astype(np.float64)
    np.testing.assert_allclose(np.asarray(ops.matmul(a, b)), want, rtol=1e-4, atol=1e-3)


def test_large_elementwise_matches_numpy_on_all_threads(rng):
    x = rng.normal(size=(513, 517)).astype(np.float32)
    y = rng.normal(size=(517,)).astype(np.float32)
    np.testing.assert_allclose(np.asarray(ops.tanh(x)), np.tanh(x), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.asarray(x * y + 1.0), x * y + 1.0, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(np.asarray(ops.transpose(x)), x.T)
    np.testing.assert_allclose(np.asarray(ops.sum(x, axis=0)), x.sum(axis=0), rtol=1e-4,
                               atol=1e-4)
