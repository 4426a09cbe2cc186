"""Tend's scoring engine: pure, standard-library-only Python.

The same code runs under pytest on CPython and inside Pyodide in the visitor's browser.
Functions take a quiz definition (a dict) and answers and return JSON-ready dicts;
the single entry point for the browser is `quizzes.api.call(op, payload)`.
"""

__version__ = "0.1.0"
