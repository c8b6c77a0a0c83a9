"""fit / evaluate / predict on generators, PyDataset and dicts of arrays."""
import warnings

import numpy as np
import pytest

import pydeep
from pydeep import layers


def regression_data(n=256, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype("float32")
    y = (x @ np.array([[1.0], [-2.0], [0.5], [3.0]], dtype="float32") + 0.25).astype("float32")
    return x, y


def linear_model(seed=1):
    pydeep.utils.set_random_seed(seed)
    model = pydeep.Sequential([pydeep.Input((4,)), layers.Dense(1)])
    model.compile(optimizer=pydeep.optimizers.SGD(0.05), loss="mse")
    return model


class ArrayDataset(pydeep.utils.PyDataset):
    def __init__(self, x, y=None, batch_size=16, sw=None, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.sw, self.batch_size = x, y, sw, batch_size
        self.epochs_begun = self.epochs_ended = 0
        self.seen = []

    def __len__(self):
        return -(-len(self.x) // self.batch_size)

    def __getitem__(self, i):
        self.seen.append(i)
        part = slice(i * self.batch_size, (i + 1) * self.batch_size)
        if self.y is None:
            return self.x[part]
        if self.sw is None:
            return self.x[part], self.y[part]
        return self.x[part], self.y[part], self.sw[part]

    def on_epoch_begin(self):
        self.epochs_begun += 1

    def on_epoch_end(self):
        self.epochs_ended += 1


def batches(x, y, batch_size=16, repeat=1):
    for _ in range(repeat):
        for i in range(0, len(x), batch_size):
            yield x[i:i + batch_size], y[i:i + batch_size]


def test_fit_on_generator_learns_with_steps_per_epoch():
    x, y = regression_data()
    model = linear_model()
    before = model.evaluate(x, y, verbose=0)
    history = model.fit(batches(x, y, repeat=20), steps_per_epoch=16, epochs=20, verbose=0)
    assert len(history.history["loss"]) == 20
    assert model.evaluate(x, y, verbose=0) < 0.01 * before


def test_generator_that_runs_out_stops_training_with_a_warning():
    x, y = regression_data(64)
    model = linear_model()
    with pytest.warns(UserWarning, match="ran out of data"):
        history = model.fit(batches(x, y), epochs=3, verbose=0)
    assert len(history.history["loss"]) == 1  # the second epoch found nothing


def test_pydataset_fit_matches_arrays_without_shuffle():
    x, y = regression_data(100)
    a, b = linear_model(), linear_model()
    ha = a.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0)
    data = ArrayDataset(x, y, 16)
    hb = b.fit(data, epochs=3, shuffle=False, verbose=0)
    np.testing.assert_allclose(hb.history["loss"], ha.history["loss"], rtol=1e-6)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_allclose(wb, wa, rtol=1e-6, atol=1e-7)
    assert data.epochs_begun == 3 and data.epochs_ended == 3
    assert data.seen[:7] == list(range(7))


def test_pydataset_shuffles_batch_order_and_workers_prefetch():
    x, y = regression_data(160)
    data = ArrayDataset(x, y, 16, workers=3, max_queue_size=4)
    model = linear_model()
    before = model.evaluate(x, y, verbose=0)
    model.fit(data, epochs=15, shuffle=True, verbose=0)
    assert model.evaluate(x, y, verbose=0) < 0.05 * before
    first_epoch = data.seen[:10]
    assert sorted(first_epoch) == list(range(10)) and first_epoch != list(range(10))
    assert data.seen[10:20] != first_epoch  # a new order each epoch


def test_pydataset_sample_weights_and_evaluate_match_arrays():
    x, y = regression_data(96)
    sw = np.random.default_rng(3).uniform(0, 2, size=96).astype("float32")
    model = linear_model()
    expected = model.evaluate(x, y, sample_weight=sw, batch_size=16, verbose=0)
    got = model.evaluate(ArrayDataset(x, y, 16, sw=sw), verbose=0)
    np.testing.assert_allclose(got, expected, rtol=1e-6)


def test_evaluate_generator_with_steps_reads_only_those_batches():
    x, y = regression_data(96)
    model = linear_model()
    expected = model.evaluate(x[:48], y[:48], batch_size=16, verbose=0)
    got = model.evaluate(batches(x, y, 16), steps=3, verbose=0)
    np.testing.assert_allclose(got, expected, rtol=1e-6)


@pytest.mark.parametrize("form", ["x", "tuple1", "xy"])
def test_predict_on_python_sources(form):
    x, y = regression_data(70)
    model = linear_model()
    expected = model.predict(x, verbose=0)

    def gen():
        for i in range(0, 70, 16):
            if form == "x":
                yield x[i:i + 16]
            elif form == "tuple1":
                yield (x[i:i + 16],)
            else:
                yield x[i:i + 16], y[i:i + 16]
    np.testing.assert_allclose(model.predict(gen(), verbose=0), expected, rtol=1e-6)
    np.testing.assert_allclose(model.predict(ArrayDataset(x, None, 16), verbose=0), expected,
                               rtol=1e-6)


def test_validation_data_as_pydataset():
    x, y = regression_data(128)
    model = linear_model()
    history = model.fit(x[:96], y[:96], epochs=2, verbose=0,
                        validation_data=ArrayDataset(x[96:], y[96:], 8))
    np.testing.assert_allclose(history.history["val_loss"][-1],
                               model.evaluate(x[96:], y[96:], verbose=0), rtol=1e-6)


def test_validation_steps_and_batch_size_with_arrays():
    x, y = regression_data(128)
    model = linear_model()
    history = model.fit(x[:96], y[:96], epochs=1, verbose=0, validation_data=(x[96:], y[96:]),
                        validation_batch_size=8, validation_steps=2)
    np.testing.assert_allclose(history.history["val_loss"][-1],
                               model.evaluate(x[96:112], y[96:112], verbose=0), rtol=1e-6)


def test_steps_per_epoch_continues_the_pass_like_keras():
    x, y = regression_data(10)

    class Count(pydeep.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.steps = 0
            counts.append(0)

        def on_train_batch_end(self, batch, logs=None):
            counts[-1] += 1
    counts = []
    model = linear_model()
    with pytest.warns(UserWarning, match="ran out of data"):
        model.fit(x, y, batch_size=2, steps_per_epoch=2, epochs=4, shuffle=False, verbose=0,
                  callbacks=[Count()])
    assert counts == [2, 2, 1, 2]  # 5 batches per pass: the third epoch ends the pass


def test_deferred_sequential_builds_from_generator():
    x, y = regression_data(64)
    model = pydeep.Sequential([layers.Dense(3, activation="relu"), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(batches(x, y), epochs=1, verbose=0)
    assert model.built and model.input_shape == (None, 4)


def two_input_model():
    pydeep.utils.set_random_seed(5)
    a = pydeep.Input((3,), name="left")
    b = pydeep.Input((2,), name="right")
    h = layers.Concatenate()([layers.Dense(4, name="da")(a), layers.Dense(4, name="db")(b)])
    out1 = layers.Dense(1, name="score")(h)
    out2 = layers.Dense(2, name="aux")(h)
    model = pydeep.Model([a, b], [out1, out2])
    model.compile(optimizer="sgd", loss="mse")
    return model


def test_dict_inputs_and_targets_match_lists():
    rng = np.random.default_rng(0)
    xa, xb = rng.normal(size=(20, 3)), rng.normal(size=(20, 2))
    y1, y2 = rng.normal(size=(20, 1)), rng.normal(size=(20, 2))
    model = two_input_model()
    by_list = model.predict([xa, xb], verbose=0)
    by_dict = model.predict({"right": xb, "left": xa}, verbose=0)
    for p, q in zip(by_list, by_dict):
        np.testing.assert_allclose(q, p)
    expected = model.evaluate([xa, xb], [y1, y2], verbose=0)
    got = model.evaluate({"left": xa, "right": xb}, {"aux": y2, "score": y1}, verbose=0)
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    history = model.fit({"left": xa, "right": xb}, {"score": y1, "aux": y2}, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2


def test_dict_with_wrong_keys_names_them():
    model = two_input_model()
    with pytest.raises(ValueError, match=r"missing \['right'\].*unexpected \['rigth'\]"):
        model.predict({"left": np.zeros((2, 3)), "rigth": np.zeros((2, 2))}, verbose=0)


def test_bad_arguments_with_python_sources():
    x, y = regression_data(32)
    model = linear_model()
    with pytest.raises(ValueError, match="`y` should not be passed"):
        model.fit(batches(x, y), y, verbose=0)
    with pytest.raises(ValueError, match="validation_split"):
        model.fit(batches(x, y), validation_split=0.2, verbose=0)
    with pytest.raises(ValueError, match="class_weight"):
        model.fit(batches(x, y), class_weight={0: 1.0}, verbose=0)
    with pytest.raises(NotImplementedError, match="use_multiprocessing"):
        model.fit(ArrayDataset(x, y, use_multiprocessing=True), verbose=0)
    with pytest.raises(ValueError, match="expected shape"):
        model.fit(batches(np.zeros((8, 5), "float32"), y[:8]), verbose=0)
    with pytest.raises(ValueError, match="no targets"):
        model.fit(ArrayDataset(x, None), verbose=0)


def test_error_inside_the_generator_surfaces_unchanged():
    x, y = regression_data(32)
    model = linear_model()

    def broken():
        yield x[:8], y[:8]
        raise KeyError("missing file 17")
    with pytest.raises(KeyError, match="missing file 17"):
        model.fit(broken(), epochs=1, verbose=0)
    # The model is still usable afterwards.
    assert np.isfinite(model.evaluate(x, y, verbose=0))
