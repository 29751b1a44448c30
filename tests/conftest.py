"""Top-level pytest configuration: shared helpers live in tests/lib."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "lib"))
