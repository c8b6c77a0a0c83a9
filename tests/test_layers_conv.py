"""Convolution layers: forward and gradients (input, kernel, bias) against the
direct float64 loops of conv_reference.py over strides, paddings (Keras "same"
with even kernels included), dilations, groups, odd sizes and batch 1; Keras
weights via set_weights give Keras's outputs; PyTorch agrees; bad input gives
errors naming the layer and the shapes."""
import numpy as np
import pytest

import pydeep

import conv_reference as cref
from layer_check import check_layer, compare_with_keras
from pydeep import layers


def _bias(y, b):
    return y + b


CONV_CASES = [
    # (class, kwargs, input shape)
    (layers.Conv1D, dict(filters=3, kernel_size=3), (2, 7, 2)),
    (layers.Conv1D, dict(filters=2, kernel_size=2, strides=2, padding="same"), (1, 5, 3)),
    (layers.Conv1D, dict(filters=2, kernel_size=3, padding="causal", dilation_rate=2), (2, 6, 1)),
    (layers.Conv2D, dict(filters=3, kernel_size=3), (2, 5, 6, 2)),
    (layers.Conv2D, dict(filters=2, kernel_size=2, padding="same"), (1, 5, 4, 3)),
    (layers.Conv2D, dict(filters=2, kernel_size=(4, 3), strides=(2, 3), padding="same"),
     (2, 7, 5, 2)),
    (layers.Conv2D, dict(filters=2, kernel_size=3, dilation_rate=(2, 1), padding="same"),
     (1, 6, 5, 2)),
    (layers.Conv2D, dict(filters=4, kernel_size=3, groups=2, activation="tanh"), (2, 5, 5, 4)),
    (layers.Conv2D, dict(filters=3, kernel_size=1, use_bias=False), (3, 3, 2, 4)),
    (layers.Conv3D, dict(filters=2, kernel_size=2, strides=2, padding="same"), (1, 3, 4, 3, 2)),
]


def _conv_ref(cls, kw, rank):
    strides = list(np.broadcast_to(kw.get("strides", 1), rank))
    dilation = list(np.broadcast_to(kw.get("dilation_rate", 1), rank))
    act = np.tanh if kw.get("activation") == "tanh" else (lambda v: v)

    def ref(x, kernel, bias=None):
        y = cref.conv(x, kernel, strides, kw.get("padding", "valid"), dilation)
        return act(y if bias is None else y + bias)
    return ref


@pytest.mark.parametrize("cls,kw,shape", CONV_CASES, ids=lambda v: str(v))
def test_conv_forward_and_gradients(cls, kw, shape, rng):
    layer = cls(**kw, bias_initializer="random_normal")
    check_layer(layer, rng.normal(size=shape), _conv_ref(cls, kw, len(shape) - 2), rng)


TRANSPOSE_CASES = [
    (layers.Conv1DTranspose, dict(filters=2, kernel_size=3, strides=2), (2, 4, 3)),
    (layers.Conv1DTranspose, dict(filters=2, kernel_size=4, strides=3, padding="same",
                                  output_padding=1), (1, 3, 2)),
    (layers.Conv2DTranspose, dict(filters=3, kernel_size=3, strides=2, padding="same"),
     (2, 3, 2, 2)),
    (layers.Conv2DTranspose, dict(filters=2, kernel_size=(2, 4), strides=(2, 1)), (1, 3, 3, 2)),
    (layers.Conv2DTranspose, dict(filters=2, kernel_size=2, dilation_rate=2, padding="same"),
     (1, 3, 3, 1)),
]


@pytest.mark.parametrize("cls,kw,shape", TRANSPOSE_CASES, ids=lambda v: str(v))
def test_conv_transpose_forward_and_gradients(cls, kw, shape, rng):
    rank = len(shape) - 2
    strides = list(np.broadcast_to(kw.get("strides", 1), rank))
    dilation = list(np.broadcast_to(kw.get("dilation_rate", 1), rank))
    op = kw.get("output_padding")
    op = None if op is None else list(np.broadcast_to(op, rank))

    def ref(x, kernel, bias):
        return cref.conv_transpose(x, kernel, strides, kw.get("padding", "valid"), op,
                                   dilation) + bias
    check_layer(cls(**kw, bias_initializer="random_normal"), rng.normal(size=shape), ref, rng)


