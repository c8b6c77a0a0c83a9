"""A graph convolutional network (GCN) classifying the nodes of a synthetic community graph.

    python examples/gnn_node_classification.py [--smoke]

A graph convolution (Kipf & Welling, 2017) updates every node from its
neighbours: ``H' = act(A_hat @ H @ W + b)`` with ``A_hat = D^-1/2 (A + I) D^-1/2``,
the adjacency with self-loops, normalised by the node degrees. Written here as
a custom layer (``GraphConv``) that holds ``A_hat`` as a non-trainable weight.

The graph: 3 communities, links 6x denser inside a community than across
(``pydeep.datasets.synthetic.community_graph``), node features so noisy that
a per-node classifier does poorly. Only 10 nodes per community are labelled
(semi-supervised): the whole graph is one batch, and ``sample_weight`` masks
the loss to the labelled nodes. A plain MLP on the same features is the
baseline that shows what the edges contribute.
"""
import argparse
import time

import numpy as np

import pydeep as keras
from pydeep import layers, ops


def normalized_adjacency(adjacency):
    """D^-1/2 (A + I) D^-1/2, the GCN propagation matrix."""
    a = adjacency + np.eye(len(adjacency), dtype=adjacency.dtype)
    d = 1.0 / np.sqrt(a.sum(axis=1))
    return (a * d[:, None] * d[None, :]).astype("float32")


class GraphConv(layers.Layer):
    """x: (n_nodes, in_features) -> (n_nodes, units), mixing each node with its neighbours.

    The batch is the set of all nodes, in the graph's order: fit and predict
    must use ``batch_size=n_nodes`` and ``shuffle=False``.
    """

    def __init__(self, units, adjacency, activation=None, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.adjacency_value = normalized_adjacency(adjacency)
        self.activation = keras.activations.get(activation)

    def build(self, input_shape):
        n = len(self.adjacency_value)
        self.adjacency = self.add_weight(shape=(n, n), trainable=False, name="adjacency",
                                         initializer=lambda shape, dtype: self.adjacency_value)
        self.kernel = self.add_weight(shape=(input_shape[-1], self.units),
                                      initializer="glorot_uniform", name="kernel")
        self.bias = self.add_weight(shape=(self.units,), initializer="zeros", name="bias")

    def call(self, x):
        # Transform each node's features, then average them over its neighbourhood.
        return self.activation(ops.matmul(self.adjacency, ops.matmul(x, self.kernel)) + self.bias)


def build_gcn(adjacency, n_features, n_classes):
    n = len(adjacency)
    return keras.Sequential([
        # The batch is the graph: exactly n nodes, always.
        keras.Input(batch_shape=(n, n_features)),
        GraphConv(16, adjacency, activation="relu"),
        layers.Dropout(0.5),
        GraphConv(n_classes, adjacency, activation="softmax"),
    ], name="gcn")


def build_mlp(n_features, n_classes):
    return keras.Sequential([keras.Input((n_features,)), layers.Dense(16, activation="relu"),
                             layers.Dropout(0.5), layers.Dense(n_classes, activation="softmax")],
                            name="mlp")


def train_and_score(model, features, labels, train_mask, epochs):
    n = len(features)
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="sparse_categorical_crossentropy")
    model.fit(features, labels, sample_weight=train_mask.astype("float32"), batch_size=n,
              epochs=epochs, shuffle=False, verbose=0)
    predicted = model.predict(features, batch_size=n, verbose=0).argmax(axis=-1)
    return float(np.mean(predicted[~train_mask] == labels[~train_mask]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="a smaller graph, for the test suite")
    parser.add_argument("--epochs", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    n_nodes, epochs = (300, 100) if args.smoke else (1000, 200)
    epochs = args.epochs or epochs
    classes, labelled_per_class = 3, 10

    keras.utils.set_random_seed(args.seed)
    adjacency, features, labels = keras.datasets.synthetic.community_graph(
        n_nodes=n_nodes, n_communities=classes, p_in=12 / n_nodes, p_out=2 / n_nodes,
        n_features=16, feature_noise=3.0, seed=args.seed)
    rng = np.random.default_rng(args.seed)
    train_mask = np.zeros(n_nodes, dtype=bool)
    for c in range(classes):
        members = np.flatnonzero(labels == c)
        train_mask[rng.choice(members, labelled_per_class, replace=False)] = True
    print(f"{n_nodes} nodes, {int(adjacency.sum()) // 2} edges, {train_mask.sum()} labelled")

    start = time.perf_counter()
    gcn_accuracy = train_and_score(build_gcn(adjacency, 16, classes), features, labels,
                                   train_mask, epochs)
    elapsed = time.perf_counter() - start
    mlp_accuracy = train_and_score(build_mlp(16, classes), features, labels, train_mask, epochs)
    print(f"accuracy on the unlabelled nodes: GCN {gcn_accuracy:.4f} ({elapsed:.1f} s), "
          f"MLP on features alone {mlp_accuracy:.4f}")
    print(f"RESULT gnn_node_classification accuracy {gcn_accuracy:.4f}")


if __name__ == "__main__":
    main()
