"""ZeroPadding, Cropping, UpSampling (nearest, bilinear) and the noise layers
(GaussianNoise, GaussianDropout, SpatialDropout): forward and gradients against
numpy, Keras parity, training-only behaviour and seeded statistics."""
import numpy as np
import pytest

from layer_check import check_layer, compare_with_keras
from pydeep import layers


def _bilinear_axis(x, axis, s):
    """Half-pixel-center linear resize by an integer factor along one axis."""
    n = x.shape[axis]
    src = np.maximum((np.arange(n * s) + 0.5) / s - 0.5, 0)
    lo = np.minimum(np.floor(src).astype(int), n - 1)
    hi = np.minimum(lo + 1, n - 1)
    w = (src - lo).reshape([-1 if a == axis else 1 for a in range(x.ndim)])
    return np.take(x, lo, axis) * (1 - w) + np.take(x, hi, axis) * w


SPATIAL_CASES = [
    (lambda: layers.ZeroPadding1D((1, 2)), (2, 3, 2),
     lambda x: np.pad(x, [(0, 0), (1, 2), (0, 0)])),
    (lambda: layers.ZeroPadding2D(((1, 0), (2, 1))), (1, 2, 3, 2),
     lambda x: np.pad(x, [(0, 0), (1, 0), (2, 1), (0, 0)])),
    (lambda: layers.ZeroPadding2D(1), (2, 2, 2, 1),
     lambda x: np.pad(x, [(0, 0), (1, 1), (1, 1), (0, 0)])),
    (lambda: layers.ZeroPadding3D((1, 0, 2)), (1, 2, 2, 1, 2),
     lambda x: np.pad(x, [(0, 0), (1, 1), (0, 0), (2, 2), (0, 0)])),
    (lambda: layers.Cropping1D((1, 2)), (2, 6, 2), lambda x: x[:, 1:-2]),
    (lambda: layers.Cropping2D(((1, 0), (0, 2))), (1, 4, 5, 2), lambda x: x[:, 1:, :-2]),
    (lambda: layers.Cropping2D(1), (1, 4, 4, 1), lambda x: x[:, 1:-1, 1:-1]),
    (lambda: layers.Cropping3D(((0, 1), (1, 0), (1, 1))), (1, 3, 3, 4, 1),
     lambda x: x[:, :-1, 1:, 1:-1]),
    (lambda: layers.UpSampling1D(3), (2, 3, 2), lambda x: np.repeat(x, 3, axis=1)),
    (lambda: layers.UpSampling2D((2, 3)), (1, 2, 3, 2),
     lambda x: np.repeat(np.repeat(x, 2, 1), 3, 2)),
    (lambda: layers.UpSampling2D(2, interpolation="bilinear"), (2, 3, 4, 2),
     lambda x: _bilinear_axis(_bilinear_axis(x, 1, 2), 2, 2)),
    (lambda: layers.UpSampling3D((1, 2, 2)), (1, 2, 2, 2, 1),
     lambda x: np.repeat(np.repeat(x, 2, 2), 2, 3)),
]


@pytest.mark.parametrize("make,shape,ref", SPATIAL_CASES, ids=lambda v: str(v))
def test_spatial_layers_forward_and_gradients(make, shape, ref, rng):
    layer = make()
    check_layer(layer, rng.normal(size=shape), ref, rng)
    assert layer.compute_output_shape((None,) + shape[1:]) == \
        (None,) + ref(np.zeros(shape)).shape[1:]


@pytest.mark.parametrize("name,kw,shape", [
    ("ZeroPadding2D", dict(padding=((1, 2), (0, 1))), (2, 3, 4, 2)),
    ("ZeroPadding1D", dict(padding=2), (2, 3, 2)),
    ("Cropping2D", dict(cropping=((1, 0), (2, 1))), (2, 5, 6, 2)),
    ("Cropping1D", dict(cropping=(2, 1)), (2, 6, 3)),
    ("UpSampling2D", dict(size=(2, 3)), (2, 3, 2, 2)),
    ("UpSampling2D", dict(size=2, interpolation="bilinear"), (2, 3, 4, 2)),
    ("UpSampling1D", dict(size=2), (2, 3, 2)),
    ("UpSampling3D", dict(size=2), (1, 2, 3, 2, 2)),
])
def test_spatial_layers_match_keras(name, kw, shape, rng):
    x = rng.normal(size=shape).astype(np.float32)
    compare_with_keras(lambda: getattr(layers, name)(**kw),
                       lambda keras: getattr(keras.layers, name)(**kw), x)


