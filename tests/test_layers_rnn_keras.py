"""Recurrent layers against Keras 3 itself (torch backend), where installed:
the same weights (Keras's get_weights) give Keras's outputs — gate order,
bias layout, masking and go_backwards included — and the same parameter
counts and config keys. Skips cleanly without Keras."""
import itertools

import numpy as np
import pytest

import pydeep
from pydeep import layers


def _pair(keras, cls, units, **kw):
    mine = getattr(layers, cls)(units, **kw)
    theirs = getattr(keras.layers, cls)(units, **kw)
    return mine, theirs


@pytest.mark.parametrize("cls,extra", [("SimpleRNN", {}), ("LSTM", {}), ("GRU", {}),
                                       ("GRU", {"reset_after": False}),
                                       ("LSTM", {"activation": "relu",
                                                 "recurrent_activation": "hard_sigmoid"})])
@pytest.mark.parametrize("seq,state,backwards,masked",
                         list(itertools.product([False, True], repeat=4))[::3])
def test_keras_weights_give_keras_outputs(keras, cls, extra, seq, state, backwards, masked, rng):
    kw = dict(return_sequences=seq, return_state=state, go_backwards=backwards, **extra)
    mine, theirs = _pair(keras, cls, 4, **kw)
    x = rng.normal(size=(3, 6, 5)).astype(np.float32)
    mask = None
    if masked:
        mask = rng.random((3, 6)) > 0.3
        mask[1, -1] = False
    want = theirs(x, mask=mask)
    # random (not initial) weights so that every block matters
    ws = [rng.normal(scale=0.4, size=w.shape).astype(np.float32) for w in theirs.get_weights()]
    theirs.set_weights(ws)
    want = theirs(x, mask=mask)
    mine.build((None, 6, 5))
    mine.set_weights(theirs.get_weights())
    got = mine(x, mask=mask)
    want = want if isinstance(want, (list, tuple)) else [want]
    got = got if isinstance(got, list) else [got]
    assert len(got) == len(want)
    for g, w in zip(got, want):
        np.testing.assert_allclose(np.asarray(g), keras.ops.convert_to_numpy(w), rtol=1e-5,
                                   atol=2e-5)


@pytest.mark.parametrize("cls,extra", [("SimpleRNN", {}), ("LSTM", {}), ("GRU", {}),
                                       ("GRU", {"reset_after": False})])
def test_param_counts_and_weight_shapes_match_keras(keras, cls, extra):
    mine, theirs = _pair(keras, cls, 7, **extra)
    theirs.build((None, 4, 3))
    mine.build((None, 4, 3))
    assert [tuple(w.shape) for w in mine.weights] == [tuple(w.shape) for w in theirs.weights]
    assert mine.count_params() == theirs.count_params()
    model = pydeep.Sequential([pydeep.Input((4, 3)), getattr(layers, cls)(7, **extra)])
    lines = []
    model.summary(print_fn=lines.append)
    assert f"{theirs.count_params():,}" in "\n".join(lines)


@pytest.mark.parametrize("cls", ["SimpleRNN", "LSTM", "GRU"])
def test_config_keys_match_keras(keras, cls):
    mine, theirs = _pair(keras, cls, 3)
    assert set(mine.get_config()) >= set(theirs.get_config()) - {"dtype"}


def test_stateful_matches_keras(keras, rng):
    mine, theirs = _pair(keras, "LSTM", 3, stateful=True, return_sequences=True)
    inp = keras.Input(batch_shape=(2, 4, 5))
    theirs(inp)
    mine.build((2, 4, 5))
    ws = [rng.normal(scale=0.4, size=w.shape).astype(np.float32) for w in theirs.get_weights()]
    theirs.set_weights(ws)
    mine.set_weights(ws)
    for _ in range(2):
        x = rng.normal(size=(2, 4, 5)).astype(np.float32)
        np.testing.assert_allclose(np.asarray(mine(x)), keras.ops.convert_to_numpy(theirs(x)),
                                   rtol=1e-5, atol=2e-5)
    mine.reset_states()
    theirs.reset_states()
    x = rng.normal(size=(2, 4, 5)).astype(np.float32)
    np.testing.assert_allclose(np.asarray(mine(x)), keras.ops.convert_to_numpy(theirs(x)),
                               rtol=1e-5, atol=2e-5)
