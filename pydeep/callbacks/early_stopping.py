"""``EarlyStopping``: stops training when a monitored quantity stops improving."""
import warnings

from .monitor_callback import MonitorCallback


class EarlyStopping(MonitorCallback):
    """Keras 3's ``EarlyStopping``.

    After each epoch (from ``start_from_epoch`` on) the ``monitor`` value is
    compared with the best so far: an improvement (by more than
    ``min_delta``, in the direction ``mode`` gives) makes it the best and —
    when it also beats ``baseline`` — resets the wait; otherwise, once
    ``patience`` epochs passed without one, ``model.stop_training`` is set.
    With ``restore_best_weights`` the weights of the best epoch are kept
    (``model.get_weights()`` at that epoch's end) and restored at the end of
    training — also when training ends without the patience running out, as
    Keras 3 does. A missing monitor key warns and skips the epoch.
    Attributes as in Keras: ``wait``, ``stopped_epoch``, ``best``,
    ``best_epoch``, ``best_weights``.
    """

    def __init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto",
                 baseline=None, restore_best_weights=False, start_from_epoch=0):
        super().__init__(monitor, mode, min_delta=min_delta)
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.wait = 0
        self.stopped_epoch = 0
        self.restore_best_weights = restore_best_weights
        self.best_weights = None
        self.best_epoch = 0
        self.start_from_epoch = start_from_epoch

    def on_train_begin(self, logs=None):
        # Instances may be reused across fit() calls.
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_weights = None
        self.best_epoch = 0

    def on_epoch_end(self, epoch, logs=None):
        if self.monitor_op is None:
            self._set_monitor_op()  # the model's metrics exist by now
        current = self.get_monitor_value(logs)
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # The first monitored epoch is the best so far.
            self.best_weights = self.model.get_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            # The wait restarts only when the baseline is beaten too.
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print("Restoring model weights from the end of the best epoch: "
                      f"{self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)

    def get_monitor_value(self, logs):
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn(f"Early stopping conditioned on metric `{self.monitor}` which is not "
                          f"available. Available metrics are: {','.join(logs.keys())}",
                          stacklevel=2)
        return value
