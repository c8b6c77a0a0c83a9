"""Attention layers: the fused attention against a float64 numpy formula
(values and finite-difference gradients), MultiHeadAttention / Attention /
AdditiveAttention against numpy and Keras (same weights, same outputs,
masks and causal masks included), a one-block transformer that learns, and
errors."""
import numpy as np
import pytest

import pydeep
from pydeep import layers


def _softmax(s):
    e = np.exp(s - s.max(-1, keepdims=True))
    return e / e.sum(-1, keepdims=True)


def _mha_reference(q_in, v_in, k_in, ws, heads, mask=None, causal=False):
    wq, bq, wk, bk, wv, bv, wo, bo = [w.astype(np.float64) for w in ws]
    q = np.einsum("btd,dhe->bhte", q_in, wq) + bq[None, :, None]
    k = np.einsum("bsd,dhe->bhse", k_in, wk) + bk[None, :, None]
    v = np.einsum("bsd,dhe->bhse", v_in, wv) + bv[None, :, None]
    s = np.einsum("bhte,bhse->bhts", q, k) / np.sqrt(wq.shape[-1])
    keep = np.ones(s.shape[:1] + s.shape[2:], bool) if mask is None else mask.astype(bool)
    if causal:
        keep = keep & np.tril(np.ones(s.shape[2:], bool))
    # Keras adds -1e9 in float32, where it absorbs the score (a fully masked
    # row becomes uniform): model that rounding.
    s = np.where(keep[:, None], s, (s.astype(np.float32) - np.float32(1e9)).astype(np.float64))
    p = _softmax(s)
    o = np.einsum("bhts,bhse->bhte", p, v)
    return np.einsum("bhte,hed->btd", o, wo) + bo, p


def _mha(rng, heads=2, key_dim=3, value_dim=4, dq=6, dv=5, **kw):
    layer = layers.MultiHeadAttention(heads, key_dim, value_dim=value_dim, **kw)
    layer.build((None, 4, dq), (None, 7, dv))
    ws = [rng.normal(scale=0.5, size=w.shape).astype(np.float32) for w in layer.weights]
    layer.set_weights(ws)
    return layer, ws


@pytest.mark.parametrize("masked,causal", [(False, False), (True, False), (False, True),
                                           (True, True)])
