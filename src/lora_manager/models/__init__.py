"""SQLModel tables, one file per table; importing this package registers them all."""

from lora_manager.models.adapter import Adapter
from lora_manager.models.delivery_target import DeliveryTarget
from lora_manager.models.job import Job
from lora_manager.models.library_root import LibraryRoot

__all__ = ["Adapter", "DeliveryTarget", "Job", "LibraryRoot"]
