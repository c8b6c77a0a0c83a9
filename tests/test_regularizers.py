"""Regularizers: penalties against numpy float64 formulas (and Keras 3 when
installed), their configs, and their place in the loss of fit / evaluate /
train_on_batch / test_on_batch, in gradients and in layer/model.losses."""
import numpy as np
import pytest

import pydeep
from pydeep import layers, regularizers

X = np.random.default_rng(3).normal(size=(5, 4)).astype(np.float32)


def np_orthogonal(x, factor, mode):
    x = x.astype(np.float64)
    if mode == "columns":
        x = x.T
    inv = np.minimum(1.0 / np.sqrt((x ** 2).sum(axis=1, keepdims=True)), 1e7)
    n = x * inv
    p = n @ n.T
    size = p.shape[0]
    return factor * 0.5 * np.abs(p * (1 - np.eye(size))).sum() / (size * (size - 1) / 2)


CASES = [
    (regularizers.L1(0.3), lambda x: 0.3 * np.abs(x).sum()),
    (regularizers.L2(0.2), lambda x: 0.2 * (x ** 2).sum()),
    (regularizers.L1L2(l1=0.1, l2=0.05), lambda x: 0.1 * np.abs(x).sum() + 0.05 * (x ** 2).sum()),
    (regularizers.L1L2(l2=0.05), lambda x: 0.05 * (x ** 2).sum()),
    (regularizers.get("l1"), lambda x: 0.01 * np.abs(x).sum()),
    (regularizers.get("l2"), lambda x: 0.01 * (x ** 2).sum()),
    (regularizers.get("l1_l2"), lambda x: 0.0),
    (regularizers.OrthogonalRegularizer(0.3), lambda x: np_orthogonal(x, 0.3, "rows")),
    (regularizers.OrthogonalRegularizer(0.3, mode="columns"),
     lambda x: np_orthogonal(x, 0.3, "columns")),
    (regularizers.get("orthogonal_regularizer"), lambda x: np_orthogonal(x, 0.01, "rows")),
]


@pytest.mark.parametrize("reg,formula", CASES, ids=lambda c: repr(c) if not callable(c) or
                         isinstance(c, regularizers.Regularizer) else "")
def test_penalty_values(reg, formula):
    got = reg(X)
    assert got.shape == ()
    np.testing.assert_allclose(float(got), formula(X.astype(np.float64)), rtol=2e-6, atol=1e-7)


def test_penalty_gradients_match_finite_differences():
    x = pydeep.Variable(X)
    for reg in (regularizers.L1L2(0.1, 0.2), regularizers.OrthogonalRegularizer(0.5)):
        with pydeep.GradientTape() as tape:
            value = reg(x)
        (g,) = tape.gradient(value, [x])
        numeric = np.zeros_like(X, dtype=np.float64)
        for i in np.ndindex(X.shape):
            d = np.zeros_like(X, dtype=np.float64)
            d[i] = 1e-4
            f = (lambda v: np.abs(v).sum() * 0.1 + (v ** 2).sum() * 0.2) if isinstance(
                reg, regularizers.L1L2) else (lambda v: np_orthogonal(v, 0.5, "rows"))
            numeric[i] = (f(X + d) - f(X - d)) / 2e-4
        np.testing.assert_allclose(np.asarray(g), numeric, rtol=1e-3, atol=1e-4)


def test_configs_identifiers_and_serialization():
    assert regularizers.L1().get_config() == {"l1": 0.01}
    assert regularizers.L2().get_config() == {"l2": 0.01}
    assert regularizers.L1L2().get_config() == {"l1": 0.0, "l2": 0.0}
    assert regularizers.OrthogonalRegularizer().get_config() == {"factor": 0.01, "mode": "rows"}
    assert regularizers.L1(None).l1 == 0.01 and regularizers.L1L2(None, None).l2 == 0.0
    for name, cls in (("l1", regularizers.L1), ("L2", regularizers.L2),
                      ("l1l2", regularizers.L1L2), ("l1_l2", regularizers.L1L2),
                      ("orthogonal_regularizer", regularizers.OrthogonalRegularizer)):
        assert type(regularizers.get(name)) is cls
    s = regularizers.serialize(regularizers.L2(0.1))
    assert s == {"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.1},
                 "registered_name": None}
    back = regularizers.deserialize(s)
    assert type(back) is regularizers.L2 and back.l2 == 0.1
    assert regularizers.get(None) is None and regularizers.get(back) is back
    assert type(regularizers.get(regularizers.L1)) is regularizers.L1


