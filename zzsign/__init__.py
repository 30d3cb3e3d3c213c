"""zzsign — kiosk e-signing of the ZZ Servers Employee Confidentiality Agreement."""

__version__ = "0.1.0"
