"""An experiment, not part of `make bench`: Synapse with `jsonschema.validate` building each
validator once (bench/RESULTS.md, „Reply latency“).

Synapse validates every sent event's `m.mentions` with `jsonschema.validate`, which checks the
schema against its meta-schema on every call. Loaded into Synapse's Python (see
`bench/experiments/synapse-validator-once`), this makes the call reuse one validator per
schema, so that a reply run shows what that check costs.
"""

from __future__ import annotations

from typing import Any

import jsonschema
import jsonschema.validators

_validators: dict[tuple[int, Any], Any] = {}


def validate(instance: object, schema: Any, cls: Any = None, *args: Any, **kwargs: Any) -> None:
    key = (id(schema), cls)
    validator = _validators.get(key)
    if validator is None:
        validator_class = cls or jsonschema.validators.validator_for(schema)
        validator = _validators[key] = validator_class(schema, *args, **kwargs)
    validator.validate(instance)


jsonschema.validate = validate
