"""Rejection of bad documents: each class of bad value, its JSON path and message."""
from __future__ import annotations

import json

import pytest

from bot.data.__main__ import main
from bot.data.validate import DataFormatError, format_path, validate_document
from tests.data.bad_cases import BAD_DIR, CASES, RAW_CASES, bad_documents, expected_files


def test_the_shared_example_is_valid(example_doc):
    validate_document(example_doc)


@pytest.mark.parametrize("name", [name for name, _, _ in CASES])
def test_each_bad_value_is_rejected_with_its_path(name):
    doc, expected = bad_documents()[name]
    with pytest.raises(DataFormatError) as error:
        validate_document(doc)
    assert str(error.value) == expected
    assert error.value.path == expected.split(": ", 1)[0]


@pytest.mark.parametrize("name, raw, expected", RAW_CASES, ids=[c[0] for c in RAW_CASES])
def test_files_that_are_not_documents_exit_2(tmp_path, capsys, name, raw, expected):
    path = tmp_path / f"{name}.json"
    path.write_bytes(raw)
    assert main(["--db", f"sqlite:///{tmp_path}/db.sqlite", "load", str(path)]) == 2
    assert capsys.readouterr().err.strip() == expected.format(file=path)


def test_missing_file_exits_2_with_its_name(tmp_path, capsys):
    missing = tmp_path / "nope.json"
    assert main(["--db", f"sqlite:///{tmp_path}/db.sqlite", "load", str(missing)]) == 2
    assert capsys.readouterr().err.startswith(f"{missing}: cannot read file")


def test_bad_fixture_files_match_the_case_table():
    on_disk = {p.name for p in BAD_DIR.glob("*.json")}
    expected = expected_files()
    assert on_disk == set(expected), "regenerate with: python -m tests.data.bad_cases"
    for file_name, (content, _) in expected.items():
        assert (BAD_DIR / file_name).read_bytes() == content, file_name


@pytest.mark.parametrize("text, ok", [
    ("2026-11-20T09:30:00Z", True), ("2026-11-20T09:30:00+07:00", True),
    ("2026-11-20T09:30:00.123456-05:30", True), ("2026-11-20T09:30:00", False),
    ("2026-11-20T09:30Z", False), ("2026-11-20T24:00:00Z", False), ("2026-11-20T09:30:00+25:00", False),
    ("2026-11-20", False), ("20261120T093000Z", False), ("0001-01-01T00:00:00+01:00", False),
    ("2026-11-20T09:30:00z", False), ("", False),
])
def test_instant_forms(example_doc, text, ok):
    example_doc["orders"][0]["placed_at"] = text
    if ok:
        validate_document(example_doc)
    else:
        with pytest.raises(DataFormatError, match=r"^orders\[0\]\.placed_at: not an ISO 8601 instant$"):
            validate_document(example_doc)


@pytest.mark.parametrize("text, ok", [
    ("0.00", True), ("9.99", True), ("10", True), ("9.9", True), ("1234567890.12", True),
    ("12345678901.00", False), ("9.999", False), ("-1.00", False), ("1e3", False), (" 9.99", False),
    ("9,99", False), ("", False), ("NaN", False), ("٩.٩٩", False),
])
def test_money_forms(example_doc, text, ok):
    example_doc["partner_purchases"][0]["tax_amount"] = text
    if ok:
        validate_document(example_doc)
    else:
        with pytest.raises(DataFormatError, match=r"^partner_purchases\[0\]\.tax_amount: not a decimal string$"):
            validate_document(example_doc)


@pytest.mark.parametrize("path, text", [
    (("orders", 3, "items", 0, "charged_at"), "orders[3].items[0].charged_at"),
    ((), "$"), (("weird key",), '["weird key"]'), (("customers", 0, "tên"), 'customers[0]["tên"]'),
])
def test_format_path(path, text):
    assert format_path(path) == text


def test_unicode_text_and_ids_are_fine(example_doc):
    example_doc["customers"][0]["name"] = "Nguyễn Thị Ánh 🌸 \"quoted\" ' ; DROP TABLE customers; --"
    example_doc["customers"][0]["id"] = "KH-Đà-Nẵng-01"
    for order in example_doc["orders"]:
        if order["customer_id"] == "CUST-1001":
            order["customer_id"] = "KH-Đà-Nẵng-01"
    for sub in example_doc["subscriptions"]:
        if sub["customer_id"] == "CUST-1001":
            sub["customer_id"] = "KH-Đà-Nẵng-01"
    validate_document(json.loads(json.dumps(example_doc)))
