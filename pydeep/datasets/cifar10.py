"""CIFAR-10: 60,000 32x32 colour images in 10 classes (Krizhevsky, 2009)."""
import os
import tarfile

import numpy as np

from . import _files
from ._formats import read_cifar_batch

ARCHIVE = "cifar-10-python.tar.gz"
FILES = {ARCHIVE: ("https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
                   "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce")}
FOLDER = "cifar-10-batches-py"  # the archive's top folder
TRAIN_BATCHES = tuple(f"data_batch_{i}" for i in range(1, 6))
TEST_BATCH = "test_batch"
CLASS_NAMES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
               "truck")


def _read_archive(path):
    # The batches are read straight out of the .tar.gz (one pass over the
    # stream): nothing is extracted, so no path in the archive is trusted.
    wanted = {f"{FOLDER}/{name}": name for name in TRAIN_BATCHES + (TEST_BATCH,)}
    batches = {}
    with tarfile.open(path, "r:gz") as archive:
        for member in archive:
            if member.name in wanted and member.isfile():
                name = wanted[member.name]
                batches[name] = read_cifar_batch(archive.extractfile(member), f"{path}:{name}")
    missing = sorted(set(wanted.values()) - set(batches))
    if missing:
        raise ValueError(f"cifar10.load_data: expected {FOLDER}/{missing[0]} in {path}; "
                         f"the archive lacks {missing}.")
    return batches


def _read_folder(folder):
    batches = {}
    for name in TRAIN_BATCHES + (TEST_BATCH,):
        with open(os.path.join(folder, name), "rb") as f:
            batches[name] = read_cifar_batch(f, os.path.join(folder, name))
    return batches


def load_data(cache_dir=None):
    """Loads CIFAR-10 as Keras's ``keras.datasets.cifar10.load_data`` does.

    Reads ``cifar-10-python.tar.gz`` from the cache folder (downloaded and
    SHA-256-checked when missing; read in place, not extracted). When the
    archive is absent but its extracted folder ``cifar-10-batches-py/`` is in
    the cache folder, the batches are read from there. `cache_dir` defaults to
    ``$PYDEEP_DATASETS`` or ``~/.pydeep/datasets``.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: uint8 arrays of shapes
        (50000, 32, 32, 3), (50000, 1), (10000, 32, 32, 3), (10000, 1),
        channels last; labels index ``CLASS_NAMES``.
    """
    folder = _files.cache_dir(cache_dir)
    extracted = os.path.join(folder, FOLDER)
    if not os.path.exists(os.path.join(folder, ARCHIVE)) and os.path.isdir(extracted):
        batches = _read_folder(extracted)
    else:
        url, sha256 = FILES[ARCHIVE]
        batches = _read_archive(_files.get_file(ARCHIVE, url, sha256, "cifar10.load_data",
                                                cache=cache_dir))
    x_train = np.concatenate([batches[name][0] for name in TRAIN_BATCHES])
    y_train = np.concatenate([batches[name][1] for name in TRAIN_BATCHES])
    x_test, y_test = batches[TEST_BATCH]
    # Stored channels first (3, 32, 32); Keras returns channels last.
    return ((np.ascontiguousarray(x_train.transpose(0, 2, 3, 1)), y_train.reshape(-1, 1)),
            (np.ascontiguousarray(x_test.transpose(0, 2, 3, 1)), y_test.reshape(-1, 1)))
