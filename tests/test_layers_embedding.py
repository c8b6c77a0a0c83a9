"""Embedding: lookups and gradients against numpy, the sparse gradient
buffer (reused across batches, never stale), optimizer updates, masks,
Keras layout/config, and errors."""
import numpy as np
import pytest

import pydeep
from pydeep import layers


def _grad(layer, ids, w):
    with pydeep.GradientTape() as tape:
        y = layer(ids)
    return tape.gradient(y, layer.embeddings, output_gradients=w.astype(np.float32))


@pytest.mark.parametrize("shape,dtype", [((5,), np.int64), ((3, 4), np.int32),
                                         ((2, 3, 2), np.float32)])
def test_lookup_and_gradient_match_numpy(shape, dtype, rng):
    layer = layers.Embedding(7, 3)
    ids = rng.integers(0, 7, size=shape).astype(dtype)
    y = np.asarray(layer(ids))
    table = layer.embeddings.numpy()
    assert y.shape == shape + (3,)
    np.testing.assert_array_equal(y, table[ids.astype(np.int64)])
    w = rng.normal(size=y.shape)
    want = np.zeros((7, 3))
    np.add.at(want, ids.astype(np.int64).reshape(-1), w.reshape(-1, 3))
    np.testing.assert_allclose(np.asarray(_grad(layer, ids, w)), want, rtol=1e-6, atol=1e-6)


def test_reused_gradient_buffer_is_never_stale(rng):
    layer = layers.Embedding(50, 4)
    for _ in range(4):
        ids = rng.integers(0, 50, size=(6, 3))
        w = rng.normal(size=(6, 3, 4))
        want = np.zeros((50, 4))
        np.add.at(want, ids.reshape(-1), w.reshape(-1, 4))
        np.testing.assert_allclose(np.asarray(_grad(layer, ids, w)), want, rtol=1e-6, atol=1e-6)
    # A gradient still held by the caller is never overwritten by the next one.
    g1 = _grad(layer, np.array([[1, 2]]), np.ones((1, 2, 4)))
    snapshot = np.array(g1)
    _grad(layer, np.array([[3, 3]]), np.ones((1, 2, 4)))
    np.testing.assert_array_equal(np.asarray(g1), snapshot)


def test_sgd_updates_only_the_looked_up_rows():
    pydeep.utils.set_random_seed(0)
    model = pydeep.Sequential([pydeep.Input((2,)), layers.Embedding(10, 3), layers.Flatten(),
                               layers.Dense(1, use_bias=False)])
    model.compile(pydeep.optimizers.SGD(0.1), "mse")
    before = model.layers[0].embeddings.numpy().copy()
    for _ in range(3):
        model.train_on_batch(np.array([[1, 4], [4, 7]]), np.ones((2, 1), np.float32))
    after = model.layers[0].embeddings.numpy()
    changed = np.where(np.any(before != after, axis=1))[0]
    assert set(changed) == {1, 4, 7}


def test_embedding_model_learns_a_token_task():
    rng = np.random.default_rng(0)
    pydeep.utils.set_random_seed(0)
    ids = rng.integers(0, 30, size=(2000, 4))
    y = (ids[:, 0] % 2).astype(np.float32)  # parity of the first token's id
    model = pydeep.Sequential([pydeep.Input((4,)), layers.Embedding(30, 8), layers.Flatten(),
                               layers.Dense(16, "relu"), layers.Dense(1, "sigmoid")])
    model.compile(pydeep.optimizers.Adam(0.01), "binary_crossentropy", metrics=["accuracy"])
    model.fit(ids, y, epochs=5, batch_size=32, verbose=0)
    assert model.evaluate(ids, y, verbose=0)[1] > 0.97


def test_mask_zero_and_config():
    layer = layers.Embedding(5, 2, mask_zero=True, embeddings_regularizer="l2")
    ids = np.array([[0, 3, 0]])
    np.testing.assert_array_equal(np.asarray(layer.compute_mask(ids)), [[False, True, False]])
    assert layers.Embedding(5, 2).compute_mask(ids) is None
    config = layer.get_config()
    for key in ("input_dim", "output_dim", "embeddings_initializer", "embeddings_regularizer",
                "embeddings_constraint", "mask_zero"):
        assert key in config
    layer(ids)
    assert len(layer.losses) == 1  # the l2 penalty of the table
    again = layers.Embedding.from_config(config)
    assert again.mask_zero and again.input_dim == 5


def test_default_uniform_initializer_and_weights_argument():
    layer = layers.Embedding(300, 20)
    layer.build((None, 3))
    t = layer.embeddings.numpy()
    assert t.shape == (300, 20) and np.abs(t).max() <= 0.05 and np.abs(t).max() > 0.04
    w = np.arange(6, dtype=np.float32).reshape(3, 2)
    np.testing.assert_array_equal(layers.Embedding(3, 2, weights=[w]).embeddings.numpy(), w)


def test_errors():
    layer = layers.Embedding(4, 2, name="tok")
    with pytest.raises(IndexError, match=r"tok.*\[0, 4\).*received index 4"):
        layer(np.array([[1, 4]]))
    with pytest.raises(ValueError, match="input_dim"):
        layers.Embedding(0, 2)
    with pytest.raises(ValueError, match="output_dim"):
        layers.Embedding(3, -1)
    with pytest.raises(NotImplementedError, match="lora_rank"):
        layers.Embedding(3, 2, lora_rank=2)


def test_matches_keras(keras, rng):
    theirs = keras.layers.Embedding(9, 4)
    mine = layers.Embedding(9, 4)
    ids = rng.integers(0, 9, size=(3, 5))
    theirs(ids)
    mine.build((None, 5))
    mine.set_weights(theirs.get_weights())
    np.testing.assert_array_equal(np.asarray(mine(ids)), keras.ops.convert_to_numpy(theirs(ids)))
    assert mine.count_params() == theirs.count_params()
    assert set(mine.get_config()) >= set(theirs.get_config()) - {"dtype", "quantization_config"}