@pytest.mark.parametrize("make,exc,match", [
    (lambda: regularizers.L1(-1.0), ValueError, "l1: expected a non-negative float"),
    (lambda: regularizers.L2(float("nan")), ValueError, "l2"),
    (lambda: regularizers.OrthogonalRegularizer(mode="diag"), ValueError, "mode=diag"),
    (lambda: regularizers.get("l3"), ValueError, "Could not interpret regularizer identifier"),
    (lambda: regularizers.OrthogonalRegularizer()(np.zeros((2, 3, 4), np.float32)), ValueError,
     r"rank 2; received shape \(2, 3, 4\)"),
    (lambda: layers.Dense(2, kernel_regularizer=lambda w: 0.0), NotImplementedError,
     "Dense: argument `kernel_regularizer`: custom regularizers"),
    (lambda: layers.Dense(2, bias_regularizer="bogus"), ValueError,
     "Dense: argument `bias_regularizer`: Could not interpret regularizer identifier: bogus"),
    (lambda: pydeep._core.make_layer("Dense", {"units": 2, "kernel_regularizer": {
        "class_name": "L1", "config": {"l1": 0.1, "l3": 2}}}), ValueError,
     "kernel_regularizer: L1 got an unexpected argument `l3`"),
    (lambda: pydeep._core.make_layer("Dense", {"units": 2, "activity_regularizer": "l4"}),
     ValueError, "activity_regularizer: could not interpret regularizer identifier: 'l4'"),
])
def test_errors_name_the_argument(make, exc, match):
    with pytest.raises(exc, match=match):
        make()


def test_layer_losses_keras_docstring_example():
    # keras.regularizers.Regularizer's documented example: 0.25 + 5.0
    layer = layers.Dense(5, kernel_initializer="ones", kernel_regularizer=regularizers.L1(0.01),
                         activity_regularizer=regularizers.L2(0.01))
    layer(np.full((5, 5), 2.0, np.float32))
    losses = [float(v) for v in layer.losses]
    np.testing.assert_allclose(losses, [5.0, 0.25], rtol=1e-6)


def test_layer_losses_order_and_trainability():
    layer = layers.Dense(3, bias_initializer="ones", kernel_regularizer="l2",
                         bias_regularizer=regularizers.L1(0.5),
                         activity_regularizer=regularizers.L1(0.1))
    assert layer.activity_regularizer.get_config() == {"l1": 0.1}
    y = np.asarray(layer(X))
    k, b = layer.get_weights()
    want = [0.1 * np.abs(y).sum() / len(X), 0.01 * (k ** 2).sum(), 0.5 * np.abs(b).sum()]
    np.testing.assert_allclose([float(v) for v in layer.losses], want, rtol=1e-5)
    layer(X[:2])   # an outermost call replaces the activity penalties
    assert len(layer.losses) == 3
    layer.trainable = False   # Keras: only trainable weights are penalised
    assert len(layer.losses) == 1
    assert layers.Dense(2).losses == []


def dense_model(**dense_kwargs):
    pydeep.utils.set_random_seed(4)
    model = pydeep.Sequential([
        pydeep.Input((4,)),
        layers.Dense(3, activation="tanh", kernel_regularizer=regularizers.L2(0.1),
                     activity_regularizer=regularizers.L1(0.05), **dense_kwargs),
        layers.Dense(1, bias_initializer="ones", bias_regularizer=regularizers.L1(0.2)),
    ])
    return model


def np_losses(weights, x, y):
    k1, b1, k2, b2 = [w.astype(np.float64) for w in weights]
    h = np.tanh(x @ k1 + b1)
    out = h @ k2 + b2
    data = np.mean((out - y) ** 2)
    return data, [0.05 * np.abs(h).sum() / len(x), 0.1 * (k1 ** 2).sum(), 0.2 * np.abs(b2).sum()]


def test_fit_evaluate_and_batch_apis_add_the_penalties():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(8, 4)).astype(np.float32)
    y = rng.normal(size=(8, 1)).astype(np.float32)
    model = dense_model()
    model.compile(pydeep.optimizers.SGD(0.05), "mse")
    w0 = model.get_weights()
    data, reg = np_losses(w0, x, y)
    np.testing.assert_allclose(model.test_on_batch(x, y), data + sum(reg), rtol=1e-5)
    np.testing.assert_allclose(model.evaluate(x, y, verbose=0), data + sum(reg), rtol=1e-5)
    np.testing.assert_allclose([float(v) for v in model.losses], reg, rtol=1e-5)
    # train_on_batch reports the loss of the forward pass before its update
    np.testing.assert_allclose(model.train_on_batch(x, y), data + sum(reg), rtol=1e-5)
    w1 = model.get_weights()
    data1, reg1 = np_losses(w1, x, y)
    history = model.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    np.testing.assert_allclose(history.history["loss"][0], data1 + sum(reg1), rtol=1e-5)
    data2, reg2 = np_losses(model.get_weights(), x, y)
    np.testing.assert_allclose(model.evaluate(x, y, verbose=0), data2 + sum(reg2), rtol=1e-5)


