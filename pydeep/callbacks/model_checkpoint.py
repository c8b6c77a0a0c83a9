"""``ModelCheckpoint``: saves the model (or its weights) during training,
every epoch or every ``save_freq`` batches, optionally only when the
monitored quantity improves (Keras 3's ``keras.callbacks.ModelCheckpoint``).
Files are written atomically, so an interrupted save never leaves a broken
checkpoint behind."""
import math
import operator
import os
import warnings

from .callback import Callback


class ModelCheckpoint(Callback):
    """``filepath`` may contain ``str.format`` fields filled from the epoch
    (1-based) and the logs: ``"ckpt/model-{epoch:02d}-{val_loss:.3f}.pydeep"``
    (and ``{batch}`` when ``save_freq`` is an integer). It must end in
    ``.pydeep``, or ``.weights.pydeep`` with ``save_weights_only=True``.

    ``monitor``/``mode`` ("auto", "min", "max")/``save_best_only``: save only
    when ``monitor`` improves on the best value so far (initially
    ``initial_value_threshold``, or the first value). In "auto" mode losses
    are minimised and metrics follow their direction (accuracy up, errors
    down). ``save_freq``: "epoch" or an integer number of batches.
    ``verbose``: 1 prints a message per save."""

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False,
                 save_weights_only=False, mode="auto", save_freq="epoch",
                 initial_value_threshold=None):
        super().__init__()
        self.filepath = os.fspath(filepath)
        self.monitor = monitor
        self.verbose = verbose
        self.save_best_only = bool(save_best_only)
        self.save_weights_only = bool(save_weights_only)
        if mode not in ("auto", "min", "max"):
            warnings.warn(f"ModelCheckpoint mode '{mode}' is unknown, fallback to auto mode.",
                          stacklevel=2)
            mode = "auto"
        self.mode = mode
        self.best = initial_value_threshold
        self.monitor_op = None
        if save_freq != "epoch" and (isinstance(save_freq, bool) or not isinstance(save_freq, int)
                                     or save_freq <= 0):
            raise ValueError(f"Unrecognized save_freq: {save_freq}. Expected save_freq are "
                             "'epoch' or positive integer values")
        self.save_freq = save_freq
        if self.save_weights_only and not self.filepath.endswith(".weights.pydeep"):
            raise ValueError("When using `save_weights_only=True` in `ModelCheckpoint`, the "
                             "filepath provided must end in `.weights.pydeep` (pydeep weights "
                             f"format). Received: filepath={self.filepath}")
        if not self.save_weights_only and not self.filepath.endswith(".pydeep"):
            raise ValueError("The filepath provided must end in `.pydeep` (pydeep model format; "
                             "Keras's `.keras` is not written by pydeep). Received: "
                             f"filepath={self.filepath}")
        self._current_epoch = 0
        self._batches_seen_since_last_saving = 0
        self._last_batch_seen = None

    # Only integer save_freq needs batch events (the loop then calls us per batch).
    @property
    def batch_event_interval(self):
        return None if self.save_freq != "epoch" else -1

    def _set_monitor_op(self):
        if self.mode == "min":
            self.monitor_op = operator.lt
            return
        if self.mode == "max":
            self.monitor_op = operator.gt
            return
        name = self.monitor[4:] if self.monitor.startswith("val_") else self.monitor
        if name == "loss" or name.endswith("_loss"):
            self.monitor_op = operator.lt
            return
        for metrics in getattr(self.model, "_metric_objects", None) or []:
            for m in metrics:
                if m.name == name:
                    direction = getattr(getattr(m, "_core", None) or m._native, "direction", "")
                    if direction in ("up", "down"):
                        self.monitor_op = operator.gt if direction == "up" else operator.lt
                        return
        raise ValueError(f"ModelCheckpoint callback received monitor={self.monitor}, but pydeep "
                         "isn't able to automatically determine whether that metric should be "
                         "maximized or minimized. Pass `mode='max'` in order to monitor based on "
                         "the highest metric value, or pass `mode='min'` in order to use the "
                         "lowest value.")

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        if self._last_batch_seen is None or batch <= self._last_batch_seen:
            added = batch + 1
        else:
            added = batch - self._last_batch_seen
        self._batches_seen_since_last_saving += added
        self._last_batch_seen = batch
        if self._batches_seen_since_last_saving >= self.save_freq:
            self._batches_seen_since_last_saving = 0
            self._save_model(self._current_epoch, batch, logs)

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save_model(epoch, None, logs)

    def _file_path(self, epoch, batch, logs):
        try:
            if batch is None or "batch" in logs:
                return self.filepath.format(epoch=epoch + 1, **logs)
            return self.filepath.format(epoch=epoch + 1, batch=batch + 1, **logs)
        except KeyError as e:
            raise KeyError(f'Failed to format this callback filepath: "{self.filepath}". '
                           f"Reason: {e}") from None

    def _should_save(self, epoch, logs, filepath):
        if not self.save_best_only:
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: saving model to {filepath}")
            return True
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(f"Can save best model only with {self.monitor} available.",
                          stacklevel=2)
            return True
        if self.monitor_op is None:
            self._set_monitor_op()
        best_str = "None" if self.best is None else f"{self.best:.5f}"
        if self.best is None or (not math.isnan(current) and self.monitor_op(current, self.best)):
            if self.verbose > 0:
                print(f"\nEpoch {epoch + 1}: {self.monitor} improved from {best_str} to "
                      f"{current:.5f}, saving model to {filepath}")
            self.best = current
            return True
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: {self.monitor} did not improve from {best_str}")
        return False

    def _save_model(self, epoch, batch, logs):
        logs = dict(logs or {})
        filepath = self._file_path(epoch, batch, logs)
        if os.path.isdir(filepath):
            raise IsADirectoryError("Please specify a non-directory filepath for "
                                    f"ModelCheckpoint. Filepath used is an existing directory: "
                                    f"{filepath}")
        if not self._should_save(epoch, logs, filepath):
            return
        dirname = os.path.dirname(filepath)
        if dirname:
            os.makedirs(dirname, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(filepath, overwrite=True)
        else:
            self.model.save(filepath, overwrite=True)
        if self.verbose > 0:
            print(f"\nEpoch {epoch + 1}: finished saving model to {filepath}")
