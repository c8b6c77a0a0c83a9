"""SimpleRNN, LSTM, GRU: forward and gradients against step-by-step float64
numpy recurrences (tests/rnn_reference.py) for the return_sequences /
return_state / go_backwards / masking combinations, stateful layers,
dropout masks fixed across time, Keras parity (weights from Keras's
get_weights give Keras's outputs), learning, and errors."""
import itertools

import numpy as np
import pytest

import pydeep
from pydeep import layers
from rnn_reference import rnn_reference

KINDS = {  # name -> (factory, reference kind, extra reference options)
    "simple": (layers.SimpleRNN, "simple", {}),
    "lstm": (layers.LSTM, "lstm", {}),
    "gru": (layers.GRU, "gru", {"reset_after": True}),
    "gru_before": (lambda u, **k: layers.GRU(u, reset_after=False, **k), "gru",
                   {"reset_after": False}),
}


def _make(name, units, **kwargs):
    return KINDS[name][0](units, **kwargs)


def _random_weights(layer, rng, scale=0.5):
    ws = [rng.normal(scale=scale, size=w.shape).astype(np.float32) for w in layer.weights]
    layer.set_weights(ws)
    return ws


def _mask(rng, b, t):
    m = rng.random((b, t)) > 0.35
    m[0, :] = True
    if b > 1:
        m[1, 0] = False  # a masked first step
        m[1, -1] = False  # and a masked last one
    return m


def _reference(name, x, ws, **opts):
    _, kind, extra = KINDS[name]
    return rnn_reference(kind, x, ws, **extra, **opts)


COMBOS = list(itertools.product([False, True], repeat=4))  # seq, state, backwards, masked


@pytest.mark.parametrize("name", list(KINDS))
@pytest.mark.parametrize("seq,state,backwards,masked", COMBOS)
def test_forward_matches_numpy(name, seq, state, backwards, masked, rng):
    b, t, f, u = 3, 5, 4, 3
    layer = _make(name, u, return_sequences=seq, return_state=state, go_backwards=backwards)
    x = rng.normal(size=(b, t, f)).astype(np.float32)
    layer.build((None, t, f))
    ws = _random_weights(layer, rng)
    mask = _mask(rng, b, t) if masked else None
    out = layer(x, mask=mask)
    out = out if isinstance(out, list) else [out]
    want = _reference(name, x, ws, return_sequences=seq, return_state=state,
                      go_backwards=backwards, mask=mask)
    assert len(out) == len(want)
    for got, ref in zip(out, want):
        np.testing.assert_allclose(np.asarray(got), ref, rtol=1e-5, atol=1e-5)


def _loss_and_grads(layer, x, ws, weights_out, mask, initial_state):
    tx = pydeep.ops.convert_to_tensor(x)
    states = [pydeep.ops.convert_to_tensor(s) for s in initial_state] if initial_state else None
    with pydeep.GradientTape() as tape:
        tape.watch(tx)
        for s in states or []:
            tape.watch(s)
        out = layer(tx, initial_state=states, mask=mask)
        out = out if isinstance(out, list) else [out]
    sources = [tx] + list(layer.weights) + (states or [])
    grads = tape.gradient(out, sources, output_gradients=[w.astype(np.float32)
                                                          for w in weights_out])
    return [np.asarray(g) for g in grads]


@pytest.mark.parametrize("name", list(KINDS))
@pytest.mark.parametrize("seq,state,backwards,masked,init", [
    (True, False, False, False, False), (False, True, True, True, False),
    (True, True, False, True, True), (False, False, True, False, True)])
def test_gradients_match_finite_differences(name, seq, state, backwards, masked, init, rng):
    b, t, f, u = 2, 4, 3, 2
    layer = _make(name, u, return_sequences=seq, return_state=state, go_backwards=backwards)
    layer.build((None, t, f))
    ws = _random_weights(layer, rng, scale=0.7)
    x = rng.normal(size=(b, t, f)).astype(np.float32)
    mask = _mask(rng, b, t) if masked else None
    n_states = 2 if name == "lstm" else 1
    init_states = [rng.normal(size=(b, u)).astype(np.float32) for _ in range(n_states)] \
        if init else None
    opts = dict(return_sequences=seq, return_state=state, go_backwards=backwards, mask=mask)
    ref = _reference(name, x, ws, initial_state=init_states, **opts)
    w_out = [rng.normal(size=r.shape) for r in ref]
    got = _loss_and_grads(layer, x, ws, w_out, mask, init_states)

    params = [x] + ws + (init_states or [])

    def loss(values):
        out = _reference(name, values[0], values[1:1 + len(ws)],
                         initial_state=values[1 + len(ws):] or None, **opts)
        return sum(float((o * w).sum()) for o, w in zip(out, w_out))

    base = [p.astype(np.float64) for p in params]
    eps = 1e-6
    for k, p in enumerate(base):
        num = np.zeros(p.shape)
        for i in np.ndindex(*p.shape):
            old = p[i]
            p[i] = old + eps
            up = loss(base)
            p[i] = old - eps
            down = loss(base)
            p[i] = old
            num[i] = (up - down) / (2 * eps)
        np.testing.assert_allclose(got[k], num, rtol=2e-3, atol=2e-4,
                                   err_msg=f"gradient of parameter {k}")