def test_penalty_gradients_reach_the_update():
    # SGD on a linear Dense with an L2 kernel penalty and an activity penalty:
    # w1 = w0 - lr * (2/n X^T (Xw - y) + 2 l2 w + 2 a X^T (Xw) / n)
    rng = np.random.default_rng(6)
    x = rng.normal(size=(10, 4)).astype(np.float32)
    y = rng.normal(size=(10, 1)).astype(np.float32)
    model = pydeep.Sequential([pydeep.Input((4,)),
                               layers.Dense(1, use_bias=False,
                                            kernel_regularizer=regularizers.L2(0.3)),
                               layers.ActivityRegularization(l2=0.2)])
    model.compile(pydeep.optimizers.SGD(0.1), "mse")
    (w0,) = [w.astype(np.float64) for w in model.get_weights()]
    xd, yd = x.astype(np.float64), y.astype(np.float64)
    h = xd @ w0
    grad = 2 / 10 * xd.T @ (h - yd) + 2 * 0.3 * w0 + 2 * 0.2 * xd.T @ h / 10
    loss = model.train_on_batch(x, y)
    np.testing.assert_allclose(loss, np.mean((h - yd) ** 2) + 0.3 * (w0 ** 2).sum() +
                               0.2 * (h ** 2).sum() / 10, rtol=1e-5)
    np.testing.assert_allclose(model.get_weights()[0], w0 - 0.1 * grad, rtol=1e-5, atol=1e-7)


def test_regularization_shrinks_weights_in_training():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(64, 4)).astype(np.float32)
    y = (x @ np.array([[3.0], [-2.0], [1.0], [0.5]])).astype(np.float32)
    norms = []
    for reg in (None, regularizers.L2(1.0)):
        pydeep.utils.set_random_seed(0)
        model = pydeep.Sequential([pydeep.Input((4,)), layers.Dense(1, kernel_regularizer=reg)])
        model.compile(pydeep.optimizers.Adam(0.05), "mse")
        model.fit(x, y, epochs=60, verbose=0)
        norms.append(np.linalg.norm(model.get_weights()[0]))
    assert norms[0] > 3.5 and norms[1] < 0.5 * norms[0]


def test_activity_regularization_layer_config():
    layer = layers.ActivityRegularization(l1=0.1, l2=0.2)
    config = layer.get_config()
    assert config["l1"] == 0.1 and config["l2"] == 0.2 and "activity_regularizer" not in config
    again = layers.ActivityRegularization.from_config(config)
    again(X)
    np.testing.assert_allclose(float(again.losses[0]),
                               (0.1 * np.abs(X).sum() + 0.2 * (X ** 2).sum()) / len(X),
                               rtol=1e-5)
    with pytest.raises(ValueError, match="l1"):
        layers.ActivityRegularization(l1=-1)


def test_dense_config_round_trips_in_keras_format():
    layer = layers.Dense(3, kernel_regularizer="l2", bias_regularizer=regularizers.L1L2(0.1, 0.2),
                         activity_regularizer=regularizers.OrthogonalRegularizer(0.5, "columns"),
                         kernel_constraint="max_norm",
                         bias_constraint=pydeep.constraints.NonNeg())
    config = layer.get_config()
    assert config["kernel_regularizer"] == {"module": "keras.regularizers", "class_name": "L2",
                                            "config": {"l2": 0.01}, "registered_name": None}
    assert config["bias_regularizer"]["config"] == {"l1": 0.1, "l2": 0.2}
    assert config["activity_regularizer"]["config"] == {"factor": 0.5, "mode": "columns"}
    assert config["kernel_constraint"] == {"module": "keras.constraints", "class_name": "MaxNorm",
                                           "config": {"max_value": 2, "axis": 0},
                                           "registered_name": None}
    assert config["bias_constraint"]["class_name"] == "NonNeg"
    config.pop("name")
    again = layers.Dense.from_config(config)
    assert {k: v for k, v in again.get_config().items() if k != "name"} == config
    assert layers.Dense(2).get_config()["kernel_regularizer"] is None


