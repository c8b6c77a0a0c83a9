"""IMDB movie reviews: 25,000 training and 25,000 test reviews labelled by sentiment.

Each review is a list of word indices; a word's index is its frequency rank in
the training set (1 = most frequent), shifted by `index_from`.
"""
import json

import numpy as np

from . import _files
from ._formats import load_npz

ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"
FILES = {
    "imdb.npz": (ORIGIN + "imdb.npz",
                 "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f"),
    # Keras publishes only an MD5 for the word index.
    "imdb_word_index.json": (ORIGIN + "imdb_word_index.json", "bfafd718b763782e994055a2d397834f"),
}


def _object_array(sequences):
    # A 1-D object array even when all sequences have the same length (where
    # np.array(..., dtype=object) would build a 2-D array).
    out = np.empty(len(sequences), dtype=object)
    for i, seq in enumerate(sequences):
        out[i] = seq
    return out


def load_data(path="imdb.npz", num_words=None, skip_top=0, maxlen=None, seed=113,
              start_char=1, oov_char=2, index_from=3, cache_dir=None):
    """Loads IMDB as Keras's ``keras.datasets.imdb.load_data`` does.

    Args:
        path: the file's name in the cache folder (or an absolute path).
        num_words: keep only the `num_words` most frequent words (indices
            below `num_words` after the `index_from` shift); others become
            `oov_char`. None keeps every word.
        skip_top: also replace the indices below `skip_top` by `oov_char`.
        maxlen: when set, keep only the reviews shorter than `maxlen` (counting
            `start_char`), as Keras does; None keeps all.
        seed: seed of the shuffle of each split (``np.random.RandomState``, so
            the order equals Keras's).
        start_char: index put at the start of every review (None: none).
        oov_char: index of out-of-vocabulary words (None: drop them).
        index_from: offset added to every word index.
        cache_dir: the cache folder; defaults to ``$PYDEEP_DATASETS`` or
            ``~/.pydeep/datasets``.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: 1-D object arrays of Python
        lists of ints, and int label arrays (0 negative, 1 positive).
    """
    url, sha256 = FILES["imdb.npz"]
    local = _files.get_file(path, url, sha256, "imdb.load_data", cache=cache_dir)
    f = load_npz(local, ("x_train", "y_train", "x_test", "y_test"))
    rng = np.random.RandomState(seed)
    splits = []
    for x_key, y_key in (("x_train", "y_train"), ("x_test", "y_test")):
        order = np.arange(len(f[x_key]))
        rng.shuffle(order)
        splits.append((f[x_key][order], f[y_key][order]))

    def encode(seq):
        words = [int(w) + index_from for w in seq]
        return ([start_char] if start_char is not None else []) + words

    encoded = [([encode(s) for s in x], list(y)) for x, y in splits]
    if maxlen:
        kept = []
        for x, y in encoded:
            pairs = [(s, label) for s, label in zip(x, y) if len(s) < maxlen]
            kept.append(([s for s, _ in pairs], [label for _, label in pairs]))
        encoded = kept
        if not encoded[0][0] or not encoded[1][0]:
            raise ValueError(f"imdb.load_data: expected some reviews shorter than maxlen; "
                             f"received maxlen={maxlen}, which keeps none of one split. "
                             "Increase maxlen.")

    def in_vocabulary(w):
        return w >= skip_top and (num_words is None or w < num_words)

    out = []
    for x, y in encoded:
        if oov_char is not None:
            x = [[w if in_vocabulary(w) else oov_char for w in s] for s in x]
        else:
            x = [[w for w in s if in_vocabulary(w)] for s in x]
        out.append((_object_array(x), np.asarray(y, dtype=f["y_train"].dtype)))
    return tuple(out)


def get_word_index(path="imdb_word_index.json", cache_dir=None):
    """Returns the ``{word: index}`` dict of the IMDB data (indices before `index_from`).

    Decode a review with ``{i + index_from: w for w, i in get_word_index().items()}``.
    """
    url, md5 = FILES["imdb_word_index.json"]
    local = _files.get_file(path, url, md5, "imdb.get_word_index", cache=cache_dir)
    with open(local, encoding="utf-8") as f:
        return json.load(f)
