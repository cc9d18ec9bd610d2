"""Copied submissions: fingerprints of each submission's code, compared across a batch.

tokens.py normalises Python and Jinja code to the shape that survives renaming,
winnow.py turns the tokens into winnowed k-gram fingerprints (MOSS's
algorithm), submission.py fingerprints one submission's files (cached), and
compare.py finds the pairs that share code, without the starter code and the
batch's common boilerplate. It flags for a human to look; it never changes a
score.
"""