def test_spatial_layer_errors():
    with pytest.raises(ValueError, match=r"Cropping2D layer 'cr'.*leaves nothing.*\(1, 3, 4, 1\)"):
        layers.Cropping2D(((2, 1), (0, 0)), name="cr")(np.zeros((1, 3, 4, 1), np.float32))
    with pytest.raises(ValueError, match=r"ZeroPadding2D layer 'zp': expected an input of rank 4"):
        layers.ZeroPadding2D(name="zp")(np.zeros((1, 3, 4), np.float32))
    with pytest.raises(NotImplementedError, match="interpolation"):
        layers.UpSampling2D(interpolation="bicubic")


def test_noise_layers_are_identity_in_inference(rng):
    x = rng.normal(size=(4, 3, 5)).astype(np.float32)
    for layer in (layers.GaussianNoise(0.5), layers.GaussianDropout(0.3),
                  layers.SpatialDropout1D(0.5)):
        np.testing.assert_array_equal(np.asarray(layer(x)), x)
        assert layer.compute_output_shape((None, 3, 5)) == (None, 3, 5)


def test_gaussian_noise_and_dropout_statistics_and_seeds():
    x = np.ones((200, 500), np.float32)
    noise = np.asarray(layers.GaussianNoise(0.5, seed=3)(x, training=True)) - 1
    assert abs(noise.mean()) < 0.01 and abs(noise.std() - 0.5) < 0.01
    a = np.asarray(layers.GaussianNoise(0.5, seed=3)(x, training=True))
    np.testing.assert_array_equal(a, noise + 1)  # same seed, same draw
    drop = np.asarray(layers.GaussianDropout(0.2, seed=1)(x, training=True))
    assert abs(drop.mean() - 1) < 0.01 and abs(drop.std() - np.sqrt(0.2 / 0.8)) < 0.01


def test_spatial_dropout_drops_whole_channels_and_scales(rng):
    x = rng.uniform(1, 2, size=(50, 6, 7, 40)).astype(np.float32)
    y = np.asarray(layers.SpatialDropout2D(0.25, seed=5)(x, training=True))
    ratio = y / x
    per_channel = ratio.reshape(50, -1, 40)
    # one value per sample and channel
    np.testing.assert_allclose(per_channel.max(1), per_channel.min(1), rtol=1e-6)
    values = np.unique(np.round(per_channel[:, 0], 5))
    np.testing.assert_allclose(values, [0, 1 / 0.75], rtol=1e-5)
    assert abs((per_channel[:, 0] == 0).mean() - 0.25) < 0.05
    import pydeep
    t = pydeep.ops.convert_to_tensor(x[:2, :2, :2, :3])
    layer = layers.SpatialDropout2D(0.5, seed=2)
    with pydeep.GradientTape() as tape:
        tape.watch(t)
        out = layer(t, training=True)
    g = np.asarray(tape.gradient(out, t))
    np.testing.assert_allclose(g, np.asarray(out) / np.asarray(t), rtol=1e-5)


def test_noise_layer_errors():
    with pytest.raises(ValueError, match="stddev"):
        layers.GaussianNoise(-1.0)
    with pytest.raises(ValueError, match="rate"):
        layers.GaussianDropout(1.0)
    with pytest.raises(ValueError,
                       match=r"SpatialDropout2D layer 'sd': expected an input of rank 4"):
        layers.SpatialDropout2D(0.5, name="sd")(np.zeros((2, 3, 4), np.float32), training=True)
