"""The shared op checker: forward against a float64 numpy reference, and the
gradient against central finite differences of that reference.

The reference is differentiated numerically in float64 (eps=1e-6), so the
finite-difference gradient is accurate to ~1e-8 and the comparison with
pydeep's float32 analytic gradient can be tight.
"""
import numpy as np

import pydeep
from pydeep import ops

FORWARD_RTOL, FORWARD_ATOL = 2e-5, 2e-6
GRAD_RTOL, GRAD_ATOL = 2e-4, 2e-5
FD_EPS = 1e-6


def sample(rng, shape, domain):
    """Random float64 inputs kept away from the op's kinks and poles."""
    if domain == "any":
        return rng.normal(size=shape)
    if domain == "pos":
        return rng.uniform(0.5, 2.0, size=shape)
    if domain == "away0":
        return rng.uniform(0.2, 2.0, size=shape) * rng.choice([-1.0, 1.0], size=shape)
    if domain == "unit":
        return rng.uniform(-0.9, 0.9, size=shape)
    if domain == "wide":
        return rng.uniform(-6.0, 6.0, size=shape)
    raise ValueError(domain)


def numeric_grad(ref, inputs, weights, index):
    """d/d inputs[index] of sum(ref(*inputs) * weights), by central differences."""
    x = inputs[index]
    grad = np.zeros_like(x)
    flat = x.reshape(-1)
    gflat = grad.reshape(-1)
    for i in range(flat.size):
        orig = flat[i]
        flat[i] = orig + FD_EPS
        up = np.sum(np.asarray(ref(*inputs), dtype=np.float64) * weights)
        flat[i] = orig - FD_EPS
        down = np.sum(np.asarray(ref(*inputs), dtype=np.float64) * weights)
        flat[i] = orig
        gflat[i] = (up - down) / (2 * FD_EPS)
    return grad


def check_op(fn, ref, inputs64, grad=True, rng=None):
    """Runs fn on float32 copies of inputs64 and compares with ref (float64)."""
    rng = rng or np.random.default_rng(0)
    inputs32 = [np.asarray(x, dtype=np.float32) for x in inputs64]
    # The reference sees exactly the float32 values pydeep sees.
    exact = [x.astype(np.float64) for x in inputs32]
    expected = np.asarray(ref(*exact), dtype=np.float64)
    tensors = [ops.convert_to_tensor(x) for x in inputs32]
    with pydeep.GradientTape() as tape:
        tape.watch(tensors)
        out = fn(*tensors)
    got = np.asarray(out)
    assert got.shape == expected.shape, f"shape {got.shape} != reference {expected.shape}"
    np.testing.assert_allclose(got, expected, rtol=FORWARD_RTOL, atol=FORWARD_ATOL,
                               err_msg="forward differs from the float64 reference")
    if not grad:
        return
    weights = rng.normal(size=expected.shape)
    grads = tape.gradient(out, tensors, output_gradients=ops.convert_to_tensor(weights))
    for i, g in enumerate(grads):
        want = numeric_grad(ref, [x.copy() for x in exact], weights, i)
        assert g is not None, f"no gradient for input {i}"
        g = np.asarray(g)
        assert g.shape == want.shape, f"grad {i}: shape {g.shape} != {want.shape}"
        scale = max(1.0, float(np.max(np.abs(want))) if want.size else 1.0)
        np.testing.assert_allclose(g, want, rtol=GRAD_RTOL, atol=GRAD_ATOL * scale,
                                   err_msg=f"gradient of input {i} differs from finite differences")
