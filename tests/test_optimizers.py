"""pydeep.optimizers against Keras 3's published update rules (a float64 numpy
reference written from keras/src/optimizers/{base_optimizer,sgd,adam}.py) and
against Keras itself when it is installed."""
import os
import warnings

import numpy as np
import pytest

import pydeep
import pydeep.optimizers as optimizers
from pydeep import _core

SHAPES = [(3, 4), (7,), (300, 257)]  # the last one spans threads and kernel tiles
STEPS = 20


class Reference:
    """Keras 3's optimizer step in float64: clip, weight decay, then the rule."""

    def __init__(self, kind, learning_rate=None, momentum=0.0, nesterov=False, beta_1=0.9,
                 beta_2=0.999, epsilon=1e-7, amsgrad=False, weight_decay=None, clipnorm=None,
                 clipvalue=None, global_clipnorm=None):
        self.kind, self.lr = kind, learning_rate or (0.01 if kind == "sgd" else 0.001)
        self.momentum, self.nesterov, self.amsgrad = momentum, nesterov, amsgrad
        self.b1, self.b2, self.eps = beta_1, beta_2, epsilon
        self.wd, self.clipnorm, self.clipvalue, self.gclip = (weight_decay, clipnorm, clipvalue,
                                                              global_clipnorm)
        self.t, self.slots = 0, None

    def step(self, ws, gs):
        if self.slots is None:
            self.slots = [dict(m=np.zeros_like(w), v=np.zeros_like(w), h=np.zeros_like(w))
                          for w in ws]
        live = [g for g in gs if g is not None]
        if self.gclip:
            norm = np.sqrt(sum(np.sum(g * g) for g in live))
            scale = self.gclip * min(1 / norm, 1 / self.gclip)
            gs = [None if g is None else g * scale for g in gs]
        for w, g, s in zip(ws, gs, self.slots):
            if g is None:
                continue
            if self.clipnorm:
                g = g * self.clipnorm / max(np.sqrt(np.sum(g * g)), self.clipnorm)
            if self.clipvalue:
                g = np.clip(g, -self.clipvalue, self.clipvalue)
            if self.wd is not None:
                w -= w * self.wd * self.lr
            if self.kind == "sgd":
                if self.momentum:
                    s["m"][...] = self.momentum * s["m"] - self.lr * g
                    w += self.momentum * s["m"] - self.lr * g if self.nesterov else s["m"]
                else:
                    w -= self.lr * g
            else:
                t = self.t + 1
                alpha = self.lr * np.sqrt(1 - self.b2 ** t) / (1 - self.b1 ** t)
                s["m"] += (g - s["m"]) * (1 - self.b1)
                s["v"] += (g * g - s["v"]) * (1 - self.b2)
                v = s["v"]
                if self.amsgrad:
                    s["h"][...] = np.maximum(s["h"], s["v"])
                    v = s["h"]
                w -= alpha * s["m"] / (np.sqrt(v) + self.eps)
        self.t += 1


CASES = {
    "sgd": ("sgd", dict(learning_rate=0.1)),
    "sgd_momentum": ("sgd", dict(learning_rate=0.05, momentum=0.9)),
    "sgd_nesterov": ("sgd", dict(learning_rate=0.05, momentum=0.9, nesterov=True)),
    "adam": ("adam", dict(learning_rate=0.01)),
    "adam_amsgrad": ("adam", dict(learning_rate=0.01, amsgrad=True, beta_2=0.99)),
    "sgd_clipnorm": ("sgd", dict(learning_rate=0.1, momentum=0.5, clipnorm=2.0)),
    "adam_clipvalue": ("adam", dict(learning_rate=0.01, clipvalue=0.5)),
    "adam_global_clipnorm": ("adam", dict(learning_rate=0.01, global_clipnorm=50.0)),
    "sgd_weight_decay": ("sgd", dict(learning_rate=0.1, weight_decay=0.2)),
    "adam_weight_decay_clipnorm": ("adam", dict(learning_rate=0.01, weight_decay=0.1,
                                                clipnorm=1.0)),
}
CLASSES = {"sgd": lambda **kw: optimizers.SGD(**kw), "adam": lambda **kw: optimizers.Adam(**kw)}


def sequence(seed=0):
    """Initial values and STEPS gradient lists; gradient norms vary so that
    clipping is active on some steps only; variable 1 misses step 5's gradient."""
    rng = np.random.default_rng(seed)
    init = [rng.normal(size=s).astype(np.float32) for s in SHAPES]
    grads = []
    for step in range(STEPS):
        scale = 0.05 if step % 3 == 0 else 1.0
        gs = [(scale * rng.normal(size=s)).astype(np.float32) for s in SHAPES]
        if step == 5:
            gs[1] = None
        grads.append(gs)
    return init, grads


