from __future__ import annotations

import itertools
import uuid

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import IntegrityError

import pytest

from arrangeer.audit import chain
from arrangeer.audit.constants import Basis, Channel, Event, Outcome
from arrangeer.audit.models import GENESIS_HASH, AccessLogEntry, ChainHead
from arrangeer.audit.services import (
    ChainVerification,
    verify_chain,
    write_access_record,
    write_access_records,
)

from .support import a_record, run_sql

pytestmark = pytest.mark.django_db


def test_records_get_consecutive_numbers_and_each_links_to_the_one_before(clock):
    entries = write_access_records([a_record(object_id=str(n)) for n in range(3)])
    entries += write_access_records([a_record(object_id="later")])

    stored = list(AccessLogEntry.objects.order_by("seq"))
    assert [e.seq for e in stored] == [1, 2, 3, 4]
    assert [e.pk for e in stored] == [e.pk for e in entries]
    assert stored[0].prev_hash == GENESIS_HASH
    for before, after in itertools.pairwise(stored):
        assert after.prev_hash == before.hash
    head = ChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (4, stored[-1].hash)
    assert verify_chain() == ChainVerification(ok=True, checked=4)


def test_a_batch_shares_one_moment_and_keeps_the_order_given(clock):
    entries = write_access_records([a_record(object_id=str(n)) for n in range(5)])
    assert {e.occurred_at for e in entries} == {clock.now}
    assert [e.object_id for e in AccessLogEntry.objects.order_by("seq")] == list("01234")


def test_every_field_survives_the_database_and_still_verifies():
    record = a_record(
        event=Event.EXPORT,
        outcome=Outcome.DENIED,
        channel=Channel.COMMAND,
        username="Zoë van 't Hek",
        responsible_user_id=12,
        consent_id=99,
        basis=Basis.BREAK_THE_GLASS,
        client_address="2001:DB8::0:1",
    )
    mapped = a_record(client_address="::ffff:192.0.2.1", child_pseudonym=None, case_ref=None)
    written = write_access_records([record, mapped])

    stored = AccessLogEntry.objects.get(pk=written[0].pk)
    for name in chain.HASHED_FIELDS:
        if name != "client_address":
            assert getattr(stored, name) == getattr(written[0], name), name
    assert stored.client_address == "2001:db8::1"
    assert stored.username == "Zoë van 't Hek"
    assert verify_chain().ok


def test_writing_200_records_takes_no_more_queries_than_writing_one(
    django_assert_max_num_queries,
):
    write_access_record(a_record())  # the chain head exists from here on
    # savepoint, lock the head, one insert, update the head, release
    with django_assert_max_num_queries(5):
        write_access_records([a_record()])
    with django_assert_max_num_queries(5):
        entries = write_access_records([a_record(object_id=str(n)) for n in range(200)])
    assert len(entries) == 200
    assert all(e.pk is not None for e in entries)
    assert AccessLogEntry.objects.count() == 202
    assert verify_chain(batch_size=50).ok


def test_writing_nothing_touches_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert write_access_records([]) == []


def test_the_first_writer_makes_the_chain_head_when_it_is_not_there_yet():
    ChainHead.objects.all().delete()
    write_access_record(a_record())
    assert ChainHead.objects.get().last_seq == 1
    assert verify_chain().ok


@pytest.mark.parametrize(
    "bad",
    [
        {"event": "peek"},
        {"outcome": "maybe"},
        {"channel": "fax"},
        {"basis": "curiosity"},
        {"data_category": "bsn"},
        {"client_address": "not-an-address"},
        {"username": "x" * 151},
    ],
)
def test_a_record_with_an_unknown_value_is_refused_and_nothing_is_written(bad):
    write_access_record(a_record())
    with pytest.raises(ValidationError):
        write_access_records([a_record(), a_record(**bad)])
    assert AccessLogEntry.objects.count() == 1
    assert ChainHead.objects.get().last_seq == 1


def test_a_write_the_database_refuses_raises_and_leaves_nothing_behind():
    write_access_records([a_record(), a_record()])
    # The head lags behind the rows, so the next number is taken: the page must fail.
    run_sql("UPDATE audit_chainhead SET last_seq = 1")
    with pytest.raises(IntegrityError):
        write_access_records([a_record(object_id="lost")])
    assert not AccessLogEntry.objects.filter(object_id="lost").exists()


def test_the_chain_is_keyed_with_the_secret_key_and_survives_its_rotation(settings):
    write_access_records([a_record(), a_record()])
    old_key = settings.SECRET_KEY

    settings.SECRET_KEY = "a-new-secret-key-0123456789-0123456789-012345"
    assert not verify_chain().ok
    assert verify_chain().first_broken_seq == 1

    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert verify_chain().ok


def test_the_hash_covers_every_field_but_the_id_and_the_hash_itself():
    columns = {
        f.attname for f in AccessLogEntry._meta.concrete_fields if f.attname not in {"id", "hash"}
    }
    assert set(chain.HASHED_FIELDS) == columns


def test_the_functional_administrator_cannot_browse_the_log_in_the_admin():
    assert AccessLogEntry not in admin.site._registry
    assert ChainHead not in admin.site._registry


def test_a_record_refers_to_a_child_by_pseudonym_only():
    entry = write_access_record(a_record(child_pseudonym=uuid.UUID(int=5)))
    assert isinstance(entry.child_pseudonym, uuid.UUID)
    assert not [f for f in AccessLogEntry._meta.get_fields() if f.is_relation]
