import re


def camel_to_snake(name):
    """camelCase or PascalCase to snake_case."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