@pytest.mark.parametrize("name", list(KINDS))
def test_batch_one_and_single_step(name, rng):
    for b, t in [(1, 6), (4, 1), (1, 1)]:
        layer = _make(name, 5, return_sequences=True, return_state=True)
        x = rng.normal(size=(b, t, 2)).astype(np.float32)
        layer.build((None, t, 2))
        ws = _random_weights(layer, rng)
        out = layer(x)
        want = _reference(name, x, ws, return_sequences=True, return_state=True)
        for got, ref in zip(out, want):
            np.testing.assert_allclose(np.asarray(got), ref, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("name", ["lstm", "gru", "simple"])
def test_stateful_carries_states_between_calls_and_resets(name, rng):
    b, t, f, u = 2, 3, 4, 3
    layer = _make(name, u, stateful=True, return_sequences=True)
    layer.build((b, t, f))
    ws = _random_weights(layer, rng)
    x1, x2 = (rng.normal(size=(b, t, f)).astype(np.float32) for _ in range(2))
    layer(x1)
    ref1 = _reference(name, x1, ws, return_sequences=True, return_state=True)
    got2 = np.asarray(layer(x2))
    ref2 = _reference(name, x2, ws, return_sequences=True, initial_state=ref1[1:])
    np.testing.assert_allclose(got2, ref2[0], rtol=1e-5, atol=1e-5)
    assert len(layer.states) == (2 if name == "lstm" else 1)
    layer.reset_states()
    assert all(np.all(np.asarray(s) == 0) for s in layer.states)
    np.testing.assert_allclose(np.asarray(layer(x1)), ref1[0], rtol=1e-5, atol=1e-5)
    with pytest.raises(ValueError, match=r"stateful.*batch size.*Expected batch size: 2"):
        layer(rng.normal(size=(3, t, f)).astype(np.float32))


def test_stateful_in_a_model_needs_a_static_batch_size():
    with pytest.raises(ValueError, match=r"LSTM layer 'lstm_stateful'.*batch size must be static"):
        pydeep.Sequential([pydeep.Input((3, 2)), layers.LSTM(2, stateful=True,
                                                             name="lstm_stateful")])
    model = pydeep.Sequential([pydeep.Input((3, 2), batch_size=4), layers.LSTM(2, stateful=True)])
    assert model.predict(np.ones((4, 3, 2), np.float32), verbose=0).shape == (4, 2)


def test_dropout_masks_are_fixed_across_time_steps():
    # Linear SimpleRNN, identity kernel, zero recurrence: output_t = x_t * mask.
    layer = layers.SimpleRNN(6, activation=None, use_bias=False, return_sequences=True,
                             dropout=0.5, kernel_initializer="identity",
                             recurrent_initializer="zeros", seed=3)
    x = np.ones((8, 5, 6), np.float32)
    y = np.asarray(layer(x, training=True))
    assert np.all((y == 0) | (np.abs(y - 2.0) < 1e-6))
    assert np.all(y == y[:, :1, :])  # the same mask at every step
    assert 0.2 < (y == 0).mean() < 0.8
    np.testing.assert_array_equal(np.asarray(layer(x, training=False)), x)
    # Recurrent dropout: h_t = (h_{t-1} * m) @ I with a fixed m.
    rec = layers.SimpleRNN(6, activation=None, use_bias=False, return_sequences=True,
                           recurrent_dropout=0.5, kernel_initializer="zeros",
                           recurrent_initializer="identity", seed=4)
    h0 = np.ones((8, 6), np.float32)
    y = np.asarray(rec(np.zeros((8, 3, 6), np.float32), initial_state=[h0], training=True))
    m = y[:, 0]
    np.testing.assert_allclose(y[:, 1], m * m, rtol=1e-6)
    np.testing.assert_allclose(y[:, 2], m * m * m, rtol=1e-6)


def test_default_initializers_and_unit_forget_bias():
    lstm = layers.LSTM(4)
    lstm.build((None, 3, 5))
    k, r, b = (w.numpy() for w in lstm.weights)
    assert k.shape == (5, 16) and r.shape == (4, 16) and b.shape == (16,)
    np.testing.assert_allclose(b, np.r_[np.zeros(4), np.ones(4), np.zeros(8)])
    for i in range(4):  # orthogonal recurrent kernel, per Keras: (4, 16) has orthonormal rows
        np.testing.assert_allclose(r @ r.T, np.eye(4), atol=1e-5)
    gru = layers.GRU(4)
    gru.build((None, 3, 5))
    assert [w.shape for w in gru.weights] == [(5, 12), (4, 12), (2, 12)]
    gru2 = layers.GRU(4, reset_after=False)
    gru2.build((None, 3, 5))
    assert gru2.weights[2].shape == (12,)
    assert layers.LSTM(4, unit_forget_bias=False).get_config()["unit_forget_bias"] is False


def test_lstm_learns_to_remember_the_first_element():
    rng = np.random.default_rng(0)
    pydeep.utils.set_random_seed(0)
    n, t = 1200, 15
    x = rng.integers(0, 2, size=(n, t, 1)).astype(np.float32)
    y = x[:, 0, 0].astype(np.float32)
    model = pydeep.Sequential([pydeep.Input((t, 1)), layers.LSTM(16), layers.Dense(1, "sigmoid")])
    model.compile(optimizer=pydeep.optimizers.Adam(0.02), loss="binary_crossentropy",
                  metrics=["accuracy"])
    model.fit(x[:1000], y[:1000], epochs=12, batch_size=50, verbose=0)
    acc = model.evaluate(x[1000:], y[1000:], verbose=0)[1]
    assert acc >= 0.95, acc


def test_gru_in_a_model_trains_and_summary_counts_params():
    model = pydeep.Sequential([pydeep.Input((7, 3)), layers.GRU(5, return_sequences=True),
                               layers.SimpleRNN(4), layers.Dense(1)])
    assert model.count_params() == (3 * 15 + 5 * 15 + 2 * 15) + (5 * 4 + 4 * 4 + 4) + 5
    model.compile(pydeep.optimizers.Adam(0.01), "mse")
    x = np.random.default_rng(1).normal(size=(64, 7, 3)).astype(np.float32)
    y = x[:, :, :1].mean(axis=1).astype(np.float32)  # the running mean of one feature
    hist = model.fit(x, y, epochs=40, batch_size=16, verbose=0).history["loss"]
    assert hist[-1] < 0.2 * hist[0], (hist[0], hist[-1])


def test_config_round_trip():
    layer = layers.LSTM(3, return_sequences=True, go_backwards=True, dropout=0.25,
                        kernel_regularizer="l2", recurrent_constraint="non_neg")
    config = layer.get_config()
    for key in ("units", "activation", "recurrent_activation", "use_bias", "unit_forget_bias",
                "kernel_initializer", "recurrent_initializer", "bias_initializer", "dropout",
                "recurrent_dropout", "seed", "return_sequences", "return_state", "go_backwards",
                "stateful", "unroll", "kernel_regularizer", "recurrent_constraint"):
        assert key in config, key
    again = layers.LSTM.from_config(config)
    assert again.get_config() == config
    assert layers.GRU(2).get_config()["reset_after"] is True


def test_errors_name_the_layer_and_shapes(rng):
    layer = layers.LSTM(3, name="enc")
    with pytest.raises(ValueError, match=r"LSTM layer 'enc'.*rank 3.*\(4, 5\)"):
        layer(np.zeros((4, 5), np.float32))
    layer(np.zeros((2, 3, 5), np.float32))
    with pytest.raises(ValueError, match=r"LSTM layer 'enc'.*5 features.*\(2, 3, 6\)"):
        layer(np.zeros((2, 3, 6), np.float32))
    with pytest.raises(ValueError, match=r"LSTM layer 'enc'.*mask of shape \(2, 3\).*\(2, 4\)"):
        layer(np.zeros((2, 3, 5), np.float32), mask=np.ones((2, 4), bool))
    with pytest.raises(ValueError, match=r"LSTM layer 'enc'.*initial state 0 of shape"):
        layer(np.zeros((2, 3, 5), np.float32), initial_state=[np.zeros((2, 4), np.float32)] * 2)
    with pytest.raises(NotImplementedError, match=r"recurrent_activation.*softmax"):
        layers.LSTM(2, recurrent_activation="softmax")
    with pytest.raises(ValueError, match="units"):
        layers.GRU(0)
    with pytest.raises(NotImplementedError, match="use_cudnn"):
        layers.LSTM(2, use_cudnn=True)
