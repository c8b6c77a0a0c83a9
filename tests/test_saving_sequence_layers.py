"""Models with sequence layers (recurrent, wrappers, attention) survive save/load."""
import numpy as np
import pytest

import pydeep
from pydeep import layers


def _embedded(mask_zero=False):
    inp = pydeep.Input((7,), dtype="int32")
    return inp, layers.Embedding(20, 8, mask_zero=mask_zero)(inp)


def lstm_masked():
    inp, e = _embedded(mask_zero=True)
    return inp, layers.LSTM(6)(e)


def bidirectional_gru():
    inp, e = _embedded()
    return inp, layers.Bidirectional(layers.GRU(5, return_sequences=True), merge_mode="sum")(e)


def time_distributed():
    inp, e = _embedded()
    return inp, layers.TimeDistributed(layers.Dense(3))(e)


def multi_head_attention():
    inp, e = _embedded()
    return inp, layers.MultiHeadAttention(2, 4)(e, e)


def dense_attention():
    inp, e = _embedded()
    return inp, layers.Attention()([e, e])


@pytest.mark.parametrize("build", [lstm_masked, bidirectional_gru, time_distributed,
                                   multi_head_attention, dense_attention])
def test_sequence_model_round_trip(build, tmp_path):
    pydeep.utils.set_random_seed(0)
    inp, out = build()
    model = pydeep.Model(inp, layers.Dense(1)(layers.Flatten()(out) if len(out.shape) == 3
                                              else out))
    model.compile(optimizer="adam", loss="mse")
    rng = np.random.default_rng(1)
    x = rng.integers(0, 20, size=(16, 7))
    y = rng.normal(size=(16, 1)).astype("float32")
    model.fit(x, y, epochs=1, verbose=0)
    model.save(tmp_path / "m.pydeep")
    loaded = pydeep.models.load_model(tmp_path / "m.pydeep")
    np.testing.assert_array_equal(loaded.predict(x, verbose=0), model.predict(x, verbose=0))
    assert [w.shape for w in loaded.weights] == [w.shape for w in model.weights]
    # The same file rebuilt by the core alone (what a C++ application does).
    native = pydeep._core.load_model_native(str(tmp_path / "m.pydeep"))
    (got,) = native.predict_on_batch([pydeep._core.convert_to_tensor(x)])
    np.testing.assert_array_equal(np.asarray(got), model.predict(x, verbose=0))
