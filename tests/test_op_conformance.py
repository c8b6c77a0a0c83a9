"""Every differentiable op: forward vs a float64 numpy formula, gradient vs
central finite differences, over several shapes (broadcasting, size-1 axes,
scalars). One row per op and input signature."""
import math

import numpy as np
import pytest

from op_check import check_op, sample
from pydeep import ops


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


SELU_ALPHA, SELU_SCALE = 1.6732632423543772, 1.0507009873554805

BINARY_SHAPES = [((3, 4), (3, 4)), ((2, 3, 4), (3, 1)), ((5,), (1,)), ((), (2, 2)),
                 ((4, 1), (1, 5)), ((1, 3), (2, 1, 3))]
UNARY_SHAPES = [(7,), (2, 3, 4), (), (1, 5, 1)]

# (name, pydeep fn, reference, domain of each input)
BINARY = [
    ("add", ops.add, np.add, ("any", "any")),
    ("subtract", ops.subtract, np.subtract, ("any", "any")),
    ("multiply", ops.multiply, np.multiply, ("any", "any")),
    ("divide", ops.divide, np.divide, ("any", "away0")),
    ("power", ops.power, np.power, ("pos", "any")),
    ("maximum", ops.maximum, np.maximum, ("any", "any")),
    ("minimum", ops.minimum, np.minimum, ("any", "any")),
]
UNARY = [
    ("negative", ops.negative, np.negative, "any"),
    ("abs", ops.abs, np.abs, "away0"),
    ("square", ops.square, np.square, "any"),
    ("sqrt", ops.sqrt, np.sqrt, "pos"),
    ("exp", ops.exp, np.exp, "any"),
    ("expm1", ops.expm1, np.expm1, "any"),
    ("log", ops.log, np.log, "pos"),
    ("log1p", ops.log1p, np.log1p, "pos"),
    ("sin", ops.sin, np.sin, "any"),
    ("cos", ops.cos, np.cos, "any"),
    ("reciprocal", ops.reciprocal, np.reciprocal, "away0"),
    ("power_scalar", lambda x: ops.power(x, 3.0), lambda x: x ** 3, "any"),
    ("power_sqrt", lambda x: ops.power(x, 0.5), np.sqrt, "pos"),
    ("clip", lambda x: ops.clip(x, -0.5, 0.7), lambda x: np.clip(x, -0.5, 0.7), "wide"),
    ("relu", ops.relu, lambda x: np.maximum(x, 0), "away0"),
    ("relu6", ops.relu6, lambda x: np.clip(x, 0, 6), "wide"),
    ("leaky_relu", ops.leaky_relu, lambda x: np.where(x > 0, x, 0.2 * x), "away0"),
    ("leaky_relu_0.1", lambda x: ops.leaky_relu(x, 0.1), lambda x: np.where(x > 0, x, 0.1 * x),
     "away0"),
    ("elu", ops.elu, lambda x: np.where(x > 0, x, np.expm1(x)), "away0"),
    ("elu_0.5", lambda x: ops.elu(x, 0.5), lambda x: np.where(x > 0, x, 0.5 * np.expm1(x)),
     "away0"),
    ("selu", ops.selu, lambda x: SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(x)),
     "away0"),
    ("gelu_exact", lambda x: ops.gelu(x, approximate=False),
     lambda x: 0.5 * x * (1 + np.vectorize(math.erf)(x / np.sqrt(2))), "any"),
    ("gelu_tanh", ops.gelu,
     lambda x: 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x ** 3))), "any"),
    ("sigmoid", ops.sigmoid, _sigmoid, "wide"),
    ("hard_sigmoid", ops.hard_sigmoid, lambda x: np.clip(x + 3, 0, 6) / 6, "wide"),
    ("tanh", ops.tanh, np.tanh, "wide"),
    ("softplus", ops.softplus, lambda x: np.logaddexp(0, x), "wide"),
    ("softsign", ops.softsign, lambda x: x / (1 + np.abs(x)), "away0"),
    ("silu", ops.silu, lambda x: x * _sigmoid(x), "wide"),
    ("log_sigmoid", ops.log_sigmoid, lambda x: -np.logaddexp(0, -x), "wide"),
]


def _id(row):
    return row[0]


@pytest.mark.parametrize("shapes", BINARY_SHAPES, ids=str)
@pytest.mark.parametrize("row", BINARY, ids=_id)
def test_binary(row, shapes, rng):
    _, fn, ref, domains = row
    inputs = [sample(rng, s, d) for s, d in zip(shapes, domains)]
    check_op(fn, ref, inputs, rng=rng)


