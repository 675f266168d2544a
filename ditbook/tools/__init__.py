"""Maintainer tooling, apart from the engine: the CLI, PDF printing, the browser, the benchmark."""
