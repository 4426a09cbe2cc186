"""Write the JSON Schema of every content collection to content/schemas/.

Editors point their YAML plugin at these (each data file names its schema on line 1).
Run after changing hooks/schemas.py: `make schemas`. A test fails if they are stale.
"""

from pathlib import Path

from hooks.collections import json_schemas

OUT = Path(__file__).resolve().parent.parent / "content" / "schemas"


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, text in json_schemas().items():
        (OUT / f"{name}.schema.json").write_text(text, encoding="utf-8")
    print(f"wrote {len(json_schemas())} schemas to {OUT}")


if __name__ == "__main__":
    main()
