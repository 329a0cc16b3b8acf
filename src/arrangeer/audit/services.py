"""Public API of the audit app: write the access log, read it per case or child, verify it.

Writing fails closed: any error (validation, database, lock) propagates to the caller, so a page
whose access cannot be logged fails instead of showing data unlogged.
"""

from __future__ import annotations

import dataclasses
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connections, router, transaction
from django.db.models import Q
from django.utils import timezone

from . import chain
from .constants import Basis
from .models import GENESIS_HASH, AccessLogEntry, AccessLogQuerySet, AppendOnlyError, ChainHead

__all__ = [
    "AccessLogEntry",
    "AccessRecord",
    "AppendOnlyError",
    "ChainVerification",
    "entries_for_case",
    "entries_for_child",
    "verify_chain",
    "write_access_record",
    "write_access_records",
]


@dataclass(frozen=True, kw_only=True)
class AccessRecord:
    """One access to log. Snapshots (user name, organisation name) are taken by the caller at
    the moment of access, so the log still reads right after a rename or a removal."""

    event: str
    outcome: str
    channel: str
    user_id: int | None
    username: str
    role: str = ""
    organisation_id: int | None = None
    organisation_name: str = ""
    responsible_user_id: int | None = None
    child_pseudonym: uuid.UUID | None = None
    case_ref: uuid.UUID | None = None
    object_type: str = ""
    object_id: str = ""
    data_category: str = ""
    basis: str = Basis.NONE
    consent_id: int | None = None
    client_address: str | None = None


# Filled in by the writer under the chain lock, so not validated beforehand.
_SET_BY_WRITER = ["seq", "occurred_at", "prev_hash", "hash"]


def _entries_for(records: Sequence[AccessRecord]) -> list[AccessLogEntry]:
    """The entries of `records`, their fields checked as `Model.clean_fields` checks them
    (choices and lengths, in Python, no queries; PostgreSQL would refuse an overlong value
    anyway, SQLite would store it silently). A list page logs one record per row shown, most
    of whose values are the same (event, user, organisation, basis): each distinct value of a
    field is checked once, and every entry gets the cleaned value."""
    fields = [
        field
        for field in AccessLogEntry._meta.concrete_fields
        if not field.primary_key and field.name not in _SET_BY_WRITER
    ]
    cleaned: dict[tuple[str, object], object] = {}
    entries = []
    for record in records:
        entry = AccessLogEntry(
            **{field.name: getattr(record, field.name) for field in dataclasses.fields(record)}
        )
        errors: dict[str, list[ValidationError]] = {}
        for field in fields:
            raw = getattr(entry, field.attname)
            if field.blank and raw in field.empty_values:
                continue
            known = (field.attname, raw)
            if known not in cleaned:
                try:
                    cleaned[known] = field.clean(raw, entry)
                except ValidationError as error:
                    errors[field.name] = error.error_list
                    continue
            setattr(entry, field.attname, cleaned[known])
        if errors:
            raise ValidationError(errors)
        entry.client_address = entry.client_address or None
        entries.append(entry)
    return entries


def write_access_records(records: Sequence[AccessRecord]) -> list[AccessLogEntry]:
    """Append records to the log in one transaction, in the order given.

    The queries do not grow with the number of records: lock the chain head, one INSERT for all
    rows, update the head."""
    if not records:
        return []
    entries = _entries_for(records)
    key = chain.chain_keys()[0]
    using = router.db_for_write(AccessLogEntry)
    with transaction.atomic(using=using):
        # The lock serialises writers on PostgreSQL. SQLite ignores FOR UPDATE; there the
        # IMMEDIATE transaction mode of the settings takes the write lock at BEGIN instead.
        head, _created = ChainHead.objects.using(using).select_for_update().get_or_create(pk=1)
        # Taken under the lock, so time never runs backwards along the chain.
        occurred_at = timezone.now()
        seq, prev_hash = head.last_seq, head.last_hash
        for entry in entries:
            seq += 1
            entry.seq = seq
            entry.occurred_at = occurred_at
            entry.prev_hash = prev_hash
            entry.hash = chain.entry_hash(entry, key)
            prev_hash = entry.hash
        _insert(entries, using=using)
        head.last_seq, head.last_hash = seq, prev_hash
        head.save(using=using, update_fields=["last_seq", "last_hash"])
    return entries


