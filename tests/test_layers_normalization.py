"""Normalization layers: forward and gradients against float64 formulas,
BatchNormalization's training / inference / frozen behaviour and moving
statistics against Keras's formula, and Keras parity via set_weights."""
import numpy as np
import pytest

import pydeep
from layer_check import check_layer, compare_with_keras, keras_or_skip
from pydeep import layers


def _bn_train(x, gamma, beta, axis=-1, eps=1e-3):
    axes = tuple(a for a in range(x.ndim) if a != axis % x.ndim)
    shape = [1] * x.ndim
    shape[axis] = -1
    m, v = x.mean(axes, keepdims=True), x.var(axes, keepdims=True)
    return (x - m) / np.sqrt(v + eps) * gamma.reshape(shape) + beta.reshape(shape)


def test_batch_norm_training_forward_gradients_and_moving_stats(rng):
    layer = layers.BatchNormalization(gamma_initializer="random_normal",
                                      beta_initializer="random_normal")
    x = rng.normal(2.0, 3.0, size=(4, 3, 2, 3))
    check_layer(layer, x, lambda x, g, b, mm, mv: _bn_train(x, g, b), rng, training=True)
    assert [w.name.split("/")[-1] for w in layer.weights] == \
        ["gamma", "beta", "moving_mean", "moving_variance"]
    assert len(layer.trainable_weights) == 2 and len(layer.non_trainable_weights) == 2
    # check_layer ran one training call: moving = moving * 0.99 + batch * 0.01
    x32 = x.astype(np.float32).astype(np.float64)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.01 * x32.mean((0, 1, 2)),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(layer.moving_variance.numpy(),
                               0.99 + 0.01 * x32.var((0, 1, 2)), rtol=1e-5)


