"""``Model.summary()``: Keras's layer table (layer, output shape, params)."""


def _shape_str(shape):
    return "(" + ", ".join("None" if d is None else str(d) for d in shape) + \
        ("," if len(shape) == 1 else "") + ")"


def print_summary(model, line_length=None, print_fn=None):
    from ..keras_tensor import keras_shape

    print_fn = print_fn or print
    rows = []
    shapes = {}
    for node, node_shapes in zip(model._nodes, model._graph.node_output_shapes):
        shapes.setdefault(id(node.layer), [keras_shape(s) for s in node_shapes])
    for layer in model.layers:
        kind = getattr(layer, "_keras_class_name", type(layer).__name__)
        if hasattr(layer, "batch_shape") and not hasattr(layer, "_native"):
            out = [layer.batch_shape]
        else:
            out = shapes.get(id(layer), [])
        shape = ", ".join(_shape_str(s) for s in out) if out else "?"
        rows.append((f"{layer.name} ({kind})", shape, f"{layer.count_params():,}"))
    width = line_length or 80
    cols = [int(width * 0.45), int(width * 0.30)]
    sep = "─" * width
    print_fn(f'Model: "{model.name}"')
    print_fn(sep)
    print_fn(f"{'Layer (type)':<{cols[0]}}{'Output Shape':<{cols[1]}}{'Param #':>{width - sum(cols)}}")
    print_fn("═" * width)
    for name, shape, params in rows:
        print_fn(f"{name:<{cols[0]}}{shape:<{cols[1]}}{params:>{width - sum(cols)}}")
    print_fn(sep)
    total = model.count_params()
    trainable = sum(int(w.size) for w in model.trainable_weights)
    print_fn(f" Total params: {total:,}")
    print_fn(f" Trainable params: {trainable:,}")
    print_fn(f" Non-trainable params: {total - trainable:,}")
