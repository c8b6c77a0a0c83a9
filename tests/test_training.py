"""compile / fit / evaluate / predict: Keras semantics, and real learning."""
import numpy as np
import pytest

import pydeep
from pydeep import layers


def classifier(inputs=2, hidden=8, classes=1, activation="sigmoid"):
    return pydeep.Sequential([pydeep.Input((inputs,)), layers.Dense(hidden, activation="tanh"),
                              layers.Dense(classes, activation=activation)])


def test_xor_is_learned():
    pydeep.utils.set_random_seed(0)
    x = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], np.float32)
    y = np.array([[0], [1], [1], [0]], np.float32)
    model = classifier(hidden=8)
    model.compile(optimizer=pydeep.optimizers.Adam(0.05), loss="binary_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x, y, epochs=300, batch_size=4, verbose=0)
    assert history.history["accuracy"][-1] == 1.0
    assert history.history["loss"][-1] < 0.1
    np.testing.assert_array_equal((model.predict(x, verbose=0) > 0.5).astype(int), y)


def test_digits_mlp_reaches_95_percent():
    sklearn = pytest.importorskip("sklearn.datasets")
    pydeep.utils.set_random_seed(1)
    digits = sklearn.load_digits()
    x = (digits.data / 16.0).astype(np.float32)
    y = digits.target
    order = np.random.default_rng(0).permutation(len(x))
    x, y = x[order], y[order]
    x_train, y_train, x_test, y_test = x[:1400], y[:1400], x[1400:], y[1400:]
    model = pydeep.Sequential([pydeep.Input((64,)), layers.Dense(128, activation="relu"),
                               layers.Dense(10, activation="softmax")])
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=25, batch_size=32, verbose=0)
    loss, acc = model.evaluate(x_test, y_test, verbose=0)
    assert acc >= 0.95, acc


def test_history_keys_and_validation_split_takes_the_last_fraction():
    pydeep.utils.set_random_seed(2)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 2)).astype(np.float32)
    y = (x[:, :1] > 0).astype(np.float32)
    model = classifier()
    # a negligible learning rate: weights stay put, so the logs can be checked exactly
    model.compile(pydeep.optimizers.SGD(1e-30), "binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=3, batch_size=8, validation_split=0.2, verbose=0)
    assert set(history.history) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert history.epoch == [0, 1, 2] and len(history.history["loss"]) == 3
    val_loss, val_acc = model.evaluate(x[40:], y[40:], verbose=0)
    np.testing.assert_allclose(history.history["val_loss"][-1], val_loss, rtol=1e-5)
    train_loss, _ = model.evaluate(x[:40], y[:40], verbose=0)
    np.testing.assert_allclose(history.history["loss"][-1], train_loss, rtol=1e-5)


def test_partial_last_batch_is_used_and_loss_is_sample_weighted():
    class CountBatches(pydeep.callbacks.Callback):
        def on_train_begin(self, logs=None):
            self.batches = 0

        def on_train_batch_end(self, batch, logs=None):
            self.batches += 1

    rng = np.random.default_rng(1)
    x = rng.normal(size=(10, 2)).astype(np.float32)
    y = rng.normal(size=(10, 1)).astype(np.float32)
    model = classifier(activation="linear")
    model.compile(pydeep.optimizers.SGD(1e-30), "mse")
    counter = CountBatches()
    history = model.fit(x, y, batch_size=4, epochs=1, shuffle=False, callbacks=[counter],
                        verbose=0)
    assert counter.batches == 3  # 4 + 4 + 2
    pred = model.predict(x, verbose=0)
    np.testing.assert_allclose(history.history["loss"][0], np.mean((pred - y) ** 2), rtol=1e-5)


def test_sample_weight_and_class_weight_change_the_loss():
    rng = np.random.default_rng(2)
    x = rng.normal(size=(20, 2)).astype(np.float32)
    y = rng.normal(size=(20, 1)).astype(np.float32)
    model = classifier(activation="linear")
    model.compile(pydeep.optimizers.SGD(1e-30), "mse")
    sw = np.r_[np.ones(10), np.zeros(10)].astype(np.float32)
    pred = model.predict(x, verbose=0)
    err = ((pred - y) ** 2)[:, 0]
    loss = model.evaluate(x, y, sample_weight=sw, verbose=0)
    # Keras's default reduction divides by the number of samples, not the weight sum
    np.testing.assert_allclose(loss, (err * sw).sum() / 20, rtol=1e-5)
    labels = (x[:, :1] > 0).astype(np.float32)
    clf = classifier()
    clf.compile(pydeep.optimizers.SGD(1e-30), "binary_crossentropy")
    h1 = clf.fit(x, labels, epochs=1, verbose=0, shuffle=False)
    h2 = clf.fit(x, labels, epochs=1, verbose=0, shuffle=False, class_weight={0: 1.0, 1: 3.0})
    p = np.clip(clf.predict(x, verbose=0)[:, 0], 1e-7, 1 - 1e-7)
    bce = -(labels[:, 0] * np.log(p) + (1 - labels[:, 0]) * np.log(1 - p))
    np.testing.assert_allclose(h1.history["loss"][0], bce.mean(), rtol=1e-4)
    np.testing.assert_allclose(h2.history["loss"][0],
                               (bce * np.where(labels[:, 0] == 1, 3.0, 1.0)).mean(), rtol=1e-4)


def test_frozen_layers_do_not_change():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(32, 2)).astype(np.float32)
    y = rng.normal(size=(32, 1)).astype(np.float32)
    model = classifier(activation="linear")
    model.layers[0].trainable = False
    before = model.get_weights()
    model.compile("adam", "mse")
    model.fit(x, y, epochs=2, verbose=0)
    after = model.get_weights()
    np.testing.assert_array_equal(before[0], after[0])
    np.testing.assert_array_equal(before[1], after[1])
    assert not np.array_equal(before[2], after[2])


