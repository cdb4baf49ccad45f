"""Pure rules of the steering group: roles, seats and deputies, procedure settings.

Nothing in this package talks to Matrix, to a database or to the clock; every function
takes what it needs as arguments, so each rule can be tested on its own.
"""
