"""The rules of the registry: plain values in, models out; flush, never commit."""
