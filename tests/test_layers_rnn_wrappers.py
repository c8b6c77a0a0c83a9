"""Bidirectional and TimeDistributed: against numpy references built from
the wrapped layers' own references, and against Keras where installed."""
import numpy as np
import pytest

import pydeep
from pydeep import layers
from rnn_reference import rnn_reference


def _set_random(layer, rng, scale=0.5):
    ws = [rng.normal(scale=scale, size=w.shape).astype(np.float32) for w in layer.weights]
    layer.set_weights(ws)
    return ws


@pytest.mark.parametrize("merge_mode", ["concat", "sum", "mul", "ave", None])
@pytest.mark.parametrize("seq,state,masked", [(True, False, False), (False, True, True),
                                              (True, True, True)])
def test_bidirectional_matches_two_references(merge_mode, seq, state, masked, rng):
    b, t, f, u = 3, 5, 4, 3
    layer = layers.Bidirectional(layers.LSTM(u, return_sequences=seq, return_state=state),
                                 merge_mode=merge_mode)
    layer.build((None, t, f))
    ws = _set_random(layer, rng)
    assert len(ws) == 6 and layer.forward_layer.name.startswith("forward_")
    x = rng.normal(size=(b, t, f)).astype(np.float32)
    mask = rng.random((b, t)) > 0.3 if masked else None
    got = layer(x, mask=mask)
    got = got if isinstance(got, list) else [got]
    opts = dict(return_sequences=seq, return_state=True, mask=mask, zero_output_for_mask=seq)
    fw = rnn_reference("lstm", x, ws[:3], **opts)
    bw = rnn_reference("lstm", x, ws[3:], go_backwards=True, **opts)
    y, y_rev = fw[0], bw[0][:, ::-1] if seq else bw[0]
    merged = {"concat": [np.concatenate([y, y_rev], -1)], "sum": [y + y_rev],
              "mul": [y * y_rev], "ave": [(y + y_rev) / 2], None: [y, y_rev]}[merge_mode]
    want = merged + (fw[1:] + bw[1:] if state else [])
    assert len(got) == len(want)
    for g, w in zip(got, want):
        np.testing.assert_allclose(np.asarray(g), w, rtol=1e-5, atol=1e-5)


def test_bidirectional_gradients_flow_to_both_layers(rng):
    layer = layers.Bidirectional(layers.GRU(2, return_sequences=True))
    x = pydeep.ops.convert_to_tensor(rng.normal(size=(2, 3, 4)).astype(np.float32))
    with pydeep.GradientTape() as tape:
        tape.watch(x)
        y = layer(x)
    grads = tape.gradient(y, [x] + layer.trainable_weights)
    assert len(grads) == 7 and all(np.abs(np.asarray(g)).sum() > 0 for g in grads)


def test_bidirectional_in_a_model_learns_and_counts_params():
    rng = np.random.default_rng(3)
    pydeep.utils.set_random_seed(3)
    x = rng.integers(0, 2, size=(600, 10, 1)).astype(np.float32)
    y = x[:, -1, 0]  # the last element: easy for the backward direction
    model = pydeep.Sequential([pydeep.Input((10, 1)), layers.Bidirectional(layers.LSTM(8)),
                               layers.Dense(1, "sigmoid")])
    assert model.count_params() == 2 * (1 * 32 + 8 * 32 + 32) + 17
    model.compile(pydeep.optimizers.Adam(0.02), "binary_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=8, batch_size=30, verbose=0)
    assert model.evaluate(x, y, verbose=0)[1] > 0.97


def test_bidirectional_errors():
    with pytest.raises(ValueError, match="recurrent layer"):
        layers.Bidirectional(layers.Dense(3))
    with pytest.raises(ValueError, match="merge mode"):
        layers.Bidirectional(layers.LSTM(3), merge_mode="max")
    with pytest.raises(ValueError, match="go_backwards"):
        layers.Bidirectional(layers.LSTM(3), backward_layer=layers.LSTM(3))
    layer = layers.Bidirectional(layers.LSTM(3), name="bi")
    with pytest.raises(ValueError, match=r"LSTM layer 'forward_lstm.*'.*rank 3.*\(2, 5\)"):
        layer(np.zeros((2, 5), np.float32))


def test_bidirectional_config_round_trip():
    layer = layers.Bidirectional(layers.GRU(3, return_sequences=True), merge_mode="sum")
    config = layer.get_config()
    again = layers.Bidirectional.from_config(config)
    assert again.merge_mode == "sum" and again.backward_layer.go_backwards


def test_time_distributed_dense_matches_numpy_and_shares_weights(rng):
    dense = layers.Dense(3, activation="relu")
    td = layers.TimeDistributed(dense)
    x = rng.normal(size=(2, 4, 5)).astype(np.float32)
    y = np.asarray(td(x))
    k, b = (w.numpy().astype(np.float64) for w in dense.weights)
    np.testing.assert_allclose(y, np.maximum(x @ k + b, 0), rtol=1e-5, atol=1e-6)
    assert len(td.weights) == 2 and td.weights[0] is not None
    model = pydeep.Sequential([pydeep.Input((4, 5)), td])
    assert model.output_shape == (None, 4, 3) and model.count_params() == 18
    with pytest.raises(ValueError, match=r"TimeDistributed layer .*rank >= 3.*\(2, 5\)"):
        td(np.zeros((2, 5), np.float32))


def test_bidirectional_matches_keras(keras, rng):
    for seq, masked in [(True, True), (False, True), (True, False)]:
        mine = layers.Bidirectional(layers.GRU(3, return_sequences=seq))
        theirs = keras.layers.Bidirectional(keras.layers.GRU(3, return_sequences=seq))
        x = rng.normal(size=(2, 5, 4)).astype(np.float32)
        mask = (rng.random((2, 5)) > 0.3) if masked else None
        theirs(x)
        ws = [rng.normal(scale=0.5, size=w.shape).astype(np.float32) for w in theirs.get_weights()]
        theirs.set_weights(ws)
        mine.build((None, 5, 4))
        mine.set_weights(ws)
        np.testing.assert_allclose(np.asarray(mine(x, mask=mask)),
                                   keras.ops.convert_to_numpy(theirs(x, mask=mask)),
                                   rtol=1e-5, atol=2e-5)
        assert mine.count_params() == theirs.count_params()


def test_time_distributed_matches_keras(keras, rng):
    mine, theirs = layers.TimeDistributed(layers.Dense(2)), keras.layers.TimeDistributed(
        keras.layers.Dense(2))
    x = rng.normal(size=(3, 4, 5)).astype(np.float32)
    theirs(x)
    mine.build((None, 4, 5))
    mine.set_weights(theirs.get_weights())
    np.testing.assert_allclose(np.asarray(mine(x)), keras.ops.convert_to_numpy(theirs(x)),
                               rtol=1e-5, atol=1e-5)
