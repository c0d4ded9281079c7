"""Helpers of the acs.administration benchmarks (bench/run.py): emulator, ansible runs, tables."""

import os
import statistics
import time


class InvalidRun(Exception):
    """A measurement cannot be trusted (an error, a wrong count): the run stops with a non-zero exit."""


def log(message):
    print("[bench %s] %s" % (time.strftime("%H:%M:%S"), message), flush=True)


def median(values):
    values = list(values)
    return statistics.median(values) if values else float("nan")


def load():
    return "%.2f %.2f %.2f" % os.getloadavg()


def fmt(value, digits=2):
    return ("%%.%df" % digits) % value


def verdict(ok):
    return "**met**" if ok else "**not met**"
