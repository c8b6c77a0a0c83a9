"""``pydeep.GradientTape``: TensorFlow/Keras's idiom over the core's autograd.

Ops on trainable variables (and on watched tensors) are recorded by the core
while grad mode is on; ``gradient`` runs reverse-mode differentiation in C++.
"""
import contextlib

import numpy as np

from . import _core
from ._tensor import Tensor


def _flatten(structure):
    if isinstance(structure, dict):
        return [leaf for key in sorted(structure) for leaf in _flatten(structure[key])]
    if isinstance(structure, (list, tuple)):
        return [leaf for item in structure for leaf in _flatten(item)]
    return [structure]


def _unflatten(structure, leaves):
    it = iter(leaves)

    def build(s):
        if isinstance(s, dict):
            return {key: build(s[key]) for key in sorted(s)}
        if isinstance(s, (list, tuple)):
            items = [build(item) for item in s]
            return type(s)(items) if isinstance(s, tuple) and not hasattr(s, "_fields") else items
        return next(it)

    return build(structure)


class GradientTape:
    """Records operations for automatic differentiation.

    ``with GradientTape() as tape: loss = f(w)`` then
    ``tape.gradient(loss, [w])``. Trainable variables are watched
    automatically; other tensors with ``tape.watch(t)`` (before use). A
    non-persistent tape computes one set of gradients and frees the graph.
    """

    def __init__(self, persistent=False, watch_accessed_variables=True):
        if not watch_accessed_variables:
            raise NotImplementedError(
                "GradientTape: watch_accessed_variables=False is not supported; pydeep records "
                "every trainable variable. Mark variables you do not want differentiated with "
                "trainable=False, or wrap code in tape.stop_recording().")
        self._persistent = bool(persistent)
        self._watched = []
        self._used = False
        self._previous_mode = None

    def __enter__(self):
        self._previous_mode = _core.set_grad_enabled(True)
        return self

    def __exit__(self, *exc):
        _core.set_grad_enabled(self._previous_mode)
        return False

    def watch(self, tensor):
        """Makes the tape differentiate with respect to ``tensor`` (or a nest of them)."""
        for t in _flatten(tensor):
            if not isinstance(t, Tensor):
                raise TypeError(f"GradientTape.watch: expected tensors; received {type(t).__name__}")
            if t.dtype != "float32":
                continue  # like TensorFlow, integer tensors are not watchable
            if t._is_leaf and not t.requires_grad:
                t._set_requires_grad(True)
                self._watched.append(t)

    def watched_variables(self):
        return tuple(self._watched)

    @contextlib.contextmanager
    def stop_recording(self):
        """Ops inside this block are not recorded."""
        previous = _core.set_grad_enabled(False)
        try:
            yield
        finally:
            _core.set_grad_enabled(previous)

    def gradient(self, target, sources, output_gradients=None, unconnected_gradients="none"):
        """Gradients of ``target`` (a tensor or a nest; their sum) with respect
        to ``sources`` (a tensor or a nest), returned in the structure of
        ``sources``. Unconnected sources give ``None`` (or zeros with
        ``unconnected_gradients="zero"``)."""
        if unconnected_gradients not in ("none", "zero"):
            raise ValueError("GradientTape.gradient: unconnected_gradients must be 'none' or "
                             f"'zero'; received {unconnected_gradients!r}")
        if self._used and not self._persistent:
            raise RuntimeError("A non-persistent GradientTape can only be used to compute one "
                               "set of gradients (or jacobians); create it with persistent=True")
        self._used = True
        targets = _flatten(target)
        flat_sources = _flatten(sources)
        for s in flat_sources:
            if not isinstance(s, Tensor):
                raise TypeError("GradientTape.gradient: sources must be tensors or variables; "
                                f"received {type(s).__name__}")
        grad_outputs = None
        if output_gradients is not None:
            grad_outputs = _flatten(output_gradients)
            if len(grad_outputs) != len(targets):
                raise ValueError(f"GradientTape.gradient: {len(targets)} targets but "
                                 f"{len(grad_outputs)} output_gradients")
        try:
            grads = _core.gradient(targets, grad_outputs, flat_sources, self._persistent)
        finally:
            if not self._persistent:
                self._unwatch()
        if unconnected_gradients == "zero":
            grads = [g if g is not None else _core.convert_to_tensor(np.zeros(s.shape, np.float32))
                     for g, s in zip(grads, flat_sources)]
        if isinstance(sources, Tensor):
            return grads[0]
        return _unflatten(sources, grads)

    def _unwatch(self):
        for t in getattr(self, "_watched", ()):
            t._set_requires_grad(False)
        self._watched = []

    def __del__(self):
        self._unwatch()
