"""LoRA Manager: index, search, compose and deliver Stable Diffusion LoRA adapters."""

__version__ = "0.1.0"
