"""Small synthetic tasks, generated on the spot, for examples and tests.

Every generator takes `n` (samples) and `seed` (``np.random.default_rng``),
is deterministic for a given seed, and returns numpy arrays: float32 inputs,
int64 class labels, float32 regression targets. Each task states what a model
must learn to solve it, so a test can assert that it did.
"""
import numpy as np


def _check_positive(where, **values):
    for name, value in values.items():
        if int(value) != value or value < 1:
            raise ValueError(f"synthetic.{where}: expected {name} to be a positive integer; "
                             f"received {name}={value!r}.")


def sequence_sum(n, length=10, seed=0):
    """Sums of random sequences: a regression task for recurrent models.

    Returns ``x`` (n, length, 1) uniform in [0, 1) and ``y`` (n, 1), the sum
    of each sequence (mean length / 2). Solving it needs an accumulator over
    time steps.
    """
    _check_positive("sequence_sum", n=n, length=length)
    x = np.random.default_rng(seed).random((n, length, 1)).astype(np.float32)
    return x, x.sum(axis=1).astype(np.float32)


def parity(n, length=8, seed=0):
    """Parity of random bit strings: label 1 when the sequence holds an odd number of ones.

    Returns ``x`` (n, length, 1) of 0.0/1.0 and ``y`` (n,) in {0, 1}. No
    single bit carries information, so a model must combine all of them.
    """
    _check_positive("parity", n=n, length=length)
    bits = np.random.default_rng(seed).integers(0, 2, size=(n, length))
    return bits[..., None].astype(np.float32), (bits.sum(axis=1) % 2).astype(np.int64)


def token_classification(n, length=12, vocab_size=20, seed=0):
    """Per-token labels that need context: is this token a repeat?

    Returns ``x`` (n, length) int64 tokens in [1, vocab_size) (0 is left free
    for padding) and ``y`` (n, length) in {0, 1}: 1 where the token already
    occurred earlier in the same sequence. A token alone says nothing; the
    model has to look back.
    """
    _check_positive("token_classification", n=n, length=length, vocab_size=vocab_size)
    if vocab_size < 2:
        raise ValueError("synthetic.token_classification: expected vocab_size >= 2; "
                         f"received vocab_size={vocab_size}.")
    x = np.random.default_rng(seed).integers(1, vocab_size, size=(n, length))
    earlier = (x[:, :, None] == x[:, None, :]) & np.tri(length, k=-1, dtype=bool)[None]
    return x.astype(np.int64), earlier.any(axis=2).astype(np.int64)


def _sentiment_score(tokens):
    return int(np.sum(tokens < 10)) - int(np.sum((tokens >= 10) & (tokens < 20)))


def token_sentiment(n, max_length=20, vocab_size=50, min_length=4, seed=0):
    """Variable-length token sequences, zero-padded at the end, labelled by "sentiment".

    Tokens 1..9 of the vocabulary are "positive" and 10..19 "negative"; the
    rest are neutral filler. The label is 1 when a sequence holds more
    positive than negative tokens (a tie is broken by overwriting a random
    token with a random positive or negative one). Returns ``x``
    (n, max_length) int64 with 0 as padding and ``y`` (n,) in {0, 1}; the
    padding carries no signal, which is what masking is for.
    """
    _check_positive("token_sentiment", n=n, max_length=max_length, vocab_size=vocab_size,
                    min_length=min_length)
    if vocab_size < 21 or min_length > max_length:
        raise ValueError("synthetic.token_sentiment: expected vocab_size >= 21 and "
                         f"min_length <= max_length; received vocab_size={vocab_size}, "
                         f"min_length={min_length}, max_length={max_length}.")
    rng = np.random.default_rng(seed)
    x = np.zeros((n, max_length), dtype=np.int64)
    y = np.zeros(n, dtype=np.int64)
    for i in range(n):
        length = rng.integers(min_length, max_length + 1)
        tokens = rng.integers(1, vocab_size, size=length)
        score = _sentiment_score(tokens)
        while score == 0:  # a tie: overwrite a random token with a random polar one
            tokens[rng.integers(length)] = rng.integers(1, 20)
            score = _sentiment_score(tokens)
        x[i, :length] = tokens
        y[i] = int(score > 0)
    return x, y


def two_moons(n, noise=0.1, seed=0):
    """Two interleaving half circles in the plane (a non-linear 2-class problem).

    Returns ``x`` (n, 2) and ``y`` (n,) in {0, 1}; `noise` is the standard
    deviation of Gaussian noise added to the points.
    """
    _check_positive("two_moons", n=n)
    rng = np.random.default_rng(seed)
    y = np.arange(n) % 2
    angle = rng.uniform(0.0, np.pi, size=n)
    upper = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    lower = np.stack([1.0 - np.cos(angle), 0.5 - np.sin(angle)], axis=1)
    x = np.where(y[:, None] == 0, upper, lower) + rng.normal(scale=noise, size=(n, 2))
    order = rng.permutation(n)
    return x[order].astype(np.float32), y[order].astype(np.int64)


def gaussian_mixture_2d(n, n_components=8, radius=2.0, std=0.1, seed=0):
    """Points from `n_components` Gaussians evenly spaced on a circle of `radius`.

    Returns ``x`` (n, 2) and ``component`` (n,), the index of the Gaussian
    each point came from. A standard target for generative models: a model
    that covers every component did not collapse onto a few modes.
    """
    _check_positive("gaussian_mixture_2d", n=n, n_components=n_components)
    rng = np.random.default_rng(seed)
    component = rng.integers(0, n_components, size=n)
    angle = 2.0 * np.pi * component / n_components
    centres = radius * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    x = centres + rng.normal(scale=std, size=(n, 2))
    return x.astype(np.float32), component.astype(np.int64)


def community_graph(n_nodes=300, n_communities=3, p_in=0.05, p_out=0.005, n_features=16,
                    feature_noise=2.0, seed=0):
    """A stochastic block model: nodes in communities, denser links inside them.

    Each pair of nodes is linked with probability `p_in` inside a community
    and `p_out` across. Node features are the community's random mean
    (entries +-1 over `n_features`) plus Gaussian noise of std
    `feature_noise`, so features alone classify nodes poorly while averaging
    over neighbours (a graph convolution) classifies them well.

    Returns ``adjacency`` (n_nodes, n_nodes) float32 0/1, symmetric, zero
    diagonal; ``features`` (n_nodes, n_features) float32; ``labels``
    (n_nodes,) int64 community indices.
    """
    _check_positive("community_graph", n_nodes=n_nodes, n_communities=n_communities,
                    n_features=n_features)
    for name, p in (("p_in", p_in), ("p_out", p_out)):
        if not 0 <= p <= 1:
            raise ValueError(f"synthetic.community_graph: expected {name} in [0, 1]; "
                             f"received {name}={p}.")
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, n_communities, size=n_nodes)
    same = labels[:, None] == labels[None, :]
    links = rng.random((n_nodes, n_nodes)) < np.where(same, p_in, p_out)
    adjacency = np.triu(links, k=1)
    adjacency = (adjacency | adjacency.T).astype(np.float32)
    means = rng.choice([-1.0, 1.0], size=(n_communities, n_features))
    features = means[labels] + rng.normal(scale=feature_noise, size=(n_nodes, n_features))
    return adjacency, features.astype(np.float32), labels.astype(np.int64)