@pytest.mark.parametrize("shape", UNARY_SHAPES, ids=str)
@pytest.mark.parametrize("row", UNARY, ids=_id)
def test_unary(row, shape, rng):
    _, fn, ref, domain = row
    check_op(fn, ref, [sample(rng, shape, domain)], rng=rng)


def _softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _log_softmax(x, axis):
    m = x.max(axis=axis, keepdims=True)
    return x - m - np.log(np.exp(x - m).sum(axis=axis, keepdims=True))


# (name, fn, ref, input shapes, domain) for ops with structure arguments.
STRUCTURED = [
    ("softmax_last", ops.softmax, lambda x: _softmax(x, -1), [(3, 5)], "wide"),
    ("softmax_axis0", lambda x: ops.softmax(x, axis=0), lambda x: _softmax(x, 0), [(4, 3, 2)],
     "wide"),
    ("softmax_mid", lambda x: ops.softmax(x, axis=1), lambda x: _softmax(x, 1), [(2, 3, 4)],
     "wide"),
    ("log_softmax_last", ops.log_softmax, lambda x: _log_softmax(x, -1), [(3, 5)], "wide"),
    ("log_softmax_mid", lambda x: ops.log_softmax(x, axis=1), lambda x: _log_softmax(x, 1),
     [(2, 3, 4)], "wide"),
    ("sum_all", ops.sum, np.sum, [(3, 4)], "any"),
    ("sum_axis", lambda x: ops.sum(x, axis=1), lambda x: np.sum(x, axis=1), [(2, 3, 4)], "any"),
    ("sum_axes_keep", lambda x: ops.sum(x, axis=(0, 2), keepdims=True),
     lambda x: np.sum(x, axis=(0, 2), keepdims=True), [(2, 3, 4)], "any"),
    ("sum_neg_axis", lambda x: ops.sum(x, axis=-1), lambda x: np.sum(x, axis=-1), [(5, 1)],
     "any"),
    ("mean_all", ops.mean, np.mean, [(3, 4)], "any"),
    ("mean_axes", lambda x: ops.mean(x, axis=(0, 1)), lambda x: np.mean(x, axis=(0, 1)),
     [(2, 3, 4)], "any"),
    ("max_all", ops.max, np.max, [(3, 4)], "any"),
    ("max_axis_keep", lambda x: ops.max(x, axis=1, keepdims=True),
     lambda x: np.max(x, axis=1, keepdims=True), [(2, 3, 4)], "any"),
    ("min_axis", lambda x: ops.min(x, axis=0), lambda x: np.min(x, axis=0), [(4, 3)], "any"),
    ("min_axes", lambda x: ops.min(x, axis=(0, 2)), lambda x: np.min(x, axis=(0, 2)),
     [(2, 3, 4)], "any"),
    ("matmul_2d", ops.matmul, np.matmul, [(3, 4), (4, 5)], "any"),
    ("matmul_batched", ops.matmul, np.matmul, [(2, 3, 4), (2, 4, 5)], "any"),
    ("matmul_broadcast_b", ops.matmul, np.matmul, [(2, 3, 4), (4, 5)], "any"),
    ("matmul_broadcast_a", ops.matmul, np.matmul, [(3, 4), (2, 4, 5)], "any"),
    ("matmul_batch_bcast", ops.matmul, np.matmul, [(2, 1, 3, 4), (1, 3, 4, 2)], "any"),
    ("matmul_vec_mat", ops.matmul, np.matmul, [(4,), (4, 3)], "any"),
    ("matmul_mat_vec", ops.matmul, np.matmul, [(3, 4), (4,)], "any"),
    ("matmul_vec_vec", ops.matmul, np.matmul, [(4,), (4,)], "any"),
    ("matmul_size1", ops.matmul, np.matmul, [(1, 1), (1, 1)], "any"),
    ("transpose_2d", ops.transpose, np.transpose, [(3, 4)], "any"),
    ("transpose_perm", lambda x: ops.transpose(x, (2, 0, 1)),
     lambda x: np.transpose(x, (2, 0, 1)), [(2, 3, 4)], "any"),
    ("transpose_4d", lambda x: ops.transpose(x, (0, 3, 1, 2)),
     lambda x: np.transpose(x, (0, 3, 1, 2)), [(2, 3, 2, 4)], "any"),
    ("reshape", lambda x: ops.reshape(x, (4, -1)), lambda x: np.reshape(x, (4, -1)),
     [(2, 3, 4)], "any"),
    ("expand_dims", lambda x: ops.expand_dims(x, 1), lambda x: np.expand_dims(x, 1), [(3, 4)],
     "any"),
    ("squeeze", ops.squeeze, np.squeeze, [(1, 3, 1, 4)], "any"),
    ("broadcast_to", lambda x: ops.broadcast_to(x, (2, 3, 4)),
     lambda x: np.broadcast_to(x, (2, 3, 4)), [(3, 1)], "any"),
    ("concatenate_0", lambda a, b: ops.concatenate([a, b]),
     lambda a, b: np.concatenate([a, b]), [(2, 3), (4, 3)], "any"),
    ("concatenate_last", lambda a, b, c: ops.concatenate([a, b, c], axis=-1),
     lambda a, b, c: np.concatenate([a, b, c], axis=-1), [(2, 3, 1), (2, 3, 2), (2, 3, 4)],
     "any"),
    ("stack_1", lambda a, b: ops.stack([a, b], axis=1), lambda a, b: np.stack([a, b], axis=1),
     [(2, 3), (2, 3)], "any"),
    ("split_sections", lambda x: ops.split(x, 2, axis=1)[1],
     lambda x: np.split(x, 2, axis=1)[1], [(3, 4)], "any"),
    ("split_points_axis0", lambda x: ops.split(x, [1, 3])[1], lambda x: np.split(x, [1, 3])[1],
     [(5, 2)], "any"),
    ("slice", lambda x: ops.slice(x, (1, 0, 2), (2, 3, 2)), lambda x: x[1:3, 0:3, 2:4],
     [(3, 4, 5)], "any"),
    ("getitem_basic", lambda x: x[1:, ::2], lambda x: x[1:, ::2], [(4, 5)], "any"),
    ("getitem_int_ellipsis", lambda x: x[..., 1], lambda x: x[..., 1], [(2, 3, 4)], "any"),
    ("getitem_newaxis", lambda x: x[None, 0, 1:3], lambda x: x[None, 0, 1:3], [(2, 4)], "any"),
    ("getitem_rows", lambda x: x[2:4], lambda x: x[2:4], [(5, 3)], "any"),
    ("take_axis0", lambda x: ops.take(x, np.array([2, 0, 2, -1]), axis=0),
     lambda x: np.take(x, [2, 0, 2, -1], axis=0), [(3, 4)], "any"),
    ("take_axis1_2d_idx", lambda x: ops.take(x, np.array([[0, 1], [3, 3]]), axis=1),
     lambda x: np.take(x, [[0, 1], [3, 3]], axis=1), [(2, 4, 3)], "any"),
    ("take_flat", lambda x: ops.take(x, np.array([5, 1])), lambda x: np.take(x, [5, 1]),
     [(2, 3)], "any"),
    ("getitem_array", lambda x: x[:, np.array([1, 1, 0])], lambda x: x[:, [1, 1, 0]],
     [(2, 3)], "any"),
    ("where", lambda a, b: ops.where(np.array([[True, False, True]]), a, b),
     lambda a, b: np.where(np.array([[True, False, True]]), a, b), [(2, 3), (2, 1)], "any"),
]


