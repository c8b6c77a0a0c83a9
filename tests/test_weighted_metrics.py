"""compile(metrics=...) ignore sample weights; weighted_metrics use them (Keras 3)."""
import numpy as np
import pytest

import pydeep
from pydeep import layers


def _model(weighted_metrics):
    pydeep.utils.set_random_seed(0)
    model = pydeep.Sequential([pydeep.Input((3,)), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"], weighted_metrics=weighted_metrics)
    return model


def _data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 3)).astype("float32")
    y = rng.normal(size=(40, 1)).astype("float32")
    sw = rng.uniform(0, 3, size=40).astype("float32")
    return x, y, sw


def test_plain_metrics_ignore_and_weighted_metrics_use_sample_weight():
    x, y, sw = _data()
    model = _model(["mae", "mse"])
    logs = model.evaluate(x, y, sample_weight=sw, batch_size=40, return_dict=True, verbose=0)
    err = model.predict(x, verbose=0).astype(np.float64) - y
    assert set(logs) == {"loss", "mae", "weighted_mae", "mse"}
    np.testing.assert_allclose(logs["mae"], np.mean(np.abs(err)), rtol=1e-5)
    np.testing.assert_allclose(logs["weighted_mae"],
                               np.sum(sw * np.abs(err[:, 0])) / np.sum(sw), rtol=1e-5)
    np.testing.assert_allclose(logs["mse"], np.sum(sw * err[:, 0] ** 2) / np.sum(sw), rtol=1e-5)
    # class_weight works through the sample weights too: plain metrics ignore it.
    history = model.fit(x, (y > 0).astype("float32"), epochs=1, verbose=0,
                        class_weight={0: 1.0, 1: 5.0})
    assert "weighted_mae" in history.history


def test_weighted_metrics_survive_saving(tmp_path):
    x, y, sw = _data()
    model = _model(["mae"])
    model.save(tmp_path / "w.pydeep")
    loaded = pydeep.models.load_model(tmp_path / "w.pydeep")
    a = model.evaluate(x, y, sample_weight=sw, return_dict=True, verbose=0)
    b = loaded.evaluate(x, y, sample_weight=sw, return_dict=True, verbose=0)
    assert a == b and "weighted_mae" in b


def test_matches_keras(keras):
    x, y, sw = _data()
    model = _model(["mae"])
    kmodel = keras.Sequential([keras.Input((3,)), keras.layers.Dense(1)])
    kmodel.compile(optimizer="sgd", loss="mse", metrics=["mae"], weighted_metrics=["mae"])
    kmodel.set_weights(model.get_weights())
    ours = model.evaluate(x, y, sample_weight=sw, batch_size=40, return_dict=True, verbose=0)
    theirs = kmodel.evaluate(x, y, sample_weight=sw, batch_size=40, return_dict=True, verbose=0)
    assert set(ours) == set(theirs)
    for key in ours:
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-5)
