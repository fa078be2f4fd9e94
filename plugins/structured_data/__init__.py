from .graph import script_json
from .plugin import register, structured_data

__all__ = ["register", "script_json", "structured_data"]
