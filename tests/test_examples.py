"""The examples run from a fresh clone and learn (asserted on their RESULT line).

Each runs in its reduced mode (``--smoke`` or few epochs) in a subprocess;
the thresholds are what the reduced run must reach, with a margin below what
it measured on the 2-core development machine (examples/README.md has the
full-size numbers). Digits-based examples skip without scikit-learn.
"""
import importlib.util
import pathlib
import re
import subprocess
import sys

import pytest

EXAMPLES = pathlib.Path(__file__).resolve().parents[1] / "examples"


def run_example(name, *args):
    """Runs examples/<name> and returns (the RESULT value, stdout)."""
    out = subprocess.run([sys.executable, str(EXAMPLES / name), *args], capture_output=True,
                         text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    match = re.search(r"^RESULT (\S+) (\S+) (\S+)$", out.stdout, re.MULTILINE)
    assert match, out.stdout
    assert match.group(1) == name[:-3], match.group(0)
    return float(match.group(3)), out.stdout


def test_quickstart_learns_digits():
    pytest.importorskip("sklearn")
    accuracy, out = run_example("quickstart.py", "--epochs", "15", "--verbose", "0")
    assert accuracy >= 0.93
    assert "the loaded model predicts identically" in out


def test_custom_training_loop_learns_digits():
    pytest.importorskip("sklearn")
    accuracy, _ = run_example("custom_training_loop.py", "--epochs", "15")
    assert accuracy >= 0.93


@pytest.mark.parametrize("name, threshold", [
    ("cnn_digits.py", 0.90), ("resnet_small.py", 0.90), ("inception_block.py", 0.90)])
def test_image_classifiers_learn_digits(name, threshold):
    pytest.importorskip("sklearn")
    accuracy, _ = run_example(name, "--smoke")
    assert accuracy >= threshold


def test_autoencoders_beat_the_mean_image_and_denoise():
    pytest.importorskip("sklearn")
    # The worst of: dense and conv reconstruction error over the mean-image
    # baseline's, and the denoiser's error over the noisy input's.
    ratio, _ = run_example("autoencoder.py", "--smoke")
    assert ratio <= 0.6


def test_vae_reconstructs_and_samples():
    pytest.importorskip("sklearn")
    ratio, out = run_example("vae.py", "--smoke")
    assert ratio <= 0.75
    assert "three images decoded from z ~ N(0, I)" in out


def test_gan_covers_the_modes():
    covered, out = run_example("gan.py", "--smoke")
    assert covered >= 6
    share = float(re.search(r"; ([\d.]+)% of the points lie near a mode", out).group(1))
    assert share >= 60


def test_gcn_beats_the_feature_only_mlp():
    accuracy, out = run_example("gnn_node_classification.py", "--smoke")
    mlp = float(re.search(r"MLP on features alone ([\d.]+)", out).group(1))
    assert accuracy >= 0.75 and accuracy >= mlp + 0.15


def test_diffusion_samples_land_on_the_data():
    distance, out = run_example("diffusion_toy.py", "--smoke")
    noise = float(re.search(r"pure noise ([\d.]+)", out).group(1))
    assert distance <= 0.10 and distance <= 0.6 * noise


def test_dqn_balances_the_pole():
    mean_return, _ = run_example("dqn_cartpole_like.py", "--smoke")
    assert mean_return >= 100  # a random policy averages about 22


def test_transfer_learning_reuses_the_frozen_base():
    pytest.importorskip("sklearn")
    accuracy, out = run_example("transfer_learning.py", "--smoke")
    assert accuracy >= 0.75
    assert "2 trainable tensors, base unchanged: True" in out


def test_regularization_beats_the_overfitting_baseline(tmp_path):
    pytest.importorskip("sklearn")
    ratio, _ = run_example("regularization.py", "--smoke", "--plots", str(tmp_path))
    assert ratio >= 1.05
    if importlib.util.find_spec("matplotlib") is None:
        return
    pictures = sorted(p.name for p in tmp_path.iterdir())
    assert pictures == ["batchnorm.png", "dropout.png", "early_stopping.png", "l2.png",
                        "none.png"]
    assert all((tmp_path / p).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pictures)


def test_recurrent_models_learn_sequence_sums():
    worst, out = run_example("lstm_sequence.py", "--smoke")
    assert worst <= 0.05  # smoke run measured 0.0007; predicting the mean gives 1.0
    assert all(kind in out for kind in ("lstm", "gru", "bidirectional_lstm"))


def test_masked_lstm_classifies_padded_text():
    accuracy, _ = run_example("text_classification.py", "--smoke")
    assert accuracy >= 0.9  # smoke run measured 0.995


def test_transformer_labels_repeated_tokens():
    accuracy, out = run_example("transformer_classifier.py", "--smoke")
    baseline = float(re.search(r"majority: ([\d.]+)", out).group(1))
    assert accuracy >= 0.9 and accuracy >= baseline + 0.1  # smoke run measured 0.995
