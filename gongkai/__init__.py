"""Gongkai (公开): open-government-information work for a Chinese government agency."""

__version__ = "0.1.0"
