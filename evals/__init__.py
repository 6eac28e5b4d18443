"""Evaluation: question sets, the runner and metrics (see evals/README.md)."""