def test_batch_norm_inference_uses_moving_stats_and_frozen_layer_is_inference(rng):
    layer = layers.BatchNormalization(axis=1, momentum=0.5, epsilon=1e-2)
    x = rng.normal(size=(5, 3, 4)).astype(np.float32)
    layer.build(x.shape)
    g, b, mm, mv = (rng.normal(size=3), rng.normal(size=3), rng.normal(size=3),
                    rng.uniform(0.5, 2, size=3))
    layer.set_weights([g, b, mm, mv])
    r = lambda v: v.reshape(1, 3, 1)  # noqa: E731
    want = (x - r(mm)) / np.sqrt(r(mv) + 1e-2) * r(g) + r(b)
    np.testing.assert_allclose(np.asarray(layer(x)), want, rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(np.asarray(layer(x, training=True)),
                               _bn_train(x.astype(np.float64), g, b, axis=1, eps=1e-2),
                               rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(layer.moving_mean.numpy(), 0.5 * mm + 0.5 * x.mean((0, 2)),
                               rtol=1e-5, atol=1e-6)
    layer.trainable = False
    before = [w.copy() for w in layer.get_weights()]
    frozen = np.asarray(layer(x, training=True))
    g2, b2, mm2, mv2 = before
    np.testing.assert_allclose(frozen, (x - r(mm2)) / np.sqrt(r(mv2) + 1e-2) * r(g2) + r(b2),
                               rtol=1e-5, atol=1e-5)
    for a, c in zip(before, layer.get_weights()):
        np.testing.assert_array_equal(a, c)
    assert layer.trainable_weights == [] and len(layer.non_trainable_weights) == 4


def test_batch_norm_without_center_and_scale(rng):
    layer = layers.BatchNormalization(center=False, scale=False)
    x = rng.normal(size=(6, 4))
    check_layer(layer, x, lambda x, mm, mv: _bn_train(x, np.ones(4), np.zeros(4)), rng,
                training=True)
    assert [w.shape for w in layer.weights] == [(4,), (4,)]


def test_batch_norm_matches_keras_in_training_and_inference(rng):
    keras = keras_or_skip()
    x = rng.normal(1.0, 2.0, size=(8, 5, 5, 3)).astype(np.float32)
    kl = keras.layers.BatchNormalization(momentum=0.9)
    kl.build(x.shape)
    w = [rng.normal(size=3), rng.normal(size=3), rng.normal(size=3), rng.uniform(0.5, 2, 3)]
    kl.set_weights(w)
    pl = layers.BatchNormalization(momentum=0.9)
    pl.build(x.shape)
    pl.set_weights(w)
    np.testing.assert_allclose(np.asarray(pl(x)), kl(x, training=False).detach().numpy(),
                               rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(np.asarray(pl(x, training=True)),
                               kl(x, training=True).detach().numpy(), rtol=1e-4, atol=1e-4)
    for a, b in zip(pl.get_weights(), kl.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-5, atol=1e-6)


def test_fit_updates_moving_stats_and_predict_uses_them(rng):
    x = rng.normal(3.0, 2.0, size=(64, 4)).astype(np.float32)
    y = rng.normal(size=(64, 1)).astype(np.float32)
    bn = layers.BatchNormalization(momentum=0.0)
    model = pydeep.Sequential([pydeep.Input((4,)), bn, layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, y, batch_size=64, epochs=1, verbose=0, shuffle=False)
    np.testing.assert_allclose(bn.moving_mean.numpy(), x.mean(0), rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(bn.moving_variance.numpy(), x.var(0), rtol=1e-4)
    g, b, mm, mv = bn.get_weights()
    k, kb = model.layers[-1].get_weights()
    want = ((x - mm) / np.sqrt(mv + 1e-3) * g + b) @ k + kb
    np.testing.assert_allclose(model.predict(x, verbose=0), want, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("axis,shape", [(-1, (3, 5)), ([1, 2], (2, 3, 4, 2)), (1, (2, 4, 3))])
def test_layer_norm_forward_and_gradients(axis, shape, rng):
    layer = layers.LayerNormalization(axis=axis, gamma_initializer="random_normal",
                                      beta_initializer="random_normal")
    axes = tuple(np.atleast_1d(axis) % len(shape))

    def ref(x, g, b):
        bshape = [1] * x.ndim
        for a in axes:
            bshape[a] = x.shape[a]
        m, v = x.mean(axes, keepdims=True), x.var(axes, keepdims=True)
        return (x - m) / np.sqrt(v + 1e-3) * g.reshape(bshape) + b.reshape(bshape)
    check_layer(layer, rng.normal(size=shape), ref, rng)


@pytest.mark.parametrize("groups,shape", [(2, (2, 3, 4)), (3, (2, 2, 3, 6)), (1, (3, 5))])
def test_group_norm_forward_and_gradients(groups, shape, rng):
    layer = layers.GroupNormalization(groups=groups, gamma_initializer="random_normal",
                                      beta_initializer="random_normal")

    def ref(x, g, b):
        n, c = x.shape[0], x.shape[-1]
        r = x.reshape(n, -1, groups, c // groups)
        m, v = r.mean((1, 3), keepdims=True), r.var((1, 3), keepdims=True)
        return ((r - m) / np.sqrt(v + 1e-3)).reshape(x.shape) * g + b
    check_layer(layer, rng.normal(size=shape), ref, rng)


def test_unit_norm_forward_and_gradients(rng):
    check_layer(layers.UnitNormalization(), rng.normal(size=(3, 4)),
                lambda x: x / np.linalg.norm(x, axis=-1, keepdims=True), rng)
    check_layer(layers.UnitNormalization(axis=[1, 2]), rng.normal(size=(2, 3, 2)),
                lambda x: x / np.sqrt((x ** 2).sum((1, 2), keepdims=True)), rng)


@pytest.mark.parametrize("name,kw,shape", [
    ("LayerNormalization", dict(), (2, 3, 5)),
    ("LayerNormalization", dict(axis=[1, 2], epsilon=1e-5), (2, 3, 4)),
    ("GroupNormalization", dict(groups=2), (2, 4, 4, 6)),
    ("UnitNormalization", dict(), (3, 5)),
])
def test_normalization_matches_keras(name, kw, shape, rng):
    keras = keras_or_skip()
    x = rng.normal(size=shape).astype(np.float32)
    probe = getattr(keras.layers, name)(**kw)
    probe.build(x.shape)
    weights = [rng.normal(size=w.shape).astype(np.float32) for w in probe.get_weights()]

    def make_keras(k):
        layer = getattr(k.layers, name)(**kw)
        layer.build(x.shape)
        layer.set_weights(weights)
        return layer
    compare_with_keras(lambda: getattr(layers, name)(**kw), make_keras, x)


def test_normalization_errors():
    with pytest.raises(ValueError, match=r"GroupNormalization layer 'gn'.*channels \(6\).*"
                                         r"groups \(4\).*\(2, 3, 6\)"):
        layers.GroupNormalization(groups=4, name="gn")(np.zeros((2, 3, 6), np.float32))
    with pytest.raises(ValueError, match=r"BatchNormalization layer 'bn'.*axis 3.*\(2, 3\)"):
        layers.BatchNormalization(axis=3, name="bn")(np.zeros((2, 3), np.float32))
    bn = layers.BatchNormalization(name="bn2")
    bn(np.zeros((2, 3), np.float32))
    with pytest.raises(ValueError, match=r"BatchNormalization layer 'bn2'.*3 features.*\(2, 4\)"):
        bn(np.zeros((2, 4), np.float32))
    with pytest.raises(NotImplementedError, match="gamma_regularizer"):
        layers.BatchNormalization(gamma_regularizer="l2")
    with pytest.raises(NotImplementedError, match="renorm"):
        layers.BatchNormalization(renorm=True)
    with pytest.raises(NotImplementedError, match="axis"):
        layers.GroupNormalization(axis=1)
