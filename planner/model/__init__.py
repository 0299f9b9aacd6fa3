"""The CP-SAT model: slot variables, one module per rule family (rules/), the objective, stability,
and the undated relaxation."""
