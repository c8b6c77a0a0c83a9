"""The optimizers' Keras API beyond the update rules: resolution by name,
configs, bad arguments, iterations under gradient accumulation, the moving
average of the weights (use_ema) and its swap at the end of fit, and
learning with model.fit for every optimizer."""
import os
import warnings

import numpy as np
import pytest

import pydeep
import pydeep.optimizers as optimizers

NAMES = ["sgd", "adam", "adamw", "adamax", "nadam", "rmsprop", "adagrad", "adadelta",
         "adafactor", "lion", "ftrl"]


@pytest.mark.parametrize("name", NAMES)
def test_get_config_round_trip(name):
    opt = optimizers.get(name)
    assert type(opt).__name__.lower() == name
    assert isinstance(optimizers.get(type(opt).__name__), type(opt))  # class name, any case
    config = opt.get_config()
    clone = type(opt).from_config(config)
    assert clone.get_config() == config
    again = optimizers.deserialize(optimizers.serialize(opt))
    assert type(again) is type(opt) and again.get_config() == config


def test_configs_match_keras_defaults():
    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    for name in NAMES:
        ours = optimizers.get(name).get_config()
        theirs = keras.optimizers.get(name).get_config()
        assert list(ours) == list(theirs), name
        assert {k: v for k, v in ours.items() if k != "name"} == \
            {k: v for k, v in theirs.items() if k != "name"}, name


