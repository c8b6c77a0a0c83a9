"""``MonitorCallback``: the monitored-quantity logic that EarlyStopping and
ReduceLROnPlateau share (Keras 3's ``keras.src.callbacks.MonitorCallback``)."""
import operator
import warnings

from .callback import Callback


def _metric_direction(model, name):
    """'up', 'down' or None for the compiled metric called `name`."""
    for metrics in getattr(model, "_metric_objects", None) or []:
        for m in metrics:
            if m.name == name:
                direction = getattr(m, "_direction", None)
                if direction is None:
                    direction = getattr(getattr(m, "_native", None), "direction", None)
                return direction or None
    return None


class MonitorCallback(Callback):
    """``monitor`` (a log key), ``mode`` ("auto", "min" or "max"; another
    value warns and falls back to "auto", as Keras does), ``baseline`` (the
    initial best, None: the first value) and ``min_delta`` (the smallest
    change that counts as an improvement). In "auto" mode the direction comes
    from the name: losses go down; a compiled metric's own direction
    (accuracy up, errors down) otherwise — ValueError when it cannot be told.
    """

    def __init__(self, monitor="val_loss", mode="auto", baseline=None, min_delta=0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            warnings.warn(f"{type(self).__name__} mode '{mode}' is unknown, fallback to auto "
                          "mode.", stacklevel=3)
            mode = "auto"
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self.monitor_op = None

    def _set_monitor_op(self):
        if self.mode == "min":
            self.monitor_op = operator.lt
        elif self.mode == "max":
            self.monitor_op = operator.gt
        else:
            name = self.monitor[4:] if self.monitor.startswith("val_") else self.monitor
            if name == "loss" or name.endswith("_loss"):
                self.monitor_op = operator.lt
            else:
                direction = _metric_direction(self.model, name)
                if direction == "up":
                    self.monitor_op = operator.gt
                elif direction == "down":
                    self.monitor_op = operator.lt
            if self.monitor_op is None:
                raise ValueError(
                    f"{type(self).__name__} callback received monitor={self.monitor}, but "
                    "pydeep isn't able to automatically determine whether that metric should "
                    "be maximized or minimized. Pass `mode='max'` in order to monitor based on "
                    "the highest metric value, or pass `mode='min'` in order to use the lowest "
                    "value.")
        if self.monitor_op is operator.lt:
            self.min_delta *= -1

    def _is_improvement(self, monitor_value, reference_value):
        if reference_value is None:
            return True
        return self.monitor_op(monitor_value - self.min_delta, reference_value)