def test_depthwise_and_separable_forward_and_gradients(rng):
    x = rng.normal(size=(2, 5, 6, 3))
    dw = layers.DepthwiseConv2D(3, strides=2, padding="same", depth_multiplier=2,
                                bias_initializer="random_normal")
    check_layer(dw, x, lambda x, k, b: cref.depthwise_conv(x, k, [2, 2], "same") + b, rng)
    assert [w.shape for w in dw.weights] == [(3, 3, 3, 2), (6,)]
    sep = layers.SeparableConv2D(4, 2, padding="same", bias_initializer="random_normal")
    check_layer(sep, x, lambda x, d, p, b: cref.conv(cref.depthwise_conv(x, d, [1, 1], "same"),
                                                     p, [1, 1], "valid") + b, rng)
    assert [w.shape for w in sep.weights] == [(2, 2, 3, 1), (1, 1, 3, 4), (4,)]
    dw1 = layers.DepthwiseConv1D(2, dilation_rate=2, use_bias=False)
    check_layer(dw1, rng.normal(size=(1, 6, 2)),
                lambda x, k: cref.depthwise_conv(x, k, [1], "valid", [2]), rng)


@pytest.mark.parametrize("padding,strides,kernel,size", [
    ("same", 1, 2, 5), ("same", 2, 2, 6), ("same", 2, 3, 7), ("same", 3, 4, 7),
    ("valid", 2, 3, 8), ("same", 1, 4, 1)])
def test_conv2d_matches_keras(padding, strides, kernel, size, rng):
    x = rng.normal(size=(2, size, size + 1, 3)).astype(np.float32)
    compare_with_keras(
        lambda: layers.Conv2D(4, kernel, strides=strides, padding=padding, activation="relu"),
        lambda keras: keras.layers.Conv2D(4, kernel, strides=strides, padding=padding,
                                          activation="relu", bias_initializer="random_normal"),
        x)


@pytest.mark.parametrize("make", [
    lambda L: L.Conv1D(3, 3, padding="causal", dilation_rate=2),
    lambda L: L.Conv1D(4, 2, strides=2, padding="same", groups=2),
    lambda L: L.Conv3D(2, (2, 3, 2), padding="same"),
    lambda L: L.Conv2DTranspose(3, 3, strides=2, padding="same"),
    lambda L: L.Conv2DTranspose(2, 4, strides=2, padding="valid"),
    lambda L: L.Conv1DTranspose(2, 3, strides=2, padding="valid", output_padding=1),
    lambda L: L.DepthwiseConv2D(3, padding="same", depth_multiplier=2),
    lambda L: L.SeparableConv2D(5, 3, strides=2, padding="same", depth_multiplier=2),
    lambda L: L.SeparableConv1D(3, 2, padding="valid"),
])
def test_conv_family_matches_keras(make, rng):
    import pydeep
    probe = make(pydeep.layers)
    shape = {1: (2, 9, 4), 2: (2, 6, 7, 4), 3: (1, 4, 5, 3, 4)}[len(probe.kernel_size)]
    x = rng.normal(size=shape).astype(np.float32)
    compare_with_keras(lambda: make(pydeep.layers), lambda keras: make(keras.layers), x)


def test_conv2d_matches_torch_on_asymmetric_same_padding(rng):
    torch = pytest.importorskip("torch")
    F = torch.nn.functional
    x = rng.normal(size=(1, 6, 7, 3)).astype(np.float32)
    layer = layers.Conv2D(5, (4, 2), strides=2, padding="same")
    y = np.asarray(layer(x))
    k, b = layer.get_weights()
    # Keras "same" for in 6, k 4, s 2: total 2 -> (1, 1); in 7, k 2, s 2: total 1 -> (0, 1).
    xt = F.pad(torch.from_numpy(x).permute(0, 3, 1, 2), (0, 1, 1, 1))
    yt = F.conv2d(xt, torch.from_numpy(k).permute(3, 2, 0, 1), torch.from_numpy(b), stride=2)
    np.testing.assert_allclose(y, yt.permute(0, 2, 3, 1).numpy(), rtol=1e-5, atol=1e-5)


