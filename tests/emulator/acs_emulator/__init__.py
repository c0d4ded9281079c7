"""Azure Communication Services (2020 administration APIs) emulator."""

__version__ = "0.1.0"
