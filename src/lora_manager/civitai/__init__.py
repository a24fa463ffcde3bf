"""Civitai enrichment: lookups by hash, model details, previews and sidecars."""
