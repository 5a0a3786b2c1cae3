"""The land-exchange partner's client for Sanzi (三资).

``Client`` talks gRPC to a Sanzi server; ``python -m sanzi_client.pull`` takes the next bundle of
the inventory or the listings into a folder and keeps the cursor in a state file.
"""

from sanzi_client.client import (
    KINDS,
    BundleError,
    Client,
    FileEntry,
    Manifest,
    SanziError,
)

__all__ = ["KINDS", "BundleError", "Client", "FileEntry", "Manifest", "SanziError"]
