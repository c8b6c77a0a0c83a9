"""Keras 3 callbacks: hook order, per-batch cost, and each callback's behaviour
(EarlyStopping and ReduceLROnPlateau also against Keras's own callbacks
driven with the same monitored values, when Keras is installed)."""
import csv
import types
import warnings

import numpy as np
import pytest

import pydeep
from pydeep import callbacks, layers
from pydeep.callbacks import CallbackList


def regression_data(n=16, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3)).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [0.5]], np.float32)).astype(np.float32)
    return x, y


def linear_model(lr=0.01, optimizer="sgd"):
    model = pydeep.Sequential([pydeep.Input((3,)), layers.Dense(1)])
    opt = pydeep.optimizers.SGD(lr) if optimizer == "sgd" else pydeep.optimizers.Adam(lr)
    model.compile(opt, "mse")
    return model


class Recorder(callbacks.Callback):
    """Records every hook call as (hook, index)."""

    def __init__(self):
        super().__init__()
        self.events = []

    def _rec(self, name, index=None):
        self.events.append((name, index))

    def on_train_begin(self, logs=None): self._rec("on_train_begin")
    def on_train_end(self, logs=None): self._rec("on_train_end")
    def on_epoch_begin(self, epoch, logs=None): self._rec("on_epoch_begin", epoch)
    def on_epoch_end(self, epoch, logs=None): self._rec("on_epoch_end", epoch)
    def on_train_batch_begin(self, batch, logs=None): self._rec("on_train_batch_begin", batch)
    def on_train_batch_end(self, batch, logs=None): self._rec("on_train_batch_end", batch)
    def on_test_begin(self, logs=None): self._rec("on_test_begin")
    def on_test_end(self, logs=None): self._rec("on_test_end")
    def on_test_batch_begin(self, batch, logs=None): self._rec("on_test_batch_begin", batch)
    def on_test_batch_end(self, batch, logs=None): self._rec("on_test_batch_end", batch)
    def on_predict_begin(self, logs=None): self._rec("on_predict_begin")
    def on_predict_end(self, logs=None): self._rec("on_predict_end")
    def on_predict_batch_begin(self, batch, logs=None): self._rec("on_predict_batch_begin", batch)
    def on_predict_batch_end(self, batch, logs=None): self._rec("on_predict_batch_end", batch)


def expected_fit_events(epochs, steps, val_steps):
    ev = [("on_train_begin", None)]
    for e in range(epochs):
        ev.append(("on_epoch_begin", e))
        for b in range(steps):
            ev += [("on_train_batch_begin", b), ("on_train_batch_end", b)]
        if val_steps:
            ev.append(("on_test_begin", None))
            for b in range(val_steps):
                ev += [("on_test_batch_begin", b), ("on_test_batch_end", b)]
            ev.append(("on_test_end", None))
        ev.append(("on_epoch_end", e))
    return ev + [("on_train_end", None)]


def test_hook_order_of_fit_evaluate_predict():
    x, y = regression_data(10)
    model = linear_model()
    rec = Recorder()
    model.fit(x[:8], y[:8], batch_size=4, epochs=2, validation_data=(x[8:], y[8:]),
              callbacks=[rec], verbose=0)
    assert rec.events == expected_fit_events(2, 2, 1)
    rec.events.clear()
    model.evaluate(x, y, batch_size=4, callbacks=[rec], verbose=0)
    assert rec.events == [("on_test_begin", None), ("on_test_batch_begin", 0),
                          ("on_test_batch_end", 0), ("on_test_batch_begin", 1),
                          ("on_test_batch_end", 1), ("on_test_batch_begin", 2),
                          ("on_test_batch_end", 2), ("on_test_end", None)]
    rec.events.clear()
    model.predict(x, batch_size=8, callbacks=[rec], verbose=0)
    assert rec.events == [("on_predict_begin", None), ("on_predict_batch_begin", 0),
                          ("on_predict_batch_end", 0), ("on_predict_batch_begin", 1),
                          ("on_predict_batch_end", 1), ("on_predict_end", None)]