def run_pydeep(opt, init, grads):
    vs = [pydeep.Variable(x) for x in init]
    history = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for gs in grads:
            opt.apply_gradients(zip(gs, vs))
            history.append([np.array(v) for v in vs])
    return history


@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras_rule(case):
    kind, kwargs = CASES[case]
    init, grads = sequence()
    history = run_pydeep(CLASSES[kind](**kwargs), init, grads)
    ref = Reference(kind, **kwargs)
    ws = [x.astype(np.float64) for x in init]
    for step, gs in enumerate(grads):
        ref.step(ws, [None if g is None else g.astype(np.float64) for g in gs])
        for got, want in zip(history[step], ws):
            np.testing.assert_allclose(got, want, rtol=2e-5, atol=2e-6,
                                       err_msg=f"{case}, step {step + 1}")
    assert not np.allclose(history[-1][0], init[0])  # the variables moved


@pytest.mark.parametrize("case", sorted(CASES))
def test_matches_keras(case):
    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    kind, kwargs = CASES[case]
    init, grads = sequence(seed=1)
    history = run_pydeep(CLASSES[kind](**kwargs), init, grads)
    opt = {"sgd": keras.optimizers.SGD, "adam": keras.optimizers.Adam}[kind](**kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kvs = [keras.Variable(x) for x in init]
        for step, gs in enumerate(grads):
            opt.apply_gradients([(None if g is None else keras.ops.convert_to_tensor(g), v)
                                 for g, v in zip(gs, kvs)])
            for got, kv in zip(history[step], kvs):
                np.testing.assert_allclose(got, keras.ops.convert_to_numpy(kv), rtol=2e-5,
                                           atol=2e-6, err_msg=f"{case}, step {step + 1}")
        theirs = opt.get_config()  # Keras's own numpy conversion warns under numpy 2
    ours = CLASSES[kind](**kwargs).get_config()
    assert list(ours) == list(theirs)
    assert {k: v for k, v in ours.items() if k != "name"} == \
        {k: v for k, v in theirs.items() if k != "name"}


def test_training_loop_learns(rng):
    x = rng.normal(size=(256, 3)).astype(np.float32)
    y = (x @ np.array([[2.0], [-1.0], [0.5]]) + 0.3).astype(np.float32)
    for opt in (optimizers.Adam(learning_rate=0.05), optimizers.SGD(0.1, momentum=0.9)):
        w = pydeep.Variable(np.zeros((3, 1), np.float32), name="w")
        b = pydeep.Variable(np.zeros((1,), np.float32), name="b")
        losses = []
        for _ in range(300):
            with pydeep.GradientTape() as tape:
                pred = pydeep.ops.matmul(x, w) + b
                loss = pydeep.ops.mean(pydeep.ops.square(pred - y))
            opt.apply_gradients(zip(tape.gradient(loss, [w, b]), [w, b]))
            losses.append(float(loss))
        assert losses[-1] < 1e-4 < losses[0], (type(opt).__name__, losses[0], losses[-1])
        np.testing.assert_allclose(np.array(w).ravel(), [2.0, -1.0, 0.5], atol=1e-2)
        assert opt.iterations == 300


def test_iterations_and_learning_rate():
    v = pydeep.Variable(np.ones(4, np.float32))
    opt = optimizers.SGD(learning_rate=0.5)
    assert opt.iterations == 0 and not opt.built
    assert opt.apply_gradients([(np.ones(4, np.float32), v)]) == 1
    np.testing.assert_allclose(np.array(v), 0.5)
    opt.learning_rate = 0.25  # settable between steps
    assert opt.learning_rate == 0.25
    opt.apply([np.ones(4, np.float32)])  # the variables it was built with
    np.testing.assert_allclose(np.array(v), 0.25)
    assert opt.iterations == 2
    opt.iterations = 10
    opt.apply_gradients([(np.ones(4, np.float32), v)])
    assert opt.iterations == 11
    with pytest.raises(ValueError, match="No gradients"):
        opt.apply_gradients([(None, v)])
    with pytest.raises(ValueError, match="learning_rate"):
        opt.learning_rate = -1.0


def test_variables_order_names_and_state():
    k = pydeep.Variable(np.ones((2, 3), np.float32), name="k")
    b = pydeep.Variable(np.ones(3, np.float32), name="b")
    opt = optimizers.Adam(amsgrad=True)
    assert [v.name for v in opt.variables] == ["iteration", "learning_rate"]
    opt.apply_gradients([(np.ones((2, 3), np.float32), k), (np.ones(3, np.float32), b)])
    names = [v.name for v in opt.variables]
    assert names == ["iteration", "learning_rate", "k_momentum", "k_velocity", "b_momentum",
                     "b_velocity", "k_velocity_hat", "b_velocity_hat"]
    assert opt.variables[0].numpy() == 1
    np.testing.assert_allclose(opt.variables[2].numpy(), 0.1, rtol=1e-6)  # (1 - beta_1) * g
    # set_weights restores state, iterations included (Keras's positional order).
    saved = [v.numpy().copy() for v in opt.variables]
    opt.apply_gradients([(np.ones((2, 3), np.float32), k), (np.ones(3, np.float32), b)])
    opt.set_weights(saved)
    assert opt.iterations == 1
    np.testing.assert_allclose(opt.variables[3].numpy(), saved[3])
    assert len(optimizers.SGD().variables) == 2  # no momentum slots at momentum=0


def test_shape_mismatch_on_second_apply():
    opt = optimizers.Adam()
    v = pydeep.Variable(np.ones((2, 3), np.float32), name="dense_kernel")
    opt.apply_gradients([(np.ones((2, 3), np.float32), v)])
    other = pydeep.Variable(np.ones((3, 2), np.float32), name="other")
    with pytest.raises(ValueError, match=r"\(3, 2\).*\(2, 3\)"):
        opt.apply_gradients([(np.ones((3, 2), np.float32), other)])
    with pytest.raises(ValueError, match="built for 1 variables; received 2"):
        opt.apply_gradients([(np.ones((2, 3), np.float32), v), (np.ones((3, 2)), other)])
    with pytest.raises(ValueError, match=r"gradient 0 has shape \(6,\)"):
        opt.apply_gradients([(np.ones(6, np.float32), v)])
    before = np.array(v)
    assert opt.iterations == 1  # failed steps change nothing
    np.testing.assert_array_equal(np.array(v), before)


@pytest.mark.parametrize("make, error, match", [
    (lambda: optimizers.SGD(learning_rate=-0.1), ValueError, "learning_rate"),
    (lambda: optimizers.Adam(learning_rate=0.0), ValueError, "learning_rate"),
    (lambda: optimizers.Adam(learning_rate="fast"), ValueError, "learning_rate"),
    (lambda: optimizers.SGD(clipnorm=1.0, clipvalue=0.5), ValueError, "clipnorm"),
    (lambda: optimizers.Adam(clipvalue=1.0, global_clipnorm=1.0), ValueError, "global_clipnorm"),
    (lambda: optimizers.SGD(clipnorm=-1.0), ValueError, "clipnorm"),
    (lambda: optimizers.SGD(momentum=1.5), ValueError, "momentum"),
    (lambda: optimizers.Adam(beta_1=1.0), ValueError, "beta_1"),
    # use_ema, gradient accumulation and schedules are supported since the
    # optimizers issue (tests/test_optimizers_rules.py); their bad values raise.
    (lambda: optimizers.Adam(use_ema=True, ema_momentum=1.5), ValueError, "ema_momentum"),
    (lambda: optimizers.Adam(use_ema=True, ema_overwrite_frequency=-2), ValueError,
     "ema_overwrite_frequency"),
    (lambda: optimizers.SGD(loss_scale_factor=128.0), NotImplementedError, "loss_scale_factor"),
    (lambda: optimizers.SGD(gradient_accumulation_steps=1), ValueError,
     "gradient_accumulation_steps"),
    (lambda: optimizers.Adam(learning_rate=[0.1]), ValueError, "learning_rate"),
    (lambda: optimizers.Adam(betas=0.1), ValueError, "not recognized"),
    (lambda: _core.make_optimizer("adam", {"beta_3": 0.1}), ValueError, "beta_3"),
    (lambda: _core.make_optimizer("adabelief", {}), ValueError, "sgd, adam"),
    (lambda: optimizers.get("nope"), ValueError, "nope"),
])
def test_bad_arguments(make, error, match):
    with pytest.raises(error, match=match):
        make()


def test_config_round_trip_and_get():
    opt = optimizers.SGD(learning_rate=0.5, momentum=0.9, nesterov=True, clipnorm=1.0,
                         name="my_sgd")
    config = opt.get_config()
    assert config["name"] == "my_sgd" and config["momentum"] == 0.9 and config["nesterov"]
    clone = optimizers.SGD.from_config(config)
    assert clone.get_config() == config and clone.momentum == 0.9 and clone.clipnorm == 1.0
    assert isinstance(optimizers.get("adam"), optimizers.Adam)
    assert isinstance(optimizers.get("SGD"), optimizers.SGD)
    assert optimizers.get(opt) is opt and optimizers.get(None) is None
    again = optimizers.get(optimizers.serialize(opt))
    assert isinstance(again, optimizers.SGD) and again.get_config() == config
    with pytest.warns(UserWarning, match="decay"):
        optimizers.Adam(decay=0.1)


def test_update_does_not_depend_on_thread_count():
    init, grads = sequence(seed=2)
    results = []
    previous = pydeep.config.get_num_threads()
    try:
        for threads in (1, 2):
            pydeep.config.set_num_threads(threads)
            results.append(run_pydeep(optimizers.Adam(global_clipnorm=10.0), init, grads)[-1])
    finally:
        pydeep.config.set_num_threads(previous)
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-6, atol=1e-7)