@pytest.mark.parametrize("row", STRUCTURED, ids=_id)
def test_structured(row, rng):
    _, fn, ref, shapes, domain = row
    check_op(fn, ref, [sample(rng, s, domain) for s in shapes], rng=rng)


def test_max_gradient_shares_ties():
    """Tied maxima split the gradient equally (TensorFlow's rule)."""
    import pydeep

    x = ops.convert_to_tensor(np.array([[1.0, 3.0, 3.0], [2.0, 0.0, -1.0]], np.float32))
    with pydeep.GradientTape() as tape:
        tape.watch(x)
        y = ops.max(x, axis=1)
    g = np.asarray(tape.gradient(y, x))
    np.testing.assert_array_equal(g, [[0.0, 0.5, 0.5], [1.0, 0.0, 0.0]])


# Convolution and pooling (channels_last) against the direct float64 loops of
# conv_reference.py: strides, "same" with even kernels (asymmetric padding),
# dilation, groups, depthwise, transposed, 1-D / 2-D / 3-D.
import conv_reference as cref  # noqa: E402

CONV = [
    ("conv1d_valid", lambda x, k: ops.conv(x, k), lambda x, k: cref.conv(x, k, [1], "valid"),
     [(2, 7, 3), (3, 3, 4)]),
    ("conv1d_causal_dil", lambda x, k: ops.conv(x, k, padding="causal", dilation_rate=2),
     lambda x, k: cref.conv(x, k, [1], "causal", [2]), [(1, 6, 2), (2, 2, 3)]),
    ("conv2d_same_even_s2", lambda x, k: ops.conv(x, k, 2, "same"),
     lambda x, k: cref.conv(x, k, [2, 2], "same"), [(2, 5, 6, 2), (4, 2, 2, 3)]),
    ("conv2d_same_odd", lambda x, k: ops.conv(x, k, 1, "same"),
     lambda x, k: cref.conv(x, k, [1, 1], "same"), [(1, 4, 5, 3), (3, 3, 3, 2)]),
    ("conv2d_strides_21", lambda x, k: ops.conv(x, k, (2, 1)),
     lambda x, k: cref.conv(x, k, [2, 1], "valid"), [(2, 7, 5, 2), (3, 2, 2, 3)]),
    ("conv2d_dilation", lambda x, k: ops.conv(x, k, 1, "same", dilation_rate=(2, 1)),
     lambda x, k: cref.conv(x, k, [1, 1], "same", [2, 1]), [(1, 6, 5, 2), (2, 3, 2, 2)]),
    ("conv2d_groups", lambda x, k: ops.conv(x, k, 1, "same"),
     lambda x, k: cref.conv(x, k, [1, 1], "same"), [(2, 4, 4, 4), (3, 3, 2, 6)]),
    ("conv2d_pointwise", lambda x, k: ops.conv(x, k),
     lambda x, k: cref.conv(x, k, [1, 1], "valid"), [(2, 3, 4, 5), (1, 1, 5, 3)]),
    ("conv3d_same_s2", lambda x, k: ops.conv(x, k, 2, "same"),
     lambda x, k: cref.conv(x, k, [2, 2, 2], "same"), [(1, 3, 4, 3, 2), (2, 2, 3, 2, 2)]),
    ("depthwise_conv2d", lambda x, k: ops.depthwise_conv(x, k, 2, "same"),
     lambda x, k: cref.depthwise_conv(x, k, [2, 2], "same"), [(2, 5, 5, 3), (3, 3, 3, 2)]),
    ("conv_transpose2d_same_s2", lambda x, k: ops.conv_transpose(x, k, 2, "same"),
     lambda x, k: cref.conv_transpose(x, k, [2, 2], "same"), [(2, 3, 3, 2), (3, 3, 4, 2)]),
    ("conv_transpose2d_valid_even", lambda x, k: ops.conv_transpose(x, k, 2, "valid"),
     lambda x, k: cref.conv_transpose(x, k, [2, 2], "valid"), [(1, 3, 2, 3), (4, 2, 2, 3)]),
    ("conv_transpose1d_out_pad", lambda x, k: ops.conv_transpose(x, k, 3, "same", 1),
     lambda x, k: cref.conv_transpose(x, k, [3], "same", [1]), [(2, 4, 2), (4, 3, 2)]),
    ("conv_transpose1d_dil", lambda x, k: ops.conv_transpose(x, k, 1, "valid", None, None, 2),
     lambda x, k: cref.conv_transpose(x, k, [1], "valid", None, [2]), [(1, 4, 2), (3, 2, 2)]),
    ("max_pool2d", lambda x: ops.max_pool(x, 2), lambda x: cref.pool(x, [2, 2], [2, 2], "valid",
                                                                      "max"), [(2, 5, 4, 3)]),
    ("max_pool2d_same_s1", lambda x: ops.max_pool(x, (3, 2), 1, "same"),
     lambda x: cref.pool(x, [3, 2], [1, 1], "same", "max"), [(1, 4, 5, 2)]),
    ("avg_pool2d_same_even", lambda x: ops.average_pool(x, 2, 2, "same"),
     lambda x: cref.pool(x, [2, 2], [2, 2], "same", "avg"), [(2, 5, 3, 2)]),
    ("avg_pool1d_s1", lambda x: ops.average_pool(x, 3, 1),
     lambda x: cref.pool(x, [3], [1], "valid", "avg"), [(2, 6, 3)]),
    ("max_pool3d_same", lambda x: ops.max_pool(x, 2, 2, "same"),
     lambda x: cref.pool(x, [2, 2, 2], [2, 2, 2], "same", "max"), [(1, 3, 4, 3, 2)]),
    ("avg_pool3d", lambda x: ops.average_pool(x, (2, 1, 2), (1, 1, 2)),
     lambda x: cref.pool(x, [2, 1, 2], [1, 1, 2], "valid", "avg"), [(1, 3, 2, 4, 2)]),
    ("pad_pairs", lambda x: ops.pad(x, [(0, 1), (1, 0), (2, 3)]),
     lambda x: np.pad(x, [(0, 1), (1, 0), (2, 3)]), [(2, 3, 2)]),
    ("pad_int", lambda x: ops.pad(x, 1), lambda x: np.pad(x, 1), [(2, 3)]),
    ("pad_one_pair", lambda x: ops.pad(x, (2, 0)), lambda x: np.pad(x, (2, 0)), [(3, 1)]),
]


@pytest.mark.parametrize("row", CONV, ids=_id)
def test_conv_and_pool(row, rng):
    _, fn, ref, shapes = row
    check_op(fn, ref, [sample(rng, s, "any") for s in shapes], rng=rng)
