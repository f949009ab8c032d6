"""One module per rule of the CP-SAT model, each with `build(model, vars) -> ObjectiveTerms`,
testable alone.

A rule adds its constraints (and any auxiliary variables) and returns what it adds to the
objective (`matcher.solver.terms`); it writes nothing into `Vars`. `matcher.solver.cpsat`
applies capacity, demand, groups, kept, then the optional stable, group value, fairness and
balance, and builds the objective from the returned terms, sorted by variable, so the order is
immaterial.
"""
