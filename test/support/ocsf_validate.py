"""Validates OCSF Detection Finding events with py-ocsf-models (the models Prowler emits).

Reads a JSON array of events on stdin and prints a JSON list of problems (empty when all are
valid). The models ignore unknown fields by default; this switches every model to
extra="forbid", so a misspelt or misplaced attribute is an error rather than silently dropped.
Exit status 0 either way; the caller asserts on the list.
"""
import json
import sys

from pydantic import BaseModel, ValidationError

import py_ocsf_models
from py_ocsf_models.events.findings.detection_finding import DetectionFinding


def all_models(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from all_models(sub)


def forbid_extra():
    models = [m for m in all_models(BaseModel) if m.__module__.startswith("py_ocsf_models")]
    for model in models:
        model.model_config["extra"] = "forbid"
    for model in models:
        model.model_rebuild(force=True)


def main():
    forbid_extra()
    events = json.load(sys.stdin)
    problems = []
    if not isinstance(events, list):
        problems.append("$: expected a JSON array of events")
        events = []
    for index, event in enumerate(events):
        try:
            DetectionFinding.model_validate(event)
        except ValidationError as error:
            for issue in error.errors():
                where = ".".join(str(part) for part in issue["loc"])
                problems.append(f"$[{index}].{where}: {issue['msg']}")
        if isinstance(event, dict):
            if event.get("class_uid") != 2004:
                problems.append(f"$[{index}].class_uid: expected 2004, got {event.get('class_uid')!r}")
            if event.get("type_uid") != 2004 * 100 + event.get("activity_id", -1):
                problems.append(f"$[{index}].type_uid: expected class_uid * 100 + activity_id")
            version = event.get("metadata", {}).get("version")
            if version != py_ocsf_models.OCSF_VERSION:
                problems.append(f"$[{index}].metadata.version: expected {py_ocsf_models.OCSF_VERSION}, got {version!r}")
    json.dump(problems, sys.stdout)


if __name__ == "__main__":
    main()
