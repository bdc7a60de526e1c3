"""Command line: thin wrappers over the library that turn its errors into clean messages."""