@pytest.mark.parametrize("make, error, match", [
    (lambda: optimizers.RMSprop(learning_rate=-0.01), ValueError, "learning_rate"),
    (lambda: optimizers.Nadam(learning_rate=float("nan")), ValueError, "learning_rate"),
    (lambda: optimizers.Lion(beta_1=0.0), ValueError, "beta_1"),
    (lambda: optimizers.Lion(beta_1=1.5), ValueError, "beta_1"),
    (lambda: optimizers.AdamW(weight_decay=None), ValueError, "weight_decay"),
    (lambda: optimizers.Ftrl(learning_rate_power=0.5), ValueError, "learning_rate_power"),
    (lambda: optimizers.Ftrl(initial_accumulator_value=-1.0), ValueError,
     "initial_accumulator_value"),
    (lambda: optimizers.Ftrl(l1_regularization_strength=-1.0), ValueError,
     "l1_regularization_strength"),
    (lambda: optimizers.Ftrl(l2_regularization_strength=-1.0), ValueError,
     "l2_regularization_strength"),
    (lambda: optimizers.Ftrl(l2_shrinkage_regularization_strength=-1.0), ValueError,
     "l2_shrinkage_regularization_strength"),
    (lambda: optimizers.Adagrad(initial_accumulator_value=-0.1), ValueError,
     "initial_accumulator_value"),
    (lambda: optimizers.RMSprop(rho=1.5), ValueError, "rho"),
    (lambda: optimizers.RMSprop(momentum=-0.5), ValueError, "momentum"),
    (lambda: optimizers.Adadelta(epsilon=-1.0), ValueError, "epsilon"),
    (lambda: optimizers.Adamax(beta_2=1.0), ValueError, "beta_2"),
    (lambda: optimizers.Adafactor(clip_threshold=0.0), ValueError, "clip_threshold"),
    (lambda: optimizers.Adagrad(clipnorm=1.0, global_clipnorm=1.0), ValueError, "clipnorm"),
    (lambda: optimizers.Lion(gradient_accumulation_steps=1), ValueError,
     "gradient_accumulation_steps"),
    (lambda: optimizers.Nadam(use_ema=True, ema_momentum=-0.1), ValueError, "ema_momentum"),
    (lambda: optimizers.Ftrl(amsgrad=True), ValueError, "not recognized"),
    (lambda: optimizers.get("adabelief"), ValueError, "adabelief"),
])
def test_bad_arguments(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_iterations_count_updates_under_accumulation():
    opt = optimizers.SGD(0.1, gradient_accumulation_steps=3)
    v = pydeep.Variable(np.zeros(2, np.float32), name="v")
    seen = []
    for i in range(7):
        opt.apply_gradients([(np.full(2, i + 1.0, np.float32), v)])
        seen.append((opt.iterations, float(np.array(v)[0])))
    # Updates on calls 3 and 6 with the mean gradients 2 and 5; iterations as
    # Keras counts them (calls // 3); the raw count is the "iteration" variable.
    assert seen == [(0, 0.0), (0, 0.0), (1, pytest.approx(-0.2)), (1, pytest.approx(-0.2)),
                    (1, pytest.approx(-0.2)), (2, pytest.approx(-0.7)), (2, pytest.approx(-0.7))]
    names = [x.name for x in opt.variables]
    assert names == ["iteration", "learning_rate", "v_gradient_accumulator"]
    assert opt.variables[0].numpy() == 7
    np.testing.assert_allclose(opt.variables[2].numpy(), 7.0)  # call 7 accumulated
    opt.iterations = 4
    assert opt.iterations == 4 and opt.variables[0].numpy() == 12


def test_ema_and_finalize_variable_values():
    opt = optimizers.SGD(0.5, use_ema=True, ema_momentum=0.5)
    v = pydeep.Variable(np.array([4.0], np.float32), name="v")
    averages = []
    for _ in range(3):
        opt.apply_gradients([(np.ones(1, np.float32), v)])
        averages.append(float(opt.variables[2].numpy()[0]))
    # v: 3.5, 3.0, 2.5; the average starts at v (first step), then halves toward v.
    assert averages == [3.5, 3.25, 2.875]
    assert [x.name for x in opt.variables] == ["iteration", "learning_rate", "v_average"]
    np.testing.assert_allclose(np.array(v), [2.5])
    opt.finalize_variable_values([v])
    np.testing.assert_allclose(np.array(v), [2.875])
    with pytest.raises(ValueError, match="length of model variables"):
        opt.finalize_variable_values([v, v])
    plain = optimizers.SGD(0.5)
    plain.apply_gradients([(np.ones(1, np.float32), v)])
    plain.finalize_variable_values([v])  # no EMA: nothing happens
    np.testing.assert_allclose(np.array(v), [2.375])


def regression(rng, n=256):
    x = rng.normal(size=(n, 3)).astype(np.float32)
    y = (x @ np.array([[2.0], [-1.0], [0.5]]) + 0.3).astype(np.float32)
    return x, y


def test_fit_swaps_in_the_moving_average(rng):
    x, y = regression(rng, 64)
    model = pydeep.Sequential([pydeep.layers.Input((3,)), pydeep.layers.Dense(1)])
    model.compile(optimizer=optimizers.Adam(0.05, use_ema=True, ema_momentum=0.9), loss="mse")
    model.fit(x, y, batch_size=16, epochs=3, verbose=0)
    averages = [v.numpy() for v in model.optimizer.variables if v.name.endswith("_average")]
    assert len(averages) == 2
    for weight, average in zip(model.get_weights(), averages):
        np.testing.assert_array_equal(weight, average)


@pytest.mark.parametrize("make", [
    lambda k: k.optimizers.Adam(0.05, use_ema=True, ema_momentum=0.8),
    lambda k: k.optimizers.Nadam(0.02, gradient_accumulation_steps=2, use_ema=True,
                                 ema_overwrite_frequency=2),
    lambda k: k.optimizers.RMSprop(0.01, centered=True, momentum=0.5, clipnorm=1.0),
    lambda k: k.optimizers.Lion(0.01, weight_decay=0.1),
    lambda k: k.optimizers.Adafactor(0.05),
], ids=["adam_ema", "nadam_accumulate_ema", "rmsprop_centered", "lion", "adafactor"])
def test_fit_matches_keras(rng, make):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    x = rng.normal(size=(48, 4)).astype(np.float32)
    y = rng.normal(size=(48, 2)).astype(np.float32)
    w = [rng.normal(size=(4, 2)).astype(np.float32), rng.normal(size=2).astype(np.float32)]
    ours = pydeep.Sequential([pydeep.layers.Input((4,)), pydeep.layers.Dense(2)])
    ours.set_weights(w)
    ours.compile(optimizer=make(pydeep), loss="mse")
    ours.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
        theirs.set_weights(w)
        theirs.compile(optimizer=make(keras), loss="mse")
        theirs.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0)
    # Gradients come from different float32 kernels (pydeep's and torch's).
    for a, b in zip(ours.get_weights(), theirs.get_weights()):
        np.testing.assert_allclose(a, b, rtol=1e-4, atol=1e-5)
    assert ours.optimizer.iterations == int(theirs.optimizer.iterations)


