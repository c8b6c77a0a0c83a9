"""Mask propagation (Keras semantics): Masking and Embedding(mask_zero=True)
create masks (batch, time) that flow through the model graph into RNNs;
layers that support masking pass them on, merges combine them, and layers
that do not drop them. Checked against step-by-step references and Keras."""
import numpy as np
import pytest

import pydeep
from pydeep import layers
from rnn_reference import rnn_reference


def _padded(rng, b=4, t=6, f=3):
    x = rng.normal(size=(b, t, f)).astype(np.float32)
    lengths = [6, 4, 1, 3]
    for i, n in enumerate(lengths[:b]):
        x[i, n:] = 0.0
    x[0, 2] = 0.0  # a masked step in the middle too
    return x, np.abs(x).sum(-1) != 0


def test_masking_layer_output_and_mask(rng):
    x, mask = _padded(rng)
    layer = layers.Masking()
    np.testing.assert_array_equal(np.asarray(layer(x)), x * mask[..., None])
    np.testing.assert_array_equal(np.asarray(layer.compute_mask(x)), mask)
    x2 = np.where(mask[..., None], x, -1.0).astype(np.float32)
    np.testing.assert_array_equal(np.asarray(layers.Masking(-1.0).compute_mask(x2)), mask)
    assert layers.Masking(0.5).get_config()["mask_value"] == 0.5


@pytest.mark.parametrize("cls,kind", [("LSTM", "lstm"), ("GRU", "gru"), ("SimpleRNN", "simple")])
def test_masking_then_rnn_in_a_model_skips_masked_steps(cls, kind, rng):
    x, mask = _padded(rng)
    rnn = getattr(layers, cls)(5, return_sequences=True)
    inp = pydeep.Input((6, 3))
    model = pydeep.Model(inp, layers.Dense(2)(rnn(layers.Masking()(inp))))
    ws = [w.numpy() for w in rnn.weights]
    dense = [w.numpy().astype(np.float64) for w in model.layers[-1].weights]
    seq = rnn_reference(kind, x * mask[..., None], ws, return_sequences=True, mask=mask)[0]
    np.testing.assert_allclose(model.predict(x, verbose=0), seq @ dense[0] + dense[1],
                               rtol=1e-4, atol=1e-5)


def test_embedding_mask_zero_flows_through_stacked_rnns(rng):
    ids = rng.integers(1, 20, size=(3, 7))
    ids[0, 5:] = 0
    ids[1, 1:] = 0
    inp = pydeep.Input((7,), dtype="int32")
    emb = layers.Embedding(20, 4, mask_zero=True)
    first = layers.LSTM(3, return_sequences=True)
    second = layers.GRU(2)
    model = pydeep.Model(inp, second(layers.Dropout(0.1)(first(emb(inp)))))
    got = model.predict(ids, verbose=0)
    table = emb.embeddings.numpy()
    mask = ids != 0
    h = rnn_reference("lstm", table[ids], [w.numpy() for w in first.weights],
                      return_sequences=True, mask=mask)[0]
    want = rnn_reference("gru", h, [w.numpy() for w in second.weights], mask=mask)[0]
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


def test_layers_without_mask_support_drop_the_mask(rng):
    ids = np.array([[3, 4, 0, 0]])
    inp = pydeep.Input((4,))
    emb = layers.Embedding(10, 2, mask_zero=True)
    x = layers.Reshape((4, 2))(emb(inp))  # Reshape does not support masking: mask dropped
    rnn = layers.SimpleRNN(3, return_sequences=True)
    model = pydeep.Model(inp, rnn(x))
    ws = [w.numpy() for w in rnn.weights]
    want = rnn_reference("simple", emb.embeddings.numpy()[ids], ws, return_sequences=True)[0]
    np.testing.assert_allclose(model.predict(ids, verbose=0), want, rtol=1e-4, atol=1e-5)


def test_merges_combine_masks():
    a = np.array([[True, True, False]])
    b = np.array([[True, False, False]])
    x = np.zeros((1, 3, 2), np.float32)
    assert np.array_equal(np.asarray(layers.Add().compute_mask([x, x], [a, b])), a | b)
    assert layers.Add().compute_mask([x, x], [a, None]) is None
    assert np.array_equal(np.asarray(layers.Concatenate().compute_mask([x, x], [a, b])), a & b)
    assert layers.Dense(2).compute_mask(x, a) is a or np.array_equal(
        np.asarray(layers.Dense(2).compute_mask(x, a)), a)
    assert layers.Flatten().compute_mask(x, a) is None


def test_mask_shape_mismatch_names_the_layer(rng):
    with pytest.raises(ValueError, match=r"GRU layer 'g'.*mask of shape \(2, 3\).*\(3, 2\)"):
        layers.GRU(2, name="g")(np.zeros((2, 3, 4), np.float32), mask=np.ones((3, 2), bool))


def test_masking_matches_keras(keras, rng):
    x, mask = _padded(rng)
    theirs = keras.Sequential([keras.Input((6, 3)), keras.layers.Masking(),
                               keras.layers.LSTM(4, return_sequences=True),
                               keras.layers.LSTM(2)])
    mine = pydeep.Sequential([pydeep.Input((6, 3)), layers.Masking(),
                              layers.LSTM(4, return_sequences=True), layers.LSTM(2)])
    mine.set_weights(theirs.get_weights())
    np.testing.assert_allclose(mine.predict(x, verbose=0),
                               keras.ops.convert_to_numpy(theirs(x)), rtol=1e-5, atol=2e-5)