def test_hook_order_matches_keras(keras):
    x, y = regression_data(10)
    events = {}
    for name, lib in (("pydeep", pydeep), ("keras", keras)):
        class Rec(lib.callbacks.Callback):
            pass
        for hook in ("on_train_begin", "on_train_end", "on_test_begin", "on_test_end"):
            setattr(Rec, hook, (lambda h: lambda self, logs=None: self.ev.append((h, None)))(hook))
        for hook in ("on_epoch_begin", "on_epoch_end", "on_train_batch_begin",
                     "on_train_batch_end", "on_test_batch_begin", "on_test_batch_end"):
            setattr(Rec, hook,
                    (lambda h: lambda self, i, logs=None: self.ev.append((h, i)))(hook))
        rec = Rec()
        rec.ev = []
        model = lib.Sequential([lib.Input((3,)), lib.layers.Dense(1)])
        model.compile(lib.optimizers.SGD(0.01), "mse")
        model.fit(x[:8], y[:8], batch_size=4, epochs=2, validation_data=(x[8:], y[8:]),
                  callbacks=[rec], verbose=0)
        events[name] = rec.ev
    assert events["pydeep"] == events["keras"]


def _count_calls(monkeypatch):
    counts = {}
    for hook in ("on_train_batch_begin", "on_train_batch_end", "on_test_batch_begin",
                 "on_test_batch_end", "on_predict_batch_begin", "on_predict_batch_end",
                 "on_epoch_end"):
        original = getattr(CallbackList, hook)

        def spy(self, *args, _hook=hook, _original=original):
            counts[_hook] = counts.get(_hook, 0) + 1
            return _original(self, *args)
        monkeypatch.setattr(CallbackList, hook, spy)
    return counts


