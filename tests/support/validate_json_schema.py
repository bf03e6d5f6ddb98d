#!/usr/bin/env python3
"""Validates JSON documents against a JSON Schema (draft 2020-12) for the C++ tests.

Usage: validate_json_schema.py SCHEMA [FILE...]

Checks SCHEMA against its metaschema, then prints one line per FILE: "valid FILE" or
"invalid FILE: MESSAGE at PATH" (the first error, the deepest path first). Exit status:
0 when it could judge every file (valid or not), 2 on a broken schema or an unreadable
file, 77 when the jsonschema module is missing (Debian: python3-jsonschema).
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("validate_json_schema: the python3 module jsonschema is missing (apt-get install python3-jsonschema)",
          file=sys.stderr)
    sys.exit(77)


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator_class = jsonschema.validators.validator_for(schema)
    try:
        validator_class.check_schema(schema)
    except jsonschema.exceptions.SchemaError as e:
        print(f"validate_json_schema: {argv[1]} is not a valid schema: {e.message}", file=sys.stderr)
        return 2
    validator = validator_class(schema)
    for path in argv[2:]:
        try:
            with open(path, encoding="utf-8") as f:
                document = json.load(f)
        except (OSError, ValueError) as e:
            print(f"validate_json_schema: cannot read {path}: {e}", file=sys.stderr)
            return 2
        error = jsonschema.exceptions.best_match(validator.iter_errors(document))
        if error is None:
            print(f"valid {path}")
        else:
            where = "/".join(str(p) for p in error.absolute_path)
            print(f"invalid {path}: {error.message} at /{where}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