def test_summary_shapes_and_params_match_keras():
    import pydeep
    keras = pytest.importorskip("layer_check").keras_or_skip()

    def build(L, lib):
        return lib.Sequential([lib.Input((28, 28, 3)),
                               L.Conv2D(8, 3, padding="same", activation="relu"),
                               L.DepthwiseConv2D(3, strides=2, depth_multiplier=2),
                               L.SeparableConv2D(6, 2, padding="same"),
                               L.Conv2DTranspose(4, 3, strides=2),
                               L.Conv2D(4, 2, groups=2)])
    m, k = build(pydeep.layers, pydeep), build(keras.layers, keras)
    assert m.count_params() == k.count_params()
    shape = (None, 28, 28, 3)
    for a, b in zip(m.layers, k.layers):
        assert a.count_params() == b.count_params(), a.name
        got = tuple(a.compute_output_shape(shape))
        assert got == tuple(b.compute_output_shape(shape)), a.name
        shape = got


@pytest.mark.parametrize("make,shape,match", [
    (lambda: layers.Conv2D(2, 3, name="c"), (2, 5, 5),
     r"Conv2D layer 'c': expected an input of rank 4.*\(2, 5, 5\)"),
    (lambda: layers.Conv2D(2, 5, name="c"), (1, 3, 6, 1),
     r"Conv2D layer 'c'.*larger than the padded input.*\(1, 3, 6, 1\)"),
    (lambda: layers.Conv1D(2, 3, groups=2, name="c"), (1, 5, 3),
     r"Conv1D layer 'c'.*groups=2.*3 channels"),
    (lambda: layers.MaxPooling2D(4, name="c"), (1, 3, 3, 1),
     r"MaxPooling2D layer 'c'.*larger.*\(1, 3, 3, 1\)"),
    (lambda: layers.Conv2DTranspose(2, 3, name="c"), (1, 3, 3),
     r"Conv2DTranspose layer 'c': expected an input of rank 4.*\(1, 3, 3\)"),
])
def test_bad_input_names_layer_and_shapes(make, shape, match):
    layer = make()
    with pytest.raises(ValueError, match=match):
        layer(np.zeros(shape, np.float32))


def test_channel_mismatch_after_build_names_shapes():
    layer = layers.Conv2D(2, 3, name="c2")
    layer(np.zeros((1, 5, 5, 3), np.float32))
    with pytest.raises(ValueError, match=r"Conv2D layer 'c2': expected an input with 3 channels.*"
                                         r"\(1, 5, 5, 4\)"):
        layer(np.zeros((1, 5, 5, 4), np.float32))


@pytest.mark.parametrize("make,exc,match", [
    (lambda: layers.Conv2D(0, 3), ValueError, "filters"),
    (lambda: layers.Conv2D(3, 3, groups=2), ValueError, "groups"),
    (lambda: layers.Conv2D(2, 3, strides=2, dilation_rate=2), ValueError, "dilation_rate"),
    (lambda: layers.Conv2D(2, 3, padding="causal"), ValueError, "padding"),
    (lambda: layers.Conv2D(2, (3, 3, 3)), ValueError, "kernel_size"),
    (lambda: layers.Conv2D(2, 3, data_format="channels_first"), NotImplementedError,
     "data_format"),
    (lambda: layers.Conv2D(2, 3, kernel_regularizer="no_such_penalty"), ValueError,
     "kernel_regularizer"),
    (lambda: layers.Conv2D(2, 3, lora_rank=4), NotImplementedError, "lora_rank"),
    (lambda: layers.Conv2DTranspose(2, 3, bias_constraint="non_neg"), NotImplementedError,
     "bias_constraint"),
    (lambda: layers.DepthwiseConv2D(3, depthwise_regularizer="l2"), NotImplementedError,
     "depthwise_regularizer"),
])
def test_bad_arguments(make, exc, match):
    with pytest.raises(exc, match=match):
        make()


def test_config_round_trip_and_batch_one(rng):
    layer = layers.Conv2D(3, (2, 3), strides=(1, 2), padding="same", activation="relu",
                          name="cfg")
    config = layer.get_config()
    assert config["kernel_size"] == [2, 3] and config["padding"] == "same"
    clone = layers.Conv2D.from_config(config)
    x = rng.normal(size=(1, 4, 5, 2)).astype(np.float32)
    y = layer(x)
    clone.build((None, 4, 5, 2))
    clone.set_weights(layer.get_weights())
    np.testing.assert_array_equal(np.asarray(clone(x)), np.asarray(y))


