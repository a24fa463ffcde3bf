"""`python -m lora_manager` runs the CLI."""

from lora_manager.cli import main

main()
