"""Turning symbolic layer calls into the C++ graph (Keras's functional API)."""
from .. import _core
from ..keras_tensor import KerasTensor, core_shape
from ..layers.layer import native_layer


def _flatten(structure):
    if isinstance(structure, dict):
        return list(structure.values())
    if isinstance(structure, (list, tuple)):
        return list(structure)
    return [structure]


def trace_graph(inputs, outputs):
    """The layer calls between ``inputs`` and ``outputs`` in topological order.

    Returns (input tensors, nodes, output tensors). Raises ValueError when an
    output depends on a tensor that is not among the inputs.
    """
    inputs, outputs = _flatten(inputs), _flatten(outputs)
    for t in inputs + outputs:
        if not isinstance(t, KerasTensor):
            raise ValueError("Model: inputs and outputs must be symbolic tensors (from "
                             f"pydeep.Input and layer calls); received {type(t).__name__}")
    input_ids = {id(t): i for i, t in enumerate(inputs)}
    order, state = [], {}

    def visit(tensor):
        if id(tensor) in input_ids:
            return
        node = tensor._node
        if node is None:
            raise ValueError(f"Model: output depends on the input {tensor.name!r}, which is not "
                             "among the model's inputs")
        mark = state.get(id(node))
        if mark == "done":
            return
        stack = [(node, iter(node.inputs))]
        state[id(node)] = "open"
        while stack:
            current, pending = stack[-1]
            advanced = False
            for t in pending:
                if id(t) in input_ids:
                    continue
                if t._node is None:
                    raise ValueError(f"Model: output depends on the input {t.name!r}, which is "
                                     "not among the model's inputs")
                if state.get(id(t._node)) is None:
                    state[id(t._node)] = "open"
                    stack.append((t._node, iter(t._node.inputs)))
                    advanced = True
                    break
            if not advanced:
                stack.pop()
                state[id(current)] = "done"
                order.append(current)

    for t in outputs:
        visit(t)
    return inputs, order, outputs


def build_native_graph(inputs, nodes, outputs):
    """The C++ Graph for traced inputs/nodes/outputs."""
    index = {id(n): i for i, n in enumerate(nodes)}
    input_ids = {id(t): i for i, t in enumerate(inputs)}

    def ref(t):
        if id(t) in input_ids:
            return (-input_ids[id(t)] - 1, 0)
        return (index[id(t._node)], t._index)

    native_nodes = [(native_layer(n.layer), [ref(t) for t in n.inputs]) for n in nodes]
    return _core.Graph([core_shape(t.shape) for t in inputs], native_nodes,
                       [ref(t) for t in outputs])
