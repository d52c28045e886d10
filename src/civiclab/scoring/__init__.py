"""Scoring: a draft goes in, a ScoreReport with located findings comes out."""
