"""Domain core: frameworks, department-year inputs, rules and the scoring engine."""
