"""``pydeep.callbacks.Callback``: Keras 3's hook interface.

The C++ training loop calls a callback's batch hooks only when the callback
overrides one of them, so epoch-level callbacks cost nothing per batch.
"""


class Callback:
    """Base class: override the hooks you need. ``self.model`` and
    ``self.params`` are set before training starts."""

    def __init__(self):
        self.model = None
        self.params = {}

    def set_model(self, model):
        self.model = model

    def set_params(self, params):
        self.params = params

    def on_train_begin(self, logs=None): pass
    def on_train_end(self, logs=None): pass
    def on_epoch_begin(self, epoch, logs=None): pass
    def on_epoch_end(self, epoch, logs=None): pass
    def on_train_batch_begin(self, batch, logs=None): pass
    def on_train_batch_end(self, batch, logs=None): pass
    def on_test_begin(self, logs=None): pass
    def on_test_end(self, logs=None): pass
    def on_test_batch_begin(self, batch, logs=None): pass
    def on_test_batch_end(self, batch, logs=None): pass
    def on_predict_begin(self, logs=None): pass
    def on_predict_end(self, logs=None): pass
    def on_predict_batch_begin(self, batch, logs=None): pass
    def on_predict_batch_end(self, batch, logs=None): pass

    # Keras's aliases
    def on_batch_begin(self, batch, logs=None): pass
    def on_batch_end(self, batch, logs=None): pass

    # Seconds between the batch events this callback needs (0: every batch;
    # negative: none); None: every batch if a batch hook is overridden.
    batch_event_interval = None


_BATCH_HOOKS = ("on_train_batch_begin", "on_train_batch_end", "on_test_batch_begin",
                "on_test_batch_end", "on_predict_batch_begin", "on_predict_batch_end",
                "on_batch_begin", "on_batch_end")


def wants_batch_events(callback):
    """True when the callback overrides any batch hook."""
    cls = type(callback)
    return any(getattr(cls, hook, None) is not getattr(Callback, hook) for hook in _BATCH_HOOKS)
