"""What fit / evaluate / predict accept as data, turned into C++ batch sources.

numpy arrays (and lists/dicts of them for multi-input/output models) become a
``_core.ArraySource``: batching and shuffling run in C++. A Python generator
or a ``pydeep.utils.PyDataset`` becomes a ``_core.PythonSource``, which the
C++ loop asks for one batch at a time (the user's own Python code makes the
data, so that is the one Python call per batch).
"""
import collections
import concurrent.futures
import types
import warnings

import numpy as np

from .. import _core
from ..utils.py_dataset import PyDataset


def is_python_source(x):
    return isinstance(x, (types.GeneratorType, PyDataset))


def _is_array_like(x):
    return hasattr(x, "shape") or hasattr(x, "__array__") or np.isscalar(x)


def to_tensor_list(x, names, what):
    """Data for the model's inputs (or outputs) named ``names`` as a list of
    tensors: one array, a list/tuple in order, or a dict keyed by name."""
    if x is None:
        return None
    count = len(names)
    if isinstance(x, dict):
        unknown = sorted(set(x) - set(names))
        missing = [n for n in names if n not in x]
        if unknown or missing:
            raise ValueError(f"{what}: the dict keys must be the model's names {names}; "
                             f"missing {missing}, unexpected {unknown}")
        return [_core.convert_to_tensor(x[n]) for n in names]
    if isinstance(x, (list, tuple)) and (count > 1 or (len(x) == 1 and _is_array_like(x[0]))):
        if len(x) != count:
            raise ValueError(f"{what}: the model has {count} inputs/outputs {names}; received a "
                             f"list of {len(x)} arrays")
        return [_core.convert_to_tensor(a) for a in x]
    if count > 1:
        raise ValueError(f"{what}: the model has {count} inputs/outputs {names}; pass a list or a "
                         "dict of arrays")
    if not _is_array_like(x) and not isinstance(x, (list, tuple)):
        raise ValueError(f"{what}: unrecognized data type {type(x).__name__}; expected numpy "
                         "arrays, a Python generator or a pydeep.utils.PyDataset")
    return [_core.convert_to_tensor(x)]


def unpack(item, what):
    """Keras's unpack_x_y_sample_weight: x, (x,), (x, y) or (x, y, sample_weight)."""
    if isinstance(item, list):
        item = tuple(item)
    if not isinstance(item, tuple):
        return item, None, None
    if not 1 <= len(item) <= 3:
        raise ValueError(f"{what}: a batch must be x, (x,), (x, y) or (x, y, sample_weight); "
                         f"received a tuple of {len(item)} elements")
    return tuple(item) + (None,) * (3 - len(item))


def first_x(x):
    """The inputs of the first batch of a Python source, for deferred builds."""
    if isinstance(x, PyDataset):
        return unpack(x[0], "PyDataset")[0]
    return None


class _Adapter:
    """The protocol PythonSource calls: num_batches, on_epoch_begin/end,
    start_pass, next() -> None or (x list, y list or None, sample_weight)."""

    def __init__(self, model, need_y, what):
        self._model, self._need_y, self._what = model, need_y, what

    def _convert(self, item):
        x, y, sw = unpack(item, self._what)
        xs = to_tensor_list(x, self._model._input_names(), f"{self._what}(x)")
        ys = None
        if self._need_y:
            if y is None:
                raise ValueError(f"{self._what}: a batch has no targets; the source must yield "
                                 "(x, y) or (x, y, sample_weight)")
            ys = to_tensor_list(y, self._model._output_names, f"{self._what}(y)")
        return xs, ys, None if sw is None or not self._need_y else _core.convert_to_tensor(sw)

    def on_epoch_begin(self):
        """Hook around each epoch; a generator has nothing to do here."""

    def on_epoch_end(self):
        """Hook around each epoch; a generator has nothing to do here."""

    def start_pass(self):
        """Rewinds; a generator cannot, so the next pass continues where it is."""


class GeneratorAdapter(_Adapter):
    """A Python generator: read until it stops; it cannot rewind."""

    num_batches = -1

    def __init__(self, generator, model, need_y, what):
        super().__init__(model, need_y, what)
        self._generator = generator
        self._peeked = collections.deque()

    def peek_x(self):
        try:
            item = next(self._generator)
        except StopIteration:
            raise ValueError(f"{self._what}: the generator yielded no data") from None
        self._peeked.append(item)
        return unpack(item, self._what)[0]

    def next(self):
        if self._peeked:
            return self._convert(self._peeked.popleft())
        try:
            return self._convert(next(self._generator))
        except StopIteration:
            return None


class PyDatasetAdapter(_Adapter):
    """A PyDataset: batch ``i`` is ``dataset[i]``; the order is shuffled per
    pass when asked, and ``workers > 1`` prefetches batches on threads."""

    def __init__(self, dataset, model, need_y, what, shuffle):
        super().__init__(model, need_y, what)
        self._dataset = dataset
        count = dataset.num_batches
        self.num_batches = -1 if count is None else int(count)
        if self.num_batches < 0 and shuffle:
            warnings.warn("`shuffle=True` was passed, but will be ignored since the data `x` was "
                          "provided as an infinite PyDataset.", stacklevel=4)
        self._shuffle = shuffle and self.num_batches >= 0
        self._order = iter(())
        self._pending = collections.deque()
        self._pool = None
        if dataset.use_multiprocessing:
            raise NotImplementedError("PyDataset: use_multiprocessing=True is not supported; "
                                      "use workers > 1 (threads)")
        if dataset.workers > 1:
            self._pool = concurrent.futures.ThreadPoolExecutor(dataset.workers)

    def on_epoch_begin(self):
        self._dataset.on_epoch_begin()

    def on_epoch_end(self):
        self._dataset.on_epoch_end()

    def start_pass(self):
        self._pending.clear()
        if self.num_batches < 0:
            self._order = iter(range(2**62))
        elif self._shuffle:
            self._order = iter(_core.random_permutation(self.num_batches, _core.draw_seed()))
        else:
            self._order = iter(range(self.num_batches))

    def next(self):
        if self._pool is None:
            index = next(self._order, None)
            return None if index is None else self._convert(self._dataset[int(index)])
        while len(self._pending) < max(1, self._dataset.max_queue_size):
            index = next(self._order, None)
            if index is None:
                break
            self._pending.append(self._pool.submit(self._dataset.__getitem__, int(index)))
        if not self._pending:
            return None
        return self._convert(self._pending.popleft().result())

    def __del__(self):
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)


def python_source(x, model, need_y, what, shuffle=False):
    """(PythonSource, adapter) for a generator or PyDataset."""
    if isinstance(x, PyDataset):
        adapter = PyDatasetAdapter(x, model, need_y, what, shuffle)
    else:
        adapter = GeneratorAdapter(x, model, need_y, what)
    return _core.PythonSource(adapter), adapter


def reject_with_source(what, kind, **args):
    """Keras refuses y / sample_weight next to a generator or PyDataset."""
    for name, value in args.items():
        if value is not None:
            raise ValueError(f"{what}: when providing `x` as a {kind}, `{name}` should not be "
                             f"passed. Instead, it should be included as part of the {kind}.")
