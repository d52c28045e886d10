"""Evaluating prompts on the course's evaluation sets (the AI충녕 questions).

Used by the notebooks' test bench, the demo and the metrics' projected reduction.
"""