def test_mha_forward_matches_numpy(masked, causal, rng):
    layer, ws = _mha(rng)
    q = rng.normal(size=(3, 4, 6)).astype(np.float32)
    v = rng.normal(size=(3, 7, 5)).astype(np.float32)
    mask = rng.random((3, 4, 7)) > 0.3 if masked else None
    if masked:
        mask[0, 1] = False  # a fully masked row: uniform weights, as Keras's -1e9 gives
    out, scores = layer(q, v, attention_mask=mask, use_causal_mask=causal,
                        return_attention_scores=True)
    want, p = _mha_reference(q, v, v, ws, 2, mask, causal)
    np.testing.assert_allclose(np.asarray(out), want, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(np.asarray(scores), p, rtol=1e-4, atol=1e-6)


def test_mha_gradients_match_finite_differences(rng):
    layer, ws = _mha(rng, heads=2, key_dim=2, value_dim=2, dq=3, dv=3)
    q = rng.normal(size=(2, 3, 3)).astype(np.float32)
    v = rng.normal(size=(2, 4, 3)).astype(np.float32)
    k = rng.normal(size=(2, 4, 3)).astype(np.float32)
    mask = rng.random((2, 3, 4)) > 0.3
    mask[:, :, 0] = True  # no fully masked row (its float32 -1e9 offset has no slope)
    w_out = rng.normal(size=(2, 3, 3))
    tq, tv, tk = (pydeep.ops.convert_to_tensor(a) for a in (q, v, k))
    with pydeep.GradientTape() as tape:
        for t in (tq, tv, tk):
            tape.watch(t)
        out = layer(tq, tv, key=tk, attention_mask=mask)
    got = tape.gradient(out, [tq, tv, tk] + list(layer.weights),
                        output_gradients=w_out.astype(np.float32))
    params = [q, v, k] + ws
    base = [p.astype(np.float64) for p in params]

    def loss():
        return float((_mha_reference(base[0], base[1], base[2], base[3:], 2, mask)[0]
                      * w_out).sum())

    for i, p in enumerate(base):
        num = np.zeros(p.shape)
        for idx in np.ndindex(*p.shape):
            old = p[idx]
            p[idx] = old + 1e-6
            up = loss()
            p[idx] = old - 1e-6
            num[idx] = (up - loss()) / 2e-6
            p[idx] = old
        np.testing.assert_allclose(np.asarray(got[i]), num, rtol=2e-3, atol=2e-4,
                                   err_msg=f"parameter {i}")


def test_mha_uses_query_and_value_masks_from_the_graph(rng):
    ids = np.array([[3, 4, 0, 0], [1, 2, 5, 0]])
    inp = pydeep.Input((4,), dtype="int32")
    emb = layers.Embedding(8, 6, mask_zero=True)
    mha = layers.MultiHeadAttention(2, 3)
    x = emb(inp)
    model = pydeep.Model(inp, mha(x, x))
    table = emb.embeddings.numpy()
    keep = ids != 0
    want, _ = _mha_reference(table[ids], table[ids], table[ids], [w.numpy() for w in mha.weights],
                             2, keep[:, :, None] & keep[:, None, :])
    np.testing.assert_allclose(model.predict(ids, verbose=0), want, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("cls,kw", [("Attention", {}), ("Attention", {"use_scale": True}),
                                    ("Attention", {"score_mode": "concat"}),
                                    ("AdditiveAttention", {})])
def test_dense_attention_matches_keras(keras, cls, kw, rng):
    q = rng.normal(size=(2, 3, 4)).astype(np.float32)
    v = rng.normal(size=(2, 5, 4)).astype(np.float32)
    masks = [rng.random((2, 3)) > 0.3, rng.random((2, 5)) > 0.3]
    masks[1][:, 0] = True
    theirs = getattr(keras.layers, cls)(**kw)
    mine = getattr(layers, cls)(**kw)
    theirs([q, v])
    ws = [rng.normal(size=w.shape).astype(np.float32) for w in theirs.get_weights()]
    theirs.set_weights(ws)
    for causal in (False, True):
        m = getattr(layers, cls)(**kw)
        m([q, v], use_causal_mask=causal)
        m.set_weights(ws)
        got, gs = m([q, v], mask=masks, use_causal_mask=causal, return_attention_scores=True)
        want, wsc = theirs([q, v], mask=masks, use_causal_mask=causal,
                           return_attention_scores=True)
        np.testing.assert_allclose(np.asarray(got), keras.ops.convert_to_numpy(want),
                                   rtol=1e-5, atol=1e-5)
        np.testing.assert_allclose(np.asarray(gs), keras.ops.convert_to_numpy(wsc),
                                   rtol=1e-5, atol=1e-6)


def test_mha_matches_keras(keras, rng):
    theirs = keras.layers.MultiHeadAttention(2, 3, value_dim=4, output_shape=5)
    mine = layers.MultiHeadAttention(2, 3, value_dim=4, output_shape=5)
    q = rng.normal(size=(2, 4, 6)).astype(np.float32)
    v = rng.normal(size=(2, 7, 8)).astype(np.float32)
    k = rng.normal(size=(2, 7, 3)).astype(np.float32)
    mask = rng.random((2, 4, 7)) > 0.2
    theirs(q, v, k)
    mine.build(q.shape, v.shape, k.shape)
    assert [tuple(w.shape) for w in mine.weights] == [tuple(w.shape) for w in theirs.weights]
    ws = [rng.normal(scale=0.5, size=w.shape).astype(np.float32) for w in theirs.get_weights()]
    theirs.set_weights(ws)
    mine.set_weights(ws)
    np.testing.assert_allclose(np.asarray(mine(q, v, k, attention_mask=mask)),
                               keras.ops.convert_to_numpy(theirs(q, v, k, attention_mask=mask)),
                               rtol=1e-4, atol=1e-5)
    assert mine.count_params() == theirs.count_params()


def _transformer(seq, vocab, d=32, heads=4):
    """Embedding + position Embedding + MultiHeadAttention + Dense (residual,
    no LayerNormalization: that layer comes with the normalization layers)."""
    inp = pydeep.Input((seq,), dtype="int32")
    tok = layers.Embedding(vocab, d)(inp)
    positions = layers.Lambda(lambda x: pydeep.ops.cast(x, "float32") * 0.0 +
                              pydeep.ops.arange(seq, dtype="float32"))(inp)
    x = layers.Add()([tok, layers.Embedding(seq, d)(positions)])
    x = layers.Add()([x, layers.MultiHeadAttention(heads, d // heads)(x, x)])
    x = layers.Add()([x, layers.Dense(d)(layers.Dense(2 * d, activation="relu")(x))])
    out = layers.Dense(1, activation="sigmoid")(layers.Flatten()(x))
    return pydeep.Model(inp, out)


def test_one_block_transformer_learns_a_token_task():
    # Label: does token 1 appear before token 2 (position matters, content too).
    rng = np.random.default_rng(0)
    pydeep.utils.set_random_seed(0)
    n, seq, vocab = 3000, 8, 6
    ids = rng.integers(3, vocab, size=(n, seq))
    for row in ids:
        i, j = rng.choice(seq, 2, replace=False)
        row[i], row[j] = 1, 2
    y = np.array([list(r).index(1) < list(r).index(2) for r in ids], np.float32)
    model = _transformer(seq, vocab)
    model.compile(pydeep.optimizers.Adam(3e-3), "binary_crossentropy", metrics=["accuracy"])
    model.fit(ids[:2500], y[:2500], epochs=15, batch_size=50, verbose=0)
    acc = model.evaluate(ids[2500:], y[2500:], verbose=0)[1]
    assert acc >= 0.9, acc


def test_errors(rng):
    layer = layers.MultiHeadAttention(2, 3, name="mha")
    q = np.zeros((2, 4, 6), np.float32)
    with pytest.raises(ValueError, match=r"MultiHeadAttention layer 'mha'.*rank 3.*\(2, 6\)"):
        layer(np.zeros((2, 6), np.float32), q)
    layer(q, q)
    with pytest.raises(ValueError, match=r"'mha'.*features.*\(2, 4, 5\)"):
        layer(np.zeros((2, 4, 5), np.float32), q)
    x = pydeep.Input((4, 6))
    pydeep.Model(x, layer(x, x))
    with pytest.raises(NotImplementedError, match="different call arguments"):
        layer(q, q, use_causal_mask=True)
    with pytest.raises(ValueError, match=r"'mha2'.*attention_mask of shape \(batch, 4, 4\)"):
        layers.MultiHeadAttention(2, 3, name="mha2")(q, q, attention_mask=np.ones((2, 3, 4), bool))
    with pytest.raises(NotImplementedError, match="attention_axes"):
        layers.MultiHeadAttention(2, 3, attention_axes=(1, 2))
    with pytest.raises(ValueError, match=r"Attention layer.*\[query, value\]"):
        layers.Attention()(q)
