"""Keras's automatic object names and pydeep's float32-only dtype check, shared
by losses, metrics and the other named objects."""
import collections
import re

import numpy as np

_name_uids = collections.defaultdict(int)


def snake_case(class_name):
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", class_name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def auto_name(class_name):
    """Keras's auto_name: snake_case, then "_1", "_2", ... for repeats."""
    name = snake_case(class_name)
    unique = f"{name}_{_name_uids[name]}" if name in _name_uids else name
    _name_uids[name] += 1
    return unique


def check_float32_dtype(dtype, who, what):
    """NotImplementedError unless dtype is None or float32 (``what`` says what
    computes in float32, for the message)."""
    if dtype is None:
        return
    try:
        ok = np.dtype(getattr(dtype, "compute_dtype", dtype)) == np.float32
    except TypeError:
        ok = False
    if not ok:
        raise NotImplementedError(f"{who}: dtype={dtype!r} is not supported; pydeep {what} "
                                  "in float32 (pass dtype=None or 'float32')")
