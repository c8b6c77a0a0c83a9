"""``pydeep.callbacks.Callback``: Keras 3's hook interface.

Every hook is a no-op marked as a default (``is_default``). The C++ training
loop asks the ``CallbackList`` which batch hooks some callback overrides and
makes no Python call at all for the others, so epoch-level callbacks cost
nothing per batch. As in Keras, ``on_train_batch_begin``/``_end`` call the
older aliases ``on_batch_begin``/``_end``, so overriding either works.
"""


def default(method):
    """Marks a hook as the do-nothing default (Keras's ``utils.default``)."""
    method._is_default = True
    return method


def is_default(method):
    """True when ``method`` is a hook nobody overrode."""
    return getattr(method, "_is_default", False)


class Callback:
    """Base class: override the hooks you need. ``self.model`` (the model
    being trained) and ``self.params`` (``verbose``, ``epochs``, ``steps``)
    are set before training starts; ``logs`` are dicts of floats (Keras's
    keys: ``loss``, metric names, ``val_``-prefixed validation values).

    Set ``self.model.stop_training = True`` to stop ``fit`` after the current
    batch (from a batch hook) or epoch (from ``on_epoch_end``).
    """

    # Seconds between the batch-end events this callback needs (0: every
    # batch; negative: none; None: every batch if it overrides a batch hook).
    # A positive interval (a progress bar) receives batch-end events only.
    batch_event_interval = None

    def __init__(self):
        self.params = {}
        self._model = None

    def set_params(self, params):
        self.params = params

    def set_model(self, model):
        self._model = model

    @property
    def model(self):
        return self._model

    @model.setter
    def model(self, model):
        self._model = model

    @default
    def on_batch_begin(self, batch, logs=None):
        """A backwards-compatibility alias of ``on_train_batch_begin``."""

    @default
    def on_batch_end(self, batch, logs=None):
        """A backwards-compatibility alias of ``on_train_batch_end``."""

    @default
    def on_epoch_begin(self, epoch, logs=None):
        """At the start of an epoch of ``fit``."""

    @default
    def on_epoch_end(self, epoch, logs=None):
        """At the end of an epoch: ``logs`` holds the epoch's training values
        and, after a validation run, the ``val_`` values."""

    @default
    def on_train_batch_begin(self, batch, logs=None):
        """Before a training batch (``batch``: index within the epoch)."""
        self.on_batch_begin(batch, logs=logs)

    @default
    def on_train_batch_end(self, batch, logs=None):
        """After a training batch: ``logs`` aggregates the epoch so far."""
        self.on_batch_end(batch, logs=logs)

    @default
    def on_test_batch_begin(self, batch, logs=None):
        """Before a batch of ``evaluate`` (or of validation inside ``fit``)."""

    @default
    def on_test_batch_end(self, batch, logs=None):
        """After a batch of ``evaluate`` (or of validation inside ``fit``)."""

    @default
    def on_predict_batch_begin(self, batch, logs=None):
        """Before a batch of ``predict``."""

    @default
    def on_predict_batch_end(self, batch, logs=None):
        """After a batch of ``predict``."""

    @default
    def on_train_begin(self, logs=None):
        """At the start of ``fit``."""

    @default
    def on_train_end(self, logs=None):
        """At the end of ``fit`` (``logs``: the last epoch's)."""

    @default
    def on_test_begin(self, logs=None):
        """At the start of ``evaluate`` or of a validation run in ``fit``."""

    @default
    def on_test_end(self, logs=None):
        """At the end of ``evaluate`` or of a validation run (``logs``: its results)."""

    @default
    def on_predict_begin(self, logs=None):
        """At the start of ``predict``."""

    @default
    def on_predict_end(self, logs=None):
        """At the end of ``predict``."""


# The batch hooks of the C++ loop, and the Python hooks that each one reaches.
_BATCH_HOOKS = {
    "on_train_batch_begin": ("on_train_batch_begin", "on_batch_begin"),
    "on_train_batch_end": ("on_train_batch_end", "on_batch_end"),
    "on_test_batch_begin": ("on_test_batch_begin",),
    "on_test_batch_end": ("on_test_batch_end",),
    "on_predict_batch_begin": ("on_predict_batch_begin",),
    "on_predict_batch_end": ("on_predict_batch_end",),
}


def batch_hooks(callback):
    """The loop's batch hooks that `callback` overrides (in its class or, as
    ``LambdaCallback`` does, on the instance)."""
    return {hook for hook, methods in _BATCH_HOOKS.items()
            if any(not is_default(getattr(callback, m)) for m in methods)}


def wants_batch_events(callback):
    """True when the callback overrides any batch hook."""
    return bool(batch_hooks(callback))
