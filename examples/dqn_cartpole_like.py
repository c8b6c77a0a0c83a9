"""Deep Q-learning (DQN) on a cart-pole written in this file (no gym).

    python examples/dqn_cartpole_like.py [--smoke]

A pole is hinged on a cart; each step the agent pushes the cart left or right
and gets +1 while the pole stays within 12 degrees of upright and the cart
within 2.4 m of the centre; an episode ends after 200 steps at most. The
physics are the classic cart-pole equations (Barto, Sutton & Anderson, 1983).

DQN (Mnih et al., 2015) learns Q(s, a), the return expected after action a in
state s, from its own experience:

* act epsilon-greedily from Q, store (s, a, r, s', done) in a replay buffer;
* every step, fit Q(s, a) on a random minibatch to ``r + gamma * Q_target(s', a*)``
  with ``a* = argmax_a' Q(s', a')`` (double DQN), where Q_target is a copy of
  the network refreshed every few hundred steps;
* evaluate the greedy policy now and then and keep the best weights.

Everything runs in a tight Python loop of ``predict_on_batch`` /
``train_on_batch`` calls, each going straight to the C++ core.
"""
import argparse
import time

import numpy as np

import pydeep as keras
from pydeep import layers


class CartPole:
    """State (x, x_dot, theta, theta_dot); actions 0 (push left) and 1 (push right)."""

    GRAVITY, CART_MASS, POLE_MASS, HALF_POLE, FORCE, DT = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
    THETA_LIMIT, X_LIMIT, MAX_STEPS = 12 * np.pi / 180, 2.4, 200

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def reset(self):
        self.state = self.rng.uniform(-0.05, 0.05, size=4)
        self.steps = 0
        return self.state.astype("float32")

    def step(self, action):
        """-> (next state, reward, done, truncated)."""
        x, x_dot, theta, theta_dot = self.state
        force = self.FORCE if action == 1 else -self.FORCE
        total_mass = self.CART_MASS + self.POLE_MASS
        cos, sin = np.cos(theta), np.sin(theta)
        temp = (force + self.POLE_MASS * self.HALF_POLE * theta_dot ** 2 * sin) / total_mass
        theta_acc = (self.GRAVITY * sin - cos * temp) / (
            self.HALF_POLE * (4.0 / 3.0 - self.POLE_MASS * cos ** 2 / total_mass))
        x_acc = temp - self.POLE_MASS * self.HALF_POLE * theta_acc * cos / total_mass
        # Explicit Euler, as the original.
        self.state = np.array([x + self.DT * x_dot, x_dot + self.DT * x_acc,
                               theta + self.DT * theta_dot, theta_dot + self.DT * theta_acc])
        self.steps += 1
        failed = abs(self.state[0]) > self.X_LIMIT or abs(self.state[2]) > self.THETA_LIMIT
        return self.state.astype("float32"), 1.0, failed, self.steps >= self.MAX_STEPS


class ReplayBuffer:
    """A fixed-size ring of transitions, sampled uniformly."""

    def __init__(self, capacity, rng):
        self.states = np.zeros((capacity, 4), "float32")
        self.actions = np.zeros(capacity, "int64")
        self.rewards = np.zeros(capacity, "float32")
        self.next_states = np.zeros((capacity, 4), "float32")
        self.done = np.zeros(capacity, "float32")
        self.capacity, self.size, self.next, self.rng = capacity, 0, 0, rng

    def add(self, s, a, r, s2, done):
        i = self.next
        self.states[i], self.actions[i], self.rewards[i] = s, a, r
        self.next_states[i], self.done[i] = s2, done
        self.next, self.size = (i + 1) % self.capacity, min(self.size + 1, self.capacity)

    def sample(self, n):
        i = self.rng.integers(0, self.size, n)
        return self.states[i], self.actions[i], self.rewards[i], self.next_states[i], self.done[i]


def q_network():
    model = keras.Sequential([keras.Input((4,)), layers.Dense(64, activation="relu"),
                              layers.Dense(64, activation="relu"), layers.Dense(2)])
    # Huber loss: a squared error that turns linear for large TD errors, as in DQN.
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="huber")
    return model


def greedy_return(model, env, episodes=10):
    total = 0.0
    for _ in range(episodes):
        s, done, truncated = env.reset(), False, False
        while not (done or truncated):
            q = model.predict_on_batch(s[None])
            s, r, done, truncated = env.step(int(np.argmax(q)))
            total += r
    return total / episodes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="fewer steps, for the test suite")
    parser.add_argument("--steps", type=int, default=None, help="environment steps to train")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    total_steps = args.steps or (6000 if args.smoke else 20000)
    gamma, batch_size, warmup, target_every, explore = 0.99, 64, 500, 500, 3000

    keras.utils.set_random_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    env, eval_env = CartPole(args.seed), CartPole(args.seed + 1)
    online, target = q_network(), q_network()
    target.set_weights(online.get_weights())
    buffer = ReplayBuffer(50000, rng)

    best_score, best_weights = -1.0, online.get_weights()
    start = time.perf_counter()
    s, episode_return, returns = env.reset(), 0.0, []
    for step in range(total_steps):
        # Exploration decays linearly from 1 to 0.05 over the first `explore` steps.
        epsilon = max(0.05, 1.0 - step / explore)
        if rng.random() < epsilon:
            a = int(rng.integers(2))
        else:
            a = int(np.argmax(online.predict_on_batch(s[None])))
        s2, r, done, truncated = env.step(a)
        # A time limit is not a failure: only a real failure cuts off the bootstrap.
        buffer.add(s, a, r, s2, float(done))
        s, episode_return = s2, episode_return + r
        if done or truncated:
            returns.append(episode_return)
            s, episode_return = env.reset(), 0.0

        if buffer.size >= warmup:
            states, actions, rewards, next_states, dones = buffer.sample(batch_size)
            # Double DQN: the online network picks the next action, the target
            # network values it (less over-estimation than a max over Q_target).
            next_actions = np.asarray(online.predict_on_batch(next_states)).argmax(axis=1)
            next_q = np.asarray(target.predict_on_batch(next_states))[np.arange(batch_size),
                                                                      next_actions]
            # Targets equal the current predictions except for the action taken,
            # so only that action's output gets a gradient.
            targets = np.array(online.predict_on_batch(states))
            targets[np.arange(batch_size), actions] = rewards + gamma * (1.0 - dones) * next_q
            online.train_on_batch(states, targets)
        if step % target_every == 0:
            target.set_weights(online.get_weights())
        if (step + 1) % (total_steps // 10) == 0:
            # DQN's greedy policy can get worse again as training goes on, so
            # keep the best weights seen, as EarlyStopping(restore_best_weights=True) would.
            score = greedy_return(online, eval_env)
            if score >= best_score:
                best_score, best_weights = score, online.get_weights()
            recent = np.mean(returns[-10:]) if returns else 0.0
            print(f"step {step + 1:6d}  epsilon {epsilon:.2f}  episodes {len(returns):4d}  "
                  f"training return (last 10) {recent:6.1f}  greedy return {score:6.1f}")
    elapsed = time.perf_counter() - start

    online.set_weights(best_weights)
    score = greedy_return(online, CartPole(args.seed + 2))   # fresh episodes
    print(f"trained {total_steps} steps in {elapsed:.1f} s ({total_steps / elapsed:.0f} steps/s)")
    print(f"best greedy policy on 10 new episodes: mean return {score:.1f} (max 200; "
          "random ~22)")
    print(f"RESULT dqn_cartpole_like mean_return {score:.1f}")


if __name__ == "__main__":
    main()
