"""The bridge the C++ loop calls: one object fanning events out to callbacks."""
from .callback import Callback, batch_hooks
from .history import History
from .progbar_logger import ProgbarLogger


def _logs(logs):
    # One fresh dict per event, shared by all callbacks (as Keras's
    # pythonify_logs): a callback may add keys (ReduceLROnPlateau's
    # "learning_rate") that later ones, such as History, then see.
    return dict(logs) if logs else {}


class CallbackList(Callback):
    """Dispatches loop events to callbacks (Keras's ``CallbackList``).

    ``CallbackList(callbacks, add_history=False, add_progbar=False,
    model=None, **params)``: a ``History`` and a ``ProgbarLogger`` are
    appended when asked for and absent. For the C++ loop it exposes
    ``batch_hooks`` (the batch hooks some callback overrides; the loop calls
    no others) and ``batch_interval`` (None: no batch events; 0: every
    batch; t > 0: batch-end events at most every t seconds).
    """

    def __init__(self, callbacks=None, add_history=False, add_progbar=False, model=None,
                 **params):
        super().__init__()
        self.callbacks = list(callbacks) if callbacks else []
        self._history = next((c for c in self.callbacks if isinstance(c, History)), None)
        if self._history is None and add_history:
            self._history = History()
            self.callbacks.append(self._history)
        if add_progbar and not any(isinstance(c, ProgbarLogger) for c in self.callbacks):
            verbose = params.get("verbose", 1)
            self.callbacks.append(ProgbarLogger(verbose=1 if verbose == "auto" else verbose))
        self.set_model(model)
        self.set_params(params)
        hooks, intervals = set(), []
        for cb in self.callbacks:
            wanted = batch_hooks(cb)
            if cb.batch_event_interval is not None:
                if cb.batch_event_interval >= 0:
                    intervals.append(cb.batch_event_interval)
                    hooks |= wanted
            elif wanted:
                intervals.append(0.0)
                hooks |= wanted
        self.batch_hooks = frozenset(hooks)
        self.batch_interval = min(intervals) if intervals else None

    def set_model(self, model):
        if model is None:
            return
        super().set_model(model)
        if self._history is not None:
            model.history = self._history
        for cb in self.callbacks:
            cb.set_model(model)

    def set_params(self, params):
        self.params = params
        if params:
            for cb in self.callbacks:
                cb.set_params(params)

    def _all(self, method, *args):
        for cb in self.callbacks:
            getattr(cb, method)(*args)

    def on_train_begin(self, logs=None):
        self._all("on_train_begin", _logs(logs))

    def on_train_end(self, logs=None):
        self._all("on_train_end", _logs(logs))

    def on_epoch_begin(self, epoch, logs=None):
        self._all("on_epoch_begin", epoch, _logs(logs))

    def on_epoch_end(self, epoch, logs=None):
        self._all("on_epoch_end", epoch, _logs(logs))

    def on_batch_begin(self, batch, logs=None):
        self._all("on_batch_begin", batch, _logs(logs))

    def on_batch_end(self, batch, logs=None):
        self._all("on_batch_end", batch, _logs(logs))

    def on_train_batch_begin(self, batch, logs=None):
        self._all("on_train_batch_begin", batch, _logs(logs))

    def on_train_batch_end(self, batch, logs=None):
        self._all("on_train_batch_end", batch, _logs(logs))

    def on_test_begin(self, logs=None):
        self._all("on_test_begin", _logs(logs))

    def on_test_end(self, logs=None):
        self._all("on_test_end", _logs(logs))

    def on_test_batch_begin(self, batch, logs=None):
        self._all("on_test_batch_begin", batch, _logs(logs))

    def on_test_batch_end(self, batch, logs=None):
        self._all("on_test_batch_end", batch, _logs(logs))

    def on_predict_begin(self, logs=None):
        self._all("on_predict_begin", _logs(logs))

    def on_predict_end(self, logs=None):
        self._all("on_predict_end", _logs(logs))

    def on_predict_batch_begin(self, batch, logs=None):
        self._all("on_predict_batch_begin", batch, _logs(logs))

    def on_predict_batch_end(self, batch, logs=None):
        self._all("on_predict_batch_end", batch, _logs(logs))
