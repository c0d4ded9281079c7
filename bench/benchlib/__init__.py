"""Helpers of the acs.administration benchmarks (bench/run.py): emulator, ansible runs, tables."""


class InvalidRun(Exception):
    """A measurement cannot be trusted (an error, a wrong count): the run stops with a non-zero exit."""
