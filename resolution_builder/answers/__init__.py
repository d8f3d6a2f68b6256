"""The answers a person gives: the validated model, the cleaning of typed text, and errors in plain words."""