def test_values_and_configs_match_keras(keras):
    pairs = [(regularizers.L1(0.3), keras.regularizers.L1(0.3)),
             (regularizers.L2(0.2), keras.regularizers.L2(0.2)),
             (regularizers.L1L2(0.1, 0.05), keras.regularizers.L1L2(0.1, 0.05)),
             (regularizers.OrthogonalRegularizer(0.3), keras.regularizers.OrthogonalRegularizer(0.3)),
             (regularizers.OrthogonalRegularizer(0.3, "columns"),
              keras.regularizers.OrthogonalRegularizer(0.3, "columns"))]
    for mine, theirs in pairs:
        value = theirs(keras.ops.convert_to_tensor(X))
        np.testing.assert_allclose(float(mine(X)), float(keras.ops.convert_to_numpy(value)),
                                   rtol=1e-5)
        assert mine.get_config().keys() == theirs.get_config().keys()
        for key, value in theirs.get_config().items():
            assert mine.get_config()[key] == pytest.approx(value)
    mine = layers.Dense(3, kernel_regularizer="l2", activity_regularizer="l1",
                        kernel_constraint="non_neg").get_config()
    theirs = keras.layers.Dense(3, kernel_regularizer="l2", activity_regularizer="l1",
                                kernel_constraint="non_neg").get_config()
    for key in ("kernel_regularizer", "bias_regularizer", "kernel_constraint", "bias_constraint"):
        assert mine[key] == theirs[key], key
    assert mine["activity_regularizer"]["class_name"] == theirs["activity_regularizer"]["class_name"]


def test_keras_model_losses_and_evaluate_match(keras):
    # The same weights in Keras and pydeep: evaluate() and model.losses agree.
    rng = np.random.default_rng(8)
    x = rng.normal(size=(8, 4)).astype(np.float32)
    y = rng.normal(size=(8, 1)).astype(np.float32)
    mine = dense_model()
    theirs = keras.Sequential([
        keras.Input((4,)),
        keras.layers.Dense(3, activation="tanh", kernel_regularizer=keras.regularizers.L2(0.1),
                           activity_regularizer=keras.regularizers.L1(0.05)),
        keras.layers.Dense(1, bias_regularizer=keras.regularizers.L1(0.2))])
    theirs.set_weights(mine.get_weights())
    for m in (mine, theirs):
        m.compile("sgd", "mse")
    np.testing.assert_allclose(mine.evaluate(x, y, verbose=0, batch_size=8),
                               theirs.evaluate(x, y, verbose=0, batch_size=8), rtol=1e-5)


def test_model_losses_are_differentiable_in_a_custom_loop():
    model = pydeep.Sequential([pydeep.Input((4,)),
                               layers.Dense(2, kernel_regularizer=regularizers.L2(0.5),
                                            activity_regularizer=regularizers.L2(0.25))])
    kernel, bias = model.trainable_weights
    with pydeep.GradientTape() as tape:
        out = model(X, training=True)
        penalty = pydeep.ops.sum(pydeep.ops.stack(model.losses))
    grads = tape.gradient(penalty, [kernel, bias])
    k, b = model.get_weights()
    h = X.astype(np.float64) @ k + b
    np.testing.assert_allclose(np.asarray(out), h, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(np.asarray(grads[0]), 2 * 0.5 * k + 2 * 0.25 * X.T @ h / len(X),
                               rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(np.asarray(grads[1]), 2 * 0.25 * h.sum(axis=0) / len(X),
                               rtol=1e-4, atol=1e-6)


def test_nested_model_penalties_reach_the_outer_loss():
    inner = pydeep.Sequential([pydeep.Input((4,)),
                               layers.Dense(2, kernel_regularizer=regularizers.L2(0.5),
                                            activity_regularizer=regularizers.L1(0.1))])
    inputs = pydeep.Input((4,))
    outer = pydeep.Model(inputs, layers.Dense(1)(inner(inputs)))
    outer.compile("sgd", "mse")
    y = np.zeros((5, 1), np.float32)
    k, b = inner.get_weights()
    h = X.astype(np.float64) @ k + b
    k2, b2 = outer.get_weights()[2:]
    data = np.mean((h @ k2 + b2) ** 2)
    np.testing.assert_allclose(outer.evaluate(X, y, verbose=0),
                               data + 0.5 * (k ** 2).sum() + 0.1 * np.abs(h).sum() / 5, rtol=1e-5)
    assert len(outer.losses) == 2
