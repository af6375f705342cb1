"""tendergen: validated YAML specs of a Dutch procurement round in, a publishable tender pack out."""

from __future__ import annotations

__version__ = "0.1.0"
