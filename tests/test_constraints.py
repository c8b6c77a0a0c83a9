"""Constraints: projections against numpy float64 formulas (and Keras 3 when
installed), configs, and their application after every optimizer update in
fit, train_on_batch and optimizer.apply_gradients."""
import numpy as np
import pytest

import pydeep
from pydeep import constraints, layers

W = np.random.default_rng(9).normal(size=(4, 3)).astype(np.float32) * 2
W3 = np.random.default_rng(10).normal(size=(2, 3, 4)).astype(np.float32)
EPS = 1e-7


def norms(w, axis):
    return np.sqrt((w.astype(np.float64) ** 2).sum(axis=axis, keepdims=True))


CASES = [
    (constraints.MaxNorm(), W, lambda w: w * np.clip(norms(w, 0), 0, 2) / (EPS + norms(w, 0))),
    (constraints.MaxNorm(1.5, axis=1), W,
     lambda w: w * np.clip(norms(w, 1), 0, 1.5) / (EPS + norms(w, 1))),
    (constraints.MaxNorm(1.0, axis=[0, 1]), W3,
     lambda w: w * np.clip(norms(w, (0, 1)), 0, 1) / (EPS + norms(w, (0, 1)))),
    (constraints.MinMaxNorm(1.0, 2.0, rate=0.7), W,
     lambda w: w * (0.7 * np.clip(norms(w, 0), 1, 2) + 0.3 * norms(w, 0)) / (EPS + norms(w, 0))),
    (constraints.MinMaxNorm(), W,
     lambda w: w * np.clip(norms(w, 0), 0, 1) / (EPS + norms(w, 0))),
    (constraints.NonNeg(), W, lambda w: np.maximum(w, 0)),
    (constraints.UnitNorm(), W, lambda w: w / (EPS + norms(w, 0))),
    (constraints.UnitNorm(axis=-1), W3, lambda w: w / (EPS + norms(w, -1))),
]


@pytest.mark.parametrize("constraint,w,formula", CASES)
def test_projection_values(constraint, w, formula):
    np.testing.assert_allclose(np.asarray(constraint(w)), formula(w), rtol=1e-5, atol=1e-7)


def test_configs_identifiers_and_errors():
    assert constraints.MaxNorm().get_config() == {"max_value": 2, "axis": 0}
    assert constraints.MinMaxNorm().get_config() == {"min_value": 0.0, "max_value": 1.0,
                                                     "rate": 1.0, "axis": 0}
    assert constraints.UnitNorm().get_config() == {"axis": 0}
    assert constraints.NonNeg().get_config() == {}
    for name, cls in (("max_norm", constraints.MaxNorm), ("MinMaxNorm", constraints.MinMaxNorm),
                      ("non_neg", constraints.NonNeg), ("unit_norm", constraints.UnitNorm)):
        assert type(constraints.get(name)) is cls
    s = constraints.serialize(constraints.MaxNorm(3, axis=1))
    assert s == {"module": "keras.constraints", "class_name": "MaxNorm",
                 "config": {"max_value": 3, "axis": 1}, "registered_name": None}
    assert constraints.deserialize(s).get_config() == {"max_value": 3, "axis": 1}
    assert constraints.get(None) is None
    with pytest.raises(ValueError, match="Could not interpret constraint identifier"):
        constraints.get("positive")
    with pytest.raises(ValueError, match="max_value"):
        constraints.MaxNorm("big")
    with pytest.raises(ValueError, match=r"MaxNorm: axis 2 is out of range for a weight of "
                                         r"shape \(4, 3\)"):
        constraints.MaxNorm(axis=2)(W)
    with pytest.raises(NotImplementedError, match="Dense: argument `bias_constraint`"):
        layers.Dense(2, bias_constraint=lambda w: w)


def constrained_model(**kwargs):
    pydeep.utils.set_random_seed(2)
    model = pydeep.Sequential([pydeep.Input((5,)), layers.Dense(4, **kwargs),
                               layers.Dense(1)])
    model.compile(pydeep.optimizers.Adam(0.2), "mse")
    return model