LEARNING = {  # learning rates that suit a 3-feature linear regression
    "sgd": dict(learning_rate=0.1, momentum=0.9), "adam": dict(learning_rate=0.05),
    "adamw": dict(learning_rate=0.05, weight_decay=1e-4), "adamax": dict(learning_rate=0.1),
    "nadam": dict(learning_rate=0.05), "rmsprop": dict(learning_rate=0.01),
    "adagrad": dict(learning_rate=0.5), "adadelta": dict(learning_rate=10.0),
    "adafactor": dict(learning_rate=0.1), "ftrl": dict(learning_rate=1.0),
    # Lion moves each weight by +-lr per step: a decaying rate lets it settle.
    "lion": dict(learning_rate=optimizers.schedules.PolynomialDecay(0.02, 320, 0.001)),
}


@pytest.mark.parametrize("name", NAMES)
def test_fit_learns(rng, name):
    x, y = regression(rng)
    model = pydeep.Sequential([pydeep.layers.Input((3,)), pydeep.layers.Dense(1)])
    model.set_weights([np.zeros((3, 1), np.float32), np.zeros(1, np.float32)])
    opt = optimizers.deserialize({"class_name": name, "config": LEARNING[name]})
    model.compile(optimizer=opt, loss="mse")
    losses = model.fit(x, y, batch_size=32, epochs=40, verbose=0).history["loss"]
    assert losses[-1] < 0.02 * losses[0], (name, losses[0], losses[-1])


@pytest.mark.parametrize("name", NAMES)
def test_compile_by_name(rng, name):
    x, y = regression(rng, 32)
    model = pydeep.Sequential([pydeep.layers.Input((3,)), pydeep.layers.Dense(1)])
    model.compile(optimizer=name, loss="mse")
    assert type(model.optimizer).__name__.lower() == name
    model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    assert model.optimizer.iterations == 4 and model.optimizer.built


def test_exclude_from_weight_decay(rng):
    """Keras's exclude_from_weight_decay: by variable and by name pattern,
    against the float64 rule (weight decay on the kernel only) and Keras."""
    init = [rng.normal(size=(3, 2)).astype(np.float32), rng.normal(size=2).astype(np.float32),
            rng.normal(size=4).astype(np.float32)]
    grads = [[rng.normal(size=x.shape).astype(np.float32) for x in init] for _ in range(5)]
    names = ["kernel", "bias", "gamma"]
    vs = [pydeep.Variable(x, name=n) for x, n in zip(init, names)]
    opt = optimizers.SGD(0.1, weight_decay=0.5)
    opt.exclude_from_weight_decay(var_list=[vs[2]], var_names=["bi.s"])
    for gs in grads:
        opt.apply_gradients(zip(gs, vs))
    ws = [x.astype(np.float64) for x in init]
    for gs in grads:
        ws[0] -= ws[0] * 0.5 * 0.1
        for w, g in zip(ws, gs):
            w -= 0.1 * g
    for v, w in zip(vs, ws):
        np.testing.assert_allclose(np.array(v), w, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="var_names"):
        opt.exclude_from_weight_decay(var_names=["("])

    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    kvs = [keras.Variable(x, name=n) for x, n in zip(init, names)]
    kopt = keras.optimizers.SGD(0.1, weight_decay=0.5)
    kopt.exclude_from_weight_decay(var_list=[kvs[2]], var_names=["bi.s"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for gs in grads:
            kopt.apply_gradients([(keras.ops.convert_to_tensor(g), v) for g, v in zip(gs, kvs)])
    for v, kv in zip(vs, kvs):
        np.testing.assert_allclose(np.array(v), keras.ops.convert_to_numpy(kv), rtol=1e-5,
                                   atol=1e-6)
