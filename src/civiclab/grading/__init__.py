"""Grading: the nbgrader course, cohort autograding in parallel, feedback, export.

Everything here is a thin layer over nbgrader's own apps and ``Gradebook``
API; nbgrader is imported lazily inside the functions that need it.
"""
