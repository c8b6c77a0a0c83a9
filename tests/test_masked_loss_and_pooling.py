"""Masks reach the loss and GlobalAveragePooling1D as in Keras 3 (padded steps do not count)."""
import numpy as np

import pydeep
from pydeep import layers


def _data():
    rng = np.random.default_rng(0)
    x = rng.integers(1, 20, size=(12, 6))
    for row, length in zip(x, rng.integers(2, 7, size=12)):
        row[length:] = 0  # padding at the end
    y = rng.normal(size=(12, 6, 1)).astype("float32")
    return x, y


def _model():
    pydeep.utils.set_random_seed(0)
    inp = pydeep.Input((6,), dtype="int32")
    h = layers.LSTM(4, return_sequences=True)(layers.Embedding(20, 3, mask_zero=True)(inp))
    model = pydeep.Model(inp, layers.Dense(1)(h))
    model.compile(optimizer="sgd", loss="mse")
    return model


def test_padded_steps_do_not_count_in_the_loss():
    x, y = _data()
    model = _model()
    pred = model.predict(x, verbose=0).astype(np.float64)
    valid = x != 0
    per_step = ((pred - y) ** 2).mean(axis=-1)
    expected = per_step[valid].mean()  # the mean over the counted steps only
    got = model.evaluate(x, y, batch_size=12, verbose=0)
    np.testing.assert_allclose(got, expected, rtol=1e-5)
    assert abs(got - per_step.mean()) > 1e-3  # the unmasked mean differs
    # Training sees the same loss (and padded targets get no gradient).
    logs = model.train_on_batch(x, y, return_dict=True)
    np.testing.assert_allclose(logs["loss"], expected, rtol=1e-5)


def test_masked_loss_matches_keras(keras):
    x, y = _data()
    model = _model()
    inp = keras.Input((6,), dtype="int32")
    h = keras.layers.LSTM(4, return_sequences=True)(
        keras.layers.Embedding(20, 3, mask_zero=True)(inp))
    kmodel = keras.Model(inp, keras.layers.Dense(1)(h))
    kmodel.compile(optimizer="sgd", loss="mse")
    kmodel.set_weights(model.get_weights())
    np.testing.assert_allclose(model.evaluate(x, y, batch_size=12, verbose=0),
                               kmodel.evaluate(x, y, batch_size=12, verbose=0), rtol=1e-5)


def _pooled_model(keras_module, pooling):
    lib = keras_module
    inp = lib.Input((6,), dtype="int32")
    e = lib.layers.Embedding(20, 3, mask_zero=True)(inp)
    return lib.Model(inp, lib.layers.Dense(2)(pooling(lib)(e)))


def test_global_average_pooling_1d_averages_unmasked_steps_only():
    x, _ = _data()
    pydeep.utils.set_random_seed(1)
    model = _pooled_model(pydeep, lambda lib: lib.layers.GlobalAveragePooling1D())
    table, kernel, bias = (np.asarray(w, np.float64) for w in model.get_weights())
    valid = (x != 0)[..., None]
    pooled = (table[x] * valid).sum(1) / valid.sum(1)
    np.testing.assert_allclose(model.predict(x, verbose=0), pooled @ kernel + bias, rtol=1e-5,
                               atol=1e-6)


def test_masked_pooling_matches_keras(keras):
    x, _ = _data()
    for pooling in (lambda lib: lib.layers.GlobalAveragePooling1D(),
                    lambda lib: lib.layers.GlobalMaxPooling1D()):
        model = _pooled_model(pydeep, pooling)
        kmodel = _pooled_model(keras, pooling)
        kmodel.set_weights(model.get_weights())
        np.testing.assert_allclose(model.predict(x, verbose=0), kmodel.predict(x, verbose=0),
                                   rtol=1e-5, atol=1e-6)


def test_mean_metrics_skip_masked_steps_like_keras(keras):
    x, y = _data()
    sw = np.random.default_rng(2).uniform(0.5, 2, size=(12, 6)).astype("float32")  # per step
    model = _model()
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"], weighted_metrics=["mse"])
    inp = keras.Input((6,), dtype="int32")
    h = keras.layers.LSTM(4, return_sequences=True)(
        keras.layers.Embedding(20, 3, mask_zero=True)(inp))
    kmodel = keras.Model(inp, keras.layers.Dense(1)(h))
    kmodel.compile(optimizer="sgd", loss="mse", metrics=["mae"], weighted_metrics=["mse"])
    kmodel.set_weights(model.get_weights())
    ours = model.evaluate(x, y, sample_weight=sw, batch_size=12, return_dict=True, verbose=0)
    theirs = kmodel.evaluate(x, y, sample_weight=sw, batch_size=12, return_dict=True, verbose=0)
    assert set(ours) == set(theirs)
    for key in ours:
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-5, err_msg=key)
    # And the masked mean, by hand, for the unweighted metric.
    err = np.abs(model.predict(x, verbose=0).astype(np.float64) - y)[..., 0]
    np.testing.assert_allclose(ours["mae"], err[x != 0].mean(), rtol=1e-5)