def test_constraints_hold_after_every_fit_step():
    rng = np.random.default_rng(11)
    x = rng.normal(size=(64, 5)).astype(np.float32)
    y = (x.sum(axis=1, keepdims=True) * 3).astype(np.float32)
    checked = []

    class Check(pydeep.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            k, b = self.model.layers[0].get_weights()
            checked.append((np.linalg.norm(k, axis=0).max(), b.min()))

    model = constrained_model(kernel_constraint=constraints.MaxNorm(0.5),
                              bias_constraint=constraints.NonNeg(), bias_initializer="ones")
    model.fit(x, y, batch_size=8, epochs=3, callbacks=[Check()], verbose=0)
    assert len(checked) == 24
    assert max(n for n, _ in checked) <= 0.5 * (1 + 1e-6)
    assert min(b for _, b in checked) >= 0.0
    free = constrained_model(bias_initializer="ones")
    free.fit(x, y, batch_size=8, epochs=3, verbose=0)
    k, b = free.layers[0].get_weights()
    assert np.linalg.norm(k, axis=0).max() > 0.6 or b.min() < 0   # the constraint did work


def test_constraint_applies_after_the_update():
    # SGD step then projection: k1 = unit_norm(k0 - lr * grad), in numpy.
    rng = np.random.default_rng(12)
    x = rng.normal(size=(6, 5)).astype(np.float32)
    y = rng.normal(size=(6, 2)).astype(np.float32)
    model = pydeep.Sequential([pydeep.Input((5,)),
                               layers.Dense(2, use_bias=False,
                                            kernel_constraint=constraints.UnitNorm())])
    model.compile(pydeep.optimizers.SGD(0.3), "mse")
    (k0,) = [w.astype(np.float64) for w in model.get_weights()]
    grad = 2 / y.size * x.T.astype(np.float64) @ (x @ k0 - y)
    model.train_on_batch(x, y)
    step = k0 - 0.3 * grad
    np.testing.assert_allclose(model.get_weights()[0], step / (EPS + norms(step, 0)),
                               rtol=1e-5, atol=1e-7)


def test_apply_gradients_in_a_custom_loop_applies_constraints():
    layer = layers.Dense(3, kernel_constraint=constraints.NonNeg(),
                         kernel_initializer="ones", bias_initializer="zeros")
    layer.build((None, 4))
    opt = pydeep.optimizers.SGD(1.0)
    g = np.full((4, 3), 2.0, np.float32)   # would make every weight -1
    with pytest.warns(UserWarning, match="Gradients do not exist"):
        opt.apply_gradients([(g, layer.kernel), (None, layer.bias)])
    np.testing.assert_array_equal(np.asarray(layer.kernel), np.zeros((4, 3)))
    # a variable without a gradient is not projected (Keras filters it out first)
    opt2 = pydeep.optimizers.SGD(1.0)
    bias_layer = layers.Dense(3, bias_constraint=constraints.NonNeg(), bias_initializer="zeros")
    bias_layer.build((None, 4))
    bias_layer.bias._assign(np.full(3, -1.0, np.float32))
    with pytest.warns(UserWarning, match="Gradients do not exist"):
        opt2.apply_gradients([(np.zeros((4, 3), np.float32), bias_layer.kernel),
                              (None, bias_layer.bias)])
    np.testing.assert_array_equal(np.asarray(bias_layer.bias), np.full(3, -1.0))


def test_values_and_configs_match_keras(keras):
    pairs = [(constraints.MaxNorm(1.5, axis=1), keras.constraints.MaxNorm(1.5, axis=1)),
             (constraints.MinMaxNorm(0.5, 1.5, 0.6), keras.constraints.MinMaxNorm(0.5, 1.5, 0.6)),
             (constraints.NonNeg(), keras.constraints.NonNeg()),
             (constraints.UnitNorm(axis=[0, 1]), keras.constraints.UnitNorm(axis=[0, 1]))]
    for mine, theirs in pairs:
        w = W3 if isinstance(mine, constraints.UnitNorm) else W
        np.testing.assert_allclose(np.asarray(mine(w)),
                                   keras.ops.convert_to_numpy(theirs(keras.ops.convert_to_tensor(w))),
                                   rtol=1e-5, atol=1e-7)
        assert mine.get_config() == theirs.get_config()
