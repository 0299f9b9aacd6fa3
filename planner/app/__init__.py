"""The application layer: each command's read -> plan -> check -> write, one Outcome for all."""
