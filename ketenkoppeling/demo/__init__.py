"""A realistic synthetic region for demonstration, tests and benchmarks."""