def test_no_per_batch_python_call_without_batch_hooks(monkeypatch):
    counts = _count_calls(monkeypatch)
    x, y = regression_data(64)
    model = linear_model()

    class EpochOnly(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            pass

    model.fit(x, y, batch_size=4, epochs=3, validation_split=0.25,
              callbacks=[EpochOnly(), callbacks.EarlyStopping(patience=5),
                         callbacks.ReduceLROnPlateau(), callbacks.History()], verbose=0)
    model.evaluate(x, y, batch_size=4, verbose=0)
    model.predict(x, batch_size=4, verbose=0)
    assert counts == {"on_epoch_end": 3}


def test_only_overridden_batch_hooks_are_called(monkeypatch):
    counts = _count_calls(monkeypatch)
    x, y = regression_data(16)
    model = linear_model()

    class EndOnly(callbacks.Callback):
        def on_batch_end(self, batch, logs=None):  # Keras's alias of on_train_batch_end
            self.n = getattr(self, "n", 0) + 1

    cb = EndOnly()
    model.fit(x, y, batch_size=4, epochs=2, validation_data=(x, y), callbacks=[cb], verbose=0)
    assert cb.n == 8
    assert counts == {"on_train_batch_end": 8, "on_epoch_end": 2}


def test_stop_training_after_the_current_batch_and_epoch():
    x, y = regression_data(16)
    model = linear_model()

    class StopAtBatch(callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            self.seen = getattr(self, "seen", []) + [batch]
            if batch == 1:
                self.model.stop_training = True

    rec, stop = Recorder(), StopAtBatch()
    history = model.fit(x, y, batch_size=4, epochs=3, callbacks=[stop, rec], verbose=0)
    assert stop.seen == [0, 1]       # the epoch's two other batches never ran
    assert history.epoch == [0]      # on_epoch_end still ran, as in Keras
    assert rec.events[-2:] == [("on_epoch_end", 0), ("on_train_end", None)]

    class StopAtEpoch(callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if epoch == 1:
                self.model.stop_training = True

    history = model.fit(x, y, batch_size=4, epochs=5, callbacks=[StopAtEpoch()], verbose=0)
    assert history.epoch == [0, 1]
    # a new fit starts with stop_training reset
    assert model.fit(x, y, epochs=2, verbose=0).epoch == [0, 1]


# -- EarlyStopping ------------------------------------------------------------------------

class Script(callbacks.Callback):
    """Overwrites logs[key] with scripted values (placed before the callback
    under test; the logs dict is shared by all callbacks, as in Keras) and
    keeps each epoch's weights."""

    def __init__(self, values, key="val_loss"):
        super().__init__()
        self.values, self.key, self.weights = values, key, []

    def on_epoch_end(self, epoch, logs=None):
        logs[self.key] = self.values[epoch]
        self.weights.append(self.model.get_weights())


def fit_scripted(values, cb, key="val_loss", lr=0.05):
    x, y = regression_data(16)
    model = linear_model(lr)
    script = Script(values, key)
    history = model.fit(x, y, batch_size=8, epochs=len(values), callbacks=[script, cb],
                        verbose=0)
    return model, script, history


@pytest.mark.parametrize("kwargs,values,stopped", [
    ({"patience": 0}, [1.0, 0.9, 0.95, 0.8], 2),
    ({"patience": 2}, [1.0, 0.9, 0.95, 0.93, 0.8, 0.7], 3),
    ({"patience": 1, "min_delta": 0.2}, [1.0, 0.9, 0.7, 0.65, 0.6], 1),
    # the wait restarts only below the baseline: without it, no stop here
    ({"patience": 2, "baseline": 0.5}, [1.0, 0.9, 0.95, 0.8], 2),
    ({"patience": 2}, [1.0, 0.9, 0.95, 0.8], 0),
    ({"patience": 1, "start_from_epoch": 2}, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 3),
    ({"patience": 1, "mode": "max"}, [1.0, 0.9, 0.95, 1.2], 1),
    ({"patience": 3}, [1.0, 0.9, 0.8], 0),   # never stops
])
def test_early_stopping_patience_delta_baseline_mode(kwargs, values, stopped):
    es = callbacks.EarlyStopping(**kwargs)
    _, _, history = fit_scripted(values, es)
    assert es.stopped_epoch == stopped
    assert len(history.epoch) == (stopped + 1 if stopped else len(values))


@pytest.mark.parametrize("values", [[1.0, 0.5, 0.7, 0.9, 1.1], [1.0, 0.8, 0.3, 0.6]])
def test_early_stopping_restores_the_best_epochs_weights(values):
    # The second sequence ends before the patience runs out: Keras 3 restores too.
    es = callbacks.EarlyStopping(patience=2, restore_best_weights=True)
    model, script, _ = fit_scripted(values, es)
    best = int(np.argmin(values))
    assert es.best_epoch == best and es.best == values[best]
    for got, want in zip(model.get_weights(), script.weights[best]):
        np.testing.assert_array_equal(got, want)
    assert not np.array_equal(script.weights[best][0], script.weights[-1][0])


def test_early_stopping_on_a_real_plateau_and_unknown_keys():
    x, y = regression_data(32)
    model = linear_model(1e-9)   # the loss cannot move: patience runs out
    es = callbacks.EarlyStopping(monitor="loss", patience=2, min_delta=1e-3)
    history = model.fit(x, y, epochs=20, callbacks=[es], verbose=0)
    assert len(history.epoch) == 3 and es.stopped_epoch == 2
    with pytest.warns(UserWarning, match="val_accuracy.*not available"):
        model.fit(x, y, epochs=2, verbose=0,
                  callbacks=[callbacks.EarlyStopping(monitor="val_accuracy", mode="max")])
    with pytest.warns(UserWarning, match="Learning rate reduction is conditioned on metric "
                                         "`val_loss` which is not available"):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[callbacks.ReduceLROnPlateau()])
    with pytest.raises(ValueError, match="monitor=val_foo.*mode='max'"):
        model.fit(x, y, epochs=1, verbose=0,
                  callbacks=[callbacks.EarlyStopping(monitor="val_foo")])
    with pytest.warns(UserWarning, match="mode 'bogus' is unknown, fallback to auto"):
        es = callbacks.EarlyStopping(mode="bogus")
    assert es.mode == "auto"


def test_early_stopping_auto_mode_follows_the_metric_direction():
    x, y = regression_data(32)
    model = pydeep.Sequential([pydeep.Input((3,)), layers.Dense(1, activation="sigmoid")])
    model.compile("sgd", "binary_crossentropy", metrics=["accuracy", "mae"])
    for monitor, op in (("val_accuracy", np.greater), ("accuracy", np.greater),
                        ("val_mae", np.less), ("val_loss", np.less)):
        es = callbacks.EarlyStopping(monitor=monitor)
        model.fit(x, (y > 0).astype(np.float32), epochs=1, validation_split=0.25,
                  callbacks=[es], verbose=0)
        assert es.monitor_op(1.0, 0.0) == op(1.0, 0.0)


class DummyModel:
    def __init__(self):
        self.stop_training = False
        self.weights = [np.zeros(1)]
        self.optimizer = types.SimpleNamespace(learning_rate=0.1)

    def get_weights(self):
        return [w.copy() for w in self.weights]

    def set_weights(self, weights):
        self.weights = weights


def drive(cb, values, key="val_loss"):
    """Runs cb over scripted epochs; returns per-epoch (stop flag, lr, weights)."""
    model = DummyModel()
    cb.set_model(model)
    cb.on_train_begin({})
    out = []
    for epoch, v in enumerate(values):
        model.weights = [np.full(1, float(epoch))]
        cb.on_epoch_end(epoch, {key: v, "loss": v})
        out.append((model.stop_training, float(model.optimizer.learning_rate)))
        if model.stop_training:
            break
    cb.on_train_end({})
    return out, model.get_weights()[0][0]


SEQUENCES = [[1.0, 0.9, 0.95, 0.93, 0.8, 0.85, 0.86, 0.87, 0.88, 0.5],
             [0.5, 0.6, 0.7, 0.4, 0.41, 0.399, 0.45, 0.3, 0.3, 0.3],
             [3.0, 2.0, 2.0, 2.0, 2.0, 1.0, 1.0, 0.9999, 1.0, 1.0]]
ES_ARGS = [{}, {"patience": 2}, {"patience": 1, "min_delta": 0.05}, {"patience": 2, "baseline": 0.7},
           {"patience": 1, "start_from_epoch": 3}, {"patience": 2, "mode": "max"},
           {"patience": 2, "restore_best_weights": True},
           {"patience": 20, "restore_best_weights": True, "mode": "min"}]


@pytest.mark.parametrize("kwargs", ES_ARGS)
@pytest.mark.parametrize("values", SEQUENCES)
def test_early_stopping_decisions_match_keras(keras, kwargs, values):
    mine = drive(callbacks.EarlyStopping(**kwargs), values)
    theirs = drive(keras.callbacks.EarlyStopping(**kwargs), values)
    assert mine == theirs


RLR_ARGS = [{"patience": 1}, {"patience": 2, "factor": 0.5, "cooldown": 1},
            {"patience": 1, "min_lr": 0.02, "factor": 0.3}, {"patience": 1, "min_delta": 0.05},
            {"patience": 1, "mode": "max", "factor": 0.5}]


@pytest.mark.parametrize("kwargs", RLR_ARGS)
@pytest.mark.parametrize("values", SEQUENCES)
def test_reduce_lr_on_plateau_matches_keras(keras, kwargs, values):
    mine = drive(callbacks.ReduceLROnPlateau(**kwargs), values)
    theirs = drive(keras.callbacks.ReduceLROnPlateau(**kwargs), values)
    np.testing.assert_allclose([lr for _, lr in mine[0]], [lr for _, lr in theirs[0]],
                               rtol=1e-12)


# -- learning-rate callbacks ------------------------------------------------------------------

def test_reduce_lr_on_plateau_sets_the_optimizer_rate_per_epoch():
    values = [1.0, 0.9, 0.95, 0.96, 0.97, 0.98, 0.5, 0.6]
    rlr = callbacks.ReduceLROnPlateau(patience=1, factor=0.5, cooldown=1, min_lr=0.01)
    model, _, history = fit_scripted(values, rlr, lr=0.1)
    # logs hold the rate in force during the epoch. Epochs 0, 1 improve; 2 waits -> 0.05
    # with cooldown 1; Keras counts the cooldown down at the start of the next epoch's
    # check, so 3, 4 and 5 each wait once and reduce again (0.025, 0.0125, then min_lr);
    # 6 improves; 7 waits but the rate is already at min_lr.
    np.testing.assert_allclose(history.history["learning_rate"],
                               [0.1, 0.1, 0.1, 0.05, 0.025, 0.0125, 0.01, 0.01], rtol=1e-6)
    np.testing.assert_allclose(model.optimizer.learning_rate, 0.01, rtol=1e-6)
    with pytest.raises(ValueError, match="factor >= 1.0"):
        callbacks.ReduceLROnPlateau(factor=1.5)
    with pytest.raises(TypeError, match="epsilon"):
        callbacks.ReduceLROnPlateau(epsilon=1e-3)


def test_learning_rate_scheduler_sets_and_logs_the_rate():
    x, y = regression_data(16)
    model = linear_model(0.1)
    seen = []
    spy = callbacks.LambdaCallback(
        on_epoch_begin=lambda e, logs: seen.append(float(model.optimizer.learning_rate)))
    sched = callbacks.LearningRateScheduler(lambda epoch, lr: lr * 0.5 if epoch else lr)
    history = model.fit(x, y, epochs=4, callbacks=[sched, spy], verbose=0)
    np.testing.assert_allclose(seen, [0.1, 0.05, 0.025, 0.0125], rtol=1e-6)
    np.testing.assert_allclose(history.history["learning_rate"], seen, rtol=1e-6)
    old_api = callbacks.LearningRateScheduler(lambda epoch: 0.5 / (epoch + 1))
    model.fit(x, y, epochs=3, callbacks=[old_api], verbose=0)
    np.testing.assert_allclose(model.optimizer.learning_rate, 0.5 / 3, rtol=1e-6)
    with pytest.raises(ValueError, match="should be a float"):
        model.fit(x, y, epochs=1, verbose=0,
                  callbacks=[callbacks.LearningRateScheduler(lambda e, lr: "fast")])


def test_learning_rate_scheduler_changes_the_updates():
    # With SGD the first step is w -= lr * g: the scheduled rate must be the one used.
    x, y = regression_data(8)
    a, b = linear_model(0.1), linear_model(0.1)
    b.set_weights(a.get_weights())
    a.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0,
          callbacks=[callbacks.LearningRateScheduler(lambda e, lr: 0.01)])
    b.optimizer.learning_rate = 0.01
    b.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(wa, wb)


# -- CSVLogger, TerminateOnNaN, LambdaCallback, RemoteMonitor ---------------------------------

def test_csv_logger_writes_and_appends(tmp_path):
    x, y = regression_data(16)
    model = linear_model()
    model.compile(pydeep.optimizers.SGD(0.01), "mse", metrics=["mae"])
    path = tmp_path / "log.csv"
    h1 = model.fit(x, y, epochs=2, validation_split=0.25, verbose=0,
                   callbacks=[callbacks.CSVLogger(path)])
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == ["epoch", "loss", "mae", "val_loss", "val_mae"]
    assert [int(r["epoch"]) for r in rows] == [0, 1]
    np.testing.assert_allclose([float(r["val_loss"]) for r in rows], h1.history["val_loss"],
                               rtol=1e-6)
    h2 = model.fit(x, y, epochs=3, initial_epoch=2, verbose=0,
                   callbacks=[callbacks.CSVLogger(path, separator=";", append=True)])
    lines = path.read_text().splitlines()
    assert len(lines) == 4 and lines[0].startswith("epoch,")   # one header only
    last = lines[-1].split(";")
    assert last[0] == "2" and last[-2:] == ["NA", "NA"]         # no validation that time
    np.testing.assert_allclose(float(last[1]), h2.history["loss"][0], rtol=1e-6)
    callbacks.CSVLogger(path).on_train_begin()                  # append=False truncates
    assert path.read_text() == ""


def test_terminate_on_nan_stops_after_the_bad_batch(capsys):
    x, y = regression_data(64)
    model = linear_model(1e6)
    rec = Recorder()
    history = model.fit(x, y, batch_size=4, epochs=5, verbose=0,
                        callbacks=[callbacks.TerminateOnNaN(), rec])
    batches = [i for h, i in rec.events if h == "on_train_batch_end"]
    assert len(history.epoch) == 1 and len(batches) < 16
    assert not np.isfinite(history.history["loss"][0])
    assert "Invalid loss, terminating training" in capsys.readouterr().out
    assert rec.events[-1] == ("on_train_end", None)
    with pytest.raises(RuntimeError, match="NaN or Inf loss"):
        linear_model(1e6).fit(x, y, batch_size=4, epochs=5, verbose=0,
                              callbacks=[callbacks.TerminateOnNaN(raise_error=True)])


def test_lambda_callback_hooks_and_extra_hooks():
    x, y = regression_data(16)
    model = linear_model()
    ev = []
    cb = callbacks.LambdaCallback(
        on_train_begin=lambda logs: ev.append("train_begin"),
        on_epoch_end=lambda epoch, logs: ev.append(("epoch_end", epoch, sorted(logs))),
        on_train_batch_end=lambda batch, logs: ev.append(("batch", batch)),
        on_test_end=lambda logs: ev.append("test_end"),   # any hook, through **kwargs
        on_train_end=lambda logs: ev.append("train_end"))
    model.fit(x, y, batch_size=8, epochs=1, validation_split=0.5, callbacks=[cb], verbose=0)
    assert ev == ["train_begin", ("batch", 0), "test_end",
                  ("epoch_end", 0, ["loss", "val_loss"]), "train_end"]


def test_remote_monitor_is_not_provided():
    with pytest.raises(NotImplementedError, match="RemoteMonitor"):
        callbacks.RemoteMonitor()


def test_history_comes_after_user_callbacks_as_in_keras():
    x, y = regression_data(8)
    model = linear_model()
    seen = []
    cb = callbacks.LambdaCallback(
        on_epoch_end=lambda e, logs: seen.append(len(model.history.history.get("loss", []))))
    history = model.fit(x, y, epochs=2, callbacks=[cb], verbose=0)
    assert seen == [0, 1] and model.history is history
    mine = callbacks.History()
    assert model.fit(x, y, epochs=1, callbacks=[mine], verbose=0) is mine


def test_callback_base_defaults_and_aliases():
    cb = callbacks.Callback()
    assert cb.params == {} and cb.model is None
    assert callbacks.callback.batch_hooks(cb) == set()

    class Alias(callbacks.Callback):
        def on_batch_begin(self, batch, logs=None):
            self.got = batch

    a = Alias()
    a.on_train_batch_begin(3)   # the default forwards to the alias, as in Keras
    assert a.got == 3
    assert callbacks.callback.batch_hooks(a) == {"on_train_batch_begin"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        CallbackList([Alias()], add_history=True, add_progbar=True, verbose=2, epochs=1,
                     steps=1)
