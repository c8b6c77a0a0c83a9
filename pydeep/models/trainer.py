"""compile / fit / evaluate / predict with Keras 3's arguments.

Python resolves arguments (strings to C++ losses, metrics and optimizers;
validation_split; data conversion) and hands one call to the C++ loop, which
runs every batch without returning to Python unless a callback asked for
batch events.
"""
import warnings

import numpy as np

from .. import _core
from ..callbacks import CallbackList
from . import data_adapters as adapters
from . import subclassed


def _rows(tensors, begin, end):
    return [t[begin:end] for t in tensors]


def _positive_int(value, name, where):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value <= 0:
        raise ValueError(f"{where}: `{name}` must be a positive integer; received "
                         f"{name}={value!r}")
    return int(value)


class Trainer:
    """The training half of ``Model`` (Keras's ``Trainer``)."""

    def __init__(self):
        self.history = None
        self.optimizer = None
        self.loss = None
        self.compiled = False

    # -- compile ----------------------------------------------------------------------------
    def compile(self, optimizer="rmsprop", loss=None, loss_weights=None, metrics=None,
                weighted_metrics=None, run_eagerly=False, steps_per_execution=1,
                jit_compile="auto", auto_scale_loss=True):
        from .. import losses as losses_module
        from .. import optimizers as optimizers_module

        if run_eagerly:
            raise NotImplementedError("compile: run_eagerly=True is not supported; pydeep always "
                                      "runs the compiled C++ loop")
        if jit_compile not in ("auto", False):
            raise NotImplementedError("compile: jit_compile=True is not supported; pydeep's loop "
                                      "is already compiled C++ (use 'auto' or False)")
        if steps_per_execution != 1:
            raise NotImplementedError("compile: steps_per_execution other than 1 is not supported")
        if self._graph is None:  # a subclassed model: compiled once its first data builds it
            self._pending_compile = ((), dict(
                optimizer=optimizer, loss=loss, loss_weights=loss_weights, metrics=metrics,
                weighted_metrics=weighted_metrics))
            self.optimizer = optimizers_module.get(optimizer)
            self.compiled = True
            return
        self.optimizer = optimizers_module.get(optimizer)
        n_out = len(self.outputs)
        loss_list = self._per_output(loss, "loss")
        self.loss = loss
        resolved_losses = [None if l is None else losses_module.get(l) for l in loss_list]
        # A user's own function becomes a Loss whose call the core makes under the GIL.
        resolved_losses = [l if l is None or hasattr(l, "_native") else
                           losses_module.LossFunctionWrapper(l) for l in resolved_losses]
        if all(l is None for l in resolved_losses) and not subclassed.overrides(self,
                                                                                  "train_step"):
            raise ValueError("compile: a `loss` is required to train the model")
        weights = [1.0] * n_out if loss_weights is None else [float(w) for w in
                                                              self._per_output(loss_weights,
                                                                               "loss_weights")]
        plain = self._resolve_metrics(self._metric_lists(metrics, n_out), resolved_losses)
        weighted = self._resolve_metrics(self._metric_lists(weighted_metrics, n_out),
                                         resolved_losses)
        resolved_metrics, flags = [], []
        for i in range(n_out):
            # Keras's log names: a weighted metric named like a plain one becomes weighted_<name>.
            taken = {m.name for m in plain[i]}
            for m in weighted[i]:
                if m.name in taken:
                    m.name = f"weighted_{m.name}"
                taken.add(m.name)
            resolved_metrics.append(plain[i] + weighted[i])
            flags.append([False] * len(plain[i]) + [True] * len(weighted[i]))
        self._metric_objects = resolved_metrics
        # The core holds Python-defined losses weakly; the model keeps them alive.
        self._loss_objects = resolved_losses
        self._metric_weighted = flags
        self._native.compile(self.optimizer._native,
                             [l._native if l is not None else None for l in resolved_losses],
                             weights, [[m._native for m in ms] for ms in resolved_metrics],
                             flags)
        self.compiled = True

    def _resolve_metrics(self, metric_lists, resolved_losses):
        """Metric objects per output from identifiers ("accuracy" resolved by
        the loss, as Keras does; plain functions wrapped)."""
        from .. import metrics as metrics_module

        resolved = []
        for i, names in enumerate(metric_lists):
            out = []
            for m in names:
                identifier = m
                if isinstance(m, str) and m in ("accuracy", "acc"):
                    loss_name = resolved_losses[i]._native.class_name if resolved_losses[i] else ""
                    y_pred_shape = [-1 if d is None else d for d in self.outputs[i].shape]
                    identifier = _core.resolve_accuracy(loss_name, [], y_pred_shape)
                metric = metrics_module.get(identifier)
                if not hasattr(metric, "_native"):  # a plain function, as Keras's compile wraps
                    metric = metrics_module.MeanMetricWrapper(
                        fn=metric, name=getattr(metric, "__name__", "metric"))
                if isinstance(m, str) and metric.name != m:
                    metric.name = m  # Keras logs a metric given by name under that name
                out.append(metric)
            resolved.append(out)
        return resolved

    def _per_output(self, value, what):
        n_out = len(self.outputs)
        if isinstance(value, dict):
            return [value.get(name) for name in self._output_names]
        if isinstance(value, (list, tuple)):
            if len(value) != n_out:
                raise ValueError(f"compile: `{what}` has {len(value)} entries but the model has "
                                 f"{n_out} outputs")
            return list(value)
        return [value] * n_out

    def _metric_lists(self, metrics, n_out):
        if metrics is None:
            return [[] for _ in range(n_out)]
        if isinstance(metrics, dict):
            return [list(np.atleast_1d(metrics.get(n, [])).tolist()) if not isinstance(
                metrics.get(n), (list, tuple)) else list(metrics.get(n)) for n in self._output_names]
        if n_out > 1 and isinstance(metrics, (list, tuple)) and metrics and \
                isinstance(metrics[0], (list, tuple)):
            return [list(m) for m in metrics]
        return [list(metrics) for _ in range(n_out)]

    def _data(self, x, y, what):
        self._ensure_graph_for(x)
        return (adapters.to_tensor_list(x, self._input_names(), f"{what}(x)"),
                adapters.to_tensor_list(y, self._output_names, f"{what}(y)"))

    def _input_names(self):
        if isinstance(getattr(self, "_structure_inputs", None), dict):
            return list(self._structure_inputs.keys())
        return [t.name for t in self.inputs]

    def _source(self, x, y, sample_weight, batch_size, shuffle, what, need_y=True):
        """A C++ batch source for fit/evaluate/predict data (arrays or a Python source)."""
        if adapters.is_python_source(x):
            kind = "PyDataset" if isinstance(x, adapters.PyDataset) else "generator"
            adapters.reject_with_source(what, kind, y=y, sample_weight=sample_weight,
                                        batch_size=batch_size)
            if kind == "generator" and shuffle:
                warnings.warn("`shuffle=True` was passed, but will be ignored since the data "
                              "`x` was provided as a generator.", stacklevel=3)
            source, adapter = adapters.python_source(x, self, need_y, what,
                                                     shuffle and kind == "PyDataset")
            if not self.built:
                self._ensure_graph_for(adapter.peek_x() if kind == "generator"
                                       else adapters.first_x(x))
            return source
        if need_y and subclassed.overrides(self, "train_step" if what == "fit" else "test_step"):
            need_y = y is not None  # a custom step takes what it is given
        xs, ys = self._data(x, y if need_y else None, what)
        if need_y and (ys is None or xs is None):
            raise ValueError(f"{what}: both x and y must be given")
        sw = None if sample_weight is None else _core.convert_to_tensor(sample_weight)
        batch_size = 32 if batch_size is None else _positive_int(batch_size, "batch_size", what)
        return _core.ArraySource(xs, ys, sw, batch_size, bool(shuffle), what)

    def _warn_if_ran_out(self):
        if self._native.ran_out_of_data:
            warnings.warn("Your input ran out of data; interrupting training. Make sure that "
                          "your dataset or generator can generate at least `steps_per_epoch * "
                          "epochs` batches.", stacklevel=3)

    def _ensure_graph_for(self, x):
        """Deferred-build models (Sequential without an input shape) build here."""

    # -- Keras's steps, for subclasses that call super().train_step(data) ----------------------
    def train_step(self, data):
        """One optimisation step on ``data`` ((x, y) or (x, y, sample_weight));
        returns the logs. Override it for custom training (``fit`` then calls
        yours once per batch)."""
        return self._native.train_step_logs(*subclassed.unpack_tensors(self, data, "train_step"))

    def test_step(self, data):
        return self._native.test_step_logs(*subclassed.unpack_tensors(self, data, "test_step"))

    @property
    def metrics(self):
        """The compiled metrics, then metrics assigned as attributes (Keras's ``metrics``)."""
        compiled = [m for ms in getattr(self, "_metric_objects", []) for m in ms]
        return compiled + [m for m in getattr(self, "_tracked_metrics", []) if m not in compiled]

    @property
    def metrics_names(self):
        return ["loss"] + [m.name for ms in getattr(self, "_metric_objects", []) for m in ms]

    # -- fit -------------------------------------------------------------------------------------
    def _check_compiled(self, what):
        if not self.compiled:
            raise RuntimeError(f"You must call `compile()` before using the model for {what}.")

    def _callbacks(self, callbacks, verbose, params, with_history):
        # Keras's order: the user's callbacks, then History, then the progress bar.
        verbose = 1 if verbose == "auto" else verbose
        cbs = CallbackList(callbacks, add_history=with_history, add_progbar=bool(verbose),
                           model=self, **params)
        return cbs, cbs._history if with_history else None

    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, class_weight=None,
            sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None,
            validation_batch_size=None, validation_freq=1):
        """Trains the model; returns a ``History`` (``history.history`` per-epoch logs).

        ``x``/``y``: numpy arrays (lists or dicts of them for several inputs or
        outputs), or ``x`` alone as a Python generator or
        ``pydeep.utils.PyDataset`` yielding ``(x, y)`` or
        ``(x, y, sample_weight)`` batches."""
        self._check_compiled("training")
        python_source = adapters.is_python_source(x)
        if validation_split and python_source:
            raise ValueError("fit: `validation_split` is only supported for numpy arrays, not "
                             "for a generator or PyDataset")
        if class_weight and isinstance(x, adapters.types.GeneratorType):
            raise ValueError("Argument `class_weight` is not supported for Python generator "
                             f"inputs. Received: class_weight={class_weight}")
        if not 0.0 <= validation_split < 1.0:
            raise ValueError(f"validation_split must be in [0, 1); received {validation_split}")
        val_source = None
        if validation_data is not None:
            if validation_split:
                raise ValueError("fit: pass either validation_data or validation_split, not both")
            if adapters.is_python_source(validation_data):
                val_source = self._source(validation_data, None, None, validation_batch_size,
                                          False, "fit(validation_data)")
            else:
                if not isinstance(validation_data, (list, tuple)) or \
                        len(validation_data) not in (2, 3):
                    raise ValueError("fit: validation_data must be (x_val, y_val), "
                                     "(x_val, y_val, val_sample_weight), a generator or a "
                                     "PyDataset")
                vx, vy, vsw = adapters.unpack(tuple(validation_data), "fit(validation_data)")
                val_source = self._source(vx, vy, vsw,
                                          validation_batch_size or batch_size, False,
                                          "fit(validation_data)")
        custom = subclassed.overrides(self, "train_step")
        if python_source:
            source = self._source(x, y, sample_weight, batch_size, shuffle, "fit")
        else:
            xs, ys = self._data(x, y, "fit")
            if xs is None or (ys is None and not custom):
                raise ValueError("fit: both x and y must be given (numpy arrays)")
            ys = ys or []
            sw = None if sample_weight is None else _core.convert_to_tensor(sample_weight)
            n = xs[0].shape[0]
            if validation_split:
                # Keras: the last fraction of the data, taken before shuffling.
                split = int(n * (1.0 - validation_split))
                if split == 0 or split == n:
                    raise ValueError(f"fit: validation_split={validation_split} leaves an empty "
                                     f"training or validation set for {n} samples")
                val_source = _core.ArraySource(
                    _rows(xs, split, n), _rows(ys, split, n),
                    None if sw is None else sw[split:n],
                    _positive_int(validation_batch_size or batch_size or 32, "batch_size", "fit"),
                    False, "fit(validation_split)")
                xs, ys = _rows(xs, 0, split), _rows(ys, 0, split)
                sw = None if sw is None else sw[0:split]
            bs = 32 if batch_size is None else _positive_int(batch_size, "batch_size", "fit")
            source = _core.ArraySource(xs, ys, sw, bs, bool(shuffle), "fit")
        if steps_per_epoch is not None:
            steps_per_epoch = _positive_int(steps_per_epoch, "steps_per_epoch", "fit")
        if validation_steps is not None:
            validation_steps = _positive_int(validation_steps, "validation_steps", "fit")
        steps = steps_per_epoch or (source.num_batches if source.num_batches >= 0 else None)
        cw = []
        if class_weight:
            cw = [float(class_weight.get(i, 1.0)) for i in range(max(class_weight) + 1)]
        cbs, history = self._callbacks(callbacks, verbose, {"verbose": verbose, "epochs": epochs,
                                                            "steps": steps}, True)
        for cb in callbacks or []:  # BackupAndRestore: resume where a backup left off
            if hasattr(cb, "_resume_epoch"):
                initial_epoch = max(int(initial_epoch), cb._resume_epoch(self))
        subclassed.install_steps(self)
        self._native.fit(source, int(epochs), int(initial_epoch),
                         -1 if steps_per_epoch is None else steps_per_epoch, val_source,
                         -1 if validation_steps is None else validation_steps,
                         _positive_int(validation_freq, "validation_freq", "fit"), cw, cbs)
        self._warn_if_ran_out()
        self.history = history
        return history

    @property
    def stop_training(self):
        return self._native.stop_training

    @stop_training.setter
    def stop_training(self, value):
        self._native.stop_training = bool(value)

    # -- evaluate / predict ----------------------------------------------------------------------
    def _format_logs(self, logs, return_dict):
        if return_dict:
            return dict(logs)
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    def evaluate(self, x=None, y=None, batch_size=None, verbose="auto", sample_weight=None,
                 steps=None, callbacks=None, return_dict=False, **kwargs):
        self._check_compiled("evaluation")
        if kwargs:
            raise TypeError(f"evaluate: unexpected keyword argument(s) {sorted(kwargs)}")
        source = self._source(x, y, sample_weight, batch_size, False, "evaluate")
        steps = -1 if steps is None else _positive_int(steps, "steps", "evaluate")
        cbs, _ = self._callbacks(callbacks, 0, {"verbose": verbose}, False)
        subclassed.install_steps(self)
        logs = self._native.evaluate(source, steps, cbs if cbs.callbacks else None)
        self._warn_if_ran_out()
        if verbose == "auto" or verbose:
            print(" - ".join(f"{k}: {v:.4f}" for k, v in logs.items()))
        return self._format_logs(logs, return_dict)

    def predict(self, x, batch_size=None, verbose="auto", steps=None, callbacks=None):
        source = self._source(x, None, None, batch_size, False, "predict", need_y=False)
        steps = -1 if steps is None else _positive_int(steps, "steps", "predict")
        cbs, _ = self._callbacks(callbacks, 0, {"verbose": verbose}, False)
        outs = self._native.predict(source, steps, cbs if cbs.callbacks else None)
        self._warn_if_ran_out()
        if verbose == "auto" or verbose:
            done = source.num_batches if steps < 0 else steps
            print(f"{done}/{done} steps")
        return self._structure([np.asarray(o) for o in outs])

    def train_on_batch(self, x, y=None, sample_weight=None, class_weight=None, return_dict=False):
        self._check_compiled("training")
        if class_weight is not None:
            raise NotImplementedError("train_on_batch: class_weight is not supported yet")
        sw = None if sample_weight is None else _core.convert_to_tensor(sample_weight)
        logs = self._native.train_on_batch(*self._data(x, y, "train_on_batch"), sw)
        return self._format_logs(logs, return_dict)

    def test_on_batch(self, x, y=None, sample_weight=None, return_dict=False):
        self._check_compiled("evaluation")
        sw = None if sample_weight is None else _core.convert_to_tensor(sample_weight)
        logs = self._native.test_on_batch(*self._data(x, y, "test_on_batch"), sw)
        return self._format_logs(logs, return_dict)

    def predict_on_batch(self, x):
        self._ensure_graph_for(x)
        outs = self._native.predict_on_batch(
            adapters.to_tensor_list(x, self._input_names(), "predict_on_batch(x)"))
        return self._structure([np.asarray(o) for o in outs])
