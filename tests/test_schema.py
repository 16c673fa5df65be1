"""The register's JSON Schema: in sync with the model, accepts the shipped register, rejects schema mistakes."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.commands import main
from generator.register.schema import SCHEMA_FILE, schema_text
from generator.errors import InputError
from generator.yamlsource import load_yaml
from helpers import ROOT

SHIPPED = ROOT / "briefings" / SCHEMA_FILE
CASES = ROOT / "tests" / "cases" / "inputs"
REGISTER = "briefings/register.yml"

# Cases of the bad-input catalogue that are schema matters: a wrong type (type-*, dates, an
# empty list), an unknown or missing key (unknown-key-*, missing-*), a word outside a fixed
# vocabulary, an id that is not a slug. Cross-references (unknown party, article, related
# point), duplicates, quotes and URLs are for `briefing check`.
ENUM_CASES = {"unknown-stance", "unknown-sourcing", "unknown-status-history", "unknown-status-point"}
TYPE_CASES = {"date-malformed-history", "date-number", "date-with-time", "date-month-13", "empty-parties"}
SLUG_CASES = {"id-dotdot", "id-slash", "id-party-path-characters", "id-status-not-slug", "cyrillic-party-id",
              "cyrillic-point-id"}


def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SHIPPED.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _shipped_register() -> dict:
    return yaml.safe_load((ROOT / REGISTER).read_text("utf-8"))


def test_shipped_schema_is_in_sync_with_the_model():
    assert SHIPPED.read_text("utf-8") == schema_text(), (
        f"briefings/{SCHEMA_FILE} is out of date; regenerate it: briefing schema > briefings/{SCHEMA_FILE}")


def test_schema_command_prints_it(capsys):
    assert main(["schema"]) == 0
    assert capsys.readouterr().out == SHIPPED.read_text("utf-8")


def test_register_names_the_schema_on_its_first_line():
    first = (ROOT / REGISTER).read_text("utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema={SCHEMA_FILE}"


def test_schema_accepts_the_shipped_register():
    errors = list(_validator().iter_errors(_shipped_register()))
    assert not errors, [e.message for e in errors]


@pytest.mark.parametrize("change, fragment", [
    (lambda d: d["points"][0]["history"][0].update(status="agred"), "'agred' is not one of"),
    (lambda d: d["points"][0]["positions"]["ukraine"].update(stance="reject"), "'reject' is not one of"),
    (lambda d: d["points"][0]["history"][0].update(sourcing="rumour"), "'rumour'"),
    (lambda d: d["points"][0].update(histroy=[]), "'histroy' was unexpected"),
    (lambda d: d["points"][0].update(id="Army Cap"), "does not match"),
    (lambda d: d["points"][0]["history"][0].update(date="26.11.2025"), "does not match"),
])
def test_schema_rejects_a_typo(change, fragment):
    data = _shipped_register()
    change(data)
    messages = [e.message for e in _validator().iter_errors(data)]
    messages += [m.message for e in _validator().iter_errors(data) for m in (e.context or [])]
    assert any(fragment in m for m in messages), messages


def test_a_register_with_its_own_statuses_may_use_them():
    data = _shipped_register()
    data["statuses"] = {"parked": {"label": "Parked", "description": "Left for later"}}
    for point in data["points"]:
        for entry in point["history"]:
            entry["status"] = "parked"
    assert not list(_validator().iter_errors(data))


def _patched_register(case: dict) -> str | None:
    """The register text a catalogue case builds, or None when the case does not change the register alone."""
    files = case.get("files") or {}
    if set(files) != {REGISTER}:
        return None
    spec = files[REGISTER]
    if "text" in spec:
        return spec["text"]
    if "patch" not in spec:
        return None
    text = (ROOT / REGISTER).read_text("utf-8")
    for patch in spec["patch"]:
        assert patch["find"] in text, patch["find"]
        text = text.replace(patch["find"], patch["replace"], patch.get("count", -1))
    return text


def _schema_cases() -> dict[str, str]:
    chosen = {}
    for file in sorted(CASES.glob("*.yml")):
        name = file.stem
        if not (name.startswith(("type-", "unknown-key-", "missing-")) or name in ENUM_CASES | TYPE_CASES | SLUG_CASES):
            continue
        text = _patched_register(yaml.safe_load(file.read_text("utf-8")))
        if text is not None:
            chosen[name] = text
    return chosen


def test_schema_rejects_every_schema_case_of_the_bad_input_catalogue():
    cases = _schema_cases()
    validator = _validator()
    accepted, no_json = [], []
    for name, text in cases.items():
        try:
            data = load_yaml(text, name).data  # dates stay text, as an editor's YAML server sees them
        except InputError:
            no_json.append(name)  # e.g. a list as a mapping key: YAML the schema never sees
            continue
        if validator.is_valid(data):
            accepted.append(name)
    judged = len(cases) - len(no_json)
    print(f"the schema rejects {judged - len(accepted)} of the {judged} schema cases of the catalogue "
          f"(not JSON data, so not judged: {no_json})")
    assert judged >= 30, sorted(cases)  # the selection did not silently shrink
    assert no_json == ["type-non-text-key"]
    assert not accepted, f"the schema accepts: {accepted}"
