"""One module per rule of the CP-SAT model, each with `build(model, vars)`, testable alone.

Order of application in `matcher.solver.cpsat`: capacity, demand, groups, kept, then the
optional stable, fairness and balance, then the objective.
"""