def write_access_record(record: AccessRecord) -> AccessLogEntry:
    return write_access_records([record])[0]


def _json_default(value: object) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="microseconds")
    return str(value)  # UUID, IP address


def _insert(entries: list[AccessLogEntry], *, using: str) -> None:
    """Insert all rows with one statement and one parameter.

    Not bulk_create: Django caps a SQLite statement at 999 parameters, so bulk_create splits a
    few hundred rows into several INSERTs and the query count would grow with the rows. Passing
    the rows as one JSON document keeps it at one statement on both databases. The values are
    still converted by the model fields (get_db_prep_save), exactly as bulk_create would."""
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = AccessLogEntry._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    payload = json.dumps(
        [
            {
                field.column: field.get_db_prep_save(getattr(entry, field.attname), connection)
                for field in fields
            }
            for entry in entries
        ],
        default=_json_default,
    )
    # Only identifiers from the model's own meta go into the SQL text; the rows are a parameter.
    table = quote(meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    if connection.vendor == "postgresql":
        source = f"SELECT {columns} FROM json_populate_recordset(NULL::{table}, %s::json)"  # noqa: S608
    elif connection.vendor == "sqlite":
        values = ", ".join(f"json_extract(value, '$.{field.column}')" for field in fields)
        source = f"SELECT {values} FROM json_each(%s)"  # noqa: S608
    else:
        raise ImproperlyConfigured(f"The access log cannot be written to {connection.vendor}.")
    insert = f"INSERT INTO {table} ({columns}) {source}"
    with connection.cursor() as cursor:
        if connection.features.can_return_rows_from_bulk_insert:
            cursor.execute(f"{insert} RETURNING {quote('seq')}, {quote('id')}", [payload])
        else:
            cursor.execute(insert, [payload])
            cursor.execute(
                f"SELECT {quote('seq')}, {quote('id')} FROM {table} "  # noqa: S608
                f"WHERE {quote('seq')} BETWEEN %s AND %s",
                [entries[0].seq, entries[-1].seq],
            )
        ids = dict(cursor.fetchall())
    for entry in entries:
        entry.pk = ids[entry.seq]
        entry._state.adding = False
        entry._state.db = using


# Reading -----------------------------------------------------------------------------------
# Callers check first that the reader may see the case or child (the access function of the
# cases app); these functions only select.


def _in_period(
    entries: AccessLogQuerySet, since: datetime | None, until: datetime | None
) -> AccessLogQuerySet:
    if since is not None:
        entries = entries.filter(occurred_at__gte=since)
    if until is not None:
        entries = entries.filter(occurred_at__lt=until)
    return entries.order_by("occurred_at", "seq")


def entries_for_case(
    case_ref: uuid.UUID, *, since: datetime | None = None, until: datetime | None = None
) -> AccessLogQuerySet:
    """The log of one case, oldest first; `since` is inclusive, `until` exclusive."""
    return _in_period(AccessLogEntry.objects.filter(case_ref=case_ref), since, until)


def entries_for_child(
    child_pseudonym: uuid.UUID, *, since: datetime | None = None, until: datetime | None = None
) -> AccessLogQuerySet:
    """The log of one child, oldest first; `since` is inclusive, `until` exclusive."""
    return _in_period(AccessLogEntry.objects.filter(child_pseudonym=child_pseudonym), since, until)


# Verifying ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainVerification:
    """The outcome of `verify_chain`. `checked` counts the records found intact before the
    first broken one; `first_broken_id` is None when that record is missing altogether."""

    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""
    first_broken_id: int | None = None


class _Walk:
    """Follows the chain record by record; remembers only the last intact one."""

    def __init__(self, keys: list[bytes]) -> None:
        self.keys = keys
        self.checked = 0
        self.last_seq = 0
        self.last_id: int | None = None
        self.last_hash = GENESIS_HASH

    def broken(self, seq: int | None, entry_id: int | None, reason: str) -> ChainVerification:
        return ChainVerification(
            ok=False,
            checked=self.checked,
            first_broken_seq=seq,
            reason=reason,
            first_broken_id=entry_id,
        )

    def step(self, entry: AccessLogEntry) -> ChainVerification | None:
        expected = self.last_seq + 1
        if entry.seq < expected:
            return self.broken(entry.seq, entry.pk, f"Record {entry.seq} appears more than once.")
        if entry.seq > expected:
            after = (
                f"the log starts at record {entry.seq}"
                if expected == 1
                else f"the log goes from record {self.last_seq} to record {entry.seq}"
            )
            return self.broken(expected, None, f"Record {expected} is missing ({after}).")
        if not chain.hash_matches(entry, self.keys):
            return self.broken(
                entry.seq,
                entry.pk,
                f"Record {entry.seq} does not match its hash: it was changed, moved or forged.",
            )
        if entry.prev_hash != self.last_hash:
            previous = "the start of the chain" if entry.seq == 1 else f"record {self.last_seq}"
            return self.broken(
                entry.seq,
                entry.pk,
                f"Record {entry.seq} does not follow {previous}: its previous hash differs "
                "(a record before it was removed, inserted or reordered).",
            )
        self.checked += 1
        self.last_seq, self.last_id, self.last_hash = entry.seq, entry.pk, entry.hash
        return None

    def finish(self, head: ChainHead | None) -> ChainVerification:
        if head is None:
            if self.checked == 0:
                return ChainVerification(ok=True, checked=0)
            return self.broken(
                None, None, "The chain head is missing: the end of the log cannot be checked."
            )
        if self.last_seq < head.last_seq:
            first = self.last_seq + 1
            missing = (
                f"Record {first} is"
                if first == head.last_seq
                else f"Records {first} to {head.last_seq} are"
            )
            return self.broken(
                first,
                None,
                f"{missing} missing at the end of the log "
                f"(the chain head says the log ends at record {head.last_seq}).",
            )
        if self.last_seq > head.last_seq:
            first = head.last_seq + 1
            entry_id = AccessLogEntry.objects.filter(seq=first).values_list("pk", flat=True).first()
            return ChainVerification(
                ok=False,
                checked=head.last_seq,
                first_broken_seq=first,
                first_broken_id=entry_id,
                reason=f"Record {first} comes after the end of the chain (record {head.last_seq}): "
                "it was added outside the writer.",
            )
        if self.last_hash != head.last_hash:
            return self.broken(
                self.last_seq,
                self.last_id,
                f"The last record ({self.last_seq}) does not match the chain head: "
                "the end of the log or the head was changed.",
            )
        return ChainVerification(ok=True, checked=self.checked)


def _batch_after(position: tuple[int, int] | None, size: int) -> list[AccessLogEntry]:
    # Keyset pagination on (seq, id) rather than a server-side cursor: memory stays bounded,
    # it works behind a transaction-pooling proxy, and a duplicated seq is still read.
    entries = AccessLogEntry.objects.order_by("seq", "pk")
    if position is not None:
        seq, pk = position
        entries = entries.filter(Q(seq__gt=seq) | Q(seq=seq, pk__gt=pk))
    return list(entries[:size])


def verify_chain(*, batch_size: int = 5000) -> ChainVerification:
    """Walk the whole log in order and report the first record that is changed, missing,
    moved, forged, or beyond the chain head. Writers may keep appending meanwhile."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1.")
    walk = _Walk(chain.chain_keys())
    position: tuple[int, int] | None = None
    while True:
        batch = _batch_after(position, batch_size)
        if not batch:
            # A writer commits its rows and the head together. Rows up to the head read now
            # are visible to the next query, so one more look tells rows written during the
            # walk (carry on) from rows that are really missing (the walk ends here).
            head = ChainHead.objects.filter(pk=1).first()
            batch = _batch_after(position, batch_size)
            if not batch:
                return walk.finish(head)
        for entry in batch:
            broken = walk.step(entry)
            if broken is not None:
                return broken
        position = (batch[-1].seq, batch[-1].pk)
