"""The bridge the C++ loop calls: one object fanning events out to callbacks."""
from .callback import Callback, wants_batch_events


class CallbackList(Callback):
    """Dispatches loop events to callbacks, and tells the loop (through
    ``batch_interval``) whether and how often it needs batch events."""

    def __init__(self, callbacks, model, params):
        super().__init__()
        self.callbacks = list(callbacks)
        for cb in self.callbacks:
            cb.set_model(model)
            cb.set_params(params)
        self.model = model
        intervals = []
        for cb in self.callbacks:
            if cb.batch_event_interval is not None:
                if cb.batch_event_interval >= 0:
                    intervals.append(cb.batch_event_interval)
            elif wants_batch_events(cb):
                intervals.append(0.0)
        self.batch_interval = min(intervals) if intervals else None

    def _all(self, method, *args):
        for cb in self.callbacks:
            getattr(cb, method)(*args)

    def on_train_begin(self, logs=None):
        self._all("on_train_begin", logs)

    def on_train_end(self, logs=None):
        self._all("on_train_end", logs)

    def on_epoch_begin(self, epoch, logs=None):
        self._all("on_epoch_begin", epoch, logs)

    def on_epoch_end(self, epoch, logs=None):
        self._all("on_epoch_end", epoch, logs)

    def on_train_batch_begin(self, batch, logs=None):
        for cb in self.callbacks:
            cb.on_train_batch_begin(batch, logs)
            cb.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        for cb in self.callbacks:
            cb.on_train_batch_end(batch, logs)
            cb.on_batch_end(batch, logs)

    def on_test_begin(self, logs=None):
        self._all("on_test_begin", logs)

    def on_test_end(self, logs=None):
        self._all("on_test_end", logs)

    def on_test_batch_end(self, batch, logs=None):
        self._all("on_test_batch_end", batch, logs)

    def on_predict_begin(self, logs=None):
        self._all("on_predict_begin", logs)

    def on_predict_end(self, logs=None):
        self._all("on_predict_end", logs)

    def on_predict_batch_end(self, batch, logs=None):
        self._all("on_predict_batch_end", batch, logs)
