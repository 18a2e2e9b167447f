"""The statute core: the rules of the Regulation as plain Python.

Nothing in this package imports Django or any other part of Gongkai, so every app (and the
report inspector) applies exactly one implementation of each rule.
"""
