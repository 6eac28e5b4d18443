"""Evaluation: question sets, the runner, metrics and benchmarks (see README, "Evaluation" and "Measured")."""
