"""The web UI: runtime settings for the SPA and the built files themselves."""