def test_batch_level_apis_return_keras_types():
    x = np.zeros((4, 2), np.float32)
    y = np.zeros((4, 1), np.float32)
    model = classifier()
    model.compile("sgd", "binary_crossentropy", metrics=["accuracy"])
    out = model.train_on_batch(x, y)
    assert isinstance(out, list) and len(out) == 2
    assert set(model.test_on_batch(x, y, return_dict=True)) == {"loss", "accuracy"}
    plain = classifier()
    plain.compile("sgd", "mse")
    assert isinstance(plain.train_on_batch(x, y), float)
    assert model.predict_on_batch(x).shape == (4, 1)


def test_stop_training_from_a_callback():
    class StopAfterFirst(pydeep.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            self.model.stop_training = True

    model = classifier()
    model.compile("sgd", "mse")
    history = model.fit(np.zeros((8, 2), np.float32), np.zeros((8, 1), np.float32), epochs=5,
                        callbacks=[StopAfterFirst()], verbose=0)
    assert history.epoch == [0]


def test_epoch_callbacks_ask_for_no_batch_events():
    class EpochOnly(pydeep.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            pass

    model = classifier()
    cbs, _ = model._callbacks([EpochOnly()], 0, {}, True)
    assert cbs.batch_interval is None
    cbs, _ = model._callbacks([], 1, {}, True)
    assert cbs.batch_interval == pytest.approx(0.1)


@pytest.mark.parametrize("call,exc,match", [
    (lambda m: m.fit(np.zeros((5, 2)), np.zeros((4, 1)), verbose=0), ValueError, "cardinality"),
    (lambda m: m.fit(np.zeros((0, 2)), np.zeros((0, 1)), verbose=0), ValueError, "empty"),
    (lambda m: m.fit(np.zeros((5, 3)), np.zeros((5, 1)), verbose=0), ValueError, "expected shape"),
    (lambda m: m.fit(np.zeros((5, 2)), np.zeros((5, 1)), batch_size=0, verbose=0), ValueError,
     "batch_size"),
])
def test_bad_fit_calls(call, exc, match):
    model = classifier()
    model.compile("sgd", "mse")
    with pytest.raises(exc, match=match):
        call(model)


def test_fit_before_compile_and_unknown_names():
    model = classifier()
    with pytest.raises(RuntimeError, match="compile"):
        model.fit(np.zeros((2, 2)), np.zeros((2, 1)), verbose=0)
    with pytest.raises(ValueError, match="no_such_loss"):
        model.compile("sgd", "no_such_loss")
    with pytest.raises(ValueError, match="no_such_optimizer"):
        model.compile("no_such_optimizer", "mse")


def test_custom_python_loss_function_trains():
    from pydeep import ops

    def my_mse(y_true, y_pred):
        return ops.mean(ops.square(y_pred - y_true), axis=-1)

    rng = np.random.default_rng(4)
    x = rng.normal(size=(64, 2)).astype(np.float32)
    y = (x @ np.array([[1.0], [-1.0]], np.float32)).astype(np.float32)
    model = classifier(activation="linear")
    model.compile(pydeep.optimizers.Adam(0.02), my_mse)
    history = model.fit(x, y, epochs=40, verbose=0)
    assert history.history["loss"][-1] < 0.2 * history.history["loss"][0]
    pred = model.predict(x, verbose=0)
    np.testing.assert_allclose(history.history["loss"][-1], np.mean((pred - y) ** 2), rtol=0.5)


def test_accuracy_resolves_by_loss_class():
    model = classifier(classes=3, activation="softmax")
    model.compile("adam", "sparse_categorical_crossentropy", metrics=["accuracy"])
    assert type(model._metric_objects[0][0]).__name__ == "SparseCategoricalAccuracy"
    model = classifier()
    model.compile("adam", "binary_crossentropy", metrics=["acc"])
    metric = model._metric_objects[0][0]
    assert type(metric).__name__ == "BinaryAccuracy" and metric.name == "acc"


def test_accuracy_with_one_hot_labels_is_categorical():
    model = classifier(classes=3, activation="softmax")
    model.compile("adam", "categorical_crossentropy", metrics=["accuracy"])
    assert type(model._metric_objects[0][0]).__name__ == "CategoricalAccuracy"


def test_function_metrics_are_wrapped_and_logged_by_name():
    from pydeep import ops

    def mean_pred(y_true, y_pred):
        return ops.mean(y_pred, axis=-1)

    model = classifier()
    model.compile(pydeep.optimizers.SGD(1e-30), "mse", metrics=[mean_pred, "mae"])
    x = np.random.default_rng(5).normal(size=(16, 2)).astype(np.float32)
    y = np.zeros((16, 1), np.float32)
    logs = model.evaluate(x, y, verbose=0, return_dict=True)
    assert set(logs) == {"loss", "mean_pred", "mae"}
    pred = model.predict(x, verbose=0)
    np.testing.assert_allclose(logs["mean_pred"], pred.mean(), rtol=1e-5)
    np.testing.assert_allclose(logs["mae"], np.abs(pred).mean(), rtol=1e-5)