@pytest.mark.parametrize("groups", [1, 2])
def test_results_agree_across_thread_counts(groups, rng):
    import pydeep
    x = pydeep.ops.convert_to_tensor(rng.normal(size=(32, 17, 15, 8)).astype(np.float32))
    k = pydeep.Variable(rng.normal(size=(3, 3, 8 // groups, 16)).astype(np.float32))
    results = []
    old = pydeep.config.get_num_threads()
    try:
        for threads in (1, 2):
            pydeep.config.set_num_threads(threads)
            with pydeep.GradientTape() as tape:
                tape.watch(x)
                y = pydeep.ops.max_pool(pydeep.ops.conv(x, k, 2, "same"), 2, 1, "same")
            results.append([np.asarray(t) for t in [y] + tape.gradient(y, [x, k])])
    finally:
        pydeep.config.set_num_threads(old)
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name,args", [
    ("Conv2D", (4, 3)), ("Conv1DTranspose", (4, 3)), ("DepthwiseConv2D", (3,)),
    ("SeparableConv1D", (4, 3)), ("MaxPooling2D", ()), ("GlobalAveragePooling1D", ()),
    ("BatchNormalization", ()), ("LayerNormalization", ()), ("GroupNormalization", ()),
    ("UnitNormalization", ()), ("ZeroPadding2D", ()), ("Cropping1D", ()), ("UpSampling2D", ()),
    ("GaussianNoise", (0.1,)), ("SpatialDropout2D", (0.1,))])
def test_configs_have_keras_keys_and_keras_configs_load(name, args):
    import pydeep
    keras = pytest.importorskip("layer_check").keras_or_skip()
    k = getattr(keras.layers, name)(*args).get_config()
    p = getattr(pydeep.layers, name)(*args).get_config()
    assert set(k) - {"trainable"} <= set(p), sorted(set(k) - set(p))
    k.pop("dtype")
    getattr(pydeep.layers, name).from_config(k)


def test_conv_regularizers_and_constraints_reach_loss_and_weights():
    pydeep.utils.set_random_seed(0)
    conv = layers.Conv2D(3, 2, kernel_regularizer=pydeep.regularizers.L2(0.05),
                         bias_regularizer=pydeep.regularizers.L1(0.1),
                         activity_regularizer=pydeep.regularizers.L2(0.01),
                         kernel_constraint="non_neg")
    model = pydeep.Sequential([pydeep.Input((4, 4, 1)), conv, layers.Flatten(), layers.Dense(1)])
    model.compile(optimizer=pydeep.optimizers.SGD(0.1), loss="mse")
    rng = np.random.default_rng(0)
    x = rng.normal(size=(8, 4, 4, 1)).astype("float32")
    y = rng.normal(size=(8, 1)).astype("float32")
    conv.set_weights([np.abs(conv.get_weights()[0]), np.full(3, 0.5, np.float32)])
    kernel, bias = (w.astype(np.float64) for w in conv.get_weights())
    feat = np.asarray(conv(x), np.float64)
    data = np.mean((model.predict(x, verbose=0).astype(np.float64) - y) ** 2)
    penalty = (0.05 * np.sum(kernel ** 2) + 0.1 * np.sum(np.abs(bias)) +
               0.01 * np.sum(feat ** 2) / len(x))
    np.testing.assert_allclose(model.evaluate(x, y, batch_size=8, verbose=0), data + penalty,
                               rtol=1e-5)
    # The same training with and without the constraint: without it some kernel
    # entries go negative, with it none does (projected after every update).
    free = layers.Conv2D(3, 2)
    twin = pydeep.Sequential([pydeep.Input((4, 4, 1)), free, layers.Flatten(), layers.Dense(1)])
    twin.set_weights(model.get_weights())
    for m in (model, twin):
        m.compile(optimizer=pydeep.optimizers.SGD(0.05), loss="mse")
        m.fit(x, y, epochs=20, batch_size=4, shuffle=False, verbose=0)
    assert (free.get_weights()[0] < 0).any()
    trained = conv.get_weights()[0]
    assert np.isfinite(trained).all() and (trained >= 0).all()
    config = conv.get_config()
    assert config["kernel_regularizer"]["class_name"] == "L2"
    assert config["kernel_constraint"]["class_name"] == "NonNeg"
    assert config["activity_regularizer"]["class_name"] == "L2"
    clone = layers.Conv2D.from_config(config)
    assert clone.get_config()["kernel_regularizer"] == config["kernel_regularizer"]
