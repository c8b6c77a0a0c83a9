"""Sequential and functional models: building, shapes, summary counts,
weights in Keras order, calling, errors."""
import numpy as np
import pytest

import pydeep
from pydeep import layers


def mlp(*units, input_dim=4):
    return pydeep.Sequential([pydeep.Input((input_dim,))] +
                             [layers.Dense(u, activation="relu") for u in units])


def test_sequential_shapes_and_counts():
    model = pydeep.Sequential([pydeep.Input((784,)), layers.Dense(512, activation="relu"),
                               layers.Dense(512, activation="relu"), layers.Dense(10)])
    assert model.output_shape == (None, 10)
    assert model.count_params() == 784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10
    assert [l.name for l in model.layers] == [l.name for l in model.layers]  # stable
    assert len(model.layers) == 3 and len(model.weights) == 6


def test_summary_lists_layers_shapes_and_params(capsys):
    model = pydeep.Sequential([pydeep.Input((8,)), layers.Dense(4, name="hidden"),
                               layers.Dropout(0.5), layers.Dense(2, name="out")])
    model.summary()
    out = capsys.readouterr().out
    assert "hidden (Dense)" in out and "(None, 4)" in out and "36" in out
    assert "out (Dense)" in out and "10" in out and "Total params: 46" in out


def test_deferred_build_on_first_call_and_input_shape_kwarg():
    model = pydeep.Sequential([layers.Dense(3), layers.Dense(1)])
    assert not model.built
    y = model.predict(np.ones((5, 7), np.float32), verbose=0)
    assert y.shape == (5, 1) and model.built and model.count_params() == 7 * 3 + 3 + 4
    m2 = pydeep.Sequential([layers.Dense(3, input_shape=(6,))])
    assert m2.built and m2.output_shape == (None, 3)


def test_get_and_set_weights_in_keras_order(rng):
    model = mlp(3, 2)
    shapes = [w.shape for w in model.get_weights()]
    assert shapes == [(4, 3), (3,), (3, 2), (2,)]
    new = [rng.normal(size=s).astype(np.float32) for s in shapes]
    model.set_weights(new)
    for got, want in zip(model.get_weights(), new):
        np.testing.assert_array_equal(got, want)
    x = rng.normal(size=(6, 4)).astype(np.float32)
    h = np.maximum(x @ new[0] + new[1], 0)
    np.testing.assert_allclose(model.predict(x, verbose=0), np.maximum(h @ new[2] + new[3], 0),
                               rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match="expected 4 weights"):
        model.set_weights(new[:2])
    with pytest.raises(ValueError, match="shape"):
        model.set_weights([np.zeros((4, 4))] + new[1:])


def test_functional_multi_input_multi_output_and_shared_layers(rng):
    a = pydeep.Input((3,), name="a")
    b = pydeep.Input((3,), name="b")
    shared = layers.Dense(4, name="shared")
    ha, hb = shared(a), shared(b)
    merged = layers.Dense(2, name="merge")(ha)
    out2 = layers.Dense(1, name="other")(hb)
    model = pydeep.Model([a, b], [merged, out2])
    xa, xb = rng.normal(size=(5, 3)).astype(np.float32), rng.normal(size=(5, 3)).astype(np.float32)
    ya, yb = model.predict([xa, xb], verbose=0)
    k, bias = shared.get_weights()
    km, bm = model.get_layer("merge").get_weights()
    ko, bo = model.get_layer("other").get_weights()
    np.testing.assert_allclose(ya, (xa @ k + bias) @ km + bm, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(yb, (xb @ k + bias) @ ko + bo, rtol=1e-5, atol=1e-6)
    # the shared layer's weights are counted once
    assert model.count_params() == (3 * 4 + 4) + (4 * 2 + 2) + (4 + 1)
    assert [l.name for l in model.layers][:2] == ["a", "b"]


def test_model_call_and_predict_on_batch_agree(rng):
    model = mlp(5, 2)
    x = rng.normal(size=(3, 4)).astype(np.float32)
    np.testing.assert_allclose(np.asarray(model(x)), model.predict_on_batch(x), rtol=1e-6)
    np.testing.assert_allclose(model.predict(x, batch_size=2, verbose=0),
                               model.predict_on_batch(x), rtol=1e-6)


def test_wrong_input_shapes_are_reported():
    model = mlp(3)
    with pytest.raises(ValueError, match=r"expected shape \(-1, 4\).*received \(2, 5\)"):
        model.predict(np.zeros((2, 5), np.float32), verbose=0)
    with pytest.raises(ValueError, match="batch axis"):
        model.predict_on_batch(np.zeros((4,), np.float32))
    with pytest.raises(ValueError, match=r"Reshape layer.*\(-1, 3, 2\).*target_shape"):
        pydeep.Sequential([pydeep.Input((3, 2)), layers.Dense(2), layers.Reshape((5,))])
    with pytest.raises(ValueError, match="Only instances"):
        pydeep.Sequential([np.zeros(3)])


def test_freezing_layers_moves_weights_to_non_trainable():
    model = mlp(3, 2)
    first = model.layers[0]
    first.trainable = False
    assert len(model.trainable_weights) == 2 and len(model.non_trainable_weights) == 2
    assert model.count_params() == 4 * 3 + 3 + 3 * 2 + 2


def test_sequential_config_round_trip(rng):
    model = pydeep.Sequential([pydeep.Input((4,)), layers.Dense(3, activation="relu"),
                               layers.Dropout(0.1), layers.Dense(2)])
    clone = pydeep.Sequential.from_config(model.get_config())
    assert [type(l).__name__ for l in clone.layers] == ["Dense", "Dropout", "Dense"]
    assert clone.count_params() == model.count_params()
    clone.set_weights(model.get_weights())
    x = rng.normal(size=(2, 4)).astype(np.float32)
    np.testing.assert_allclose(clone.predict(x, verbose=0), model.predict(x, verbose=0))


def test_weights_match_keras_layouts_and_predictions(rng):
    import os

    os.environ.setdefault("KERAS_BACKEND", "torch")
    keras = pytest.importorskip("keras")
    km = keras.Sequential([keras.Input((6,)), keras.layers.Dense(5, activation="relu"),
                           keras.layers.Dense(3, activation="softmax")])
    pm = pydeep.Sequential([pydeep.Input((6,)), layers.Dense(5, activation="relu"),
                            layers.Dense(3, activation="softmax")])
    assert pm.count_params() == km.count_params()
    pm.set_weights(km.get_weights())
    x = rng.normal(size=(7, 6)).astype(np.float32)
    np.testing.assert_allclose(pm.predict(x, verbose=0), km.predict(x, verbose=0), rtol=1e-5,
                               atol=1e-6)
